//! The rollup's rows: a team's week as stored (`adoption_weeks`), reading back and replacing
//! the stored weeks, and storing the alerts found in them (`adoption_alerts`).

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use diesel::prelude::*;

use super::metrics::{Level, Stage, Week, WeekFacts, WeekState};
use super::{AlertKind, CONTEXT_WEEKS, Episode};
use crate::db::schema::{adoption_alerts, adoption_weeks};
use crate::domain::ids::{OrgId, TeamId};
use crate::domain::periods::monday;
use crate::domain::{DbConn, Result, now};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = adoption_weeks)]
pub struct WeekRow {
    pub org_id: OrgId,
    pub team_id: TeamId,
    pub week_start: NaiveDate,
    pub state: WeekState,
    pub expected: i32,
    pub present: i32,
    pub active_krs: i32,
    pub checked_krs: i32,
    pub on_time_krs: i32,
    pub quarterly_held: bool,
    pub streak: i32,
    pub level: Level,
    pub stage: Stage,
}

pub(super) fn count(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

pub(super) fn uncount(n: i32) -> u32 {
    u32::try_from(n).unwrap_or(0)
}

impl WeekRow {
    pub(super) fn of(org_id: OrgId, team_id: TeamId, w: &Week) -> WeekRow {
        let f = &w.facts;
        WeekRow {
            org_id,
            team_id,
            week_start: f.week,
            state: f.state,
            expected: count(f.expected),
            present: count(f.present),
            active_krs: count(f.active_krs),
            checked_krs: count(f.checked_krs),
            on_time_krs: count(f.on_time_krs),
            quarterly_held: f.quarterly_held,
            streak: count(w.streak),
            level: w.level,
            stage: w.stage,
        }
    }

    pub fn week(&self) -> Week {
        Week {
            facts: WeekFacts {
                week: self.week_start,
                state: self.state,
                expected: uncount(self.expected),
                present: uncount(self.present),
                active_krs: uncount(self.active_krs),
                checked_krs: uncount(self.checked_krs),
                on_time_krs: uncount(self.on_time_krs),
                quarterly_held: self.quarterly_held,
            },
            streak: uncount(self.streak),
            level: self.level,
            stage: self.stage,
        }
    }
}

/// The week after the earliest last stored week among the teams (those with any).
pub(super) fn stored_until(
    conn: &mut DbConn,
    org_id: OrgId,
    team_ids: &[TeamId],
) -> Result<Option<NaiveDate>> {
    let latest: Vec<(TeamId, Option<NaiveDate>)> = adoption_weeks::table
        .filter(adoption_weeks::org_id.eq(org_id))
        .filter(adoption_weeks::team_id.eq_any(team_ids))
        .group_by(adoption_weeks::team_id)
        .select((
            adoption_weeks::team_id,
            diesel::dsl::max(adoption_weeks::week_start),
        ))
        .load(conn)?;
    Ok(latest
        .into_iter()
        .filter_map(|(_, week)| week)
        .min()
        .map(|week| week + Days::new(7)))
}

/// Deletes the stored weeks of `teams` (from `since`'s week on, or all), returning them.
pub(super) fn remove_weeks(
    conn: &mut DbConn,
    org_id: OrgId,
    teams: &[TeamId],
    since: Option<NaiveDate>,
) -> Result<Vec<Week>> {
    // Every stored week is far later than 1970.
    let since = since.map_or(NaiveDate::default(), monday);
    let stored = adoption_weeks::table
        .filter(adoption_weeks::org_id.eq(org_id))
        .filter(adoption_weeks::team_id.eq_any(teams))
        .filter(adoption_weeks::week_start.ge(since));
    let weeks: Vec<Week> = stored
        .clone()
        .select(WeekRow::as_select())
        .load::<WeekRow>(conn)?
        .iter()
        .map(WeekRow::week)
        .collect();
    diesel::delete(stored).execute(conn)?;
    Ok(weeks)
}

/// Inserts rollup rows, several per statement (a multi-connection cannot batch, so each
/// backend's own connection does).
pub(super) fn insert_weeks(conn: &mut DbConn, rows: &[WeekRow]) -> Result<()> {
    for chunk in rows.chunks(200) {
        let insert = diesel::insert_into(adoption_weeks::table).values(chunk);
        match conn {
            DbConn::Sqlite(c) => insert.execute(c)?,
            DbConn::Pg(c) => insert.execute(c)?,
        };
    }
    Ok(())
}

#[derive(Insertable)]
#[diesel(table_name = adoption_alerts)]
struct NewAlert {
    org_id: OrgId,
    team_id: TeamId,
    kind: AlertKind,
    first_week: NaiveDate,
    last_week: NaiveDate,
    weeks: i32,
    value: Option<f64>,
    baseline: Option<f64>,
    created_at: chrono::NaiveDateTime,
    note: &'static str,
}

/// Stores the episodes found in the recomputed weeks: new ones as alerts, known ones
/// extended; unacknowledged alerts the recomputed weeks no longer show go. Returns how
/// many alerts are new.
pub(super) fn store_alerts(
    conn: &mut DbConn,
    org_id: OrgId,
    team_ids: &[TeamId],
    episodes: Vec<(TeamId, Episode)>,
    first: NaiveDate,
) -> Result<usize> {
    type Known = (
        i32,
        TeamId,
        AlertKind,
        NaiveDate,
        NaiveDate,
        i32,
        Option<f64>,
        Option<f64>,
        bool,
    );
    let known: Vec<Known> = adoption_alerts::table
        .filter(adoption_alerts::org_id.eq(org_id))
        .filter(adoption_alerts::team_id.eq_any(team_ids))
        // Every alert an episode found could be: one still running, and any that began
        // within the context read (a late entry can extend an episode that had ended).
        .filter(
            adoption_alerts::last_week
                .ge(first - Days::new(7))
                .or(adoption_alerts::first_week.ge(first - Days::new(7 * CONTEXT_WEEKS))),
        )
        .select((
            adoption_alerts::id,
            adoption_alerts::team_id,
            adoption_alerts::kind,
            adoption_alerts::first_week,
            adoption_alerts::last_week,
            adoption_alerts::weeks,
            adoption_alerts::value,
            adoption_alerts::baseline,
            adoption_alerts::acknowledged_at.is_not_null(),
        ))
        .load(conn)?;
    let key = |team: TeamId, kind: AlertKind, first_week: NaiveDate| (team, kind, first_week);
    let found: HashMap<(TeamId, AlertKind, NaiveDate), &Episode> = episodes
        .iter()
        .map(|(team, e)| (key(*team, e.kind, e.first_week), e))
        .collect();
    let stale: Vec<i32> = known
        .iter()
        .filter(|k| !k.8 && k.4 >= first && !found.contains_key(&key(k.1, k.2, k.3)))
        .map(|k| k.0)
        .collect();
    if !stale.is_empty() {
        diesel::delete(adoption_alerts::table.filter(adoption_alerts::id.eq_any(&stale)))
            .execute(conn)?;
    }
    let known: HashMap<(TeamId, AlertKind, NaiveDate), &Known> =
        known.iter().map(|k| (key(k.1, k.2, k.3), k)).collect();
    let mut new = Vec::new();
    for (team_id, e) in &episodes {
        match known.get(&key(*team_id, e.kind, e.first_week)) {
            Some(k) => {
                let same =
                    (k.4, k.5, k.6, k.7) == (e.last_week, count(e.weeks), e.value, e.baseline);
                if !same {
                    diesel::update(adoption_alerts::table.find(k.0))
                        .set((
                            adoption_alerts::last_week.eq(e.last_week),
                            adoption_alerts::weeks.eq(count(e.weeks)),
                            adoption_alerts::value.eq(e.value),
                            adoption_alerts::baseline.eq(e.baseline),
                        ))
                        .execute(conn)?;
                }
            }
            None => new.push(NewAlert {
                org_id,
                team_id: *team_id,
                kind: e.kind,
                first_week: e.first_week,
                last_week: e.last_week,
                weeks: count(e.weeks),
                value: e.value,
                baseline: e.baseline,
                created_at: now(),
                note: "",
            }),
        }
    }
    for chunk in new.chunks(200) {
        let insert = diesel::insert_into(adoption_alerts::table).values(chunk);
        match conn {
            DbConn::Sqlite(c) => insert.execute(c)?,
            DbConn::Pg(c) => insert.execute(c)?,
        };
    }
    Ok(new.len())
}
