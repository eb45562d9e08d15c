//! Who is here: announcements batched per room (the count to everyone, who came and went
//! to the facilitator), the frame a newcomer gets, and the heartbeat's presence writes.

use std::time::Duration;

use actix_web::web;

use crate::domain::ids::{ParticipantId, WorkshopId};
use crate::domain::workshops;
use crate::live::hub::Hub;
use crate::live::protocol::ServerMessage;
use crate::web::AppState;

/// Presence changes within this time are announced together; in a room of more than 2,500
/// people a tenth of a millisecond per person (a second for 10,000), at most `PRESENCE_MAX`:
/// a count on a phone needs no more, and everyone's frames are fewer.
const PRESENCE_DELAY: Duration = Duration::from_millis(250);
const PRESENCE_MAX: Duration = Duration::from_secs(2);

/// Tells everyone in the room (on every node) who is here now, shortly: changes within
/// `PRESENCE_DELAY` go out as one announcement.
pub(super) fn announce_presence(state: &web::Data<AppState>, workshop_id: WorkshopId) {
    if !state.hub.claim_presence(workshop_id) {
        return;
    }
    let state = state.clone();
    let here = u32::try_from(state.hub.here(workshop_id).unwrap_or(0)).unwrap_or(u32::MAX);
    let delay = (Duration::from_micros(100) * here).clamp(PRESENCE_DELAY, PRESENCE_MAX);
    actix_web::rt::spawn(async move {
        tokio::time::sleep(delay).await;
        state.hub.release_presence(workshop_id);
        publish_presence(&state, workshop_id).await;
    });
}

async fn publish_presence(state: &AppState, workshop_id: WorkshopId) {
    let node = state.hub.node;
    let present = state
        .db
        .run(move |c| {
            let present = workshops::presence(c, workshop_id)?;
            crate::live::notify::notify_presence(c, workshop_id, node)?;
            Ok::<_, crate::domain::Error>(present)
        })
        .await;
    match present {
        Ok(present) => state.hub.publish_presence(workshop_id, present),
        Err(e) => tracing::warn!(error = %e, "could not announce presence"),
    }
}

/// Writes, once per heartbeat, that the participants whose connections are alive are still
/// here: one statement per node and beat rather than one write per connection. Ends with the
/// hub.
pub fn spawn_seen_writer(db: crate::db::Db, hub: std::sync::Weak<Hub>, every: Duration) {
    tokio::spawn(async move {
        let mut beat = tokio::time::interval(every);
        loop {
            beat.tick().await;
            let Some(seen) = hub.upgrade().map(|hub| hub.take_seen()) else {
                break;
            };
            if seen.is_empty() {
                continue;
            }
            // A write per batch, not one for all: in a room of thousands the room's commands
            // get their turns in between.
            for chunk in seen.chunks(workshops::STILL_HERE_BATCH).map(<[_]>::to_vec) {
                let written = db.write(move |c| workshops::still_here(c, &chunk)).await;
                if let Err(e) = written {
                    tracing::warn!(error = %e, "could not record presence");
                }
            }
        }
    });
}

/// Marks a participant as gone (taking a seat marked them as here; one whose welcome failed
/// shows as away once the presence timeout passes).
pub(super) async fn mark_gone(state: &AppState, participant: ParticipantId) {
    let marked = state
        .db
        .write(move |c| workshops::set_seen(c, participant, false))
        .await;
    if let Err(e) = marked {
        tracing::warn!(error = %e, "could not record presence");
    }
}

/// The `presence` frame for someone who has just joined: for a participant the count the
/// node last announced (read from the database only when it has announced none), so that a
/// join storm does not read the whole list once per joiner; for the facilitator the list.
pub(super) async fn presence_on_joining(
    state: &AppState,
    workshop_id: WorkshopId,
    facilitator: bool,
) -> Option<ServerMessage> {
    if !facilitator && let Some(here) = state.hub.here(workshop_id) {
        return Some(ServerMessage::Presence {
            here,
            participants: Vec::new(),
        });
    }
    let present = state
        .db
        .run(move |c| workshops::presence(c, workshop_id))
        .await
        .ok()?;
    Some(ServerMessage::Presence {
        here: present.iter().filter(|p| p.online).count(),
        participants: if facilitator { present } else { Vec::new() },
    })
}
