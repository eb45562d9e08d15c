//! Workshop pages over HTTP: set-up with the agenda builder, join by code, QR code, roles, and
//! the outcome — saving the chosen objectives and key results, the summary and the exports.

use hverdag::domain::ids::{OrgId, PersonId, TeamId, WorkshopId};
use hverdag::domain::people::Role;
use hverdag::domain::teams::TeamKind;
use hverdag::domain::{okrs, workshops};
use hverdag::live::protocol::ClientMessage as M;
use hverdag::live::room::Agenda;

use crate::helpers::*;
use crate::page::Page;

struct Fjord {
    app: TestApp,
    org: OrgId,
    per: PersonId,
    team: TeamId,
    per_session: Session,
}

async fn fjord() -> Fjord {
    let app = TestApp::spawn().await;
    let org = app.create_org("fjord");
    let per = app.create_person(
        org,
        "per@fjord.example",
        &[Role::Facilitator],
        Some(PASSWORD),
    );
    app.create_person(org, "kari@fjord.example", &[Role::Member], Some(PASSWORD));
    let team = app.create_team(org, "Web", TeamKind::Team, None);
    let per_session = app.session();
    per_session.login("per@fjord.example", PASSWORD).await;
    Fjord {
        app,
        org,
        per,
        team,
        per_session,
    }
}

fn setup_form<'a>(title: &'a str, team: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("title", title),
        ("locale", "nb"),
        ("rollout_id", ""),
        ("team_id", team),
        ("votes_per_person", "2"),
        ("top_objectives", "2"),
        ("anonymous", "on"),
        ("step_kind", "intro"),
        ("step_minutes", "5"),
        ("step_text", "Velkommen!"),
        ("step_case", ""),
        ("step_kind", "practice"),
        ("step_minutes", ""),
        ("step_text", ""),
        ("step_case", "builtin:bakery"),
        ("step_kind", ""),
        ("step_minutes", ""),
        ("step_text", ""),
        ("step_case", ""),
        ("step_kind", "brainstorm"),
        ("step_minutes", "10"),
        ("step_text", "ignored for brainstorm"),
        ("step_case", ""),
    ]
}

#[tokio::test]
async fn a_facilitator_sets_up_a_workshop_and_participants_find_it_by_code() {
    let f = fjord().await;
    let s = &f.per_session;
    let form = Page::of(&text_with_status(s.get("/workshops/new").await, 200).await);
    let agenda = form.attrs("select[name=step_kind] option[selected]", "value");
    assert!(
        form.attrs("select[name=step_case] option[selected]", "value")
            .contains(&"builtin:bakery".to_owned()),
        "the default agenda has a practice case"
    );
    assert!(
        agenda.contains(&"draft_key_results".to_owned()),
        "{agenda:?}"
    );

    // Mistakes come back with the input kept and a message per field.
    let team = f.team.to_string();
    let mut bad = setup_form("", &team);
    bad.push(("step_kind", "dance"));
    bad.push(("step_minutes", "500"));
    bad.push(("step_text", ""));
    bad.push(("step_case", ""));
    let page = text_with_status(s.post_form("/workshops", &bad).await, 422).await;
    assert!(
        Page::of(&page).has_field_error("Choose a step type from the list"),
        "{:?}",
        Page::of(&page).field_errors()
    );

    let res = s
        .post_form("/workshops", &setup_form("Team Web kick-off", &team))
        .await;
    assert_eq!(res.status(), 303);
    let url = location(&res);
    let id: WorkshopId = url
        .trim_start_matches("/workshops/")
        .parse()
        .expect("an id");
    let w = f.app.read(|c| workshops::find(c, f.org, id));
    let agenda = w.agenda();
    let kinds: Vec<&str> = agenda.steps.iter().map(|s| s.kind.code()).collect();
    assert_eq!(
        kinds,
        ["intro", "practice", "brainstorm"],
        "empty rows are skipped"
    );
    assert_eq!(agenda.steps[0].text.as_deref(), Some("Velkommen!"));
    assert_eq!(agenda.steps[1].case.as_deref(), Some("builtin:bakery"));
    assert_eq!(agenda.steps[2].text, None);
    assert_eq!((agenda.votes_per_person, agenda.top_objectives), (2, 2));
    assert!(agenda.anonymous && !agenda.hidden_tallies);
    assert_eq!(w.locale, "nb");
    assert_eq!(
        f.app.read(|c| workshops::teams_of(c, f.org, id)),
        vec![(f.team, "Web".to_owned())]
    );

    let show = text_with_status(s.get(&url).await, 200).await;
    assert_eq!(Page::of(&show).text_of(".join-code"), w.join_code);
    assert!(
        Page::of(&show)
            .text_of("#who-runs")
            .starts_with("You facilitate"),
        "the page says who runs it"
    );
    // A leader reads who runs it, and that they may change it.
    f.app
        .create_person(f.org, "lead@fjord.example", &[Role::Leader], Some(PASSWORD));
    let lead = f.app.session();
    lead.login("lead@fjord.example", PASSWORD).await;
    let seen = Page::of(&text_with_status(lead.get(&url).await, 200).await);
    let per_name = f.app.person(f.org, f.per).row.name;
    assert!(
        seen.text_of("#who-runs").contains(&per_name)
            && seen.text_of("#who-runs").contains("As a leader"),
        "{}",
        seen.text_of("#who-runs")
    );
    let qr = s.get(&format!("{url}/qr.svg")).await;
    assert_eq!(qr.headers()["content-type"], "image/svg+xml");
    assert!(Page::of(&text_with_status(qr, 200).await).has("svg"));

    // Participants need no account: the code, typed any old way, finds the room.
    let guest = f.app.session();
    let typed = w.join_code.to_lowercase();
    let res = guest.get(&format!("/join?code={typed}")).await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), format!("/w/{}", w.join_code));
    let room = text_with_status(guest.get(&format!("/w/{}", w.join_code)).await, 200).await;
    let room = Page::of(&room);
    assert_eq!(room.attr("#room", "data-code"), w.join_code);
    assert_eq!(
        room.attr("#room", "data-ws-path"),
        format!("/live/{}", w.join_code)
    );
    let unknown = Page::of(&text_with_status(guest.get("/join?code=ZZZZZZ").await, 404).await);
    assert_eq!(unknown.attr("#code", "aria-invalid"), "true");
    assert!(unknown.has("#code-error"));

    // Only facilitators and leaders run workshops; only the facilitator opens the room.
    let kari = f.app.session();
    kari.login("kari@fjord.example", PASSWORD).await;
    assert_eq!(kari.get("/workshops").await.status(), 403);
    assert_eq!(kari.get(&format!("{url}/run")).await.status(), 403);
    assert_eq!(
        guest.get("/workshops/new").await.status(),
        303,
        "sign in first"
    );

    // A draft can be changed: the form comes back filled in.
    let edit = text_with_status(s.get(&format!("{url}/edit")).await, 200).await;
    let edit = Page::of(&edit);
    assert_eq!(edit.value_of("#title"), "Team Web kick-off");
    assert!(
        edit.select("textarea[name=step_text]")
            .iter()
            .any(|t| t.contains("Velkommen!"))
    );
    let mut changed = setup_form("Team Web workshop", &team);
    changed.retain(|(k, v)| !(*k == "anonymous" && *v == "on"));
    let res = s.post_form(&url, &changed).await;
    assert_eq!(location(&res), url);
    let w = f.app.read(|c| workshops::find(c, f.org, id));
    assert_eq!(w.title, "Team Web workshop");
    assert!(!w.agenda().anonymous);

    // A draft can be deleted, after a confirmation page.
    text_with_status(s.get(&format!("{url}/delete")).await, 200).await;
    let res = s.post_form(&format!("{url}/delete"), &[]).await;
    assert_eq!(location(&res), "/workshops");
    assert!(
        f.app
            .read(|c| workshops::find_by_code(c, &w.join_code))
            .is_none()
    );
}

