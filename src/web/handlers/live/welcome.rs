//! The welcome: the board as the newcomer may see it (shared by every newcomer with nothing
//! of their own on it), or for a resuming client the events it missed.

use actix_ws::Session;

use super::follow;
use super::frames::send;
use crate::domain::workshops::{self, Participant, Workshop};
use crate::live::board::{Board, LiveRoom, Signal, Stored};
use crate::live::protocol::{PROTOCOL_VERSION, ServerMessage};
use crate::web::AppState;

/// Sends the welcome from the room's shared board (brought up to date from the log first
/// when it is behind): the whole board, or, for a client resuming after a drop, the updates
/// it missed (the room keeps its latest [`crate::live::board::RECENT`]; one that missed more
/// gets the board). Returns the `seq` the client is now at.
pub(super) async fn welcome(
    state: &AppState,
    live: &std::sync::Arc<LiveRoom>,
    workshop: &Workshop,
    participant: &Participant,
    token: String,
    last_seq: Option<i64>,
    session: &mut Session,
) -> Option<i64> {
    let (w, actor) = (workshop.id, participant.actor());
    let welcome_from = move |board: &Board| {
        let seq = board.room().seq();
        if let Some(from) = last_seq.filter(|n| (0..=seq).contains(n))
            && let Some(updates) = board.updates_after(from)
        {
            return Ok((seq, Greeting::Missed { from, updates }));
        }
        let snapshot = board
            .encoded_view(&actor)
            .map_err(|e| crate::domain::Error::Internal(e.to_string()))?;
        Ok::<_, crate::domain::Error>((seq, Greeting::Board(snapshot)))
    };
    // The log's last `seq` first: a board that has it holds everything stored before this
    // welcome, and what is stored after it comes as events (the connection already listens).
    let stored = state
        .db
        .run(move |c| workshops::last_seq(c, w))
        .await
        .ok()?;
    let current = live
        .current()
        .await
        .filter(|board| board.room().seq() >= stored)
        .map(|board| welcome_from(&board));
    let (seq, greeting) = match current {
        Some(ready) => ready.ok()?,
        // The first welcome on this node, or one that finds the board behind the log (a
        // notice from another node still on its way, or lost), brings it up to date.
        None => {
            let mut relay = live.take().await;
            state
                .db
                .run(move |c| {
                    workshops::catch_up(c, w, &mut relay)?;
                    welcome_from(relay.welcome())
                })
                .await
                .ok()?
        }
    };
    let (snapshot, mut at, missed) = match greeting {
        Greeting::Board(snapshot) => (Some(snapshot), seq, Vec::new()),
        Greeting::Missed { from, updates } => (None, from, updates),
    };
    let welcome = ServerMessage::Welcome {
        version: PROTOCOL_VERSION,
        participant: i64::from(participant.id),
        resume_token: token,
        snapshot,
        server_ms: chrono::Utc::now().timestamp_millis(),
    };
    if !send(session, &welcome).await {
        return None;
    }
    // What the client missed, as it would have had it (a board where what it may see changed).
    for signal in missed {
        if let Signal::Event(update) = &*signal
            && !follow(session, live, &actor, &mut at, update).await
        {
            return None;
        }
    }
    Some(at)
}

/// What a welcome brings: the whole board (encoded), or the updates after the client's `seq`.
enum Greeting {
    Board(Box<serde_json::value::RawValue>),
    Missed { from: i64, updates: Vec<Stored> },
}
