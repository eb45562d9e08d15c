//! The rooms registry of one node: a broadcast channel per workshop that fans stored events
//! and presence changes out to every connection in the room. An event reaches the hub only
//! after it is stored.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use tokio::sync::broadcast;

use super::protocol::{Present, ServerMessage};
use super::room::{Event, Room};

/// How many signals a slow connection may fall behind before it must resynchronise.
const BACKLOG: usize = 1024;

#[derive(Debug)]
pub enum Signal {
    /// A stored event and its `seq`.
    Event(i64, Event),
    /// A `presence_changed` frame, serialised once for the whole room.
    Presence(Arc<str>),
}

pub type Stored = Arc<Signal>;

/// This node's copy of a live room for deciding commands, kept between them (see
/// `workshops::command_on`); `None` until the first command, or after a failed one.
pub type Board = Arc<Mutex<Option<Room>>>;

/// A poisoned lock only means another thread panicked mid-update of a plain map; go on.
pub fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

pub struct Hub {
    rooms: Mutex<HashMap<i32, broadcast::Sender<Stored>>>,
    boards: Mutex<HashMap<i32, Board>>,
    /// Participants whose connection answered a heartbeat since the last write of them.
    seen: Mutex<HashSet<i32>>,
    /// Rooms with a presence announcement on its way (joins in a burst make one).
    presence_due: Mutex<HashSet<i32>>,
    /// Open connections per participant on this node (a person may have two tabs open).
    seats: Mutex<HashMap<i32, usize>>,
    /// The presence list last sent per room, so an unchanged one is not sent again.
    last_presence: Mutex<HashMap<i32, Vec<Present>>>,
    /// Tells this node's own presence notices from other nodes'.
    pub node: u64,
}

impl Default for Hub {
    fn default() -> Hub {
        Hub {
            rooms: Mutex::default(),
            boards: Mutex::default(),
            seen: Mutex::default(),
            presence_due: Mutex::default(),
            seats: Mutex::default(),
            last_presence: Mutex::default(),
            node: rand::random(),
        }
    }
}

impl Hub {
    fn sender(&self, workshop_id: i32) -> broadcast::Sender<Stored> {
        lock(&self.rooms)
            .entry(workshop_id)
            .or_insert_with(|| broadcast::channel(BACKLOG).0)
            .clone()
    }

    /// The node's copy of the room, for deciding commands.
    pub fn board(&self, workshop_id: i32) -> Board {
        lock(&self.boards).entry(workshop_id).or_default().clone()
    }

    /// Notes that a participant is still here; [`Hub::take_seen`] collects them for one write.
    pub fn seen(&self, participant: i32) {
        lock(&self.seen).insert(participant);
    }

    pub fn take_seen(&self) -> Vec<i32> {
        lock(&self.seen).drain().collect()
    }

    pub fn subscribe(&self, workshop_id: i32) -> broadcast::Receiver<Stored> {
        self.sender(workshop_id).subscribe()
    }

    /// Sends a stored event to everyone in the room on this node (if anyone is there).
    pub fn publish(&self, workshop_id: i32, seq: i64, event: Event) {
        self.send(workshop_id, Signal::Event(seq, event));
    }

    fn send(&self, workshop_id: i32, signal: Signal) {
        let sender = lock(&self.rooms).get(&workshop_id).cloned();
        if let Some(sender) = sender {
            let _ = sender.send(Arc::new(signal));
        }
    }

    /// Forgets a room nobody on this node is in any more (called as a connection ends).
    pub fn release(&self, workshop_id: i32) {
        let mut rooms = lock(&self.rooms);
        if rooms
            .get(&workshop_id)
            .is_some_and(|s| s.receiver_count() == 0)
        {
            rooms.remove(&workshop_id);
            lock(&self.boards).remove(&workshop_id);
            lock(&self.last_presence).remove(&workshop_id);
        }
    }

    /// True when the caller should announce presence for this room; false when an
    /// announcement is already due (it will include the caller's change).
    pub fn claim_presence(&self, workshop_id: i32) -> bool {
        lock(&self.presence_due).insert(workshop_id)
    }

    pub fn release_presence(&self, workshop_id: i32) {
        lock(&self.presence_due).remove(&workshop_id);
    }

    /// Counts a participant's connection in; true for their first on this node.
    pub fn sit(&self, participant: i32) -> bool {
        let mut seats = lock(&self.seats);
        let n = seats.entry(participant).or_default();
        *n += 1;
        *n == 1
    }

    /// Counts a connection out; true when it was the participant's last on this node.
    pub fn leave(&self, participant: i32) -> bool {
        let mut seats = lock(&self.seats);
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

    /// Sends who has come, gone or changed since the list last sent (the whole list the first
    /// time), if anyone has: a room of thousands gets a few entries, not thousands, per change.
    pub fn publish_presence(&self, workshop_id: i32, present: Vec<Present>) {
        let changed: Vec<Present> = {
            let mut last = lock(&self.last_presence);
            let before: HashSet<&Present> = last
                .get(&workshop_id)
                .map(|b| b.iter().collect())
                .unwrap_or_default();
            let changed = present
                .iter()
                .filter(|p| !before.contains(p))
                .cloned()
                .collect();
            last.insert(workshop_id, present);
            changed
        };
        if changed.is_empty() {
            return;
        }
        let frame = ServerMessage::PresenceChanged {
            participants: changed,
        };
        if let Ok(text) = serde_json::to_string(&frame) {
            self.send(workshop_id, Signal::Presence(text.into()));
        }
    }
}
