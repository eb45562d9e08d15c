//! The workshop room as a fold of its events, driven by arbitrary sequences of commands from the
//! facilitator and three participants under an arbitrary (valid) agenda. Every accepted event
//! is applied as the server does, and after each step the board must still be valid: the
//! rules `Room::decide` enforces hold of the whole board, not only of the command just decided.
//!
//! The live room is a node's shared board: each event is folded in with `Room::advance`, which
//! works out once what every viewer gets of it. That must equal what the view rules give each
//! viewer on their own (redaction by the visibility of that moment, the board when it
//! changes). A replay of the log as stored (each event through its JSON) must agree with the
//! live room. One connection per actor takes the updates late, in bursts, or after rejoining
//! mid-way (folding the log up to where it was, as the welcome does); what it sends its
//! client must never show a participant more than the view rules allow.

#![no_main]

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::rc::Rc;

use arbitrary::{Arbitrary, Result, Unstructured};
use hverdag::live::agenda::{MAX_TOP, MAX_VOTES};
use hverdag::live::protocol::{ClientMessage, ErrorCode, ServerMessage};
use hverdag::live::room::{
    Actor, Agenda, Event, MAX_CARDS_PER_PARTICIPANT, MAX_GROUP_NAME, MAX_KEY_RESULTS_PER_OBJECTIVE,
    MAX_METRIC, MAX_TEXT, MAX_TIMER_SECONDS, MAX_UNIT, MAX_VALUE, Room, Step, StepKind, Timer,
};
use hverdag::live::view::{Delivery, HIDDEN, Snapshot, Update};
use libfuzzer_sys::fuzz_target;

/// The facilitator first, then three participants.
const ACTORS: [Actor; 4] = [
    Actor {
        participant: 1,
        facilitator: true,
    },
    Actor {
        participant: 2,
        facilitator: false,
    },
    Actor {
        participant: 3,
        facilitator: false,
    },
    Actor {
        participant: 4,
        facilitator: false,
    },
];
/// Long enough for any workshop the fuzzer can make interesting, short enough to stay fast.
const MAX_OPS: usize = 400;
/// Server time at the start: a realistic Unix time in ms.
const EPOCH_MS: i64 = 1_767_225_600_000;

#[derive(Debug, Arbitrary)]
struct Input {
    settings: Settings,
    ops: Vec<Op>,
}

#[derive(Debug, Arbitrary)]
struct Settings {
    /// Step kinds by index into `StepKind::ALL`; none means the standard agenda.
    steps: Vec<u8>,
    votes_per_person: u8,
    top_objectives: u8,
    anonymous: bool,
    hidden_tallies: bool,
    participants_group: bool,
}

#[derive(Debug, Arbitrary)]
enum Op {
    /// One actor sends a command, `elapsed_ms` after the previous one.
    Command {
        who: u8,
        command: Command,
        elapsed_ms: u16,
    },
    /// A connection takes up to `count` of its queued updates.
    Deliver { connection: u8, count: u8 },
    /// A client reconnects `back` events behind: it is sent what it missed, as the welcome
    /// does for a resumed client.
    Rejoin { connection: u8, back: u8 },
}

#[derive(Debug, Arbitrary)]
enum Command {
    Hello,
    AddCard(Text),
    EditCard(Id, Text),
    DeleteCard(Id),
    CreateGroup(Text),
    MoveCard(Id, Option<Id>),
    Vote(Id),
    Unvote(Id),
    ProposeKeyResult(Id, Text, Text, Value, Value),
    EditKeyResult(Id, Text, Text, Value, Value),
    DeleteKeyResult(Id),
    SetStep(u8),
    StartTimer(Seconds),
    ExtendTimer(Seconds),
    PauseTimer,
    Lock(bool),
    Reveal,
    End,
    Ping,
}

/// A card, group or key result id: mostly ones the room has handed out, sometimes not.
#[derive(Debug)]
struct Id(i64);

impl<'a> Arbitrary<'a> for Id {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let tag: u8 = u.arbitrary()?;
        Ok(Id(match tag {
            0..=239 => i64::from(tag),
            240..=247 => -i64::from(tag - 239),
            248 => i64::MAX,
            249 => i64::MIN,
            _ => u.arbitrary()?,
        }))
    }
}

/// Text as typed, padded with white space, or repeated past the limits.
#[derive(Debug, Arbitrary)]
enum Text {
    Typed(String),
    Padded(String),
    Repeated(char, u16),
}