/// A workshop that ran: two cards, votes, key results for the top one; ended when `end`.
fn run_workshop(f: &Fjord, end: bool) -> workshops::Workshop {
    f.app.write(|c| {
        let w = workshops::create(
            c,
            f.org,
            f.per,
            "Team Web",
            hverdag::domain::Locale::En,
            &Agenda::standard(),
            None,
        )?;
        workshops::set_teams(c, &w, &[f.team])?;
        let (fac, _) = workshops::join(c, &w, "Per", Some(f.per), true)?;
        let (kari, _) = workshops::join(c, &w, "Kari", None, false)?;
        let mut send = |who: &workshops::Participant, m: M| {
            workshops::command(c, &w, who, &m, 0).map(|r| r.expect("accepted"))
        };
        send(&fac, M::SetStep { step: 2 })?;
        send(
            &kari,
            M::AddCard {
                text: "=Happier customers".into(),
            },
        )?;
        send(
            &kari,
            M::AddCard {
                text: "Faster releases".into(),
            },
        )?;
        send(&fac, M::SetStep { step: 4 })?;
        send(&kari, M::Vote { card: 2 })?;
        send(&kari, M::Vote { card: 2 })?;
        send(&fac, M::SetStep { step: 5 })?;
        for (metric, target) in [("Deploys per week", 10.0), ("Lead time in days", 2.0)] {
            send(
                &kari,
                M::ProposeKeyResult {
                    objective: 2,
                    metric: metric.into(),
                    unit: String::new(),
                    start: 4.0,
                    target,
                },
            )?;
        }
        if end {
            send(&fac, M::End)?;
        }
        workshops::find(c, f.org, w.id)
    })
}

