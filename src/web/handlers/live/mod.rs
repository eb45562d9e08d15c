//! The workshop room over WebSocket (`GET /live/{code}`): the client says `hello` (a display
//! name, or the resume token it was given before), gets a `welcome` with the board, then sends
//! commands; each accepted one is stored and then broadcast to the room as an `event`, each
//! refused one gets a typed `error` frame back.

mod frames;
mod greet;
mod presence;
mod welcome;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use actix_ws::{AggregatedMessage, CloseCode, Session};
use futures_util::StreamExt;
use tokio::sync::broadcast::error::RecvError;

use crate::app::workshops::rooms;
use crate::domain::identity::Identity;
use crate::domain::workshops::{self, Participant, Workshop};
use crate::live::board::{LiveRoom, Signal, Stored};
use crate::live::protocol::{self, ClientMessage, ErrorCode, MAX_FRAME, ServerMessage};
use crate::live::room::{Actor, Fold};
use crate::live::view::Delivery;
use crate::web::AppState;
use crate::web::context::RequestContext;
use crate::web::errors::AppError;
use frames::{Ending, close, ending, in_time, refuse, send, send_text};
use greet::{ABUSE_LIMIT, RateLimit, greet};
pub use presence::spawn_seen_writer;
use presence::{announce_presence, mark_gone, presence_on_joining};
use welcome::welcome;

/// A connection silent for this many heartbeats (`AppState::heartbeat`) is dropped.
const DEAD_AFTER_BEATS: u32 = 3;

/// A browser page from another site may not open the room: the `Origin` must be the public
/// base URL or the host the request was sent to (same origin).
fn origin_allowed(req: &HttpRequest, base_url: &str) -> bool {
    match req
        .headers()
        .get(header::ORIGIN)
        .and_then(|o| o.to_str().ok())
    {
        None => true, // not a browser; the join code and tokens decide
        Some(origin) => {
            let origin = origin.trim_end_matches('/');
            let host = origin.split_once("://").map_or("", |(_, host)| host);
            origin == base_url || host == req.connection_info().host()
        }
    }
}

pub async fn connect(
    req: HttpRequest,
    body: web::Payload,
    state: web::Data<AppState>,
    code: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    if !origin_allowed(&req, &state.base_url) {
        return Err(AppError::Forbidden);
    }
    // Anything but a WebSocket upgrade is refused before the code is looked up, so a plain
    // request cannot tell a real code from an unknown one.
    let upgrade = req
        .headers()
        .get(header::UPGRADE)
        .and_then(|u| u.to_str().ok());
    if !upgrade.is_some_and(|u| u.eq_ignore_ascii_case("websocket")) {
        return Err(AppError::BadRequest("error-bad-request"));
    }
    // Guessing codes: an address with too many unknown ones waits a while.
    let address = crate::web::misses::client_ip(&req, state.trust_proxy);
    if state.join_misses.exhausted(&address) {
        return Err(AppError::TooManyRequests);
    }
    let found = rooms::by_code(&state.db, code.into_inner()).await?;
    let Some(workshop) = found else {
        state.join_misses.record(&address);
        return Err(AppError::NotFound);
    };
    // A signed-in person of the workshop's organisation joins as themselves (linked for
    // attendance); its facilitator joins as facilitator. Others join by name.
    let signed_in = RequestContext::of(&req)
        .and_then(|c| c.identity)
        .filter(|id| id.org_id == workshop.org_id);
    let (response, session, stream) =
        actix_ws::handle(&req, body).map_err(|_| AppError::BadRequest("error-bad-request"))?;
    // The limit holds for a message assembled from fragments as it grows, too.
    let stream = stream
        .max_frame_size(MAX_FRAME)
        .aggregate_continuations()
        .max_continuation_size(MAX_FRAME);
    actix_web::rt::spawn(run(state, workshop, signed_in, session, stream));
    Ok(response)
}

