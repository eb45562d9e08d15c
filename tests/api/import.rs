//! CSV import of people: preview with per-row problems, then an all-or-nothing import.

use hverdag::domain::ids::{OrgId, PersonId};
use hverdag::domain::people::Role;
use hverdag::domain::teams::TeamKind;
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};

use crate::helpers::*;
use crate::page::Page;

const LEADER: &str = "leader@fjord.example";

const GOOD: &str = "name,email,team,roles\r\n\
Kari Nordmann,kari@fjord.example,App,leader|member\r\n\
Ola Hansen,OLA@fjord.example,Web,member\r\n\
Per Berg,per@fjord.example,,\r\n";

/// Line 3 has a bad email, line 5 repeats line 2's email.
const BAD: &str = "name,email,team,roles\n\
Kari Nordmann,kari@fjord.example,App,member\n\
Ola Hansen,ola-at-fjord,App,member\n\
Per Berg,per@fjord.example,,leader\n\
Kari Igjen,KARI@fjord.example,Web,member\n";

async fn leader_session() -> (TestApp, OrgId, Session) {
    let app = TestApp::spawn().await;
    let org = app.create_org("fjord");
    app.create_person(org, LEADER, &[Role::Leader], Some(PASSWORD));
    let s = app.session();
    s.login(LEADER, PASSWORD).await;
    (app, org, s)
}

fn file_form(csv: &[u8]) -> Form {
    let part = Part::bytes(csv.to_vec())
        .file_name("people.csv")
        .mime_str("text/csv")
        .expect("a MIME type");
    Form::new().part("file", part)
}

async fn preview(s: &Session, csv: &str) -> reqwest::Response {
    s.post_multipart("/people/import/preview", file_form(csv.as_bytes()))
        .await
}

#[tokio::test]
async fn a_good_file_previews_cleanly_and_changes_nothing() {
    let (app, org, s) = leader_session().await;
    text_with_status(s.get("/people/import").await, 200).await;
    let html = text_with_status(preview(&s, GOOD).await, 200).await;
    let shown = Page::of(&html);
    let names = shown.select("tr.import-row .import-name");
    let emails = shown.select("tr.import-row .import-email");
    let teams = shown.select("tr.import-row .import-team");
    for (column, text) in [
        (&names, "Kari Nordmann"),
        (&emails, "ola@fjord.example"),
        (&names, "Per Berg"),
        (&teams, "App"),
        (&teams, "Web"),
    ] {
        assert!(column.iter().any(|c| c == text), "the preview shows {text}");
    }
    assert!(preview_error_lines(&html).is_empty());
    assert_eq!(app.people_count(org), 1, "a preview imports nothing");
    assert!(app.teams(org).is_empty());
}

#[tokio::test]
async fn a_file_with_problems_lists_the_bad_lines() {
    let (app, org, s) = leader_session().await;
    let html = text_with_status(preview(&s, BAD).await, 422).await;
    assert_eq!(preview_error_lines(&html), vec![3, 5]);
    assert!(
        input_value(&html, "text").is_none(),
        "no import button for a file with problems"
    );
    assert_eq!(app.people_count(org), 1);
}

#[tokio::test]
async fn importing_a_file_with_problems_changes_nothing() {
    let (app, org, s) = leader_session().await;
    let res = s.post_form("/people/import", &[("text", BAD)]).await;
    let html = text_with_status(res, 422).await;
    assert_eq!(preview_error_lines(&html), vec![3, 5]);
    for email in ["kari@fjord.example", "per@fjord.example", "ola-at-fjord"] {
        assert!(
            app.person_by_email(email).is_none(),
            "{email} must not exist"
        );
    }
    assert!(
        app.teams(org).is_empty(),
        "no team from the file was created"
    );
    assert_eq!(app.people_count(org), 1);
}

#[tokio::test]
async fn importing_a_good_file_creates_people_teams_and_memberships() {
    let (app, org, s) = leader_session().await;
    // An existing team is reused, whatever the case of its name in the file.
    let web = app.create_team(org, "web", TeamKind::Team, None);

    let html = text_with_status(preview(&s, GOOD).await, 200).await;
    // The preview's confirm form carries the file; send it back as a browser would.
    let text = input_value(&html, "text").expect("the confirm form carries the file");
    let res = s.post_form("/people/import", &[("text", &text)]).await;
    assert_redirect(&res, "/people");

    let kari = app.person_by_email("kari@fjord.example").expect("Kari");
    let ola = app
        .person_by_email("ola@fjord.example")
        .expect("Ola, lower-cased");
    let per = app.person_by_email("per@fjord.example").expect("Per");
    assert_eq!(kari.name, "Kari Nordmann");
    assert_eq!(
        app.person(org, kari.id).roles,
        vec![Role::Leader, Role::Member]
    );
    assert_eq!(
        app.person(org, per.id).roles,
        vec![Role::Member],
        "member by default"
    );
    assert!(kari.active && ola.active && per.active);

    let app_team = app.team_by_name(org, "App").expect("team App was created");
    assert_eq!(app_team.kind, TeamKind::Team);
    assert_eq!(app.teams(org).len(), 2, "Web was reused, not created again");
    let members = |team| -> Vec<PersonId> {
        app.members(org, team)
            .into_iter()
            .filter(|m| m.left_on.is_none())
            .map(|m| m.person_id)
            .collect()
    };
    assert_eq!(members(app_team.id), vec![kari.id]);
    assert_eq!(members(web), vec![ola.id]);

    let list = Page::of(&text_with_status(s.get("/people").await, 200).await);
    assert!(
        list.select("tr.person .person-name")
            .contains(&"Kari Nordmann".to_owned())
    );
    assert!(list.has("#flash.flash-success"));
}

