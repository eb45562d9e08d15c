//! Adoption health: is the OKR routine taking hold, team by team? Each team's weeks are
//! counted ([`facts`]), turned into metrics and a stage ([`metrics`]) and searched for
//! at-risk signals ([`alerts`]); the result is stored as a rollup (`adoption_weeks`, one row
//! per team and ISO week, and `adoption_alerts`), so dashboards read a few hundred rows
//! instead of a year of meetings and check-ins. [`refresh`] recomputes from a given week on
//! (the scheduler does the last two weeks; a history import or a late entry its own weeks);
//! [`rebuild`] recomputes everything.

/// Inserts rows several per statement, on either backend.
macro_rules! insert_chunks {
    ($conn:expr, $table:expr, $rows:expr) => {
        for chunk in $rows.chunks(200) {
            let insert = diesel::insert_into($table).values(chunk);
            match $conn {
                DbConn::Sqlite(c) => insert.execute(c)?,
                DbConn::Pg(c) => insert.execute(c)?,
            };
        }
    };
}

pub mod alerts;
pub mod cohorts;
pub mod digest;
pub mod evaluate;
pub mod facts;
pub mod manage;
pub mod metrics;
pub mod months;
pub mod pause;
pub mod person;
pub mod reason;
pub mod recompute;
pub mod simulate;
pub mod stage;
mod store;
pub mod summary;
pub mod views;

use std::collections::{HashMap, HashSet};

use chrono::{Days, NaiveDate};
use diesel::prelude::*;

pub use alerts::{AlertKind, Episode};
pub use manage::{acknowledge, ensure_may_view, ensure_may_view_scope, set_thresholds};
pub use metrics::{Level, Stage, Thresholds, Week, WeekFacts, WeekState};
pub use store::WeekRow;
use store::{count, insert_weeks, remove_weeks, store_alerts, stored_until, uncount};

use super::changes::Touched;
use super::org::Org;
use super::periods::monday;
use super::{DbConn, Result, now};
use crate::db::schema::{adoption_alerts, adoption_computed, adoption_weeks, organisations};
use crate::domain::ids::{OrgId, TeamId};

/// How far back a rebuild goes.
pub const HISTORY_WEEKS: u64 = 104;
/// Stored weeks read before the first recomputed one: enough for the stage window (with
/// cancelled weeks skipped) and for slipping.
const CONTEXT_WEEKS: u64 = 52;

/// What a refresh did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Refreshed {
    pub teams: usize,
    pub weeks: usize,
    pub alerts: usize,
}

/// Recomputes the weeks from `from`'s week up to `today`'s, for `teams` (every team when
/// `None`), and their alerts. Run it in one transaction.
pub fn refresh(
    conn: &mut DbConn,
    org: &Org,
    teams: Option<&[TeamId]>,
    from: NaiveDate,
    today: NaiveDate,
) -> Result<Refreshed> {
    refresh_with(conn, org, teams, from, today, true)
}

