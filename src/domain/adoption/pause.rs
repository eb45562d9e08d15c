//! Weeks in which most of an organisation's teams pause, though its calendar does not close
//! them: a school break most people take off (høstferie, vinterferie), a company-wide event
//! week, a summer no leader set as a closure. Recognised from the data, such a week is
//! treated like a closed one for every team of the organisation: a meeting not held in it
//! is neither held nor missed, raises no alert and breaks no streak
//! ([`super::WeekState::Paused`]).
//!
//! The rule ([`recognise`], pure): in a week, among the organisation's *regular* teams (those
//! that held at least [`REGULAR_HELD`] of their last [`REGULAR_OF`] weekly meetings due)
//! whose meeting was due, fewer than [`PAUSE_SHARE`] held it, and there were at least
//! [`MIN_TEAMS`] such teams. Regular teams hold most of their meetings (four in five or more
//! in an ordinary week), so a week where not even a third of them did is not chance; and a
//! small organisation, where three teams away is a third, is not judged at all.
//!
//! A meeting is due once its day has passed, so the running week is judged on the teams whose
//! meeting day is behind, and the week just past on what has been recorded so far. Meetings
//! recorded a few days late do not make an ordinary week look like a pause: regular teams
//! have most of their meetings recorded by the Monday after (the simulator's 35 % recorded
//! late leave about three in four regular teams with a held meeting on record then, far
//! above a third). When a late record changes the verdict on a past week, the refresh it
//! starts recomputes every team of the organisation (see [`super::refresh`]), so all teams
//! keep seeing the same weeks as paused.
//!
//! [`weeks`] reads what the rule needs with one query per organisation and refresh: the
//! weekly meetings of every team over the weeks asked for and [`LOOK_BACK_WEEKS`] before.

use std::collections::{HashMap, HashSet};

use chrono::{Days, NaiveDate};
use diesel::prelude::*;

use super::metrics::WeekState;
use crate::db::schema::{adoption_weeks, meeting_series, meetings};
use crate::domain::calendar::Calendar;
use crate::domain::ids::{OrgId, TeamId};
use crate::domain::meetings::{SeriesKind, Status};
use crate::domain::{DbConn, Result};

/// Under this share of the regular teams with a meeting due holding it, the week is a pause.
pub const PAUSE_SHARE: f64 = 1.0 / 3.0;
/// At least this many regular teams with a meeting due, for a week to be judged at all.
pub const MIN_TEAMS: usize = 5;
/// A team is regular when it held at least [`REGULAR_HELD`] of its last [`REGULAR_OF`]
/// weekly meetings due (closed, cancelled and paused weeks skipped).
pub const REGULAR_OF: usize = 6;
pub const REGULAR_HELD: usize = 4;
/// Weeks read before the first week judged, to know which teams are regular.
pub const LOOK_BACK_WEEKS: u64 = 12;

/// What a team did about its weekly meeting in a week, as the rule sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Held,
    /// Due (not cancelled, not on a closed day or in a closed week, its day passed), and
    /// not held (yet recorded).
    NotHeld,
    /// Nothing to judge: no weekly meeting, cancelled, closed, or its day still to come.
    Off,
}

/// Whether a week in which `held` of `due` regular teams held their meeting is a pause.
pub fn is_pause(held: usize, due: usize) -> bool {
    due >= MIN_TEAMS && (held as f64) < PAUSE_SHARE * due as f64
}

/// Whether a team was regular before week `week` (an index into its outcomes): it held at
/// least [`REGULAR_HELD`] of its last [`REGULAR_OF`] meetings due, weeks in `paused` skipped.
fn regular(outcomes: &[Outcome], week: usize, paused: &[bool]) -> bool {
    let held = (0..week)
        .rev()
        .filter(|w| !paused[*w] && outcomes[*w] != Outcome::Off)
        .take(REGULAR_OF)
        .filter(|w| outcomes[*w] == Outcome::Held)
        .count();
    held >= REGULAR_HELD
}

/// The pause weeks among consecutive weeks: `teams` holds each team's outcomes, oldest
/// first, all of the same length. Weeks are judged in order, and a week found to be a pause
/// is skipped when later weeks look back for regular teams (a three-week summer is three
/// pause weeks). Returns one flag per week.
pub fn recognise(teams: &[Vec<Outcome>]) -> Vec<bool> {
    let len = teams.iter().map(Vec::len).min().unwrap_or(0);
    let mut paused = vec![false; len];
    for week in 0..len {
        let (mut held, mut due) = (0, 0);
        for outcomes in teams {
            if outcomes[week] == Outcome::Off || !regular(outcomes, week, &paused) {
                continue;
            }
            due += 1;
            held += usize::from(outcomes[week] == Outcome::Held);
        }
        paused[week] = is_pause(held, due);
    }
    paused
}

