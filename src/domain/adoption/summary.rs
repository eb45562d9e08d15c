//! The rollup summed up as it is written, so the dashboards read a few hundred rows instead
//! of every team's year: per week and stage, how many teams and their routine figures added
//! up ([`Totals`], stored in `adoption_totals`), and per team its [`Figures`] over its recent
//! weeks (stored in `adoption_standings`). [`super::refresh`] keeps both in step with the
//! weeks it replaces, in the same transaction; the pages of a few teams (a team's own page,
//! *my teams*) work them out from the weeks with the same functions.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use diesel::prelude::*;
use serde::Serialize;

use super::metrics::{Stage, Week, WeekFacts, ratio};
use super::{count, uncount};
use crate::db::schema::{adoption_standings, adoption_totals};
use crate::domain::ids::{OrgId, TeamId};
use crate::domain::{DbConn, Result};

/// Routine figures added up over weeks or teams.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sums {
    /// Weekly meetings held, of those due.
    pub held: u32,
    pub due: u32,
    /// People present, of those expected.
    pub present: u32,
    pub expected: u32,
    /// Key results checked in (on time), of the active ones.
    pub checked: u32,
    pub on_time: u32,
    pub active: u32,
}

impl Sums {
    pub fn of(f: &WeekFacts) -> Sums {
        let (held, due) = f.held_of_due();
        Sums {
            held,
            due,
            present: f.present,
            expected: f.expected,
            checked: f.checked_krs,
            on_time: f.on_time_krs,
            active: f.active_krs,
        }
    }

    /// Several weeks (or teams) together.
    pub fn over<'a>(facts: impl IntoIterator<Item = &'a WeekFacts>) -> Sums {
        facts.into_iter().fold(Sums::default(), |mut s, f| {
            s.add(&Sums::of(f));
            s
        })
    }

    pub(super) fn add(&mut self, o: &Sums) {
        self.held += o.held;
        self.due += o.due;
        self.present += o.present;
        self.expected += o.expected;
        self.checked += o.checked;
        self.on_time += o.on_time;
        self.active += o.active;
    }

    fn take(&mut self, o: &Sums) {
        self.held = self.held.saturating_sub(o.held);
        self.due = self.due.saturating_sub(o.due);
        self.present = self.present.saturating_sub(o.present);
        self.expected = self.expected.saturating_sub(o.expected);
        self.checked = self.checked.saturating_sub(o.checked);
        self.on_time = self.on_time.saturating_sub(o.on_time);
        self.active = self.active.saturating_sub(o.active);
    }
}

/// One week across the organisation (or any set of teams): how many teams are in each
/// stage, and the routine metrics over all of them together.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Totals {
    pub week: NaiveDate,
    /// Teams per stage, in [`Stage::ALL`] order.
    pub stages: [u32; Stage::COUNT],
    /// Teams whose weekly meeting was held, of those where one was due.
    pub held: u32,
    pub due: u32,
    pub attendance: Option<f64>,
    pub coverage: Option<f64>,
    pub on_time: Option<f64>,
}

impl Totals {
    pub fn held_share(&self) -> Option<f64> {
        ratio(self.held, self.due)
    }
}

/// The teams of one week in one stage, added up.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Cell {
    teams: u32,
    sums: Sums,
}

/// By week and stage (its index in [`Stage::ALL`]).
type Cells = BTreeMap<(NaiveDate, usize), Cell>;

fn cells<'a>(weeks: impl IntoIterator<Item = &'a Week>) -> Cells {
    let mut cells = Cells::new();
    for w in weeks {
        let cell = cells.entry((w.facts.week, w.stage.index())).or_default();
        cell.teams += 1;
        cell.sums.add(&Sums::of(&w.facts));
    }
    cells
}

