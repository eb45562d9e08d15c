//! Workshop rooms over real WebSocket connections: joining by code, resuming by token, live
//! fan-out of stored events in `seq` order, and typed refusals.

use futures_util::{SinkExt, StreamExt};
use hverdag::domain::ids::{OrgId, PersonId};
use hverdag::domain::people::Role;
use hverdag::domain::workshops;
use hverdag::live::room::Agenda;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

use crate::helpers::*;

pub(crate) type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// A workshop "Team Web" with the standard agenda, run by `facilitator`.
pub(crate) fn team_web(
    c: &mut hverdag::db::DbConn,
    org: OrgId,
    facilitator: PersonId,
) -> hverdag::domain::Result<workshops::Workshop> {
    workshops::create(
        c,
        org,
        facilitator,
        "Team Web",
        hverdag::domain::Locale::En,
        &Agenda::standard(),
        None,
    )
}

pub(crate) async fn open(app: &TestApp, code: &str) -> Socket {
    open_port(app.port, code).await
}

/// Opens a room on the server listening on `port`.
pub(crate) async fn open_port(port: u16, code: &str) -> Socket {
    tokio_tungstenite::connect_async(format!("ws://127.0.0.1:{port}/live/{code}"))
        .await
        .expect("the room accepts the connection")
        .0
}

pub(crate) async fn say(socket: &mut Socket, frame: Value) {
    socket
        .send(Message::text(frame.to_string()))
        .await
        .expect("send a frame");
}

/// The next text frame other than a presence list, as JSON (waits at most 5 s).
pub(crate) async fn hear(socket: &mut Socket) -> Value {
    loop {
        let frame = hear_any(socket).await;
        if !matches!(
            frame["type"].as_str(),
            Some("presence" | "presence_changed")
        ) {
            return frame;
        }
    }
}

/// The next text frame, as JSON (waits at most 5 s).
pub(crate) async fn hear_any(socket: &mut Socket) -> Value {
    loop {
        let frame = tokio::time::timeout(std::time::Duration::from_secs(5), socket.next())
            .await
            .expect("a frame within 5 s")
            .expect("the socket is open")
            .expect("a readable frame");
        if let Message::Text(text) = frame {
            return serde_json::from_str(&text).expect("JSON");
        }
    }
}

pub(crate) fn hello(name: &str, token: Option<&str>) -> Value {
    json!({"type": "hello", "version": 1, "code": "", "name": name, "resume_token": token, "last_seq": null})
}

/// "Team Web" run by a facilitator whose seat is taken, for tests that store events
/// straight into the log, past the node (as another node would).
fn team_web_with_seat(app: &TestApp) -> (workshops::Workshop, workshops::Participant) {
    let org = app.create_org("fjord");
    let per = app.create_person(org, "per@fjord.example", &[Role::Facilitator], None);
    app.write(|c| {
        let w = team_web(c, org, per)?;
        let (facilitator, _) = workshops::join(c, &w, "Per", Some(per), true)?;
        Ok((w, facilitator))
    })
}

/// Stores `n` step changes by the facilitator straight into the log, past the node:
/// group and brainstorm by turns (an even `n` ends on brainstorm).
fn store_steps(
    app: &TestApp,
    workshop: &workshops::Workshop,
    facilitator: &workshops::Participant,
    n: i64,
) {
    app.write(|c| {
        let mut room = hverdag::live::room::Room::new(workshop.agenda());
        for i in 0..n {
            let step = hverdag::live::protocol::ClientMessage::SetStep {
                step: 2 + usize::from(i % 2 == 0),
            };
            let (seq, event) =
                workshops::command_on(c, workshop, facilitator, &step, 0, &mut room)?
                    .expect("the facilitator may change the step")
                    .expect("a new step");
            room.apply(seq, &event);
        }
        Ok(())
    });
}

