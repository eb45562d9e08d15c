//! A person's home, the page they land on: the key results they own with this week's
//! check-in, their teams' next and last meetings, workshops running now that they can join,
//! their teams' objectives still in draft, and for ambassadors and leaders the standing of
//! the teams they watch with the open alerts.

use crate::app::{Db, Identity, Result};
use crate::db::DbConn;
use crate::domain::adoption::views::{self, Alert, Standing};
use crate::domain::adoption::{self, Stage};
use crate::domain::home::{self, FirstSteps, TeamMeetings};
use crate::domain::ids::TeamId;
use crate::domain::okrs::Objective;
use crate::domain::okrs::check_ins::{self, Owned};
use crate::domain::people::Role;
use crate::domain::teams::{self, Team};
use crate::domain::workshops::Workshop;

/// Everything on the home page; every part may be empty.
pub struct Home {
    /// The key results the person owns, in objectives in play, with this week's check-in.
    pub key_results: Vec<Owned>,
    /// The teams the person is a member of, with their next and last meetings.
    pub teams: Vec<(Team, TeamMeetings)>,
    pub workshops: Vec<Workshop>,
    /// The person's teams' objectives in draft, with their team's name.
    pub drafts: Vec<(Objective, String)>,
    /// For ambassadors and leaders: what they watch. `None` for everyone else.
    pub watch: Option<Watch>,
    /// For a leader of an organisation still setting up: the path ahead, in order. `None`
    /// once every step is done, and for everyone else.
    pub first_run: Option<Vec<Step>>,
}

/// One step of setting up a new organisation.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Step {
    /// Names the step's text (`home-step-<name>`).
    pub name: &'static str,
    /// Where it is done.
    pub href: &'static str,
    pub done: bool,
    /// The first step not done yet: the one to take now.
    pub next: bool,
}

/// The path a new organisation takes, as the demo describes it, with what is done.
pub fn steps(counts: FirstSteps) -> Vec<Step> {
    let step = |name, href, done| Step {
        name,
        href,
        done,
        next: false,
    };
    let mut steps = vec![
        step(
            "people",
            "/people/import",
            counts.people > 1 && counts.teams > 0,
        ),
        step("ambassadors", "/teams", counts.ambassadors > 0),
        step("facilitators", "/people", counts.facilitators > 0),
        step("rollout", "/rollouts/new", counts.rollouts > 0),
        step("survey", "/surveys/new", counts.surveys > 0),
        step("workshop", "/workshops/new", counts.workshops > 0),
        step("meetings", "/teams", counts.series > 0),
    ];
    if let Some(first) = steps.iter_mut().find(|s| !s.done) {
        first.next = true;
    }
    steps
}

/// The teams an ambassador supports (a leader: every team), those needing a look first.
pub struct Watch {
    /// Slipping and stopped teams first, then the others by name.
    pub standings: Vec<Standing>,
    /// Open alerts of those teams, newest first (stopped teams' alerts folded into their
    /// stage, as on the dashboard).
    pub alerts: Vec<Alert>,
    /// Whether the figures are the organisation's (a leader) or the supported teams'.
    pub whole_org: bool,
    pub computed_at: Option<chrono::NaiveDateTime>,
}

/// How many teams and alerts the home shows before pointing to the dashboard.
pub const WATCH_ROWS: usize = 8;

pub async fn home(db: &Db, me: &Identity) -> Result<Home> {
    let me = me.clone();
    db.run(move |c| {
        let (org_id, today) = (me.org_id, me.today());
        let since = check_ins::week_start_utc(&me.time_zone, today);
        let my_teams = teams::teams_of(c, org_id, me.person_id)?;
        let ids: Vec<TeamId> = my_teams.iter().map(|t| t.id).collect();
        let meetings = home::meetings_of(c, org_id, &ids, today)?;
        let drafts = home::draft_objectives(c, org_id, &ids)?
            .into_iter()
            .map(|o| {
                let team = my_teams.iter().find(|t| t.id == o.team_id);
                let name = team.map(|t| t.name.clone()).unwrap_or_default();
                (o, name)
            })
            .collect();
        Ok(Home {
            key_results: check_ins::owned_by(c, org_id, me.person_id, since)?,
            workshops: home::live_workshops(c, org_id, me.person_id, &ids)?,
            teams: my_teams.into_iter().zip(meetings).collect(),
            drafts,
            watch: watch(c, &me, today)?,
            first_run: first_run(c, &me)?,
        })
    })
    .await
}

fn watch(c: &mut DbConn, me: &Identity, today: chrono::NaiveDate) -> Result<Option<Watch>> {
    if !me.is_watcher() {
        return Ok(None);
    }
    let org_id = me.org_id;
    let whole_org = me.has_role(Role::Leader);
    let mut standings = views::standings(c, org_id)?;
    let mut alerts = views::alerts(c, org_id, None, Some(views::open_since(today)))?;
    if !whole_org {
        let supported = teams::supported_by(c, org_id, me.person_id)?;
        standings.retain(|s| supported.contains(&s.team_id));
        alerts.retain(|a| supported.contains(&a.team_id));
    }
    crate::app::adoption::fold_stopped(&standings, &mut alerts);
    standings.sort_by_key(|s| (!needs_a_look(s.stage), s.name.to_lowercase()));
    Ok(Some(Watch {
        standings,
        alerts,
        whole_org,
        computed_at: adoption::computed_at(c, org_id)?,
    }))
}

fn first_run(c: &mut DbConn, me: &Identity) -> Result<Option<Vec<Step>>> {
    if !me.has_role(Role::Leader) {
        return Ok(None);
    }
    let steps = steps(home::first_steps(c, me.org_id)?);
    Ok((!steps.iter().all(|s| s.done)).then_some(steps))
}

/// The stages an ambassador should look at first.
pub fn needs_a_look(stage: Stage) -> bool {
    matches!(stage, Stage::Slipping | Stage::Stopped)
}

#[cfg(test)]
mod tests;
