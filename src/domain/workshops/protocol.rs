//! The workshop wire protocol: JSON text frames tagged by `type`. Clients say `hello` first,
//! with the protocol version; every later frame is a command the room decides on. Decoding
//! is bounded and never panics: anything it cannot read is a typed error.

use serde::{Deserialize, Serialize};

use super::room::Event;
use super::view::Snapshot;

pub const PROTOCOL_VERSION: u32 = 1;
/// Largest frame accepted, in bytes.
pub const MAX_FRAME: usize = 8 * 1024;

/// A frame from a participant or the facilitator.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum ClientMessage {
    Hello {
        version: u32,
        code: String,
        name: String,
        resume_token: Option<String>,
        last_seq: Option<i64>,
        /// A read-only view for the room's screen (the signed-in facilitator only); it sees
        /// what participants see and is not a participant.
        #[serde(default)]
        projector: bool,
    },
    AddCard {
        text: String,
    },
    EditCard {
        card: i64,
        text: String,
    },
    DeleteCard {
        card: i64,
    },
    CreateGroup {
        name: String,
    },
    MoveCard {
        card: i64,
        group: Option<i64>,
    },
    Vote {
        card: i64,
    },
    Unvote {
        card: i64,
    },
    /// A key result for one of the top objectives (cards).
    ProposeKeyResult {
        objective: i64,
        metric: String,
        #[serde(default)]
        unit: String,
        start: f64,
        target: f64,
    },
    EditKeyResult {
        key_result: i64,
        metric: String,
        #[serde(default)]
        unit: String,
        start: f64,
        target: f64,
    },
    DeleteKeyResult {
        key_result: i64,
    },
    SetStep {
        step: usize,
    },
    StartTimer {
        seconds: u32,
    },
    /// Adds time to the running or paused countdown.
    ExtendTimer {
        seconds: u32,
    },
    PauseTimer,
    Lock {
        locked: bool,
    },
    /// Shows who wrote which card (in an anonymous workshop).
    Reveal,
    End,
    Ping,
}

/// A frame to a client.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerMessage {
    /// After `hello`: the whole board, or — for a client resuming with a recent `last_seq` —
    /// no board, followed by `event` frames for what it missed.
    Welcome {
        version: u32,
        participant: i64,
        resume_token: String,
        /// The board (a [`Snapshot`]), encoded: newcomers share one encoding.
        snapshot: Option<Box<serde_json::value::RawValue>>,
        /// The server's clock (Unix ms) when sending, so clients show the timer against
        /// server time whatever their own clock says.
        server_ms: i64,
    },
    Event {
        seq: i64,
        event: Event,
    },
    /// The whole board again, when what this client may see has changed (tallies shown
    /// after the vote, authors revealed).
    Board {
        snapshot: Snapshot,
    },
    /// Sent on joining: how many are here, and for the facilitator everyone who has joined
    /// the room and who of them is here. Participants and the projector get the count only,
    /// so a join costs everyone else a few bytes, not the whole list.
    Presence {
        here: usize,
        participants: Vec<Present>,
    },
    /// How many are here now, and for the facilitator the entries of the list that are new
    /// or changed (someone came, left or dropped out; nobody is ever removed). Changes within
    /// a quarter of a second go out together.
    PresenceChanged {
        here: usize,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        participants: Vec<Present>,
    },
    Error {
        code: ErrorCode,
        message: String,
    },
    Pong,
}

impl ServerMessage {
    /// The frame as sent. Encoding these types does not fail (maps have string keys, no
    /// custom `Serialize`); the `Result` is serde's.
    pub fn encode(&self) -> serde_json::Result<bytestring::ByteString> {
        serde_json::to_string(self).map(Into::into)
    }
}

/// One participant in the presence list.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Present {
    pub id: i64,
    pub name: String,
    pub facilitator: bool,
    pub online: bool,
}