#[tokio::test]
async fn participants_see_each_others_cards_live_and_illegal_moves_are_refused() {
    let app = TestApp::spawn().await;
    let org = app.create_org("fjord");
    let per = app.create_person(org, "per@fjord.example", &[Role::Facilitator], None);
    let (workshop, facilitator_token) = app.write(|c| {
        let w = team_web(c, org, per)?;
        let (_, token) = workshops::join(c, &w, "Per", Some(per), true)?;
        Ok((w, token))
    });

    let mut per_socket = open(&app, &workshop.join_code.to_lowercase()).await;
    say(&mut per_socket, hello("", Some(&facilitator_token))).await;
    let welcome = hear(&mut per_socket).await;
    assert_eq!(welcome["type"], "welcome");
    assert_eq!(welcome["snapshot"]["step"], 0);

    let mut kari = open(&app, &workshop.join_code).await;
    say(&mut kari, hello("Kari", None)).await;
    let welcome = hear(&mut kari).await;
    let kari_token = welcome["resume_token"]
        .as_str()
        .expect("a resume token")
        .to_owned();

    // Participants cannot steer the workshop, nor brainstorm before it starts.
    say(&mut kari, json!({"type": "set_step", "step": 2})).await;
    assert_eq!(hear(&mut kari).await["code"], "not_facilitator");
    say(
        &mut kari,
        json!({"type": "add_card", "text": "Happier customers"}),
    )
    .await;
    assert_eq!(hear(&mut kari).await["code"], "wrong_step");
    say(&mut kari, json!({"type": "no_such_thing"})).await;
    assert_eq!(hear(&mut kari).await["code"], "bad_message");

    say(&mut per_socket, json!({"type": "set_step", "step": 2})).await;
    for socket in [&mut per_socket, &mut kari] {
        let event = hear(socket).await;
        assert_eq!(
            (event["type"].as_str(), event["seq"].as_i64()),
            (Some("event"), Some(1))
        );
        assert_eq!(event["event"]["kind"], "step_set");
    }
    say(
        &mut kari,
        json!({"type": "add_card", "text": "Happier customers"}),
    )
    .await;
    for socket in [&mut per_socket, &mut kari] {
        let event = hear(socket).await;
        assert_eq!(event["seq"], 2);
        assert_eq!(event["event"]["kind"], "card_added");
        assert_eq!(event["event"]["text"], "Happier customers");
    }

    // A dropped connection resumes as the same participant, with the board as it is now.
    drop(kari);
    let mut again = open(&app, &workshop.join_code).await;
    say(&mut again, hello("", Some(&kari_token))).await;
    let welcome = hear(&mut again).await;
    assert_eq!(welcome["resume_token"], kari_token.as_str());
    assert_eq!(welcome["snapshot"]["seq"], 2);
    assert_eq!(welcome["snapshot"]["cards"][0]["text"], "Happier customers");

    // Resuming with the last seq it saw, a client gets only what it missed.
    drop(again);
    let mut back = open(&app, &workshop.join_code).await;
    say(&mut back, json!({"type": "hello", "version": 1, "code": "", "name": "", "resume_token": kari_token, "last_seq": 1})).await;
    let welcome = hear(&mut back).await;
    assert_eq!(welcome["type"], "welcome");
    assert_eq!(welcome["snapshot"], Value::Null);
    let missed = hear(&mut back).await;
    assert_eq!(
        (missed["seq"].as_i64(), missed["event"]["kind"].as_str()),
        (Some(2), Some("card_added"))
    );

    // Everything acknowledged is in the log, in order.
    let log = app.read(|c| workshops::events_since(c, workshop.id, 0));
    assert_eq!(
        log.iter().map(|(seq, _)| *seq).collect::<Vec<_>>(),
        vec![1, 2]
    );
}

