//! Join storms: everyone scans the QR code at the same moment. Participants join one room at
//! a steady rate while ten who joined before post cards; measured are card delivery (to
//! whoever is in the room when a card is sent), join time (connect → welcome), what each
//! joiner receives (bytes, per frame type), cards lost, and memory per connection.

use std::collections::HashMap;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use futures_util::StreamExt;

use super::{
    Client, Cmd, CpuMeter, Handle, Row, Shared, Target, collect, facilitate, fill, hello, join,
    micros, pct, post, rss_kib, source_address, spawn, start,
};

/// Participants in the room before the storm, who post the cards.
const POSTERS: usize = 10;
/// Cards go on being posted this long after the last join.
const TAIL: Duration = Duration::from_secs(3);

/// What a storm cost, beside the delivery figures of the row.
pub struct Figures {
    /// Join times in microseconds, sorted.
    joins: Vec<u32>,
    joiners: usize,
    /// Bytes received by the joiners, in all and in their welcomes.
    bytes: u64,
    welcome_bytes: u64,
    /// Per frame type: frames and bytes received by the joiners.
    by_kind: Vec<(String, u64, u64)>,
    /// Cards sent after a client's welcome that never reached it, as an event or in a board.
    lost: u64,
}

impl Figures {
    fn kib_per_joiner(&self) -> f64 {
        self.bytes as f64 / 1024.0 / self.joiners.max(1) as f64
    }

    fn card_frame_bytes(&self) -> Option<f64> {
        self.by_kind
            .iter()
            .find(|(kind, ..)| kind == "event")
            .map(|(_, n, bytes)| *bytes as f64 / (*n).max(1) as f64)
    }
}

/// `n` join at `join_rate` a second while `card_rate` cards a second are posted.
pub async fn run(
    scenario: &'static str,
    target: Target,
    n: usize,
    join_rate: f64,
    card_rate: f64,
) -> anyhow::Result<Row> {
    let server = start(target, 1, n + POSTERS).await?;
    let joining = Duration::from_secs_f64(n as f64 / join_rate);
    let posts = (card_rate * (joining + TAIL).as_secs_f64()).round() as usize;
    // Clients keep the cards they know (from events, welcomes and boards), to count losses.
    let shared = Shared::new(posts, true);
    let facilitator = facilitate(&server, &shared).await?;
    let (posters, _) = fill(&server, POSTERS, &shared).await?;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let rss_before = rss_kib(server.child.id());
    let cpu = CpuMeter::start(&server);
    let started = Instant::now();
    let room = server.rooms[0].clone();
    let joins = futures_util::stream::iter((0..n).map(|i| {
        let (room, shared, addr) = (room.clone(), shared.clone(), server.addr);
        let at = started + Duration::from_secs_f64(i as f64 / join_rate);
        async move {
            tokio::time::sleep_until(at.into()).await;
            let asked = Instant::now();
            let client = Client {
                index: u32::try_from(POSTERS + i).unwrap_or(u32::MAX),
                ..Client::default()
            };
            let greeting = hello(None, &format!("S{i}"), None);
            let index = POSTERS + i;
            let (ws, client) = join(
                addr,
                source_address(index),
                &room,
                client,
                greeting,
                false,
                &shared,
            )
            .await?;
            anyhow::Ok((spawn(ws, client, &shared), micros(asked.elapsed())))
        }
    }))
    .buffer_unordered(n.max(1))
    .collect::<Vec<_>>();
    let (joined, ()) = futures_util::join!(joins, post(&posters, 0, posts, card_rate));
    settle(&shared).await;
    let (server_cpu, generator_cpu) = cpu.read();
    let rss_after = rss_kib(server.child.id());

    let mut handles: Vec<Handle> = Vec::with_capacity(n);
    let mut join_times = Vec::with_capacity(n);
    let mut refused = 0;
    for j in joined {
        match j {
            Ok((handle, took)) => {
                handles.push(handle);
                join_times.push(took);
            }
            Err(_) => refused += 1,
        }
    }
    let joiners = collect(handles, || Cmd::Drop).await?;
    let mut everyone = collect(posters, || Cmd::Drop).await?;
    if let Some(f) = facilitator {
        everyone.push(f.finish(Cmd::Drop).await?);
    }
    join_times.sort_unstable();
    let mut figures = figures(&joiners, join_times);
    everyone.extend(joiners);
    let (expected, lost) = losses(&everyone, &shared);
    figures.lost = lost;
    let mut row = Row {
        scenario,
        target: target.name(),
        clients: n + POSTERS,
        rooms: 1,
        posts,
        expected,
        delivered: expected - lost,
        rss_mib: rss_after / 1024.0,
        per_conn_kib: Some((rss_after - rss_before) / n as f64),
        server_cpu,
        generator_cpu,
        storm: Some(figures),
        ..Row::default()
    };
    row.absorb(&everyone);
    if refused > 0 {
        row.notes.push(format!("{refused} of {n} could not join"));
    }
    Ok(row)
}

