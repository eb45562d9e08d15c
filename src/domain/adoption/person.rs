//! One person's part in the routine, for ambassadors and leaders who support them: week by
//! week, were they at their team's weekly OKR meeting, and were the key results they own
//! checked in. Counted from the stored rows (one person is a small query), never ranked
//! against anyone.

use std::collections::{BTreeMap, HashSet};

use chrono::{Days, NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::metrics::ratio;
use crate::db::schema::{
    attendance, check_ins, key_results, meeting_series, meetings, objectives, team_memberships,
};
use crate::domain::ids::{OrgId, PersonId};
use crate::domain::periods::monday;
use crate::domain::{DbConn, Result, periods};

/// One week of one person.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonWeek {
    pub week: NaiveDate,
    /// At the held weekly meeting of one of their teams: `present`, `absent`, `excused` or
    /// `unrecorded`; `None` when no team of theirs held one.
    pub meeting: Option<&'static str>,
    /// Key results they own that were active, and how many had a check-in.
    pub owned: u32,
    pub checked: u32,
}

/// The totals over the weeks shown.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonSummary {
    /// Held meetings they were at, of those they were expected at (excused ones left out).
    pub attended: u32,
    pub expected: u32,
    pub attendance: Option<f64>,
    /// Weeks with every owned key result checked in, of weeks with any owned.
    pub checked_weeks: u32,
    pub owning_weeks: u32,
    pub regularity: Option<f64>,
}

pub fn summary(weeks: &[PersonWeek]) -> PersonSummary {
    let attended = weeks
        .iter()
        .filter(|w| w.meeting == Some("present"))
        .count() as u32;
    let expected = weeks
        .iter()
        .filter(|w| matches!(w.meeting, Some("present" | "absent" | "unrecorded")))
        .count() as u32;
    let owning_weeks = weeks.iter().filter(|w| w.owned > 0).count() as u32;
    let checked_weeks = weeks
        .iter()
        .filter(|w| w.owned > 0 && w.checked >= w.owned)
        .count() as u32;
    PersonSummary {
        attended,
        expected,
        attendance: ratio(attended, expected),
        checked_weeks,
        owning_weeks,
        regularity: ratio(checked_weeks, owning_weeks),
    }
}

