//! The workshop room over WebSocket (`GET /live/{code}`): the client says `hello` (a display
//! name, or the resume token it was given before), gets a `welcome` with the board, then sends
//! commands; each accepted one is stored and then broadcast to the room as an `event`, each
//! refused one gets a typed `error` frame back.

use std::time::Duration;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use actix_ws::{AggregatedMessage, CloseCode, CloseReason, ProtocolError, Session};
use futures_util::StreamExt;
use tokio::sync::broadcast::error::RecvError;

use crate::domain::identity::Identity;
use crate::domain::ids::{ParticipantId, WorkshopId};
use crate::domain::workshops::{self, Participant, Workshop};
use crate::live::hub::{Hub, LiveRoom, Signal, Stored};
use crate::live::protocol::{
    self, ClientMessage, ErrorCode, MAX_FRAME, PROTOCOL_VERSION, ServerMessage,
};
use crate::live::room::{Actor, Fold, Room};
use crate::live::view::Delivery;
use crate::web::AppState;
use crate::web::context::RequestContext;
use crate::web::errors::AppError;

/// A connection that has not said `hello` within this time is closed.
const HELLO_TIMEOUT: Duration = Duration::from_secs(10);
/// A connection silent for this many heartbeats (`AppState::heartbeat`) is dropped.
const DEAD_AFTER_BEATS: u32 = 3;
/// A resuming client this far behind gets the whole board instead of the missed events.
const MAX_CATCH_UP: i64 = 500;
/// Messages per second a connection may send (a burst of `BURST` is allowed); a connection
/// refused `ABUSE_LIMIT` times in a row is closed.
const RATE: f64 = 10.0;
const BURST: f64 = 20.0;
const ABUSE_LIMIT: u32 = 50;
/// A client that has not taken a frame off its full outbound queue (32 frames plus the socket
/// buffers) within this time is disconnected; it resumes with its token when it reads again.
const SEND_TIMEOUT: Duration = Duration::from_secs(5);
/// Presence changes within this time are announced together; in a room of more than 2,500
/// people a tenth of a millisecond per person (a second for 10,000), at most `PRESENCE_MAX`:
/// a count on a phone needs no more, and everyone's frames are fewer.
const PRESENCE_DELAY: Duration = Duration::from_millis(250);
const PRESENCE_MAX: Duration = Duration::from_secs(2);

/// A token bucket per connection.
struct RateLimit {
    tokens: f64,
    last: std::time::Instant,
    refused_in_a_row: u32,
}

impl RateLimit {
    fn new() -> RateLimit {
        RateLimit {
            tokens: BURST,
            last: std::time::Instant::now(),
            refused_in_a_row: 0,
        }
    }

    /// True when this message may go through.
    fn allow(&mut self) -> bool {
        let now = std::time::Instant::now();
        self.tokens = (self.tokens + now.duration_since(self.last).as_secs_f64() * RATE).min(BURST);
        self.last = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            self.refused_in_a_row = 0;
            true
        } else {
            self.refused_in_a_row += 1;
            false
        }
    }
}

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
    let code = code.into_inner();
    let workshop = state
        .db
        .run(move |c| workshops::find_by_code(c, &code))
        .await?
        .ok_or(AppError::NotFound)?;
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

async fn send(session: &mut Session, message: &ServerMessage) -> bool {
    match message.encode() {
        Ok(text) => send_text(session, text).await,
        Err(_) => false,
    }
}

async fn send_text(session: &mut Session, text: bytestring::ByteString) -> bool {
    in_time(session.text(text)).await
}

/// Whether a frame to the client went out within `SEND_TIMEOUT`.
async fn in_time<E>(sending: impl Future<Output = Result<(), E>>) -> bool {
    matches!(
        tokio::time::timeout(SEND_TIMEOUT, sending).await,
        Ok(Ok(()))
    )
}

/// How the server ends a connection: the close frame's code, when there is one to give.
type Ending = Option<CloseCode>;

/// A frame over [`MAX_FRAME`], whole or assembled from fragments (actix-ws reports the
/// latter as an I/O error of kind `Other`), is "too big" (1009); other errors get no code.
fn ending(error: &ProtocolError) -> Ending {
    match error {
        ProtocolError::Overflow => Some(CloseCode::Size),
        ProtocolError::Io(e) if e.kind() == std::io::ErrorKind::Other => Some(CloseCode::Size),
        _ => None,
    }
}

/// Closes the connection, without waiting on a client that has stopped reading.
async fn close(session: Session, ending: Ending) {
    in_time(session.close(ending.map(CloseReason::from))).await;
}

async fn refuse(session: &mut Session, code: ErrorCode) -> bool {
    send(
        session,
        &ServerMessage::Error {
            code,
            message: code.to_string(),
        },
    )
    .await
}

