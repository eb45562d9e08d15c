//! Each person's home over HTTP: where sign-in lands, what a member, an ambassador and a
//! leader find there, in English and Norwegian.

use hverdag::domain::meetings;
use hverdag::domain::okrs::{self, KeyResultInput, ObjectiveInput, Status};
use hverdag::domain::people::Role;
use hverdag::domain::teams::TeamKind;

use crate::helpers::*;
use crate::page::Page;

#[tokio::test]
async fn a_member_lands_on_what_to_check_in_and_when_the_team_meets() {
    let app = TestApp::spawn().await;
    let org = app.create_org("fjord");
    let web = app.create_team(org, "Web", TeamKind::Team, None);
    let data = app.create_team(org, "Data", TeamKind::Team, None);
    let kari = app.create_person(org, "kari@fjord.example", &[Role::Member], Some(PASSWORD));
    let per = app.create_person(org, "per@fjord.example", &[Role::Member], Some(PASSWORD));
    app.add_member(org, web, kari);
    app.add_member(org, data, per);
    let objective = |team, title: &str, status| ObjectiveInput {
        team_id: team,
        period: "2027-Q1".into(),
        title: title.into(),
        description: String::new(),
        owner_id: None,
        status,
    };
    let okr = app.write(|c| {
        caught_up(c, |c| {
            okrs::create(
                c,
                org,
                &objective(web, "Grow the web shop", Status::Active),
                None,
                &[KeyResultInput {
                    owner_id: Some(kari),
                    ..KeyResultInput::number("Orders per week", "orders", 1000.0, 2000.0)
                }],
            )
        })
    });
    let kr = okr.key_results[0].id;
    app.write(|c| {
        caught_up(c, |c| {
            okrs::create(
                c,
                org,
                &objective(web, "Draft idea", Status::Draft),
                None,
                &[],
            )
        })?;
        caught_up(c, |c| {
            okrs::create(
                c,
                org,
                &objective(data, "Not Kari's", Status::Draft),
                None,
                &[],
            )
        })?;
        let today = chrono::Utc::now().date_naive();
        meetings::create_series(c, org, &weekly_results(web, 1, today), "UTC", today)
    });

    let s = app.session();
    s.login("kari@fjord.example", PASSWORD).await;
    assert_redirect(&s.get("/").await, "/home");
    let home = Page::of(&text_with_status(s.get("/home").await, 200).await);
    assert_eq!(home.text_of("h1"), "My week");
    assert_eq!(home.attrs("li.home-kr", "data-kr"), [kr.to_string()]);
    assert_eq!(
        home.attr("li.home-kr", "data-done"),
        "false",
        "not yet this week"
    );
    assert_eq!(home.attrs(".home-team", "data-team"), [web.to_string()]);
    assert!(
        home.attr(".home-next a", "href").starts_with("/meetings/"),
        "the team's next meeting, one click away"
    );
    assert_eq!(
        home.select(".home-draft a"),
        ["Draft idea"],
        "only her team's drafts"
    );
    assert!(!home.has("#home-watch"), "a member watches no teams");
    assert!(!home.has("#home-workshops"), "no workshop is running");
    assert_eq!(home.attr(".mainnav a[aria-current=page]", "href"), "/home");

    let res = s
        .post_form(
            "/check-ins",
            &[
                ("kr", &kr.to_string()),
                ("value", "1200"),
                ("confidence", "on_track"),
                ("note", ""),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let home = Page::of(&text_with_status(s.get("/home").await, 200).await);
    assert_eq!(home.attr("li.home-kr", "data-done"), "true");

    // In Norwegian, the same page.
    s.post_form("/locale", &[("lang", "nb"), ("next", "/home")])
        .await;
    let home = Page::of(&text_with_status(s.get("/home").await, 200).await);
    assert_eq!(home.text_of("h1"), "Min uke");
}

#[tokio::test]
async fn ambassadors_and_leaders_see_the_teams_they_watch() {
    let app = TestApp::spawn().await;
    let org = app.create_org("fjord");
    let web = app.create_team(org, "Web", TeamKind::Team, None);
    app.create_team(org, "Data", TeamKind::Team, None);
    let amb = app.create_person(
        org,
        "amb@fjord.example",
        &[Role::Ambassador],
        Some(PASSWORD),
    );
    app.create_person(org, "lead@fjord.example", &[Role::Leader], Some(PASSWORD));
    app.add_ambassador(org, web, amb);

    let s = app.session();
    s.login("amb@fjord.example", PASSWORD).await;
    let home = Page::of(&text_with_status(s.get("/home").await, 200).await);
    assert_eq!(
        home.attrs("#home-watch li.team-row", "data-team"),
        [web.to_string()],
        "an ambassador: the teams they support"
    );
    assert!(home.has("#home-check-ins"), "and their own check-ins");

    let s = app.session();
    s.login("lead@fjord.example", PASSWORD).await;
    let home = Page::of(&text_with_status(s.get("/home").await, 200).await);
    assert_eq!(
        home.count("#home-watch li.team-row"),
        2,
        "a leader: every team"
    );
    assert_eq!(home.attr("a.home-dashboard", "href"), "/adoption");
}

#[tokio::test]
async fn a_new_organisations_leader_is_led_step_by_step() {
    let app = TestApp::spawn().await;
    let org = app.create_org("fjord");
    app.create_person(org, "lead@fjord.example", &[Role::Leader], Some(PASSWORD));
    let s = app.session();
    s.login("lead@fjord.example", PASSWORD).await;
    let home = Page::of(&text_with_status(s.get("/home").await, 200).await);
    assert_eq!(
        home.attrs("#home-first-run li[data-done=true]", "data-step"),
        Vec::<String>::new()
    );
    assert_eq!(
        home.attr("#home-first-run a[aria-current=step]", "href"),
        "/people/import",
        "the first step: people and teams"
    );

    // With people and teams in, the next step is the ambassadors.
    let web = app.create_team(org, "Web", TeamKind::Team, None);
    let kari = app.create_person(org, "kari@fjord.example", &[Role::Member], None);
    app.add_member(org, web, kari);
    let home = Page::of(&text_with_status(s.get("/home").await, 200).await);
    assert_eq!(
        home.attrs("#home-first-run li[data-done=true]", "data-step"),
        ["people"]
    );
    assert_eq!(
        home.attr("#home-first-run a[aria-current=step]", "href"),
        "/teams"
    );
}
