//! A join storm: everyone scans the QR code at once. A join costs everyone else a count at
//! most once per presence announcement, never the list, so what the room sends grows with the
//! number who join, not with its square.

use std::time::{Duration, Instant};

use futures_util::StreamExt;
use hverdag::domain::people::Role;
use serde_json::Value;
use tokio_tungstenite::tungstenite::Message;

use crate::helpers::*;
use crate::live::{Socket, hear, hello, open, open_signed_in, say, team_web};

const JOINERS: usize = 500;

/// What one connection was told about presence.
#[derive(Debug, Default)]
struct Told {
    frames: usize,
    entries: usize,
    bytes: usize,
}

/// Reads presence frames until one says `here` people are here (or the list holds `here`
/// online entries, for the facilitator); then returns what it was told.
async fn until_here(socket: &mut Socket, here: usize, facilitator: bool) -> Told {
    let mut told = Told::default();
    let mut online = std::collections::HashMap::new();
    // One deadline for the whole wait: pings and other frames keep coming, so a timeout per
    // frame would never fire if the count were never reached.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    loop {
        let frame = tokio::time::timeout_at(deadline, socket.next())
            .await
            .unwrap_or_else(|_| panic!("{here} here within 60 s; told so far: {told:?}"))
            .expect("the socket is open")
            .expect("a readable frame");
        let Message::Text(text) = frame else { continue };
        let frame: Value = serde_json::from_str(&text).expect("JSON");
        if !matches!(
            frame["type"].as_str(),
            Some("presence" | "presence_changed")
        ) {
            continue;
        }
        told.frames += 1;
        told.bytes += text.len();
        let entries = frame["participants"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        told.entries += entries.len();
        for p in entries {
            online.insert(p["id"].as_i64(), p["online"] == true);
        }
        let counted = usize::try_from(frame["here"].as_u64().expect("a count")).unwrap_or(0);
        let listed = online.values().filter(|o| **o).count();
        if counted == here && (!facilitator || listed == here) {
            return told;
        }
    }
}

#[tokio::test]
async fn a_join_storm_costs_each_participant_a_few_counts_and_the_facilitator_each_name_once() {
    let app = TestApp::spawn().await;
    let org = app.create_org("fjord");
    let per = app.create_person(
        org,
        "per@fjord.example",
        &[Role::Facilitator],
        Some(PASSWORD),
    );
    let w = app.write(|c| team_web(c, org, per));
    let session = app.session();
    session.login("per@fjord.example", PASSWORD).await;
    let mut fac = open_signed_in(&app, &w.join_code, &session).await;
    say(&mut fac, hello("", None)).await;
    assert_eq!(hear(&mut fac).await["type"], "welcome");
    let everyone = JOINERS + 1;

    let started = Instant::now();
    let joiners: Vec<_> = (0..JOINERS)
        .map(|i| {
            let (port, code) = (app.port, w.join_code.clone());
            tokio::spawn(async move {
                let mut socket = crate::live::open_port(port, &code).await;
                say(&mut socket, hello(&format!("P{i}"), None)).await;
                until_here(&mut socket, everyone, false).await
            })
        })
        .collect();
    let facilitator = until_here(&mut fac, everyone, true).await;
    let mut told = Vec::new();
    for joiner in joiners {
        told.push(joiner.await.expect("a joiner"));
    }
    let took = started.elapsed();

    // Participants get counts only: no list entries, and at most one frame on joining and
    // one per announcement (a quarter of a second apart) after it.
    let announcements = usize::try_from(took.as_millis() / 250).unwrap_or(usize::MAX) + 2;
    assert_eq!(told.iter().map(|t| t.entries).sum::<usize>(), 0);
    let most = told.iter().map(|t| t.frames).max().unwrap_or(0);
    assert!(
        most <= announcements,
        "{most} presence frames to one participant in {took:?}"
    );
    let bytes: usize = told.iter().map(|t| t.bytes).sum();
    let frames: usize = told.iter().map(|t| t.frames).sum();
    assert!(
        bytes <= frames * 60,
        "count frames stay small: {bytes} bytes in {frames} frames"
    );
    // The facilitator hears of each newcomer about once (as they come, and once more if
    // they were listed before their connection was counted), not of everyone per join.
    assert!(
        facilitator.entries <= 2 * everyone,
        "{} list entries to the facilitator for {everyone} people",
        facilitator.entries
    );
    // The room still works for everyone after the storm.
    let _ = open(&app, &w.join_code).await;
}