impl Text {
    fn string(&self) -> String {
        match self {
            Text::Typed(s) => s.clone(),
            Text::Padded(s) => format!(" \t{s}\n "),
            Text::Repeated(c, n) => c.to_string().repeat(usize::from(*n % 300)),
        }
    }
}

/// A key result value: small whole numbers, anything, or one at an edge.
#[derive(Debug, Arbitrary)]
enum Value {
    Whole(i16),
    Any(f64),
    Edge(u8),
}

impl Value {
    fn number(&self) -> f64 {
        const EDGES: [f64; 10] = [
            MAX_VALUE,
            -MAX_VALUE,
            MAX_VALUE * (1.0 + f64::EPSILON),
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            -0.0,
            f64::MIN_POSITIVE,
            0.1,
            1e-300,
        ];
        match self {
            Value::Whole(n) => f64::from(*n),
            Value::Any(x) => *x,
            Value::Edge(i) => EDGES[usize::from(*i) % EDGES.len()],
        }
    }
}

/// Timer seconds: mostly within a few hours, sometimes anything.
#[derive(Debug, Arbitrary)]
enum Seconds {
    Near(u16),
    Any(u32),
}

impl Seconds {
    fn get(&self) -> u32 {
        match self {
            Seconds::Near(s) => u32::from(*s),
            Seconds::Any(s) => *s,
        }
    }
}

impl Command {
    fn message(&self) -> ClientMessage {
        use ClientMessage as C;
        match self {
            Command::Hello => C::Hello {
                version: 1,
                code: "K7QX".into(),
                name: "Kari".into(),
                resume_token: None,
                last_seq: None,
                projector: false,
            },
            Command::AddCard(text) => C::AddCard {
                text: text.string(),
            },
            Command::EditCard(card, text) => C::EditCard {
                card: card.0,
                text: text.string(),
            },
            Command::DeleteCard(card) => C::DeleteCard { card: card.0 },
            Command::CreateGroup(name) => C::CreateGroup {
                name: name.string(),
            },
            Command::MoveCard(card, group) => C::MoveCard {
                card: card.0,
                group: group.as_ref().map(|g| g.0),
            },
            Command::Vote(card) => C::Vote { card: card.0 },
            Command::Unvote(card) => C::Unvote { card: card.0 },
            Command::ProposeKeyResult(objective, metric, unit, start, target) => {
                C::ProposeKeyResult {
                    objective: objective.0,
                    metric: metric.string(),
                    unit: unit.string(),
                    start: start.number(),
                    target: target.number(),
                }
            }
            Command::EditKeyResult(key_result, metric, unit, start, target) => C::EditKeyResult {
                key_result: key_result.0,
                metric: metric.string(),
                unit: unit.string(),
                start: start.number(),
                target: target.number(),
            },
            Command::DeleteKeyResult(key_result) => C::DeleteKeyResult {
                key_result: key_result.0,
            },
            Command::SetStep(step) => C::SetStep {
                step: if *step == u8::MAX {
                    usize::MAX
                } else {
                    usize::from(*step % 24)
                },
            },
            Command::StartTimer(s) => C::StartTimer { seconds: s.get() },
            Command::ExtendTimer(s) => C::ExtendTimer { seconds: s.get() },
            Command::PauseTimer => C::PauseTimer,
            Command::Lock(locked) => C::Lock { locked: *locked },
            Command::Reveal => C::Reveal,
            Command::End => C::End,
            Command::Ping => C::Ping,
        }
    }
}

impl Settings {
    fn agenda(&self) -> Agenda {
        let mut agenda = Agenda::standard();
        if !self.steps.is_empty() {
            agenda.steps = self
                .steps
                .iter()
                .take(hverdag::live::agenda::MAX_STEPS)
                .map(|k| Step::new(StepKind::ALL[usize::from(*k) % StepKind::ALL.len()], None))
                .collect();
        }
        agenda.votes_per_person = 1 + u32::from(self.votes_per_person) % MAX_VOTES;
        agenda.top_objectives = 1 + u32::from(self.top_objectives) % MAX_TOP;
        agenda.anonymous = self.anonymous;
        agenda.hidden_tallies = self.hidden_tallies;
        agenda.participants_group = self.participants_group;
        agenda
    }
}

