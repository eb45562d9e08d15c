//! Load benchmark of the live workshop rooms, with two baselines side by side.
//!
//! ```text
//! cargo bench --bench load                                  # every scenario, every server
//! HVERDAG_LOAD_SCENARIOS=kickoff,idle cargo bench --bench load
//! HVERDAG_LOAD_TARGETS=hverdag HVERDAG_LOAD_SCALE=0.2 cargo bench --bench load
//! ```
//!
//! The generator (this program, on one thread) speaks the real workshop protocol over
//! tokio-tungstenite with small buffers, and drives, one after the other and each in its own
//! process:
//! - `hverdag`: the real server (`hverdag serve`) on a fresh SQLite file, storing and checking
//!   every event;
//! - `actix`: a bare actix-ws broadcast server (this program again, in baseline mode): a frame
//!   in, an event out to everyone in the room, nothing stored or checked;
//! - `node`: a bare Node.js `ws` broadcast server (`benches/baseline/server.js`; `npm ci` runs
//!   there on first use).
//!
//! Scenarios (`HVERDAG_LOAD_SCENARIOS`, default all):
//! - `kickoff`: 1,000 participants in one room post 50 cards a second for 60 s, then cast
//!   1,000 votes within 10 s (issue scenarios 1 and 4): delivery and acknowledgement latency,
//!   and on Hverdag a check that every acknowledged card and vote is in the stored log;
//! - `big`: 5,000 participants in one room, 10 cards a second for 30 s;
//! - `storm`: 5,000 participants join one room at 1,000 a second (everyone scans the QR code
//!   at once) while 10 cards a second are posted: card delivery, join time (connect →
//!   welcome), bytes each joiner receives (per frame type), cards lost, memory per connection;
//! - `huge`: the same with 10,000 joining at 500 a second;
//! - `idle`: 10,000 connections over 100 rooms, idle: server memory per connection;
//! - `reconnect` (Hverdag): 1,000 participants drop and reconnect within 5 s while cards keep
//!   coming; time until every one has every card, duplicates and gaps;
//! - `slow` (Hverdag): 200 participants at 50 cards a second, once as they are and once with
//!   one more that stops reading: the others' latency, and whether the slow one is cut off and
//!   can resume;
//! - `pool` (Hverdag): 200 rooms of 25 posting a card a second each (then five), with a
//!   database pool of 4, while pages are asked for: whether busy rooms leave HTTP its
//!   connections;
//! - `resume` (Hverdag): a room whose log holds 100,000 events, opened afresh by a join (as
//!   after a restart) and by a resume after a drop, with the board's checkpoints and without.
//!
//! `HVERDAG_LOAD_SCALE` (default 1) scales participant counts and durations, for a quick look.
//! Latency is per delivery: from the moment the generator hands a post to the sending socket
//! until one receiving socket has read it; an acknowledgement is the sender's own event.
//! RSS and CPU come from `/proc` for the server process and for the generator.

use std::collections::{HashMap, HashSet};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use futures_util::{SinkExt, StreamExt};
use hverdag::db::{Db, write_tx};
use hverdag::domain::ids::WorkshopId;
use hverdag::domain::people::{PersonInput, Role};
use hverdag::domain::{Locale, org, people, workshops};
use hverdag::live::room::{Agenda, Event};
use serde::Deserialize;
use serde_json::json;
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;

type Socket = tokio_tungstenite::WebSocketStream<tokio::net::TcpStream>;

/// Steps of `Agenda::standard()`.
const BRAINSTORM: usize = 2;
const VOTE: usize = 4;
/// Connections opened at once while a room fills.
const CONNECTING_AT_ONCE: usize = 200;
/// Clients per loopback source address (one address offers about 28,000 ports).
const CLIENTS_PER_ADDRESS: usize = 20_000;
/// How long to wait for the last deliveries after the last post.
const DRAIN: Duration = Duration::from_secs(15);

// ---------------------------------------------------------------------------------------
// Servers

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Hverdag,
    Actix,
    Node,
}

impl Target {
    fn name(self) -> &'static str {
        match self {
            Target::Hverdag => "hverdag",
            Target::Actix => "actix-ws",
            Target::Node => "node ws",
        }
    }
}

/// A room to join: its join code, and on Hverdag its workshop and facilitator's token.
#[derive(Clone)]
struct RoomInfo {
    code: String,
    workshop: WorkshopId,
    facilitator_token: Option<String>,
}

struct Server {
    child: Child,
    addr: SocketAddr,
    rooms: Vec<RoomInfo>,
    /// Hverdag's data directory, database and log.
    data: Option<(tempfile::TempDir, Db)>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

fn baseline_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benches/baseline")
}

/// One organisation, a facilitator and `rooms` workshops; the facilitator has a seat in each.
fn seed(db: &Db, rooms: usize) -> anyhow::Result<Vec<RoomInfo>> {
    let mut conn = db.conn()?;
    Ok(write_tx(&mut conn, |c| {
        let o = org::create(
            c,
            &org::NewOrg {
                name: "Load".into(),
                slug: "load".into(),
                locale: Locale::En,
                time_zone: "Europe/Oslo".into(),
            },
        )?;
        let per = people::create(
            c,
            o.id,
            &PersonInput {
                name: "Per".into(),
                email: "per@load.example".into(),
                locale: Locale::En,
                roles: vec![Role::Facilitator],
            },
            None,
        )?;
        (0..rooms)
            .map(|i| {
                let w = workshops::create(
                    c,
                    o.id,
                    per.row.id,
                    &format!("Room {i}"),
                    Locale::En,
                    &Agenda::standard(),
                    None,
                )?;
                let (_, token) = workshops::join(c, &w, "Per", Some(per.row.id), true)?;
                Ok(RoomInfo {
                    code: w.join_code,
                    workshop: w.id,
                    facilitator_token: Some(token),
                })
            })
            .collect::<Result<Vec<_>, hverdag::domain::Error>>()
    })?)
}

async fn start(target: Target, rooms: usize, capacity: usize) -> anyhow::Result<Server> {
    start_with(target, rooms, capacity, 8).await
}

