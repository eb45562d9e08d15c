//! One-click check-ins: the weekly nudge carries a personal link that opens the person's
//! check-in form without signing in; *no change this week* is one click; the link reaches
//! that person's key results of that week and nothing else; a tampered, expired or revoked
//! link gets its page and changes nothing; writes through one link are limited.

use hverdag::domain::ids::KeyResultId;
use hverdag::domain::okrs::{self, KeyResultInput, ObjectiveInput, Status};
use hverdag::domain::people::Role;
use hverdag::domain::periods::Periods;
use hverdag::domain::teams::TeamKind;
use hverdag::jobs::scheduler;
use reqwest::StatusCode;

use crate::helpers::*;
use crate::page::Page;

const KARI: &str = "kari@fjord.example";

#[tokio::test]
async fn the_nudges_link_checks_in_without_signing_in_and_reaches_nothing_else() {
    let app = TestApp::spawn().await;
    let org = app.create_org("fjord");
    let kari = app.create_person(org, KARI, &[Role::Member], Some(PASSWORD));
    let ola = app.create_person(org, "ola@fjord.example", &[Role::Member], Some(PASSWORD));
    let web = app.create_team(org, "Web", TeamKind::Team, None);
    app.add_member(org, web, kari);
    app.add_member(org, web, ola);
    let today = chrono::Utc::now().date_naive();
    let owned = |title: &str, owner| KeyResultInput {
        owner_id: Some(owner),
        ..KeyResultInput::number(title, "", 1.0, 10.0)
    };
    let okr = app.write(|c| {
        caught_up(c, |c| {
            okrs::create(
                c,
                org,
                &ObjectiveInput {
                    team_id: web,
                    period: Periods::Quarters.of(today),
                    title: "Ship it".into(),
                    description: String::new(),
                    owner_id: None,
                    status: Status::Active,
                },
                None,
                &[owned("A", kari), owned("B", kari), owned("C", ola)],
            )
        })
    });
    let ola_kr: KeyResultId = okr.key_results[2].id;

    // Nudges go out (any day, for the test) with a personal link each.
    let mut context = app.scheduler_context();
    context.nudge_weekday = 1;
    assert_eq!(
        scheduler::send_nudges(&context, chrono::Utc::now()).expect("nudges"),
        2
    );
    let mail = app.last_mail_to(KARI).await;
    let link = mail.link_path("/c/").expect("a personal link");

    // Opened without signing in: Kari's two key results, and nothing of Ola's.
    let anon = app.session();
    let page = Page::of(&text_with_status(anon.get(&link).await, 200).await);
    assert!(page.has("#via-link"));
    assert_eq!(page.count("fieldset.check-in-row"), 2);
    assert!(!anon.is_logged_in().await, "a link is not a session");
    // It reaches no other page.
    assert!(anon.get("/okrs").await.status().is_redirection());

    // One click: no change this week, for both.
    let res = anon.post_form(&format!("{link}/no-change"), &[]).await;
    assert_redirect(&res, &link);
    let page = Page::of(&text_with_status(anon.get(&link).await, 200).await);
    assert_eq!(page.count(".status-done"), 2);
    assert!(!page.has("#no-change"), "nothing left to check in");

    // Ola's key result through Kari's link: refused, nothing stored.
    let ola_kr = ola_kr.to_string();
    let res = anon
        .post_form(
            &link,
            &[
                ("kr", ola_kr.as_str()),
                ("value", "7"),
                ("confidence", "on_track"),
                ("note", "not mine"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let ola_session = app.session();
    ola_session.login("ola@fjord.example", PASSWORD).await;
    let page = Page::of(&text_with_status(ola_session.get("/check-ins").await, 200).await);
    assert_eq!(page.count(".status-done"), 0, "Ola's key result untouched");
    // Signed in, the same one click works for Ola.
    let res = ola_session.post_form("/check-ins/no-change", &[]).await;
    assert_redirect(&res, "/check-ins");

    // A tampered link.
    let res = anon.get(&format!("{link}x")).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    // Writes through one link are limited.
    let mut limited = false;
    for _ in 0..25 {
        let res = anon.post_form(&format!("{link}/no-change"), &[]).await;
        if res.status() == StatusCode::TOO_MANY_REQUESTS {
            limited = true;
            break;
        }
    }
    assert!(limited, "the link's writes are limited");

    // Switched off from its page: it stops working.
    let res = anon.post_form(&format!("{link}/revoke"), &[]).await;
    let page = Page::of(&text_with_status(res, 200).await);
    assert_eq!(
        page.attr("#link-problem", "data-problem"),
        "check-in-link-revoked-now"
    );
    let res = anon.get(&link).await;
    assert_eq!(res.status(), StatusCode::GONE);
}

#[tokio::test]
async fn an_expired_link_says_so_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let org = app.create_org("fjord");
    let kari = app.create_person(org, KARI, &[Role::Member], Some(PASSWORD));
    let monday = hverdag::domain::periods::monday(chrono::Utc::now().date_naive());
    let token = app.write(|c| hverdag::domain::okrs::check_in_links::create(c, org, kari, monday));
    let anon = app.session();
    text_with_status(anon.get(&format!("/c/{token}")).await, 200).await;
    // Last week's link, and one past its seven days.
    app.write(|c| {
        use diesel::prelude::*;
        use hverdag::db::schema::check_in_links as l;
        diesel::update(l::table)
            .set(l::week_start.eq(monday - chrono::Days::new(7)))
            .execute(c)?;
        Ok(())
    });
    let res = anon.post_form(&format!("/c/{token}/no-change"), &[]).await;
    let page = Page::of(&text_with_status(res, 410).await);
    assert_eq!(
        page.attr("#link-problem", "data-problem"),
        "check-in-link-expired"
    );
    let fresh = app.write(|c| hverdag::domain::okrs::check_in_links::create(c, org, kari, monday));
    app.write(|c| {
        use diesel::prelude::*;
        use hverdag::db::schema::check_in_links as l;
        diesel::update(l::table)
            .set(l::expires_at.eq(chrono::Utc::now().naive_utc() - chrono::Duration::minutes(1)))
            .execute(c)?;
        Ok(())
    });
    let res = anon.get(&format!("/c/{fresh}")).await;
    assert_eq!(res.status(), StatusCode::GONE);
}

#[tokio::test]
async fn the_meeting_reminder_carries_the_link_to_those_who_own_key_results() {
    use chrono::Datelike;
    let app = TestApp::spawn().await;
    let org = app.create_org("fjord");
    let tz = app.read(|c| hverdag::domain::org::find(c, org)).time_zone;
    let kari = app.create_person(org, KARI, &[Role::Member], Some(PASSWORD));
    let ola = app.create_person(org, "ola@fjord.example", &[Role::Member], Some(PASSWORD));
    let web = app.create_team(org, "Web", TeamKind::Team, None);
    app.add_member(org, web, kari);
    app.add_member(org, web, ola);
    let today = app.read(|c| hverdag::domain::org::today(c, org));
    app.write(|c| {
        caught_up(c, |c| {
            okrs::create(
                c,
                org,
                &ObjectiveInput {
                    team_id: web,
                    period: Periods::Quarters.of(today),
                    title: "Ship it".into(),
                    description: String::new(),
                    owner_id: None,
                    status: Status::Active,
                },
                None,
                &[KeyResultInput {
                    owner_id: Some(kari),
                    ..KeyResultInput::number("A", "", 1.0, 10.0)
                }],
            )
        })
    });
    // A weekly meeting today, reminded an hour before: the link is for this week.
    let weekday = today.weekday().number_from_monday() as i32;
    let series = weekly_results(web, weekday, today);
    app.write(|c| hverdag::domain::meetings::create_series(c, org, &series, &tz, today));
    let meeting = app
        .read(|c| hverdag::domain::meetings::team_meetings(c, org, web, &tz, today, today, today))
        [0]
    .clone();
    let hour_before = chrono::DateTime::from_naive_utc_and_offset(meeting.starts_at, chrono::Utc)
        - chrono::Duration::hours(1);
    let sent = scheduler::send_meeting_reminders(&app.scheduler_context(), hour_before);
    assert_eq!(sent.expect("reminders"), 2);
    let mail = app.last_mail_to(KARI).await;
    let link = mail
        .link_path("/c/")
        .expect("a personal link for the owner");
    let page = Page::of(&text_with_status(app.session().get(&link).await, 200).await);
    assert_eq!(page.count("fieldset.check-in-row"), 1);
    let ola_mail = app.last_mail_to("ola@fjord.example").await;
    assert!(
        ola_mail.link_path("/c/").is_none(),
        "no key results, no link"
    );
    assert!(ola_mail.text().contains("/check-ins"));
}