#[tokio::test]
async fn rooms_refuse_unknown_codes_and_foreign_origins() {
    let app = TestApp::spawn().await;
    let url = format!("ws://127.0.0.1:{}/live/NOPE99", app.port);
    assert!(
        tokio_tungstenite::connect_async(url).await.is_err(),
        "unknown code"
    );
    let org = app.create_org("fjord");
    let per = app.create_person(org, "per@fjord.example", &[Role::Facilitator], None);
    let workshop = app.write(|c| team_web(c, org, per));
    // A plain request gets the same answer for a real code as for an unknown one.
    for code in [workshop.join_code.as_str(), "NOPE99"] {
        let response = reqwest::get(app.url(&format!("/live/{code}")))
            .await
            .expect("an answer");
        assert_eq!(response.status(), 400, "{code}");
    }
    let mut request =
        tokio_tungstenite::tungstenite::client::IntoClientRequest::into_client_request(format!(
            "ws://127.0.0.1:{}/live/{}",
            app.port, workshop.join_code
        ))
        .expect("a request");
    request
        .headers_mut()
        .insert("Origin", "https://evil.example".parse().expect("a header"));
    match tokio_tungstenite::connect_async(request).await {
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
            assert_eq!(response.status(), 403)
        }
        other => panic!("a foreign origin was let in: {other:?}"),
    }
    // A page served by this host (say, opened as localhost rather than the base URL) may.
    let url = format!("ws://localhost:{}/live/{}", app.port, workshop.join_code);
    let mut request =
        tokio_tungstenite::tungstenite::client::IntoClientRequest::into_client_request(url)
            .expect("a request");
    let origin = format!("http://localhost:{}", app.port);
    request
        .headers_mut()
        .insert("Origin", origin.parse().expect("a header"));
    tokio_tungstenite::connect_async(request)
        .await
        .expect("a same-origin page opens the room");
}

#[tokio::test]
async fn a_flooding_client_is_slowed_down_with_error_frames() {
    let app = TestApp::spawn().await;
    let org = app.create_org("fjord");
    let per = app.create_person(org, "per@fjord.example", &[Role::Facilitator], None);
    let workshop = app.write(|c| team_web(c, org, per));
    let mut socket = open(&app, &workshop.join_code).await;
    say(&mut socket, hello("Flood", None)).await;
    assert_eq!(hear(&mut socket).await["type"], "welcome");
    for _ in 0..45 {
        say(&mut socket, json!({"type": "ping"})).await;
    }
    let mut pongs = 0;
    let mut limited = 0;
    for _ in 0..45 {
        match hear(&mut socket).await["type"].as_str() {
            Some("pong") => pongs += 1,
            Some("error") => limited += 1,
            other => panic!("unexpected {other:?}"),
        }
    }
    assert!(limited > 0, "no message was refused");
    assert!(pongs >= 20, "the burst goes through: {pongs}");
}

pub(crate) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Starts the real server binary and waits until it accepts connections.
pub(crate) async fn start_server(env: &TestEnv, port: u16) -> std::process::Child {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_hverdag"))
        .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
        .args(["--database-url", &env.config.database_url()])
        .arg("--data-dir")
        .arg(env.data_dir.path())
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start the server");
    wait_for_server(&mut child, port).await;
    child
}

/// Waits until the server `child` accepts connections on `port`; fails the test (killing
/// the server) if it exits first or does not listen within [`WAIT`].
pub(crate) async fn wait_for_server(child: &mut std::process::Child, port: u16) {
    /// Kills the server if the wait fails, so that no stray process outlives the test.
    struct KillOnPanic<'a>(&'a mut std::process::Child);
    impl Drop for KillOnPanic<'_> {
        fn drop(&mut self) {
            if std::thread::panicking() {
                let _ = self.0.kill();
                let _ = self.0.wait();
            }
        }
    }
    let guard = KillOnPanic(child);
    let listening = eventually_async(
        WAIT,
        format_args!("the server to listen on port {port}"),
        async || {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return Some(true);
            }
            matches!(guard.0.try_wait(), Ok(Some(_))).then_some(false)
        },
    )
    .await;
    assert!(
        listening,
        "the server exited before listening on port {port}"
    );
}

