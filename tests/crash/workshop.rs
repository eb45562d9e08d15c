//! A workshop room under SIGKILL. Participants on real WebSocket connections post cards
//! (each with a unique text) and delete their oldest ones, continuously, while the server is
//! killed at random moments and restarted on the same data and port. Each client keeps its
//! own board, built only from what the server sent, and resumes after every kill with its
//! token: half of them with `last_seq` (the missed events), half without (the whole board).
//! A card is acknowledged when the client sees it stored (its `event` frame, or on resuming);
//! one sent but not seen stored after a resume was lost with the server and is sent again.
//!
//! Afterwards: every card a client sent is in the log exactly once, `seq` runs 1..=n, every
//! client's board equals the fold of the log, and SQLite's `PRAGMA integrity_check` said `ok`
//! after each kill.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use hverdag::db::{Db, write_tx};
use hverdag::domain::people::{PersonInput, Role};
use hverdag::domain::workshops::{self, Workshop};
use hverdag::domain::{Locale, org, people};
use hverdag::live::protocol::ClientMessage;
use hverdag::live::room::{Agenda, Event};
use rand::Rng;
use rand::rngs::StdRng;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

use crate::server::{self, Store};

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

const CLIENTS: usize = 20;
/// The brainstorm step of `Agenda::standard()`.
const BRAINSTORM: usize = 2;
/// Each client acts (adds or deletes a card) about this often: well under the server's
/// limit of 10 messages a second per connection.
const ACT_EVERY: Duration = Duration::from_millis(150);
/// Cards a client has sent but not yet seen stored.
const IN_FLIGHT: usize = 4;
/// A client deletes its oldest card once it has this many (the room takes 30 a participant).
const KEEP: usize = 20;
/// A live server pings every 10 s; a connection silent for this long is taken as dead.
const SILENCE: Duration = Duration::from_secs(30);
/// The server is killed this long (ms) after it first answered.
const UPTIME_MS: std::ops::RangeInclusive<u64> = 200..=1500;

/// A workshop in its brainstorm step, with its facilitator seated.
fn seed(db: &Db) -> Workshop {
    let mut conn = db.conn().expect("a connection");
    write_tx(&mut conn, |c| {
        let o = org::create(
            c,
            &org::NewOrg {
                name: "Crash".into(),
                slug: "crash".into(),
                locale: Locale::En,
                time_zone: "Europe/Oslo".into(),
            },
        )?;
        let per = people::create(
            c,
            o.id,
            &PersonInput {
                name: "Per".into(),
                email: "per@crash.example".into(),
                locale: Locale::En,
                roles: vec![Role::Facilitator],
            },
            None,
        )?;
        let w = workshops::create(
            c,
            o.id,
            per.row.id,
            "Crash test",
            Locale::En,
            &Agenda::standard(),
            None,
        )?;
        let (facilitator, _) = workshops::join(c, &w, "Per", Some(per.row.id), true)?;
        let opened = workshops::command(
            c,
            &w,
            &facilitator,
            &ClientMessage::SetStep { step: BRAINSTORM },
            0,
        )?;
        assert!(matches!(opened, Ok(Some((1, _)))), "{opened:?}");
        Ok::<_, hverdag::domain::Error>(w)
    })
    .expect("seed the workshop")
}

/// How a connection ended.
enum Outcome {
    /// Told to stop, with nothing left unacknowledged.
    Done,
    /// The server went away (or never answered): connect again.
    Dropped,
}

#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    /// Connections that got a welcome.
    sessions: usize,
    /// Resumes (with the token) that got the whole board, and those that got missed events.
    snapshots: usize,
    catch_ups: usize,
    /// Own cards seen stored in their live `event` frame.
    acked_live: usize,
    /// Own cards whose frame was lost with the server, seen stored on resuming.
    acked_on_resume: usize,
    /// Cards sent again because they were not stored when the server died.
    resent: usize,
    deletes: usize,
    events: usize,
}