/// The projector: a viewer with no seat, who is not the facilitator.
const PROJECTOR: Actor = Actor {
    participant: 0,
    facilitator: false,
};

/// One connection: the updates not yet taken and the `seq` its client is at.
struct Connection {
    actor: Actor,
    queue: VecDeque<Rc<Update>>,
    /// The `seq` of the last frame sent: frames go out once each, in order.
    last_sent: i64,
}

impl Connection {
    /// A client that was at `upto` (or new, at 0) resumes: it is sent what it missed, each
    /// event as the room stood then, from a copy folded up to `upto`.
    fn join(
        actor: Actor,
        agenda: &Agenda,
        log: &[(i64, Event)],
        upto: usize,
        seen: &[Seen],
    ) -> Connection {
        let mut room = Room::new(agenda.clone());
        let mut c = Connection {
            actor,
            queue: VecDeque::new(),
            last_sent: 0,
        };
        for (i, (seq, event)) in log.iter().enumerate() {
            if i < upto {
                room.apply(*seq, event);
                c.last_sent = *seq;
            } else {
                let update = room.advance(*seq, event);
                c.take(&update, &room, seen);
            }
        }
        c
    }

    /// Sends one update (a board from `room`, the shared one, which may be further on).
    fn take(&mut self, update: &Update, room: &Room, seen: &[Seen]) {
        if update.seq <= self.last_sent {
            return;
        }
        let seq = match update.to(&self.actor) {
            Delivery::Frame(frame) => check_frame(&self.actor, &frame, seen),
            Delivery::Board => check_board_sent(&self.actor, &room.view(&self.actor), seen),
            Delivery::Nothing => update.seq,
        };
        assert!(seq >= update.seq, "frame {seq} for update {}", update.seq);
        self.last_sent = seq;
    }

    fn deliver(&mut self, count: usize, room: &Room, seen: &[Seen]) {
        for _ in 0..count {
            let Some(update) = self.queue.pop_front() else {
                return;
            };
            self.take(&update, room, seen);
        }
    }
}

/// The live room just after one event, as each actor saw it.
struct Seen {
    views: Vec<String>,
    /// Whether each actor saw authors and tallies.
    visibility: Vec<(bool, bool)>,
}

impl Seen {
    fn of(room: &Room, views: Vec<String>) -> Seen {
        Seen {
            views,
            visibility: ACTORS.iter().map(|a| room.visibility(a)).collect(),
        }
    }
}

struct Workshop {
    agenda: Agenda,
    room: Room,
    /// The log as stored, and its fold read back from JSON.
    log: Vec<(i64, Event)>,
    replay: Room,
    /// What the live room showed after each event, by `seq - 1`.
    seen: Vec<Seen>,
    connections: Vec<Connection>,
    now_ms: i64,
    /// The largest id handed out so far: ids are never reused.
    max_id: i64,
}

fuzz_target!(|input: Input| {
    let agenda = input.settings.agenda();
    assert_eq!(agenda.validate(), Ok(()));
    let mut w = Workshop {
        room: Room::new(agenda.clone()),
        replay: Room::new(agenda.clone()),
        connections: ACTORS
            .iter()
            .map(|a| Connection::join(*a, &agenda, &[], 0, &[]))
            .collect(),
        agenda,
        log: Vec::new(),
        seen: Vec::new(),
        now_ms: EPOCH_MS,
        max_id: 0,
    };
    for op in input.ops.iter().take(MAX_OPS) {
        match op {
            Op::Command {
                who,
                command,
                elapsed_ms,
            } => {
                w.now_ms += i64::from(*elapsed_ms);
                w.command(
                    &ACTORS[usize::from(*who) % ACTORS.len()],
                    &command.message(),
                );
                check_board(&w.room, &w.agenda, w.now_ms);
            }
            Op::Deliver { connection, count } => {
                let c = &mut w.connections[usize::from(*connection) % ACTORS.len()];
                c.deliver(usize::from(*count), &w.room, &w.seen);
            }
            Op::Rejoin { connection, back } => {
                let i = usize::from(*connection) % ACTORS.len();
                let upto = w.log.len().saturating_sub(usize::from(*back));
                w.connections[i] = Connection::join(ACTORS[i], &w.agenda, &w.log, upto, &w.seen);
            }
        }
    }
    for c in &mut w.connections {
        c.deliver(usize::MAX, &w.room, &w.seen);
        assert_eq!(c.last_sent, w.room.seq(), "a connection fell behind");
    }
});

