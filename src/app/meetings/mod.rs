//! A team's meetings: its series (weekly results meetings, quarterly OKR meetings) and their
//! meetings, calendar links, the CSV export and bringing in a history of past meetings. The
//! team's members, its ambassadors and leaders change them (the rule of
//! [`okrs::may_edit`]); everyone reads the schedule, and attendance only those who may see
//! the team's people ([`access`]). One meeting, recorded and run, is in [`meeting`].

pub mod agendas;
pub mod invitations;
pub mod meeting;

use crate::domain::audit::{self, Action, Entity, Entry};
use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};

use super::{Db, Identity, Result};
use crate::db::DbConn;
use crate::domain::ids::{SeriesId, TeamId};
use crate::domain::meetings::{self, Meeting, Series, SeriesInput, export::Export, history};
use crate::domain::teams::{self, Team};
use crate::domain::{access, adoption, okrs};

/// A meeting in a list, with its state as of today and its series' kind.
pub struct Listed {
    pub meeting: Meeting,
    /// `scheduled`, `held`, `missed` or `cancelled`, as of today.
    pub state: &'static str,
    pub kind: String,
}

/// A team's meetings page.
pub struct TeamMeetings {
    pub team: Team,
    pub series: Vec<Series>,
    pub meetings: Vec<Listed>,
    /// The person may change the team's meetings.
    pub editable: bool,
}

/// A team's series and its meetings from `from` to `to` (by default four weeks back and
/// eight ahead).
pub async fn of_team(
    db: &Db,
    me: &Identity,
    team_id: TeamId,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<TeamMeetings> {
    let me = me.clone();
    let today = me.today();
    let from = from.unwrap_or(today - Days::new(28));
    let to = to.unwrap_or(today + Days::new(56));
    db.run(move |c| {
        let org_id = me.org_id;
        let team = teams::find(c, org_id, team_id)?;
        let series = meetings::series_of_team(c, org_id, team_id)?;
        let list = meetings::team_meetings(c, org_id, team_id, &me.time_zone, today, from, to)?;
        let kinds: BTreeMap<SeriesId, String> = series
            .iter()
            .map(|s| (s.id, s.kind.code().to_owned()))
            .collect();
        let meetings = list
            .into_iter()
            .map(|meeting| Listed {
                state: meeting.state(today),
                kind: kinds.get(&meeting.series_id).cloned().unwrap_or_default(),
                meeting,
            })
            .collect();
        Ok(TeamMeetings {
            editable: okrs::may_edit(c, &me, team_id)?,
            team,
            series,
            meetings,
        })
    })
    .await
}

/// The team, if the person may change its meetings.
pub async fn editable_team(db: &Db, me: &Identity, team_id: TeamId) -> Result<Team> {
    let me = me.clone();
    db.run(move |c| editable_team_in(c, &me, team_id)).await
}

fn editable_team_in(c: &mut DbConn, me: &Identity, team_id: TeamId) -> Result<Team> {
    let team = teams::find(c, me.org_id, team_id)?;
    okrs::ensure_may_edit(c, me, team.id)?;
    Ok(team)
}

/// The series, if the person may change its team's meetings.
fn editable_series_in(c: &mut DbConn, me: &Identity, id: SeriesId) -> Result<Series> {
    let series = meetings::find_series(c, me.org_id, id)?;
    okrs::ensure_may_edit(c, me, series.team_id)?;
    Ok(series)
}

/// Starts a series; its meetings are scheduled at once.
pub async fn create_series(db: &Db, me: &Identity, input: SeriesInput) -> Result<Series> {
    let me = me.clone();
    db.write(move |c| {
        editable_team_in(c, &me, input.team_id)?;
        meetings::create_series(c, me.org_id, &input, &me.time_zone, me.today())
    })
    .await
}

/// Ends a series: no more meetings after today.
pub async fn end_series(db: &Db, me: &Identity, id: SeriesId, mail: super::Mail) -> Result<Series> {
    let me = me.clone();
    db.write(move |c| {
        editable_series_in(c, &me, id)?;
        let ended = meetings::end_series(c, me.org_id, id, me.today())?;
        log_series(c, &me, &ended, Entity::MeetingSeries, Action::Ended)?;
        let sends = meetings::invitations::ended(c, &ended)?;
        invitations::queue(c, &mail, &sends)?;
        Ok(ended)
    })
    .await
}

/// A new calendar link for a series (the old one stops working): the series and the secret,
/// to be shown once.
pub async fn new_feed(db: &Db, me: &Identity, id: SeriesId) -> Result<(Series, String)> {
    let me = me.clone();
    db.write(move |c| {
        let series = editable_series_in(c, &me, id)?;
        let token = meetings::calendar::new_feed(c, me.org_id, id)?;
        Ok((series, token))
    })
    .await
}

/// Stops a series' calendar link.
/// Writes a change to a team's meeting series in the audit log, labelled "Sales (weekly)".
fn log_series(
    c: &mut DbConn,
    me: &Identity,
    series: &Series,
    entity: Entity,
    action: Action,
) -> Result<()> {
    let team = crate::domain::teams::find(c, me.org_id, series.team_id)?;
    let label = format!("{} ({})", team.name, series.kind.code());
    audit::record(c, me, Entry::new(entity, series.id.0, label, action))
}

pub async fn revoke_feed(db: &Db, me: &Identity, id: SeriesId) -> Result<Series> {
    let me = me.clone();
    db.write(move |c| {
        let series = editable_series_in(c, &me, id)?;
        meetings::calendar::revoke_feed(c, me.org_id, id)?;
        log_series(c, &me, &series, Entity::CalendarFeed, Action::Revoked)?;
        Ok(series)
    })
    .await
}

/// Meetings, attendance or check-ins of a period as CSV: one team's (for those who may see
/// its people) or the whole organisation's (for those who may see everyone's).
pub async fn export(
    db: &Db,
    me: &Identity,
    what: Export,
    team: Option<TeamId>,
    (from, to): (NaiveDate, NaiveDate),
) -> Result<String> {
    let me = me.clone();
    db.run(move |c| {
        match team {
            Some(team) => {
                teams::find(c, me.org_id, team)?;
                access::ensure_may_see_people(c, &me, team)?;
            }
            None => access::ensure_may_see_everyone(&me)?,
        }
        meetings::export::csv(c, me.org_id, team, what, from, to, me.today())
    })
    .await
}

/// Brings in a team's past meetings from CSV text, all rows or none: how many meetings were
/// recorded, or what is wrong with the file and its rows.
pub async fn import_history(
    db: &Db,
    me: &Identity,
    team_id: TeamId,
    text: String,
) -> Result<history::Plan<usize>> {
    let me = me.clone();
    db.write(move |c| {
        editable_team_in(c, &me, team_id)?;
        Ok(
            match history::plan(c, me.org_id, team_id, &text, me.today())? {
                Ok(rows) => {
                    let applied = history::apply(c, me.org_id, team_id, &me.time_zone, &rows)?;
                    Ok(adoption::caught_up(c, applied)?)
                }
                Err(problems) => Err(problems),
            },
        )
    })
    .await
}

#[cfg(test)]
mod tests;