/// [`start`], with Hverdag's database pool of `pool` connections.
async fn start_with(
    target: Target,
    rooms: usize,
    capacity: usize,
    pool: u32,
) -> anyhow::Result<Server> {
    let port = free_port()?;
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let (child, rooms, data) = match target {
        Target::Hverdag => {
            let dir = tempfile::tempdir()?;
            let config = hverdag::Config::for_data_dir(dir.path());
            let url = config.database_url();
            let db = tokio::task::spawn_blocking(move || Db::open(&url, 2)).await??;
            let seeded = {
                let db = db.clone();
                tokio::task::spawn_blocking(move || seed(&db, rooms)).await??
            };
            let log = std::fs::File::create(dir.path().join("server.log"))?;
            let child = Command::new(env!("CARGO_BIN_EXE_hverdag"))
                .args(["serve", "--bind", &addr.to_string()])
                .arg("--data-dir")
                .arg(dir.path())
                .args(["--room-capacity", &(capacity + 10).to_string()])
                .args(["--db-pool", &pool.to_string()])
                .env("RUST_LOG", "warn")
                .stdout(log.try_clone()?)
                .stderr(log)
                .spawn()?;
            (child, seeded, Some((dir, db)))
        }
        Target::Actix => {
            let child = Command::new(std::env::current_exe()?)
                .env("HVERDAG_LOAD_BASELINE_PORT", port.to_string())
                .stdout(Stdio::null())
                .spawn()?;
            (child, plain_rooms(rooms), None)
        }
        Target::Node => {
            let dir = baseline_dir();
            if !dir.join("node_modules/ws").exists() {
                let ok = Command::new("npm")
                    .args(["ci", "--silent", "--no-audit", "--no-fund"])
                    .current_dir(&dir)
                    .status()?
                    .success();
                if !ok {
                    bail!("npm ci failed in {}", dir.display());
                }
            }
            let child = Command::new("node")
                .arg(dir.join("server.js"))
                .arg(port.to_string())
                .stdout(Stdio::null())
                .spawn()
                .context("start node (is Node.js installed?)")?;
            (child, plain_rooms(rooms), None)
        }
    };
    let server = Server {
        child,
        addr,
        rooms,
        data,
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    while tokio::net::TcpStream::connect(addr).await.is_err() {
        if Instant::now() > deadline {
            bail!("{} did not start listening on {addr}", target.name());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Ok(server)
}

fn plain_rooms(n: usize) -> Vec<RoomInfo> {
    (0..n)
        .map(|i| RoomInfo {
            code: format!("ROOM{i}"),
            workshop: WorkshopId(0),
            facilitator_token: None,
        })
        .collect()
}

/// Resident set size of a process, in KiB.
fn rss_kib(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(f64::NAN)
}

/// CPU time (user + system) a process has used, in seconds.
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok());
    match (ticks(11), ticks(12)) {
        (Some(user), Some(system)) => (user + system) / 100.0,
        _ => f64::NAN,
    }
}

/// CPU use of the server and the generator over a stretch of time, in % of one core.
struct CpuMeter {
    server: u32,
    at: Instant,
    server_s: f64,
    own_s: f64,
}

impl CpuMeter {
    fn start(server: &Server) -> CpuMeter {
        CpuMeter {
            server: server.child.id(),
            at: Instant::now(),
            server_s: cpu_seconds(server.child.id()),
            own_s: cpu_seconds(std::process::id()),
        }
    }

    fn read(&self) -> (f64, f64) {
        let wall = self.at.elapsed().as_secs_f64();
        (
            (cpu_seconds(self.server) - self.server_s) / wall * 100.0,
            (cpu_seconds(std::process::id()) - self.own_s) / wall * 100.0,
        )
    }
}

// ---------------------------------------------------------------------------------------
// Clients

/// What every client shares: when each card was handed to its socket, and counters.
struct Shared {
    start: Instant,
    /// Per card number: nanoseconds after `start` it was sent (0: not yet).
    sent_at: Vec<AtomicU64>,
    /// Per card number: the client that sent it.
    sent_by: Vec<AtomicU32>,
    delivered: AtomicU64,
    /// Card ids as the server numbers them (for voting).
    card_ids: Mutex<Vec<i64>>,
    /// Whether clients keep the set of cards they know (the reconnect scenario), and how
    /// many know all `total` cards.
    track: bool,
    total: usize,
    complete: AtomicU64,
}

impl Shared {
    fn new(cards: usize, track: bool) -> Arc<Shared> {
        Arc::new(Shared {
            start: Instant::now(),
            sent_at: (0..cards).map(|_| AtomicU64::new(0)).collect(),
            sent_by: (0..cards).map(|_| AtomicU32::new(u32::MAX)).collect(),
            delivered: AtomicU64::new(0),
            card_ids: Mutex::default(),
            track,
            total: cards,
            complete: AtomicU64::new(0),
        })
    }

    fn now_ns(&self) -> u64 {
        u64::try_from(self.start.elapsed().as_nanos()).unwrap_or(u64::MAX)
    }
}

/// A card's text carries its number: `card 0000042 …`.
fn card_text(number: usize) -> String {
    format!("card {number:07} from the load generator, one of many ideas")
}

fn card_number(text: &str) -> Option<usize> {
    text.strip_prefix("card ")?.get(..7)?.parse().ok()
}

#[derive(Deserialize)]
struct Frame<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    seq: Option<i64>,
    #[serde(borrow)]
    event: Option<FrameEvent<'a>>,
    code: Option<&'a str>,
    participant: Option<i64>,
    resume_token: Option<String>,
    snapshot: Option<FrameSnapshot>,
}

#[derive(Deserialize)]
struct FrameEvent<'a> {
    kind: &'a str,
    card: Option<i64>,
    by: Option<i64>,
    #[serde(borrow)]
    text: Option<std::borrow::Cow<'a, str>>,
}

#[derive(Deserialize)]
struct FrameSnapshot {
    seq: i64,
    cards: Vec<SnapshotCard>,
}

#[derive(Deserialize)]
struct SnapshotCard {
    text: String,
}