fn fold(cells: &Cells) -> Vec<Totals> {
    let mut by_week: BTreeMap<NaiveDate, ([u32; Stage::COUNT], Sums)> = BTreeMap::new();
    for ((week, stage), cell) in cells {
        let (stages, sums) = by_week.entry(*week).or_default();
        stages[*stage] += cell.teams;
        sums.add(&cell.sums);
    }
    by_week
        .into_iter()
        .map(|(week, (stages, s))| Totals {
            week,
            stages,
            held: s.held,
            due: s.due,
            attendance: ratio(s.present, s.expected),
            coverage: ratio(s.checked, s.active),
            on_time: ratio(s.on_time, s.active),
        })
        .collect()
}

/// Adds weeks of several teams up, week by week.
pub fn totals<'a>(weeks: impl IntoIterator<Item = &'a Week>) -> Vec<Totals> {
    fold(&cells(weeks))
}

/// A team's standing over its last `recent` weeks of `weeks` (its weeks in order; `None`
/// when it has none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Figures {
    pub stage: Stage,
    pub streak: u32,
    /// When the team reached its current stage (within the weeks given).
    pub since: NaiveDate,
    pub sums: Sums,
}

pub fn figures(weeks: &[&Week], recent: usize) -> Option<Figures> {
    let last = weeks.last()?;
    let tail = &weeks[weeks.len().saturating_sub(recent)..];
    let since = weeks
        .iter()
        .rev()
        .take_while(|w| w.stage == last.stage)
        .last()
        .map_or(last.facts.week, |w| w.facts.week);
    Some(Figures {
        stage: last.stage,
        streak: last.streak,
        since,
        sums: Sums::over(tail.iter().map(|w| &w.facts)),
    })
}

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = adoption_totals)]
struct TotalRow {
    org_id: OrgId,
    week_start: NaiveDate,
    stage: Stage,
    teams: i32,
    held: i32,
    due: i32,
    expected: i32,
    present: i32,
    active_krs: i32,
    checked_krs: i32,
    on_time_krs: i32,
}

impl TotalRow {
    fn of(org_id: OrgId, (week, stage): (NaiveDate, usize), c: &Cell) -> TotalRow {
        let s = &c.sums;
        TotalRow {
            org_id,
            week_start: week,
            stage: Stage::ALL[stage],
            teams: count(c.teams),
            held: count(s.held),
            due: count(s.due),
            expected: count(s.expected),
            present: count(s.present),
            active_krs: count(s.active),
            checked_krs: count(s.checked),
            on_time_krs: count(s.on_time),
        }
    }

    fn cell(&self) -> Option<((NaiveDate, usize), Cell)> {
        let stage = self.stage;
        let sums = Sums {
            held: uncount(self.held),
            due: uncount(self.due),
            present: uncount(self.present),
            expected: uncount(self.expected),
            checked: uncount(self.checked_krs),
            on_time: uncount(self.on_time_krs),
            active: uncount(self.active_krs),
        };
        let cell = Cell {
            teams: uncount(self.teams),
            sums,
        };
        Some(((self.week_start, stage.index()), cell))
    }
}

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = adoption_standings)]
struct StandingRow {
    org_id: OrgId,
    team_id: TeamId,
    stage: Stage,
    streak: i32,
    since: Option<NaiveDate>,
    held: i32,
    due: i32,
    present: i32,
    expected: i32,
    checked: i32,
    active: i32,
}

impl StandingRow {
    fn of(org_id: OrgId, team_id: TeamId, f: &Figures) -> StandingRow {
        let s = &f.sums;
        StandingRow {
            org_id,
            team_id,
            stage: f.stage,
            streak: count(f.streak),
            since: Some(f.since),
            held: count(s.held),
            due: count(s.due),
            present: count(s.present),
            expected: count(s.expected),
            checked: count(s.checked),
            active: count(s.active),
        }
    }

    fn figures(&self) -> Option<Figures> {
        Some(Figures {
            stage: self.stage,
            streak: uncount(self.streak),
            since: self.since?,
            sums: Sums {
                held: uncount(self.held),
                due: uncount(self.due),
                present: uncount(self.present),
                expected: uncount(self.expected),
                checked: uncount(self.checked),
                on_time: 0,
                active: uncount(self.active),
            },
        })
    }
}

