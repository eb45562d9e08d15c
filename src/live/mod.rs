//! Live workshop rooms, the transport: [`board`] is a room's board on this node, which fans
//! stored events out to its connections; [`hub`] keeps the node's live rooms and who is in
//! them; [`notify`] brings in events stored on other nodes. The
//! room's rules (the agenda, the board as a fold of its events, what each participant may
//! see, the typed wire messages) are pure and live in [`crate::domain::workshops`];
//! they are re-exported here.

pub mod board;
pub mod hub;
pub mod notify;

// The room's rules, views and wire types are pure and live in the domain.
pub use crate::domain::workshops::{agenda, protocol, room, view};
