//! Each team's routine figures per calendar month, stored as the rollup is written
//! (`adoption_months`), so the cohort view reads a row per team and month instead of every
//! team's weeks. A week belongs to the month of its Monday. [`super::refresh`] replaces the
//! months it recomputes in the same transaction, from the whole month of its first week on
//! (its context weeks reach that far back).

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use diesel::prelude::*;

use super::metrics::{Stage, Week, WeekState};
use super::summary::Sums;
use super::{count, uncount};
use crate::db::schema::adoption_months;
use crate::domain::ids::{OrgId, TeamId};
use crate::domain::{DbConn, Result};

/// One team's month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Month {
    pub team_id: TeamId,
    /// The first day of the month.
    pub month: NaiveDate,
    pub sums: Sums,
    /// The first week of the month with the weekly meeting held.
    pub first_held: Option<NaiveDate>,
    /// At routine in the month's last week.
    pub routine_at_end: bool,
}

/// The first day of `day`'s month.
pub fn month_of(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

/// A team's months over its weeks (oldest first) from the month holding `from` on.
pub fn of_weeks(team_id: TeamId, weeks: &[Week], from: NaiveDate) -> Vec<Month> {
    let mut months: BTreeMap<NaiveDate, Month> = BTreeMap::new();
    let first = month_of(from);
    for w in weeks.iter().filter(|w| w.facts.week >= first) {
        let month = month_of(w.facts.week);
        let m = months.entry(month).or_insert(Month {
            team_id,
            month,
            sums: Sums::default(),
            first_held: None,
            routine_at_end: false,
        });
        m.sums.add(&Sums::of(&w.facts));
        if w.facts.state == WeekState::Held && m.first_held.is_none() {
            m.first_held = Some(w.facts.week);
        }
        m.routine_at_end = w.stage == Stage::Routine;
    }
    months.into_values().collect()
}

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = adoption_months)]
struct MonthRow {
    org_id: OrgId,
    team_id: TeamId,
    month: NaiveDate,
    held: i32,
    due: i32,
    present: i32,
    expected: i32,
    checked: i32,
    on_time: i32,
    active: i32,
    first_held: Option<NaiveDate>,
    routine_at_end: bool,
}

impl MonthRow {
    fn of(org_id: OrgId, m: &Month) -> MonthRow {
        let s = &m.sums;
        MonthRow {
            org_id,
            team_id: m.team_id,
            month: m.month,
            held: count(s.held),
            due: count(s.due),
            present: count(s.present),
            expected: count(s.expected),
            checked: count(s.checked),
            on_time: count(s.on_time),
            active: count(s.active),
            first_held: m.first_held,
            routine_at_end: m.routine_at_end,
        }
    }

    fn month(&self) -> Month {
        Month {
            team_id: self.team_id,
            month: self.month,
            sums: Sums {
                held: uncount(self.held),
                due: uncount(self.due),
                present: uncount(self.present),
                expected: uncount(self.expected),
                checked: uncount(self.checked),
                on_time: uncount(self.on_time),
                active: uncount(self.active),
            },
            first_held: self.first_held,
            routine_at_end: self.routine_at_end,
        }
    }
}

/// Replaces the stored months of `teams` from the month holding `from` on (every month
/// when `None`) by `months`.
pub(super) fn store(
    conn: &mut DbConn,
    org_id: OrgId,
    teams: &[TeamId],
    from: Option<NaiveDate>,
    months: &[Month],
) -> Result<()> {
    // Every stored month is far later than 1970 (and PostgreSQL has no year -262143).
    let since = from.map_or(NaiveDate::default(), month_of);
    diesel::delete(
        adoption_months::table
            .filter(adoption_months::org_id.eq(org_id))
            .filter(adoption_months::team_id.eq_any(teams))
            .filter(adoption_months::month.ge(since)),
    )
    .execute(conn)?;
    let rows: Vec<MonthRow> = months.iter().map(|m| MonthRow::of(org_id, m)).collect();
    insert_chunks!(conn, adoption_months::table, rows);
    Ok(())
}

/// Forgets the organisation's months (its rollup is being rebuilt).
pub(super) fn clear(conn: &mut DbConn, org_id: OrgId) -> Result<()> {
    diesel::delete(adoption_months::table.filter(adoption_months::org_id.eq(org_id)))
        .execute(conn)?;
    Ok(())
}

/// The organisation's stored months from the month holding `since` on, by team and month.
pub fn stored(conn: &mut DbConn, org_id: OrgId, since: NaiveDate) -> Result<Vec<Month>> {
    Ok(adoption_months::table
        .filter(adoption_months::org_id.eq(org_id))
        .filter(adoption_months::month.ge(month_of(since)))
        .order((adoption_months::team_id, adoption_months::month))
        .select(MonthRow::as_select())
        .load(conn)?
        .iter()
        .map(MonthRow::month)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::adoption::metrics::{Thresholds, WeekFacts};
    use crate::domain::adoption::stage::extend;

    #[test]
    fn weeks_add_up_in_the_month_of_their_monday() {
        // Mondays 23 Feb – 30 Mar 2026: one February week, then five in March.
        let start = NaiveDate::from_ymd_opt(2026, 2, 23).unwrap();
        let facts: Vec<WeekFacts> = (0..6)
            .map(|i| {
                let held = i != 1;
                WeekFacts {
                    state: if held {
                        WeekState::Held
                    } else {
                        WeekState::Missed
                    },
                    expected: if held { 4 } else { 0 },
                    present: if held { 3 } else { 0 },
                    active_krs: 2,
                    checked_krs: 1,
                    ..WeekFacts::empty(start + chrono::Days::new(7 * i))
                }
            })
            .collect();
        let weeks = extend(&[], &facts, &Thresholds::default());
        let months = of_weeks(TeamId(7), &weeks, start);
        assert_eq!(months.len(), 2);
        let march = months[1];
        assert_eq!(march.month, NaiveDate::from_ymd_opt(2026, 3, 1).unwrap());
        assert_eq!((march.sums.held, march.sums.due), (4, 5));
        assert_eq!((march.sums.present, march.sums.expected), (12, 16));
        assert_eq!(
            march.first_held,
            NaiveDate::from_ymd_opt(2026, 3, 9),
            "2 March was missed"
        );
        // Only the months from `from`'s month on.
        let later = of_weeks(
            TeamId(7),
            &weeks,
            NaiveDate::from_ymd_opt(2026, 3, 20).unwrap(),
        );
        assert_eq!(later.len(), 1);
    }
}
