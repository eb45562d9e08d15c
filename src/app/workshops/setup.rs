//! Setting a workshop up: what the form offers, creating one, changing it while it is a
//! draft, its page, and deleting a draft. Someone who runs workshops creates them; the
//! workshop's own facilitator, or a leader, changes and deletes it (checked in the same
//! transaction as the change).

use crate::domain::audit::{self, Action, Entity, Entry};
use serde::Serialize;

use super::{may_run, steerable_in, visible_in};
use crate::app::{Db, Identity, Result};
use crate::db::DbConn;
use crate::domain::ids::{RolloutId, TeamId, WorkshopId};
use crate::domain::workshops::agenda::Agenda;
use crate::domain::workshops::{self, Status, Workshop};
use crate::domain::{FieldErrors, Locale, cases, okrs, rollouts, teams};

/// A workshop as its form sets it up.
#[derive(Debug, Clone)]
pub struct Setup {
    pub title: String,
    pub locale: Locale,
    pub rollout_id: Option<RolloutId>,
    pub team_ids: Vec<TeamId>,
    pub agenda: Agenda,
}

/// What the set-up form offers: the rollouts, the teams and the cases not archived, in the
/// reader's language.
#[derive(Debug, Serialize)]
pub struct Choices {
    pub rollouts: Vec<(RolloutId, String)>,
    pub teams: Vec<(TeamId, String)>,
    pub cases: Vec<(String, String)>,
}

pub async fn choices(db: &Db, me: &Identity, reader: Locale) -> Result<Choices> {
    may_run(me)?;
    let (org_id, today) = (me.org_id, me.today());
    db.run(move |c| {
        Ok(Choices {
            rollouts: rollouts::list(c, org_id, today)?
                .into_iter()
                .map(|r| (r.rollout.id, r.rollout.name))
                .collect(),
            teams: teams::all(c, org_id)?
                .into_iter()
                .map(|t| (t.id, t.name))
                .collect(),
            cases: cases::list(c, org_id, reader)?
                .into_iter()
                .filter(|case| !case.archived)
                .map(|case| (case.case_ref.to_string(), case.title))
                .collect(),
        })
    })
    .await
}

/// Creates a workshop in draft, with the person as its facilitator.
pub async fn create(db: &Db, me: &Identity, setup: Setup) -> Result<Workshop> {
    may_run(me)?;
    let me = me.clone();
    db.write(move |c| store(c, &me, None, &setup)).await
}

/// Stores a set-up: a new draft, or the change to one (`id`) the person steers; and the
/// teams it is for.
fn store(c: &mut DbConn, me: &Identity, id: Option<WorkshopId>, s: &Setup) -> Result<Workshop> {
    let (title, agenda) = (&s.title, &s.agenda);
    let w = match id {
        None => workshops::create(
            c,
            me.org_id,
            me.person_id,
            title,
            s.locale,
            agenda,
            s.rollout_id,
        )?,
        Some(id) => {
            steerable_in(c, me, id)?;
            workshops::update_draft(c, me.org_id, id, title, s.locale, agenda, s.rollout_id)?
        }
    };
    workshops::set_teams(c, &w, &s.team_ids)?;
    Ok(w)
}

/// A draft to change, with the teams it is for.
#[derive(Debug)]
pub struct Draft {
    pub workshop: Workshop,
    pub team_ids: Vec<TeamId>,
}

/// The workshop to change, while it is a draft (a `workshop` field error once it has
/// started: then its agenda is what the room follows).
pub async fn editable(db: &Db, me: &Identity, id: WorkshopId) -> Result<Draft> {
    let me = me.clone();
    db.run(move |c| {
        let workshop = steerable_in(c, &me, id)?;
        if workshop.status != Status::Draft {
            return Err(FieldErrors::single("workshop", "field-workshop-started"));
        }
        let team_ids = workshops::teams_of(c, me.org_id, id)?
            .into_iter()
            .map(|(team, _)| team)
            .collect();
        Ok(Draft { workshop, team_ids })
    })
    .await
}

/// Changes a draft.
pub async fn update(db: &Db, me: &Identity, id: WorkshopId, setup: Setup) -> Result<Workshop> {
    let me = me.clone();
    db.write(move |c| store(c, &me, Some(id), &setup)).await
}

/// A workshop's page.
#[derive(Debug)]
pub struct Detail {
    pub workshop: Workshop,
    /// The teams it is for: (id, name), by name.
    pub teams: Vec<(TeamId, String)>,
    /// How many have taken a seat.
    pub participants: usize,
    /// How many objectives were saved from it.
    pub saved: usize,
    /// The person is its facilitator (and may open its room).
    pub is_facilitator: bool,
    /// Its facilitator's name, for the sentence that says who runs it.
    pub facilitator: String,
    /// The person steers it (changes it, saves its outcome): its facilitator or a leader.
    pub steers: bool,
}

pub async fn detail(db: &Db, me: &Identity, id: WorkshopId) -> Result<Detail> {
    let me = me.clone();
    db.run(move |c| {
        let workshop = visible_in(c, &me, id)?;
        Ok(Detail {
            teams: workshops::teams_of(c, me.org_id, id)?,
            participants: workshops::participants(c, id)?.len(),
            saved: okrs::from_workshop(c, me.org_id, id)?.len(),
            is_facilitator: workshop.facilitator_id == me.person_id,
            facilitator: crate::domain::people::find(c, me.org_id, workshop.facilitator_id)?
                .row
                .name,
            steers: super::steers(&me, &workshop),
            workshop,
        })
    })
    .await
}

/// Deletes a draft and returns it; a workshop that ran stays (a `workshop` field error),
/// since its log is the record of what the team decided.
pub async fn delete(db: &Db, me: &Identity, id: WorkshopId) -> Result<Workshop> {
    let me = me.clone();
    db.write(move |c| {
        let w = steerable_in(c, &me, id)?;
        workshops::delete_draft(c, me.org_id, id)?;
        audit::record(
            c,
            &me,
            Entry::new(Entity::Workshop, id.0, &w.title, Action::Deleted),
        )?;
        Ok(w)
    })
    .await
}
