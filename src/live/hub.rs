//! The rooms registry of one node: a broadcast channel per workshop that fans stored events
//! out to every connection in the room. An event reaches the hub only after it is stored.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::broadcast;

use super::room::Event;

/// How many events a slow connection may fall behind before it must resynchronise.
const BACKLOG: usize = 1024;

pub type Stored = Arc<(i64, Event)>;

#[derive(Default)]
pub struct Hub {
    rooms: Mutex<HashMap<i32, broadcast::Sender<Stored>>>,
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
        let _ = self.sender(workshop_id).send(Arc::new((seq, event)));
    }
}
