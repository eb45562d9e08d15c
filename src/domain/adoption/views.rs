//! What the dashboards read from the rollup: the organisation's stage counts and routine
//! trends per week, each team's current standing, a team's weeks and its alerts.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::metrics::{Stage, Week, ratio};
use super::summary::{self, Figures};
pub use super::summary::{Totals, totals};
use super::{AlertKind, WeekRow};
use crate::db::schema::{adoption_alerts, adoption_weeks, people, teams};
use crate::domain::ids::{AlertId, OrgId, TeamId};
use crate::domain::periods::monday;
use crate::domain::{DbConn, Result};

/// Open alerts are those not acknowledged whose last week is at most this many weeks ago.
pub const OPEN_ALERT_WEEKS: u64 = 6;
/// Weeks the dashboards show.
pub const YEAR_WEEKS: u64 = 52;
/// Weeks a team's standing sums up (the stage window by default).
pub const RECENT_WEEKS: usize = 12;

/// The first week the dashboards show, as of `today`.
pub fn year_start(today: NaiveDate) -> NaiveDate {
    monday(today) - Days::new(7 * (YEAR_WEEKS - 1))
}

/// The stored weeks of the organisation's teams (or of some of them) since `since`.
pub fn weeks_since(
    conn: &mut DbConn,
    org_id: OrgId,
    team_ids: Option<&[TeamId]>,
    since: NaiveDate,
) -> Result<Vec<(TeamId, Week)>> {
    let mut query = adoption_weeks::table
        .filter(adoption_weeks::org_id.eq(org_id))
        .filter(adoption_weeks::week_start.ge(since))
        .order((
            adoption_weeks::team_id.asc(),
            adoption_weeks::week_start.asc(),
        ))
        .select(WeekRow::as_select())
        .into_boxed();
    if let Some(ids) = team_ids {
        query = query.filter(adoption_weeks::team_id.eq_any(ids.to_vec()));
    }
    Ok(query
        .load::<WeekRow>(conn)?
        .iter()
        .map(|r| (r.team_id, r.week()))
        .collect())
}

/// One team's week with its shares worked out (for the API and the CSV export).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct WeekView {
    pub team_id: TeamId,
    #[serde(flatten)]
    pub week: Week,
    pub attendance: Option<f64>,
    pub coverage: Option<f64>,
    pub on_time: Option<f64>,
}

impl WeekView {
    pub fn of(team_id: TeamId, week: Week) -> WeekView {
        WeekView {
            team_id,
            attendance: week.facts.attendance(),
            coverage: week.facts.coverage(),
            on_time: week.facts.on_time(),
            week,
        }
    }
}

/// The stored weeks from `from` to `to` (by their Mondays), of some teams or all.
pub fn weeks_between(
    conn: &mut DbConn,
    org_id: OrgId,
    team_ids: Option<&[TeamId]>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<WeekView>> {
    Ok(weeks_since(conn, org_id, team_ids, monday(from))?
        .into_iter()
        .filter(|(_, w)| w.facts.week <= to)
        .map(|(team, w)| WeekView::of(team, w))
        .collect())
}

/// The weekly metrics as CSV, one line per team and week, with the team's name.
pub fn weeks_csv(conn: &mut DbConn, org_id: OrgId, weeks: &[WeekView]) -> Result<String> {
    let names: BTreeMap<TeamId, String> = teams::table
        .filter(teams::org_id.eq(org_id))
        .select((teams::id, teams::name))
        .load::<(TeamId, String)>(conn)?
        .into_iter()
        .collect();
    let share = |v: Option<f64>| v.map(|v| format!("{v:.3}")).unwrap_or_default();
    let rows = weeks
        .iter()
        .map(|w| {
            let f = &w.week.facts;
            vec![
                crate::domain::csv_out::cell(names.get(&w.team_id).map_or("", String::as_str)),
                f.week.to_string(),
                f.state.code().to_owned(),
                f.expected.to_string(),
                f.present.to_string(),
                share(w.attendance),
                f.active_krs.to_string(),
                f.checked_krs.to_string(),
                share(w.coverage),
                f.on_time_krs.to_string(),
                share(w.on_time),
                f.quarterly_held.to_string(),
                w.week.streak.to_string(),
                w.week.stage.code().to_owned(),
            ]
        })
        .collect();
    crate::domain::csv_out::write(
        &[
            "team",
            "week",
            "weekly_meeting",
            "expected",
            "present",
            "attendance",
            "key_results",
            "checked_in",
            "coverage",
            "on_time",
            "on_time_rate",
            "quarterly_held",
            "streak",
            "stage",
        ],
        rows,
    )
}

/// A team's standing: its latest week and its last `window` weeks together.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Standing {
    pub team_id: TeamId,
    pub name: String,
    pub parent_id: Option<TeamId>,
    pub stage: Stage,
    pub streak: u32,
    /// Over the recent weeks: meetings held of those due, attendance, coverage.
    pub held: u32,
    pub due: u32,
    pub attendance: Option<f64>,
    pub coverage: Option<f64>,
    /// The sums behind attendance and coverage (for adding teams up).
    pub present: u32,
    pub expected: u32,
    pub checked: u32,
    pub active: u32,
    /// When the team reached its current stage.
    pub since: Option<NaiveDate>,
}

