//! Load benchmark for a live workshop room: the real server, in this process, on a fresh SQLite
//! file, with N participants on real WebSocket connections.
//!
//! ```text
//! cargo bench --bench live_room
//! HVERDAG_BENCH_PARTICIPANTS=500 cargo bench --bench live_room
//! HVERDAG_BENCH_PARTICIPANTS=10,20 HVERDAG_BENCH_CARDS=50 cargo bench --bench live_room
//! ```
//!
//! - `HVERDAG_BENCH_PARTICIPANTS`: one count or a comma-separated ladder (default
//!   `25,50,100,200`).
//! - `HVERDAG_BENCH_CARDS`: cards posted per rung (default 100), round-robin over the
//!   participants.
//! - `HVERDAG_BENCH_INTERVAL_MS`: time between two cards (default 20; stretched so that no
//!   participant sends more than about 6 messages a second, well under the server's limit of
//!   10 a second per connection).
//!
//! Per rung: a new workshop; the participants connect at once and say `hello` (time to
//! connect all, joins/s); the facilitator (joined through the domain, resumed over WebSocket
//! with its token) moves to the brainstorm step; then the cards go out and, for each, the
//! fan-out latency is the time from sending `add_card` until every socket in the room (the
//! participants and the facilitator) has received its `event` frame, matched by the card's
//! unique text. RSS is this whole process (server and clients) from `/proc/self/status`.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use futures_util::stream::{SplitSink, SplitStream};
use futures_util::{SinkExt, StreamExt};
use hverdag::db::{Db, write_tx};
use hverdag::domain::people::{PersonInput, Role};
use hverdag::domain::{Locale, org, people, workshops};
use hverdag::live::room::Agenda;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;
type Sink = SplitSink<Socket, Message>;
type Stream = SplitStream<Socket>;

const DEFAULT_LADDER: &[usize] = &[25, 50, 100, 200];
/// The brainstorm step of `Agenda::standard()`.
const BRAINSTORM: usize = 2;
/// Each participant sends at most one card per this period.
const PER_PARTICIPANT_SPACING: Duration = Duration::from_millis(160);
/// How long to wait for a frame before giving up on a socket.
const SILENCE: Duration = Duration::from_secs(20);

fn env_number<T: std::str::FromStr>(name: &str, default: T) -> anyhow::Result<T> {
    match std::env::var(name) {
        Ok(v) if !v.trim().is_empty() => v
            .trim()
            .parse()
            .map_err(|_| anyhow::anyhow!("{name}={v} is not a number")),
        _ => Ok(default),
    }
}

fn ladder() -> anyhow::Result<Vec<usize>> {
    match std::env::var("HVERDAG_BENCH_PARTICIPANTS") {
        Ok(v) if !v.trim().is_empty() => v
            .split(',')
            .map(|n| {
                n.trim()
                    .parse::<usize>()
                    .ok()
                    .filter(|n| *n > 0)
                    .with_context(|| format!("HVERDAG_BENCH_PARTICIPANTS: {n:?}"))
            })
            .collect(),
        _ => Ok(DEFAULT_LADDER.to_vec()),
    }
}

/// Resident set size of this process, in MiB.
fn rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kib| kib / 1024.0)
}

