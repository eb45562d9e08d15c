//! A rollout's checklist: leaders add, edit, reorder and delete items; the person an item is
//! assigned to may tick it (and only that). A seeded item's title is its translation, in the
//! reader's language, until someone changes it.

use crate::domain::audit::{self, Action, Entity, Entry};
use chrono::NaiveDate;

use crate::app::{Db, Error, Identity, Result};
use crate::domain::Locale;
use crate::domain::ids::{ChecklistItemId, PersonId, RolloutId};
use crate::domain::people::Role;
use crate::domain::rollouts::{self, Item, ItemInput, Phase};
use crate::text::i18n::t;

/// A seeded item's title in `locale` (its translation); `None` once someone has titled it.
pub fn seeded_title(item: &Item, locale: Locale) -> Option<String> {
    item.seed_key
        .as_ref()
        .filter(|_| item.title.is_none())
        .map(|key| t(locale, &format!("checklist-{key}")))
}

/// The title an item shows in `locale`.
pub fn title(item: &Item, locale: Locale) -> String {
    item.title
        .clone()
        .or_else(|| seeded_title(item, locale))
        .unwrap_or_default()
}

/// The item, to edit or delete (leaders).
pub async fn editable(
    db: &Db,
    me: &Identity,
    rollout_id: RolloutId,
    item_id: ChecklistItemId,
) -> Result<Item> {
    me.require(Role::Leader)?;
    let org_id = me.org_id;
    db.run(move |c| rollouts::item(c, org_id, rollout_id, item_id))
        .await
}

/// What an item's form offers: the rollout and who items can be assigned to (leaders).
pub async fn choices(
    db: &Db,
    me: &Identity,
    rollout_id: RolloutId,
) -> Result<(rollouts::Rollout, Vec<(PersonId, String)>)> {
    me.require(Role::Leader)?;
    let org_id = me.org_id;
    db.run(move |c| {
        Ok((
            rollouts::find(c, org_id, rollout_id)?,
            crate::domain::people::names(c, org_id)?,
        ))
    })
    .await
}

/// Adds an item, last in its phase (leaders).
pub async fn add(db: &Db, me: &Identity, rollout_id: RolloutId, input: ItemInput) -> Result<Item> {
    me.require(Role::Leader)?;
    let org_id = me.org_id;
    db.write(move |c| {
        let id = rollouts::add_item(c, org_id, rollout_id, &input)?;
        rollouts::item(c, org_id, rollout_id, id)
    })
    .await
}

/// A change to an item: what is `None` stays; `Some(None)` clears the owner or due date.
#[derive(Debug, Default)]
pub struct Change {
    pub done: Option<bool>,
    pub phase: Option<Phase>,
    pub title: Option<String>,
    pub notes: Option<String>,
    pub owner_id: Option<Option<PersonId>>,
    pub due_on: Option<Option<NaiveDate>>,
}

impl Change {
    /// Every field of the item's form.
    pub fn all(input: ItemInput) -> Change {
        Change {
            done: None,
            phase: Some(input.phase),
            title: Some(input.title),
            notes: Some(input.notes),
            owner_id: Some(input.owner_id),
            due_on: Some(input.due_on),
        }
    }

    /// True when the change is more than ticking or unticking.
    fn edits(&self) -> bool {
        self.phase.is_some()
            || self.title.is_some()
            || self.notes.is_some()
            || self.owner_id.is_some()
            || self.due_on.is_some()
    }
}

/// Changes an item: leaders anything; the person it is assigned to only ticks it. `locale`
/// is the caller's language: a seeded title sent back as it reads there stays seeded.
pub async fn update(
    db: &Db,
    me: &Identity,
    (rollout_id, item_id): (RolloutId, ChecklistItemId),
    change: Change,
    locale: Locale,
) -> Result<Item> {
    let me = me.clone();
    db.write(move |c| {
        let org_id = me.org_id;
        let current = rollouts::item(c, org_id, rollout_id, item_id)?;
        let leader = me.has_role(Role::Leader);
        if !leader && (change.edits() || current.owner_id != Some(me.person_id)) {
            return Err(Error::Forbidden);
        }
        if change.edits() {
            let seeded = seeded_title(&current, locale);
            let input = ItemInput {
                phase: change
                    .phase
                    .or(Some(current.phase))
                    .unwrap_or(Phase::Preparation),
                title: change.title.unwrap_or_else(|| title(&current, locale)),
                notes: change.notes.unwrap_or_else(|| current.notes.clone()),
                owner_id: change.owner_id.unwrap_or(current.owner_id),
                due_on: change.due_on.unwrap_or(current.due_on),
            };
            rollouts::update_item(c, org_id, rollout_id, item_id, &input, seeded.as_deref())?;
        }
        if let Some(done) = change.done {
            rollouts::set_done(c, rollout_id, item_id, &me, done)?;
        }
        rollouts::item(c, org_id, rollout_id, item_id)
    })
    .await
}