impl Standing {
    fn of(
        team_id: TeamId,
        name: String,
        parent_id: Option<TeamId>,
        f: Option<&Figures>,
    ) -> Standing {
        let s = f.map(|f| f.sums).unwrap_or_default();
        Standing {
            team_id,
            name,
            parent_id,
            stage: f.map_or(Stage::NotStarted, |f| f.stage),
            streak: f.map_or(0, |f| f.streak),
            held: s.held,
            due: s.due,
            attendance: ratio(s.present, s.expected),
            coverage: ratio(s.checked, s.active),
            present: s.present,
            expected: s.expected,
            checked: s.checked,
            active: s.active,
            since: f.map(|f| f.since),
        }
    }
}

/// The organisation's teams (not departments), by name.
fn named_teams(conn: &mut DbConn, org_id: OrgId) -> Result<Vec<(TeamId, String, Option<TeamId>)>> {
    Ok(teams::table
        .filter(teams::org_id.eq(org_id))
        .filter(teams::kind.eq(crate::domain::teams::TeamKind::Team))
        .order(teams::name.asc())
        .select((teams::id, teams::name, teams::parent_id))
        .load(conn)?)
}

/// Every team's standing as the rollup last stored it (the dashboard's table). Teams without
/// stored weeks are not started.
pub fn standings(conn: &mut DbConn, org_id: OrgId) -> Result<Vec<Standing>> {
    let stored = summary::stored_figures(conn, org_id)?;
    Ok(named_teams(conn, org_id)?
        .into_iter()
        .map(|(id, name, parent)| Standing::of(id, name, parent, stored.get(&id)))
        .collect())
}

/// One team's standing worked out from its weeks (in order, from [`year_start`]): what
/// [`standings`] reads stored, for a team's own page. Departments have none.
pub fn standing_of(team: &crate::domain::teams::Team, weeks: &[Week]) -> Option<Standing> {
    let weeks: Vec<&Week> = weeks.iter().collect();
    let f = summary::figures(&weeks, RECENT_WEEKS);
    (!team.is_department())
        .then(|| Standing::of(team.id, team.name.clone(), team.parent_id, f.as_ref()))
}

/// How many of the teams (in and under `team_ids`, departments included; `None`: every team
/// of the organisation) are at routine now, and how many teams there are.
pub fn at_routine(
    conn: &mut DbConn,
    org_id: OrgId,
    team_ids: Option<&[TeamId]>,
    today: NaiveDate,
) -> Result<(usize, usize)> {
    let all: Vec<TeamId> = match team_ids {
        Some(ids) => super::facts::teams_under(conn, org_id, ids)?,
        None => super::facts::team_ids(conn, org_id)?,
    };
    let recent = weeks_since(conn, org_id, Some(&all), monday(today) - Days::new(7))?;
    let mut latest: BTreeMap<TeamId, Stage> = BTreeMap::new();
    for (team, w) in recent {
        latest.insert(team, w.stage);
    }
    let routine = latest.values().filter(|s| **s == Stage::Routine).count();
    Ok((routine, all.len()))
}

/// A change of stage in a team's history.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StageChange {
    pub week: NaiveDate,
    pub stage: Stage,
}