fn percentile(sorted: &[Duration], q: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let at = ((sorted.len() - 1) as f64 * q).round() as usize;
    sorted[at.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn hello(name: &str, token: Option<&str>) -> Message {
    Message::text(
        json!({"type": "hello", "version": 1, "code": "", "name": name,
               "resume_token": token, "last_seq": null})
        .to_string(),
    )
}

/// The next text frame as JSON.
async fn next_json(stream: &mut Stream) -> anyhow::Result<Value> {
    loop {
        let frame = tokio::time::timeout(SILENCE, stream.next())
            .await
            .context("no frame in time")?
            .context("the server closed the socket")??;
        if let Message::Text(text) = frame {
            return Ok(serde_json::from_str(&text)?);
        }
    }
}

/// Connects, says `hello` and waits for `welcome`.
async fn join(port: u16, code: &str, greeting: Message) -> anyhow::Result<(Sink, Stream)> {
    let url = format!("ws://127.0.0.1:{port}/live/{code}");
    let (socket, _) = tokio_tungstenite::connect_async(url).await?;
    let (mut sink, mut stream) = socket.split();
    sink.send(greeting).await?;
    let welcome = next_json(&mut stream).await?;
    if welcome["type"] != "welcome" {
        bail!("expected a welcome, got {welcome}");
    }
    Ok((sink, stream))
}

/// A new organisation, facilitator and workshop; returns the join code and the
/// facilitator's resume token.
fn seed(db: &Db, rung: usize) -> anyhow::Result<(String, String)> {
    let mut conn = db.conn()?;
    let seeded = write_tx(&mut conn, |c| {
        let slug = format!("bench{rung}");
        let o = org::create(
            c,
            &org::NewOrg {
                name: format!("Bench {rung}"),
                slug,
                locale: Locale::En,
                time_zone: "Europe/Oslo".into(),
            },
        )?;
        let per = people::create(
            c,
            o.id,
            &PersonInput {
                name: "Per".into(),
                email: format!("per{rung}@bench.example"),
                locale: Locale::En,
                roles: vec![Role::Facilitator],
            },
            None,
        )?;
        let w = workshops::create(
            c,
            o.id,
            per.row.id,
            "Load test",
            Locale::En,
            &Agenda::standard(),
            None,
        )?;
        let (_, token) = workshops::join(c, &w, "Per", Some(per.row.id), true)?;
        Ok::<_, hverdag::domain::Error>((w.join_code, token))
    })?;
    Ok(seeded)
}

/// What one socket heard during the card phase.
struct Heard {
    /// Card text and when its `event` frame arrived.
    cards: Vec<(String, Instant)>,
    errors: usize,
    /// Whether the seqs it saw were 1 apart each.
    gapless: bool,
}

/// Reads until `expected` cards have arrived (or the socket goes quiet).
async fn listen(mut stream: Stream, expected: usize) -> (Heard, Stream) {
    let mut heard = Heard {
        cards: Vec::with_capacity(expected),
        errors: 0,
        gapless: true,
    };
    let mut last_seq: Option<i64> = None;
    while heard.cards.len() < expected {
        let Ok(frame) = next_json(&mut stream).await else {
            break;
        };
        let at = Instant::now();
        match frame["type"].as_str() {
            Some("event") => {
                let seq = frame["seq"].as_i64().unwrap_or(-1);
                if last_seq.is_some_and(|last| seq != last + 1) {
                    heard.gapless = false;
                }
                last_seq = Some(seq);
                if frame["event"]["kind"] == "card_added"
                    && let Some(text) = frame["event"]["text"].as_str()
                {
                    heard.cards.push((text.to_owned(), at));
                }
            }
            Some("error") => heard.errors += 1,
            _ => {}
        }
    }
    (heard, stream)
}

struct Figures {
    participants: usize,
    connect: Duration,
    events: usize,
    delivered: usize,
    latencies: Vec<Duration>,
    firsts: Vec<Duration>,
    errors: usize,
    gaps: usize,
    post: Duration,
    rss_before: f64,
    rss_after: f64,
}

async fn rung(
    port: u16,
    db: &Db,
    n: usize,
    cards: usize,
    interval: Duration,
) -> anyhow::Result<Figures> {
    let rss_before = rss_mib();
    let (code, facilitator_token) = {
        let db = db.clone();
        tokio::task::spawn_blocking(move || seed(&db, n)).await??
    };

    // Everyone connects at once.
    let started = Instant::now();
    let joins: Vec<_> = (0..n)
        .map(|i| {
            let code = code.clone();
            tokio::spawn(async move { join(port, &code, hello(&format!("P{i}"), None)).await })
        })
        .collect();
    let mut sinks = Vec::with_capacity(n + 1);
    let mut streams = Vec::with_capacity(n + 1);
    for j in joins {
        let (sink, stream) = j.await?.context("a participant could not join")?;
        sinks.push(sink);
        streams.push(stream);
    }
    let connect = started.elapsed();

    // The facilitator resumes over WebSocket and opens the brainstorm.
    let (mut fac_sink, fac_stream) = join(port, &code, hello("", Some(&facilitator_token))).await?;
    streams.push(fac_stream);
    fac_sink
        .send(Message::text(
            json!({"type": "set_step", "step": BRAINSTORM}).to_string(),
        ))
        .await?;
    for stream in &mut streams {
        loop {
            let frame = next_json(stream).await?;
            match frame["type"].as_str() {
                Some("event") if frame["event"]["kind"] == "step_set" => break,
                Some("presence") | Some("pong") => {}
                _ => bail!("expected the step change, got {frame}"),
            }
        }
    }

    // Stay under the per-connection limit and the per-participant card cap.
    let cards = cards.min(n * hverdag::live::room::MAX_CARDS_PER_PARTICIPANT);
    let interval = interval.max(PER_PARTICIPANT_SPACING / u32::try_from(n).unwrap_or(u32::MAX));
    let listeners: Vec<_> = streams
        .into_iter()
        .map(|s| tokio::spawn(listen(s, cards)))
        .collect();
    let mut sent: HashMap<String, Instant> = HashMap::with_capacity(cards);
    let mut tick = tokio::time::interval(interval);
    let posting = Instant::now();
    for i in 0..cards {
        tick.tick().await;
        let text = format!("n{n} card {i} from P{}", i % n);
        let frame = Message::text(json!({"type": "add_card", "text": text}).to_string());
        sent.insert(text, Instant::now());
        sinks[i % n].send(frame).await?;
    }
    let post = posting.elapsed();

    let mut arrivals: HashMap<String, Vec<Instant>> = HashMap::with_capacity(cards);
    let mut errors = 0;
    let mut gaps = 0;
    let mut streams = Vec::with_capacity(listeners.len());
    let receivers = listeners.len();
    for l in listeners {
        let (heard, stream) = l.await?;
        errors += heard.errors;
        gaps += usize::from(!heard.gapless);
        for (text, at) in heard.cards {
            arrivals.entry(text).or_default().push(at);
        }
        streams.push(stream);
    }
    let rss_after = rss_mib();

    let mut latencies: Vec<Duration> = sent
        .iter()
        .filter_map(|(text, at)| {
            let got = arrivals.get(text).filter(|got| got.len() == receivers)?;
            got.iter().max().map(|last| *last - *at)
        })
        .collect();
    latencies.sort();
    // Until the first socket has it: storing plus one delivery, without the fan-out.
    let mut firsts: Vec<Duration> = sent
        .iter()
        .filter_map(|(text, at)| Some(*arrivals.get(text)?.iter().min()? - *at))
        .collect();
    firsts.sort();

    // Leave the room.
    sinks.push(fac_sink);
    for (mut sink, stream) in sinks.into_iter().zip(streams) {
        let _ = sink.close().await;
        drop(stream);
    }

    Ok(Figures {
        participants: n,
        connect,
        events: cards,
        delivered: latencies.len(),
        latencies,
        firsts,
        errors,
        gaps,
        post,
        rss_before,
        rss_after,
    })
}

async fn bench() -> anyhow::Result<()> {
    let ladder = ladder()?;
    let cards: usize = env_number("HVERDAG_BENCH_CARDS", 100)?;
    let interval = Duration::from_millis(env_number("HVERDAG_BENCH_INTERVAL_MS", 20)?);

    let dir = tempfile::tempdir()?;
    let config = hverdag::Config::for_data_dir(dir.path());
    let rss_start = rss_mib();
    let app = hverdag::Application::build(&config, "127.0.0.1:0").await?;
    let port = app.port();
    let server = app.handle();
    tokio::spawn(app.run_until_stopped());
    let url = config.database_url();
    let db = tokio::task::spawn_blocking(move || Db::open(&url, 2)).await??;

    println!(
        "live_room: SQLite in {}, {} CPUs, {cards} cards per rung, one every {} ms or slower; \
         RSS at start {rss_start:.1} MiB, with the server up {:.1} MiB",
        dir.path().display(),
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        interval.as_millis(),
        rss_mib(),
    );
    println!(
        "{:>12} {:>10} {:>8} {:>7} {:>9} {:>8} {:>8} {:>8} {:>7} {:>5} {:>11} {:>10}",
        "participants",
        "connect_ms",
        "joins/s",
        "events",
        "delivered",
        "p50_ms",
        "p95_ms",
        "max_ms",
        "errors",
        "gaps",
        "rss_before",
        "rss_after"
    );
    for n in ladder {
        let f = rung(port, &db, n, cards, interval).await?;
        println!(
            "{:>12} {:>10.0} {:>8.0} {:>7} {:>9} {:>8.1} {:>8.1} {:>8.1} {:>7} {:>5} {:>7.1} MiB {:>6.1} MiB",
            f.participants,
            ms(f.connect),
            f.participants as f64 / f.connect.as_secs_f64(),
            f.events,
            f.delivered,
            ms(percentile(&f.latencies, 0.50)),
            ms(percentile(&f.latencies, 0.95)),
            ms(f.latencies.last().copied().unwrap_or_default()),
            f.errors,
            f.gaps,
            f.rss_before,
            f.rss_after,
        );
        println!(
            "{:>12} (posting took {:.0} ms; first socket p50 {:.1} ms, p95 {:.1} ms; \
             {} frames fanned out to {} sockets)",
            "",
            ms(f.post),
            ms(percentile(&f.firsts, 0.50)),
            ms(percentile(&f.firsts, 0.95)),
            f.events * (f.participants + 1),
            f.participants + 1
        );
        // Let the server notice the closed sockets before the next rung.
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    server.stop(false).await;
    Ok(())
}

fn main() -> anyhow::Result<()> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?
        .block_on(bench())
}