/// [`refresh`]; with `widen`, some teams' refresh that finds a past week's pause verdict
/// changed (a late record) becomes every team's, so all teams see the same pause weeks.
fn refresh_with(
    conn: &mut DbConn,
    org: &Org,
    teams: Option<&[TeamId]>,
    from: NaiveDate,
    today: NaiveDate,
    widen: bool,
) -> Result<Refreshed> {
    lock(conn, org.id)?;
    let tz = super::meetings::zone(&org.time_zone);
    let thresholds = Thresholds::of(org);
    // Teams only: departments have no weekly routine of their own.
    let all_teams = facts::team_ids(conn, org.id)?;
    let team_ids: Vec<TeamId> = all_teams
        .iter()
        .copied()
        .filter(|id| teams.is_none_or(|only| only.contains(id)))
        .collect();
    let last = monday(today);
    // Resume where the stored weeks stop: weeks a stopped scheduler missed are counted now.
    let earliest = last - Days::new(7 * HISTORY_WEEKS);
    let first = match stored_until(conn, org.id, &team_ids)? {
        Some(next) => monday(from).min(next),
        None => monday(from),
    }
    .max(earliest);
    if first > last || team_ids.is_empty() {
        return Ok(Refreshed::default());
    }
    let calendar = super::calendar::Calendar::load(conn, org.id)?;
    let paused = pause::weeks(conn, org.id, &all_teams, &calendar, (first, last), today)?;
    if widen && team_ids.len() < all_teams.len() && first < last {
        let past = |weeks: &HashSet<NaiveDate>| -> HashSet<NaiveDate> {
            weeks.iter().copied().filter(|w| *w < last).collect()
        };
        if past(&paused) != past(&pause::stored(conn, org.id, (first, last))?) {
            return refresh_with(conn, org, None, from, today, false);
        }
    }
    let counted = facts::count(conn, org.id, &team_ids, tz, (first, last), today, &paused)?;
    // The stored weeks before `first`, for streaks, stage windows and alert runs.
    let mut before: HashMap<TeamId, Vec<Week>> = HashMap::new();
    let context: Vec<WeekRow> = adoption_weeks::table
        .filter(adoption_weeks::org_id.eq(org.id))
        .filter(adoption_weeks::team_id.eq_any(&team_ids))
        .filter(adoption_weeks::week_start.lt(first))
        .filter(adoption_weeks::week_start.ge(first - Days::new(7 * CONTEXT_WEEKS)))
        .order((adoption_weeks::team_id, adoption_weeks::week_start))
        .select(WeekRow::as_select())
        .load(conn)?;
    for row in &context {
        before.entry(row.team_id).or_default().push(row.week());
    }
    let removed = remove_weeks(conn, org.id, &team_ids, Some(first))?;
    let mut done = Refreshed::default();
    let mut rows: Vec<WeekRow> = Vec::new();
    let mut added: Vec<Week> = Vec::new();
    let mut standings: Vec<(TeamId, summary::Figures)> = Vec::new();
    let mut month_rows: Vec<months::Month> = Vec::new();
    let mut episodes: Vec<(TeamId, Episode)> = Vec::new();
    let shown_from = views::year_start(today);
    for (team_id, new_facts) in counted {
        let mut history = before.remove(&team_id).unwrap_or_default();
        let weeks = stage::extend(&history, &new_facts, &thresholds);
        rows.extend(weeks.iter().map(|w| WeekRow::of(org.id, team_id, w)));
        added.extend(&weeks);
        history.extend(weeks);
        let shown: Vec<&Week> = history
            .iter()
            .filter(|w| w.facts.week >= shown_from)
            .collect();
        if let Some(f) = summary::figures(&shown, views::RECENT_WEEKS) {
            standings.push((team_id, f));
        }
        month_rows.extend(months::of_weeks(team_id, &history, first));
        episodes.extend(
            alerts::detect(&history, org.periods(), last)
                .into_iter()
                .filter(|e| e.last_week >= first - Days::new(7))
                .map(|e| (team_id, e)),
        );
        done.teams += 1;
    }
    insert_weeks(conn, &rows)?;
    summary::shift_totals(conn, org.id, &removed, &added)?;
    summary::store_standings(conn, org.id, &team_ids, &standings)?;
    months::store(conn, org.id, &team_ids, Some(first), &month_rows)?;
    done.weeks = rows.len();
    done.alerts = store_alerts(conn, org.id, &team_ids, episodes, first)?;
    mark_computed(conn, org.id)?;
    Ok(done)
}

/// Notes that the organisation's rollup was brought up to date now.
fn mark_computed(conn: &mut DbConn, org_id: OrgId) -> Result<()> {
    let at = now();
    let upsert = diesel::insert_into(adoption_computed::table)
        .values((
            adoption_computed::org_id.eq(org_id),
            adoption_computed::computed_at.eq(at),
        ))
        .on_conflict(adoption_computed::org_id)
        .do_update()
        .set(adoption_computed::computed_at.eq(at));
    match conn {
        DbConn::Sqlite(c) => upsert.execute(c)?,
        DbConn::Pg(c) => upsert.execute(c)?,
    };
    Ok(())
}

/// When the organisation's rollup was last brought up to date (UTC), if ever.
pub fn computed_at(conn: &mut DbConn, org_id: OrgId) -> Result<Option<chrono::NaiveDateTime>> {
    Ok(adoption_computed::table
        .find(org_id)
        .select(adoption_computed::computed_at)
        .first(conn)
        .optional()?)
}

