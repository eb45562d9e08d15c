//! The rooms registry of one node. Each live room has one copy of the board on the node,
//! shared by all its connections, and a broadcast channel that fans its updates and presence
//! changes out to them. Stored events are folded into the copy in `seq` order under its lock,
//! and each goes out as it is folded in, worked out once for every kind of viewer.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytestring::ByteString;
use std::ops::DerefMut;

use tokio::sync::{OwnedRwLockWriteGuard, RwLock, RwLockReadGuard, RwLockWriteGuard, broadcast};

use super::protocol::{Present, ServerMessage};
use super::room::{Actor, Agenda, Event, Fold, Room};
use super::view::{ANYONE, Snapshot, Update};
use crate::domain::ids::{ParticipantId, WorkshopId};
use serde_json::value::RawValue;

/// How many signals a connection may fall behind before it gets the whole board instead.
const BACKLOG: usize = 1024;
/// How many of its latest updates a room keeps, for clients resuming after a drop: one that
/// missed no more gets just those; one that missed more gets the whole board.
pub const RECENT: usize = 500;

#[derive(Debug)]
pub enum Signal {
    /// A stored event as each viewer gets it.
    Event(Update),
    /// A presence change, encoded once for the whole room: the count for everyone (when it
    /// changed), and the count with who came or went for the facilitator.
    Presence {
        everyone: Option<ByteString>,
        facilitator: Option<ByteString>,
    },
}

impl Signal {
    /// The stored event's `seq`, for an event.
    pub fn seq(&self) -> Option<i64> {
        match self {
            Signal::Event(update) => Some(update.seq),
            Signal::Presence { .. } => None,
        }
    }

    /// The presence frame this viewer gets, if any.
    pub fn presence_for(&self, facilitator: bool) -> Option<&ByteString> {
        match self {
            Signal::Presence {
                everyone,
                facilitator: whole,
            } => if facilitator { whole } else { everyone }.as_ref(),
            Signal::Event(_) => None,
        }
    }
}

/// The presence list a room was last told, and how many of it were here.
struct Told {
    list: Vec<Present>,
    here: usize,
}

pub type Stored = Arc<Signal>;

/// A poisoned lock only means another thread panicked mid-update of a plain map; go on.
pub fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A live room on this node: the board as far as the node has folded the log, and its
/// connections' channel.
pub struct LiveRoom {
    board: Arc<RwLock<Board>>,
    sender: broadcast::Sender<Stored>,
}

pub struct Board {
    room: Room,
    /// Whether a connection has been welcomed from this board. Until then what is folded in
    /// goes to nobody: everyone in the room is still waiting for a welcome, which reads the
    /// board (the first one folds the whole log in, which may be thousands of events).
    welcomed: bool,
    /// The board as a participant with nothing of their own sees it, encoded, and the `seq`
    /// it is at: every newcomer of a join storm gets the same bytes.
    shared_view: Mutex<Option<(i64, Box<RawValue>)>>,
    /// The latest updates sent out (at most [`RECENT`]), oldest first.
    recent: VecDeque<Stored>,
}

impl Board {
    pub fn room(&self) -> &Room {
        &self.room
    }

    /// The updates after `seq`, when the room still keeps every one of them: a resuming client
    /// then needs neither the log nor the whole board.
    pub fn updates_after(&self, seq: i64) -> Option<Vec<Stored>> {
        if seq >= self.room.seq() {
            return Some(Vec::new());
        }
        let first = self.recent.front().and_then(|s| s.seq())?;
        (first <= seq + 1).then(|| {
            self.recent
                .iter()
                .filter(|s| s.seq().is_some_and(|n| n > seq))
                .cloned()
                .collect()
        })
    }