impl Workshop {
    /// Decides a command as the server does and, when accepted, stores and applies the event,
    /// checking what the decision itself must respect.
    fn command(&mut self, actor: &Actor, message: &ClientMessage) {
        use ClientMessage as C;
        let room = &self.room;
        let decided = room.decide(actor, message, self.now_ms);
        let view = room.view(&ACTORS[0]);
        match message {
            C::Hello { .. } | C::Ping => assert_eq!(decided, Ok(None)),
            _ if room.ended() => assert_eq!(decided, Err(ErrorCode::Ended)),
            C::SetStep { .. }
            | C::StartTimer { .. }
            | C::ExtendTimer { .. }
            | C::PauseTimer
            | C::Lock { .. }
            | C::Reveal
            | C::End
                if !actor.facilitator =>
            {
                assert_eq!(decided, Err(ErrorCode::NotFacilitator))
            }
            _ if view.locked && !actor.facilitator => assert_eq!(decided, Err(ErrorCode::Locked)),
            _ => {}
        }
        let Ok(Some(event)) = decided else {
            return;
        };
        let seq = room.seq() + 1;
        let used = room.votes_used(actor.participant);
        self.check_event(actor, message, &event);
        let viewers: Vec<Actor> = ACTORS.iter().copied().chain([PROJECTOR]).collect();
        let before: Vec<(bool, bool)> = viewers.iter().map(|v| self.room.visibility(v)).collect();
        let voted_on = |room: &Room, card: i64| room.votes().any(|(_, c, _)| c == card);
        let recount = matches!(event, Event::CardDeleted { card } if voted_on(&self.room, card));
        let update = Rc::new(self.room.advance(seq, &event));
        // Worked out once for all, each viewer's part is what the rules give them alone.
        for (viewer, before) in viewers.iter().zip(before) {
            let own = if (recount && viewer.facilitator) || self.room.visibility(viewer) != before {
                Delivery::Board
            } else {
                match self.room.redact(viewer, &event) {
                    None => Delivery::Nothing,
                    Some(event) => Delivery::Frame(
                        ServerMessage::Event { seq, event }
                            .encode()
                            .expect("a frame encodes"),
                    ),
                }
            };
            assert_eq!(update.to(viewer), own, "what {viewer:?} gets of {event:?}");
        }
        assert_eq!(self.room.seq(), seq, "each event moves the room on by one");
        match event {
            Event::Voted { .. } => assert_eq!(self.room.votes_used(actor.participant), used + 1),
            Event::Unvoted { .. } => assert_eq!(self.room.votes_used(actor.participant), used - 1),
            _ => {}
        }

        // Stored as JSON and read back, as the log is.
        let stored = serde_json::to_string(&event).expect("an event encodes");
        let read: Event = serde_json::from_str(&stored).expect("a stored event reads");
        assert_eq!(read, event, "the stored event {stored}");
        self.replay.apply(seq, &read);
        self.log.push((seq, read));
        let live = views(&self.room);
        assert_eq!(views(&self.replay), live, "the replayed log differs");
        self.seen.push(Seen::of(&self.room, live));
        for c in &mut self.connections {
            c.queue.push_back(update.clone());
        }
    }