/// Waits for `hello` (at most `HELLO_TIMEOUT` in all, at the same message rate as later),
/// then joins or resumes the participant. A client that does not say it in time, or keeps
/// sending too fast, is closed as a policy violation (1008).
async fn greet(
    state: &AppState,
    workshop: &Workshop,
    signed_in: Option<Identity>,
    session: &mut Session,
    stream: &mut actix_ws::AggregatedMessageStream,
) -> Result<(Participant, String, Option<i64>), Ending> {
    let mut limit = RateLimit::new();
    tokio::time::timeout(HELLO_TIMEOUT, async {
        loop {
            let frame = match stream.next().await {
                Some(Ok(frame)) => frame,
                Some(Err(e)) => return Err(ending(&e)),
                None => return Err(None),
            };
            let AggregatedMessage::Text(text) = frame else {
                continue;
            };
            if !limit.allow() {
                if limit.refused_in_a_row >= ABUSE_LIMIT {
                    return Err(Some(CloseCode::Policy));
                }
                refuse(session, ErrorCode::RateLimited).await;
                continue;
            }
            let (resume_token, name, last_seq) = match protocol::decode(&text) {
                Ok(ClientMessage::Hello {
                    projector: true,
                    last_seq,
                    ..
                }) => {
                    if signed_in
                        .as_ref()
                        .is_some_and(|me| me.person_id == workshop.facilitator_id)
                    {
                        return Ok((Participant::projector(workshop), String::new(), last_seq));
                    }
                    refuse(session, ErrorCode::NotFacilitator).await;
                    continue;
                }
                Ok(ClientMessage::Hello {
                    resume_token,
                    name,
                    last_seq,
                    ..
                }) => (resume_token, name, last_seq),
                Ok(_) => {
                    refuse(session, ErrorCode::BadMessage).await;
                    continue;
                }
                Err(code) => {
                    refuse(session, code).await;
                    continue;
                }
            };
            let person = signed_in.as_ref().map(|me| (me.person_id, me.name.clone()));
            // A name that cannot be used is refused without touching the database.
            if resume_token.is_none() && person.is_none() && !workshops::valid_name(&name) {
                refuse(session, ErrorCode::InvalidName).await;
                continue;
            }
            let request = workshops::SeatRequest {
                resume_token,
                person,
                name,
                capacity: state.room_capacity,
            };
            let request = std::sync::Arc::new(request);
            let mut seat = Err(crate::domain::Error::NotFound);
            // Two first tabs of one person at once: the second finds the seat on a retry.
            for _ in 0..2 {
                let (w, r) = (workshop.clone(), request.clone());
                seat = state
                    .db
                    .write(move |c| workshops::take_seat(c, &w, &r))
                    .await;
                match &seat {
                    Err(crate::domain::Error::Db(crate::db::DbError::Query(e)))
                        if crate::domain::is_unique_violation(e) => {}
                    _ => break,
                }
            }
            match seat {
                Ok(Ok((participant, token))) => return Ok((participant, token, last_seq)),
                Ok(Err(code)) => {
                    refuse(session, code).await;
                }
                Err(e) => {
                    tracing::warn!(error = %e, "could not seat a participant");
                    return Err(None);
                }
            }
        }
    })
    .await
    .unwrap_or(Err(Some(CloseCode::Policy)))
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

/// Tells everyone in the room (on every node) who is here now, shortly: changes within
/// `PRESENCE_DELAY` go out as one announcement.
fn announce_presence(state: &web::Data<AppState>, workshop_id: WorkshopId) {
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
            let written = db.write(move |c| workshops::still_here(c, &seen)).await;
            if let Err(e) = written {
                tracing::warn!(error = %e, "could not record presence");
            }
        }
    });
}

/// Marks a participant as gone (taking a seat marked them as here; one whose welcome failed
/// shows as away once the presence timeout passes).
async fn mark_gone(state: &AppState, participant: ParticipantId) {
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
async fn presence_on_joining(
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

/// Brings the room's shared board up to date from the log and sends the welcome: the whole
/// board, or — for a client resuming with a recent `last_seq` — the events it missed, as this
/// participant may see them. Returns the `seq` the client is now at.
async fn welcome(
    state: &AppState,
    live: &std::sync::Arc<LiveRoom>,
    workshop: &Workshop,
    participant: &Participant,
    token: String,
    last_seq: Option<i64>,
    session: &mut Session,
) -> Option<i64> {
    let (w, actor) = (workshop.id, participant.actor());
    let resumes =
        move |seq: i64| last_seq.is_some_and(|n| n >= 0 && n <= seq && seq - n <= MAX_CATCH_UP);
    let welcome_from = move |board: &crate::live::hub::Board| {
        let seq = board.room().seq();
        let snapshot = match resumes(seq) {
            true => None,
            false => Some(
                board
                    .encoded_view(&actor)
                    .map_err(|e| crate::domain::Error::Internal(e.to_string()))?,
            ),
        };
        Ok::<_, crate::domain::Error>((seq, snapshot))
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
    let (seq, snapshot) = match current {
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
    let missed_from = last_seq.filter(|n| snapshot.is_none() && *n < seq);
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
    if let Some(from) = missed_from {
        // What a participant may see of each event depends on the board at that moment:
        // fold the log up to where the client is, then go through what it missed.
        let log = state
            .db
            .run(move |c| workshops::events_since(c, w, 0))
            .await
            .ok()?;
        let mut room = Room::new(workshop.agenda());
        for (n, event) in log.iter().take_while(|(n, _)| *n <= seq) {
            if *n <= from {
                room.apply(*n, event);
                continue;
            }
            let sent = match room.advance(*n, event).to(&actor) {
                Delivery::Frame(frame) => send_text(session, frame).await,
                Delivery::Board => {
                    let snapshot = room.view(&actor);
                    send(session, &ServerMessage::Board { snapshot }).await
                }
                Delivery::Nothing => true,
            };
            if !sent {
                return None;
            }
        }
    }
    Some(seq)
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

/// Sends a connection its part of an update it has not had yet (the welcome covered those up
/// to `seq`); a new board is read from the shared one, which may be further on by then.
async fn follow(
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