/// When the team's stage changed (its first stored week counts as a change).
pub fn stage_history(weeks: &[Week]) -> Vec<StageChange> {
    let mut out: Vec<StageChange> = Vec::new();
    for w in weeks {
        if out.last().is_none_or(|c| c.stage != w.stage) {
            out.push(StageChange {
                week: w.facts.week,
                stage: w.stage,
            });
        }
    }
    out
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Alert {
    pub id: AlertId,
    /// How many weeks the episode counts.
    pub weeks: i32,
    pub team_id: TeamId,
    pub team: String,
    pub kind: AlertKind,
    pub first_week: NaiveDate,
    pub last_week: NaiveDate,
    pub value: Option<f64>,
    pub baseline: Option<f64>,
    pub acknowledged_at: Option<NaiveDateTime>,
    pub acknowledged_by: Option<String>,
    pub note: String,
}

type AlertRow = (
    AlertId,
    TeamId,
    String,
    AlertKind,
    NaiveDate,
    NaiveDate,
    Option<f64>,
    Option<f64>,
    Option<NaiveDateTime>,
    Option<String>,
    String,
    i32,
);

/// Alerts, newest first: the open ones of the organisation (`team` None, `open` true), or
/// all of one team.
pub fn alerts(
    conn: &mut DbConn,
    org_id: OrgId,
    team: Option<TeamId>,
    open_since: Option<NaiveDate>,
) -> Result<Vec<Alert>> {
    let mut query = adoption_alerts::table
        .inner_join(teams::table)
        .left_join(people::table.on(adoption_alerts::acknowledged_by.eq(people::id.nullable())))
        .filter(adoption_alerts::org_id.eq(org_id))
        .order((
            adoption_alerts::last_week.desc(),
            adoption_alerts::id.desc(),
        ))
        .select((
            adoption_alerts::id,
            adoption_alerts::team_id,
            teams::name,
            adoption_alerts::kind,
            adoption_alerts::first_week,
            adoption_alerts::last_week,
            adoption_alerts::value,
            adoption_alerts::baseline,
            adoption_alerts::acknowledged_at,
            people::name.nullable(),
            adoption_alerts::note,
            adoption_alerts::weeks,
        ))
        .into_boxed();
    if let Some(team) = team {
        query = query.filter(adoption_alerts::team_id.eq(team));
    }
    if let Some(since) = open_since {
        query = query
            .filter(adoption_alerts::acknowledged_at.is_null())
            .filter(adoption_alerts::last_week.ge(since));
    }
    let rows: Vec<AlertRow> = query.load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(
                id,
                team_id,
                team,
                kind,
                first_week,
                last_week,
                value,
                baseline,
                at,
                by,
                note,
                weeks,
            )| {
                Alert {
                    id,
                    weeks,
                    team_id,
                    team,
                    kind,
                    first_week,
                    last_week,
                    value,
                    baseline,
                    acknowledged_at: at,
                    acknowledged_by: by,
                    note,
                }
            },
        )
        .collect())
}

/// The first week open alerts may end in, as of `today`.
pub fn open_since(today: NaiveDate) -> NaiveDate {
    monday(today) - Days::new(7 * OPEN_ALERT_WEEKS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::adoption::metrics::{Thresholds, WeekFacts, WeekState};
    use crate::domain::adoption::stage::extend;

    #[test]
    fn totals_add_teams_up_week_by_week() {
        let monday = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        let facts = |state, present, checked| WeekFacts {
            week: monday,
            state,
            expected: if state == WeekState::Held { 4 } else { 0 },
            present,
            active_krs: 2,
            checked_krs: checked,
            on_time_krs: 0,
            quarterly_held: false,
        };
        let t = Thresholds::default();
        let a = extend(&[], &[facts(WeekState::Held, 3, 2)], &t);
        let b = extend(&[], &[facts(WeekState::Missed, 0, 0)], &t);
        let c = extend(&[], &[facts(WeekState::Cancelled, 0, 1)], &t);
        let sum = totals(a.iter().chain(&b).chain(&c));
        assert_eq!(sum.len(), 1);
        assert_eq!((sum[0].held, sum[0].due), (1, 2), "cancelled is not due");
        assert_eq!(sum[0].held_share(), Some(0.5));
        assert_eq!(sum[0].attendance, Some(0.75));
        assert_eq!(sum[0].coverage, Some(0.5));
        assert_eq!(
            sum[0].stages[Stage::TooEarly.index()],
            2,
            "one week held or missed is too early to say"
        );
        assert_eq!(
            sum[0].stages[Stage::NotStarted.index()],
            1,
            "nothing due yet"
        );
        let history = stage_history(&a);
        assert_eq!(history.len(), 1);
    }
}
