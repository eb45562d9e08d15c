//! Rollouts: an organisation's plan to bring in OKRs (preparation, workshops, follow-up, the
//! month by which OKRs should be routine) with its checklist ([`checklist`]). Everyone
//! reads; leaders plan.

pub mod checklist;

use chrono::NaiveDate;

use crate::app::{Db, Identity, Result};
use crate::db::DbConn;
use crate::domain::ids::{OrgId, PersonId, RolloutId, TeamId};
use crate::domain::people::{self, Role};
use crate::domain::rollouts::{self, Item, Phase, Rollout, RolloutInput, RolloutSummary};
use crate::domain::surveys::{self, SurveySummary};
use crate::domain::{adoption, org, teams};

pub async fn list(db: &Db, me: &Identity) -> Result<Vec<RolloutSummary>> {
    let me = me.clone();
    db.run(move |c| rollouts::list(c, me.org_id, me.today()))
        .await
}

/// A rollout with its teams and checklist, as of the organisation's today.
pub struct Detail {
    pub rollout: Rollout,
    /// The teams it is for; empty when it is for all.
    pub team_ids: Vec<TeamId>,
    pub items: Vec<Item>,
    pub today: NaiveDate,
}

impl Detail {
    /// Each phase with its dates and how many of its items are done, of how many.
    pub fn phases(&self) -> Vec<(Phase, (NaiveDate, NaiveDate), usize, usize)> {
        rollouts::progress(&self.items)
            .into_iter()
            .map(|(phase, done, total)| (phase, self.rollout.dates(phase), done, total))
            .collect()
    }
}

fn detail_in(c: &mut DbConn, org_id: OrgId, id: RolloutId) -> Result<Detail> {
    Ok(Detail {
        today: org::today(c, org_id)?,
        rollout: rollouts::find(c, org_id, id)?,
        team_ids: rollouts::team_ids(c, org_id, id)?,
        items: rollouts::items(c, org_id, id)?,
    })
}

pub async fn detail(db: &Db, me: &Identity, id: RolloutId) -> Result<Detail> {
    let org_id = me.org_id;
    db.run(move |c| detail_in(c, org_id, id)).await
}

/// The rollout page: the detail, the names of its teams, who items can be assigned to, its
/// surveys, and how many of its teams are at routine (of how many).
pub struct Page {
    pub detail: Detail,
    pub team_names: Vec<String>,
    pub everyone: Vec<(PersonId, String)>,
    pub surveys: Vec<SurveySummary>,
    pub routine: (usize, usize),
}

pub async fn page(db: &Db, me: &Identity, id: RolloutId) -> Result<Page> {
    let org_id = me.org_id;
    db.run(move |c| {
        let detail = detail_in(c, org_id, id)?;
        let day = detail.today;
        let ids = &detail.team_ids;
        let scope = (!ids.is_empty()).then_some(ids.as_slice());
        Ok(Page {
            routine: adoption::views::at_routine(c, org_id, scope, day)?,
            team_names: teams::all(c, org_id)?
                .into_iter()
                .filter(|t| ids.contains(&t.id))
                .map(|t| t.name)
                .collect(),
            everyone: people::names(c, org_id)?,
            surveys: surveys::list(c, org_id, day)?
                .into_iter()
                .filter(|s| s.survey.rollout_id == Some(id))
                .collect(),
            detail,
        })
    })
    .await
}

/// What a rollout's form offers: the teams (not departments), with their depth (leaders).
pub async fn team_choices(db: &Db, me: &Identity) -> Result<Vec<(TeamId, String, usize)>> {
    me.require(Role::Leader)?;
    let org_id = me.org_id;
    Ok(db
        .run(move |c| teams::tree(c, org_id))
        .await?
        .into_iter()
        .filter(|t| !t.team.is_department())
        .map(|t| (t.team.id, t.team.name, t.depth))
        .collect())
}

/// The rollout and its teams, to edit (leaders).
pub async fn editable(db: &Db, me: &Identity, id: RolloutId) -> Result<(Rollout, Vec<TeamId>)> {
    me.require(Role::Leader)?;
    let org_id = me.org_id;
    db.run(move |c| {
        Ok((
            rollouts::find(c, org_id, id)?,
            rollouts::team_ids(c, org_id, id)?,
        ))
    })
    .await
}

/// Plans a rollout, its checklist seeded (leaders).
pub async fn create(db: &Db, me: &Identity, input: RolloutInput) -> Result<Detail> {
    me.require(Role::Leader)?;
    let org_id = me.org_id;
    db.write(move |c| {
        let r = rollouts::create(c, org_id, &input)?;
        detail_in(c, org_id, r.id)
    })
    .await
}

/// A change to a rollout: what is `None` stays as it is.
#[derive(Debug, Default)]
pub struct Change {
    pub name: Option<String>,
    pub all_teams: Option<bool>,
    pub team_ids: Option<Vec<TeamId>>,
    pub prep_start: Option<NaiveDate>,
    pub prep_end: Option<NaiveDate>,
    pub workshop_start: Option<NaiveDate>,
    pub workshop_end: Option<NaiveDate>,
    /// `Some(None)`: the day after the workshop ends.
    pub followup_start: Option<Option<NaiveDate>>,
    pub routine_months: Option<u32>,
}

impl Change {
    /// Every field of the rollout's form.
    pub fn all(input: RolloutInput) -> Change {
        Change {
            name: Some(input.name),
            all_teams: Some(input.all_teams),
            team_ids: Some(input.team_ids),
            prep_start: Some(input.prep_start),
            prep_end: Some(input.prep_end),
            workshop_start: Some(input.workshop_start),
            workshop_end: Some(input.workshop_end),
            followup_start: Some(input.followup_start),
            routine_months: Some(input.routine_months),
        }
    }
}

/// Changes a rollout's name, teams or dates (leaders).
pub async fn update(db: &Db, me: &Identity, id: RolloutId, change: Change) -> Result<Detail> {
    me.require(Role::Leader)?;
    let org_id = me.org_id;
    db.write(move |c| {
        let current = rollouts::find(c, org_id, id)?;
        let team_ids = match change.team_ids {
            Some(ids) => ids,
            None => rollouts::team_ids(c, org_id, id)?,
        };
        let input = RolloutInput {
            routine_months: change
                .routine_months
                .unwrap_or_else(|| current.routine_months()),
            name: change.name.unwrap_or(current.name),
            all_teams: change.all_teams.unwrap_or(current.all_teams),
            team_ids,
            prep_start: change.prep_start.unwrap_or(current.prep_start),
            prep_end: change.prep_end.unwrap_or(current.prep_end),
            workshop_start: change.workshop_start.unwrap_or(current.workshop_start),
            workshop_end: change.workshop_end.unwrap_or(current.workshop_end),
            followup_start: change
                .followup_start
                .unwrap_or(Some(current.followup_start)),
        };
        rollouts::update(c, org_id, id, &input)?;
        detail_in(c, org_id, id)
    })
    .await
}
