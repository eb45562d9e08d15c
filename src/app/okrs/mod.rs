//! Objectives: a team's register for a period, and creating, changing, confirming, moving,
//! aligning and archiving objectives. Everyone in the organisation reads; the team's
//! members, its ambassadors and leaders change ([`okrs::may_edit`]), checked in the same
//! transaction as the change, for the team the objective is in and the one it moves to.

pub mod check_ins;
pub mod company;
pub mod key_results;

use std::collections::BTreeMap;

use super::{Db, Identity, Result};
use crate::db::DbConn;
use crate::domain::audit::{self, Action, Entity, Entry};
use crate::domain::ids::{ObjectiveId, OrgId, OrgObjectiveId, PersonId, TeamId};
use crate::domain::okrs::company::OrgObjective;
use crate::domain::okrs::{self, Objective, ObjectiveInput, Okr, Status};
use crate::domain::teams::{self, Team};
use crate::domain::{adoption, people, periods};

/// People's names by id, for showing owners.
pub type Names = BTreeMap<PersonId, String>;

fn names(c: &mut DbConn, org_id: OrgId) -> Result<Names> {
    Ok(people::names(c, org_id)?.into_iter().collect())
}

/// A team's register for a period, as its page shows it.
pub struct Register {
    pub teams: Vec<Team>,
    /// The team shown: none when the organisation has no teams yet.
    pub team: Option<Team>,
    pub okrs: Vec<Okr>,
    /// The person may change this team's OKRs.
    pub editable: bool,
    pub names: Names,
}

/// The register of `team` for `period`; without a team, the person's own (else the first
/// team that is not a department).
pub async fn register(
    db: &Db,
    me: &Identity,
    team: Option<TeamId>,
    period: String,
) -> Result<Register> {
    let me = me.clone();
    db.run(move |c| {
        let all = teams::all(c, me.org_id)?;
        let team = match team {
            Some(id) => Some(teams::find(c, me.org_id, id)?),
            None => {
                let mine = teams::teams_of_person(c, me.org_id, me.person_id)?;
                all.iter()
                    .find(|t| mine.contains(&t.id))
                    .or_else(|| all.iter().find(|t| !t.is_department()))
                    .cloned()
            }
        };
        let (okrs_, editable) = match &team {
            Some(t) => (
                okrs::for_team(c, me.org_id, t.id, &period)?,
                okrs::may_edit(c, &me, t.id)?,
            ),
            None => (Vec::new(), false),
        };
        Ok(Register {
            teams: all,
            team,
            okrs: okrs_,
            editable,
            names: names(c, me.org_id)?,
        })
    })
    .await
}

/// A team's objectives for a period.
pub async fn team_okrs(db: &Db, me: &Identity, team: TeamId, period: String) -> Result<Vec<Okr>> {
    let org_id = me.org_id;
    db.run(move |c| {
        teams::find(c, org_id, team)?;
        okrs::for_team(c, org_id, team, &period)
    })
    .await
}

/// An objective with all its key results (archived ones too).
pub async fn okr(db: &Db, me: &Identity, id: ObjectiveId) -> Result<Okr> {
    let org_id = me.org_id;
    db.run(move |c| okrs::find_okr(c, org_id, id, true)).await
}

/// An objective as its page shows it.
pub struct ObjectiveView {
    pub okr: Okr,
    pub team: Team,
    pub editable: bool,
    pub names: Names,
}

pub async fn objective(db: &Db, me: &Identity, id: ObjectiveId) -> Result<ObjectiveView> {
    let me = me.clone();
    db.run(move |c| {
        let okr = okrs::find_okr(c, me.org_id, id, true)?;
        let team = teams::find(c, me.org_id, okr.objective.team_id)?;
        Ok(ObjectiveView {
            editable: okrs::may_edit(c, &me, team.id)?,
            names: names(c, me.org_id)?,
            okr,
            team,
        })
    })
    .await
}

/// The objective, if the person may change it (for its forms), else `Forbidden`.
pub async fn editable(db: &Db, me: &Identity, id: ObjectiveId) -> Result<Objective> {
    let me = me.clone();
    db.run(move |c| editable_in(c, &me, id)).await
}