async fn run(
    state: web::Data<AppState>,
    workshop: Workshop,
    signed_in: Option<Identity>,
    mut session: Session,
    mut stream: actix_ws::AggregatedMessageStream,
) {
    let (participant, token, last_seq) =
        match greet(&state, &workshop, signed_in, &mut session, &mut stream).await {
            Ok(seat) => seat,
            Err(ending) => {
                close(session, ending).await;
                return;
            }
        };
    // Enter before reading the log; what the welcome covers is skipped in `serve`.
    let (live, mut signals) = state.hub.enter(workshop.id, || workshop.agenda());
    let Some(seq) = welcome(
        &state,
        &live,
        &workshop,
        &participant,
        token,
        last_seq,
        &mut session,
    )
    .await
    else {
        close(session, None).await;
        drop(signals);
        state.hub.release(workshop.id);
        return;
    };
    let seated = !participant.is_projector();
    if seated {
        // Taking the seat marked them as here.
        state.hub.sit(participant.id);
        announce_presence(&state, workshop.id);
    }
    // The newcomer sees at once how many are here (the facilitator: who).
    if let Some(frame) = presence_on_joining(&state, workshop.id, participant.facilitator).await {
        // A failed send shows in the loop below, which then ends and cleans up.
        let _ = send(&mut session, &frame).await;
    }
    let ending = serve(
        &state,
        &workshop,
        &participant,
        (&live, seq),
        &mut signals,
        &mut session,
        &mut stream,
    )
    .await;
    close(session, ending).await;
    drop(signals);
    state.hub.release(workshop.id);
    if seated && state.hub.leave(participant.id) {
        mark_gone(&state, participant.id).await;
        announce_presence(&state, workshop.id);
    }
}

/// The connection's main loop: commands in, stored events and presence out, heartbeats.
async fn serve(
    state: &web::Data<AppState>,
    workshop: &Workshop,
    participant: &Participant,
    (live, mut seq): (&std::sync::Arc<LiveRoom>, i64),
    signals: &mut tokio::sync::broadcast::Receiver<Stored>,
    session: &mut Session,
    stream: &mut actix_ws::AggregatedMessageStream,
) -> Ending {
    let mut limit = RateLimit::new();
    let actor = participant.actor();
    let mut heartbeat = tokio::time::interval(state.heartbeat);
    let dead_after = state.heartbeat * DEAD_AFTER_BEATS;
    heartbeat.tick().await;
    let mut last_heard = std::time::Instant::now();
    loop {
        tokio::select! {
            // Stored events first: what has been stored goes out before the connection's next
            // command is read, so a command's acknowledgement comes before the answer to the
            // next one.
            biased;
            signal = signals.recv() => {
                let sent = match signal.as_deref() {
                    Ok(Signal::Event(update)) => follow(session, live, &actor, &mut seq, update).await,
                    Ok(signal @ Signal::Presence { .. }) => match signal.presence_for(actor.facilitator) {
                        Some(frame) => send_text(session, frame.clone()).await,
                        None => true,
                    },
                    // Too far behind to catch up event by event: the whole board instead (unless
                    // a board already sent covers all that was skipped), and the channel from
                    // here on.
                    Err(RecvError::Lagged(_)) => {
                        *signals = signals.resubscribe();
                        live.seq().await <= seq || send_board(session, live, &actor, &mut seq).await
                    }
                    Err(RecvError::Closed) => false,
                };
                if !sent {
                    break;
                }
            }
            _ = heartbeat.tick() => {
                if last_heard.elapsed() > dead_after { break }
                if !in_time(session.ping(b"")).await { break }
                if !participant.is_projector() {
                    state.hub.seen(participant.id);
                }
                if state.hub.time_to_look(workshop.id, dead_after) {
                    announce_presence(state, workshop.id);
                }
            }
            frame = stream.next() => {
                let frame = match frame {
                    Some(Ok(frame)) => frame,
                    Some(Err(e)) => return ending(&e),
                    None => break,
                };
                last_heard = std::time::Instant::now();
                match frame {
                    AggregatedMessage::Text(text) => {
                        if !limit.allow() {
                            if limit.refused_in_a_row >= ABUSE_LIMIT {
                                return Some(CloseCode::Policy);
                            }
                            if !refuse(session, ErrorCode::RateLimited).await {
                                break;
                            }
                            continue;
                        }
                        let reply = match protocol::decode(&text) {
                            Err(code) => Some(code),
                            Ok(ClientMessage::Ping) => {
                                if !send(session, &ServerMessage::Pong).await { break }
                                None
                            }
                            Ok(_) if participant.is_projector() => Some(ErrorCode::ReadOnly),
                            Ok(message) => match store(state, live, workshop, participant, message).await {
                                Ok(Ok(())) => None,
                                Ok(Err(code)) => Some(code),
                                Err(e) => {
                                    tracing::warn!(error = %e, "workshop command failed");
                                    break;
                                }
                            },
                        };
                        if let Some(code) = reply && !refuse(session, code).await {
                            break;
                        }
                    }
                    AggregatedMessage::Ping(bytes) if !in_time(session.pong(&bytes)).await => break,
                    AggregatedMessage::Close(_) => break,
                    _ => {}
                }
            }
        }
    }
    None
}