/// One participant's device.
struct Client {
    index: usize,
    /// Resume with `last_seq` (catch-up events) or without (the whole board).
    catch_up: bool,
    token: Option<String>,
    me: Option<i64>,
    /// The last `seq` folded into `cards`.
    seq: i64,
    /// The board as this client knows it: card id → (author, text).
    cards: BTreeMap<i64, (i64, String)>,
    /// Cards sent and not yet seen stored, oldest first.
    unacked: Vec<String>,
    /// Own cards seen stored.
    acked: HashSet<String>,
    /// Own cards asked to be deleted and not yet seen deleted.
    deleting: HashSet<i64>,
    sent: usize,
    counts: Counts,
    /// Everything that contradicts the guarantees, for the final assertion.
    problems: Vec<String>,
}

impl Client {
    fn new(index: usize) -> Client {
        Client {
            index,
            catch_up: index.is_multiple_of(2),
            token: None,
            me: None,
            seq: 0,
            cards: BTreeMap::new(),
            unacked: Vec::new(),
            acked: HashSet::new(),
            deleting: HashSet::new(),
            sent: 0,
            counts: Counts::default(),
            problems: Vec::new(),
        }
    }

    fn problem(&mut self, what: String) {
        self.problems.push(format!("client {}: {what}", self.index));
    }

    fn hello(&self) -> Message {
        let last_seq = (self.catch_up && self.me.is_some()).then_some(self.seq);
        Message::text(
            json!({"type": "hello", "version": 1, "code": "", "name": format!("C{}", self.index),
                   "resume_token": self.token, "last_seq": last_seq})
            .to_string(),
        )
    }

    /// Records an own card as stored.
    fn stored(&mut self, text: &str, live: bool) {
        if let Some(at) = self.unacked.iter().position(|t| t == text) {
            self.unacked.remove(at);
            self.acked.insert(text.to_owned());
            if live {
                self.counts.acked_live += 1;
            } else {
                self.counts.acked_on_resume += 1;
            }
        } else if self.acked.contains(text) {
            self.problem(format!("own card {text:?} stored twice"));
        } else {
            self.problem(format!("a card {text:?} stored that was never sent"));
        }
    }

    fn on_welcome(&mut self, welcome: &Value) {
        self.counts.sessions += 1;
        let resuming = self.me.is_some();
        let id = welcome["participant"].as_i64();
        if self.me.is_some() && id != self.me {
            self.problem(format!("resumed as {id:?} instead of {:?}", self.me));
        }
        self.me = id;
        self.token = welcome["resume_token"].as_str().map(str::to_owned);
        let snapshot = &welcome["snapshot"];
        if snapshot.is_null() {
            self.counts.catch_ups += 1;
        } else {
            self.counts.snapshots += usize::from(resuming);
            self.on_board(snapshot);
        }
    }

    /// Replaces the board with a whole one from the server.
    fn on_board(&mut self, snapshot: &Value) {
        let seq = snapshot["seq"].as_i64().unwrap_or(-1);
        if seq < self.seq {
            self.problem(format!(
                "a board at seq {seq}, behind the acknowledged {}",
                self.seq
            ));
        }
        let cards: BTreeMap<i64, (i64, String)> = snapshot["cards"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|c| {
                (
                    c["id"].as_i64().unwrap_or(-1),
                    (
                        c["by"].as_i64().unwrap_or(-1),
                        c["text"].as_str().unwrap_or("").to_owned(),
                    ),
                )
            })
            .collect();
        // Own cards acknowledged before are still there unless this client deleted them.
        let missing: Vec<String> = self
            .cards
            .iter()
            .filter(|(id, (by, _))| Some(*by) == self.me && !cards.contains_key(id))
            .filter(|(id, _)| !self.deleting.contains(id))
            .map(|(_, (_, text))| text.clone())
            .collect();
        for text in missing {
            self.problem(format!("acknowledged card {text:?} missing from the board"));
        }
        let mine: Vec<String> = cards
            .values()
            .filter(|(by, _)| Some(*by) == self.me)
            .map(|(_, text)| text.clone())
            .filter(|text| !self.acked.contains(text))
            .collect();
        for text in mine {
            self.stored(&text, false);
        }
        self.deleting.retain(|id| cards.contains_key(id));
        self.cards = cards;
        self.seq = seq;
    }