/// Writes what a change did to an objective in the audit log (archived, restored, or the
/// fields updated).
fn log_change(c: &mut DbConn, me: &Identity, before: &Objective, after: &Objective) -> Result<()> {
    let action = Action::archiving(
        before.archived_at.is_some(),
        after.archived_at.is_some(),
        Action::Updated,
    );
    let entry = Entry::new(Entity::Objective, after.id.0, &after.title, action);
    audit::record_changes(c, me, entry.changed(before, after))
}

fn editable_in(c: &mut DbConn, me: &Identity, id: ObjectiveId) -> Result<Objective> {
    let objective = okrs::find(c, me.org_id, id)?;
    okrs::ensure_may_edit(c, me, objective.team_id)?;
    Ok(objective)
}

/// `Forbidden` unless the person may change the team's OKRs (to open a form for a new
/// objective).
pub async fn ensure_may_edit(db: &Db, me: &Identity, team_id: TeamId) -> Result<()> {
    let me = me.clone();
    db.run(move |c| okrs::ensure_may_edit(c, &me, team_id))
        .await
}

/// The people who can own a team's OKRs: its current members.
pub(crate) fn owners_in(
    c: &mut DbConn,
    org_id: OrgId,
    team_id: TeamId,
) -> Result<Vec<(PersonId, String)>> {
    Ok(teams::members(c, org_id, team_id)?
        .into_iter()
        .filter(|m| m.left_on.is_none())
        .map(|m| (m.person_id, m.name))
        .collect())
}

/// What an objective's form offers to choose from.
pub struct Choices {
    pub teams: Vec<Team>,
    /// The team's current members.
    pub owners: Vec<(PersonId, String)>,
    /// The organisation objectives of the period, to align with.
    pub alignments: Vec<OrgObjective>,
}

/// The choices for an objective of `team` in `period` (either may be what was typed, and
/// wrong: then there is nothing to choose).
pub async fn choices(
    db: &Db,
    me: &Identity,
    team: Option<TeamId>,
    period: String,
) -> Result<Choices> {
    let org_id = me.org_id;
    db.run(move |c| {
        Ok(Choices {
            teams: teams::all(c, org_id)?,
            owners: match team {
                Some(t) => owners_in(c, org_id, t)?,
                None => Vec::new(),
            },
            alignments: if periods::valid(&period) {
                okrs::company::for_period(c, org_id, &period)?
            } else {
                Vec::new()
            },
        })
    })
    .await
}

/// Creates an objective (aligned to an organisation objective, if given).
pub async fn create(
    db: &Db,
    me: &Identity,
    input: ObjectiveInput,
    aligned_to: Option<OrgObjectiveId>,
) -> Result<Okr> {
    let me = me.clone();
    db.write(move |c| {
        okrs::ensure_may_edit(c, &me, input.team_id)?;
        let created = okrs::create(c, me.org_id, &input, None, &[])?;
        let mut okr = adoption::caught_up(c, created)?;
        if aligned_to.is_some() {
            okrs::company::align(c, me.org_id, okr.objective.id, aligned_to)?;
            okr.objective.aligned_to = aligned_to;
        }
        let o = &okr.objective;
        let entry = Entry::new(Entity::Objective, o.id.0, &o.title, Action::Created);
        audit::record(c, &me, entry.fields(o))?;
        Ok(okr)
    })
    .await
}

/// A change to an objective: what is `None` stays as it is.
#[derive(Debug, Default)]
pub struct Change {
    pub team_id: Option<TeamId>,
    pub period: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub owner_id: Option<Option<PersonId>>,
    pub status: Option<Status>,
    pub aligned_to: Option<Option<OrgObjectiveId>>,
    pub archived: Option<bool>,
}

impl Change {
    /// Every field of the objective's form.
    pub fn all(input: ObjectiveInput, aligned_to: Option<OrgObjectiveId>) -> Change {
        Change {
            team_id: Some(input.team_id),
            period: Some(input.period),
            title: Some(input.title),
            description: Some(input.description),
            owner_id: Some(input.owner_id),
            status: Some(input.status),
            aligned_to: Some(aligned_to),
            archived: None,
        }
    }
}