    /// The board as this viewer may see it, encoded for a welcome. A participant with nothing
    /// of their own on it (every newcomer) sees what all such participants see: that is
    /// encoded once per change of the board and shared.
    pub fn encoded_view(&self, viewer: &Actor) -> serde_json::Result<Box<RawValue>> {
        if viewer.facilitator || self.room.owns_anything(viewer.participant) {
            return serde_json::value::to_raw_value(&self.room.view(viewer));
        }
        let seq = self.room.seq();
        let mut shared = lock(&self.shared_view);
        if let Some((at, view)) = &*shared
            && *at == seq
        {
            return Ok(view.clone());
        }
        let view = serde_json::value::to_raw_value(&self.room.view(&ANYONE))?;
        *shared = Some((seq, view.clone()));
        Ok(view)
    }
}

impl LiveRoom {
    /// The board, locked for folding in stored events and sending each out as it goes. From
    /// a blocking thread only (the listener): it waits for the lock.
    pub fn relay(&self) -> Relay<RwLockWriteGuard<'_, Board>> {
        Relay {
            board: self.board.blocking_write(),
            sender: self.sender.clone(),
        }
    }

    /// [`LiveRoom::relay`], waited for without holding a thread. Take it before a database
    /// connection: a command waiting for its turn in a busy room then holds no connection
    /// that pages and other rooms need.
    pub async fn take(&self) -> Relay<OwnedRwLockWriteGuard<Board>> {
        Relay {
            board: self.board.clone().write_owned().await,
            sender: self.sender.clone(),
        }
    }

    /// The board, when this node keeps it up to date (someone has been welcomed from it, so
    /// every stored event is folded in as it comes): a welcome then needs neither the log
    /// nor the write lock, and a join storm does not queue behind the room's writers.
    pub async fn current(&self) -> Option<RwLockReadGuard<'_, Board>> {
        let board = self.board.read().await;
        board.welcomed.then_some(board)
    }

    /// How far the board has folded the log.
    pub async fn seq(&self) -> i64 {
        self.board.read().await.room.seq()
    }

    /// The whole board as this viewer may see it now.
    pub async fn view(&self, viewer: &Actor) -> Snapshot {
        self.board.read().await.room.view(viewer)
    }
}

/// The shared board under its write lock; folding an event in sends it to the room.
pub struct Relay<G> {
    board: G,
    sender: broadcast::Sender<Stored>,
}

impl<G: DerefMut<Target = Board>> Relay<G> {
    /// The board for a connection's welcome; from now on what is folded in is sent out.
    pub fn welcome(&mut self) -> &Board {
        self.board.welcomed = true;
        &self.board
    }
}

impl<G: DerefMut<Target = Board>> Fold for Relay<G> {
    fn room(&self) -> &Room {
        &self.board.room
    }

    /// Only a board nobody has been welcomed from starts from a checkpoint: one that has sent
    /// updates out goes on event by event.
    fn restore(&mut self, room: Room) {
        if !self.board.welcomed && self.board.room.seq() == 0 {
            self.board.room = room;
        }
    }

    /// Folds in the next stored event and sends it out; one already folded in is skipped.
    fn fold(&mut self, seq: i64, event: &Event) {
        if seq <= self.board.room.seq() {
            return;
        }
        if !self.board.welcomed {
            self.board.room.apply(seq, event);
            return;
        }
        let update = Arc::new(Signal::Event(self.board.room.advance(seq, event)));
        let recent = &mut self.board.recent;
        if recent.len() == RECENT {
            recent.pop_front();
        }
        recent.push_back(update.clone());
        // Nobody listening is fine: the next to join reads the board.
        let _ = self.sender.send(update);
    }
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
    ) -> (Arc<LiveRoom>, broadcast::Receiver<Stored>) {
        let mut rooms = lock(&self.rooms);
        let live = rooms.entry(workshop_id).or_insert_with(|| {
            Arc::new(LiveRoom {
                board: Arc::new(RwLock::new(Board {
                    room: Room::new(agenda()),
                    welcomed: false,
                    shared_view: Mutex::default(),
                    recent: VecDeque::with_capacity(RECENT),
                })),
                sender: broadcast::channel(BACKLOG).0,
            })
        });
        let signals = live.sender.subscribe();
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
            .is_some_and(|live| live.sender.receiver_count() == 0)
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
            let _ = live.sender.send(Arc::new(Signal::Presence {
                everyone,
                facilitator,
            }));
        }
    }
}
