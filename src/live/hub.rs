//! The rooms registry of one node: a broadcast channel per workshop that fans stored events
//! and presence changes out to every connection in the room. An event reaches the hub only
//! after it is stored.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use tokio::sync::broadcast;

use super::protocol::Present;
use super::room::Event;

/// How many signals a slow connection may fall behind before it must resynchronise.
const BACKLOG: usize = 1024;

#[derive(Debug)]
pub enum Signal {
    /// A stored event and its `seq`.
    Event(i64, Event),
    /// Who is in the room now.
    Presence(Vec<Present>),
}

pub type Stored = Arc<Signal>;

pub struct Hub {
    rooms: Mutex<HashMap<i32, broadcast::Sender<Stored>>>,
    /// Rooms with a presence announcement on its way (joins in a burst make one).
    presence_due: Mutex<HashSet<i32>>,
    /// Open connections per participant on this node (a person may have two tabs open).
    seats: Mutex<HashMap<i32, usize>>,
    /// Tells this node's own presence notices from other nodes'.
    pub node: u64,
}

impl Default for Hub {
    fn default() -> Hub {
        Hub {
            rooms: Mutex::default(),
            presence_due: Mutex::default(),
            seats: Mutex::default(),
            node: rand::random(),
        }
    }
}

impl Hub {
    fn sender(&self, workshop_id: i32) -> broadcast::Sender<Stored> {
        let mut rooms = self
            .rooms
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        rooms
            .entry(workshop_id)
            .or_insert_with(|| broadcast::channel(BACKLOG).0)
            .clone()
    }

    pub fn subscribe(&self, workshop_id: i32) -> broadcast::Receiver<Stored> {
        self.sender(workshop_id).subscribe()
    }

    /// Sends a stored event to everyone in the room on this node.
    pub fn publish(&self, workshop_id: i32, seq: i64, event: Event) {
        let _ = self
            .sender(workshop_id)
            .send(Arc::new(Signal::Event(seq, event)));
    }

    /// True when the caller should announce presence for this room; false when an
    /// announcement is already due (it will include the caller's change).
    pub fn claim_presence(&self, workshop_id: i32) -> bool {
        self.presence_due
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(workshop_id)
    }

    pub fn release_presence(&self, workshop_id: i32) {
        self.presence_due
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .remove(&workshop_id);
    }

    /// Counts a participant's connection in; true for their first on this node.
    pub fn sit(&self, participant: i32) -> bool {
        let mut seats = self.seats.lock().unwrap_or_else(|p| p.into_inner());
        let n = seats.entry(participant).or_default();
        *n += 1;
        *n == 1
    }

    /// Counts a connection out; true when it was the participant's last on this node.
    pub fn leave(&self, participant: i32) -> bool {
        let mut seats = self.seats.lock().unwrap_or_else(|p| p.into_inner());
        match seats.get_mut(&participant) {
            Some(n) if *n > 1 => {
                *n -= 1;
                false
            }
            _ => {
                seats.remove(&participant);
                true
            }
        }
    }

    pub fn publish_presence(&self, workshop_id: i32, present: Vec<Present>) {
        let _ = self
            .sender(workshop_id)
            .send(Arc::new(Signal::Presence(present)));
    }
}
