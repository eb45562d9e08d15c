//! Checkpoints of a room's board: every [`CHECKPOINT_EVERY`] events the board as of a `seq` is
//! stored, so a node that opens the room (its first join, a restart) reads the checkpoint and
//! the events after it instead of folding the whole log.

use diesel::prelude::*;

use super::Workshop;
use super::room::Room;
use crate::db::schema::workshop_checkpoints;
use crate::domain::ids::WorkshopId;
use crate::domain::{DbConn, Error, Result, now};

/// Every this many events the board is checkpointed (in the transaction that stores the next
/// one), so opening a room reads the latest checkpoint and at most this many events.
pub const CHECKPOINT_EVERY: i64 = 1000;

/// The latest checkpoint of a workshop's board. One that cannot be read (written by a
/// version whose board had another shape) counts as none: the log is folded from the start.
pub fn latest_checkpoint(conn: &mut DbConn, workshop_id: WorkshopId) -> Result<Option<Room>> {
    let state: Option<String> = workshop_checkpoints::table
        .find(workshop_id)
        .select(workshop_checkpoints::state)
        .first(conn)
        .optional()?;
    Ok(state.and_then(|s| serde_json::from_str(&s).ok()))
}

/// Stores the board as the workshop's checkpoint (replacing the one before).
pub fn checkpoint(conn: &mut DbConn, workshop: &Workshop, room: &Room) -> Result<()> {
    let state = serde_json::to_string(room).map_err(|e| Error::Internal(e.to_string()))?;
    diesel::delete(workshop_checkpoints::table.find(workshop.id)).execute(conn)?;
    diesel::insert_into(workshop_checkpoints::table)
        .values((
            workshop_checkpoints::workshop_id.eq(workshop.id),
            workshop_checkpoints::org_id.eq(workshop.org_id),
            workshop_checkpoints::seq.eq(room.seq()),
            workshop_checkpoints::state.eq(state),
            workshop_checkpoints::created_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::write_tx;
    use crate::domain::testing::{TestDb, workshop};
    use crate::domain::workshops::protocol::ClientMessage;
    use crate::domain::workshops::{Participant, command_on, join, room};

    #[test]
    fn a_room_opens_from_its_latest_checkpoint_and_the_events_after_it() {
        let t = TestDb::fresh();
        let mut c = t.conn();
        let (_, per, w) = workshop(&mut c, "Big");
        let (fac, _) = join(&mut c, &w, "Per", Some(per.row.id), true).unwrap();
        let (kari, _) = join(&mut c, &w, "Kari", None, false).unwrap();
        let mut live = Room::new(w.agenda());
        let mut run = |c: &mut DbConn, who: &Participant, message: ClientMessage| {
            let stored = write_tx(c, |c| command_on(c, &w, who, &message, 0, &mut live))
                .unwrap()
                .unwrap();
            if let Some((seq, event)) = stored {
                live.apply(seq, &event);
            }
        };
        run(&mut c, &fac, ClientMessage::SetStep { step: 2 });
        for i in 0..2_500 {
            let message = match i % 5 {
                0 => ClientMessage::AddCard {
                    text: format!("Idea {i}"),
                },
                _ => ClientMessage::StartTimer { seconds: 60 },
            };
            let who = if i % 5 == 0 && i < 100 { &kari } else { &fac };
            run(&mut c, who, message);
        }
        let checkpoint = latest_checkpoint(&mut c, w.id)
            .unwrap()
            .expect("a checkpoint");
        assert_eq!(checkpoint.seq(), 2 * CHECKPOINT_EVERY);
        let opened = room(&mut c, &w).unwrap();
        assert_eq!(opened.seq(), 2_501);
        assert_eq!(
            format!("{:?}", opened.view(&fac.actor())),
            format!("{:?}", live.view(&fac.actor())),
            "the same board as folding every event"
        );
        // A checkpoint this version cannot read is passed over: the log is folded instead.
        diesel::update(workshop_checkpoints::table.find(w.id))
            .set(workshop_checkpoints::state.eq("{\"shape\": \"of another version\"}"))
            .execute(&mut c)
            .unwrap();
        assert!(latest_checkpoint(&mut c, w.id).unwrap().is_none());
        let folded = room(&mut c, &w).unwrap();
        assert_eq!(
            format!("{:?}", folded.view(&kari.actor())),
            format!("{:?}", live.view(&kari.actor()))
        );
    }
}
