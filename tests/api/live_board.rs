//! The room's newer rules over real WebSocket clients: key results for the top objectives,
//! secret votes with hidden tallies (the board arrives again when they show), presence, and
//! the read-only projector.

use hverdag::domain::people::Role;
use hverdag::domain::workshops;
use hverdag::live::room::Agenda;
use serde_json::{Value, json};

use crate::helpers::*;
use crate::live::{Socket, hear, hear_any, hello, open, open_signed_in, say, team_web};

async fn join(app: &TestApp, code: &str, name: &str) -> (Socket, i64) {
    let mut socket = open(app, code).await;
    say(&mut socket, hello(name, None)).await;
    let welcome = hear(&mut socket).await;
    assert_eq!(welcome["type"], "welcome");
    (socket, welcome["participant"].as_i64().expect("an id"))
}

/// Waits for a presence list (or change to it) in which `name` has the given online state.
async fn presence_shows(socket: &mut Socket, name: &str, online: bool) -> Value {
    loop {
        let frame = hear_any(socket).await;
        if (frame["type"] == "presence" || frame["type"] == "presence_changed")
            && frame["participants"]
                .as_array()
                .expect("a list")
                .iter()
                .any(|p| p["name"] == name && p["online"] == online)
        {
            return frame;
        }
    }
}

/// Waits until a participant is told that `n` people are here (participants get the count,
/// not the list).
pub(crate) async fn here_becomes(socket: &mut Socket, n: u64) {
    loop {
        let frame = hear_any(socket).await;
        if frame["type"] == "presence" || frame["type"] == "presence_changed" {
            assert_eq!(
                frame
                    .get("participants")
                    .and_then(Value::as_array)
                    .map_or(0, Vec::len),
                0,
                "a participant gets no list: {frame}"
            );
            if frame["here"] == n {
                return;
            }
        }
    }
}