/// An organisation with a facilitator and a workshop, written straight to the environment's
/// database (for tests that run the server as a separate process). Returns the join code
/// and the facilitator's resume token.
pub(crate) fn seed_workshop(env: &TestEnv) -> (String, String) {
    let db = hverdag::db::Db::open(&env.config.database_url(), 1).expect("the database");
    let mut conn = db.conn().expect("a connection");
    hverdag::db::write_tx(&mut conn, |c| {
        let org = hverdag::domain::org::create(
            c,
            &hverdag::domain::org::NewOrg {
                name: "Fjord".into(),
                slug: "fjord".into(),
                locale: hverdag::domain::Locale::En,
                time_zone: "Europe/Oslo".into(),
            },
        )?;
        let per = hverdag::domain::people::create(
            c,
            org.id,
            &hverdag::domain::people::PersonInput {
                name: "Per".into(),
                email: "per@fjord.example".into(),
                locale: hverdag::domain::Locale::En,
                roles: vec![Role::Facilitator],
            },
            None,
        )?;
        let w = workshops::create(
            c,
            org.id,
            per.row.id,
            "Kick-off",
            hverdag::domain::Locale::En,
            &Agenda::standard(),
            None,
        )?;
        let (_, token) = workshops::join(c, &w, "Per", Some(per.row.id), true)?;
        Ok::<_, hverdag::domain::Error>((w.join_code, token))
    })
    .expect("a workshop")
}

#[tokio::test]
async fn a_server_killed_mid_workshop_loses_no_acknowledged_event() {
    let env = TestEnv::new(|_| {}).await;
    let (code, facilitator_token) = seed_workshop(&env);
    let port = free_port();
    let url = format!("ws://127.0.0.1:{port}/live/{code}");
    let mut server = start_server(&env, port).await;

    let (mut per, _) = tokio_tungstenite::connect_async(&url)
        .await
        .expect("connect");
    say(&mut per, hello("", Some(&facilitator_token))).await;
    assert_eq!(hear(&mut per).await["type"], "welcome");
    say(&mut per, json!({"type": "set_step", "step": 2})).await;
    assert_eq!(hear(&mut per).await["seq"], 1);
    let mut acknowledged = Vec::new();
    for i in 0..10 {
        say(
            &mut per,
            json!({"type": "add_card", "text": format!("Idea {i}")}),
        )
        .await;
        let event = hear(&mut per).await;
        acknowledged.push(event["event"]["text"].as_str().expect("a card").to_owned());
    }
    server.kill().expect("SIGKILL the server");
    server.wait().expect("reap it");

    let mut server = start_server(&env, port).await;
    let (mut per, _) = tokio_tungstenite::connect_async(&url)
        .await
        .expect("reconnect");
    say(&mut per, hello("", Some(&facilitator_token))).await;
    let welcome = hear(&mut per).await;
    assert_eq!(
        welcome["snapshot"]["seq"], 11,
        "every acknowledged event survived"
    );
    let cards: Vec<String> = welcome["snapshot"]["cards"]
        .as_array()
        .expect("cards")
        .iter()
        .map(|c| c["text"].as_str().unwrap_or("").to_owned())
        .collect();
    assert_eq!(cards, acknowledged);
    // And the room goes on where it stopped.
    say(
        &mut per,
        json!({"type": "add_card", "text": "After the restart"}),
    )
    .await;
    assert_eq!(hear(&mut per).await["seq"], 12);
    server.kill().expect("stop the server");
    server.wait().expect("reap it");
}

