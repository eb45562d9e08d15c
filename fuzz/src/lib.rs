//! The live workshop modules of hverdag — `src/domain/workshops/{agenda,protocol,room/,view}.rs`,
//! the very files — compiled on their own, so a fuzz build needs serde and thiserror rather than the
//! whole server (some 300 crates, all rebuilt with the sanitiser and coverage flags). The
//! targets read them as `hverdag::live`, as they would through the real crate.

pub mod domain {
    pub mod okrs {
        include!(concat!(env!("OUT_DIR"), "/okrs.rs"));
    }
}

/// As `crate::live` in the real crate (which re-exports them from `crate::domain::workshops`);
/// the modules sit at the root here (their `super::` is
/// the root) because `#[path]` in an inline module resolves from a folder that does not exist.
pub mod live {
    pub use super::{agenda, protocol, room, view};
}

#[path = "../../src/domain/workshops/agenda.rs"]
pub mod agenda;
#[path = "../../src/domain/workshops/protocol.rs"]
pub mod protocol;
#[path = "../../src/domain/workshops/room/mod.rs"]
pub mod room;
#[path = "../../src/domain/workshops/view.rs"]
pub mod view;
