//! A live room's board on this node: the room as far as the node has folded the log, shared
//! by all its connections, and the channel that fans its updates and presence changes out to
//! them. Stored events are folded in, in `seq` order under the board's write lock, and each
//! goes out as it is folded in, worked out once for every kind of viewer.

use std::collections::VecDeque;
use std::ops::DerefMut;
use std::sync::{Arc, Mutex};

use bytestring::ByteString;
use serde_json::value::RawValue;
use tokio::sync::{OwnedRwLockWriteGuard, RwLock, RwLockReadGuard, RwLockWriteGuard, broadcast};

use super::hub::lock;
use super::room::{Actor, Agenda, Event, Fold, Room};
use super::view::{ANYONE, Snapshot, Update};

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

pub type Stored = Arc<Signal>;

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
    pub fn new(agenda: Agenda) -> LiveRoom {
        LiveRoom {
            board: Arc::new(RwLock::new(Board {
                room: Room::new(agenda),
                welcomed: false,
                shared_view: Mutex::default(),
                recent: VecDeque::with_capacity(RECENT),
            })),
            sender: broadcast::channel(BACKLOG).0,
        }
    }

    /// Listens to what the room sends out.
    pub fn subscribe(&self) -> broadcast::Receiver<Stored> {
        self.sender.subscribe()
    }

    /// How many connections on this node listen.
    pub fn listeners(&self) -> usize {
        self.sender.receiver_count()
    }

    /// Sends a signal to every connection (nobody listening is fine).
    pub fn announce(&self, signal: Signal) {
        let _ = self.sender.send(Arc::new(signal));
    }
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