/// Two server processes on one PostgreSQL database share rooms: a card posted on one node
/// reaches a participant on the other, in order. (On SQLite, one node; nothing to share.)
#[tokio::test]
async fn two_nodes_share_a_room_through_postgres() {
    let env = TestEnv::new(|_| {}).await;
    if !env.config.database_url().starts_with("postgres") {
        return;
    }
    let (first, second) = (free_port(), free_port());
    let mut node_a = start_server(&env, first).await;
    let mut node_b = start_server(&env, second).await;
    let (code, facilitator_token) = seed_workshop(&env);
    let (mut per, _) =
        tokio_tungstenite::connect_async(format!("ws://127.0.0.1:{first}/live/{code}"))
            .await
            .expect("connect to node A");
    say(&mut per, hello("", Some(&facilitator_token))).await;
    assert_eq!(hear(&mut per).await["type"], "welcome");
    let (mut kari, _) =
        tokio_tungstenite::connect_async(format!("ws://127.0.0.1:{second}/live/{code}"))
            .await
            .expect("connect to node B");
    say(&mut kari, hello("Kari", None)).await;
    assert_eq!(hear(&mut kari).await["type"], "welcome");

    say(&mut per, json!({"type": "set_step", "step": 2})).await;
    for i in 0..5 {
        say(
            &mut per,
            json!({"type": "add_card", "text": format!("From A {i}")}),
        )
        .await;
    }
    // Node B's participant hears all of it, in seq order.
    let mut seqs = Vec::new();
    for _ in 0..6 {
        seqs.push(hear(&mut kari).await["seq"].as_i64().expect("a seq"));
    }
    assert_eq!(seqs, vec![1, 2, 3, 4, 5, 6]);
    // And the other way round.
    let sent = std::time::Instant::now();
    say(&mut kari, json!({"type": "add_card", "text": "From B"})).await;
    loop {
        let event = hear(&mut per).await;
        if event["seq"] == 7 {
            assert_eq!(event["event"]["text"], "From B");
            break;
        }
    }
    eprintln!(
        "cross-node delivery (B to A, store + NOTIFY + poll): {:?}",
        sent.elapsed()
    );
    for node in [&mut node_a, &mut node_b] {
        node.kill().expect("stop a node");
        node.wait().expect("reap it");
    }
}

/// Opens the room with a browser session's cookie.
pub(crate) async fn open_signed_in(app: &TestApp, code: &str, session: &Session) -> Socket {
    let mut request =
        tokio_tungstenite::tungstenite::client::IntoClientRequest::into_client_request(format!(
            "ws://127.0.0.1:{}/live/{code}",
            app.port
        ))
        .expect("a request");
    let cookie = format!(
        "{SESSION_COOKIE}={}",
        session.cookie(SESSION_COOKIE).expect("signed in")
    );
    request
        .headers_mut()
        .insert("Cookie", cookie.parse().expect("a header"));
    tokio_tungstenite::connect_async(request)
        .await
        .expect("connect")
        .0
}

#[tokio::test]
async fn the_signed_in_facilitator_steers_and_members_join_as_themselves() {
    let app = TestApp::spawn().await;
    let org = app.create_org("fjord");
    let per = app.create_person(
        org,
        "per@fjord.example",
        &[Role::Facilitator],
        Some(PASSWORD),
    );
    app.create_person(org, "kari@fjord.example", &[Role::Member], Some(PASSWORD));
    let workshop = app.write(|c| team_web(c, org, per));

    let per_session = app.session();
    per_session.login("per@fjord.example", PASSWORD).await;
    let mut per_socket = open_signed_in(&app, &workshop.join_code, &per_session).await;
    say(&mut per_socket, hello("anything", None)).await;
    assert_eq!(hear(&mut per_socket).await["type"], "welcome");
    say(&mut per_socket, json!({"type": "set_step", "step": 2})).await;
    assert_eq!(
        hear(&mut per_socket).await["seq"],
        1,
        "the facilitator may steer"
    );

    let kari_session = app.session();
    kari_session.login("kari@fjord.example", PASSWORD).await;
    let mut kari = open_signed_in(&app, &workshop.join_code, &kari_session).await;
    say(&mut kari, hello("Somebody else", None)).await;
    assert_eq!(hear(&mut kari).await["type"], "welcome");
    say(&mut kari, json!({"type": "set_step", "step": 3})).await;
    assert_eq!(hear(&mut kari).await["code"], "not_facilitator");

    let names: Vec<(String, Option<PersonId>, bool)> = app.read(|c| {
        use diesel::prelude::*;
        use hverdag::db::schema::workshop_participants as wp;
        Ok(wp::table
            .filter(wp::workshop_id.eq(workshop.id))
            .order(wp::id.asc())
            .select((wp::display_name, wp::person_id, wp::facilitator))
            .load(c)?)
    });
    assert_eq!(
        names[0],
        ("per".to_owned(), Some(per), true),
        "the person's own name, not the one typed"
    );
    assert_eq!(
        (names[1].0.as_str(), names[1].1.is_some(), names[1].2),
        ("kari", true, false),
        "linked to the person, for attendance"
    );
}

