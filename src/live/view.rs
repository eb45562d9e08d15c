//! What one participant sees of a room. Dot-votes are secret (a participant sees only their
//! own, plus totals when tallies are shown); in an anonymous workshop authors stay hidden until
//! the facilitator reveals them. The facilitator sees everything. The same rules apply to the
//! board sent on joining ([`Room::view`]) and to each event as it goes out ([`Room::redact`]).

use std::collections::BTreeMap;

use serde::Serialize;

use super::protocol::ServerMessage;
use super::room::{Actor, Agenda, Event, Group, KeyResultDraft, Room, StepKind, Timer};

/// Stands in for an author or voter the viewer may not know.
pub const HIDDEN: i64 = 0;

#[derive(Debug, Clone, Serialize)]
pub struct CardView {
    pub id: i64,
    /// The author, or [`HIDDEN`].
    pub by: i64,
    pub text: String,
    pub group: Option<i64>,
    /// Total votes, when tallies are shown.
    pub votes: Option<u32>,
    /// The viewer's own votes on this card.
    pub my_votes: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct KeyResultView {
    pub id: i64,
    pub objective: i64,
    pub by: i64,
    pub draft: KeyResultDraft,
}

/// The board as one client receives it.
#[derive(Debug, Clone, Serialize)]
pub struct Snapshot {
    pub seq: i64,
    pub step: usize,
    pub agenda: Agenda,
    pub cards: Vec<CardView>,
    pub groups: Vec<Group>,
    pub key_results: Vec<KeyResultView>,
    pub timer: Timer,
    pub locked: bool,
    pub revealed: bool,
    pub ended: bool,
    pub authors_visible: bool,
    pub tallies_visible: bool,
    /// Votes used per participant (facilitator only: who has voted).
    pub votes_used: Vec<(i64, u32)>,
}

impl Room {
    pub fn authors_visible(&self, viewer: &Actor) -> bool {
        viewer.facilitator || !self.agenda.anonymous || self.revealed
    }

    /// Hidden tallies show once the room has moved past the vote step (or ended).
    pub fn tallies_visible(&self, viewer: &Actor) -> bool {
        viewer.facilitator
            || !self.agenda.hidden_tallies
            || self.ended
            || (self.step_kind() != Some(StepKind::Vote)
                && self.agenda.vote_step().is_some_and(|v| self.step > v))
    }

    /// Whether an event may change what this viewer is allowed to see; the client then gets
    /// the whole board again instead of the event.
    pub fn visibility(&self, viewer: &Actor) -> (bool, bool) {
        (self.authors_visible(viewer), self.tallies_visible(viewer))
    }

    fn author(&self, viewer: &Actor, by: i64) -> i64 {
        if by == viewer.participant || self.authors_visible(viewer) {
            by
        } else {
            HIDDEN
        }
    }

    pub fn view(&self, viewer: &Actor) -> Snapshot {
        let tallies = self.tallies_visible(viewer);
        Snapshot {
            seq: self.seq,
            step: self.step,
            agenda: self.agenda.clone(),
            cards: self
                .cards
                .values()
                .map(|c| CardView {
                    id: c.id,
                    by: self.author(viewer, c.by),
                    text: c.text.clone(),
                    group: c.group,
                    votes: tallies.then_some(c.votes),
                    my_votes: self
                        .votes
                        .get(&(viewer.participant, c.id))
                        .copied()
                        .unwrap_or(0),
                })
                .collect(),
            groups: self.groups.values().cloned().collect(),
            key_results: self
                .key_results
                .values()
                .map(|k| KeyResultView {
                    id: k.id,
                    objective: k.objective,
                    by: self.author(viewer, k.by),
                    draft: k.draft.clone(),
                })
                .collect(),
            timer: self.timer,
            locked: self.locked,
            revealed: self.revealed,
            ended: self.ended,
            authors_visible: self.authors_visible(viewer),
            tallies_visible: tallies,
            votes_used: if viewer.facilitator {
                let mut used = std::collections::BTreeMap::new();
                for ((p, _), n) in &self.votes {
                    *used.entry(*p).or_insert(0) += n;
                }
                used.into_iter().filter(|(_, n)| *n > 0).collect()
            } else {
                Vec::new()
            },
        }
    }

