//! What a person's home page gathers from the other concepts: their teams' next and last
//! meetings, the workshops running now that they can join, and their teams' objectives
//! still in draft. Read-only queries; the home itself is composed in `app::home`.

use chrono::NaiveDate;
use diesel::prelude::*;
use serde::Serialize;

use super::meetings::{self, Meeting, SeriesKind};
use super::okrs::{self, Objective};
use super::workshops::{self, Workshop};
use super::{DbConn, Result};
use crate::db::schema::{meeting_series, meetings as meeting_table, objectives, workshop_teams};
use crate::domain::ids::{OrgId, PersonId, TeamId};

/// A team's meetings as its members look ahead and back.
#[derive(Debug, Clone, Serialize)]
pub struct TeamMeetings {
    pub team_id: TeamId,
    /// The next meeting not yet held or cancelled, today or later, with its kind.
    pub next: Option<(Meeting, SeriesKind)>,
    /// The last meeting marked held, with its kind.
    pub last: Option<(Meeting, SeriesKind)>,
}

/// For each team: its next meeting (scheduled, today or later) and its last held one.
pub fn meetings_of(
    conn: &mut DbConn,
    org_id: OrgId,
    team_ids: &[TeamId],
    today: NaiveDate,
) -> Result<Vec<TeamMeetings>> {
    let mut out = Vec::with_capacity(team_ids.len());
    for &team_id in team_ids {
        let of_team = || {
            meeting_table::table
                .inner_join(meeting_series::table)
                .filter(meeting_table::org_id.eq(org_id))
                .filter(meeting_table::team_id.eq(team_id))
                .select((Meeting::as_select(), meeting_series::kind))
        };
        let next = of_team()
            .filter(meeting_table::status.eq(meetings::Status::Scheduled.code()))
            .filter(meeting_table::local_date.ge(today))
            .order((meeting_table::starts_at.asc(), meeting_table::id.asc()))
            .first::<(Meeting, SeriesKind)>(conn)
            .optional()?;
        let last = of_team()
            .filter(meeting_table::status.eq(meetings::Status::Held.code()))
            .order((meeting_table::starts_at.desc(), meeting_table::id.desc()))
            .first::<(Meeting, SeriesKind)>(conn)
            .optional()?;
        out.push(TeamMeetings {
            team_id,
            next,
            last,
        });
    }
    Ok(out)
}

/// Workshops running now that a person can join: those they facilitate and those held for
/// one of their teams, newest first.
pub fn live_workshops(
    conn: &mut DbConn,
    org_id: OrgId,
    person_id: PersonId,
    team_ids: &[TeamId],
) -> Result<Vec<Workshop>> {
    use crate::db::schema::workshops as table;
    let for_teams = workshop_teams::table
        .filter(workshop_teams::org_id.eq(org_id))
        .filter(workshop_teams::team_id.eq_any(team_ids))
        .select(workshop_teams::workshop_id);
    Ok(table::table
        .filter(table::org_id.eq(org_id))
        .filter(table::status.eq(workshops::Status::Live.code()))
        .filter(
            table::facilitator_id
                .eq(person_id)
                .or(table::id.eq_any(for_teams)),
        )
        .order(table::id.desc())
        .select(Workshop::as_select())
        .load(conn)?)
}

/// The teams' objectives still in draft (not archived), to be agreed and made active.
pub fn draft_objectives(
    conn: &mut DbConn,
    org_id: OrgId,
    team_ids: &[TeamId],
) -> Result<Vec<Objective>> {
    Ok(objectives::table
        .filter(objectives::org_id.eq(org_id))
        .filter(objectives::team_id.eq_any(team_ids))
        .filter(objectives::status.eq(okrs::Status::Draft.code()))
        .filter(objectives::archived_at.is_null())
        .order((objectives::period.desc(), objectives::id.asc()))
        .select(Objective::as_select())
        .load(conn)?)
}

/// How far a new organisation has come along the path the demo describes: people and teams
/// in, ambassadors appointed, facilitators named, a rollout planned, the survey sent, a
/// workshop held, meetings set up. Counts only; the home turns them into steps.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct FirstSteps {
    /// Active people, the leader included.
    pub people: i64,
    pub teams: i64,
    pub ambassadors: i64,
    pub facilitators: i64,
    pub rollouts: i64,
    pub surveys: i64,
    pub workshops: i64,
    pub series: i64,
}

pub fn first_steps(conn: &mut DbConn, org_id: OrgId) -> Result<FirstSteps> {
    use crate::db::schema::{rollouts, surveys, team_ambassadors, teams, workshops};
    let facilitators = super::people::role_counts(conn, org_id)?
        .into_iter()
        .find(|(role, _)| *role == super::people::Role::Facilitator)
        .map_or(0, |(_, n)| n);
    Ok(FirstSteps {
        people: super::people::active_count(conn, org_id)?,
        teams: teams::table
            .filter(teams::org_id.eq(org_id))
            .count()
            .get_result(conn)?,
        ambassadors: team_ambassadors::table
            .filter(team_ambassadors::org_id.eq(org_id))
            .count()
            .get_result(conn)?,
        facilitators,
        rollouts: rollouts::table
            .filter(rollouts::org_id.eq(org_id))
            .count()
            .get_result(conn)?,
        surveys: surveys::table
            .filter(surveys::org_id.eq(org_id))
            .count()
            .get_result(conn)?,
        workshops: workshops::table
            .filter(workshops::org_id.eq(org_id))
            .count()
            .get_result(conn)?,
        series: meeting_series::table
            .filter(meeting_series::org_id.eq(org_id))
            .count()
            .get_result(conn)?,
    })
}
