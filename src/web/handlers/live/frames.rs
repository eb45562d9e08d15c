//! Sending frames to a client without waiting on one that has stopped reading, refusing a
//! command with a typed error frame, and closing with the code that says why.

use std::time::Duration;

use actix_ws::{CloseCode, CloseReason, ProtocolError, Session};

use crate::live::protocol::{ErrorCode, ServerMessage};

/// A client that has not taken a frame off its full outbound queue (32 frames plus the socket
/// buffers) within this time is disconnected; it resumes with its token when it reads again.
const SEND_TIMEOUT: Duration = Duration::from_secs(5);

pub(super) async fn send(session: &mut Session, message: &ServerMessage) -> bool {
    match message.encode() {
        Ok(text) => send_text(session, text).await,
        Err(_) => false,
    }
}

pub(super) async fn send_text(session: &mut Session, text: bytestring::ByteString) -> bool {
    in_time(session.text(text)).await
}

/// Whether a frame to the client went out within `SEND_TIMEOUT`.
pub(super) async fn in_time<E>(sending: impl Future<Output = Result<(), E>>) -> bool {
    matches!(
        tokio::time::timeout(SEND_TIMEOUT, sending).await,
        Ok(Ok(()))
    )
}

/// How the server ends a connection: the close frame's code, when there is one to give.
pub(super) type Ending = Option<CloseCode>;

/// A frame over [`crate::live::protocol::MAX_FRAME`], whole or assembled from fragments (actix-ws reports the
/// latter as an I/O error of kind `Other`), is "too big" (1009); other errors get no code.
pub(super) fn ending(error: &ProtocolError) -> Ending {
    match error {
        ProtocolError::Overflow => Some(CloseCode::Size),
        ProtocolError::Io(e) if e.kind() == std::io::ErrorKind::Other => Some(CloseCode::Size),
        _ => None,
    }
}

/// Closes the connection, without waiting on a client that has stopped reading.
pub(super) async fn close(session: Session, ending: Ending) {
    in_time(session.close(ending.map(CloseReason::from))).await;
}

pub(super) async fn refuse(session: &mut Session, code: ErrorCode) -> bool {
    send(
        session,
        &ServerMessage::Error {
            code,
            message: code.to_string(),
        },
    )
    .await
}