#[tokio::test]
async fn a_norwegian_semicolon_file_imports() {
    let (app, org, s) = leader_session().await;
    let csv = "\u{feff}navn;e-post;team;roller\n\
Åse Ødegård;aase@fjord.example;Plattform;leder/medlem\n\
Bjørn Ås;bjorn@fjord.example;Plattform;ambassadør\n";
    let html = text_with_status(preview(&s, csv).await, 200).await;
    assert!(
        Page::of(&html)
            .select("tr.import-row .import-name")
            .contains(&"Åse Ødegård".to_owned())
    );

    let res = s.post_form("/people/import", &[("text", csv)]).await;
    assert_redirect(&res, "/people");
    let aase = app.person_by_email("aase@fjord.example").expect("Åse");
    let bjorn = app.person_by_email("bjorn@fjord.example").expect("Bjørn");
    assert_eq!(aase.name, "Åse Ødegård");
    assert_eq!(
        app.person(org, aase.id).roles,
        vec![Role::Leader, Role::Member]
    );
    assert_eq!(app.person(org, bjorn.id).roles, vec![Role::Ambassador]);
    let team = app.team_by_name(org, "Plattform").expect("Plattform");
    let mut members: Vec<PersonId> = app
        .members(org, team.id)
        .iter()
        .map(|m| m.person_id)
        .collect();
    members.sort();
    let mut expected = vec![aase.id, bjorn.id];
    expected.sort();
    assert_eq!(members, expected);
}

#[tokio::test]
async fn importing_updates_people_already_in_the_organisation() {
    let (app, org, s) = leader_session().await;
    let kari = app.create_person_named(org, "Kari", "kari@fjord.example", &[Role::Member], None);
    let csv = "name,email,team,roles\nKari Nordmann,kari@fjord.example,App,facilitator\n";
    let res = s.post_form("/people/import", &[("text", csv)]).await;
    assert_redirect(&res, "/people");
    let person = app.person(org, kari);
    assert_eq!(person.row.name, "Kari Nordmann");
    assert_eq!(
        person.roles,
        vec![Role::Facilitator, Role::Member],
        "roles are added"
    );
    let team = app.team_by_name(org, "App").expect("App");
    assert_eq!(app.members(org, team.id).len(), 1);
    assert_eq!(app.people_count(org), 2);

    // Importing the same file again adds no second membership.
    let res = s.post_form("/people/import", &[("text", csv)]).await;
    assert_redirect(&res, "/people");
    assert_eq!(app.members(org, team.id).len(), 1);
}

