//! Many clients posting cards to one room at the same moment. Every accepted command gets the
//! next `seq` (on PostgreSQL two nodes may read the same last `seq`; the unique index refuses
//! the second, which retries), so every client must hear every card exactly once, in one
//! gapless `seq` order that is the same for everyone and the same as the stored log. On
//! PostgreSQL the room is shared by two server processes; on SQLite one in-process server.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use hverdag::db::Db;
use hverdag::domain::people::Role;
use hverdag::domain::workshops;
use hverdag::live::room::{Agenda, Event};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

use crate::helpers::*;
use crate::live::{Socket, free_port, open_port as open, say, seed_workshop, start_server};

const CLIENTS: usize = 10;
const CARDS_PER_CLIENT: usize = 5;
/// A client that hears nothing for this long has stopped hearing the room.
const QUIET: Duration = Duration::from_secs(4);

/// Server processes that are killed however the test ends.
struct Nodes(Vec<std::process::Child>);

impl Drop for Nodes {
    fn drop(&mut self) {
        for node in &mut self.0 {
            let _ = node.kill();
            let _ = node.wait();
        }
    }
}

/// Why no frame came.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Silence {
    /// Nothing for the whole wait.
    Quiet,
    /// The server closed the connection.
    Closed,
}

/// The next text frame as JSON.
async fn hear_within(socket: &mut Socket, wait: Duration) -> Result<Value, Silence> {
    loop {
        let frame = tokio::time::timeout(wait, socket.next())
            .await
            .map_err(|_| Silence::Quiet)?;
        match frame {
            Some(Ok(Message::Text(text))) => return Ok(serde_json::from_str(&text).expect("JSON")),
            Some(Ok(Message::Close(_)) | Err(_)) | None => return Err(Silence::Closed),
            Some(Ok(_)) => {}
        }
    }
}

async fn hello(socket: &mut Socket, name: &str, token: Option<&str>) {
    say(socket, crate::live::hello(name, token)).await;
    let welcome = hear_within(socket, QUIET).await.expect("a welcome");
    assert_eq!(welcome["type"], "welcome", "{name}: {welcome}");
}

/// What one client heard once the race started.
struct Heard {
    who: String,
    /// `(seq, card text or event kind)` in the order heard.
    events: Vec<(i64, String)>,
    errors: Vec<Value>,
    /// How listening ended.
    ended: Silence,
}

/// Reads until every expected card has arrived, then a little longer to catch duplicates, or
/// until the socket goes quiet.
async fn listen(who: String, socket: &mut Socket, expected: usize) -> Heard {
    let mut heard = Heard {
        who,
        events: Vec::new(),
        errors: Vec::new(),
        ended: Silence::Quiet,
    };
    let mut cards = 0;
    loop {
        let wait = if cards >= expected {
            Duration::from_millis(300)
        } else {
            QUIET
        };
        let frame = match hear_within(socket, wait).await {
            Ok(frame) => frame,
            Err(silence) => {
                heard.ended = silence;
                break;
            }
        };
        match frame["type"].as_str() {
            Some("event") => {
                let seq = frame["seq"].as_i64().expect("a seq");
                let label = match frame["event"]["kind"].as_str() {
                    Some("card_added") => {
                        cards += 1;
                        frame["event"]["text"].as_str().expect("a text").to_owned()
                    }
                    other => format!("<{}>", other.unwrap_or("?")),
                };
                heard.events.push((seq, label));
            }
            Some("error") => heard.errors.push(frame),
            _ => {} // presence and the like
        }
    }
    heard
}

