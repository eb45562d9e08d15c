//! Opening a long-running room: a room whose log holds 100,000 events, opened by a node for
//! the first time (a first join, or any join after a restart) and resumed by a client after
//! a drop, with the board's checkpoints and without them.

use std::time::{Duration, Instant};

use anyhow::Context;
use diesel::prelude::*;
use hverdag::db::write_tx;
use hverdag::domain::workshops;
use hverdag::live::protocol::ClientMessage;
use hverdag::live::room::Room;

use super::{Client, Row, Shared, Target, hello, join, source_address, start};

/// Events per write transaction while the log is filled.
const BATCH: usize = 1_000;

pub async fn run(events: usize) -> anyhow::Result<Row> {
    let server = start(Target::Hverdag, 1, 10).await?;
    let (_, db) = server.data.as_ref().context("Hverdag's database")?;
    let (db, workshop_id) = (db.clone(), server.rooms[0].workshop);
    let filled = tokio::task::spawn_blocking(move || fill(&db, workshop_id, events)).await??;
    let room = server.rooms[0].clone();
    let shared = Shared::new(0, false);
    let mut notes = vec![format!(
        "{events} events stored in {:.1} s",
        filled.as_secs_f64()
    )];
    let mut times = Vec::new();
    let mut token: Option<(String, i64)> = None;
    for (what, checkpoints) in [
        ("first join", true),
        ("resume after a drop", true),
        ("first join without checkpoints", false),
    ] {
        if !checkpoints {
            let (_, db) = server.data.as_ref().context("Hverdag's database")?;
            let db = db.clone();
            tokio::task::spawn_blocking(move || {
                let mut conn = db.conn()?;
                diesel::sql_query("DELETE FROM workshop_checkpoints").execute(&mut *conn)?;
                anyhow::Ok(())
            })
            .await??;
        }
        // Nobody is in the room between the joins, so each opens it afresh.
        tokio::time::sleep(Duration::from_millis(200)).await;
        let greeting = match &token {
            Some((t, seq)) if what.starts_with("resume") => hello(Some(t), "", Some(*seq)),
            _ => hello(None, "Late", None),
        };
        let asked = Instant::now();
        let (ws, client) = join(
            server.addr,
            source_address(0),
            &room,
            Client::default(),
            greeting,
            false,
            &shared,
        )
        .await?;
        let took = asked.elapsed();
        drop(ws);
        token = Some((client.token.clone(), client.last_seq));
        times.push((u32::try_from(took.as_micros()).unwrap_or(u32::MAX), what));
        notes.push(format!(
            "{what}: welcome in {:.1} ms",
            took.as_secs_f64() * 1000.0
        ));
    }
    let mut row = Row {
        scenario: "resume",
        target: "hverdag",
        clients: 1,
        rooms: 1,
        notes,
        ..Row::default()
    };
    row.latency = times.iter().take(2).map(|(t, _)| *t).collect();
    row.latency.sort_unstable();
    Ok(row)
}

/// Stores `events` events in the room through the domain (checkpoints included), as its
/// facilitator: a card now and then, the countdown started in between.
fn fill(
    db: &hverdag::db::Db,
    workshop_id: hverdag::domain::ids::WorkshopId,
    events: usize,
) -> anyhow::Result<Duration> {
    let started = Instant::now();
    let mut conn = db.conn()?;
    let workshop = hverdag::db::schema::workshops::table
        .find(workshop_id)
        .select(workshops::Workshop::as_select())
        .first(&mut *conn)?;
    let facilitator = workshops::participants(&mut conn, workshop_id)?
        .into_iter()
        .find(|p| p.facilitator)
        .context("the facilitator's seat")?;
    let mut board = Room::new(workshop.agenda());
    let mut stored = 0;
    while stored < events {
        write_tx(&mut conn, |c| {
            for k in stored..(stored + BATCH).min(events) {
                let message = match k {
                    0 => ClientMessage::SetStep { step: 2 },
                    k if k % 10 == 0 => ClientMessage::AddCard {
                        text: format!("Idea {k}"),
                    },
                    _ => ClientMessage::StartTimer { seconds: 60 },
                };
                if let Ok(Some((seq, event))) =
                    workshops::command_on(c, &workshop, &facilitator, &message, 0, &mut board)?
                {
                    board.apply(seq, &event);
                }
            }
            Ok::<_, hverdag::domain::Error>(())
        })?;
        stored = (stored + BATCH).min(events);
    }
    Ok(started.elapsed())
}
