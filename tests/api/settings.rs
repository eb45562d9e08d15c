//! The organisation's follow-up settings: leaders choose how long OKR periods are
//! (quarters, tertials, half-years) and the nudge weekday, in the UI and through the API,
//! and the register, the quarterly meetings and the API follow the choice.

use chrono::Datelike;
use hverdag::domain::meetings;
use hverdag::domain::okrs::{self, ObjectiveInput, Status};
use hverdag::domain::org;
use hverdag::domain::people::Role;
use hverdag::domain::periods::{self, Periods};
use hverdag::domain::teams::TeamKind;
use reqwest::Method;
use serde_json::json;

use crate::helpers::*;
use crate::page::Page;

#[tokio::test]
async fn leaders_switch_to_tertials_and_the_register_and_meetings_follow() {
    let app = TestApp::spawn().await;
    let acme = app.create_org("acme");
    let web = app.create_team(acme, "Web", TeamKind::Team, None);
    app.create_person(acme, "leader@acme.example", &[Role::Leader], Some(PASSWORD));
    let kari = app.create_person(acme, "kari@acme.example", &[Role::Member], Some(PASSWORD));
    app.add_member(acme, web, kari);
    let today = app.read(|c| org::today(c, acme));
    let (quarter, tertial) = (Periods::Quarters.of(today), Periods::Tertials.of(today));

    let member = app.session();
    member.login("kari@acme.example", PASSWORD).await;
    assert_eq!(member.get("/settings/follow-up").await.status(), 403);
    let res = member
        .post_form("/settings/follow-up", &[("periods", "tertials")])
        .await;
    assert_eq!(res.status(), 403);

    let s = app.session();
    s.login("leader@acme.example", PASSWORD).await;
    let page = Page::of(&text_with_status(s.get("/settings/follow-up").await, 200).await);
    assert_eq!(
        page.attrs("input[name=periods][checked]", "value"),
        ["quarters"],
        "quarters by default"
    );
    let register =
        Page::of(&text_with_status(s.get(&format!("/okrs?team={web}")).await, 200).await);
    assert_eq!(register.text_of("nav.pager span"), quarter);
    // An objective planned for the quarter, before the switch.
    app.write(|c| {
        caught_up(c, |c| {
            okrs::create(
                c,
                acme,
                &ObjectiveInput {
                    team_id: web,
                    period: quarter.clone(),
                    title: "Planned per quarter".into(),
                    description: String::new(),
                    owner_id: None,
                    status: Status::Active,
                },
                None,
                &[],
            )
        })
    });

    // A quarterly OKR meeting series, set up while periods are quarters.
    let res = s
        .post_form(
            &format!("/teams/{web}/meetings"),
            &[
                ("kind", "quarterly"),
                ("weekday", "2"),
                ("start_time", "10:00"),
                ("duration_minutes", "90"),
                ("starts_on", &today.to_string()),
                ("ends_on", ""),
            ],
        )
        .await;
    assert_eq!(
        res.status(),
        303,
        "{}",
        res.text().await.unwrap_or_default()
    );
    let res = s
        .post_form(
            "/settings/follow-up",
            &[("nudge_weekday", "2"), ("periods", "tertials")],
        )
        .await;
    assert_redirect(&res, "/settings/follow-up");
    let saved = app.read(|c| org::find(c, acme));
    assert_eq!(
        (saved.periods(), saved.nudge_weekday),
        (Periods::Tertials, Some(2))
    );
    let page = Page::of(&text_with_status(s.get("/settings/follow-up").await, 200).await);
    assert_eq!(
        page.attrs("input[name=periods][checked]", "value"),
        ["tertials"]
    );
    let res = s
        .post_form(
            "/settings/follow-up",
            &[("nudge_weekday", ""), ("periods", "fortnights")],
        )
        .await;
    assert_eq!(res.status(), 400);
    let unchanged = app.read(|c| org::find(c, acme));
    assert_eq!(
        (unchanged.periods(), unchanged.nudge_weekday),
        (Periods::Tertials, Some(2)),
        "a refused form changes nothing"
    );

    // The register opens the tertial and steps by tertials; the quarter stays reachable.
    let register =
        Page::of(&text_with_status(s.get(&format!("/okrs?team={web}")).await, 200).await);
    assert_eq!(
        register.text_of("nav.pager span"),
        tertial,
        "{tertial} in the register"
    );
    let next = periods::shift(&tertial, 1).expect("a next tertial");
    assert!(
        register
            .attr("nav.pager a[rel=next]", "href")
            .ends_with(&format!("period={next}")),
        "a link to {next}"
    );
    assert_eq!(register.count("main h2[id^=objective-]"), 0);
    let old = s.get(&format!("/okrs?team={web}&period={quarter}")).await;
    assert_eq!(
        Page::of(&text_with_status(old, 200).await).select("main h2[id^=objective-]"),
        ["Planned per quarter"]
    );

    // The quarterly OKR meeting now opens each tertial: January, May and September (the
    // series was set up while the organisation planned in quarters).
    let tz = saved.time_zone.clone();
    let dates: Vec<chrono::NaiveDate> = app
        .write(|c| {
            meetings::team_meetings(
                c,
                acme,
                web,
                &tz,
                today,
                today,
                today + chrono::Days::new(200),
            )
        })
        .into_iter()
        .map(|m| m.local_date)
        .collect();
    assert!(!dates.is_empty());
    for day in &dates {
        assert!(
            [1, 5, 9].contains(&day.month()) && day.day() <= 7,
            "{day} opens a tertial"
        );
        assert_eq!(day.weekday(), chrono::Weekday::Tue);
    }
    let team_page = text_with_status(s.get(&format!("/teams/{web}/meetings")).await, 200).await;
    assert!(Page::of(&team_page).any_contains("tr.meeting td", "Tertial OKR meeting"));
}