#[tokio::test]
async fn secret_votes_hidden_tallies_key_results_presence_and_the_projector() {
    let app = TestApp::spawn().await;
    let org = app.create_org("fjord");
    let per = app.create_person(
        org,
        "per@fjord.example",
        &[Role::Facilitator],
        Some(PASSWORD),
    );
    let mut agenda = Agenda::standard();
    agenda.hidden_tallies = true;
    agenda.top_objectives = 1;
    let w = app.write(|c| {
        workshops::create(
            c,
            org,
            per,
            "Team Web",
            hverdag::domain::Locale::En,
            &agenda,
            None,
        )
    });
    let session = app.session();
    session.login("per@fjord.example", PASSWORD).await;
    let mut fac = open_signed_in(&app, &w.join_code, &session).await;
    say(&mut fac, hello("", None)).await;
    let welcome = hear(&mut fac).await;
    assert_eq!(welcome["type"], "welcome");
    // A second tab of a signed-in person takes the same seat (nobody appears twice).
    let mut tab = open_signed_in(&app, &w.join_code, &session).await;
    say(&mut tab, hello("", None)).await;
    assert_eq!(hear(&mut tab).await["participant"], welcome["participant"]);
    drop(tab);

    let (mut kari, kari_id) = join(&app, &w.join_code, "Kari").await;
    let (mut ola, _) = join(&app, &w.join_code, "Ola").await;
    // Everyone sees who is here; the facilitator too.
    presence_shows(&mut fac, "Ola", true).await;

    say(&mut fac, json!({"type": "set_step", "step": 2})).await;
    for s in [&mut fac, &mut kari, &mut ola] {
        hear(s).await;
    }
    say(
        &mut kari,
        json!({"type": "add_card", "text": "Happier customers"}),
    )
    .await;
    say(
        &mut kari,
        json!({"type": "add_card", "text": "Faster releases"}),
    )
    .await;
    for s in [&mut fac, &mut kari, &mut ola] {
        let first = hear(s).await;
        assert_eq!(first["event"]["card"], 1);
        // The card carries its author's name: participants have no list of who is here.
        assert_eq!(first["event"]["author"], "Kari");
        assert_eq!(hear(s).await["event"]["card"], 2);
    }
    say(&mut fac, json!({"type": "set_step", "step": 4})).await;
    for s in [&mut fac, &mut kari, &mut ola] {
        hear(s).await;
    }

    // Kari's vote: she and the facilitator hear it; Ola does not, while tallies are hidden.
    say(&mut kari, json!({"type": "vote", "card": 2})).await;
    let mine = hear(&mut kari).await;
    assert_eq!(mine["event"]["by"], kari_id);
    assert_eq!(hear(&mut fac).await["event"]["kind"], "voted");
    say(&mut ola, json!({"type": "vote", "card": 1})).await;
    let ola_vote = hear(&mut ola).await;
    assert_eq!(
        ola_vote["event"]["kind"], "voted",
        "Ola hears his own vote, not Kari's"
    );
    assert_eq!(hear(&mut fac).await["event"]["kind"], "voted");
    // After the vote step the tallies show: the board arrives again, with totals (and the
    // facilitator, who saw them all along, just hears the step change).
    say(&mut fac, json!({"type": "set_step", "step": 5})).await;
    assert_eq!(hear(&mut fac).await["event"]["kind"], "step_set");
    assert_eq!(hear(&mut kari).await["type"], "board");
    let board = hear(&mut ola).await;
    assert_eq!(board["type"], "board");
    let votes: Vec<Value> = board["snapshot"]["cards"]
        .as_array()
        .expect("cards")
        .iter()
        .map(|c| c["votes"].clone())
        .collect();
    assert_eq!(votes, [json!(1), json!(1)]);

    // Key results are drafted for the top objective only (one here: ties go to the older card).
    say(&mut ola, json!({"type": "propose_key_result", "objective": 2, "metric": "Deploys per week", "start": 1, "target": 5})).await;
    assert_eq!(hear(&mut ola).await["code"], "not_top_objective");
    say(&mut ola, json!({"type": "propose_key_result", "objective": 1, "metric": "NPS", "start": 5, "target": 5})).await;
    assert_eq!(hear(&mut ola).await["code"], "invalid_key_result");
    say(&mut ola, json!({"type": "propose_key_result", "objective": 1, "metric": "NPS", "unit": "points", "start": 12, "target": 40})).await;
    let proposed = hear(&mut kari).await;
    assert_eq!(proposed["event"]["kind"], "key_result_proposed");
    assert_eq!(proposed["event"]["draft"]["target"], 40.0);
    let kr = proposed["event"]["key_result"].clone();
    say(
        &mut kari,
        json!({"type": "delete_key_result", "key_result": kr}),
    )
    .await;
    assert_eq!(hear(&mut kari).await["code"], "not_your_card");

    // The projector shows the room and may not change it; only the facilitator opens one.
    let mut screen = open_signed_in(&app, &w.join_code, &session).await;
    say(&mut screen, json!({"type": "hello", "version": 1, "code": "", "name": "", "resume_token": null, "last_seq": null, "projector": true})).await;
    let welcome = hear(&mut screen).await;
    assert_eq!(welcome["participant"], 0);
    assert_eq!(
        welcome["snapshot"]["key_results"][0]["draft"]["metric"],
        "NPS"
    );
    say(&mut screen, json!({"type": "end"})).await;
    assert_eq!(hear(&mut screen).await["code"], "read_only");
    let mut sneaky = open(&app, &w.join_code).await;
    say(&mut sneaky, json!({"type": "hello", "version": 1, "code": "", "name": "x", "resume_token": null, "last_seq": null, "projector": true})).await;
    assert_eq!(hear(&mut sneaky).await["code"], "not_facilitator");

    // Leaving shows in the presence list.
    drop(ola);
    presence_shows(&mut fac, "Ola", false).await;
}

#[tokio::test]
async fn a_silent_connection_is_dropped_after_three_missed_heartbeats() {
    let app = TestApp::spawn_with(|c| c.ws_heartbeat_seconds = 1).await;
    let org = app.create_org("fjord");
    let per = app.create_person(
        org,
        "per@fjord.example",
        &[Role::Facilitator],
        Some(PASSWORD),
    );
    let w = app.write(|c| team_web(c, org, per));
    let (mut kari, _) = join(&app, &w.join_code, "Kari").await;
    let (gone, _) = join(&app, &w.join_code, "Gone").await;
    here_becomes(&mut kari, 2).await;
    // "Gone" keeps the connection open but never reads it again, so never answers a ping
    // (a phone that lost its network looks like this to the server).
    let started = std::time::Instant::now();
    here_becomes(&mut kari, 1).await;
    let took = started.elapsed();
    assert!(
        took >= std::time::Duration::from_secs(2) && took < std::time::Duration::from_secs(6),
        "dropped after {took:?}"
    );
    drop(gone);
}
