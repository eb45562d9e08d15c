//! Running a workshop: the room pages (the facilitator's room and projector, which only the
//! workshop's own facilitator opens, and the participants' room, which the join code opens
//! without an account) with the cases its practice steps use; and, for the live room's
//! `hello`, the workshop a code names and taking a seat in it.

use super::visible_in;
use crate::app::{Db, Error, Identity, Result};
use crate::db::{DbConn, DbError};
use crate::domain::cases::{self, Case, CaseRef};
use crate::domain::ids::WorkshopId;
use crate::domain::is_unique_violation;
use crate::domain::workshops::protocol::ErrorCode;
use crate::domain::workshops::{self, Participant, SeatRequest, Workshop};

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

/// A seat, or why the room refuses one (for the client).
pub type Seat = std::result::Result<(Participant, String), ErrorCode>;

/// Takes a seat in the room for a `hello`: the seat a resume token names, a signed-in
/// person's own seat, or a new one by name, unless the room is full or has ended (see
/// [`workshops::take_seat`]). One write, taking turns with the room's writers; two first
/// tabs of one person at once collide on the person's seat, and the second finds it on a
/// retry.
pub async fn take_seat(db: &Db, workshop: &Workshop, request: SeatRequest) -> Result<Seat> {
    let request = std::sync::Arc::new(request);
    let mut seat = Err(Error::NotFound);
    for _ in 0..2 {
        let (w, r) = (workshop.clone(), request.clone());
        seat = db.write(move |c| workshops::take_seat(c, &w, &r)).await;
        match &seat {
            Err(Error::Db(DbError::Query(e))) if is_unique_violation(e) => {}
            _ => break,
        }
    }
    seat
}