#[tokio::test]
async fn the_follow_up_settings_api_reads_and_patches() {
    let app = TestApp::spawn().await;
    let acme = app.create_org("acme");
    let web = app.create_team(acme, "Web", TeamKind::Team, None);
    let leader = app.create_person(acme, "leader@acme.example", &[Role::Leader], None);
    let kari = app.create_person(acme, "kari@acme.example", &[Role::Member], None);
    let (_, token) = app.create_api_token(acme, leader, "settings");
    let member = app.session_api(kari).await;
    let api = app.bearer(&token);
    let today = app.read(|c| org::today(c, acme));

    let got = json_with_status(api.get("/api/v1/settings/follow-up").await, 200).await;
    assert_eq!(got["periods"], "quarters");
    assert_eq!(got["current_period"], Periods::Quarters.of(today));
    assert_eq!(got["nudge_weekday"], serde_json::Value::Null);
    assert_eq!(
        got["effective_nudge_weekday"], 4,
        "the deployment's default"
    );

    let patch = json!({"periods": "halves", "nudge_weekday": 5});
    let res = member
        .send(Method::PATCH, "/api/v1/settings/follow-up", Some(&patch))
        .await;
    assert_eq!(res.status(), 403, "members may read, not change");
    let got = json_with_status(
        api.send(Method::PATCH, "/api/v1/settings/follow-up", Some(&patch))
            .await,
        200,
    )
    .await;
    assert_eq!(got["periods"], "halves");
    assert_eq!(got["current_period"], Periods::Halves.of(today));
    assert_eq!(got["effective_nudge_weekday"], 5);

    // Fields left out stay; null clears the weekday.
    let got = json_with_status(
        api.send(
            Method::PATCH,
            "/api/v1/settings/follow-up",
            Some(&json!({"nudge_weekday": null})),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(got["periods"], "halves");
    assert_eq!(got["nudge_weekday"], serde_json::Value::Null);
    for bad in [
        json!({"periods": "fortnights"}),
        json!({"nudge_weekday": 9}),
        json!({"colour": "blue"}),
    ] {
        let res = api
            .send(Method::PATCH, "/api/v1/settings/follow-up", Some(&bad))
            .await;
        assert!(
            [400, 422].contains(&res.status().as_u16()),
            "{bad} refused with {}",
            res.status()
        );
    }
    assert_eq!(app.read(|c| org::find(c, acme)).periods(), Periods::Halves);

    // The register API defaults to the current period; a bad period is a 400.
    let current = Periods::Halves.of(today);
    app.write(|c| {
        caught_up(c, |c| {
            okrs::create(
                c,
                acme,
                &ObjectiveInput {
                    team_id: web,
                    period: current.clone(),
                    title: "This half".into(),
                    description: String::new(),
                    owner_id: None,
                    status: Status::Active,
                },
                None,
                &[],
            )
        })
    });
    let list = json_with_status(api.get(&format!("/api/v1/okrs?team={web}")).await, 200).await;
    assert_eq!(list[0]["objective"]["period"], current.as_str());
    let res = api
        .get(&format!("/api/v1/okrs?team={web}&period=2027-H3"))
        .await;
    assert_eq!(res.status(), 400);
}