/// The stored log as `(seq, card text or event kind)`.
fn stored_log(db: &Db, code: &str) -> Vec<(i64, String)> {
    let mut conn = db.conn().expect("a connection");
    let workshop = workshops::find_by_code(&mut conn, code)
        .expect("query")
        .expect("the workshop");
    workshops::events_since(&mut conn, workshop.id, 0)
        .expect("the log")
        .into_iter()
        .map(|(seq, event)| {
            let label = match event {
                Event::CardAdded { text, .. } => text,
                Event::StepSet { .. } => "<step_set>".to_owned(),
                other => format!("<{other:?}>"),
            };
            (seq, label)
        })
        .collect()
}

fn postgres() -> bool {
    matches!(std::env::var(POSTGRES_ENV), Ok(url) if !url.trim().is_empty())
}

/// A workshop served by two server processes (PostgreSQL) or the in-process server (SQLite).
/// Fields drop in order: the nodes go before their database.
struct Room {
    _nodes: Option<Nodes>,
    db: Db,
    ports: Vec<u16>,
    code: String,
    facilitator_token: String,
    _app: Option<TestApp>,
    _env: Option<TestEnv>,
}

async fn open_room() -> Room {
    if postgres() {
        let env = TestEnv::new(|_| {}).await;
        let ports = vec![free_port(), free_port()];
        let mut nodes = Nodes(Vec::new());
        for port in &ports {
            nodes.0.push(start_server(&env, *port).await);
        }
        let (code, facilitator_token) = seed_workshop(&env);
        Room {
            _nodes: Some(nodes),
            db: Db::open(&env.config.database_url(), 1).expect("the database"),
            ports,
            code,
            facilitator_token,
            _app: None,
            _env: Some(env),
        }
    } else {
        let app = TestApp::spawn().await;
        let org = app.create_org("fjord");
        let per = app.create_person(org, "per@fjord.example", &[Role::Facilitator], None);
        let (code, facilitator_token) = app.write(|c| {
            let w = workshops::create(
                c,
                org,
                per,
                "Kick-off",
                hverdag::domain::Locale::En,
                &Agenda::standard(),
                None,
            )?;
            let (_, token) = workshops::join(c, &w, "Per", Some(per), true)?;
            Ok((w.join_code, token))
        });
        Room {
            _nodes: None,
            db: app.db.clone(),
            ports: vec![app.port],
            code,
            facilitator_token,
            _app: Some(app),
            _env: None,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn cards_posted_at_the_same_moment_reach_everyone_once_in_one_gapless_order() {
    let room = open_room().await;
    let (ports, code) = (&room.ports, room.code.as_str());

    // The facilitator on the first node; the clients spread over the nodes.
    let mut facilitator = open(ports[0], code).await;
    hello(&mut facilitator, "", Some(&room.facilitator_token)).await;
    let mut clients = Vec::new();
    for i in 0..CLIENTS {
        let node = i % ports.len();
        let who = format!("node{node}-client{i}");
        let mut socket = open(ports[node], code).await;
        hello(&mut socket, &who, None).await;
        clients.push((who, socket));
    }

    // Brainstorming starts; once everyone has heard that, every socket is in the room.
    say(&mut facilitator, json!({"type": "set_step", "step": 2})).await;
    for (who, socket) in std::iter::once(("facilitator", &mut facilitator))
        .chain(clients.iter_mut().map(|(w, s)| (w.as_str(), s)))
    {
        let event = loop {
            let frame = hear_within(socket, QUIET).await;
            let frame =
                frame.unwrap_or_else(|e| panic!("{who} did not hear the step change: {e:?}"));
            if !matches!(
                frame["type"].as_str(),
                Some("presence" | "presence_changed")
            ) {
                break frame;
            }
        };
        assert_eq!(
            (event["seq"].as_i64(), event["event"]["kind"].as_str()),
            (Some(1), Some("step_set")),
            "{who}: {event}"
        );
    }

    // Everyone posts all their cards at the same moment.
    let total = CLIENTS * CARDS_PER_CLIENT;
    let start = Arc::new(tokio::sync::Barrier::new(CLIENTS));
    let racers: Vec<_> = clients
        .into_iter()
        .map(|(who, mut socket)| {
            let start = start.clone();
            tokio::spawn(async move {
                start.wait().await;
                for k in 0..CARDS_PER_CLIENT {
                    let card = json!({"type": "add_card", "text": format!("{who} card {k}")});
                    // A refused send shows up below as a closed connection.
                    let _ = socket.send(Message::text(card.to_string())).await;
                }
                listen(who, &mut socket, total).await
            })
        })
        .collect();
    let mut heard = vec![listen("facilitator".into(), &mut facilitator, total).await];
    for racer in racers {
        heard.push(racer.await.expect("a client task"));
    }

    let posted: Vec<String> = (0..CLIENTS)
        .flat_map(|i| {
            let who = format!("node{}-client{i}", i % ports.len());
            (0..CARDS_PER_CLIENT).map(move |k| format!("{who} card {k}"))
        })
        .collect();
    let summary: String = heard
        .iter()
        .map(|h| {
            format!(
                "\n  {}: {} events, seqs {:?}, {} error frames, then {}",
                h.who,
                h.events.len(),
                h.events.iter().map(|(s, _)| *s).collect::<Vec<_>>(),
                h.errors.len(),
                match h.ended {
                    Silence::Quiet => "quiet",
                    Silence::Closed => "CLOSED by the server",
                }
            )
        })
        .collect();

    // Nobody was thrown out: a command that lost the race for a seq is retried, not fatal.
    let closed: Vec<&str> = heard
        .iter()
        .filter(|h| h.ended == Silence::Closed)
        .map(|h| h.who.as_str())
        .collect();
    let log = stored_log(&room.db, code);
    let unstored: Vec<&String> = posted
        .iter()
        .filter(|p| !log.iter().any(|(_, t)| t == *p))
        .collect();
    assert!(
        closed.is_empty(),
        "the server closed the connections of {closed:?}; {} of {total} cards were never \
         stored: {unstored:?}{summary}",
        unstored.len()
    );

    // The log: the step change, then every card exactly once, seqs 1, 2, 3, …
    assert_eq!(
        log.iter().map(|(seq, _)| *seq).collect::<Vec<_>>(),
        (1..=1 + total as i64).collect::<Vec<_>>(),
        "the stored log's seqs{summary}"
    );
    let mut logged: Vec<&str> = log[1..].iter().map(|(_, t)| t.as_str()).collect();
    logged.sort_unstable();
    let mut expected: Vec<&str> = posted.iter().map(String::as_str).collect();
    expected.sort_unstable();
    assert_eq!(logged, expected, "every posted card is stored once");

    for h in &heard {
        assert!(
            h.errors.is_empty(),
            "{} got error frames: {:?}{summary}",
            h.who,
            h.errors
        );
        assert!(!h.events.is_empty(), "{} heard no event{summary}", h.who);
        let seqs: Vec<i64> = h.events.iter().map(|(s, _)| *s).collect();
        let gaps: Vec<(i64, i64)> = seqs
            .windows(2)
            .filter(|w| w[1] != w[0] + 1)
            .map(|w| (w[0], w[1]))
            .collect();
        assert!(
            gaps.is_empty(),
            "{} heard seqs that are not consecutive (previous, next): {gaps:?}{summary}",
            h.who
        );
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for (_, text) in &h.events {
            *counts.entry(text.as_str()).or_default() += 1;
        }
        let missing: Vec<&String> = posted
            .iter()
            .filter(|p| !counts.contains_key(p.as_str()))
            .collect();
        let repeated: Vec<(&&str, &usize)> = counts.iter().filter(|(_, n)| **n > 1).collect();
        assert!(
            missing.is_empty() && repeated.is_empty(),
            "{}: missing {missing:?}, repeated {repeated:?}{summary}",
            h.who
        );
        assert_eq!(
            h.events,
            log[1..],
            "{} heard the log as stored, in order",
            h.who
        );
    }
}