    fn on_event(&mut self, frame: &Value, resuming: bool) {
        self.counts.events += 1;
        let seq = frame["seq"].as_i64().unwrap_or(-1);
        if seq != self.seq + 1 {
            self.problem(format!("event {seq} after {}", self.seq));
            if seq <= self.seq {
                return;
            }
        }
        self.seq = seq;
        let Ok(event) = serde_json::from_value::<Event>(frame["event"].clone()) else {
            self.problem(format!("an unreadable event: {frame}"));
            return;
        };
        match event {
            Event::CardAdded { card, by, text, .. } => {
                if self.cards.insert(card, (by, text.clone())).is_some() {
                    self.problem(format!("card {card} added twice"));
                }
                if Some(by) == self.me {
                    self.stored(&text, !resuming);
                }
            }
            Event::CardDeleted { card } => {
                if self.cards.remove(&card).is_none() {
                    self.problem(format!("unknown card {card} deleted"));
                }
                self.deleting.remove(&card);
            }
            _ => {}
        }
    }

    /// The next command: delete the oldest own card when there are enough, else a new card.
    fn next_command(&mut self) -> Option<Message> {
        let mine: Vec<i64> = self
            .cards
            .iter()
            .filter(|(_, (by, _))| Some(*by) == self.me)
            .map(|(id, _)| *id)
            .collect();
        if mine.len() + self.unacked.len() >= KEEP {
            let oldest = mine.into_iter().find(|id| !self.deleting.contains(id))?;
            self.deleting.insert(oldest);
            self.counts.deletes += 1;
            return Some(Message::text(
                json!({"type": "delete_card", "card": oldest}).to_string(),
            ));
        }
        if self.unacked.len() >= IN_FLIGHT {
            return None;
        }
        let text = format!("c{}-{}", self.index, self.sent);
        self.sent += 1;
        self.unacked.push(text.clone());
        Some(add_card(&text))
    }

    /// One connection, from `hello` until the server goes away or, once `stop` is set,
    /// everything sent has been seen stored.
    async fn session(&mut self, port: u16, code: &str, stop: &AtomicBool) -> Outcome {
        let url = format!("ws://127.0.0.1:{port}/live/{code}");
        let Ok(Ok((mut socket, _))) = tokio::time::timeout(
            Duration::from_secs(5),
            tokio_tungstenite::connect_async(url),
        )
        .await
        else {
            return Outcome::Dropped;
        };
        if socket.send(self.hello()).await.is_err() {
            return Outcome::Dropped;
        }
        loop {
            let Some(frame) = next_json(&mut socket).await else {
                return Outcome::Dropped;
            };
            match frame["type"].as_str() {
                Some("welcome") => {
                    self.on_welcome(&frame);
                    break;
                }
                Some("presence" | "presence_changed") => {}
                _ => {
                    self.problem(format!("expected a welcome, got {frame}"));
                    return Outcome::Dropped;
                }
            }
        }
        // The server answers a ping after it has sent every missed event, so the pong
        // marks the moment this client knows all that was stored.
        if socket.send(ping()).await.is_err() {
            return Outcome::Dropped;
        }
        let mut synced = false;
        let mut act = tokio::time::interval(ACT_EVERY);
        act.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = act.tick(), if synced => {
                    if stop.load(Ordering::SeqCst) {
                        if self.unacked.is_empty() && self.deleting.is_empty() {
                            let _ = socket.close(None).await;
                            return Outcome::Done;
                        }
                        continue;
                    }
                    if let Some(command) = self.next_command()
                        && socket.send(command).await.is_err()
                    {
                        return Outcome::Dropped;
                    }
                }
                frame = next_json(&mut socket) => {
                    let Some(frame) = frame else { return Outcome::Dropped };
                    match frame["type"].as_str() {
                        Some("event") => self.on_event(&frame, !synced),
                        Some("board") => self.on_board(&frame["snapshot"]),
                        Some("pong") if !synced => {
                            synced = true;
                            // Whatever the dead server did not store is sent again.
                            self.deleting.clear();
                            for text in self.unacked.clone() {
                                self.counts.resent += 1;
                                if socket.send(add_card(&text)).await.is_err() {
                                    return Outcome::Dropped;
                                }
                            }
                        }
                        Some("presence" | "presence_changed" | "pong") => {}
                        _ => self.problem(format!("unexpected frame {frame}")),
                    }
                }
            }
        }
    }

    /// Connects again and again until told to stop with nothing outstanding.
    async fn run(mut self, port: u16, code: String, stop: Arc<AtomicBool>) -> Client {
        while let Outcome::Dropped = self.session(port, &code, &stop).await {
            // A client's reconnect back-off (staggered per client), as a browser's would be.
            tokio::time::sleep(Duration::from_millis(20 + (self.index as u64 % 5) * 10)).await;
        }
        self
    }
}