/// Decides and stores a command against the node's shared board, which folds the stored
/// event in and sends it to the room before the lock is let go. On PostgreSQL two nodes may
/// read the same last `seq` at once; the unique (workshop, seq) index refuses the second,
/// which then tries again against the new board.
async fn store(
    state: &AppState,
    live: &std::sync::Arc<LiveRoom>,
    workshop: &Workshop,
    participant: &Participant,
    message: ClientMessage,
) -> crate::domain::Result<Result<(), ErrorCode>> {
    let mut attempts = 0;
    loop {
        let (w, p, m) = (workshop.clone(), participant.clone(), message.clone());
        let db = state.db.clone();
        // The room's turn first, then a connection (see `LiveRoom::take`).
        let mut relay = live.take().await;
        let now_ms = chrono::Utc::now().timestamp_millis();
        let stored = state
            .db
            .run(move |c| {
                let stored = db.write_tx(c, |c| {
                    workshops::command_on(c, &w, &p, &m, now_ms, &mut relay)
                });
                if let Ok(Ok(Some((seq, event)))) = &stored {
                    relay.fold(*seq, event);
                }
                stored
            })
            .await;
        match stored {
            Err(crate::domain::Error::Db(crate::db::DbError::Query(e)))
                if crate::domain::is_unique_violation(&e) && attempts < 5 =>
            {
                attempts += 1;
            }
            other => return other.map(|decided| decided.map(|_| ())),
        }
    }
}

/// Sends a connection its part of an update it has not had yet (the welcome covered those up
/// to `seq`); a new board is read from the shared one, which may be further on by then.
pub(super) async fn follow(
    session: &mut Session,
    live: &LiveRoom,
    viewer: &Actor,
    seq: &mut i64,
    update: &crate::live::view::Update,
) -> bool {
    if update.seq <= *seq {
        return true;
    }
    match update.to(viewer) {
        Delivery::Board => send_board(session, live, viewer, seq).await,
        Delivery::Frame(frame) => {
            *seq = update.seq;
            send_text(session, frame).await
        }
        Delivery::Nothing => {
            *seq = update.seq;
            true
        }
    }
}

/// Sends the viewer the whole shared board as it is now, and moves them on to its `seq`.
async fn send_board(session: &mut Session, live: &LiveRoom, viewer: &Actor, seq: &mut i64) -> bool {
    let snapshot = live.view(viewer).await;
    *seq = snapshot.seq;
    send(session, &ServerMessage::Board { snapshot }).await
}
