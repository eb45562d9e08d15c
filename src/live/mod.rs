//! Live workshop rooms: the agenda ([`agenda`]), the wire protocol ([`protocol`]), the room
//! state as a fold of its events ([`room`]) and what each participant may see of it
//! ([`view`]); [`hub`] and [`notify`] fan stored events out on one node and across nodes.

pub mod agenda;
pub mod hub;
pub mod notify;
pub mod protocol;
pub mod room;
pub mod view;
