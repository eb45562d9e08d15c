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
pub mod person;
pub mod reason;
pub mod recompute;
pub mod simulate;
pub mod stage;
pub mod summary;
pub mod views;

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use diesel::prelude::*;

pub use alerts::{AlertKind, Episode};
pub use manage::{acknowledge, ensure_may_view, ensure_may_view_scope, set_thresholds};
pub use metrics::{Level, Stage, Thresholds, Week, WeekFacts, WeekState};

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

fn count(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

fn uncount(n: i32) -> u32 {
    u32::try_from(n).unwrap_or(0)
}

impl WeekRow {
    fn of(org_id: OrgId, team_id: TeamId, w: &Week) -> WeekRow {
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
    lock(conn, org.id)?;
    let tz = super::meetings::zone(&org.time_zone);
    let thresholds = Thresholds::of(org);
    // Teams only: departments have no weekly routine of their own.
    let team_ids: Vec<TeamId> = facts::team_ids(conn, org.id)?
        .into_iter()
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
    let counted = facts::count(conn, org.id, &team_ids, tz, (first, last), today)?;
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

/// The week after the earliest last stored week among the teams (those with any).
fn stored_until(
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
fn remove_weeks(
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
fn insert_weeks(conn: &mut DbConn, rows: &[WeekRow]) -> Result<()> {
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
    kind: &'static str,
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
fn store_alerts(
    conn: &mut DbConn,
    org_id: OrgId,
    team_ids: &[TeamId],
    episodes: Vec<(TeamId, Episode)>,
    first: NaiveDate,
) -> Result<usize> {
    type Known = (
        i32,
        TeamId,
        String,
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
    let key = |team: TeamId, kind: &str, first_week: NaiveDate| (team, kind.to_owned(), first_week);
    let found: HashMap<(TeamId, String, NaiveDate), &Episode> = episodes
        .iter()
        .map(|(team, e)| (key(*team, e.kind.code(), e.first_week), e))
        .collect();
    let stale: Vec<i32> = known
        .iter()
        .filter(|k| !k.8 && k.4 >= first && !found.contains_key(&key(k.1, &k.2, k.3)))
        .map(|k| k.0)
        .collect();
    if !stale.is_empty() {
        diesel::delete(adoption_alerts::table.filter(adoption_alerts::id.eq_any(&stale)))
            .execute(conn)?;
    }
    let known: HashMap<(TeamId, String, NaiveDate), &Known> =
        known.iter().map(|k| (key(k.1, &k.2, k.3), k)).collect();
    let mut new = Vec::new();
    for (team_id, e) in &episodes {
        match known.get(&key(*team_id, e.kind.code(), e.first_week)) {
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
                kind: e.kind.code(),
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
    refresh(conn, org, Some(teams), from, today)
}
