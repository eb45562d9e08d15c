//! A workshop's participants: taking a seat (joining, resuming with a token, stored hashed;
//! a full or ended room refusing), and presence (a heartbeat each node refreshes).

use diesel::prelude::*;
use serde::Serialize;

use super::Workshop;
use super::log::lock;
use super::protocol::{ErrorCode, Present};
use super::room::Actor;
use crate::db::schema::workshop_participants;
use crate::domain::ids::{OrgId, ParticipantId, PersonId, WorkshopId};
use crate::domain::tokens::{hash_token, new_token};
use crate::domain::{DbConn, Error, FieldErrors, Result, now};

/// A participant whose node has not refreshed them for this long is shown as away.
pub const PRESENCE_TIMEOUT_SECONDS: i64 = 35;

/// A participant in a workshop.
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = workshop_participants)]
pub struct Participant {
    pub id: ParticipantId,
    #[serde(skip)]
    pub org_id: OrgId,
    pub workshop_id: WorkshopId,
    pub person_id: Option<PersonId>,
    pub display_name: String,
    #[serde(skip)]
    pub resume_hash: String,
    pub facilitator: bool,
    pub joined_at: chrono::NaiveDateTime,
    #[serde(skip)]
    pub last_seen_at: Option<chrono::NaiveDateTime>,
}

/// The projector's seat is no stored participant.
const PROJECTOR: ParticipantId = ParticipantId(0);

impl Participant {
    /// The projector's seat: sees what participants see, is not one of them, sends nothing.
    pub fn projector(workshop: &Workshop) -> Participant {
        Participant {
            id: PROJECTOR,
            org_id: workshop.org_id,
            workshop_id: workshop.id,
            person_id: None,
            display_name: String::new(),
            resume_hash: String::new(),
            facilitator: false,
            joined_at: now(),
            last_seen_at: None,
        }
    }

    pub fn is_projector(&self) -> bool {
        self.id == PROJECTOR
    }

    pub fn actor(&self) -> Actor {
        Actor {
            participant: i64::from(self.id),
            facilitator: self.facilitator,
        }
    }
}

/// Display names have 1 to 60 characters (spaces around them do not count).
pub fn valid_name(name: &str) -> bool {
    let name = name.trim();
    !name.is_empty() && name.chars().count() <= 60
}

/// Adds a participant; returns them and their resume token (shown to their device only).
pub fn join(
    conn: &mut DbConn,
    workshop: &Workshop,
    display_name: &str,
    person_id: Option<PersonId>,
    facilitator: bool,
) -> Result<(Participant, String)> {
    if !valid_name(display_name) {
        return Err(FieldErrors::single("name", "field-name-length"));
    }
    let name = display_name.trim();
    let (token, hash) = new_token();
    let participant = diesel::insert_into(workshop_participants::table)
        .values((
            workshop_participants::org_id.eq(workshop.org_id),
            workshop_participants::workshop_id.eq(workshop.id),
            workshop_participants::person_id.eq(person_id),
            workshop_participants::display_name.eq(name),
            workshop_participants::resume_hash.eq(hash),
            workshop_participants::facilitator.eq(facilitator),
            workshop_participants::joined_at.eq(now()),
        ))
        .returning(workshop_participants::all_columns)
        .get_result(conn)?;
    Ok((participant, token))
}

/// Who asks for a seat in `hello`.
pub struct SeatRequest {
    pub resume_token: Option<String>,
    /// A signed-in person of the workshop's organisation: (person, name).
    pub person: Option<(PersonId, String)>,
    /// The display name typed by someone without an account.
    pub name: String,
    /// Most participants the room takes.
    pub capacity: u32,
}

