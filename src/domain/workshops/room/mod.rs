//! A workshop room's board as the fold of its events. [`Room::decide`] checks a command
//! against the rules (role, step, ownership, lengths, vote budget) and returns the event to
//! store; [`Room::apply`] folds a stored event into the board and never fails, so replaying
//! the log always rebuilds the same board. What each participant may see of it (authors,
//! tallies) is [`super::view`]'s job.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use super::agenda::{Agenda, Step, StepKind};
use super::protocol::{ClientMessage, ErrorCode};

/// A card becomes an objective's title, so the same limit as `okrs::MAX_TITLE`.
pub const MAX_TEXT: usize = crate::domain::okrs::MAX_TITLE;
pub const MAX_GROUP_NAME: usize = 80;
pub const MAX_METRIC: usize = 200;
pub const MAX_UNIT: usize = 20;
pub const MAX_CARDS_PER_PARTICIPANT: usize = 30;
pub const MAX_KEY_RESULTS_PER_OBJECTIVE: usize = 12;
pub const MAX_TIMER_SECONDS: u32 = 2 * 60 * 60;
/// Key result values stay within this magnitude (and finite).
pub const MAX_VALUE: f64 = 1e12;

/// Who sends a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    pub participant: i64,
    pub facilitator: bool,
}

/// A key result as proposed: what is measured, in which unit, from where to where.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeyResultDraft {
    pub metric: String,
    #[serde(default)]
    pub unit: String,
    pub start: f64,
    pub target: f64,
}

/// What happened in a room; stored in the event log as JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Event {
    CardAdded {
        card: i64,
        by: i64,
        text: String,
        /// The author's display name (see [`Event::signed`]); empty in older logs.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        author: String,
    },
    CardEdited {
        card: i64,
        text: String,
    },
    CardDeleted {
        card: i64,
    },
    GroupCreated {
        group: i64,
        name: String,
    },
    CardMoved {
        card: i64,
        group: Option<i64>,
    },
    Voted {
        card: i64,
        by: i64,
    },
    Unvoted {
        card: i64,
        by: i64,
    },
    KeyResultProposed {
        key_result: i64,
        objective: i64,
        by: i64,
        draft: KeyResultDraft,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        author: String,
    },
    KeyResultEdited {
        key_result: i64,
        draft: KeyResultDraft,
    },
    KeyResultDeleted {
        key_result: i64,
    },
    StepSet {
        step: usize,
    },
    TimerStarted {
        ends_at_ms: i64,
    },
    TimerPaused {
        remaining_ms: i64,
    },
    Locked {
        locked: bool,
    },
    /// The facilitator showed who wrote what (in an anonymous workshop).
    Revealed,
    Ended,
}

impl Event {
    /// The event signed with its author's display name (a card or key result), so that a
    /// viewer who may see who wrote it needs no list of everyone in the room to show it.
    /// [`Room::decide`] leaves it unsigned; the log signs it as it stores it.
    pub fn signed(mut self, name: &str) -> Event {
        if let Event::CardAdded { author, .. } | Event::KeyResultProposed { author, .. } = &mut self
        {
            name.clone_into(author);
        }
        self
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Card {
    pub id: i64,
    pub by: i64,
    /// The author's display name.
    pub author: String,
    pub text: String,
    pub group: Option<i64>,
    pub votes: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeyResult {
    pub id: i64,
    pub objective: i64,
    pub by: i64,
    pub author: String,
    pub draft: KeyResultDraft,
}

/// The shared countdown, derived from server time so every client shows the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Timer {
    Stopped,
    Running { ends_at_ms: i64 },
    Paused { remaining_ms: i64 },
}

/// The board; stored as JSON in checkpoints (`checkpoints::checkpoint`), so a change to its shape
/// only makes older checkpoints unreadable, and the log is folded from the start instead.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Room {
    pub(super) agenda: Agenda,
    pub(super) cards: BTreeMap<i64, Card>,
    pub(super) groups: BTreeMap<i64, Group>,
    pub(super) key_results: BTreeMap<i64, KeyResult>,
    /// Votes per (participant, card).
    #[serde(with = "pairs")]
    pub(super) votes: BTreeMap<(i64, i64), u32>,
    pub(super) step: usize,
    pub(super) timer: Timer,
    pub(super) locked: bool,
    pub(super) revealed: bool,
    pub(super) ended: bool,
    next_id: i64,
    pub(super) seq: i64,
}

/// A map with pairs for keys, as JSON: a list of `[[a, b], value]` (JSON keys are strings).
mod pairs {
    use std::collections::BTreeMap;

    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(
        map: &BTreeMap<(i64, i64), u32>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(map.iter())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<BTreeMap<(i64, i64), u32>, D::Error> {
        Ok(Vec::<((i64, i64), u32)>::deserialize(deserializer)?
            .into_iter()
            .collect())
    }
}

/// A copy of a room that stored events are folded into, in `seq` order: a plain [`Room`], or
/// a node's shared copy that also sends each event out to the room (`live::hub::Relay`).
pub trait Fold {
    fn room(&self) -> &Room;
    fn fold(&mut self, seq: i64, event: &Event);
    /// Starts from a checkpoint instead of folding the log up to it, when the copy has
    /// nothing folded in yet (a copy that has already sent updates out may decline).
    fn restore(&mut self, room: Room);
}

impl Fold for Room {
    fn room(&self) -> &Room {
        self
    }