/// Waits until deliveries have stopped for a second (at most 15 s).
async fn settle(shared: &Shared) {
    let deadline = Instant::now() + Duration::from_secs(15);
    let mut last = u64::MAX;
    while Instant::now() < deadline {
        let now = shared.delivered.load(Ordering::Relaxed);
        if now == last {
            return;
        }
        last = now;
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

/// The cards sent after each client's welcome (each must reach it, as an event or in a
/// board), in all, and how many of them never did.
fn losses(clients: &[Client], shared: &Shared) -> (u64, u64) {
    let sent: Vec<(usize, u64)> = shared
        .sent_at
        .iter()
        .map(|s| s.load(Ordering::Relaxed))
        .enumerate()
        .filter(|(_, t)| *t > 0)
        .collect();
    let (mut expected, mut lost) = (0, 0);
    for c in clients.iter().filter(|c| c.welcomed_ns > 0) {
        for (number, _) in sent.iter().filter(|(_, t)| *t > c.welcomed_ns) {
            expected += 1;
            lost += u64::from(!c.known.contains(number));
        }
    }
    (expected, lost)
}

fn figures(joiners: &[Client], joins: Vec<u32>) -> Figures {
    let mut by_kind: HashMap<&str, (u64, u64)> = HashMap::new();
    for c in joiners {
        for (kind, (n, bytes)) in &c.by_kind {
            let entry = by_kind.entry(kind).or_default();
            entry.0 += n;
            entry.1 += bytes;
        }
    }
    let mut by_kind: Vec<(String, u64, u64)> = by_kind
        .into_iter()
        .map(|(k, (n, b))| (k.to_owned(), n, b))
        .collect();
    by_kind.sort_by_key(|k| std::cmp::Reverse(k.2));
    Figures {
        joiners: joiners.len(),
        bytes: joiners.iter().map(|c| c.bytes).sum(),
        welcome_bytes: joiners
            .iter()
            .map(|c| c.by_kind.get("welcome").map_or(0, |(_, b)| *b))
            .sum(),
        by_kind,
        lost: 0,
        joins,
    }
}

/// The storm table: join times and bytes, beside the same figures of the baselines.
pub fn print(rows: &[Row]) {
    let stormy: Vec<(&Row, &Figures)> = rows
        .iter()
        .filter_map(|r| r.storm.as_ref().map(|f| (r, f)))
        .collect();
    if stormy.is_empty() {
        return;
    }
    println!();
    println!(
        "| scenario | server | join p50 ms | join p99 ms | join max ms | KiB per joiner | of it welcome KiB | ÷ actix-ws | bytes per card frame | ÷ actix-ws | lost |"
    );
    println!("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (row, f) in &stormy {
        let base = stormy
            .iter()
            .find(|(r, _)| r.scenario == row.scenario && r.target == Target::Actix.name())
            .map(|(_, b)| *b);
        let ratio = |of: fn(&Figures) -> Option<f64>| match (of(f), base.and_then(of)) {
            (Some(a), Some(b)) if b > 0.0 => format!("{:.2}", a / b),
            _ => "-".into(),
        };
        println!(
            "| {} | {} | {} | {} | {} | {:.1} | {:.1} | {} | {} | {} | {} |",
            row.scenario,
            row.target,
            pct(&f.joins, 0.5),
            pct(&f.joins, 0.99),
            pct(&f.joins, 1.0),
            f.kib_per_joiner(),
            f.welcome_bytes as f64 / 1024.0 / f.joiners.max(1) as f64,
            ratio(|f| Some(f.kib_per_joiner())),
            f.card_frame_bytes()
                .map_or("-".into(), |b| format!("{b:.0}")),
            ratio(Figures::card_frame_bytes),
            f.lost,
        );
    }
    for (row, f) in &stormy {
        let kinds: Vec<String> = f
            .by_kind
            .iter()
            .map(|(kind, n, bytes)| format!("{kind}: {n} frames, {bytes} B"))
            .collect();
        eprintln!(
            "    {} / {}: the joiners received {}",
            row.scenario,
            row.target,
            kinds.join("; ")
        );
    }
}
