//! Check-ins over HTTP: the weekly page with one "save all" (all or nothing, only one's own
//! key results), a key result's page with its history and sparkline, and who may check in.

use hverdag::domain::ids::KeyResultId;
use hverdag::domain::okrs::check_ins;
use hverdag::domain::okrs::{self, KeyResultInput, KrKind, ObjectiveInput, Status};
use hverdag::domain::people::Role;
use hverdag::domain::teams::TeamKind;

use crate::helpers::*;
use crate::page::Page;

#[tokio::test]
async fn the_weekly_check_in_takes_one_form_for_everything_i_own() {
    let app = TestApp::spawn().await;
    let org = app.create_org("fjord");
    let web = app.create_team(org, "Web", TeamKind::Team, None);
    let data = app.create_team(org, "Data", TeamKind::Team, None);
    let kari = app.create_person(org, "kari@fjord.example", &[Role::Member], Some(PASSWORD));
    let ola = app.create_person(org, "ola@fjord.example", &[Role::Member], Some(PASSWORD));
    let per = app.create_person(org, "per@fjord.example", &[Role::Member], Some(PASSWORD));
    app.add_member(org, web, kari);
    app.add_member(org, web, ola);
    app.add_member(org, data, per);
    let owned = |title: &str, kind, owner| KeyResultInput {
        kind,
        owner_id: Some(owner),
        ..KeyResultInput::number(title, "orders", 1000.0, 2000.0)
    };
    let okr = app.write(|c| {
        caught_up(c, |c| {
            okrs::create(
                c,
                org,
                &ObjectiveInput {
                    team_id: web,
                    period: "2027-Q1".into(),
                    title: "Grow the web shop".into(),
                    description: String::new(),
                    owner_id: None,
                    status: Status::Active,
                },
                None,
                &[
                    owned("Orders per week", KrKind::Number, kari),
                    owned("New checkout live", KrKind::YesNo, kari),
                    owned("Returning customers", KrKind::Percent, ola),
                ],
            )
        })
    });
    let (orders, checkout, returning) = (
        okr.key_results[0].id,
        okr.key_results[1].id,
        okr.key_results[2].id,
    );
    let s = app.session();
    s.login("kari@fjord.example", PASSWORD).await;
    let page = Page::of(&text_with_status(s.get("/check-ins").await, 200).await);
    assert_eq!(
        page.select("fieldset.check-in-row legend"),
        ["Orders per week", "New checkout live"],
        "only what Kari owns"
    );
    assert!(!page.main_text().contains("Returning customers"));

    let week = |rows: &[(KeyResultId, &str, &str, &str)]| {
        let mut fields: Vec<(String, String)> = Vec::new();
        for (kr, value, confidence, note) in rows {
            fields.push(("kr".into(), kr.to_string()));
            fields.push(("value".into(), (*value).into()));
            fields.push(("confidence".into(), (*confidence).into()));
            fields.push(("note".into(), (*note).into()));
        }
        fields
    };
    let post = |fields: Vec<(String, String)>| {
        let s = &s;
        async move {
            let refs: Vec<(&str, &str)> = fields
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            s.post_form("/check-ins", &refs).await
        }
    };
    // One bad row: nothing is saved, and the typed values come back.
    let refused = post(week(&[
        (orders, "1 234,5", "at_risk", "Campaign starts Monday"),
        (checkout, "soon", "on_track", ""),
    ]))
    .await;
    let body = Page::of(&text_with_status(refused, 422).await);
    assert_eq!(body.value_of(&format!("#value-{orders}")), "1 234,5");
    assert_eq!(
        body.value_of(&format!("#note-{orders}")),
        "Campaign starts Monday"
    );
    assert_eq!(
        body.text_of(&format!("#value-error-{checkout}")),
        "Write a number, like 27 or 3,5.",
        "the problem sits beside the field it is about"
    );
    assert_eq!(
        body.attr(&format!("#value-{checkout}"), "aria-invalid"),
        "true"
    );
    assert!(
        !body.has(&format!("#value-{orders}[aria-invalid]")),
        "the good row is not marked"
    );
    assert!(
        body.text_of("#check-in-summary")
            .contains("Nothing was saved"),
        "the top says nothing was saved, and why"
    );
    assert!(app.read(|c| check_ins::history(c, org, orders)).is_empty());

    // A note without a value is kept, and asks for the value.
    let body = Page::of(
        &text_with_status(
            post(week(&[(orders, "", "at_risk", "Waiting for the supplier")])).await,
            422,
        )
        .await,
    );
    assert_eq!(
        body.value_of(&format!("#note-{orders}")),
        "Waiting for the supplier"
    );
    assert!(body.has(&format!("#value-error-{orders}")));

    // A value far outside start … target asks once, and is saved when confirmed.
    let body =
        Page::of(&text_with_status(post(week(&[(orders, "-5", "on_track", "")])).await, 422).await);
    assert!(
        body.has(&format!("input[name=sure][value='{orders}']")),
        "a second look"
    );
    assert!(app.read(|c| check_ins::history(c, org, orders)).is_empty());
    let mut sure = week(&[(orders, "-5", "on_track", "")]);
    sure.push(("sure".into(), orders.to_string()));
    assert_eq!(post(sure).await.status(), 303);
    let saved = app.read(|c| check_ins::history(c, org, orders));
    assert_eq!(saved.iter().map(|c| c.value).collect::<Vec<_>>(), [-5.0]);

    // Someone else's key result cannot ride along.
    let foreign = post(week(&[(returning, "40", "on_track", "")])).await;
    assert_eq!(foreign.status(), 403);

    // Empty rows are skipped; the rest is saved in one go.
    let res = post(week(&[
        (orders, "1 234,5", "at_risk", "Campaign starts Monday"),
        (checkout, "", "on_track", ""),
    ]))
    .await;
    assert_eq!(location(&res), "/check-ins");
    let history = app.read(|c| check_ins::history(c, org, orders));
    assert_eq!(history.len(), 2);
    assert_eq!(
        (history[1].value, history[1].confidence.code()),
        (1234.5, "at_risk")
    );
    assert_eq!(history[1].person_id, Some(kari));
    let page = Page::of(&text_with_status(s.get("/check-ins").await, 200).await);
    assert_eq!(
        page.text_of(&format!("#kr-{orders}-now .status-done")),
        "Checked in this week"
    );

    // The key result's page: history, and a sparkline once there are check-ins.
    s.post_form(
        &format!("/okrs/key-results/{orders}/check-ins"),
        &[("value", "1500"), ("confidence", "on_track"), ("note", "")],
    )
    .await;
    let kr_page = text_with_status(s.get(&format!("/okrs/key-results/{orders}")).await, 200).await;
    let kr_page = Page::of(&kr_page);
    assert!(kr_page.has("svg.sparkline polyline"));
    assert!(
        kr_page
            .select("tr.check-in .check-in-note")
            .contains(&"Campaign starts Monday".to_owned())
    );
    let kr = app.read(|c| okrs::key_results::find(c, org, orders));
    assert_eq!((kr.current_value, kr.progress()), (1500.0, 0.5));
    let bad = s
        .post_form(
            &format!("/okrs/key-results/{orders}/check-ins"),
            &[("value", "many"), ("confidence", "on_track"), ("note", "")],
        )
        .await;
    text_with_status(bad, 422).await;

    // Ola (same team) may check in on Kari's key result; Per (another team) may only read.
    let o = app.session();
    o.login("ola@fjord.example", PASSWORD).await;
    let res = o
        .post_form(
            &format!("/okrs/key-results/{checkout}/check-ins"),
            &[
                ("value", "1"),
                ("confidence", "on_track"),
                ("note", "Shipped!"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        app.read(|c| okrs::key_results::find(c, org, checkout))
            .progress(),
        1.0
    );
    let p = app.session();
    p.login("per@fjord.example", PASSWORD).await;
    text_with_status(p.get(&format!("/okrs/key-results/{orders}")).await, 200).await;
    let res = p
        .post_form(
            &format!("/okrs/key-results/{orders}/check-ins"),
            &[("value", "1"), ("confidence", "on_track"), ("note", "")],
        )
        .await;
    assert_eq!(res.status(), 403);
    let empty = text_with_status(p.get("/check-ins").await, 200).await;
    assert!(
        Page::of(&empty)
            .text_of("main .empty")
            .contains("You own no key results yet")
    );
}
