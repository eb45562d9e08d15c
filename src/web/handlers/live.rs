//! The workshop room over WebSocket (`GET /live/{code}`): the client says `hello` (a display
//! name, or the resume token it was given before), gets a `welcome` with the board, then sends
//! commands; each accepted one is stored and then broadcast to the room as an `event`, each
//! refused one gets a typed `error` frame back.

use std::time::Duration;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use actix_ws::{AggregatedMessage, Session};
use futures_util::StreamExt;
use tokio::sync::broadcast::error::RecvError;

use crate::domain::auth::Identity;
use crate::domain::workshops::{self, Participant, Workshop};
use crate::live::protocol::{
    self, ClientMessage, ErrorCode, MAX_FRAME, PROTOCOL_VERSION, ServerMessage,
};
use crate::web::AppState;
use crate::web::context::RequestContext;
use crate::web::errors::AppError;

/// A connection that has not said `hello` within this time is closed.
const HELLO_TIMEOUT: Duration = Duration::from_secs(10);
/// The server pings this often; a connection silent for `DEAD_AFTER` is dropped.
const HEARTBEAT: Duration = Duration::from_secs(10);
const DEAD_AFTER: Duration = Duration::from_secs(30);
/// A resuming client this far behind gets the whole board instead of the missed events.
const MAX_CATCH_UP: i64 = 500;
/// Messages per second a connection may send (a burst of `BURST` is allowed); a connection
/// refused `ABUSE_LIMIT` times in a row is closed.
const RATE: f64 = 10.0;
const BURST: f64 = 20.0;
const ABUSE_LIMIT: u32 = 50;

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