/// Changes an objective. Moving it to another team needs the right to change that team too.
/// Only what is given is checked: archiving an objective whose owner has since left does not
/// ask for a new owner.
pub async fn update(db: &Db, me: &Identity, id: ObjectiveId, change: Change) -> Result<Okr> {
    let me = me.clone();
    db.write(move |c| {
        let org_id = me.org_id;
        let current = editable_in(c, &me, id)?;
        let (aligned_to, archived) = (change.aligned_to, change.archived);
        if let Some(input) = change.applied_to(current.clone())? {
            if input.team_id != current.team_id {
                okrs::ensure_may_edit(c, &me, input.team_id)?;
            }
            let updated = okrs::update(c, org_id, id, &input)?;
            adoption::caught_up(c, updated)?;
        }
        if let Some(to) = aligned_to {
            okrs::company::align(c, org_id, id, to)?;
        }
        if let Some(archived) = archived {
            let changed = okrs::set_archived(c, org_id, id, archived)?;
            adoption::caught_up(c, changed)?;
        }
        let okr = okrs::find_okr(c, org_id, id, true)?;
        log_change(c, &me, &current, &okr.objective)?;
        Ok(okr)
    })
    .await
}

impl Change {
    /// The objective with the change made, or `None` when none of its fields changes.
    fn applied_to(self, current: Objective) -> Result<Option<ObjectiveInput>> {
        let Change {
            team_id,
            period,
            title,
            description,
            owner_id,
            status,
            aligned_to: _,
            archived: _,
        } = self;
        let none = team_id.is_none()
            && period.is_none()
            && title.is_none()
            && description.is_none()
            && owner_id.is_none()
            && status.is_none();
        if none {
            return Ok(None);
        }
        Ok(Some(ObjectiveInput {
            status: match status {
                Some(s) => s,
                None => current.status,
            },
            team_id: team_id.unwrap_or(current.team_id),
            period: period.unwrap_or(current.period),
            title: title.unwrap_or(current.title),
            description: description.unwrap_or(current.description),
            owner_id: owner_id.unwrap_or(current.owner_id),
        }))
    }
}

/// Confirms a draft, or marks an objective done or dropped.
pub async fn set_status(
    db: &Db,
    me: &Identity,
    id: ObjectiveId,
    status: Status,
) -> Result<Objective> {
    let me = me.clone();
    db.write(move |c| {
        let before = editable_in(c, &me, id)?;
        let changed = okrs::set_status(c, me.org_id, id, status)?;
        let after = adoption::caught_up(c, changed)?;
        log_change(c, &me, &before, &after)?;
        Ok(after)
    })
    .await
}

/// Carries an unfinished objective into another period.
pub async fn move_to(db: &Db, me: &Identity, id: ObjectiveId, period: String) -> Result<Objective> {
    let me = me.clone();
    db.write(move |c| {
        let before = editable_in(c, &me, id)?;
        let moved = okrs::move_to(c, me.org_id, id, &period)?;
        let after = adoption::caught_up(c, moved)?;
        log_change(c, &me, &before, &after)?;
        Ok(after)
    })
    .await
}

/// Archives an objective, or brings it back.
pub async fn set_archived(
    db: &Db,
    me: &Identity,
    id: ObjectiveId,
    archived: bool,
) -> Result<Objective> {
    let me = me.clone();
    db.write(move |c| {
        let before = editable_in(c, &me, id)?;
        let changed = okrs::set_archived(c, me.org_id, id, archived)?;
        let after = adoption::caught_up(c, changed)?;
        log_change(c, &me, &before, &after)?;
        Ok(after)
    })
    .await
}

/// Aligns an objective to an organisation objective of its period, or to none.
pub async fn align(
    db: &Db,
    me: &Identity,
    id: ObjectiveId,
    to: Option<OrgObjectiveId>,
) -> Result<Okr> {
    let me = me.clone();
    db.write(move |c| {
        let before = editable_in(c, &me, id)?;
        okrs::company::align(c, me.org_id, id, to)?;
        let okr = okrs::find_okr(c, me.org_id, id, true)?;
        log_change(c, &me, &before, &okr.objective)?;
        Ok(okr)
    })
    .await
}

#[cfg(test)]
mod tests;