/// Serialises rollup work on one organisation: on PostgreSQL two nodes (or a node's scheduler
/// and a late entry) would otherwise delete and insert the same weeks at once. SQLite's
/// write transactions are serial already. Recompute jobs take it too, before their own rows.
pub(super) fn lock(conn: &mut DbConn, org_id: OrgId) -> Result<()> {
    if let DbConn::Pg(c) = conn {
        organisations::table
            .find(org_id)
            .select(organisations::id)
            .for_update()
            .first::<i32>(c)?;
    }
    Ok(())
}

/// Teams' pasts changed (a meeting recorded, cancelled or moved after the fact, history
/// imported, an objective moved): recomputes each team's weeks from its day on, in the
/// caller's transaction, when the rollup exists and the day is before the running week (the
/// scheduler keeps that one current).
fn catch_up(conn: &mut DbConn, touched: Touched) -> Result<()> {
    if touched.teams.is_empty() || !has_rollup(conn, touched.org_id)? {
        return Ok(());
    }
    let org = super::org::find(conn, touched.org_id)?;
    let today = super::periods::local_date(&org.time_zone, touched.at);
    for (team_id, day) in touched.teams {
        if day < monday(today) {
            refresh(conn, &org, Some(&[team_id]), day, today)?;
        }
    }
    Ok(())
}

/// A change's result, once the rollup has caught up with the teams it touched.
pub fn caught_up<T>(conn: &mut DbConn, (value, touched): (T, Touched)) -> Result<T> {
    catch_up(conn, touched)?;
    Ok(value)
}

/// What the scheduler does for an organisation as its day `today` begins: stores the coming
/// meetings and brings the rollup up to date (the last two weeks, as meetings become missed
/// as days pass), or builds it when there is none yet. Run it in one write transaction.
pub fn scheduled(conn: &mut DbConn, org: &Org, today: NaiveDate) -> Result<Refreshed> {
    super::meetings::ensure_all(conn, org.id, &org.time_zone, today)?;
    if has_rollup(conn, org.id)? {
        refresh(conn, org, None, today - Days::new(7), today)
    } else {
        rebuild(conn, org, today)
    }
}

/// Whether the organisation's rollup has been built (and summed up: a rollup from before
/// the summary existed is rebuilt).
pub fn has_rollup(conn: &mut DbConn, org_id: OrgId) -> Result<bool> {
    summary::exists(conn, org_id)
}

/// Recomputes an organisation's whole rollup, from its first meeting or check-in (at most
/// [`HISTORY_WEEKS`] back). Acknowledged alerts stay.
pub fn rebuild(conn: &mut DbConn, org: &Org, today: NaiveDate) -> Result<Refreshed> {
    lock(conn, org.id)?;
    diesel::delete(adoption_weeks::table.filter(adoption_weeks::org_id.eq(org.id)))
        .execute(conn)?;
    summary::clear(conn, org.id)?;
    months::clear(conn, org.id)?;
    let teams = facts::team_ids(conn, org.id)?;
    rebuild_teams(conn, org, &teams, today)
}

/// Teams per transaction when a large organisation is rebuilt step by step (see
/// [`rebuild_teams`]): each step holds the write lock briefly.
pub const REBUILD_STEP: usize = 50;

/// Recomputes some teams' whole rollup and alerts (acknowledged alerts stay): [`rebuild`]
/// for a few teams at a time, so other writers are not held up for long.
pub fn rebuild_teams(
    conn: &mut DbConn,
    org: &Org,
    teams: &[TeamId],
    today: NaiveDate,
) -> Result<Refreshed> {
    lock(conn, org.id)?;
    let tz = super::meetings::zone(&org.time_zone);
    let earliest = today - Days::new(7 * HISTORY_WEEKS);
    let from = facts::first_activity(conn, org.id, tz)?
        .unwrap_or(today)
        .max(earliest);
    let removed = remove_weeks(conn, org.id, teams, None)?;
    summary::shift_totals(conn, org.id, &removed, &[])?;
    months::store(conn, org.id, teams, None, &[])?;
    diesel::delete(
        adoption_alerts::table
            .filter(adoption_alerts::org_id.eq(org.id))
            .filter(adoption_alerts::team_id.eq_any(teams))
            .filter(adoption_alerts::acknowledged_at.is_null()),
    )
    .execute(conn)?;
    // The pause weeks are judged on every team's meetings, whichever teams this step does.
    refresh_with(conn, org, Some(teams), from, today, false)
}