/// A browser page from another site may not open the room.
fn origin_allowed(req: &HttpRequest, base_url: &str) -> bool {
    match req
        .headers()
        .get(header::ORIGIN)
        .and_then(|o| o.to_str().ok())
    {
        None => true, // not a browser; the join code and tokens decide
        Some(origin) => origin.trim_end_matches('/') == base_url,
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
        actix_ws::handle(&req, body).map_err(|e| AppError::Internal(e.to_string()))?;
    let stream = stream.max_frame_size(MAX_FRAME).aggregate_continuations();
    actix_web::rt::spawn(run(state, workshop, signed_in, session, stream));
    Ok(response)
}

async fn send(session: &mut Session, message: &ServerMessage) -> bool {
    match serde_json::to_string(message) {
        Ok(text) => session.text(text).await.is_ok(),
        Err(_) => false,
    }
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

/// Waits for `hello`, then joins or resumes the participant.
async fn greet(
    state: &AppState,
    workshop: &Workshop,
    signed_in: Option<Identity>,
    session: &mut Session,
    stream: &mut actix_ws::AggregatedMessageStream,
) -> Option<(Participant, String, Option<i64>)> {
    loop {
        let frame = tokio::time::timeout(HELLO_TIMEOUT, stream.next())
            .await
            .ok()??;
        let AggregatedMessage::Text(text) = frame.ok()? else {
            continue;
        };
        match protocol::decode(&text) {
            Ok(ClientMessage::Hello {
                name,
                resume_token,
                last_seq,
                ..
            }) => {
                let (w, signed_in) = (workshop.clone(), signed_in.clone());
                let joined = state
                    .db
                    .write(
                        move |c| -> crate::domain::Result<Option<(Participant, String)>> {
                            if let Some(token) = resume_token
                                && let Some(p) = workshops::resume(c, w.id, &token)?
                            {
                                return Ok(Some((p, token)));
                            }
                            Ok(match &signed_in {
                                Some(me) => {
                                    let facilitator = me.person_id == w.facilitator_id;
                                    workshops::join(
                                        c,
                                        &w,
                                        &me.name,
                                        Some(me.person_id),
                                        facilitator,
                                    )
                                    .ok()
                                }
                                None => workshops::join(c, &w, &name, None, false).ok(),
                            })
                        },
                    )
                    .await
                    .ok()?;
                match joined {
                    Some((participant, token)) => return Some((participant, token, last_seq)),
                    None => {
                        refuse(session, ErrorCode::BadMessage).await;
                    }
                }
            }
            Ok(_) => {
                refuse(session, ErrorCode::BadMessage).await;
            }
            Err(code) => {
                refuse(session, code).await;
            }
        }
    }
}

/// Decides and stores a command. On PostgreSQL two nodes may read the same last `seq` at
/// once; the unique (workshop, seq) index refuses the second, which then tries again against
/// the new board.
async fn store(
    state: &AppState,
    workshop: &Workshop,
    participant: &Participant,
    message: ClientMessage,
) -> crate::domain::Result<Result<Option<(i64, crate::live::room::Event)>, ErrorCode>> {
    let mut attempts = 0;
    loop {
        let (w, p, m) = (workshop.clone(), participant.clone(), message.clone());
        let now_ms = chrono::Utc::now().timestamp_millis();
        match state
            .db
            .write(move |c| workshops::command(c, &w, &p, &m, now_ms))
            .await
        {
            Err(crate::domain::Error::Db(crate::db::DbError::Query(e)))
                if crate::domain::is_unique_violation(&e) && attempts < 5 =>
            {
                attempts += 1;
            }
            other => return other,
        }
    }
}

async fn run(
    state: web::Data<AppState>,
    workshop: Workshop,
    signed_in: Option<Identity>,
    mut session: Session,
    mut stream: actix_ws::AggregatedMessageStream,
) {
    let Some((participant, token, last_seq)) =
        greet(&state, &workshop, signed_in, &mut session, &mut stream).await
    else {
        let _ = session.close(None).await;
        return;
    };
    // Subscribe before reading the board, and skip what the board already contains.
    let mut events = state.hub.subscribe(workshop.id);
    let w = workshop.clone();
    let Ok(board) = state.db.run(move |c| workshops::room(c, &w)).await else {
        let _ = session.close(None).await;
        return;
    };
    let snapshot = board.snapshot();
    // A client resuming shortly after a drop gets only what it missed.
    let catch_up = last_seq.filter(|n| *n <= snapshot.seq && snapshot.seq - *n <= MAX_CATCH_UP);
    let mut seen = catch_up.unwrap_or(snapshot.seq);
    let welcome = ServerMessage::Welcome {
        version: PROTOCOL_VERSION,
        participant: i64::from(participant.id),
        resume_token: token,
        snapshot: catch_up.is_none().then_some(snapshot),
    };
    if !send(&mut session, &welcome).await {
        return;
    }
    if let Some(after) = catch_up {
        let w = workshop.id;
        let Ok(missed) = state
            .db
            .run(move |c| workshops::events_since(c, w, after))
            .await
        else {
            let _ = session.close(None).await;
            return;
        };
        for (seq, event) in missed {
            seen = seq;
            if !send(&mut session, &ServerMessage::Event { seq, event }).await {
                return;
            }
        }
    }
    let mut limit = RateLimit::new();
    let mut heartbeat = tokio::time::interval(HEARTBEAT);
    let mut last_heard = std::time::Instant::now();
    loop {
        tokio::select! {
            _ = heartbeat.tick() => {
                if last_heard.elapsed() > DEAD_AFTER { break }
                let pinged = session.ping(b"").await;
                if pinged.is_err() { break }
            }
            frame = stream.next() => {
                let Some(Ok(frame)) = frame else { break };
                last_heard = std::time::Instant::now();
                match frame {
                    AggregatedMessage::Text(text) => {
                        if !limit.allow() {
                            if limit.refused_in_a_row >= ABUSE_LIMIT || !refuse(&mut session, ErrorCode::RateLimited).await {
                                break;
                            }
                            continue;
                        }
                        let reply = match protocol::decode(&text) {
                            Err(code) => Some(code),
                            Ok(ClientMessage::Ping) => {
                                if !send(&mut session, &ServerMessage::Pong).await { break }
                                None
                            }
                            Ok(message) => {
                                match store(&state, &workshop, &participant, message).await {
                                    Ok(Ok(Some((seq, event)))) => {
                                        state.hub.publish(workshop.id, seq, event);
                                        None
                                    }
                                    Ok(Ok(None)) => None,
                                    Ok(Err(code)) => Some(code),
                                    Err(e) => {
                                        let e: crate::domain::Error = e;
                                        tracing::warn!(error = %e, "workshop command failed");
                                        break;
                                    }
                                }
                            }
                        };
                        if let Some(code) = reply && !refuse(&mut session, code).await {
                            break;
                        }
                    }
                    AggregatedMessage::Ping(bytes) => {
                        let answered = session.pong(&bytes).await;
                        if answered.is_err() { break }
                    }
                    AggregatedMessage::Close(_) => break,
                    _ => {}
                }
            }
            stored = events.recv() => {
                match stored {
                    Ok(stored) => {
                        let (seq, event) = (stored.0, stored.1.clone());
                        if seq > seen {
                            seen = seq;
                            if !send(&mut session, &ServerMessage::Event { seq, event }).await { break }
                        }
                    }
                    // Too far behind: close; the client resumes with its token.
                    Err(RecvError::Lagged(_)) | Err(RecvError::Closed) => break,
                }
            }
        }
    }
    let _ = session.close(None).await;
}