/// Why a frame was refused; the `error` frame carries it in `snake_case`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    #[error("the frame is too large")]
    FrameTooLarge,
    #[error("the frame is not a message this server understands")]
    BadMessage,
    #[error("this protocol version is not supported")]
    UnsupportedVersion,
    #[error("only the facilitator may do that")]
    NotFacilitator,
    #[error("that is not possible in the current step")]
    WrongStep,
    #[error("only its author or the facilitator may change that")]
    NotYourCard,
    #[error("there is no such card")]
    UnknownCard,
    #[error("there is no such group")]
    UnknownGroup,
    #[error("there is no such key result")]
    UnknownKeyResult,
    #[error("key results are drafted for the top-voted objectives only")]
    NotTopObjective,
    #[error("a key result needs numbers for start and target, and they must differ")]
    InvalidKeyResult,
    #[error("this objective has as many key results as allowed")]
    TooManyKeyResults,
    #[error("the text is empty")]
    EmptyText,
    #[error("the text is too long")]
    TextTooLong,
    #[error("you have used all your votes")]
    NoVotesLeft,
    #[error("you have not voted for that card")]
    NotVoted,
    #[error("you have added as many cards as allowed")]
    TooManyCards,
    #[error("the board is locked")]
    Locked,
    #[error("the workshop has ended")]
    Ended,
    #[error("there is no such step")]
    UnknownStep,
    #[error("too many messages; slow down")]
    RateLimited,
    #[error("a display name needs 1 to 60 characters")]
    InvalidName,
    #[error("the projector view is read-only")]
    ReadOnly,
    #[error("the workshop has as many participants as it takes")]
    RoomFull,
}

/// Reads one text frame.
pub fn decode(frame: &str) -> Result<ClientMessage, ErrorCode> {
    if frame.len() > MAX_FRAME {
        return Err(ErrorCode::FrameTooLarge);
    }
    let message: ClientMessage = serde_json::from_str(frame).map_err(|_| ErrorCode::BadMessage)?;
    if let ClientMessage::Hello { version, .. } = &message
        && *version != PROTOCOL_VERSION
    {
        return Err(ErrorCode::UnsupportedVersion);
    }
    Ok(message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn frames_decode_by_type() {
        assert_eq!(
            decode(r#"{"type":"add_card","text":"Happier customers"}"#),
            Ok(ClientMessage::AddCard {
                text: "Happier customers".into()
            })
        );
        assert_eq!(
            decode(r#"{"type":"pause_timer"}"#),
            Ok(ClientMessage::PauseTimer)
        );
        assert_eq!(
            decode(
                r#"{"type":"hello","version":1,"code":"K7QX","name":"Kari","resume_token":null,"last_seq":12}"#
            ),
            Ok(ClientMessage::Hello {
                version: 1,
                code: "K7QX".into(),
                name: "Kari".into(),
                resume_token: None,
                last_seq: Some(12),
                projector: false,
            })
        );
        assert_eq!(
            decode(
                r#"{"type":"hello","version":9,"code":"K7QX","name":"Kari","resume_token":null,"last_seq":null}"#
            ),
            Err(ErrorCode::UnsupportedVersion)
        );
        assert_eq!(decode(r#"{"type":"vote"}"#), Err(ErrorCode::BadMessage));
        assert_eq!(
            decode(r#"{"type":"vote","card":1,"extra":true}"#),
            Err(ErrorCode::BadMessage)
        );
        assert_eq!(
            decode(&"x".repeat(MAX_FRAME + 1)),
            Err(ErrorCode::FrameTooLarge)
        );
    }

    /// Numbers read as written: serde_json's default float parser may land one unit in the
    /// last place off, and a key result's values would then change between the frame and the
    /// log (serde_json's `float_roundtrip`; the `decode` fuzz target checks the round trip).
    #[test]
    fn key_result_numbers_read_exactly() {
        let frame = r#"{"type":"propose_key_result","objective":1,"metric":"NPS","start":-930039.7635799367,"target":130.65331632653061}"#;
        let Ok(ClientMessage::ProposeKeyResult { start, target, .. }) = decode(frame) else {
            panic!("a key result frame");
        };
        assert_eq!(start, "-930039.7635799367".parse::<f64>().unwrap());
        assert_eq!(target, "130.65331632653061".parse::<f64>().unwrap());
        let again = serde_json::to_string(&decode(frame).unwrap()).unwrap();
        assert_eq!(decode(&again), decode(frame));
    }

    #[test]
    fn errors_go_out_as_typed_frames() {
        let frame = serde_json::to_string(&ServerMessage::Error {
            code: ErrorCode::NoVotesLeft,
            message: ErrorCode::NoVotesLeft.to_string(),
        })
        .unwrap();
        assert_eq!(
            frame,
            r#"{"type":"error","code":"no_votes_left","message":"you have used all your votes"}"#
        );
    }

    proptest! {
        #[test]
        fn decoding_never_panics(frame in ".{0,300}") {
            let _ = decode(&frame);
        }

        #[test]
        fn json_shaped_garbage_is_refused_not_panicked(
            kind in "[a-z_]{0,12}",
            field in "[a-z_]{0,8}",
            value in proptest::num::i64::ANY,
        ) {
            let frame = format!(r#"{{"type":"{kind}","{field}":{value}}}"#);
            let _ = decode(&frame);
        }
    }
}
