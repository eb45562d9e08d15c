//! What one participant sees of a room. Dot-votes are secret (a participant sees only their
//! own, plus totals when tallies are shown); in an anonymous workshop authors stay hidden until
//! the facilitator reveals them. The facilitator sees everything. The same rules apply to the
//! board sent on joining ([`Room::view`]) and to each event as it goes out ([`Room::redact`]).

use bytestring::ByteString;
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
    /// The author's display name, or empty when hidden.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub author: String,
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
    #[serde(skip_serializing_if = "String::is_empty")]
    pub author: String,
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

    /// Who wrote something, as this viewer may know it: (id, name), or ([`HIDDEN`], "").
    fn author(&self, viewer: &Actor, by: i64, name: &str) -> (i64, String) {
        if by == viewer.participant || self.authors_visible(viewer) {
            (by, name.to_owned())
        } else {
            (HIDDEN, String::new())
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
                .map(|c| {
                    let (by, author) = self.author(viewer, c.by, &c.author);
                    CardView {
                        id: c.id,
                        by,
                        author,
                        text: c.text.clone(),
                        group: c.group,
                        votes: tallies.then_some(c.votes),
                        my_votes: self
                            .votes
                            .get(&(viewer.participant, c.id))
                            .copied()
                            .unwrap_or(0),
                    }
                })
                .collect(),
            groups: self.groups.values().cloned().collect(),
            key_results: self
                .key_results
                .values()
                .map(|k| {
                    let (by, author) = self.author(viewer, k.by, &k.author);
                    KeyResultView {
                        id: k.id,
                        objective: k.objective,
                        by,
                        author,
                        draft: k.draft.clone(),
                    }
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
            Event::CardAdded { by, author, .. } | Event::KeyResultProposed { by, author, .. } => {
                (*by, *author) = self.author(viewer, *by, author);
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

/// Stands for every participant but the one an event is by, and for a participant with
/// nothing of their own on the board (see [`Room::owns_anything`]).
pub const ANYONE: Actor = Actor {
    participant: i64::MIN,
    facilitator: false,
};

/// What one viewer gets of a stored event.
#[derive(Debug, Clone, PartialEq)]
pub enum Delivery {
    /// This `event` frame, encoded.
    Frame(ByteString),
    /// Their whole board again: what they may see has changed.
    Board,
    /// Nothing: another participant's secret vote.
    Nothing,
}

/// A stored event as every viewer gets it, worked out once per node however many are in the
/// room: viewers differ only in being the facilitator or the participant the event is by.
#[derive(Debug)]
pub struct Update {
    pub seq: i64,
    /// The participant the event is by (author, voter), who sees it whole.
    by: Option<i64>,
    /// The event unredacted, as the facilitator and `by` get it.
    whole: Delivery,
    /// What the other participants get.
    others: Delivery,
    /// Deleting a card took votes back without saying whose: the facilitator, who follows
    /// each participant's votes, gets the board again.
    recount: bool,
}

impl Update {
    pub fn to(&self, viewer: &Actor) -> Delivery {
        if viewer.facilitator {
            return if self.recount {
                Delivery::Board
            } else {
                self.whole.clone()
            };
        }
        match &self.others {
            Delivery::Board => Delivery::Board,
            _ if self.by == Some(viewer.participant) => self.whole.clone(),
            others => others.clone(),
        }
    }
}

/// The `event` frame for one viewer; the board instead in the (unseen) case that it cannot
/// be encoded, so the client is never left without it.
fn frame(seq: i64, event: Event) -> Delivery {
    ServerMessage::Event { seq, event }
        .encode()
        .map_or(Delivery::Board, Delivery::Frame)
}

impl Room {
    /// Folds stored event `seq` into the board and works out what each viewer gets of it.
    pub fn advance(&mut self, seq: i64, event: &Event) -> Update {
        let before = self.visibility(&ANYONE);
        let recount = matches!(event, Event::CardDeleted { card } if self.votes().any(|(_, c, _)| c == *card));
        self.apply(seq, event);
        let whole = frame(seq, event.clone());
        let others = if self.visibility(&ANYONE) != before {
            Delivery::Board
        } else {
            match self.redact(&ANYONE, event) {
                None => Delivery::Nothing,
                Some(seen) if seen == *event => whole.clone(),
                Some(seen) => frame(seq, seen),
            }
        };
        let by = match event {
            Event::CardAdded { by, .. }
            | Event::KeyResultProposed { by, .. }
            | Event::Voted { by, .. }
            | Event::Unvoted { by, .. } => Some(*by),
            _ => None,
        };
        Update {
            seq,
            by,
            whole,
            others,
            recount,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::protocol::ClientMessage;
    use super::super::room::tests::{FACILITATOR, KARI, OLA};
    use super::*;

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
    fn a_signed_card_names_its_author_only_to_those_who_may_know_who_wrote_it() {
        let mut agenda = Agenda::standard();
        agenda.anonymous = true;
        let mut room = Room::new(agenda);
        run(&mut room, &FACILITATOR, ClientMessage::SetStep { step: 2 });
        let added = room
            .decide(&KARI, &ClientMessage::AddCard { text: "A".into() }, 0)
            .unwrap()
            .unwrap()
            .signed("Kari");
        room.apply(room.seq() + 1, &added);
        let author_for = |room: &Room, viewer: &Actor| match room.redact(viewer, &added) {
            Some(Event::CardAdded { author, .. }) => author,
            other => panic!("a card, not {other:?}"),
        };
        assert_eq!(author_for(&room, &OLA), "");
        assert_eq!(author_for(&room, &KARI), "Kari");
        assert_eq!(author_for(&room, &FACILITATOR), "Kari");
        assert_eq!(room.view(&OLA).cards[0].author, "");
        assert_eq!(room.view(&FACILITATOR).cards[0].author, "Kari");
        run(&mut room, &FACILITATOR, ClientMessage::Reveal);
        assert_eq!(author_for(&room, &OLA), "Kari");
        assert_eq!(room.view(&OLA).cards[0].author, "Kari");
    }

    #[test]
    fn an_update_gives_each_viewer_their_part_and_a_board_when_visibility_changes() {
        let mut agenda = Agenda::standard();
        agenda.anonymous = true;
        agenda.hidden_tallies = true;
        let mut server = Room::new(agenda);
        let go = |server: &mut Room, actor: &Actor, command: ClientMessage| {
            let event = server.decide(actor, &command, 0).unwrap().unwrap();
            let seq = server.seq() + 1;
            let update = server.advance(seq, &event);
            assert_eq!(update.seq, seq);
            let kind = |viewer: &Actor| match update.to(viewer) {
                Delivery::Frame(frame) => {
                    let frame: serde_json::Value = serde_json::from_str(&frame).unwrap();
                    assert_eq!(frame["seq"], seq);
                    format!("by {}", frame["event"]["by"])
                }
                Delivery::Board => "board".to_owned(),
                Delivery::Nothing => "nothing".to_owned(),
            };
            [kind(&FACILITATOR), kind(&KARI), kind(&OLA)]
        };
        let by = |s: &str| format!("by {s}");
        assert_eq!(
            go(
                &mut server,
                &FACILITATOR,
                ClientMessage::SetStep { step: 2 }
            ),
            [by("null"), by("null"), by("null")]
        );
        // An anonymous card: its author and the facilitator know who wrote it.
        assert_eq!(
            go(
                &mut server,
                &KARI,
                ClientMessage::AddCard { text: "A".into() }
            ),
            [by("2"), by("2"), by("0")]
        );
        go(
            &mut server,
            &FACILITATOR,
            ClientMessage::SetStep { step: 4 },
        );
        // A secret vote: nobody but the voter and the facilitator hears of it.
        assert_eq!(
            go(&mut server, &KARI, ClientMessage::Vote { card: 1 }),
            [by("2"), by("2"), "nothing".to_owned()]
        );
        // Past the vote the totals show: participants get the board again.
        assert_eq!(
            go(
                &mut server,
                &FACILITATOR,
                ClientMessage::SetStep { step: 5 }
            ),
            [by("null"), "board".to_owned(), "board".to_owned()]
        );
        assert_eq!(server.view(&OLA).cards[0].votes, Some(1));
        // Deleting a voted card takes votes back: the facilitator recounts from the board.
        assert_eq!(
            go(
                &mut server,
                &FACILITATOR,
                ClientMessage::DeleteCard { card: 1 }
            ),
            ["board".to_owned(), by("null"), by("null")]
        );
    }
}