/// A connection answers its commands in the order they came (with one writer in the room):
/// a stored card's `event` goes out before the refusal of the command after it. Before, the
/// acknowledgement of a stored command could wait behind the same connection's next commands,
/// and a server dying then had stored several commands it never acknowledged.
#[tokio::test]
async fn a_connection_answers_its_commands_in_order() {
    let app = TestApp::spawn().await;
    let org = app.create_org("fjord");
    let per = app.create_person(org, "per@fjord.example", &[Role::Facilitator], None);
    let workshop = app.write(|c| {
        let w = team_web(c, org, per)?;
        let (facilitator, _) = workshops::join(c, &w, "Per", Some(per), true)?;
        let brainstorm = hverdag::live::protocol::ClientMessage::SetStep { step: 2 };
        workshops::command(c, &w, &facilitator, &brainstorm, 0)?.expect("the step changes");
        Ok(w)
    });

    let mut kari = open(&app, &workshop.join_code).await;
    say(&mut kari, hello("Kari", None)).await;
    assert_eq!(hear(&mut kari).await["type"], "welcome");
    // Ten cards, each followed by a vote, which the brainstorm step refuses; all sent at
    // once, within the burst the rate limit allows.
    for i in 0..10 {
        say(
            &mut kari,
            json!({"type": "add_card", "text": format!("Card {i}")}),
        )
        .await;
        say(&mut kari, json!({"type": "vote", "card": 1})).await;
    }
    let mut answers = Vec::new();
    for _ in 0..20 {
        let frame = hear(&mut kari).await;
        answers.push(match frame["type"].as_str() {
            Some("event") => format!("stored {}", frame["event"]["text"]),
            Some("error") => format!("refused {}", frame["code"]),
            _ => panic!("unexpected frame {frame}"),
        });
    }
    let expected: Vec<String> = (0..10)
        .flat_map(|i| {
            [
                format!("stored \"Card {i}\""),
                "refused \"wrong_step\"".to_owned(),
            ]
        })
        .collect();
    assert_eq!(answers, expected);
}

