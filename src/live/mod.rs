//! Live workshop rooms: the wire protocol ([`protocol`]) and the room state as a fold of its
//! events ([`room`]). Pure logic, no I/O: the WebSocket layer and the event log build on it.

pub mod hub;
pub mod notify;
pub mod protocol;
pub mod room;
