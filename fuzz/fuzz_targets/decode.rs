//! The workshop protocol decoder on arbitrary frames: it never panics, refuses frames over
//! `MAX_FRAME` whatever they hold, only ever answers with a decoding error, and whatever it
//! accepts re-encodes with serde_json and decodes again to the same message.

#![no_main]

use hverdag::live::protocol::{ClientMessage, ErrorCode, MAX_FRAME, PROTOCOL_VERSION, decode};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // A WebSocket text frame is UTF-8; bytes that are not still make a frame (lossily), so
    // no input is wasted.
    let frame = String::from_utf8_lossy(data);
    check(&frame);
});

fn check(frame: &str) {
    let decoded = decode(frame);
    if frame.len() > MAX_FRAME {
        assert_eq!(decoded, Err(ErrorCode::FrameTooLarge), "an oversized frame");
        return;
    }
    let message = match decoded {
        Ok(message) => message,
        Err(code) => {
            assert!(
                matches!(code, ErrorCode::BadMessage | ErrorCode::UnsupportedVersion),
                "decoding answered {code:?}"
            );
            return;
        }
    };
    if let ClientMessage::Hello { version, .. } = &message {
        assert_eq!(*version, PROTOCOL_VERSION, "a hello of another version");
    }
    let encoded = serde_json::to_string(&message).expect("a decoded message encodes");
    let again: ClientMessage = serde_json::from_str(&encoded).expect("an encoded message reads");
    assert_eq!(again, message, "the serde round trip of {encoded}");
    // Re-encoding spells out defaults and may write numbers longer, so it can outgrow the
    // limit; within it, the decoder must agree.
    if encoded.len() <= MAX_FRAME {
        assert_eq!(decode(&encoded), Ok(message), "decoding {encoded}");
    } else {
        assert_eq!(decode(&encoded), Err(ErrorCode::FrameTooLarge));
    }
}