#[tokio::test]
async fn a_department_named_as_a_team_is_a_problem() {
    let (app, org, s) = leader_session().await;
    app.create_team(org, "Produkt", TeamKind::Department, None);
    let csv = "name,email,team\nKari,kari@fjord.example,Produkt\n";
    let html = text_with_status(preview(&s, csv).await, 422).await;
    assert_eq!(preview_error_lines(&html), vec![2]);
    let res = s.post_form("/people/import", &[("text", csv)]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(app.person_by_email("kari@fjord.example").is_none());
}

#[tokio::test]
async fn unusable_files_are_explained() {
    let (app, org, s) = leader_session().await;
    // No email column.
    let res = preview(&s, "name,team\nKari,App\n").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // A header and nothing else.
    let res = preview(&s, "name,email\n").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // Nothing at all.
    let res = preview(&s, "").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // Not UTF-8.
    let res = s
        .post_multipart(
            "/people/import/preview",
            file_form(b"name,email\nK\xe5re,kare@fjord.example\n"),
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    // A bad role.
    let res = preview(&s, "name,email,roles\nKari,kari@fjord.example,boss\n").await;
    let html = text_with_status(res, 422).await;
    assert_eq!(preview_error_lines(&html), vec![2]);
    assert_eq!(app.people_count(org), 1);
}

#[tokio::test]
async fn pasted_text_previews_like_a_file() {
    let (_app, _org, s) = leader_session().await;
    let form = Form::new().text("text", GOOD.to_owned());
    let html = text_with_status(s.post_multipart("/people/import/preview", form).await, 200).await;
    assert!(
        Page::of(&html)
            .select("tr.import-row .import-name")
            .contains(&"Kari Nordmann".to_owned())
    );
}

#[tokio::test]
async fn the_preview_needs_the_csrf_token_and_a_leader() {
    let (app, org, s) = leader_session().await;
    let form =
        file_form(GOOD.as_bytes()).text("csrf_token", "wrong-token-wrong-token-wrong-token-xx");
    let res = s
        .client
        .post(s.url("/people/import/preview"))
        .multipart(form)
        .send()
        .await
        .expect("POST");
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    app.create_person(org, "member@fjord.example", &[Role::Member], Some(PASSWORD));
    let member = app.session();
    member.login("member@fjord.example", PASSWORD).await;
    assert_eq!(preview(&member, GOOD).await.status(), StatusCode::FORBIDDEN);
    let res = member.post_form("/people/import", &[("text", GOOD)]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(app.person_by_email("kari@fjord.example").is_none());
}

#[tokio::test]
async fn team_names_differing_only_in_case_become_one_team() {
    let (app, org, s) = leader_session().await;
    let csv = "name,email,team\nKari,kari@fjord.example,Web\nOla,ola@fjord.example,web\n";
    let res = s.post_form("/people/import", &[("text", csv)]).await;
    assert_redirect(&res, "/people");
    let teams = app.teams(org);
    assert_eq!(
        teams.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
        vec!["Web"],
        "one team for Web/web"
    );
    assert_eq!(app.members(org, teams[0].id).len(), 2);
}

#[tokio::test]
async fn a_norwegian_organisations_new_people_start_in_norwegian() {
    let app = TestApp::spawn().await;
    let new = hverdag::domain::org::NewOrg {
        name: "Fjord AS".into(),
        slug: "fjord".into(),
        locale: hverdag::domain::Locale::Nb,
        time_zone: "Europe/Oslo".into(),
    };
    let org = app.write(|c| hverdag::domain::org::create(c, &new)).id;
    app.create_person(org, LEADER, &[Role::Leader], Some(PASSWORD));
    let s = app.session();
    s.login(LEADER, PASSWORD).await;
    let form = Page::of(&text_with_status(s.get("/people/new").await, 200).await);
    assert_eq!(form.attr("#locale option[selected]", "value"), "nb");

    let csv = "navn;e-post;team;roller\nÅse Ødegård;aase@fjord.example;Plattform;medlem\n";
    let res = s.post_form("/people/import", &[("text", csv)]).await;
    assert_redirect(&res, "/people");
    let aase = app.person_by_email("aase@fjord.example").expect("Åse");
    assert_eq!(aase.locale, "nb", "the organisation's language");
}

#[tokio::test]
async fn a_file_can_invite_the_new_people_instead_of_adding_them() {
    let (app, org, s) = leader_session().await;
    app.create_person(org, "per@fjord.example", &[Role::Member], None);
    let people_before = app.people_count(org);
    let html = text_with_status(preview(&s, GOOD).await, 200).await;
    assert!(Page::of(&html).has("#invite-instead"));

    let res = s
        .post_form("/people/import", &[("text", GOOD), ("mode", "invite")])
        .await;
    assert_redirect(&res, "/people/invites");
    let page = Page::of(&text_with_status(s.get("/people/invites").await, 200).await);
    assert!(
        page.flash().contains("2 invitations sent"),
        "{}",
        page.flash()
    );
    assert!(
        page.flash()
            .contains("One row was someone already in the organisation")
    );
    assert_eq!(page.count("tr.invite[data-status=pending]"), 2);
    assert_eq!(app.people_count(org), people_before, "nobody added yet");
    let kari = app.last_mail_to("kari@fjord.example").await;
    let path = kari.link_path("/invite/").expect("an invitation link");
    let token = path.trim_start_matches("/invite/");
    let accept = [
        ("token", token),
        ("name", "Kari Nordmann"),
        ("password", "a long enough passphrase"),
    ];
    let res = app.session().post_form("/invite/accept", &accept).await;
    assert_redirect(&res, "/home");
    let kari = app
        .person_by_email("kari@fjord.example")
        .expect("Kari joined");
    assert_eq!(app.person(org, kari.id).roles, vec![Role::Leader]);
    let app_team = app
        .team_by_name(org, "App")
        .expect("the file's team was created");
    assert!(
        app.members(org, app_team.id)
            .iter()
            .any(|m| m.person_id == kari.id)
    );

    // The same file again: the addresses have invitations waiting, so nothing is sent.
    let res = s
        .post_form("/people/import", &[("text", GOOD), ("mode", "invite")])
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = Page::of(&res.text().await.unwrap());
    assert!(
        page.main_text()
            .contains("already has an invitation waiting")
    );
}
