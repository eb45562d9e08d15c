//! A rollout's checklist: items per phase with an owner and a due date, seeded from good
//! practice; added, edited, reordered, ticked and deleted.

use chrono::NaiveDate;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use super::{Phase, find};
use crate::db::schema::{checklist_items, people};
use crate::domain::ids::{ChecklistItemId, OrgId, PersonId, RolloutId};
use crate::domain::{DbConn, Error, FieldErrors, Result, now};

/// A checklist item with its owner's name.
#[derive(Debug, Clone, Queryable, Serialize)]
pub struct Item {
    pub id: ChecklistItemId,
    pub rollout_id: RolloutId,
    pub phase: Phase,
    pub position: i32,
    pub seed_key: Option<String>,
    pub title: Option<String>,
    pub notes: String,
    pub owner_id: Option<PersonId>,
    pub owner_name: Option<String>,
    pub due_on: Option<NaiveDate>,
    pub done_at: Option<chrono::NaiveDateTime>,
}

impl Item {
    pub fn is_done(&self) -> bool {
        self.done_at.is_some()
    }

    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        !self.is_done() && self.due_on.is_some_and(|d| d < today)
    }
}

/// A checklist, phase by phase in order.
pub fn items(conn: &mut DbConn, org_id: OrgId, rollout_id: RolloutId) -> Result<Vec<Item>> {
    let mut items: Vec<Item> = checklist_items::table
        .left_join(people::table.on(people::id.nullable().eq(checklist_items::owner_id)))
        .filter(checklist_items::org_id.eq(org_id))
        .filter(checklist_items::rollout_id.eq(rollout_id))
        .select((
            checklist_items::id,
            checklist_items::rollout_id,
            checklist_items::phase,
            checklist_items::position,
            checklist_items::seed_key,
            checklist_items::title,
            checklist_items::notes,
            checklist_items::owner_id,
            people::name.nullable(),
            checklist_items::due_on,
            checklist_items::done_at,
        ))
        .load(conn)?;
    items.sort_by_key(|i| (i.phase, i.position, i.id));
    Ok(items)
}

pub fn item(
    conn: &mut DbConn,
    org_id: OrgId,
    rollout_id: RolloutId,
    item_id: ChecklistItemId,
) -> Result<Item> {
    items(conn, org_id, rollout_id)?
        .into_iter()
        .find(|i| i.id == item_id)
        .ok_or(Error::NotFound)
}

/// Input for adding or editing a checklist item.
#[derive(Debug, Clone, Deserialize)]
pub struct ItemInput {
    pub phase: Phase,
    pub title: String,
    #[serde(default)]
    pub notes: String,
    pub owner_id: Option<PersonId>,
    pub due_on: Option<NaiveDate>,
}

impl ItemInput {
    fn validate(&self, conn: &mut DbConn, org_id: OrgId) -> Result<()> {
        let mut errors = FieldErrors::default();
        let n = self.title.trim().chars().count();
        if n == 0 || n > 200 {
            errors.add("title", "field-title-length");
        }
        if self.notes.chars().count() > 2000 {
            errors.add("notes", "field-notes-length");
        }
        if let Some(owner) = self.owner_id {
            let found: i64 = people::table
                .filter(people::org_id.eq(org_id))
                .filter(people::id.eq(owner))
                .count()
                .get_result(conn)?;
            if found == 0 {
                errors.add("owner_id", "field-person-unknown");
            }
        }
        errors.into_result()
    }
}

fn next_position(conn: &mut DbConn, rollout_id: RolloutId, phase: Phase) -> Result<i32> {
    let max: Option<i32> = checklist_items::table
        .filter(checklist_items::rollout_id.eq(rollout_id))
        .filter(checklist_items::phase.eq(phase))
        .select(diesel::dsl::max(checklist_items::position))
        .first(conn)?;
    Ok(max.map_or(0, |m| m + 1))
}