fn add_card(text: &str) -> Message {
    Message::text(json!({"type": "add_card", "text": text}).to_string())
}

fn ping() -> Message {
    Message::text(json!({"type": "ping"}).to_string())
}

/// The next text frame as JSON; `None` when the connection is gone (or silent for longer
/// than [`SILENCE`]).
async fn next_json(socket: &mut Socket) -> Option<Value> {
    loop {
        let frame = tokio::time::timeout(SILENCE, socket.next())
            .await
            .ok()??
            .ok()?;
        match frame {
            Message::Text(text) => return serde_json::from_str(&text).ok(),
            Message::Close(_) => return None,
            _ => {}
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_workshop_killed_under_load_keeps_every_acknowledged_card_and_its_clients_resume() {
    let started = Instant::now();
    let mut rng: StdRng = server::rng("workshop");
    let cycles = server::cycles();
    let store = tokio::task::block_in_place(Store::new);
    let db = tokio::task::block_in_place(|| store.db());
    let workshop = tokio::task::block_in_place(|| seed(&db));
    let launcher = store.launcher(&[]);
    let port = launcher.port;
    let mut server = launcher.start().await;
    let mut startups = vec![server.startup];

    let stop = Arc::new(AtomicBool::new(false));
    let clients: Vec<_> = (0..CLIENTS)
        .map(|i| tokio::spawn(Client::new(i).run(port, workshop.join_code.clone(), stop.clone())))
        .collect();

    let mut integrity = Vec::new();
    for _ in 0..cycles {
        let uptime = rng.random_range(UPTIME_MS);
        // Deliberate: a random uptime, so that the kill lands anywhere in the workshop.
        tokio::time::sleep(Duration::from_millis(uptime)).await;
        server.kill().await;
        if let Some(check) = tokio::task::block_in_place(|| store.integrity_check()) {
            integrity.push(check);
        }
        server = launcher.start().await;
        startups.push(server.startup);
    }
    let killing = started.elapsed();

    stop.store(true, Ordering::SeqCst);
    let mut finished = Vec::with_capacity(CLIENTS);
    for client in clients {
        let client = tokio::time::timeout(Duration::from_secs(30), client)
            .await
            .expect("every client gets its cards acknowledged after the last restart")
            .expect("a client task");
        finished.push(client);
    }
    let resumed: Vec<usize> = finished
        .iter()
        .map(|c| c.counts.snapshots + c.counts.catch_ups)
        .collect();
    let kill_phase = finished
        .iter()
        .fold(Counts::default(), |t, c| add(t, c.counts));
    // Everyone connects once more and folds in what the others posted after it stopped.
    let mut settled = Vec::with_capacity(CLIENTS);
    for client in finished {
        let run = client.run(port, workshop.join_code.clone(), stop.clone());
        settled.push(tokio::spawn(run));
    }
    let mut clients = Vec::with_capacity(CLIENTS);
    for client in settled {
        clients.push(
            tokio::time::timeout(Duration::from_secs(30), client)
                .await
                .expect("a client resumes once more")
                .expect("a client task"),
        );
    }
    server.kill().await;
    if let Some(check) = tokio::task::block_in_place(|| store.integrity_check()) {
        integrity.push(check);
    }

    let (log, board) = tokio::task::block_in_place(|| {
        let mut c = db.conn().expect("a connection");
        let log = workshops::events_since(&mut c, workshop.id, 0).expect("read the log");
        (
            log,
            workshops::room(&mut c, &workshop).expect("fold the log"),
        )
    });

    // The figures.
    let total = clients
        .iter()
        .fold(Counts::default(), |t, c| add(t, c.counts));
    startups.sort();
    println!(
        "workshop: {cycles} kills, {CLIENTS} clients, {} events stored, {:.1} s in all \
         ({:.1} s of kills); restart until answering median {} ms, max {} ms",
        log.len(),
        started.elapsed().as_secs_f64(),
        killing.as_secs_f64(),
        startups[startups.len() / 2].as_millis(),
        startups.last().map_or(0, Duration::as_millis),
    );
    println!(
        "workshop: {} cards acknowledged live, {} learned stored on resuming, {} sent again, \
         {} deletes; {} connections, {} event frames; while killing, {} resumes by whole board \
         and {} by missed events",
        total.acked_live,
        total.acked_on_resume,
        total.resent,
        total.deletes,
        total.sessions,
        total.events,
        kill_phase.snapshots,
        kill_phase.catch_ups,
    );

    // The guarantees.
    let problems: Vec<&String> = clients.iter().flat_map(|c| &c.problems).collect();
    assert!(problems.is_empty(), "clients saw: {problems:#?}");
    assert!(
        integrity.iter().all(|check| check == "ok"),
        "integrity checks: {integrity:?}"
    );
    let seqs: Vec<i64> = log.iter().map(|(seq, _)| *seq).collect();
    let expected: Vec<i64> = (1..=i64::try_from(log.len()).expect("a count")).collect();
    assert!(seqs == expected, "seq has gaps or repeats");

    let mut stored: HashMap<&str, usize> = HashMap::new();
    for (_, event) in &log {
        if let Event::CardAdded { text, .. } = event {
            *stored.entry(text.as_str()).or_default() += 1;
        }
    }
    let twice: Vec<_> = stored.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "cards stored more than once: {twice:?}");
    let acked: HashSet<&str> = clients
        .iter()
        .flat_map(|c| c.acked.iter().map(String::as_str))
        .collect();
    let lost: Vec<_> = acked.iter().filter(|t| !stored.contains_key(*t)).collect();
    assert!(lost.is_empty(), "acknowledged cards lost: {lost:?}");
    let unknown: Vec<_> = stored.keys().filter(|t| !acked.contains(*t)).collect();
    assert!(
        unknown.is_empty(),
        "cards stored that no client saw acknowledged: {unknown:?}"
    );
    assert!(
        clients.iter().all(|c| c.unacked.is_empty()),
        "cards never acknowledged"
    );
    let sent: usize = clients.iter().map(|c| c.sent).sum();
    assert_eq!(sent, acked.len(), "every card sent was acknowledged");

    let view = board.view(&hverdag::live::room::Actor {
        participant: 0,
        facilitator: true,
    });
    let truth: BTreeMap<i64, (i64, String)> = view
        .cards
        .iter()
        .map(|c| (c.id, (c.by, c.text.clone())))
        .collect();
    for client in &clients {
        assert_eq!(
            client.seq,
            board.seq(),
            "client {} is not at the log's end",
            client.index
        );
        assert!(
            client.cards == truth,
            "client {}'s board differs from the log",
            client.index
        );
    }
    assert!(
        resumed.iter().all(|n| *n > 0),
        "a client never resumed between kills: {resumed:?}"
    );
    assert!(
        kill_phase.snapshots > 0 && kill_phase.catch_ups > 0,
        "both ways of resuming were used between kills"
    );
    assert!(
        total.acked_live + total.acked_on_resume >= 5 * cycles,
        "too few cards to mean anything"
    );
}

fn add(a: Counts, b: Counts) -> Counts {
    Counts {
        sessions: a.sessions + b.sessions,
        snapshots: a.snapshots + b.snapshots,
        catch_ups: a.catch_ups + b.catch_ups,
        acked_live: a.acked_live + b.acked_live,
        acked_on_resume: a.acked_on_resume + b.acked_on_resume,
        resent: a.resent + b.resent,
        deletes: a.deletes + b.deletes,
        events: a.events + b.events,
    }
}
