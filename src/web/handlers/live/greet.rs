//! The `hello`: who joins (a new participant, a resumed seat, a signed-in person, the
//! projector), at a bounded message rate.

use std::time::Duration;

use actix_ws::{AggregatedMessage, CloseCode, Session};
use futures_util::StreamExt;

use super::frames::{Ending, ending, refuse};
use crate::app::workshops::rooms;
use crate::domain::identity::Identity;
use crate::domain::workshops::{self, Participant, Workshop};
use crate::live::protocol::{self, ClientMessage, ErrorCode};
use crate::web::AppState;

/// A connection that has not said `hello` within this time is closed.
const HELLO_TIMEOUT: Duration = Duration::from_secs(10);

/// Messages per second a connection may send (a burst of `BURST` is allowed); a connection
/// refused `ABUSE_LIMIT` times in a row is closed.
const RATE: f64 = 10.0;
const BURST: f64 = 20.0;
pub(super) const ABUSE_LIMIT: u32 = 50;

/// A token bucket per connection.
pub(super) struct RateLimit {
    tokens: f64,
    last: std::time::Instant,
    pub(super) refused_in_a_row: u32,
}

impl RateLimit {
    pub(super) fn new() -> RateLimit {
        RateLimit {
            tokens: BURST,
            last: std::time::Instant::now(),
            refused_in_a_row: 0,
        }
    }

    /// True when this message may go through.
    pub(super) fn allow(&mut self) -> bool {
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

/// Waits for `hello` (at most `HELLO_TIMEOUT` in all, at the same message rate as later),
/// then joins or resumes the participant. A client that does not say it in time, or keeps
/// sending too fast, is closed as a policy violation (1008).
pub(super) async fn greet(
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
                    if rooms::facilitates(signed_in.as_ref(), workshop) {
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
            match rooms::take_seat(&state.db, workshop, request).await {
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
