//! The adoption signal as ambassadors and leaders (the "watchers") read it: the dashboard
//! with every team's stage and the open alerts, a team's page (also for its members), the
//! weekly metrics and their export, cohorts, one person's regularity, acknowledging alerts,
//! and the digest setting. The stages and alerts themselves are computed in
//! `domain::adoption`.

#[cfg(test)]
mod tests;

use chrono::NaiveDate;

use crate::app::{Db, Error, Identity, Result};
use crate::db::DbConn;
use crate::domain::adoption::cohorts::{self, Cohort, Metric};
use crate::domain::adoption::person::{self, PersonWeek};
use crate::domain::adoption::recompute::{self, Job};
use crate::domain::adoption::views::{self, Alert, Standing, Totals, WeekView, year_start};
use crate::domain::adoption::{self, Stage, Thresholds, Week};
use crate::domain::ids::{AlertId, PersonId, TeamId};
use crate::domain::okrs::{self, Okr};
use crate::domain::people::Person;
use crate::domain::teams::{self, Team};
use crate::domain::{access, meetings, org, people};

/// `Forbidden` unless the person is a leader or an ambassador.
fn watcher(me: &Identity) -> Result<()> {
    if me.is_watcher() {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}

/// Every team's standing (watchers).
pub async fn standings(db: &Db, me: &Identity) -> Result<Vec<Standing>> {
    watcher(me)?;
    let org_id = me.org_id;
    db.run(move |c| views::standings(c, org_id)).await
}

/// The dashboard: the organisation's (or, with `mine`, the person's teams') totals over the
/// year, every team's standing, and the open alerts — those of stopped teams folded into
/// their stage.
pub struct Dashboard {
    pub totals: Vec<Totals>,
    pub standings: Vec<Standing>,
    pub alerts: Vec<Alert>,
    /// Open alerts left out because their team has stopped (its stage says so).
    pub folded: usize,
    pub all_teams: Vec<Team>,
    /// The teams the person is an ambassador of.
    pub supported: Vec<TeamId>,
    pub digest_on: bool,
    pub computed_at: Option<chrono::NaiveDateTime>,
    pub recompute: Option<Job>,
}

pub async fn dashboard(db: &Db, me: &Identity, mine: bool) -> Result<Dashboard> {
    watcher(me)?;
    let me = me.clone();
    db.run(move |c| {
        let (org_id, today) = (me.org_id, me.today());
        let supported = teams::supported_by(c, org_id, me.person_id)?;
        // The organisation's totals are stored; those of my teams are added up here.
        let totals = if mine {
            let weeks = views::weeks_since(c, org_id, Some(&supported), year_start(today))?;
            views::totals(weeks.iter().map(|(_, w)| w))
        } else {
            adoption::summary::stored_totals(c, org_id, year_start(today))?
        };
        let mut standings = views::standings(c, org_id)?;
        let mut alerts = views::alerts(c, org_id, None, Some(views::open_since(today)))?;
        if mine {
            standings.retain(|s| supported.contains(&s.team_id));
            alerts.retain(|a| supported.contains(&a.team_id));
        }
        Ok(Dashboard {
            folded: fold_stopped(&standings, &mut alerts),
            totals,
            standings,
            alerts,
            all_teams: teams::all(c, org_id)?,
            supported,
            digest_on: adoption::digest::is_on(c, org_id, me.person_id)?,
            computed_at: adoption::computed_at(c, org_id)?,
            recompute: recompute::latest(c, org_id)?,
        })
    })
    .await
}

/// Leaves out the open alerts of teams that have stopped (their stage says it better);
/// returns how many were left out.
pub(crate) fn fold_stopped(standings: &[Standing], alerts: &mut Vec<Alert>) -> usize {
    let stopped: Vec<TeamId> = standings
        .iter()
        .filter(|s| s.stage == Stage::Stopped)
        .map(|s| s.team_id)
        .collect();
    let before = alerts.len();
    alerts.retain(|a| !stopped.contains(&a.team_id));
    before - alerts.len()
}

/// A team's adoption page (watchers and the team's members).
pub struct TeamPage {
    pub team: Team,
    /// This year's weeks, oldest first.
    pub weeks: Vec<Week>,
    pub standing: Option<Standing>,
    pub alerts: Vec<Alert>,
    /// The team's OKRs this period.
    pub okrs: Vec<Okr>,
    pub thresholds: Thresholds,
    pub computed_at: Option<chrono::NaiveDateTime>,
}

pub async fn team(db: &Db, me: &Identity, team_id: TeamId) -> Result<TeamPage> {
    let me = me.clone();
    db.run(move |c| {
        adoption::ensure_may_view(c, &me, team_id)?;
        let org_id = me.org_id;
        let team = teams::find(c, org_id, team_id)?;
        let weeks: Vec<Week> =
            views::weeks_since(c, org_id, Some(&[team_id]), year_start(me.today()))?
                .into_iter()
                .map(|(_, w)| w)
                .collect();
        Ok(TeamPage {
            standing: views::standing_of(&team, &weeks),
            alerts: views::alerts(c, org_id, Some(team_id), None)?,
            okrs: okrs::for_team(c, org_id, team_id, &me.current_period())?,
            thresholds: Thresholds::of(&org::find(c, org_id)?),
            computed_at: adoption::computed_at(c, org_id)?,
            team,
            weeks,
        })
    })
    .await
}

fn weeks_in(
    c: &mut DbConn,
    me: &Identity,
    team: Option<TeamId>,
    (from, to): (NaiveDate, NaiveDate),
) -> Result<Vec<WeekView>> {
    adoption::ensure_may_view_scope(c, me, team)?;
    let teams = team.map(|id| vec![id]);
    views::weeks_between(c, me.org_id, teams.as_deref(), from, to)
}

/// The weekly metrics of a team (its members may), or of every team (watchers).
pub async fn weeks(
    db: &Db,
    me: &Identity,
    team: Option<TeamId>,
    window: (NaiveDate, NaiveDate),
) -> Result<Vec<WeekView>> {
    let me = me.clone();
    db.run(move |c| weeks_in(c, &me, team, window)).await
}

/// [`weeks`] as CSV.
pub async fn weeks_csv(
    db: &Db,
    me: &Identity,
    team: Option<TeamId>,
    window: (NaiveDate, NaiveDate),
) -> Result<String> {
    let me = me.clone();
    db.run(move |c| {
        let weeks = weeks_in(c, &me, team, window)?;
        views::weeks_csv(c, me.org_id, &weeks)
    })
    .await
}

/// Alerts, newest first: of a team (its members may) or of every team (watchers); with
/// `open`, only those not acknowledged from the last six weeks.
pub async fn alerts(
    db: &Db,
    me: &Identity,
    team: Option<TeamId>,
    open: bool,
) -> Result<Vec<Alert>> {
    let me = me.clone();
    db.run(move |c| {
        adoption::ensure_may_view_scope(c, &me, team)?;
        let open_since = open.then(|| views::open_since(me.today()));
        views::alerts(c, me.org_id, team, open_since)
    })
    .await
}

/// Acknowledges an alert with a note for the support log (watchers).
pub async fn acknowledge(db: &Db, me: &Identity, id: AlertId, note: String) -> Result<Alert> {
    watcher(me)?;
    let me = me.clone();
    db.write(move |c| {
        let team = adoption::acknowledge(c, me.org_id, id, me.person_id, &note)?;
        views::alerts(c, me.org_id, Some(team), None)?
            .into_iter()
            .find(|a| a.id == id)
            .ok_or(Error::NotFound)
    })
    .await
}

/// The latest recompute of stages and alerts, with its progress (watchers).
pub async fn recompute_status(db: &Db, me: &Identity) -> Result<Option<Job>> {
    watcher(me)?;
    let org_id = me.org_id;
    db.run(move |c| recompute::latest(c, org_id)).await
}

/// The teams grouped by the period they started in, month by month (watchers).
pub async fn cohorts(db: &Db, me: &Identity, metric: Metric) -> Result<Vec<Cohort>> {
    watcher(me)?;
    let me = me.clone();
    let tz = meetings::zone(&me.time_zone);
    db.run(move |c| cohorts::view(c, me.org_id, tz, me.today(), me.periods, metric))
        .await
}

/// One person's attendance and check-ins week by week this year, to support them (those
/// who may see everyone's: leaders and ambassadors).
pub async fn person(db: &Db, me: &Identity, id: PersonId) -> Result<(Person, Vec<PersonWeek>)> {
    access::ensure_may_see_everyone(me)?;
    let me = me.clone();
    let tz = meetings::zone(&me.time_zone);
    db.run(move |c| {
        let today = me.today();
        let who = people::find(c, me.org_id, id)?;
        let weeks = person::weeks(c, me.org_id, id, tz, year_start(today), today)?;
        Ok((who, weeks))
    })
    .await
}

/// Turns the person's weekly digest on or off.
pub async fn set_digest(db: &Db, me: &Identity, on: bool) -> Result<()> {
    let (org_id, person) = (me.org_id, me.person_id);
    db.write(move |c| adoption::digest::set_on(c, org_id, person, on))
        .await
}