enum Cmd {
    /// Send this card (by number).
    Post(usize),
    Vote(i64),
    /// A facilitator command.
    Raw(String),
    /// Stop reading (the slow consumer) until `Read`.
    Stall,
    /// Read what is there until the server closes the socket or 2 s pass in silence.
    Read,
    /// Drop the connection without a goodbye and hand back the state.
    Drop,
}

/// What a client knows and has measured; handed back when it ends.
#[derive(Default)]
struct Client {
    index: u32,
    participant: i64,
    token: String,
    last_seq: i64,
    /// Microseconds from post to this socket, per card received.
    deliveries: Vec<u32>,
    /// Microseconds from this client's own post or vote to its event.
    card_acks: Vec<u32>,
    vote_acks: Vec<u32>,
    acked_cards: Vec<usize>,
    acked_votes: Vec<i64>,
    errors: HashMap<String, u32>,
    /// Events received again (a `seq` at or below one already had).
    duplicates: u32,
    /// Card numbers known (with `Shared::track`), and whether all are.
    known: HashSet<usize>,
    complete: bool,
    closed_by_server: bool,
    vote_sent: Option<Instant>,
    /// Bytes of text frames received, in all and per frame type (count, bytes).
    bytes: u64,
    by_kind: HashMap<String, (u64, u64)>,
    /// When the welcome arrived (ns after `Shared::start`).
    welcomed_ns: u64,
}

impl Client {
    fn on_frame(&mut self, text: &str, shared: &Shared) {
        let Ok(frame) = serde_json::from_str::<Frame>(text) else {
            *self.errors.entry("unreadable frame".into()).or_default() += 1;
            return;
        };
        let size = text.len() as u64;
        self.bytes += size;
        match self.by_kind.get_mut(frame.kind) {
            Some((n, b)) => {
                *n += 1;
                *b += size;
            }
            None => {
                self.by_kind.insert(frame.kind.to_owned(), (1, size));
            }
        }
        match frame.kind {
            "event" => {
                // Events a participant may not see (others' hidden votes) leave gaps.
                let seq = frame.seq.unwrap_or(0);
                if self.last_seq > 0 && seq <= self.last_seq {
                    self.duplicates += 1;
                }
                self.last_seq = self.last_seq.max(seq);
                let Some(event) = frame.event else { return };
                match event.kind {
                    "card_added" => self.on_card(&event, shared),
                    "voted" if event.by == Some(self.participant) => {
                        if let Some(sent) = self.vote_sent.take() {
                            self.vote_acks.push(micros(sent.elapsed()));
                            self.acked_votes.extend(event.card);
                        }
                    }
                    _ => {}
                }
            }
            "welcome" => {
                self.welcomed_ns = shared.now_ns();
                self.participant = frame.participant.unwrap_or(0);
                self.token = frame.resume_token.unwrap_or_default();
                if let Some(snapshot) = frame.snapshot {
                    self.last_seq = snapshot.seq;
                    self.known = snapshot
                        .cards
                        .iter()
                        .filter_map(|c| card_number(&c.text))
                        .collect();
                    self.note_complete(shared);
                }
            }
            "board" => {
                if let Some(snapshot) = frame.snapshot {
                    self.last_seq = snapshot.seq;
                    if shared.track {
                        self.known
                            .extend(snapshot.cards.iter().filter_map(|c| card_number(&c.text)));
                        self.note_complete(shared);
                    }
                }
            }
            "error" => {
                *self
                    .errors
                    .entry(frame.code.unwrap_or("?").to_owned())
                    .or_default() += 1;
            }
            _ => {}
        }
    }

    fn on_card(&mut self, event: &FrameEvent, shared: &Shared) {
        let Some(number) = event.text.as_deref().and_then(card_number) else {
            return;
        };
        let Some(sent) = shared
            .sent_at
            .get(number)
            .map(|s| s.load(Ordering::Relaxed))
        else {
            return;
        };
        if shared.track {
            if !self.known.insert(number) {
                self.duplicates += 1;
                return;
            }
            self.note_complete(shared);
        }
        let latency =
            u32::try_from(shared.now_ns().saturating_sub(sent) / 1000).unwrap_or(u32::MAX);
        if sent > 0 {
            self.deliveries.push(latency);
            shared.delivered.fetch_add(1, Ordering::Relaxed);
        }
        if self.index == 0
            && let Some(card) = event.card
        {
            shared
                .card_ids
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(card);
        }
        if shared.sent_by[number].load(Ordering::Relaxed) == self.index {
            self.card_acks.push(latency);
            self.acked_cards.push(number);
        }
    }
}

impl Client {
    fn note_complete(&mut self, shared: &Shared) {
        if !self.complete && self.known.len() >= shared.total {
            self.complete = true;
            shared.complete.fetch_add(1, Ordering::Relaxed);
        }
    }
}

fn micros(d: Duration) -> u32 {
    u32::try_from(d.as_micros()).unwrap_or(u32::MAX)
}

fn hello(token: Option<&str>, name: &str, last_seq: Option<i64>) -> Message {
    Message::text(
        json!({"type": "hello", "version": 1, "code": "", "name": name,
               "resume_token": token, "last_seq": last_seq})
        .to_string(),
    )
}

/// Opens a WebSocket from `source` with small buffers (tungstenite reads into 128 KiB per
/// connection by default, which would make the generator the bottleneck).
async fn open(
    server: SocketAddr,
    source: IpAddr,
    code: &str,
    small_receive_buffer: bool,
) -> anyhow::Result<Socket> {
    let socket = tokio::net::TcpSocket::new_v4()?;
    socket.bind(SocketAddr::new(source, 0))?;
    if small_receive_buffer {
        socket.set_recv_buffer_size(4096)?;
    }
    let stream = socket.connect(server).await?;
    stream.set_nodelay(true)?;
    let config = WebSocketConfig::default()
        .read_buffer_size(4096)
        .write_buffer_size(0)
        .max_message_size(Some(16 << 20));
    let url = format!("ws://{server}/live/{code}");
    let (ws, _) = tokio_tungstenite::client_async_with_config(url, stream, Some(config)).await?;
    Ok(ws)
}