    /// What an accepted event must be, given the room before it.
    fn check_event(&mut self, actor: &Actor, message: &ClientMessage, event: &Event) {
        let room = &self.room;
        let mut new_id = |id: i64| {
            assert!(id > self.max_id, "id {id} handed out again");
            self.max_id = id;
        };
        match event {
            Event::CardAdded { card, by, .. } => {
                new_id(*card);
                assert_eq!(*by, actor.participant);
            }
            Event::GroupCreated { group, .. } => new_id(*group),
            Event::KeyResultProposed {
                key_result,
                objective,
                by,
                ..
            } => {
                new_id(*key_result);
                assert_eq!(*by, actor.participant);
                assert!(
                    room.top_objectives().iter().any(|c| c.id == *objective),
                    "key results for the top objectives only"
                );
                assert!(room.key_results_of(*objective).count() < MAX_KEY_RESULTS_PER_OBJECTIVE);
            }
            Event::Voted { card, by } | Event::Unvoted { card, by } => {
                assert_eq!(*by, actor.participant);
                assert_eq!(room.step_kind(), Some(StepKind::Vote));
                if matches!(event, Event::Voted { .. }) {
                    assert!(room.cards().any(|c| c.id == *card));
                }
            }
            Event::CardEdited { card, .. } | Event::CardDeleted { card } => {
                let owner = room.cards().find(|c| c.id == *card).map(|c| c.by);
                assert!(owner.is_some(), "a change to a missing card");
                assert!(actor.facilitator || owner == Some(actor.participant));
            }
            _ => {}
        }
        if !actor.facilitator {
            let kind = room.step_kind();
            let allowed = match message {
                ClientMessage::AddCard { .. } => vec![StepKind::Brainstorm],
                ClientMessage::EditCard { .. } | ClientMessage::DeleteCard { .. } => vec![
                    StepKind::Brainstorm,
                    StepKind::Group,
                    StepKind::DraftKeyResults,
                ],
                ClientMessage::CreateGroup { .. } | ClientMessage::MoveCard { .. } => {
                    assert!(self.agenda.participants_group);
                    vec![StepKind::Group]
                }
                ClientMessage::ProposeKeyResult { .. }
                | ClientMessage::EditKeyResult { .. }
                | ClientMessage::DeleteKeyResult { .. } => vec![StepKind::DraftKeyResults],
                _ => StepKind::ALL.to_vec(),
            };
            assert!(
                kind.is_some_and(|k| allowed.contains(&k)),
                "{message:?} accepted in {kind:?}"
            );
        }
    }
}

/// What holds of any board, whatever happened before.
fn check_board(room: &Room, agenda: &Agenda, now_ms: i64) {
    assert!(room.step() < agenda.steps.len());
    let ids: BTreeSet<i64> = ACTORS.iter().map(|a| a.participant).collect();
    for actor in &ACTORS {
        let used = room.votes_used(actor.participant);
        assert!(used <= agenda.votes_per_person, "over the vote budget");
        assert_eq!(
            used + room.votes_left(actor.participant),
            agenda.votes_per_person
        );
        if !actor.facilitator {
            let mine = room.cards().filter(|c| c.by == actor.participant).count();
            assert!(mine <= MAX_CARDS_PER_PARTICIPANT);
        }
    }
    let mut tallies: BTreeMap<i64, u32> = BTreeMap::new();
    for (participant, card, n) in room.votes() {
        assert!(ids.contains(&participant));
        assert!(n > 0);
        *tallies.entry(card).or_default() += n;
    }
    let cards: BTreeSet<i64> = room.cards().map(|c| c.id).collect();
    assert!(
        tallies.keys().all(|c| cards.contains(c)),
        "votes on a missing card"
    );
    let groups: BTreeSet<i64> = room.groups().map(|g| g.id).collect();
    for card in room.cards() {
        assert_eq!(card.votes, tallies.get(&card.id).copied().unwrap_or(0));
        assert!(ids.contains(&card.by));
        clean(&card.text, MAX_TEXT, false);
        assert!(
            card.group.is_none_or(|g| groups.contains(&g)),
            "a card in a missing group"
        );
        assert!(room.key_results_of(card.id).count() <= MAX_KEY_RESULTS_PER_OBJECTIVE);
    }
    for group in room.groups() {
        clean(&group.name, MAX_GROUP_NAME, false);
    }
    let all = room.view(&ACTORS[0]);
    let key_results: BTreeSet<i64> = all.key_results.iter().map(|k| k.id).collect();
    for k in &all.key_results {
        assert!(
            cards.contains(&k.objective),
            "a key result without its card"
        );
        assert!(ids.contains(&k.by));
        clean(&k.draft.metric, MAX_METRIC, false);
        clean(&k.draft.unit, MAX_UNIT, true);
        let sane = |v: f64| v.is_finite() && v.abs() <= MAX_VALUE;
        assert!(sane(k.draft.start) && sane(k.draft.target));
        assert!(k.draft.start != k.draft.target);
    }
    // Cards, groups and key results share one counter.
    let distinct = cards.len() + groups.len() + key_results.len();
    let union: BTreeSet<i64> = cards
        .iter()
        .chain(&groups)
        .chain(&key_results)
        .copied()
        .collect();
    assert_eq!(union.len(), distinct, "an id used twice");
    assert!(union.iter().all(|id| *id > 0));
    let cap = i64::from(MAX_TIMER_SECONDS) * 1000;
    match all.timer {
        Timer::Stopped => {}
        Timer::Running { ends_at_ms } => assert!(ends_at_ms <= now_ms + cap),
        Timer::Paused { remaining_ms } => assert!((0..=cap).contains(&remaining_ms)),
    }
    for actor in &ACTORS {
        check_view(room, actor, &room.view(actor));
    }
}

