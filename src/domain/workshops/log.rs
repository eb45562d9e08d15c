//! A workshop's append-only event log, whose fold is the room's board (see `live::room`). An
//! event is stored, with the next `seq`, before it is broadcast or acknowledged; a
//! reconnecting client asks for the events after its last `seq`. The participants who send
//! them are in `seats.rs`.

use diesel::prelude::*;

use super::Workshop;
use super::checkpoints::{CHECKPOINT_EVERY, checkpoint, latest_checkpoint};
use super::protocol::{ClientMessage, ErrorCode};
use super::room::{Event, Fold, Room};
use super::seats::Participant;
use crate::db::schema::{workshop_events, workshops};
use crate::domain::ids::{ParticipantId, WorkshopId};
use crate::domain::{DbConn, Error, Result, now};

/// Events after `after_seq`, in order.
pub fn events_since(
    conn: &mut DbConn,
    workshop_id: WorkshopId,
    after_seq: i64,
) -> Result<Vec<(i64, Event)>> {
    let rows: Vec<(i64, String)> = workshop_events::table
        .filter(workshop_events::workshop_id.eq(workshop_id))
        .filter(workshop_events::seq.gt(after_seq))
        .order(workshop_events::seq.asc())
        .select((workshop_events::seq, workshop_events::payload))
        .load(conn)?;
    rows.into_iter()
        .map(|(seq, payload)| {
            serde_json::from_str(&payload)
                .map(|event| (seq, event))
                .map_err(|e| Error::Internal(format!("workshop event {seq}: {e}")))
        })
        .collect()
}

/// The board: the fold of every event so far.
pub fn room(conn: &mut DbConn, workshop: &Workshop) -> Result<Room> {
    let mut room = Room::new(workshop.agenda());
    catch_up(conn, workshop.id, &mut room)?;
    Ok(room)
}

/// Folds the stored events after the copy's `seq` into it; a copy with nothing folded in yet
/// starts from the latest checkpoint.
pub fn catch_up(conn: &mut DbConn, workshop_id: WorkshopId, board: &mut impl Fold) -> Result<()> {
    if board.room().seq() == 0
        && let Some(room) = latest_checkpoint(conn, workshop_id)?
    {
        board.restore(room);
    }
    for (seq, event) in events_since(conn, workshop_id, board.room().seq())? {
        board.fold(seq, &event);
    }
    Ok(())
}

/// The `seq` of the latest stored event (0 for none).
pub fn last_seq(conn: &mut DbConn, workshop_id: WorkshopId) -> Result<i64> {
    let last: Option<i64> = workshop_events::table
        .filter(workshop_events::workshop_id.eq(workshop_id))
        .select(diesel::dsl::max(workshop_events::seq))
        .first(conn)?;
    Ok(last.unwrap_or(0))
}