/// Connects, says `hello` and reads up to the welcome.
async fn join(
    server: SocketAddr,
    source: IpAddr,
    room: &RoomInfo,
    mut client: Client,
    greeting: Message,
    small_receive_buffer: bool,
    shared: &Shared,
) -> anyhow::Result<(Socket, Client)> {
    let mut ws = open(server, source, &room.code, small_receive_buffer).await?;
    ws.send(greeting).await?;
    loop {
        let frame = tokio::time::timeout(Duration::from_secs(30), ws.next())
            .await
            .context("no welcome within 30 s")?
            .context("closed before the welcome")??;
        if let Message::Text(text) = frame {
            let welcome = text.contains(r#""type":"welcome""#);
            client.on_frame(&text, shared);
            if welcome {
                return Ok((ws, client));
            }
            if text.contains(r#""type":"error""#) {
                bail!("refused: {text}");
            }
        }
    }
}

/// The client's life after the welcome: reads and measures, sends what it is told.
async fn run_client(
    mut ws: Socket,
    mut client: Client,
    mut commands: mpsc::UnboundedReceiver<Cmd>,
    shared: Arc<Shared>,
) -> Client {
    let mut stalled = false;
    loop {
        tokio::select! {
            frame = ws.next(), if !stalled => match frame {
                Some(Ok(Message::Text(text))) => client.on_frame(&text, &shared),
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => {
                    client.closed_by_server = true;
                    return client;
                }
                Some(Ok(_)) => {}
            },
            command = commands.recv() => {
                let frame = match command {
                    None | Some(Cmd::Drop) => return client,
                    Some(Cmd::Stall) => { stalled = true; continue }
                    Some(Cmd::Read) => {
                        read_out(&mut ws, &mut client, &shared).await;
                        return client;
                    }
                    Some(Cmd::Post(number)) => {
                        shared.sent_by[number].store(client.index, Ordering::Relaxed);
                        shared.sent_at[number].store(shared.now_ns().max(1), Ordering::Relaxed);
                        json!({"type": "add_card", "text": card_text(number)}).to_string()
                    }
                    Some(Cmd::Vote(card)) => {
                        client.vote_sent = Some(Instant::now());
                        json!({"type": "vote", "card": card}).to_string()
                    }
                    Some(Cmd::Raw(text)) => text,
                };
                if ws.send(Message::text(frame)).await.is_err() {
                    client.closed_by_server = true;
                    return client;
                }
            }
        }
    }
}

/// Reads until the server closes the socket or it has been silent for 2 s.
async fn read_out(ws: &mut Socket, client: &mut Client, shared: &Shared) {
    loop {
        match tokio::time::timeout(Duration::from_secs(2), ws.next()).await {
            Err(_) => return,
            Ok(Some(Ok(Message::Text(text)))) => client.on_frame(&text, shared),
            Ok(Some(Ok(_))) => {}
            Ok(_) => {
                client.closed_by_server = true;
                return;
            }
        }
    }
}

struct Handle {
    commands: mpsc::UnboundedSender<Cmd>,
    task: tokio::task::JoinHandle<Client>,
}

impl Handle {
    fn send(&self, command: Cmd) {
        let _ = self.commands.send(command);
    }

    async fn finish(self, command: Cmd) -> anyhow::Result<Client> {
        self.send(command);
        Ok(self.task.await?)
    }
}

fn spawn(ws: Socket, client: Client, shared: &Arc<Shared>) -> Handle {
    let (commands, receiver) = mpsc::unbounded_channel();
    let task = tokio::task::spawn_local(run_client(ws, client, receiver, shared.clone()));
    Handle { commands, task }
}

fn source_address(index: usize) -> IpAddr {
    let spread = u8::try_from(index / CLIENTS_PER_ADDRESS).unwrap_or(u8::MAX);
    IpAddr::V4(Ipv4Addr::new(127, 0, 0, 1 + spread))
}

/// `n` participants join, spread evenly over the server's rooms, `CONNECTING_AT_ONCE` at a
/// time. Returns them in joining order, with the time it took.
async fn fill(
    server: &Server,
    n: usize,
    shared: &Arc<Shared>,
) -> anyhow::Result<(Vec<Handle>, Duration)> {
    let started = Instant::now();
    let mut handles = Vec::with_capacity(n);
    let mut joining = futures_util::stream::iter((0..n).map(|i| {
        let room = server.rooms[i % server.rooms.len()].clone();
        let (addr, shared) = (server.addr, shared.clone());
        async move {
            let client = Client {
                index: u32::try_from(i).unwrap_or(u32::MAX),
                ..Client::default()
            };
            let greeting = hello(None, &format!("P{i}"), None);
            join(
                addr,
                source_address(i),
                &room,
                client,
                greeting,
                false,
                &shared,
            )
            .await
        }
    }))
    .buffered(CONNECTING_AT_ONCE);
    while let Some(joined) = joining.next().await {
        let (ws, client) = joined.context("a participant could not join")?;
        handles.push(spawn(ws, client, shared));
    }
    Ok((handles, started.elapsed()))
}

/// On Hverdag, the facilitator joins the first room (with its token) and moves it to `step`.
async fn facilitate(server: &Server, shared: &Arc<Shared>) -> anyhow::Result<Option<Handle>> {
    let facilitator = facilitator_of(server, shared, 0).await?;
    set_step(&facilitator.as_ref(), BRAINSTORM).await;
    Ok(facilitator)
}

/// On Hverdag, the facilitator of room `room` joins it (with its token).
async fn facilitator_of(
    server: &Server,
    shared: &Arc<Shared>,
    room: usize,
) -> anyhow::Result<Option<Handle>> {
    let room = &server.rooms[room];
    let Some(token) = &room.facilitator_token else {
        return Ok(None);
    };
    let client = Client {
        index: u32::MAX - 1,
        ..Client::default()
    };
    let greeting = hello(Some(token), "", None);
    let (ws, client) = join(
        server.addr,
        source_address(0),
        room,
        client,
        greeting,
        false,
        shared,
    )
    .await?;
    Ok(Some(spawn(ws, client, shared)))
}

async fn set_step(facilitator: &Option<&Handle>, step: usize) {
    if let Some(f) = facilitator {
        f.send(Cmd::Raw(
            json!({"type": "set_step", "step": step}).to_string(),
        ));
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

/// Posts `cards` cards at `rate` a second, round-robin over `posters`, starting at card
/// number `first`.
async fn post(posters: &[Handle], first: usize, cards: usize, rate: f64) {
    let mut tick = tokio::time::interval(Duration::from_secs_f64(1.0 / rate));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    for k in first..first + cards {
        tick.tick().await;
        posters[k % posters.len()].send(Cmd::Post(k));
    }
}

/// Waits until `expected` deliveries have arrived, or `DRAIN` has passed since the call.
async fn drain(shared: &Shared, expected: u64) {
    let deadline = Instant::now() + DRAIN;
    while shared.delivered.load(Ordering::Relaxed) < expected && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

// ---------------------------------------------------------------------------------------
// Figures

#[derive(Default)]
struct Row {
    scenario: &'static str,
    target: &'static str,
    clients: usize,
    rooms: usize,
    posts: usize,
    expected: u64,
    delivered: u64,
    latency: Vec<u32>,
    acks: Vec<u32>,
    vote_acks: Vec<u32>,
    errors: u32,
    rss_mib: f64,
    per_conn_kib: Option<f64>,
    server_cpu: f64,
    generator_cpu: f64,
    notes: Vec<String>,
    /// Join storms: what joining cost (see `storm`).
    storm: Option<storm::Figures>,
}

impl Row {
    fn absorb(&mut self, clients: &[Client]) {
        for c in clients {
            self.latency.extend(&c.deliveries);
            self.acks.extend(&c.card_acks);
            self.vote_acks.extend(&c.vote_acks);
            self.errors += c.errors.values().sum::<u32>();
        }
        let mut codes: HashMap<&str, u32> = HashMap::new();
        for c in clients {
            for (code, n) in &c.errors {
                *codes.entry(code).or_default() += n;
            }
        }
        if !codes.is_empty() {
            self.notes.push(format!("errors: {codes:?}"));
        }
        let duplicates: u32 = clients.iter().map(|c| c.duplicates).sum();
        if duplicates > 0 {
            self.notes
                .push(format!("{duplicates} events received twice"));
        }
        self.latency.sort_unstable();
        self.acks.sort_unstable();
        self.vote_acks.sort_unstable();
    }
}

fn pct(sorted: &[u32], q: f64) -> String {
    if sorted.is_empty() {
        return "-".into();
    }
    let at = ((sorted.len() - 1) as f64 * q).round() as usize;
    format!(
        "{:.1}",
        f64::from(sorted[at.min(sorted.len() - 1)]) / 1000.0
    )
}

fn p99_ms(sorted: &[u32]) -> Option<f64> {
    pct(sorted, 0.99).parse().ok()
}

fn print_header() {
    println!(
        "| scenario | server | clients | rooms | posts | delivered | p50 ms | p95 ms | p99 ms | max ms | ack p99 ms | vote ack p99 ms | errors | server RSS MiB | KiB/conn | server CPU % | generator CPU % |"
    );
    println!("|---|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
}

fn print_row(r: &Row) {
    println!(
        "| {} | {} | {} | {} | {} | {}/{} | {} | {} | {} | {} | {} | {} | {} | {:.0} | {} | {:.0} | {:.0} |",
        r.scenario,
        r.target,
        r.clients,
        r.rooms,
        r.posts,
        r.delivered,
        r.expected,
        pct(&r.latency, 0.50),
        pct(&r.latency, 0.95),
        pct(&r.latency, 0.99),
        pct(&r.latency, 1.0),
        pct(&r.acks, 0.99),
        pct(&r.vote_acks, 0.99),
        r.errors,
        r.rss_mib,
        r.per_conn_kib.map_or("-".into(), |k| format!("{k:.1}")),
        r.server_cpu,
        r.generator_cpu,
    );
    for note in &r.notes {
        eprintln!("    {} / {}: {note}", r.scenario, r.target);
    }
}

// ---------------------------------------------------------------------------------------
// Scenarios

struct Scale(f64);

impl Scale {
    fn n(&self, n: usize) -> usize {
        ((n as f64 * self.0).round() as usize).max(2)
    }
    fn secs(&self, s: f64) -> f64 {
        (s * self.0).max(2.0)
    }
}

async fn collect(handles: Vec<Handle>, command: fn() -> Cmd) -> anyhow::Result<Vec<Client>> {
    let mut clients = Vec::with_capacity(handles.len());
    for h in handles {
        clients.push(h.finish(command()).await?);
    }
    Ok(clients)
}

/// A room of `n` under a steady stream of cards (and, with `votes`, a vote burst after).
async fn broadcast(
    scenario: &'static str,
    target: Target,
    n: usize,
    rate: f64,
    seconds: f64,
    votes: usize,
) -> anyhow::Result<Row> {
    let server = start(target, 1, n).await?;
    let posts = (rate * seconds).round() as usize;
    let shared = Shared::new(posts, false);
    let facilitator = facilitate(&server, &shared).await?;
    let (handles, _) = fill(&server, n, &shared).await?;
    // Let the joins' presence announcements settle.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let receivers = (n + usize::from(facilitator.is_some())) as u64;
    let cpu = CpuMeter::start(&server);
    post(&handles, 0, posts, rate).await;
    drain(&shared, posts as u64 * receivers).await;
    let (server_cpu, generator_cpu) = cpu.read();
    if votes > 0 {
        set_step(&facilitator.as_ref(), VOTE).await;
        let ids = shared
            .card_ids
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        let mut tick = tokio::time::interval(Duration::from_secs_f64(10.0 / votes as f64));
        for (v, voter) in handles.iter().take(votes).enumerate() {
            tick.tick().await;
            if let Some(card) = ids.get((v * 7919) % ids.len().max(1)) {
                voter.send(Cmd::Vote(*card));
            }
        }
        tokio::time::sleep(Duration::from_secs(3)).await;
    }
    let rss_mib = rss_kib(server.child.id()) / 1024.0;
    let mut clients = collect(handles, || Cmd::Drop).await?;
    if let Some(f) = facilitator {
        clients.push(f.finish(Cmd::Drop).await?);
    }
    let mut row = Row {
        scenario,
        target: target.name(),
        clients: n,
        rooms: 1,
        posts,
        expected: posts as u64 * receivers,
        delivered: shared.delivered.load(Ordering::Relaxed),
        rss_mib,
        server_cpu,
        generator_cpu,
        ..Row::default()
    };
    row.absorb(&clients);
    if target == Target::Hverdag {
        row.notes.push(verify_stored(&server, &clients).await?);
    }
    Ok(row)
}

/// Checks that every card and vote a client saw acknowledged is in the stored log, and that
/// the log's `seq` runs 1, 2, 3, … without gaps.
async fn verify_stored(server: &Server, clients: &[Client]) -> anyhow::Result<String> {
    let Some((_, db)) = &server.data else {
        return Ok(String::new());
    };
    let (db, workshop) = (db.clone(), server.rooms[0].workshop);
    let log = tokio::task::spawn_blocking(move || {
        let mut conn = db.conn()?;
        workshops::events_since(&mut conn, workshop, 0).map_err(anyhow::Error::from)
    })
    .await??;
    let gapless = log
        .iter()
        .enumerate()
        .all(|(i, (seq, _))| *seq == i as i64 + 1);
    let mut cards = HashSet::new();
    let mut votes = HashSet::new();
    for (_, event) in &log {
        match event {
            Event::CardAdded { text, .. } => {
                cards.extend(card_number(text));
            }
            Event::Voted { card, by } => {
                votes.insert((*by, *card));
            }
            _ => {}
        }
    }
    let acked_cards: usize = clients.iter().map(|c| c.acked_cards.len()).sum();
    let acked_votes: usize = clients.iter().map(|c| c.acked_votes.len()).sum();
    let lost_cards = clients
        .iter()
        .flat_map(|c| &c.acked_cards)
        .filter(|n| !cards.contains(n))
        .count();
    let lost_votes = clients
        .iter()
        .flat_map(|c| c.acked_votes.iter().map(|card| (c.participant, *card)))
        .filter(|v| !votes.contains(v))
        .count();
    Ok(format!(
        "stored log: {} events, seq gapless: {gapless}; acknowledged {acked_cards} cards and \
         {acked_votes} votes, of which missing from the log: {lost_cards} cards, {lost_votes} votes",
        log.len()
    ))
}

/// Many rooms of idle connections: what each connection costs the server.
async fn idle(target: Target, n: usize, rooms: usize) -> anyhow::Result<Row> {
    let server = start(target, rooms, n / rooms + 1).await?;
    let shared = Shared::new(0, false);
    tokio::time::sleep(Duration::from_secs(1)).await;
    let before = rss_kib(server.child.id());
    let (handles, took) = fill(&server, n, &shared).await?;
    tokio::time::sleep(Duration::from_secs(10)).await;
    let cpu = CpuMeter::start(&server);
    tokio::time::sleep(Duration::from_secs(5)).await;
    let (server_cpu, generator_cpu) = cpu.read();
    let after = rss_kib(server.child.id());
    let clients = collect(handles, || Cmd::Drop).await?;
    let mut row = Row {
        scenario: "idle",
        target: target.name(),
        clients: n,
        rooms,
        rss_mib: after / 1024.0,
        per_conn_kib: Some((after - before) / n as f64),
        server_cpu,
        generator_cpu,
        ..Row::default()
    };
    row.absorb(&clients);
    row.notes.push(format!(
        "{n} joined in {:.1} s; RSS {:.1} MiB before, {:.1} MiB with them",
        took.as_secs_f64(),
        before / 1024.0,
        after / 1024.0
    ));
    Ok(row)
}

/// Everyone drops and comes back within `storm` while cards keep coming.
async fn reconnect(n: usize, storm: Duration) -> anyhow::Result<Row> {
    let server = start(Target::Hverdag, 1, n).await?;
    let (before, during) = (300, (storm.as_secs_f64() * 10.0) as usize);
    let shared = Shared::new(before + during, true);
    let facilitator = facilitate(&server, &shared).await?;
    let (mut handles, _) = fill(&server, n, &shared).await?;
    tokio::time::sleep(Duration::from_secs(2)).await;
    post(&handles, 0, before, 50.0).await;
    drain(&shared, (before * (n + 1)) as u64).await;

    // The storm: each drops and resumes at its moment; a few keep posting meanwhile.
    let started = Instant::now();
    let room = server.rooms[0].clone();
    let posting = {
        let posters: Vec<Handle> = handles.drain(..10.min(n)).collect();
        tokio::task::spawn_local(async move {
            post(&posters, before, during, 10.0).await;
            posters
        })
    };
    let returning = futures_util::stream::iter(handles.into_iter().enumerate().map(|(i, h)| {
        let (room, shared, addr) = (room.clone(), shared.clone(), server.addr);
        let at = storm.mul_f64(i as f64 / n as f64);
        async move {
            tokio::time::sleep_until((started + at).into()).await;
            let mut client = h.finish(Cmd::Drop).await?;
            let (token, last_seq) = (client.token.clone(), client.last_seq);
            client.closed_by_server = false;
            let greeting = hello(Some(&token), "", Some(last_seq));
            let (ws, client) = join(
                addr,
                source_address(i),
                &room,
                client,
                greeting,
                false,
                &shared,
            )
            .await?;
            anyhow::Ok(spawn(ws, client, &shared))
        }
    }))
    .buffer_unordered(n.max(1));
    let mut handles: Vec<Handle> = returning
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect::<anyhow::Result<_>>()?;
    handles.extend(posting.await?);
    let total = before + during;
    let everyone = handles.len() as u64 + u64::from(facilitator.is_some());
    let deadline = started + Duration::from_secs(30);
    while shared.complete.load(Ordering::Relaxed) < everyone && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let resynced_in = started.elapsed();
    let clients = collect(handles, || Cmd::Drop).await?;
    let complete = clients.iter().filter(|c| c.known.len() == total).count();
    let missing: usize = clients
        .iter()
        .map(|c| total.saturating_sub(c.known.len()))
        .sum();
    let mut row = Row {
        scenario: "reconnect",
        target: "hverdag",
        clients: n,
        rooms: 1,
        posts: total,
        rss_mib: rss_kib(server.child.id()) / 1024.0,
        ..Row::default()
    };
    row.absorb(&clients);
    row.notes.push(format!(
        "all {n} dropped and resumed within {:.1} s; {complete} of {} know all {total} cards \
         {:.1} s after the storm began ({missing} cards missing in all)",
        storm.as_secs_f64(),
        clients.len(),
        resynced_in.as_secs_f64()
    ));
    if let Some(f) = facilitator {
        f.finish(Cmd::Drop).await?;
    }
    Ok(row)
}

/// `n` at `rate` cards a second, with one more participant that stops reading (or not).
async fn slow(n: usize, rate: f64, seconds: f64, with_slow: bool) -> anyhow::Result<Row> {
    let server = start(Target::Hverdag, 1, n + 1).await?;
    let posts = (rate * seconds) as usize;
    let shared = Shared::new(posts, false);
    let facilitator = facilitate(&server, &shared).await?;
    let (handles, _) = fill(&server, n, &shared).await?;
    let room = server.rooms[0].clone();
    let laggard = if with_slow {
        let client = Client {
            index: u32::MAX - 2,
            ..Client::default()
        };
        let greeting = hello(None, "Slow", None);
        let (ws, client) = join(
            server.addr,
            source_address(0),
            &room,
            client,
            greeting,
            true,
            &shared,
        )
        .await?;
        let handle = spawn(ws, client, &shared);
        handle.send(Cmd::Stall);
        Some(handle)
    } else {
        None
    };
    tokio::time::sleep(Duration::from_secs(2)).await;
    let cpu = CpuMeter::start(&server);
    post(&handles, 0, posts, rate).await;
    drain(&shared, (posts * (n + 1)) as u64).await;
    let (server_cpu, generator_cpu) = cpu.read();
    let mut notes = Vec::new();
    if let Some(laggard) = laggard {
        let stalled = laggard.finish(Cmd::Read).await?;
        notes.push(format!(
            "the reader that stopped was {} after {} cards",
            if stalled.closed_by_server {
                "disconnected by the server"
            } else {
                "NOT disconnected"
            },
            stalled.deliveries.len()
        ));
        let greeting = hello(Some(&stalled.token), "", Some(stalled.last_seq));
        let back = Client {
            index: stalled.index,
            last_seq: stalled.last_seq,
            ..Client::default()
        };
        let (ws, back) = join(
            server.addr,
            source_address(0),
            &room,
            back,
            greeting,
            false,
            &shared,
        )
        .await?;
        let resumed = spawn(ws, back, &shared).finish(Cmd::Read).await?;
        notes.push(format!(
            "it resumed with its token from seq {} and caught up to seq {} ({posts} cards and \
             the step change were sent)",
            stalled.last_seq, resumed.last_seq
        ));
    }
    let mut clients = collect(handles, || Cmd::Drop).await?;
    if let Some(f) = facilitator {
        clients.push(f.finish(Cmd::Drop).await?);
    }
    let mut row = Row {
        scenario: if with_slow {
            "slow (one stops reading)"
        } else {
            "slow (control)"
        },
        target: "hverdag",
        clients: n,
        rooms: 1,
        posts,
        expected: (posts * (n + 1)) as u64,
        delivered: shared.delivered.load(Ordering::Relaxed),
        rss_mib: rss_kib(server.child.id()) / 1024.0,
        server_cpu,
        generator_cpu,
        notes,
        ..Row::default()
    };
    row.absorb(&clients);
    Ok(row)
}

// ---------------------------------------------------------------------------------------
// The baseline actix-ws server (this program with HVERDAG_LOAD_BASELINE_PORT set)

mod baseline {
    use std::collections::HashMap;
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicI64, Ordering};

    use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
    use actix_ws::AggregatedMessage;
    use bytestring::ByteString;
    use futures_util::StreamExt;
    use serde_json::{Value, json};
    use tokio::sync::broadcast;

    #[derive(Default)]
    struct Rooms(Mutex<HashMap<String, broadcast::Sender<ByteString>>>);

    static SEQ: AtomicI64 = AtomicI64::new(0);
    static PARTICIPANT: AtomicI64 = AtomicI64::new(0);

    async fn live(
        req: HttpRequest,
        body: web::Payload,
        rooms: web::Data<Rooms>,
        code: web::Path<String>,
    ) -> actix_web::Result<HttpResponse> {
        let (response, mut session, stream) = actix_ws::handle(&req, body)?;
        let tx = rooms
            .0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .entry(code.into_inner())
            .or_insert_with(|| broadcast::channel(1024).0)
            .clone();
        let mut rx = tx.subscribe();
        let mut stream = stream.aggregate_continuations();
        let me = PARTICIPANT.fetch_add(1, Ordering::Relaxed) + 1;
        actix_web::rt::spawn(async move {
            loop {
                tokio::select! {
                    frame = stream.next() => {
                        let Some(Ok(AggregatedMessage::Text(text))) = frame else { break };
                        let Ok(message) = serde_json::from_str::<Value>(&text) else { continue };
                        let event = match message["type"].as_str() {
                            Some("hello") => {
                                let welcome = json!({"type": "welcome", "version": 1, "participant": me,
                                                     "resume_token": "", "snapshot": null});
                                if session.text(welcome.to_string()).await.is_err() { break }
                                continue;
                            }
                            Some("add_card") => json!({"kind": "card_added", "card": 0, "by": me, "text": message["text"]}),
                            Some("vote") => json!({"kind": "voted", "card": message["card"], "by": me}),
                            _ => continue,
                        };
                        let seq = SEQ.fetch_add(1, Ordering::Relaxed) + 1;
                        let frame = json!({"type": "event", "seq": seq, "event": event}).to_string();
                        let _ = tx.send(ByteString::from(frame));
                    }
                    signal = rx.recv() => {
                        let Ok(frame) = signal else { break };
                        if session.text(frame).await.is_err() { break }
                    }
                }
            }
            let _ = session.close(None).await;
        });
        Ok(response)
    }

    pub fn serve(port: u16) -> std::io::Result<()> {
        let rooms = web::Data::new(Rooms::default());
        actix_web::rt::System::new().block_on(
            HttpServer::new(move || {
                App::new()
                    .app_data(rooms.clone())
                    .route("/live/{code}", web::get().to(live))
            })
            .tcp_nodelay(true)
            .bind(("127.0.0.1", port))?
            .run(),
        )
    }
}

// ---------------------------------------------------------------------------------------

fn env_list(name: &str, default: &[&str]) -> Vec<String> {
    match std::env::var(name) {
        Ok(v) if !v.trim().is_empty() => v.split(',').map(|s| s.trim().to_owned()).collect(),
        _ => default.iter().map(|s| (*s).to_owned()).collect(),
    }
}

async fn bench() -> anyhow::Result<()> {
    let scale = Scale(
        std::env::var("HVERDAG_LOAD_SCALE")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(1.0),
    );
    let scenarios = env_list(
        "HVERDAG_LOAD_SCENARIOS",
        &[
            "kickoff",
            "big",
            "storm",
            "huge",
            "idle",
            "reconnect",
            "slow",
        ],
    );
    let targets: Vec<Target> = env_list("HVERDAG_LOAD_TARGETS", &["hverdag", "actix", "node"])
        .iter()
        .map(|t| match t.as_str() {
            "hverdag" => Ok(Target::Hverdag),
            "actix" => Ok(Target::Actix),
            "node" => Ok(Target::Node),
            other => bail!("HVERDAG_LOAD_TARGETS: unknown server {other:?}"),
        })
        .collect::<anyhow::Result<_>>()?;
    println!(
        "load: {} CPUs, {}; generator on one thread, same machine; scale {}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        chrono::Utc::now().format("%Y-%m-%d %H:%M UTC"),
        scale.0
    );
    print_header();
    let mut rows: Vec<Row> = Vec::new();
    for scenario in &scenarios {
        for &target in &targets {
            let row = match scenario.as_str() {
                "kickoff" => {
                    let n = scale.n(1000);
                    broadcast("kickoff", target, n, 50.0, scale.secs(60.0), n).await?
                }
                "big" => broadcast("big", target, scale.n(5000), 10.0, scale.secs(30.0), 0).await?,
                "storm" => storm::run("storm", target, scale.n(5000), 1000.0, 10.0).await?,
                "huge" => storm::run("huge", target, scale.n(10_000), 500.0, 10.0).await?,
                "idle" => idle(target, scale.n(10_000), scale.n(100)).await?,
                "reconnect" if target == Target::Hverdag => {
                    reconnect(scale.n(1000), Duration::from_secs(5)).await?
                }
                "slow" if target == Target::Hverdag => {
                    let (n, secs) = (scale.n(200), scale.secs(30.0));
                    let control = slow(n, 50.0, secs, false).await?;
                    print_row(&control);
                    rows.push(control);
                    slow(n, 50.0, secs, true).await?
                }
                "resume" if target == Target::Hverdag => resume::run(scale.n(100_000)).await?,
                "pool" if target == Target::Hverdag => {
                    let (rooms, secs) = (scale.n(200), scale.secs(20.0));
                    let calm = pool::run("pool", rooms, 25, 1.0, secs).await?;
                    print_row(&calm);
                    rows.push(calm);
                    pool::run("pool (5 cards/s a room)", rooms, 25, 5.0, secs).await?
                }
                "reconnect" | "slow" | "resume" | "pool" => continue,
                other => bail!("HVERDAG_LOAD_SCENARIOS: unknown scenario {other:?}"),
            };
            print_row(&row);
            rows.push(row);
        }
    }
    print_ratios(&rows);
    Ok(())
}

/// Hverdag against each baseline, per scenario both ran.
fn print_ratios(rows: &[Row]) {
    let find = |scenario: &str, target: Target| {
        rows.iter()
            .find(|r| r.scenario == scenario && r.target == target.name())
    };
    println!();
    println!(
        "| scenario | Hverdag p99 ÷ actix-ws p99 | Hverdag p99 ÷ node ws p99 | Hverdag KiB/conn ÷ actix-ws | Hverdag KiB/conn ÷ node ws |"
    );
    println!("|---|---:|---:|---:|---:|");
    for scenario in ["kickoff", "big", "storm", "huge", "idle"] {
        let Some(h) = find(scenario, Target::Hverdag) else {
            continue;
        };
        let ratio =
            |base: Option<&Row>, of: fn(&Row) -> Option<f64>| match (of(h), base.and_then(of)) {
                (Some(a), Some(b)) if b > 0.0 => format!("{:.2}", a / b),
                _ => "-".into(),
            };
        let (a, n) = (find(scenario, Target::Actix), find(scenario, Target::Node));
        println!(
            "| {scenario} | {} | {} | {} | {} |",
            ratio(a, |r| p99_ms(&r.latency)),
            ratio(n, |r| p99_ms(&r.latency)),
            ratio(a, |r| r.per_conn_kib),
            ratio(n, |r| r.per_conn_kib),
        );
    }
    storm::print(rows);
}

#[path = "load/pool.rs"]
mod pool;
#[path = "load/resume.rs"]
mod resume;
#[path = "load/storm.rs"]
mod storm;

fn main() -> anyhow::Result<()> {
    if let Some(port) = std::env::var("HVERDAG_LOAD_BASELINE_PORT")
        .ok()
        .and_then(|p| p.parse().ok())
    {
        return Ok(baseline::serve(port)?);
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    tokio::task::LocalSet::new().block_on(&runtime, bench())
}