/// Finds or makes the seat for a `hello`: the participant a resume token names; a signed-in
/// person's seat (one per person, however many tabs; a new tab gets a fresh token); or a new
/// participant by name. The seat is marked as here. `Ok(Err(code))` is a refusal for the
/// client. Run inside a write transaction.
///
/// A full room counts the people here, not every seat ever taken (someone who left frees
/// theirs), and always lets its facilitator in. An ended workshop seats nobody new. Joins
/// take turns with the room's writers, so the count is exact across nodes.
pub fn take_seat(
    conn: &mut DbConn,
    workshop: &Workshop,
    request: &SeatRequest,
) -> Result<std::result::Result<(Participant, String), ErrorCode>> {
    lock(conn, workshop.id)?;
    let seat = find_seat(conn, workshop, request)?;
    if let Ok((participant, _)) = &seat {
        set_seen(conn, participant.id, true)?;
    }
    Ok(seat)
}

fn find_seat(
    conn: &mut DbConn,
    workshop: &Workshop,
    request: &SeatRequest,
) -> Result<std::result::Result<(Participant, String), ErrorCode>> {
    if let Some(token) = &request.resume_token
        && let Some(p) = resume(conn, workshop.id, token)?
    {
        return Ok(Ok((p, token.clone())));
    }
    if let Some((person, _)) = &request.person
        && let Some(p) = seat_of(conn, workshop.id, *person)?
    {
        let token = new_resume_token(conn, p.id)?;
        return Ok(Ok((p, token)));
    }
    let facilitator = request
        .person
        .as_ref()
        .is_some_and(|(person, _)| *person == workshop.facilitator_id);
    // After the end the join code lets nobody new in: the board and who took part are for
    // those who were there.
    if !facilitator && workshop.status == super::Status::Ended {
        return Ok(Err(ErrorCode::Ended));
    }
    if !facilitator && here(conn, workshop.id)? >= i64::from(request.capacity) {
        return Ok(Err(ErrorCode::RoomFull));
    }
    let joined = match &request.person {
        Some((person, name)) => join(conn, workshop, name, Some(*person), facilitator),
        None => join(conn, workshop, &request.name, None, false),
    };
    match joined {
        Ok(seat) => Ok(Ok(seat)),
        Err(Error::Invalid(_)) => Ok(Err(ErrorCode::InvalidName)),
        Err(e) => Err(e),
    }
}

/// How many participants are here now (seen within [`PRESENCE_TIMEOUT_SECONDS`]).
fn here(conn: &mut DbConn, workshop_id: WorkshopId) -> Result<i64> {
    let fresh = now() - chrono::Duration::seconds(PRESENCE_TIMEOUT_SECONDS);
    Ok(workshop_participants::table
        .filter(workshop_participants::workshop_id.eq(workshop_id))
        .filter(workshop_participants::last_seen_at.gt(fresh))
        .count()
        .get_result(conn)?)
}

/// A signed-in person's seat in a workshop, if they have joined before.
pub fn seat_of(
    conn: &mut DbConn,
    workshop_id: WorkshopId,
    person_id: PersonId,
) -> Result<Option<Participant>> {
    Ok(workshop_participants::table
        .filter(workshop_participants::workshop_id.eq(workshop_id))
        .filter(workshop_participants::person_id.eq(person_id))
        .order(workshop_participants::id.asc())
        .select(Participant::as_select())
        .first(conn)
        .optional()?)
}

/// Gives a participant a fresh resume token (the old one stops working).
pub fn new_resume_token(conn: &mut DbConn, participant_id: ParticipantId) -> Result<String> {
    let (token, hash) = new_token();
    diesel::update(workshop_participants::table.find(participant_id))
        .set(workshop_participants::resume_hash.eq(hash))
        .execute(conn)?;
    Ok(token)
}

/// The participant a resume token belongs to, in this workshop.
pub fn resume(
    conn: &mut DbConn,
    workshop_id: WorkshopId,
    token: &str,
) -> Result<Option<Participant>> {
    Ok(workshop_participants::table
        .filter(workshop_participants::workshop_id.eq(workshop_id))
        .filter(workshop_participants::resume_hash.eq(hash_token(token)))
        .select(Participant::as_select())
        .first(conn)
        .optional()?)
}
/// Marks a participant as connected now (`true`) or gone (`false`).
pub fn set_seen(conn: &mut DbConn, participant_id: ParticipantId, here: bool) -> Result<()> {
    diesel::update(workshop_participants::table.find(participant_id))
        .set(workshop_participants::last_seen_at.eq(here.then(now)))
        .execute(conn)?;
    Ok(())
}