/// A connection that falls further behind than the room's backlog gets the whole board and
/// carries on, rather than being cut off. Here thousands of events reach the room at once:
/// they were stored behind the node's back (as by another node), and the next to join folds
/// them into the room's board, which sends each to everyone already in the room. Kari, who
/// is not reading at that moment (with a small receive buffer), falls behind.
#[tokio::test]
async fn a_connection_far_behind_gets_the_board_and_carries_on() {
    const STORED_BEHIND: i64 = 5_000;
    let app = TestApp::spawn().await;
    let (workshop, facilitator) = team_web_with_seat(&app);

    let tcp = tokio::net::TcpSocket::new_v4().expect("a socket");
    tcp.set_recv_buffer_size(4096)
        .expect("a small receive buffer");
    let address = std::net::SocketAddr::from(([127, 0, 0, 1], app.port));
    let stream = tcp.connect(address).await.expect("connect");
    let url = format!("ws://127.0.0.1:{}/live/{}", app.port, workshop.join_code);
    let (mut kari, _) =
        tokio_tungstenite::client_async(url, tokio_tungstenite::MaybeTlsStream::Plain(stream))
            .await
            .expect("the room accepts the connection");
    say(&mut kari, hello("Kari", None)).await;
    assert_eq!(hear(&mut kari).await["snapshot"]["seq"], 0);

    store_steps(&app, &workshop, &facilitator, STORED_BEHIND);
    let mut ola = open(&app, &workshop.join_code).await;
    say(&mut ola, hello("Ola", None)).await;
    // Ola's snapshot is the barrier: the room folds the stored events in, sending each to
    // everyone in the room, before it welcomes her, so by now all of them have been offered
    // to Kari's connection, far more than its backlog holds.
    assert_eq!(hear(&mut ola).await["snapshot"]["seq"], STORED_BEHIND);

    // Kari hears the events that fitted in the buffers, then, too far behind for the rest,
    // the board.
    let mut heard = 0;
    let board = loop {
        let frame = hear(&mut kari).await;
        match frame["type"].as_str() {
            Some("event") => heard += 1,
            Some("board") => break frame,
            _ => panic!("unexpected frame {frame}"),
        }
    };
    assert!(heard < STORED_BEHIND, "heard all {heard} events one by one");
    assert_eq!(board["snapshot"]["seq"], STORED_BEHIND);
    assert_eq!(board["snapshot"]["step"], 2);
    // Still connected: her next card comes back as the next event.
    say(
        &mut kari,
        json!({"type": "add_card", "text": "Happier customers"}),
    )
    .await;
    let stored = hear(&mut kari).await;
    assert_eq!(stored["type"], "event", "{stored}");
    assert_eq!(stored["seq"], STORED_BEHIND + 1);
}

/// Reads until the server closes the connection; returns the close frame's code.
async fn closed_with(socket: &mut Socket) -> Option<u16> {
    loop {
        match tokio::time::timeout(std::time::Duration::from_secs(10), socket.next())
            .await
            .expect("closed within 10 s")
        {
            Some(Ok(Message::Close(frame))) => return frame.map(|f| u16::from(f.code)),
            Some(Ok(_)) => {}
            Some(Err(_)) | None => return None,
        }
    }
}

#[tokio::test]
async fn oversize_frames_and_floods_are_closed_with_the_code_that_says_why() {
    use tokio_tungstenite::tungstenite::protocol::frame::Frame;
    use tokio_tungstenite::tungstenite::protocol::frame::coding::{Data, OpCode};
    let app = TestApp::spawn().await;
    let org = app.create_org("fjord");
    let per = app.create_person(org, "per@fjord.example", &[Role::Facilitator], None);
    let workshop = app.write(|c| team_web(c, org, per));
    let big = "x".repeat(hverdag::live::protocol::MAX_FRAME + 1);

    // One frame over the limit: 1009, "too big".
    let mut whole = open(&app, &workshop.join_code).await;
    say(&mut whole, hello("Whole", None)).await;
    assert_eq!(hear(&mut whole).await["type"], "welcome");
    whole.send(Message::text(big.clone())).await.expect("sent");
    assert_eq!(closed_with(&mut whole).await, Some(1009));

    // The same in small fragments: the limit holds as the message grows.
    let mut pieces = open(&app, &workshop.join_code).await;
    say(&mut pieces, hello("Pieces", None)).await;
    assert_eq!(hear(&mut pieces).await["type"], "welcome");
    let chunk = "y".repeat(1024);
    let first = Frame::message(chunk.clone(), OpCode::Data(Data::Text), false);
    pieces.send(Message::Frame(first)).await.expect("sent");
    for _ in 0..16 {
        let more = Frame::message(chunk.clone(), OpCode::Data(Data::Continue), false);
        if pieces.send(Message::Frame(more)).await.is_err() {
            break;
        }
    }
    assert_eq!(closed_with(&mut pieces).await, Some(1009));

    // A client that keeps flooding after being told to slow down: 1008, a policy violation.
    let mut flood = open(&app, &workshop.join_code).await;
    say(&mut flood, hello("Flood", None)).await;
    assert_eq!(hear(&mut flood).await["type"], "welcome");
    for _ in 0..200 {
        if flood
            .send(Message::text(json!({"type": "ping"}).to_string()))
            .await
            .is_err()
        {
            break;
        }
    }
    assert_eq!(closed_with(&mut flood).await, Some(1008));

    // The room is unharmed.
    let mut after = open(&app, &workshop.join_code).await;
    say(&mut after, hello("After", None)).await;
    assert_eq!(hear(&mut after).await["type"], "welcome");
}

