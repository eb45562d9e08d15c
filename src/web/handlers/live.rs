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

use crate::domain::workshops::{self, Participant, Workshop};
use crate::live::protocol::{
    self, ClientMessage, ErrorCode, MAX_FRAME, PROTOCOL_VERSION, ServerMessage,
};
use crate::web::AppState;
use crate::web::errors::AppError;

/// A connection that has not said `hello` within this time is closed.
const HELLO_TIMEOUT: Duration = Duration::from_secs(10);

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
    let (response, session, stream) =
        actix_ws::handle(&req, body).map_err(|e| AppError::Internal(e.to_string()))?;
    let stream = stream.max_frame_size(MAX_FRAME).aggregate_continuations();
    actix_web::rt::spawn(run(state, workshop, session, stream));
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
    session: &mut Session,
    stream: &mut actix_ws::AggregatedMessageStream,
) -> Option<(Participant, String)> {
    loop {
        let frame = tokio::time::timeout(HELLO_TIMEOUT, stream.next())
            .await
            .ok()??;
        let AggregatedMessage::Text(text) = frame.ok()? else {
            continue;
        };
        match protocol::decode(&text) {
            Ok(ClientMessage::Hello {
                name, resume_token, ..
            }) => {
                let w = workshop.clone();
                let joined = state
                    .db
                    .write(
                        move |c| -> crate::domain::Result<Option<(Participant, String)>> {
                            if let Some(token) = resume_token
                                && let Some(p) = workshops::resume(c, w.id, &token)?
                            {
                                return Ok(Some((p, token)));
                            }
                            Ok(workshops::join(c, &w, &name, None, false).ok())
                        },
                    )
                    .await
                    .ok()?;
                match joined {
                    Some(joined) => return Some(joined),
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

async fn run(
    state: web::Data<AppState>,
    workshop: Workshop,
    mut session: Session,
    mut stream: actix_ws::AggregatedMessageStream,
) {
    let Some((participant, token)) = greet(&state, &workshop, &mut session, &mut stream).await
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
    let mut seen = snapshot.seq;
    let welcome = ServerMessage::Welcome {
        version: PROTOCOL_VERSION,
        participant: i64::from(participant.id),
        resume_token: token,
        snapshot,
    };
    if !send(&mut session, &welcome).await {
        return;
    }
    loop {
        tokio::select! {
            frame = stream.next() => {
                let Some(Ok(frame)) = frame else { break };
                match frame {
                    AggregatedMessage::Text(text) => {
                        let reply = match protocol::decode(&text) {
                            Err(code) => Some(code),
                            Ok(ClientMessage::Ping) => {
                                if !send(&mut session, &ServerMessage::Pong).await { break }
                                None
                            }
                            Ok(message) => {
                                let (w, p) = (workshop.clone(), participant.clone());
                                let now_ms = chrono::Utc::now().timestamp_millis();
                                match state.db.write(move |c| workshops::command(c, &w, &p, &message, now_ms)).await {
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