/// The person's weeks from `from`'s to `to`'s (Mondays), in time zone `tz`.
pub fn weeks(
    conn: &mut DbConn,
    org_id: OrgId,
    person_id: PersonId,
    tz: chrono_tz::Tz,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<PersonWeek>> {
    let (first, last) = (monday(from), monday(to));
    let end = last + Days::new(6);
    let memberships: Vec<(i32, NaiveDate, Option<NaiveDate>)> = team_memberships::table
        .filter(team_memberships::org_id.eq(org_id))
        .filter(team_memberships::person_id.eq(person_id))
        .select((
            team_memberships::team_id,
            team_memberships::joined_on,
            team_memberships::left_on,
        ))
        .load(conn)?;
    let team_ids: Vec<i32> = memberships.iter().map(|m| m.0).collect();
    // Held weekly meetings of their teams, on days they were on the team.
    let held: Vec<(i32, i32, NaiveDate)> = meetings::table
        .inner_join(meeting_series::table)
        .filter(meetings::org_id.eq(org_id))
        .filter(meetings::team_id.eq_any(&team_ids))
        .filter(meetings::status.eq(crate::domain::meetings::Status::Held))
        .filter(meeting_series::kind.eq(crate::domain::meetings::SeriesKind::WeeklyResults))
        .filter(meetings::local_date.between(first, end))
        .select((meetings::id, meetings::team_id, meetings::local_date))
        .load(conn)?;
    let held: Vec<(i32, NaiveDate)> = held
        .into_iter()
        .filter(|(_, team, day)| {
            memberships.iter().any(|(t, joined, left)| {
                t == team && joined <= day && left.is_none_or(|l| l >= *day)
            })
        })
        .map(|(id, _, day)| (id, day))
        .collect();
    let ids: Vec<i32> = held.iter().map(|(id, _)| *id).collect();
    let presence: BTreeMap<i32, String> = attendance::table
        .filter(attendance::org_id.eq(org_id))
        .filter(attendance::person_id.eq(person_id))
        .filter(attendance::meeting_id.eq_any(&ids))
        .select((attendance::meeting_id, attendance::status))
        .load::<(i32, String)>(conn)?
        .into_iter()
        .collect();
    type Owned = (i32, String, Option<NaiveDateTime>, Option<NaiveDateTime>);
    let owned: Vec<Owned> = key_results::table
        .inner_join(objectives::table)
        .filter(key_results::org_id.eq(org_id))
        .filter(key_results::owner_id.eq(person_id))
        .filter(objectives::status.eq_any([
            crate::domain::okrs::Status::Active,
            crate::domain::okrs::Status::Done,
        ]))
        .select((
            key_results::id,
            objectives::period,
            key_results::archived_at,
            objectives::archived_at,
        ))
        .load(conn)?;
    // As in the team's rollup: worked on during its period, until archived.
    let spans: Vec<(i32, NaiveDate, NaiveDate)> = owned
        .into_iter()
        .filter_map(|(id, period, kr_archived, objective_archived)| {
            let (first, last) = periods::days(&period)?;
            let last = match kr_archived.into_iter().chain(objective_archived).min() {
                Some(at) => {
                    use chrono::TimeZone;
                    last.min(tz.from_utc_datetime(&at).date_naive() - Days::new(1))
                }
                None => last,
            };
            (first <= last).then_some((id, first, last))
        })
        .collect();
    let kr_ids: Vec<i32> = spans.iter().map(|s| s.0).collect();
    let times: Vec<(i32, NaiveDateTime)> = check_ins::table
        .filter(check_ins::org_id.eq(org_id))
        .filter(check_ins::key_result_id.eq_any(&kr_ids))
        .filter(check_ins::created_at.ge(first.and_time(chrono::NaiveTime::MIN) - Days::new(1)))
        .filter(check_ins::created_at.lt((end + Days::new(2)).and_time(chrono::NaiveTime::MIN)))
        .select((check_ins::key_result_id, check_ins::created_at))
        .load(conn)?;
    let local_checks: Vec<(i32, NaiveDate)> = times
        .into_iter()
        .map(|(kr, at)| {
            use chrono::TimeZone;
            (kr, tz.from_utc_datetime(&at).date_naive())
        })
        .collect();
    let mut out = Vec::new();
    let mut week = first;
    while week <= last {
        let sunday = week + Days::new(6);
        let meeting = held
            .iter()
            .filter(|(_, day)| *day >= week && *day <= sunday)
            .map(|(id, _)| match presence.get(id).map(String::as_str) {
                Some("present") => "present",
                Some("excused") => "excused",
                Some("absent") => "absent",
                _ => "unrecorded",
            })
            // Present at any of their teams' meetings that week counts.
            .min_by_key(|p| match *p {
                "present" => 0,
                "absent" => 1,
                "unrecorded" => 2,
                _ => 3,
            });
        let active: HashSet<i32> = spans
            .iter()
            .filter(|(_, a, b)| *a <= sunday && *b >= week)
            .map(|s| s.0)
            .collect();
        let checked: HashSet<i32> = local_checks
            .iter()
            .filter(|(kr, day)| active.contains(kr) && *day >= week && *day <= sunday)
            .map(|(kr, _)| *kr)
            .collect();
        out.push(PersonWeek {
            week,
            meeting,
            owned: active.len() as u32,
            checked: checked.len() as u32,
        });
        week = week + Days::new(7);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_leaves_excused_meetings_and_weeks_without_key_results_out() {
        let week = |meeting, owned, checked| PersonWeek {
            week: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
            meeting,
            owned,
            checked,
        };
        let s = summary(&[
            week(Some("present"), 2, 2),
            week(Some("excused"), 2, 1),
            week(Some("absent"), 0, 0),
            week(None, 2, 2),
        ]);
        assert_eq!((s.attended, s.expected), (1, 2));
        assert_eq!((s.checked_weeks, s.owning_weeks), (2, 3));
        assert_eq!(s.attendance, Some(0.5));
    }
}