/// Trimmed, within `max` characters, and not empty unless `may_be_empty`.
fn clean(text: &str, max: usize, may_be_empty: bool) {
    assert_eq!(text, text.trim());
    assert!(may_be_empty || !text.is_empty());
    assert!(
        text.chars().count() <= max,
        "{} characters",
        text.chars().count()
    );
}

/// A view shows exactly what the rules let this viewer see of the room, and serialises.
fn check_view(room: &Room, viewer: &Actor, view: &Snapshot) {
    assert_eq!(view.seq, room.seq());
    let authors = room.authors_visible(viewer);
    let tallies = room.tallies_visible(viewer);
    assert_eq!(
        (view.authors_visible, view.tallies_visible),
        (authors, tallies)
    );
    let cards: Vec<_> = room.cards().collect();
    assert_eq!(view.cards.len(), cards.len());
    let mut used = BTreeMap::new();
    for (p, c, n) in room.votes() {
        *used.entry(p).or_insert(0) += n;
        if p == viewer.participant {
            let shown = view.cards.iter().find(|v| v.id == c).map(|v| v.my_votes);
            assert_eq!(shown, Some(n), "my votes on card {c}");
        }
    }
    for (card, shown) in cards.iter().zip(&view.cards) {
        assert_eq!(card.id, shown.id);
        assert_eq!(card.text, shown.text);
        let by = if authors || card.by == viewer.participant {
            card.by
        } else {
            HIDDEN
        };
        assert_eq!(shown.by, by, "the author shown");
        assert_eq!(
            shown.votes,
            tallies.then_some(card.votes),
            "the tally shown"
        );
    }
    for k in &view.key_results {
        assert!(authors || k.by == viewer.participant || k.by == HIDDEN);
    }
    if viewer.facilitator {
        let used: Vec<(i64, u32)> = used.into_iter().collect();
        assert_eq!(view.votes_used, used);
    } else {
        assert!(view.votes_used.is_empty(), "whose votes, to a participant");
    }
}

/// An `event` frame sent shows no more than its viewer saw at that `seq`: the event redacted
/// by the visibility of that moment. Returns the frame's `seq`.
fn check_frame(viewer: &Actor, frame: &str, seen: &[Seen]) -> i64 {
    let frame: serde_json::Value = serde_json::from_str(frame).expect("a frame is JSON");
    assert_eq!(frame["type"], "event");
    let seq = frame["seq"].as_i64().expect("a seq");
    let event: Event = serde_json::from_value(frame["event"].clone()).expect("an event");
    if let Some(who) = ACTORS.iter().position(|a| a == viewer) {
        let (authors, tallies) = at(seen, seq).visibility[who];
        match event {
            Event::CardAdded { by, .. } | Event::KeyResultProposed { by, .. } => {
                assert!(authors || by == viewer.participant || by == HIDDEN);
            }
            Event::Voted { by, .. } | Event::Unvoted { by, .. } if !viewer.facilitator => {
                assert!(by == viewer.participant || by == HIDDEN, "whose vote");
                assert!(by != HIDDEN || tallies, "a hidden tally");
            }
            _ => {}
        }
    }
    seq
}

/// A board sent is exactly what the live room showed this viewer at its `seq`.
fn check_board_sent(viewer: &Actor, snapshot: &Snapshot, seen: &[Seen]) -> i64 {
    let who = ACTORS
        .iter()
        .position(|a| a == viewer)
        .expect("one of ours");
    let sent = serde_json::to_string(snapshot).expect("a board serialises");
    assert_eq!(sent, at(seen, snapshot.seq).views[who], "the board sent");
    snapshot.seq
}

fn at(seen: &[Seen], seq: i64) -> &Seen {
    &seen[usize::try_from(seq - 1).expect("a stored seq")]
}

/// The room as each actor sees it, as sent (JSON).
fn views(room: &Room) -> Vec<String> {
    ACTORS.iter().map(|a| view_of(room, a)).collect()
}

fn view_of(room: &Room, actor: &Actor) -> String {
    serde_json::to_string(&room.view(actor)).expect("a view serialises")
}