/// A team's week from its weekly meetings in it (day and status), as [`super::facts`]
/// counts it: held if one was held; off when the organisation was closed that week or on
/// each meeting's day; not held once a meeting's day has passed (before `today`).
pub fn outcome(
    meetings: &[(NaiveDate, Status)],
    closed_week: bool,
    closed_day: impl Fn(NaiveDate) -> bool,
    today: NaiveDate,
) -> Outcome {
    if meetings.iter().any(|(_, s)| *s == Status::Held) {
        return Outcome::Held;
    }
    let scheduled = || meetings.iter().filter(|(_, s)| *s == Status::Scheduled);
    if scheduled().next().is_none() || closed_week || scheduled().all(|(d, _)| closed_day(*d)) {
        return Outcome::Off;
    }
    if scheduled().any(|(d, _)| *d < today) {
        Outcome::NotHeld
    } else {
        Outcome::Off
    }
}

/// The organisation's pause weeks (Mondays) from `from` to `to` (Mondays), as of `today`,
/// judged over `teams` (the organisation's teams, not departments). One query.
pub fn weeks(
    conn: &mut DbConn,
    org_id: OrgId,
    teams: &[TeamId],
    calendar: &Calendar,
    (from, to): (NaiveDate, NaiveDate),
    today: NaiveDate,
) -> Result<HashSet<NaiveDate>> {
    let start = from - Days::new(7 * LOOK_BACK_WEEKS);
    let rows: Vec<(TeamId, NaiveDate, Status)> = meetings::table
        .inner_join(meeting_series::table)
        .filter(meetings::org_id.eq(org_id))
        .filter(meeting_series::kind.eq(SeriesKind::WeeklyResults))
        .filter(meetings::local_date.between(start, to + Days::new(6)))
        .select((meetings::team_id, meetings::local_date, meetings::status))
        .load(conn)?;
    let mondays: Vec<NaiveDate> = std::iter::successors(Some(start), |m| {
        Some(*m + Days::new(7)).filter(|next| *next <= to)
    })
    .collect();
    let index = |day: NaiveDate| ((day - start).num_days() / 7) as usize;
    let known: HashSet<TeamId> = teams.iter().copied().collect();
    let mut of_team: HashMap<TeamId, Vec<Vec<(NaiveDate, Status)>>> = HashMap::new();
    for (team, day, status) in rows {
        if !known.contains(&team) || day < start {
            continue;
        }
        let weeks = of_team
            .entry(team)
            .or_insert_with(|| vec![Vec::new(); mondays.len()]);
        if let Some(week) = weeks.get_mut(index(day)) {
            week.push((day, status));
        }
    }
    let closed_weeks: Vec<bool> = mondays
        .iter()
        .map(|m| calendar.closed_week(*m).is_some())
        .collect();
    let mut closed_days: HashMap<NaiveDate, bool> = HashMap::new();
    let mut outcomes: Vec<Vec<Outcome>> = Vec::with_capacity(of_team.len());
    let mut ids: Vec<&TeamId> = of_team.keys().collect();
    ids.sort();
    for id in ids {
        let team = &of_team[id];
        let row = team
            .iter()
            .zip(&closed_weeks)
            .map(|(meetings, closed)| {
                for (day, _) in meetings {
                    closed_days
                        .entry(*day)
                        .or_insert_with(|| calendar.closed(*day).is_some());
                }
                outcome(
                    meetings,
                    *closed,
                    |d| closed_days.get(&d).copied().unwrap_or(false),
                    today,
                )
            })
            .collect();
        outcomes.push(row);
    }
    Ok(recognise(&outcomes)
        .into_iter()
        .zip(mondays)
        .filter(|(paused, monday)| *paused && *monday >= from)
        .map(|(_, monday)| monday)
        .collect())
}

/// The weeks from `from` to `to` (Mondays) the stored rollup treats as pauses (a team's week
/// stored as paused).
pub fn stored(
    conn: &mut DbConn,
    org_id: OrgId,
    (from, to): (NaiveDate, NaiveDate),
) -> Result<HashSet<NaiveDate>> {
    let weeks: Vec<NaiveDate> = adoption_weeks::table
        .filter(adoption_weeks::org_id.eq(org_id))
        .filter(adoption_weeks::week_start.between(from, to))
        .filter(adoption_weeks::state.eq(WeekState::Paused))
        .select(adoption_weeks::week_start)
        .distinct()
        .load(conn)?;
    Ok(weeks.into_iter().collect())
}

#[cfg(test)]
mod tests;
