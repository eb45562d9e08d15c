//! Busy rooms beside the pages: many rooms whose participants post while someone asks for
//! pages, with a small database pool. A command waits for its room's turn before it takes a
//! connection, so rooms that queue do not hold the connections the pages need.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use serde_json::json;

use super::{
    BRAINSTORM, Cmd, CpuMeter, Row, Shared, Target, collect, drain, facilitator_of, fill, micros,
    pct, post, rss_kib, start_with,
};

/// Connections in Hverdag's database pool for this scenario.
const POOL: u32 = 4;

/// `rooms` rooms of `per_room`, each posting `rate` cards a second for `seconds`, while a
/// page that needs the database (`/health`) is asked for every 50 ms.
pub async fn run(
    scenario: &'static str,
    rooms: usize,
    per_room: usize,
    rate: f64,
    seconds: f64,
) -> anyhow::Result<Row> {
    let server = start_with(Target::Hverdag, rooms, per_room, POOL).await?;
    let posts = (rooms as f64 * rate * seconds).round() as usize;
    let shared = Shared::new(posts, false);
    let mut facilitators = Vec::with_capacity(rooms);
    for room in 0..rooms {
        if let Some(f) = facilitator_of(&server, &shared, room).await? {
            f.send(Cmd::Raw(
                json!({"type": "set_step", "step": BRAINSTORM}).to_string(),
            ));
            facilitators.push(f);
        }
    }
    // Participant i joins room i % rooms: posting round the participants in order spreads
    // the cards evenly over the rooms and their people (30 cards each at most).
    let (handles, _) = fill(&server, rooms * per_room, &shared).await?;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let cpu = CpuMeter::start(&server);
    let done = Arc::new(AtomicBool::new(false));
    let pages = tokio::task::spawn_local(ask_pages(
        format!("http://{}/health", server.addr),
        done.clone(),
    ));
    post(&handles, 0, posts, rooms as f64 * rate).await;
    let receivers = (per_room + 1) as u64;
    drain(&shared, posts as u64 * receivers).await;
    done.store(true, Ordering::Relaxed);
    let (server_cpu, generator_cpu) = cpu.read();
    let (mut pages, refused) = pages.await??;
    pages.sort_unstable();
    let rss_mib = rss_kib(server.child.id()) / 1024.0;
    let mut clients = collect(handles, || Cmd::Drop).await?;
    clients.extend(collect(facilitators, || Cmd::Drop).await?);
    let mut row = Row {
        scenario,
        target: "hverdag",
        clients: rooms * per_room,
        rooms,
        posts,
        expected: posts as u64 * receivers,
        delivered: shared.delivered.load(Ordering::Relaxed),
        rss_mib,
        server_cpu,
        generator_cpu,
        ..Row::default()
    };
    row.absorb(&clients);
    row.notes.push(format!(
        "pool of {POOL}: {} page requests meanwhile, p50 {} ms, p99 {} ms, max {} ms, {refused} not answered 200",
        pages.len(),
        pct(&pages, 0.5),
        pct(&pages, 0.99),
        pct(&pages, 1.0),
    ));
    Ok(row)
}

/// Asks for `url` every 50 ms until `done`; the time each answer took, and how many were not
/// a 200.
async fn ask_pages(url: String, done: Arc<AtomicBool>) -> anyhow::Result<(Vec<u32>, u32)> {
    let client = reqwest::Client::new();
    let mut tick = tokio::time::interval(Duration::from_millis(50));
    let (mut times, mut refused) = (Vec::new(), 0);
    while !done.load(Ordering::Relaxed) {
        tick.tick().await;
        let asked = Instant::now();
        match client.get(&url).send().await {
            Ok(r) if r.status().is_success() => times.push(micros(asked.elapsed())),
            _ => refused += 1,
        }
    }
    Ok((times, refused))
}
