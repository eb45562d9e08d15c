//! The OKR register over HTTP: who may change a team's OKRs, the forms with their
//! validation, progress either way, workshop drafts confirmed, moving to the next quarter,
//! archiving and restoring.

use hverdag::domain::ids::ObjectiveId;
use hverdag::domain::okrs::{self, KeyResultInput, ObjectiveInput, Status};
use hverdag::domain::people::Role;
use hverdag::domain::teams::TeamKind;

use crate::helpers::*;
use crate::page::Page;

#[tokio::test]
async fn a_team_keeps_its_objectives_and_key_results_in_the_register() {
    let app = TestApp::spawn().await;
    let org = app.create_org("fjord");
    let web = app.create_team(org, "Web", TeamKind::Team, None);
    let data = app.create_team(org, "Data", TeamKind::Team, None);
    let kari = app.create_person(org, "kari@fjord.example", &[Role::Member], Some(PASSWORD));
    let ola = app.create_person(org, "ola@fjord.example", &[Role::Member], Some(PASSWORD));
    app.add_member(org, web, kari);
    app.add_member(org, data, ola);
    let s = app.session();
    s.login("kari@fjord.example", PASSWORD).await;

    // Kari's own team and this quarter by default, with an empty state that explains.
    let page = Page::of(&text_with_status(s.get("/okrs").await, 200).await);
    assert!(
        page.text_of("main .empty")
            .contains("Web has no objectives"),
        "the empty state"
    );

    let new = format!("/okrs/new?team={web}&period=2027-Q1");
    text_with_status(s.get(&new).await, 200).await;
    let form = |title: &'static str, period: &'static str| {
        vec![
            ("team_id", web.to_string()),
            ("period", period.to_owned()),
            ("title", title.to_owned()),
            ("description", "Why it matters".to_owned()),
            ("owner_id", kari.to_string()),
            ("status", "active".to_owned()),
        ]
    };
    let as_refs = |f: &[(&'static str, String)]| -> Vec<(&'static str, String)> { f.to_vec() };
    let post = |path: String, fields: Vec<(&'static str, String)>| {
        let s = &s;
        async move {
            let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            s.post_form(&path, &refs).await
        }
    };
    let bad = text_with_status(
        post("/okrs".into(), as_refs(&form("", "2027-Q9"))).await,
        422,
    )
    .await;
    assert!(
        Page::of(&bad).text_of("#period-error").contains("2027-Q1"),
        "the period error explains the form"
    );
    let res = post(
        "/okrs".into(),
        as_refs(&form("Customers love our delivery times", "2027-Q1")),
    )
    .await;
    assert_eq!(res.status(), 303);
    let objective: ObjectiveId = location(&res)
        .trim_start_matches("/okrs/objectives/")
        .parse()
        .expect("an id");

    // The owner is named on the objective's page.
    let shown = Page::of(
        &text_with_status(s.get(&format!("/okrs/objectives/{objective}")).await, 200).await,
    );
    let kari_name = app.person(org, kari).row.name;
    assert!(
        shown.text_of(".objective-owner").contains(&kari_name),
        "the owner's name: {}",
        shown.text_of(".objective-owner")
    );

    // Key results: numbers as people type them, a decreasing one, and a yes/no.
    let kr_path = format!("/okrs/objectives/{objective}/key-results");
    for (title, kind, unit, start, target) in [
        ("Orders delivered next day", "percent", "", "62,5", "90"),
        (
            "Complaints per month",
            "number",
            "complaints",
            "1 200",
            "300",
        ),
        ("New warehouse system live", "yes_no", "", "", ""),
    ] {
        let fields = vec![
            ("title", title.to_owned()),
            ("kind", kind.to_owned()),
            ("unit", unit.to_owned()),
            ("start", start.to_owned()),
            ("target", target.to_owned()),
            ("owner_id", String::new()),
        ];
        assert_eq!(post(kr_path.clone(), fields).await.status(), 303, "{title}");
    }
    let same = vec![
        ("title", "Flat".to_owned()),
        ("kind", "number".to_owned()),
        ("unit", String::new()),
        ("start", "5".to_owned()),
        ("target", "5".to_owned()),
        ("owner_id", String::new()),
    ];
    let refused = text_with_status(post(kr_path.clone(), same).await, 422).await;
    assert!(
        Page::of(&refused)
            .text_of("#target-error")
            .contains("must differ")
    );
    let okr = app.read(|c| okrs::find_okr(c, org, objective, false));
    let values: Vec<(f64, f64, &str)> = okr
        .key_results
        .iter()
        .map(|k| (k.start_value, k.target_value, k.kind.code()))
        .collect();
    assert_eq!(
        values,
        [
            (62.5, 90.0, "percent"),
            (1200.0, 300.0, "number"),
            (0.0, 1.0, "yes_no")
        ]
    );
    let page = text_with_status(
        s.get(&format!("/okrs?team={web}&period=2027-Q1")).await,
        200,
    )
    .await;
    let page = Page::of(&page);
    assert_eq!(
        page.select("main h2[id^=objective-]"),
        ["Customers love our delivery times"]
    );
    assert!(
        page.select(".kr-title")
            .contains(&"Complaints per month".to_owned())
    );

    // Ola (another team) may read but not change Web's OKRs.
    let o = app.session();
    o.login("ola@fjord.example", PASSWORD).await;
    text_with_status(o.get(&format!("/okrs/objectives/{objective}")).await, 200).await;
    assert_eq!(o.get(&new).await.status(), 403);
    assert_eq!(
        o.get(&format!("/okrs/objectives/{objective}/edit"))
            .await
            .status(),
        403
    );
    let sneaky = o
        .post_form(
            &format!("/okrs/objectives/{objective}/status"),
            &[("status", "dropped")],
        )
        .await;
    assert_eq!(sneaky.status(), 403);

    // Done, moved to next quarter, archived and restored.
    s.post_form(
        &format!("/okrs/objectives/{objective}/move"),
        &[("period", "2027-Q2")],
    )
    .await;
    assert!(
        app.read(|c| okrs::for_team(c, org, web, "2027-Q1"))
            .is_empty()
    );
    assert_eq!(
        app.read(|c| okrs::for_team(c, org, web, "2027-Q2")).len(),
        1
    );
    let bad_move = s
        .post_form(
            &format!("/okrs/objectives/{objective}/move"),
            &[("period", "soon")],
        )
        .await;
    assert_eq!(bad_move.status(), 400);
    text_with_status(
        s.get(&format!("/okrs/objectives/{objective}/archive"))
            .await,
        200,
    )
    .await;
    s.post_form(&format!("/okrs/objectives/{objective}/archive"), &[])
        .await;
    assert!(
        app.read(|c| okrs::for_team(c, org, web, "2027-Q2"))
            .is_empty()
    );
    s.post_form(
        &format!("/okrs/objectives/{objective}/archive"),
        &[("restore", "1")],
    )
    .await;
    assert_eq!(
        app.read(|c| okrs::for_team(c, org, web, "2027-Q2")).len(),
        1
    );
    let kr = okr.key_results[1].id;
    s.post_form(&format!("/okrs/key-results/{kr}/archive"), &[])
        .await;
    let after = app.read(|c| okrs::find_okr(c, org, objective, false));
    assert_eq!(
        after.key_results.len(),
        2,
        "the archived key result leaves the register"
    );
}

#[tokio::test]
async fn workshop_drafts_wait_for_the_team_to_confirm_them() {
    let app = TestApp::spawn().await;
    let org = app.create_org("fjord");
    let web = app.create_team(org, "Web", TeamKind::Team, None);
    let kari = app.create_person(org, "kari@fjord.example", &[Role::Member], Some(PASSWORD));
    app.add_member(org, web, kari);
    let draft = app.write(|c| {
        caught_up(c, |c| {
            okrs::create(
                c,
                org,
                &ObjectiveInput {
                    team_id: web,
                    period: "2027-Q1".into(),
                    title: "Faster releases".into(),
                    description: String::new(),
                    owner_id: None,
                    status: Status::Draft,
                },
                None,
                &[KeyResultInput::number("Deploys per week", "", 3.0, 15.0)],
            )
        })
    });
    let s = app.session();
    s.login("kari@fjord.example", PASSWORD).await;
    let page = text_with_status(
        s.get(&format!("/okrs?team={web}&period=2027-Q1")).await,
        200,
    )
    .await;
    assert_eq!(
        Page::of(&page).text_of("button[name=status][value=active]"),
        "Confirm objective"
    );
    let id = draft.objective.id;
    let res = s
        .post_form(
            &format!("/okrs/objectives/{id}/status"),
            &[("status", "active")],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(app.read(|c| okrs::find(c, org, id)).status.code(), "active");
    let bogus = s
        .post_form(
            &format!("/okrs/objectives/{id}/status"),
            &[("status", "finished")],
        )
        .await;
    assert_eq!(bogus.status(), 400);
}

#[tokio::test]
async fn team_objectives_align_to_the_organisations_objectives() {
    let app = TestApp::spawn().await;
    let org = app.create_org("fjord");
    let web = app.create_team(org, "Web", TeamKind::Team, None);
    let kari = app.create_person(org, "kari@fjord.example", &[Role::Member], Some(PASSWORD));
    app.create_person(org, "lead@fjord.example", &[Role::Leader], Some(PASSWORD));
    app.add_member(org, web, kari);
    let lead = app.session();
    lead.login("lead@fjord.example", PASSWORD).await;
    let res = lead
        .post_form(
            "/okrs/organisation",
            &[
                ("period", "2027-Q1"),
                ("title", "Customers choose us again"),
                ("description", ""),
            ],
        )
        .await;
    assert_eq!(location(&res), "/okrs/organisation?period=2027-Q1");
    let company = app.read(|c| okrs::company::for_period(c, org, "2027-Q1"));
    assert_eq!(company.len(), 1);

    let s = app.session();
    s.login("kari@fjord.example", PASSWORD).await;
    assert_eq!(
        s.post_form(
            "/okrs/organisation",
            &[
                ("period", "2027-Q1"),
                ("title", "Mine"),
                ("description", "")
            ]
        )
        .await
        .status(),
        403,
        "leaders set the organisation's objectives"
    );
    let form = text_with_status(
        s.get(&format!("/okrs/new?team={web}&period=2027-Q1")).await,
        200,
    )
    .await;
    assert!(
        Page::of(&form)
            .select("#aligned_to option")
            .contains(&"Customers choose us again".to_owned())
    );
    let company_id = company[0].id.to_string();
    let res = s
        .post_form(
            "/okrs",
            &[
                ("team_id", &web.to_string()),
                ("period", "2027-Q1"),
                ("title", "Answers the same day"),
                ("description", ""),
                ("owner_id", ""),
                ("status", "active"),
                ("aligned_to", &company_id),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let page = text_with_status(s.get("/okrs/organisation?period=2027-Q1").await, 200).await;
    let page = Page::of(&page);
    assert_eq!(
        page.select("li.aligned-objective .kr-title"),
        ["Answers the same day"]
    );
    assert_eq!(page.select("li.aligned-objective .aligned-team"), ["Web"]);
    // An organisation objective of another quarter is refused.
    let later = app.write(|c| {
        okrs::company::create(
            c,
            org,
            &okrs::company::OrgObjectiveInput {
                period: "2027-Q2".into(),
                title: "Later".into(),
                description: String::new(),
                owner_id: None,
            },
        )
    });
    let refused = s
        .post_form(
            "/okrs",
            &[
                ("team_id", &web.to_string()),
                ("period", "2027-Q1"),
                ("title", "Misaligned"),
                ("description", ""),
                ("owner_id", ""),
                ("status", "active"),
                ("aligned_to", &later.id.to_string()),
            ],
        )
        .await;
    assert!(
        Page::of(&text_with_status(refused, 422).await)
            .text_of("#aligned-error")
            .contains("same period")
    );
    assert_eq!(
        app.read(|c| okrs::for_team(c, org, web, "2027-Q1")).len(),
        1,
        "nothing half-saved"
    );
}
