//! Agendas each organisation shapes: leaders set the organisation's (per kind of meeting and
//! language), a team adjusts its own; the meeting page and the reminder follow the team's;
//! a meeting held keeps the agenda it was held with; bad agendas are refused with the reason.

use chrono::{Datelike, Days};
use hverdag::domain::meetings;
use hverdag::domain::people::Role;
use hverdag::domain::teams::TeamKind;
use hverdag::jobs::scheduler;
use serde_json::json;

use crate::helpers::*;
use crate::page::Page;

const LEADER: &str = "leader@fjord.example";
const KARI: &str = "kari@fjord.example";

#[tokio::test]
async fn the_organisation_and_a_team_shape_the_agenda_and_a_held_meeting_keeps_its_own() {
    let app = TestApp::spawn().await;
    let org = app.create_org("fjord");
    let tz = app.read(|c| hverdag::domain::org::find(c, org)).time_zone;
    let leader = app.create_person(org, LEADER, &[Role::Leader], Some(PASSWORD));
    let kari = app.create_person(org, KARI, &[Role::Member], Some(PASSWORD));
    let ola = app.create_person(org, "ola@fjord.example", &[Role::Member], Some(PASSWORD));
    let web = app.create_team(org, "Web", TeamKind::Team, None);
    let ops = app.create_team(org, "Ops", TeamKind::Team, None);
    app.add_member(org, web, kari);
    app.add_member(org, ops, ola);
    let today = app.read(|c| hverdag::domain::org::today(c, org));
    let tuesday = (1..=7)
        .map(|d| today + Days::new(d))
        .find(|d| d.weekday() == chrono::Weekday::Tue)
        .expect("a Tuesday");
    // Weekly meetings of 15 minutes: one held today, the next on Tuesday.
    app.write(|c| {
        meetings::create_series(
            c,
            org,
            &weekly_results(web, today.weekday().number_from_monday() as i32, today),
            &tz,
            today,
        )
    });
    let list = app
        .read(|c| meetings::team_meetings(c, org, web, &tz, today, today, tuesday + Days::new(7)));
    let (held, next) = (list[0].id, list[1].id);

    // The leader's page: lines that do not start with minutes, and time boxes longer than
    // the teams' 15-minute meetings, are refused with the reason; the typed lines stay.
    let boss = app.session();
    boss.login(LEADER, PASSWORD).await;
    let form = |items: &'static str| {
        [
            ("kind", "weekly_results"),
            ("locale", "en"),
            ("items", items),
        ]
    };
    let refused = [
        (
            "Check-ins for five minutes",
            "Start every line with its minutes",
        ),
        (
            "10 Check-ins\n10 Blockers",
            "add up to more than the meeting",
        ),
        ("", "at least one item"),
    ];
    for (items, reason) in refused {
        let page = Page::of(
            &text_with_status(boss.post_form("/settings/agendas", &form(items)).await, 422).await,
        );
        assert!(
            page.has_field_error(reason),
            "{items:?}: {:?}",
            page.field_errors()
        );
        assert_eq!(page.value_of("#items-weekly_results-en"), items);
    }
    let res = boss
        .post_form(
            "/settings/agendas",
            &form("5 Check-ins\n7 Wins and blockers\n3 Next week"),
        )
        .await;
    assert_redirect(&res, "/settings/agendas");

    let api = app.bearer(&app.create_api_token(org, leader, "ci").1);
    let all = json_with_status(api.get("/api/v1/agendas").await, 200).await;
    let weekly_en = all
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["kind"] == "weekly_results" && a["locale"] == "en")
        .unwrap();
    assert_eq!(weekly_en["source"], "organisation");
    assert_eq!(
        weekly_en["items"][1],
        json!({"text": "Wins and blockers", "minutes": 7})
    );
    let weekly_nb = all
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["kind"] == "weekly_results" && a["locale"] == "nb")
        .unwrap();
    assert_eq!(
        weekly_nb["source"], "built_in",
        "the other language is untouched"
    );

    // Kari holds today's meeting: it keeps the organisation's agenda of the day.
    let kari_api = app.session_api(kari).await;
    let recorded = kari_api
        .post_json(
            &format!("/api/v1/meetings/{held}/record"),
            &json!({"held": true}),
        )
        .await;
    json_with_status(recorded, 200).await;

    // Web adjusts its own (Kari is a member); Ola, of another team, may not.
    let own =
        json!({"items": [{"text": "Demo", "minutes": 5}, {"text": "Check-ins", "minutes": 10}]});
    let path = format!("/api/v1/teams/{web}/agendas/weekly_results/en");
    let ola_api = app.session_api(ola).await;
    assert_eq!(
        ola_api
            .send(reqwest::Method::PUT, &path, Some(&own))
            .await
            .status(),
        403
    );
    let too_long = json!({"items": [{"text": "Everything", "minutes": 16}]});
    let refused = json_with_status(
        kari_api
            .send(reqwest::Method::PUT, &path, Some(&too_long))
            .await,
        422,
    )
    .await;
    assert!(
        refused["error"]["fields"]["items"]
            .as_str()
            .unwrap()
            .contains("more than the meeting"),
        "{refused}"
    );
    assert_eq!(
        kari_api
            .send(reqwest::Method::PUT, &path, Some(&own))
            .await
            .status(),
        204
    );
    let team = json_with_status(
        kari_api.get(&format!("/api/v1/teams/{web}/agendas")).await,
        200,
    )
    .await;
    assert_eq!(team[0]["source"], "team", "{team}");
    let ops_agendas =
        json_with_status(api.get(&format!("/api/v1/teams/{ops}/agendas")).await, 200).await;
    assert_eq!(
        ops_agendas[0]["source"], "organisation",
        "Ops follows the organisation's"
    );

    // The next meeting follows the team's agenda; the held one shows what it was held with.
    let kari_web = app.session();
    kari_web.login(KARI, PASSWORD).await;
    let agenda_of = |html: String| Page::of(&html).select("#agenda li");
    let upcoming =
        agenda_of(text_with_status(kari_web.get(&format!("/meetings/{next}")).await, 200).await);
    assert_eq!(upcoming.len(), 2);
    assert!(upcoming[0].starts_with("Demo"), "{upcoming:?}");
    let past =
        agenda_of(text_with_status(kari_web.get(&format!("/meetings/{held}")).await, 200).await);
    assert!(past[1].starts_with("Wins and blockers"), "{past:?}");

    // Tuesday's reminder carries the team's agenda.
    let meeting = app.read(|c| meetings::find(c, org, next));
    let evening_before =
        chrono::DateTime::from_naive_utc_and_offset(meeting.starts_at, chrono::Utc)
            - chrono::Duration::hours(14);
    scheduler::send_meeting_reminders(&app.scheduler_context(), evening_before).expect("reminders");
    let mail = app.last_mail_to(KARI).await;
    assert!(mail.text().contains("1. Demo (5 min)"), "{}", mail.text());

    // Back to the organisation's, from the team's page.
    let res = kari_web
        .post_form(
            &format!("/teams/{web}/agenda/reset"),
            &[("kind", "weekly_results"), ("locale", "en")],
        )
        .await;
    assert_redirect(&res, &format!("/teams/{web}/agenda"));
    let page =
        Page::of(&text_with_status(kari_web.get(&format!("/teams/{web}/agenda")).await, 200).await);
    assert_eq!(
        page.attr("#agenda-weekly_results-en", "data-source"),
        "organisation"
    );
    // Audit: the leader's and the team's changes.
    let audit = text_with_status(api.get("/api/v1/audit?entity=agenda").await, 200).await;
    assert!(
        audit.contains("Wins and blockers") && audit.contains("Demo"),
        "{audit}"
    );
}