/// Moves an item one place up or down in its phase (leaders).
pub async fn move_item(
    db: &Db,
    me: &Identity,
    rollout_id: RolloutId,
    item_id: ChecklistItemId,
    up: bool,
) -> Result<()> {
    me.require(Role::Leader)?;
    let org_id = me.org_id;
    db.write(move |c| rollouts::move_item(c, org_id, rollout_id, item_id, up))
        .await
}

/// Deletes an item (leaders).
pub async fn delete(
    db: &Db,
    me: &Identity,
    rollout_id: RolloutId,
    item_id: ChecklistItemId,
) -> Result<()> {
    me.require(Role::Leader)?;
    let me = me.clone();
    db.write(move |c| {
        let gone = rollouts::item(c, me.org_id, rollout_id, item_id)?;
        rollouts::delete_item(c, me.org_id, rollout_id, item_id)?;
        let label = title(&gone, me.locale);
        let entry = Entry::new(Entity::ChecklistItem, item_id.0, label, Action::Deleted);
        audit::record(c, &me, entry)
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::rollouts as app;
    use crate::app::testing::world;
    use crate::domain::rollouts::RolloutInput;

    #[actix_web::test]
    async fn the_assignee_ticks_an_item_and_only_leaders_change_it() {
        let w = world();
        let db = &w.t.db;
        let day = |m, d| NaiveDate::from_ymd_opt(2027, m, d).unwrap();
        let input = RolloutInput {
            name: "OKRs 2027".into(),
            all_teams: true,
            team_ids: Vec::new(),
            prep_start: day(1, 4),
            prep_end: day(2, 12),
            workshop_start: day(2, 15),
            workshop_end: day(2, 19),
            followup_start: None,
            routine_months: 9,
        };
        assert!(matches!(
            app::create(db, &w.member, input.clone()).await,
            Err(Error::Forbidden)
        ));
        let rollout = app::create(db, &w.leader, input).await.unwrap();
        let id = rollout.rollout.id;
        let seeded = rollout.items[0].clone();
        assert!(seeded.seed_key.is_some() && seeded.title.is_none());
        // Assigned to the member, in the leader's words: the seeded title sent back as it
        // reads in English keeps following its translation.
        let assign = Change {
            owner_id: Some(Some(w.member.person_id)),
            title: Some(title(&seeded, Locale::En)),
            ..Change::default()
        };
        let item = update(db, &w.leader, (id, seeded.id), assign, Locale::En)
            .await
            .unwrap();
        assert!(item.title.is_none(), "still seeded");
        assert_ne!(title(&item, Locale::Nb), title(&item, Locale::En));
        let tick = || Change {
            done: Some(true),
            ..Change::default()
        };
        assert!(matches!(
            update(db, &w.outsider, (id, item.id), tick(), Locale::En).await,
            Err(Error::Forbidden)
        ));
        let retitle = Change {
            title: Some("Mine now".into()),
            ..Change::default()
        };
        assert!(matches!(
            update(db, &w.member, (id, item.id), retitle, Locale::En).await,
            Err(Error::Forbidden)
        ));
        let done = update(db, &w.member, (id, item.id), tick(), Locale::En)
            .await
            .unwrap();
        assert!(done.is_done());
        assert!(matches!(
            delete(db, &w.member, id, item.id).await,
            Err(Error::Forbidden)
        ));
        assert!(matches!(
            delete(db, &w.stranger, id, item.id).await,
            Err(Error::NotFound)
        ));
        delete(db, &w.leader, id, item.id).await.unwrap();
    }
}