    /// The event as this viewer may see it (with the room already past it), or `None` when
    /// they may not see it at all (someone else's vote while tallies are hidden).
    pub fn redact(&self, viewer: &Actor, event: &Event) -> Option<Event> {
        let mut event = event.clone();
        match &mut event {
            Event::CardAdded { by, .. } | Event::KeyResultProposed { by, .. } => {
                *by = self.author(viewer, *by);
            }
            Event::Voted { by, .. } | Event::Unvoted { by, .. }
                if *by != viewer.participant && !viewer.facilitator =>
            {
                if !self.tallies_visible(viewer) {
                    return None;
                }
                *by = HIDDEN;
            }
            _ => {}
        }
        Some(event)
    }
}

/// One connection's copy of the room: it folds each event as it goes out and turns it into
/// the frame this participant may see — the event redacted, nothing, or the whole board when
/// what they may see has changed. Events reach a node in `seq` order per writer, not overall
/// (two writers publish in the order they finish), so one that arrives early waits in
/// `pending` until the gap before it is filled.
pub struct Follower {
    pub actor: Actor,
    pub room: Room,
    pending: BTreeMap<i64, Event>,
}

impl Follower {
    pub fn new(actor: Actor, room: Room) -> Follower {
        Follower {
            actor,
            room,
            pending: BTreeMap::new(),
        }
    }

    /// True while an event waits for an earlier one (the caller reads the log after a while,
    /// in case the earlier one's announcement was lost).
    pub fn has_gap(&self) -> bool {
        !self.pending.is_empty()
    }

    /// The frames for stored event `seq`: none for an event already folded in or one this
    /// participant may not see; several when it fills a gap.
    pub fn follow(&mut self, seq: i64, event: &Event) -> Vec<ServerMessage> {
        let mut frames = Vec::new();
        if seq <= self.room.seq() {
            return frames;
        }
        if seq > self.room.seq() + 1 {
            self.pending.insert(seq, event.clone());
            return frames;
        }
        frames.extend(self.step(seq, event));
        while let Some(next) = self.pending.remove(&(self.room.seq() + 1)) {
            let seq = self.room.seq() + 1;
            frames.extend(self.step(seq, &next));
        }
        let done = self.room.seq();
        self.pending.retain(|s, _| *s > done);
        frames
    }