    fn restore(&mut self, room: Room) {
        if self.seq == 0 {
            *self = room;
        }
    }

    fn fold(&mut self, seq: i64, event: &Event) {
        self.apply(seq, event);
    }
}

impl Room {
    pub fn new(agenda: Agenda) -> Room {
        Room {
            agenda,
            cards: BTreeMap::new(),
            groups: BTreeMap::new(),
            key_results: BTreeMap::new(),
            votes: BTreeMap::new(),
            step: 0,
            timer: Timer::Stopped,
            locked: false,
            revealed: false,
            ended: false,
            next_id: 1,
            seq: 0,
        }
    }

    /// The number of the last event folded in.
    pub fn seq(&self) -> i64 {
        self.seq
    }

    pub fn agenda(&self) -> &Agenda {
        &self.agenda
    }

    pub fn step(&self) -> usize {
        self.step
    }

    pub fn revealed(&self) -> bool {
        self.revealed
    }

    pub fn ended(&self) -> bool {
        self.ended
    }

    pub fn step_kind(&self) -> Option<StepKind> {
        self.agenda.steps.get(self.step).map(|s| s.kind)
    }

    pub fn votes_used(&self, participant: i64) -> u32 {
        self.votes
            .iter()
            .filter(|((p, _), _)| *p == participant)
            .map(|(_, n)| *n)
            .sum()
    }

    pub fn votes_left(&self, participant: i64) -> u32 {
        self.agenda
            .votes_per_person
            .saturating_sub(self.votes_used(participant))
    }

    /// Cards by votes, most first (ties by age).
    pub fn ranked(&self) -> Vec<&Card> {
        let mut cards: Vec<&Card> = self.cards.values().collect();
        cards.sort_by(|a, b| b.votes.cmp(&a.votes).then(a.id.cmp(&b.id)));
        cards
    }

    /// The objectives that get key results: the top-voted cards.
    pub fn top_objectives(&self) -> Vec<&Card> {
        let mut ranked = self.ranked();
        ranked.truncate(self.agenda.top_objectives as usize);
        ranked
    }

    /// Whether a participant has anything of their own on the board (a card, a key result, a
    /// vote). One who has nothing sees the board as every such participant does.
    pub fn owns_anything(&self, participant: i64) -> bool {
        self.cards.values().any(|c| c.by == participant)
            || self.key_results.values().any(|k| k.by == participant)
            || self
                .votes
                .iter()
                .any(|((p, _), n)| *p == participant && *n > 0)
    }

    pub fn key_results_of(&self, objective: i64) -> impl Iterator<Item = &KeyResult> {
        self.key_results
            .values()
            .filter(move |k| k.objective == objective)
    }

    pub fn cards(&self) -> impl Iterator<Item = &Card> {
        self.cards.values()
    }

    pub fn groups(&self) -> impl Iterator<Item = &Group> {
        self.groups.values()
    }

    /// Each participant's votes per card (who voted for what), for the facilitator's export.
    pub fn votes(&self) -> impl Iterator<Item = (i64, i64, u32)> + '_ {
        self.votes
            .iter()
            .filter(|(_, n)| **n > 0)
            .map(|((p, c), n)| (*p, *c, *n))
    }
}

mod apply;
mod decide;

#[cfg(test)]
pub(crate) mod tests;
