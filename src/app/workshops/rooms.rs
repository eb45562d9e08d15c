//! Running a workshop: the room pages (the facilitator's room and projector, which only the
//! workshop's own facilitator opens, and the participants' room, which the join code opens
//! without an account) with the cases its practice steps use.

use super::visible_in;
use crate::app::{Db, Error, Identity, Result};
use crate::db::DbConn;
use crate::domain::cases::{self, Case, CaseRef};
use crate::domain::ids::WorkshopId;
use crate::domain::workshops::{self, Workshop};

/// A room page: the workshop and the cases of its practice steps, in its language.
#[derive(Debug)]
pub struct Room {
    pub workshop: Workshop,
    pub cases: Vec<Case>,
}

fn room_in(c: &mut DbConn, workshop: Workshop) -> Result<Room> {
    let lang = workshop.locale();
    let cases = workshop
        .agenda()
        .steps
        .iter()
        .filter_map(|s| s.case.as_deref().and_then(CaseRef::parse))
        .filter_map(|r| cases::find(c, workshop.org_id, &r, lang).ok())
        .collect();
    Ok(Room { workshop, cases })
}

/// Whether the person is the workshop's own facilitator: only they run its room and show it
/// on the projector.
pub fn facilitates(me: Option<&Identity>, w: &Workshop) -> bool {
    me.is_some_and(|me| me.org_id == w.org_id && me.person_id == w.facilitator_id)
}

/// The facilitator's room (and the projector's): the workshop's own facilitator only.
pub async fn facilitator(db: &Db, me: &Identity, id: WorkshopId) -> Result<Room> {
    let me = me.clone();
    db.run(move |c| {
        let w = visible_in(c, &me, id)?;
        if !facilitates(Some(&me), &w) {
            return Err(Error::Forbidden);
        }
        room_in(c, w)
    })
    .await
}

/// The workshop a join code opens (typed any old way), if any.
pub async fn by_code(db: &Db, code: String) -> Result<Option<Workshop>> {
    db.run(move |c| workshops::find_by_code(c, &code)).await
}

/// The participants' room a join code opens, if any; no account needed.
pub async fn participant(db: &Db, code: String) -> Result<Option<Room>> {
    db.run(move |c| match workshops::find_by_code(c, &code)? {
        Some(w) => room_in(c, w).map(Some),
        None => Ok(None),
    })
    .await
}
