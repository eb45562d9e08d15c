//! The rooms registry of one node: each live room's board ([`super::board`]), who is
//! connected, and presence announcements.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::board::{LiveRoom, Signal, Stored};
use super::protocol::{Present, ServerMessage};
use super::room::Agenda;
use crate::domain::ids::{ParticipantId, WorkshopId};

/// The presence list a room was last told, and how many of it were here.
struct Told {
    list: Vec<Present>,
    here: usize,
}

/// A poisoned lock only means another thread panicked mid-update of a plain map; go on.
pub fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

pub struct Hub {
    rooms: Mutex<HashMap<WorkshopId, Arc<LiveRoom>>>,
    /// Participants whose connection answered a heartbeat since the last write of them.
    seen: Mutex<HashSet<ParticipantId>>,
    /// Rooms with a presence announcement on its way (joins in a burst make one).
    presence_due: Mutex<HashSet<WorkshopId>>,
    /// Open connections per participant on this node (a person may have two tabs open).
    seats: Mutex<HashMap<ParticipantId, usize>>,
    /// The presence list last sent per room, so an unchanged one is not sent again.
    last_presence: Mutex<HashMap<WorkshopId, Told>>,
    /// When each room's presence was last looked at because time passed.
    looked: Mutex<HashMap<WorkshopId, Instant>>,
    /// Tells this node's own presence notices from other nodes'.
    pub node: u64,
}

impl Default for Hub {
    fn default() -> Hub {
        Hub {
            rooms: Mutex::default(),
            seen: Mutex::default(),
            presence_due: Mutex::default(),
            seats: Mutex::default(),
            last_presence: Mutex::default(),
            looked: Mutex::default(),
            node: rand::random(),
        }
    }
}

impl Hub {
    /// Enters a workshop's room on this node: its shared board (empty for the first to enter;
    /// bring it up to date with `catch_up` through [`LiveRoom::relay`]) and a subscription to
    /// its updates, taken together so the room cannot be forgotten in between.
    pub fn enter(
        &self,
        workshop_id: WorkshopId,
        agenda: impl FnOnce() -> Agenda,
    ) -> (Arc<LiveRoom>, tokio::sync::broadcast::Receiver<Stored>) {
        let mut rooms = lock(&self.rooms);
        let live = rooms
            .entry(workshop_id)
            .or_insert_with(|| Arc::new(LiveRoom::new(agenda())));
        let signals = live.subscribe();
        (live.clone(), signals)
    }

    /// The room, if anyone is in it on this node.
    pub fn room(&self, workshop_id: WorkshopId) -> Option<Arc<LiveRoom>> {
        lock(&self.rooms).get(&workshop_id).cloned()
    }

    /// The workshops whose rooms someone is in on this node.
    pub fn room_ids(&self) -> Vec<WorkshopId> {
        lock(&self.rooms).keys().copied().collect()
    }

    /// Notes that a participant is still here; [`Hub::take_seen`] collects them for one write.
    pub fn seen(&self, participant: ParticipantId) {
        lock(&self.seen).insert(participant);
    }

    pub fn take_seen(&self) -> Vec<ParticipantId> {
        lock(&self.seen).drain().collect()
    }

    /// Forgets a room nobody on this node is in any more (called as a connection ends, after
    /// it dropped its subscription).
    pub fn release(&self, workshop_id: WorkshopId) {
        let mut rooms = lock(&self.rooms);
        if rooms
            .get(&workshop_id)
            .is_some_and(|live| live.listeners() == 0)
        {
            rooms.remove(&workshop_id);
            lock(&self.last_presence).remove(&workshop_id);
            lock(&self.looked).remove(&workshop_id);
        }
    }

    /// True when the caller should announce presence for this room; false when an
    /// announcement is already due (it will include the caller's change).
    pub fn claim_presence(&self, workshop_id: WorkshopId) -> bool {
        lock(&self.presence_due).insert(workshop_id)
    }

    pub fn release_presence(&self, workshop_id: WorkshopId) {
        lock(&self.presence_due).remove(&workshop_id);
    }

    /// True at most once per `every` for a room: time to look whether anyone has dropped out
    /// (a node that stopped without saying goodbye leaves its participants to time out). Once
    /// per room, not per connection: that list is read from the database.
    pub fn time_to_look(&self, workshop_id: WorkshopId, every: Duration) -> bool {
        let now = Instant::now();
        let mut looked = lock(&self.looked);
        match looked.get(&workshop_id) {
            Some(at) if now.duration_since(*at) < every => false,
            _ => {
                looked.insert(workshop_id, now);
                true
            }
        }
    }

    /// Counts a participant's connection in; true for their first on this node.
    pub fn sit(&self, participant: ParticipantId) -> bool {
        let mut seats = lock(&self.seats);
        let n = seats.entry(participant).or_default();
        *n += 1;
        *n == 1
    }

    /// Counts a connection out; true when it was the participant's last on this node.
    pub fn leave(&self, participant: ParticipantId) -> bool {
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

    /// How many were here at the last presence announcement, if this node has made one.
    pub fn here(&self, workshop_id: WorkshopId) -> Option<usize> {
        lock(&self.last_presence).get(&workshop_id).map(|t| t.here)
    }

    /// Sends how many are here to everyone, and who has come, gone or changed since the list
    /// last sent (the whole list the first time) to the facilitator, if anything has: a join
    /// costs each participant one count per announcement, not the list.
    pub fn publish_presence(&self, workshop_id: WorkshopId, present: Vec<Present>) {
        let here = present.iter().filter(|p| p.online).count();
        let (changed, count_changed) = {
            let mut last = lock(&self.last_presence);
            let before = last.get(&workshop_id);
            let count_changed = before.is_none_or(|t| t.here != here);
            let known: HashSet<&Present> =
                before.map(|t| t.list.iter().collect()).unwrap_or_default();
            let changed: Vec<Present> = present
                .iter()
                .filter(|p| !known.contains(p))
                .cloned()
                .collect();
            last.insert(
                workshop_id,
                Told {
                    list: present,
                    here,
                },
            );
            (changed, count_changed)
        };
        if changed.is_empty() && !count_changed {
            return;
        }
        let everyone = count_changed
            .then(|| {
                ServerMessage::PresenceChanged {
                    here,
                    participants: Vec::new(),
                }
                .encode()
                .ok()
            })
            .flatten();
        let facilitator = ServerMessage::PresenceChanged {
            here,
            participants: changed,
        }
        .encode()
        .ok();
        if let Some(live) = self.room(workshop_id) {
            live.announce(Signal::Presence {
                everyone,
                facilitator,
            });
        }
    }
}