/// Participants marked as still here per statement (and per write, by the heartbeat's writer,
/// so that a room's commands get their turns in between).
pub const STILL_HERE_BATCH: usize = 500;

/// Marks participants still connected as seen now, in one statement per
/// [`STILL_HERE_BATCH`]; one who has left meanwhile (seen cleared) stays gone.
pub fn still_here(conn: &mut DbConn, participant_ids: &[ParticipantId]) -> Result<()> {
    for ids in participant_ids.chunks(STILL_HERE_BATCH) {
        diesel::update(
            workshop_participants::table
                .filter(workshop_participants::id.eq_any(ids))
                .filter(workshop_participants::last_seen_at.is_not_null()),
        )
        .set(workshop_participants::last_seen_at.eq(now()))
        .execute(conn)?;
    }
    Ok(())
}

/// Everyone who has joined, in joining order, with whether they are connected now.
pub fn presence(conn: &mut DbConn, workshop_id: WorkshopId) -> Result<Vec<Present>> {
    let fresh = now() - chrono::Duration::seconds(PRESENCE_TIMEOUT_SECONDS);
    Ok(participants(conn, workshop_id)?
        .into_iter()
        .map(|p| Present {
            id: i64::from(p.id),
            online: p.last_seen_at.is_some_and(|t| t > fresh),
            name: p.display_name,
            facilitator: p.facilitator,
        })
        .collect())
}

pub fn participants(conn: &mut DbConn, workshop_id: WorkshopId) -> Result<Vec<Participant>> {
    Ok(workshop_participants::table
        .filter(workshop_participants::workshop_id.eq(workshop_id))
        .order(workshop_participants::id.asc())
        .select(Participant::as_select())
        .load(conn)?)
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::write_tx;
    use crate::domain::testing::{TestDb, workshop};

    #[test]
    fn a_full_room_counts_who_is_here_and_always_lets_its_facilitator_in() {
        let t = TestDb::fresh();
        let mut c = t.conn();
        let (_, per, w) = workshop(&mut c, "Team Web");
        let seat = |c: &mut DbConn, name: &str, person: Option<(PersonId, String)>| {
            let request = SeatRequest {
                resume_token: None,
                person,
                name: name.into(),
                capacity: 2,
            };
            write_tx(c, |c| take_seat(c, &w, &request)).unwrap()
        };
        let (kari, _) = seat(&mut c, "Kari", None).unwrap();
        seat(&mut c, "Ola", None).unwrap();
        assert_eq!(seat(&mut c, "Eva", None).err(), Some(ErrorCode::RoomFull));
        let (facilitator, _) = seat(&mut c, "", Some((per.row.id, "Per".into()))).unwrap();
        assert!(
            facilitator.facilitator,
            "the facilitator gets in when the room is full"
        );
        // Someone who left frees their place.
        set_seen(&mut c, kari.id, false).unwrap();
        set_seen(&mut c, facilitator.id, false).unwrap();
        assert!(seat(&mut c, "Eva", None).is_ok());
        assert_eq!(seat(&mut c, "Tor", None).err(), Some(ErrorCode::RoomFull));

        // Once the workshop has ended its code seats nobody new; who was there gets back in.
        let mut ended = w.clone();
        ended.status = super::super::Status::Ended;
        set_seen(&mut c, kari.id, false).unwrap();
        let ask = |resume_token: Option<String>| SeatRequest {
            resume_token,
            person: None,
            name: "Late".into(),
            capacity: 100,
        };
        let refused = write_tx(&mut c, |c| take_seat(c, &ended, &ask(None))).unwrap();
        assert_eq!(refused.err(), Some(ErrorCode::Ended));
        let token = new_resume_token(&mut c, kari.id).unwrap();
        let back = write_tx(&mut c, |c| take_seat(c, &ended, &ask(Some(token)))).unwrap();
        assert_eq!(back.map(|(p, _)| p.id), Ok(kari.id));
    }
}