#[tokio::test]
async fn the_team_leaves_with_objectives_and_key_results_saved() {
    let f = fjord().await;
    let s = &f.per_session;
    let running = run_workshop(&f, false);
    let path = format!("/workshops/{}/outcome", running.id);
    let team = f.team.to_string();
    let early = s
        .post_form(
            &path,
            &[("team_id", &team), ("period", "2027-Q1"), ("card", "2")],
        )
        .await;
    text_with_status(early, 422).await;
    assert!(
        f.app
            .read(|c| okrs::from_workshop(c, f.org, running.id))
            .is_empty()
    );

    // While it runs, another facilitator may not peek at the (possibly hidden) tallies.
    f.app.create_person(
        f.org,
        "ola@fjord.example",
        &[Role::Facilitator],
        Some(PASSWORD),
    );
    let ola = f.app.session();
    ola.login("ola@fjord.example", PASSWORD).await;
    let live_summary = format!("/workshops/{}/summary", running.id);
    assert_eq!(ola.get(&live_summary).await.status(), 403);
    assert_eq!(
        ola.get(&format!("/workshops/{}/export.csv", running.id))
            .await
            .status(),
        403
    );
    text_with_status(s.get(&live_summary).await, 200).await;

    let w = run_workshop(&f, true);
    assert_eq!(w.status.code(), "ended");
    // A workshop that ran keeps its agenda.
    let edit = s.get(&format!("/workshops/{}/edit", w.id)).await;
    assert_eq!(location(&edit), format!("/workshops/{}", w.id));
    text_with_status(ola.get(&format!("/workshops/{}/summary", w.id)).await, 200).await;
    // Objectives go to one of the workshop's teams.
    let other_team = f
        .app
        .create_team(f.org, "Data", TeamKind::Team, None)
        .to_string();
    let path = format!("/workshops/{}/outcome", w.id);
    let wrong = s
        .post_form(
            &path,
            &[
                ("team_id", &other_team),
                ("period", "2027-Q1"),
                ("card", "2"),
            ],
        )
        .await;
    text_with_status(wrong, 422).await;
    let path = format!("/workshops/{}/outcome", w.id);
    let review = text_with_status(s.get(&path).await, 200).await;
    // The top objectives (the standard agenda keeps three) and their key results are
    // ticked, most votes first.
    let review = Page::of(&review);
    let cards = review.attrs("input[name=card][checked]", "value");
    assert_eq!(
        cards[..2],
        ["2", "1"],
        "the top card and the runner-up, in that order"
    );
    assert!(
        review
            .attrs("input[name=kr][checked]", "value")
            .contains(&"4".to_owned())
    );

    let bad = s
        .post_form(
            &path,
            &[("team_id", &team), ("period", "soon"), ("card", "2")],
        )
        .await;
    assert!(Page::of(&text_with_status(bad, 422).await).has_field_error("2027-Q1"));
    let res = s
        .post_form(
            &path,
            &[
                ("team_id", &team),
                ("period", "2027-Q1"),
                ("card", "2"),
                ("kr", "3"),
            ],
        )
        .await;
    assert_eq!(location(&res), format!("/workshops/{}/summary", w.id));
    let saved = f.app.read(|c| okrs::from_workshop(c, f.org, w.id));
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].objective.title, "Faster releases");
    assert_eq!(saved[0].objective.team_id, f.team);
    assert_eq!(saved[0].objective.period, "2027-Q1");
    let krs: Vec<(&str, f64, f64)> = saved[0]
        .key_results
        .iter()
        .map(|k| (k.title.as_str(), k.start_value, k.target_value))
        .collect();
    assert_eq!(
        krs,
        [("Deploys per week", 4.0, 10.0)],
        "only the ticked key result"
    );
    // Saving again does not duplicate.
    s.post_form(
        &path,
        &[("team_id", &team), ("period", "2027-Q1"), ("card", "2")],
    )
    .await;
    assert_eq!(f.app.read(|c| okrs::from_workshop(c, f.org, w.id)).len(), 1);

    let summary = text_with_status(s.get(&format!("/workshops/{}/summary", w.id)).await, 200).await;
    assert!(
        Page::of(&summary)
            .select("ul.saved-objectives li li")
            .iter()
            .any(|kr| kr.starts_with("Deploys per week"))
    );
    // The summary leads to the drafts, in the team and period they were saved to.
    let summary = Page::of(&summary);
    assert_eq!(
        summary.attr("ul.saved-objectives > li a", "href"),
        format!("/okrs/objectives/{}", saved[0].objective.id)
    );
    assert_eq!(
        summary.attr("#open-register", "href"),
        format!("/okrs?team={}&period=2027-Q1", f.team)
    );

    let csv = text_with_status(s.get(&format!("/workshops/{}/export.csv", w.id)).await, 200).await;
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("rank,card,objective,author,group,votes,key_result,unit,start,target")
    );
    assert_eq!(
        lines.next(),
        Some("1,2,Faster releases,Kari,,2,Deploys per week,,4,10")
    );
    assert_eq!(
        lines.nth(1),
        Some("2,1,'=Happier customers,Kari,,0,,,,"),
        "no formulas"
    );
    let json = json_with_status(
        s.get(&format!("/workshops/{}/export.json", w.id)).await,
        200,
    )
    .await;
    assert_eq!(json["cards"][0]["votes"], 2);
    assert_eq!(
        json["cards"][0]["key_results"][1]["metric"],
        "Lead time in days"
    );
    assert_eq!(json["total_votes"], 2);
    assert_eq!(
        json["attendance"][0]["person_id"], f.per.0,
        "signed-in people count as attending"
    );
}