/// Keeps the stored totals in step when the weeks `removed` are replaced by `added` (of
/// any teams). Run it in the transaction that replaces them.
pub(super) fn shift_totals(
    conn: &mut DbConn,
    org_id: OrgId,
    removed: &[Week],
    added: &[Week],
) -> Result<()> {
    let (gone, new) = (cells(removed), cells(added));
    let weeks: BTreeSet<NaiveDate> = gone.keys().chain(new.keys()).map(|k| k.0).collect();
    if weeks.is_empty() {
        return Ok(());
    }
    let weeks: Vec<NaiveDate> = weeks.into_iter().collect();
    let stored = adoption_totals::table
        .filter(adoption_totals::org_id.eq(org_id))
        .filter(adoption_totals::week_start.eq_any(&weeks));
    let mut cells: Cells = stored
        .clone()
        .select(TotalRow::as_select())
        .load(conn)?
        .iter()
        .filter_map(TotalRow::cell)
        .collect();
    for (key, c) in &gone {
        let cell = cells.entry(*key).or_default();
        cell.teams = cell.teams.saturating_sub(c.teams);
        cell.sums.take(&c.sums);
    }
    for (key, c) in &new {
        let cell = cells.entry(*key).or_default();
        cell.teams += c.teams;
        cell.sums.add(&c.sums);
    }
    diesel::delete(stored).execute(conn)?;
    let rows: Vec<TotalRow> = cells
        .iter()
        .filter(|(_, c)| c.teams > 0)
        .map(|(key, c)| TotalRow::of(org_id, *key, c))
        .collect();
    insert_chunks!(conn, adoption_totals::table, rows);
    Ok(())
}

/// Replaces the stored standings of `teams` by `figures` (teams without are not started).
pub(super) fn store_standings(
    conn: &mut DbConn,
    org_id: OrgId,
    teams: &[TeamId],
    figures: &[(TeamId, Figures)],
) -> Result<()> {
    diesel::delete(
        adoption_standings::table
            .filter(adoption_standings::org_id.eq(org_id))
            .filter(adoption_standings::team_id.eq_any(teams)),
    )
    .execute(conn)?;
    let rows: Vec<StandingRow> = figures
        .iter()
        .map(|(team, f)| StandingRow::of(org_id, *team, f))
        .collect();
    insert_chunks!(conn, adoption_standings::table, rows);
    Ok(())
}

/// Forgets the organisation's whole summary (its rollup is being rebuilt).
pub(super) fn clear(conn: &mut DbConn, org_id: OrgId) -> Result<()> {
    diesel::delete(adoption_totals::table.filter(adoption_totals::org_id.eq(org_id)))
        .execute(conn)?;
    diesel::delete(adoption_standings::table.filter(adoption_standings::org_id.eq(org_id)))
        .execute(conn)?;
    Ok(())
}

/// The organisation's stored totals, week by week from `since`.
pub fn stored_totals(conn: &mut DbConn, org_id: OrgId, since: NaiveDate) -> Result<Vec<Totals>> {
    let cells: Cells = adoption_totals::table
        .filter(adoption_totals::org_id.eq(org_id))
        .filter(adoption_totals::week_start.ge(since))
        .select(TotalRow::as_select())
        .load(conn)?
        .iter()
        .filter_map(TotalRow::cell)
        .collect();
    Ok(fold(&cells))
}

/// The stored standing of each of the organisation's teams that has one.
pub fn stored_figures(conn: &mut DbConn, org_id: OrgId) -> Result<HashMap<TeamId, Figures>> {
    Ok(adoption_standings::table
        .filter(adoption_standings::org_id.eq(org_id))
        .select(StandingRow::as_select())
        .load(conn)?
        .iter()
        .filter_map(|r| Some((r.team_id, r.figures()?)))
        .collect())
}

/// Whether the organisation's rollup has been summed up (built since this table exists).
pub fn exists(conn: &mut DbConn, org_id: OrgId) -> Result<bool> {
    Ok(diesel::select(diesel::dsl::exists(
        adoption_standings::table.filter(adoption_standings::org_id.eq(org_id)),
    ))
    .get_result(conn)?)
}