    fn step(&mut self, seq: i64, event: &Event) -> Option<ServerMessage> {
        let before = self.room.visibility(&self.actor);
        // Deleting a card takes its votes back without saying whose: the facilitator, who
        // follows each participant's votes, gets the board again.
        let recount = self.actor.facilitator
            && matches!(event, Event::CardDeleted { card } if self.room.votes().any(|(_, c, _)| c == *card));
        self.room.apply(seq, event);
        if recount || self.room.visibility(&self.actor) != before {
            return Some(ServerMessage::Board {
                snapshot: self.room.view(&self.actor),
            });
        }
        self.room
            .redact(&self.actor, event)
            .map(|event| ServerMessage::Event { seq, event })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::live::protocol::ClientMessage;

    const FACILITATOR: Actor = Actor {
        participant: 1,
        facilitator: true,
    };
    const KARI: Actor = Actor {
        participant: 2,
        facilitator: false,
    };
    const OLA: Actor = Actor {
        participant: 3,
        facilitator: false,
    };

    fn run(room: &mut Room, actor: &Actor, command: ClientMessage) -> Event {
        let event = room.decide(actor, &command, 0).unwrap().unwrap();
        room.apply(room.seq() + 1, &event);
        event
    }

    #[test]
    fn votes_are_secret_and_anonymous_cards_hide_their_authors_until_revealed() {
        let mut agenda = Agenda::standard();
        agenda.anonymous = true;
        agenda.hidden_tallies = true;
        let mut room = Room::new(agenda);
        run(&mut room, &FACILITATOR, ClientMessage::SetStep { step: 2 });
        let added = run(
            &mut room,
            &KARI,
            ClientMessage::AddCard {
                text: "Happier customers".into(),
            },
        );
        // Ola does not learn who wrote it; Kari and the facilitator do.
        assert!(matches!(
            room.redact(&OLA, &added),
            Some(Event::CardAdded { by: HIDDEN, .. })
        ));
        assert!(matches!(
            room.redact(&KARI, &added),
            Some(Event::CardAdded { by: 2, .. })
        ));
        assert_eq!(room.view(&OLA).cards[0].by, HIDDEN);
        assert_eq!(room.view(&FACILITATOR).cards[0].by, 2);

        run(&mut room, &FACILITATOR, ClientMessage::SetStep { step: 4 });
        let vote = run(&mut room, &OLA, ClientMessage::Vote { card: 1 });
        assert_eq!(room.redact(&KARI, &vote), None, "tallies are hidden");
        assert_eq!(room.redact(&OLA, &vote), Some(vote.clone()));
        assert_eq!(room.view(&KARI).cards[0].votes, None);
        assert_eq!(room.view(&OLA).cards[0].my_votes, 1);
        assert_eq!(room.view(&FACILITATOR).votes_used, vec![(3, 1)]);
        assert!(room.view(&KARI).votes_used.is_empty());

        // Past the vote step the totals show, but never who voted.
        let before = room.visibility(&KARI);
        run(&mut room, &FACILITATOR, ClientMessage::SetStep { step: 5 });
        assert_ne!(room.visibility(&KARI), before);
        assert_eq!(room.view(&KARI).cards[0].votes, Some(1));
        assert!(matches!(
            room.redact(&KARI, &vote),
            Some(Event::Voted { by: HIDDEN, .. })
        ));

        let before = room.visibility(&OLA);
        run(&mut room, &FACILITATOR, ClientMessage::Reveal);
        assert_ne!(room.visibility(&OLA), before);
        assert_eq!(room.view(&OLA).cards[0].by, 2);
    }

    #[test]
    fn a_follower_sends_each_event_once_and_the_board_when_visibility_changes() {
        let mut agenda = Agenda::standard();
        agenda.hidden_tallies = true;
        let mut server = Room::new(agenda.clone());
        let mut ola = Follower::new(OLA, Room::new(agenda));
        let mut frames = Vec::new();
        let mut go = |server: &mut Room, actor: &Actor, cmd: ClientMessage| {
            let event = run(server, actor, cmd);
            frames.push(ola.follow(server.seq(), &event).pop());
            // A duplicate (the same event from another node) is not sent again.
            assert!(ola.follow(server.seq(), &event).is_empty());
        };
        go(
            &mut server,
            &FACILITATOR,
            ClientMessage::SetStep { step: 2 },
        );
        go(
            &mut server,
            &KARI,
            ClientMessage::AddCard { text: "A".into() },
        );
        go(
            &mut server,
            &FACILITATOR,
            ClientMessage::SetStep { step: 4 },
        );
        go(&mut server, &KARI, ClientMessage::Vote { card: 1 });
        go(
            &mut server,
            &FACILITATOR,
            ClientMessage::SetStep { step: 5 },
        );
        let kinds: Vec<&str> = frames
            .iter()
            .map(|f| match f {
                Some(ServerMessage::Event { .. }) => "event",
                Some(ServerMessage::Board { .. }) => "board",
                None => "none",
                Some(_) => "other",
            })
            .collect();
        assert_eq!(kinds, ["event", "event", "event", "none", "board"]);
        match &frames[4] {
            Some(ServerMessage::Board { snapshot }) => {
                assert_eq!(snapshot.cards[0].votes, Some(1));
                assert_eq!(snapshot.seq, 5);
            }
            other => panic!("expected a board, got {other:?}"),
        }
    }

    #[test]
    fn an_event_that_overtakes_another_waits_for_it() {
        let mut server = Room::new(Agenda::standard());
        let mut kari = Follower::new(KARI, Room::new(Agenda::standard()));
        let step = run(
            &mut server,
            &FACILITATOR,
            ClientMessage::SetStep { step: 2 },
        );
        let a = run(
            &mut server,
            &OLA,
            ClientMessage::AddCard { text: "A".into() },
        );
        let b = run(
            &mut server,
            &OLA,
            ClientMessage::AddCard { text: "B".into() },
        );
        assert_eq!(kari.follow(1, &step).len(), 1);
        assert!(kari.follow(3, &b).is_empty(), "3 waits for 2");
        assert!(kari.has_gap());
        let frames = kari.follow(2, &a);
        let seqs: Vec<i64> = frames
            .iter()
            .map(|f| match f {
                ServerMessage::Event { seq, .. } => *seq,
                _ => -1,
            })
            .collect();
        assert_eq!(seqs, [2, 3]);
        assert!(!kari.has_gap());
        assert_eq!(kari.room.view(&KARI).cards.len(), 2);
    }
}