#[tokio::test]
async fn a_resuming_client_gets_the_updates_it_missed_or_the_board_when_it_missed_too_many() {
    const STORED: i64 = 800;
    let app = TestApp::spawn().await;
    let (workshop, facilitator) = team_web_with_seat(&app);
    let mut kari = open(&app, &workshop.join_code).await;
    say(&mut kari, hello("Kari", None)).await;
    let welcome = hear(&mut kari).await;
    let token = welcome["resume_token"]
        .as_str()
        .expect("a token")
        .to_owned();
    drop(kari);
    // Someone stays in the room, so the node keeps it (and its latest updates).
    let mut ola = open(&app, &workshop.join_code).await;
    say(&mut ola, hello("Ola", None)).await;
    assert_eq!(hear(&mut ola).await["type"], "welcome");
    store_steps(&app, &workshop, &facilitator, STORED);
    let resume = |last_seq: i64| json!({"type": "hello", "version": 1, "code": "", "name": "", "resume_token": token, "last_seq": last_seq});

    // The room keeps its latest updates: three missed, three sent, no board.
    let mut back = open(&app, &workshop.join_code).await;
    say(&mut back, resume(STORED - 3)).await;
    assert_eq!(hear(&mut back).await["snapshot"], Value::Null);
    for seq in STORED - 2..=STORED {
        let missed = hear(&mut back).await;
        assert_eq!(
            (missed["type"].as_str(), missed["seq"].as_i64()),
            (Some("event"), Some(seq))
        );
    }
    drop(back);

    // Too many missed: the whole board in the welcome instead.
    let mut far = open(&app, &workshop.join_code).await;
    say(&mut far, resume(STORED - 600)).await;
    let welcome = hear(&mut far).await;
    assert_eq!(welcome["snapshot"]["seq"], STORED);
    drop(ola);
}

#[tokio::test]
async fn an_address_guessing_join_codes_is_made_to_wait() {
    let app = TestApp::spawn().await;
    let status = |code: String| {
        let url = format!("ws://127.0.0.1:{}/live/{code}", app.port);
        async move {
            match tokio_tungstenite::connect_async(url).await {
                Err(tokio_tungstenite::tungstenite::Error::Http(response)) => response.status(),
                other => panic!("an unknown code was let in: {other:?}"),
            }
        }
    };
    for i in 0..30 {
        assert_eq!(status(format!("NOPE{i:02}")).await, 404);
    }
    assert_eq!(status("NOPE99".into()).await, 429);
}

/// An event stored without its notice reaching this node (on PostgreSQL a `NOTIFY` lost while
/// the listener reconnects; here, written past the node) still reaches the room: each
/// heartbeat the node checks its live rooms against the log.
#[tokio::test]
async fn an_event_whose_notice_was_lost_reaches_the_room_within_a_heartbeat() {
    let app = TestApp::spawn_with(|c| c.ws_heartbeat_seconds = 1).await;
    let (workshop, facilitator) = team_web_with_seat(&app);
    let mut kari = open(&app, &workshop.join_code).await;
    say(&mut kari, hello("Kari", None)).await;
    assert_eq!(hear(&mut kari).await["snapshot"]["seq"], 0);
    store_steps(&app, &workshop, &facilitator, 1);
    let healed = hear(&mut kari).await;
    assert_eq!(
        (healed["seq"].as_i64(), healed["event"]["kind"].as_str()),
        (Some(1), Some("step_set"))
    );
}
