//! Key results: adding, changing and archiving them, by whoever may change the objective's
//! team's OKRs (checked in the same transaction as the change).

use super::editable_in;
use crate::app::{Db, Identity, Result};
use crate::domain::audit::{self, Action, Entity, Entry};
use crate::domain::ids::{KeyResultId, ObjectiveId, PersonId, TeamId};
use crate::domain::okrs::{KeyResult, KeyResultInput, KrKind, Objective, key_results};

/// The key result and its objective, if the person may change them, else `Forbidden`.
pub async fn editable(db: &Db, me: &Identity, id: KeyResultId) -> Result<(Objective, KeyResult)> {
    let me = me.clone();
    db.run(move |c| {
        let kr = key_results::find(c, me.org_id, id)?;
        Ok((editable_in(c, &me, kr.objective_id)?, kr))
    })
    .await
}

/// The people who can own the key results of a team: its current members.
pub async fn owners(db: &Db, me: &Identity, team_id: TeamId) -> Result<Vec<(PersonId, String)>> {
    let org_id = me.org_id;
    db.run(move |c| super::owners_in(c, org_id, team_id)).await
}

/// Adds a key result to an objective.
pub async fn create(
    db: &Db,
    me: &Identity,
    objective_id: ObjectiveId,
    input: KeyResultInput,
) -> Result<KeyResult> {
    let me = me.clone();
    db.write(move |c| {
        let objective = editable_in(c, &me, objective_id)?;
        let kr = key_results::create(c, me.org_id, objective.id, &input)?;
        let entry = Entry::new(Entity::KeyResult, kr.id.0, &kr.title, Action::Created);
        audit::record(c, &me, entry.fields(&kr))?;
        Ok(kr)
    })
    .await
}

/// A change to a key result: what is `None` stays as it is.
#[derive(Debug, Default)]
pub struct Change {
    pub title: Option<String>,
    pub kind: Option<KrKind>,
    pub unit: Option<String>,
    pub start: Option<f64>,
    pub target: Option<f64>,
    pub owner_id: Option<Option<PersonId>>,
    pub archived: Option<bool>,
}

impl Change {
    /// Every field of the key result's form.
    pub fn all(input: KeyResultInput) -> Change {
        Change {
            title: Some(input.title),
            kind: Some(input.kind),
            unit: Some(input.unit),
            start: Some(input.start),
            target: Some(input.target),
            owner_id: Some(input.owner_id),
            archived: None,
        }
    }
}

/// Changes a key result. Only what is given is checked: archiving a key result whose owner
/// has since left does not ask for a new owner.
pub async fn update(db: &Db, me: &Identity, id: KeyResultId, change: Change) -> Result<KeyResult> {
    let me = me.clone();
    db.write(move |c| {
        let org_id = me.org_id;
        let current = key_results::find(c, org_id, id)?;
        editable_in(c, &me, current.objective_id)?;
        let archived = change.archived;
        if let Some(input) = change.applied_to(current.clone()) {
            key_results::update(c, org_id, id, &input)?;
        }
        let after = match archived {
            Some(archived) => key_results::set_archived(c, org_id, id, archived)?,
            None => key_results::find(c, org_id, id)?,
        };
        let action = Action::archiving(
            current.archived_at.is_some(),
            after.archived_at.is_some(),
            Action::Updated,
        );
        let entry = Entry::new(Entity::KeyResult, id.0, &after.title, action);
        audit::record_changes(c, &me, entry.changed(&current, &after))?;
        Ok(after)
    })
    .await
}

impl Change {
    /// The key result with the change made, or `None` when no field changes.
    fn applied_to(self, current: KeyResult) -> Option<KeyResultInput> {
        let Change {
            title,
            kind,
            unit,
            start,
            target,
            owner_id,
            archived: _,
        } = self;
        let none = title.is_none()
            && kind.is_none()
            && unit.is_none()
            && start.is_none()
            && target.is_none()
            && owner_id.is_none();
        if none {
            return None;
        }
        Some(KeyResultInput {
            kind: kind.unwrap_or(current.kind),
            title: title.unwrap_or(current.title),
            unit: unit.unwrap_or(current.unit),
            start: start.unwrap_or(current.start_value),
            target: target.unwrap_or(current.target_value),
            owner_id: owner_id.unwrap_or(current.owner_id),
        })
    }
}

/// Archives a key result, or brings it back.
pub async fn set_archived(
    db: &Db,
    me: &Identity,
    id: KeyResultId,
    archived: bool,
) -> Result<KeyResult> {
    let change = Change {
        archived: Some(archived),
        ..Change::default()
    };
    update(db, me, id, change).await
}
