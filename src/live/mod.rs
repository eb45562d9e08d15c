//! Live workshop rooms, the transport: [`hub`] keeps each live board on this node and fans
//! stored events out to its connections, and [`notify`] brings them in from other nodes. The
//! room's rules (the agenda, the board as a fold of its events, what each participant may
//! see, the typed wire messages) are pure and live in [`crate::domain::workshops`];
//! they are re-exported here.

pub mod hub;
pub mod notify;

// The room's rules, views and wire types are pure and live in the domain.
pub use crate::domain::workshops::{agenda, protocol, room, view};