pub fn add_item(
    conn: &mut DbConn,
    org_id: OrgId,
    rollout_id: RolloutId,
    input: &ItemInput,
) -> Result<ChecklistItemId> {
    find(conn, org_id, rollout_id)?;
    input.validate(conn, org_id)?;
    let position = next_position(conn, rollout_id, input.phase)?;
    Ok(diesel::insert_into(checklist_items::table)
        .values((
            checklist_items::org_id.eq(org_id),
            checklist_items::rollout_id.eq(rollout_id),
            checklist_items::phase.eq(input.phase),
            checklist_items::position.eq(position),
            checklist_items::title.eq(Some(input.title.trim())),
            checklist_items::notes.eq(input.notes.trim()),
            checklist_items::owner_id.eq(input.owner_id),
            checklist_items::due_on.eq(input.due_on),
        ))
        .returning(checklist_items::id)
        .get_result(conn)?)
}

/// Edits an item. Moving it to another phase puts it last there. A seeded item keeps
/// following its translation until its title is changed.
pub fn update_item(
    conn: &mut DbConn,
    org_id: OrgId,
    rollout_id: RolloutId,
    item_id: ChecklistItemId,
    input: &ItemInput,
    seeded_title: Option<&str>,
) -> Result<()> {
    let current = item(conn, org_id, rollout_id, item_id)?;
    input.validate(conn, org_id)?;
    let position = if current.phase == input.phase {
        current.position
    } else {
        next_position(conn, rollout_id, input.phase)?
    };
    let title = match (current.title, seeded_title) {
        (None, Some(seeded)) if seeded == input.title.trim() => None,
        _ => Some(input.title.trim().to_owned()),
    };
    diesel::update(checklist_items::table.find(item_id))
        .set((
            checklist_items::phase.eq(input.phase),
            checklist_items::position.eq(position),
            checklist_items::title.eq(title),
            checklist_items::notes.eq(input.notes.trim()),
            checklist_items::owner_id.eq(input.owner_id),
            checklist_items::due_on.eq(input.due_on),
        ))
        .execute(conn)?;
    Ok(())
}

/// Ticks or unticks an item. Leaders may tick any item; anyone else only an item assigned to
/// them.
pub fn set_done(
    conn: &mut DbConn,
    rollout_id: RolloutId,
    item_id: ChecklistItemId,
    by: &crate::domain::identity::Identity,
    done: bool,
) -> Result<()> {
    let current = item(conn, by.org_id, rollout_id, item_id)?;
    if !by.has_role(crate::domain::people::Role::Leader) && current.owner_id != Some(by.person_id) {
        return Err(Error::Forbidden);
    }
    if current.is_done() == done {
        return Ok(()); // nothing changes, and a done item keeps its first date
    }
    let by = by.person_id;
    diesel::update(checklist_items::table.find(item_id))
        .set((
            checklist_items::done_at.eq(done.then(now)),
            checklist_items::done_by.eq(done.then_some(by)),
        ))
        .execute(conn)?;
    Ok(())
}

/// Moves an item one place up or down within its phase.
pub fn move_item(
    conn: &mut DbConn,
    org_id: OrgId,
    rollout_id: RolloutId,
    item_id: ChecklistItemId,
    up: bool,
) -> Result<()> {
    let all = items(conn, org_id, rollout_id)?;
    let current = all
        .iter()
        .find(|i| i.id == item_id)
        .ok_or(Error::NotFound)?;
    let mut order: Vec<ChecklistItemId> = all
        .iter()
        .filter(|i| i.phase == current.phase)
        .map(|i| i.id)
        .collect();
    if !crate::domain::move_one(&mut order, item_id, up)? {
        return Ok(()); // already first or last
    }
    // Renumber the whole phase, so positions stay distinct and dense.
    for (position, id) in order.iter().enumerate() {
        diesel::update(checklist_items::table.find(id))
            .set(checklist_items::position.eq(position as i32))
            .execute(conn)?;
    }
    Ok(())
}

pub fn delete_item(
    conn: &mut DbConn,
    org_id: OrgId,
    rollout_id: RolloutId,
    item_id: ChecklistItemId,
) -> Result<()> {
    item(conn, org_id, rollout_id, item_id)?;
    diesel::delete(checklist_items::table.find(item_id)).execute(conn)?;
    Ok(())
}

/// Done and total items per phase.
pub fn progress(items: &[Item]) -> Vec<(Phase, usize, usize)> {
    Phase::ALL
        .into_iter()
        .map(|phase| {
            let of_phase = items.iter().filter(|i| i.phase == phase);
            (
                phase,
                of_phase.clone().filter(|i| i.is_done()).count(),
                of_phase.count(),
            )
        })
        .collect()
}
