//! Workshops: setting one up ([`setup`]: the list, the form with its agenda, a workshop's
//! page, changing and deleting a draft), running it ([`rooms`]: the facilitator's room and
//! projector, the participants' room by join code), and what it leaves behind ([`outcome`]:
//! saving objectives from it, the summary and the export).
//!
//! Facilitators and leaders run workshops; a workshop's own facilitator, or a leader, steers
//! it (changes, deletes it, saves its outcome); only its own facilitator opens its room. The
//! checks that need the workshop run in the same transaction as what they allow.

pub mod outcome;
pub mod rooms;
pub mod setup;

#[cfg(test)]
mod tests;

use crate::app::{Db, Error, Identity, Result};
use crate::db::DbConn;
use crate::domain::Page;
use crate::domain::ids::WorkshopId;
use crate::domain::people::Role;
use crate::domain::workshops::{self, Workshop};

/// `Ok` for someone who runs workshops (a facilitator or a leader), else `Forbidden`.
pub fn may_run(me: &Identity) -> Result<()> {
    if me.has_role(Role::Facilitator) || me.has_role(Role::Leader) {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}

/// Whether the person steers the workshop: its own facilitator, or a leader.
pub fn steers(me: &Identity, w: &Workshop) -> bool {
    me.person_id == w.facilitator_id || me.has_role(Role::Leader)
}

/// The workshop, for someone who runs workshops; `NotFound` outside their organisation.
fn visible_in(c: &mut DbConn, me: &Identity, id: WorkshopId) -> Result<Workshop> {
    may_run(me)?;
    workshops::find(c, me.org_id, id)
}

/// The workshop, if the person steers it, else `Forbidden`.
fn steerable_in(c: &mut DbConn, me: &Identity, id: WorkshopId) -> Result<Workshop> {
    let w = visible_in(c, me, id)?;
    if steers(me, &w) {
        Ok(w)
    } else {
        Err(Error::Forbidden)
    }
}

/// The organisation's workshops, newest first, a page at a time.
pub async fn list(db: &Db, me: &Identity, page: Option<i64>) -> Result<Page<Workshop>> {
    may_run(me)?;
    let org_id = me.org_id;
    db.run(move |c| workshops::list(c, org_id, page)).await
}

/// One workshop (its join code, for the QR code), for someone who runs workshops.
pub async fn find(db: &Db, me: &Identity, id: WorkshopId) -> Result<Workshop> {
    let me = me.clone();
    db.run(move |c| visible_in(c, &me, id)).await
}

/// The workshop, if the person steers it: to confirm deleting it, or to be told why the form
/// they sent is not saved.
pub async fn steerable(db: &Db, me: &Identity, id: WorkshopId) -> Result<Workshop> {
    let me = me.clone();
    db.run(move |c| steerable_in(c, &me, id)).await
}