/// Appends an event with the next `seq`. Run inside a write transaction; the unique index on
/// (workshop, seq) refuses a second writer that read the same last `seq`.
pub fn append(
    conn: &mut DbConn,
    workshop: &Workshop,
    participant: ParticipantId,
    event: &Event,
) -> Result<i64> {
    let seq = last_seq(conn, workshop.id)? + 1;
    let payload = serde_json::to_string(event).map_err(|e| Error::Internal(e.to_string()))?;
    diesel::insert_into(workshop_events::table)
        .values((
            workshop_events::org_id.eq(workshop.org_id),
            workshop_events::workshop_id.eq(workshop.id),
            workshop_events::seq.eq(seq),
            workshop_events::participant_id.eq(Some(participant)),
            workshop_events::payload.eq(payload),
            workshop_events::created_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(seq)
}

/// Decides on a participant's command against the current board and, when accepted, stores the
/// event. Run in one write transaction. `Ok(Err(code))` is a refusal to send back as an
/// `error` frame; nothing is stored then.
pub fn command(
    conn: &mut DbConn,
    workshop: &Workshop,
    participant: &Participant,
    message: &ClientMessage,
    now_ms: i64,
) -> Result<std::result::Result<Option<(i64, Event)>, ErrorCode>> {
    let mut board = Room::new(workshop.agenda());
    command_on(conn, workshop, participant, message, now_ms, &mut board)
}

/// [`command`] against the caller's copy of the room (a node keeps one per live room, so a
/// command does not fold the whole log again). `board` is brought up to date from the log
/// under the workshop's lock; the accepted event is not folded in: the caller does that once
/// the transaction has committed. Run inside a write transaction.
pub fn command_on(
    conn: &mut DbConn,
    workshop: &Workshop,
    participant: &Participant,
    message: &ClientMessage,
    now_ms: i64,
    board: &mut impl Fold,
) -> Result<std::result::Result<Option<(i64, Event)>, ErrorCode>> {
    lock(conn, workshop.id)?;
    catch_up(conn, workshop.id, board)?;
    match board.room().decide(&participant.actor(), message, now_ms) {
        Err(code) => Ok(Err(code)),
        Ok(None) => Ok(Ok(None)),
        Ok(Some(event)) => {
            let at = board.room().seq();
            if at > 0 && at % CHECKPOINT_EVERY == 0 {
                checkpoint(conn, workshop, board.room())?;
            }
            let event = event.signed(&participant.display_name);
            let seq = append(conn, workshop, participant.id, &event)?;
            super::announce::notify(conn, workshop.id, seq)?;
            let status = match event {
                Event::Ended => Some(super::Status::Ended),
                _ if seq == 1 => Some(super::Status::Live),
                _ => None,
            };
            if let Some(status) = status {
                diesel::update(workshops::table.find(workshop.id))
                    .set(workshops::status.eq(status))
                    .execute(conn)?;
            }
            Ok(Ok(Some((seq, event))))
        }
    }
}

/// Serialises writers of one workshop. SQLite's write transaction already does; on
/// PostgreSQL, nodes writing to the same room at once take turns on the workshop's row
/// instead of racing for the next `seq`.
pub(super) fn lock(conn: &mut DbConn, workshop_id: WorkshopId) -> Result<()> {
    if let DbConn::Pg(pg) = conn {
        workshops::table
            .find(workshop_id)
            .select(workshops::id)
            .for_update()
            .first::<i32>(pg)?;
    }
    Ok(())
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::write_tx;
    use crate::domain::testing::{TestDb, workshop};
    use crate::domain::workshops::{find_by_code, join, resume};

    #[test]
    fn the_log_is_ordered_persistent_and_refuses_illegal_moves() {
        let t = TestDb::fresh();
        let mut c = t.conn();
        let (_, facilitator, w) = workshop(&mut c, "Team Web");
        let found = find_by_code(&mut c, &w.join_code.to_lowercase())
            .unwrap()
            .unwrap();
        assert_eq!(found.id, w.id);

        let (fac, _) = join(&mut c, &w, "Per", Some(facilitator.row.id), true).unwrap();
        let (kari, kari_token) = join(&mut c, &w, "Kari", None, false).unwrap();
        assert_eq!(
            resume(&mut c, w.id, &kari_token).unwrap().unwrap().id,
            kari.id
        );
        assert!(resume(&mut c, w.id, "not-a-token").unwrap().is_none());

        let mut send = |who: &Participant, msg: ClientMessage| {
            write_tx(&mut c, |c| command(c, &w, who, &msg, 0)).unwrap()
        };
        // Brainstorming has not started: refused, and nothing is stored.
        let add = ClientMessage::AddCard {
            text: "Fornøyde kunder".into(),
        };
        assert_eq!(send(&kari, add.clone()), Err(ErrorCode::WrongStep));
        assert_eq!(
            send(&kari, ClientMessage::SetStep { step: 2 }),
            Err(ErrorCode::NotFacilitator)
        );
        let (seq1, _) = send(&fac, ClientMessage::SetStep { step: 2 })
            .unwrap()
            .unwrap();
        let (seq2, event) = send(&kari, add).unwrap().unwrap();
        assert_eq!((seq1, seq2), (1, 2));
        assert!(matches!(event, Event::CardAdded { .. }));

        // A reconnecting client gets what it missed; a restart rebuilds the same board.
        let missed = events_since(&mut c, w.id, 1).unwrap();
        assert_eq!(missed.len(), 1);
        assert_eq!(missed[0].0, 2);
        let board = room(&mut c, &w).unwrap().view(&fac.actor());
        assert_eq!((board.seq, board.step, board.cards.len()), (2, 2, 1));
        assert_eq!(board.cards[0].text, "Fornøyde kunder");
        assert_eq!(
            board.cards[0].author, "Kari",
            "the log signs a card with its author"
        );
    }
}
