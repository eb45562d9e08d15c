//! Calendar invitations: a weekly series sends real iTIP invitations through the outbox,
//! read back by the Python `icalendar` package — the series (stable UID, SEQUENCE, the
//! organisation's time zone with its VTIMEZONE), a moved meeting and a cancelled one (that
//! occurrence only), a member joining (gets it) and leaving (loses it), and turning them off.

use chrono::{Datelike, Days};
use hverdag::domain::meetings;
use hverdag::domain::people::Role;
use hverdag::domain::teams::TeamKind;
use serde_json::{Value, json};

use crate::helpers::*;

const KARI: &str = "kari@fjord.example";
const OLA: &str = "ola@fjord.example";
const PER: &str = "per@fjord.example";

/// The invitations mailed to `address` so far, as the parser reads them.
async fn invitations(app: &TestApp, address: &str, n: usize) -> Vec<Value> {
    let mails = app.wait_for_mails(address, n).await;
    let calendars: Vec<String> = mails
        .iter()
        .filter_map(|m| {
            let (method, text) = m.calendar.clone()?;
            assert!(
                text.contains(&format!("METHOD:{method}")),
                "the part's method"
            );
            Some(text)
        })
        .collect();
    assert_eq!(calendars.len(), n, "{address}: {mails:#?}");
    crate::ical::parse(&calendars)
}

#[tokio::test]
async fn a_weekly_series_lands_in_calendars_and_follows_every_change() {
    let app = TestApp::spawn().await;
    let org = app.create_org("fjord");
    let tz = app.read(|c| hverdag::domain::org::find(c, org)).time_zone;
    let leader = app.create_person(org, "leader@fjord.example", &[Role::Leader], Some(PASSWORD));
    let kari = app.create_person(org, KARI, &[Role::Member], Some(PASSWORD));
    let ola = app.create_person(org, OLA, &[Role::Member], Some(PASSWORD));
    let per = app.create_person(org, PER, &[Role::Member], Some(PASSWORD));
    let web = app.create_team(org, "Web", TeamKind::Team, None);
    app.add_member(org, web, kari);
    app.add_member(org, web, ola);
    let today = app.read(|c| hverdag::domain::org::today(c, org));
    let tuesday = (1..=7)
        .map(|d| today + Days::new(d))
        .find(|d| d.weekday() == chrono::Weekday::Tue)
        .expect("a Tuesday");
    let series = app
        .write(|c| meetings::create_series(c, org, &weekly_results(web, 2, tuesday), &tz, today));
    let period = app.write(|c| {
        let mut input = weekly_results(web, 3, tuesday);
        input.kind = meetings::SeriesKind::Quarterly;
        meetings::create_series(c, org, &input, &tz, today)
    });
    let kari_api = app.session_api(kari).await;
    // A meeting cancelled before invitations start: left out of the series (EXDATE).
    let in_two_weeks = tuesday + Days::new(14);
    let early = app
        .read(|c| meetings::team_meetings(c, org, web, &tz, today, in_two_weeks, in_two_weeks))[0]
        .id;
    app.write(|c| caught_up(c, |c| meetings::set_cancelled(c, org, early, true)));

    // Only weekly series take invitations.
    let path = format!("/api/v1/series/{}/invitations", period.id);
    json_with_status(kari_api.post_json(&path, &json!({"on": true})).await, 422).await;

    // On: both members get the series, organised by Kari.
    let path = format!("/api/v1/series/{}/invitations", series.id);
    let sent = json_with_status(kari_api.post_json(&path, &json!({"on": true})).await, 200).await;
    assert_eq!(sent["mails"], 2);
    let uid = format!("series-{}@127.0.0.1", series.id);
    let first = &invitations(&app, OLA, 1).await[0];
    assert_eq!(first["method"], "REQUEST");
    assert_eq!(first["uid"], uid.as_str());
    assert_eq!(first["start_tzid"], tz.as_str());
    assert!(
        first["zones"]
            .as_array()
            .unwrap()
            .iter()
            .any(|z| z == tz.as_str()),
        "{first}"
    );
    assert!(
        first["start"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{tuesday}T09:00:00")),
        "{first}"
    );
    assert!(
        first["rrule"]
            .as_str()
            .unwrap()
            .contains("FREQ=WEEKLY;BYDAY=TU"),
        "{first}"
    );
    assert_eq!(first["organizer"], format!("mailto:{KARI}"));
    assert!(first["attendees"][0].as_str().unwrap().ends_with(OLA));
    assert!(
        first["description"]
            .as_str()
            .unwrap()
            .contains("Check in on each key result"),
        "the agenda"
    );
    assert_eq!(
        first["exdates"],
        json!([format!("{in_two_weeks}T09:00:00+01:00")]),
        "{first}"
    );
    let seq0 = first["sequence"].as_i64().unwrap();

    // One meeting moved: that occurrence, later the same day.
    let list = app.read(|c| {
        meetings::team_meetings(c, org, web, &tz, today, tuesday, tuesday + Days::new(7))
    });
    let (moved, cancelled) = (list[0].id, list[1].id);
    let web_kari = app.session();
    web_kari.login(KARI, PASSWORD).await;
    let res = web_kari
        .post_form(
            &format!("/meetings/{moved}/move"),
            &[("date", &tuesday.to_string()), ("time", "13:30")],
        )
        .await;
    assert!(res.status().is_redirection(), "{}", res.status());
    let update = &invitations(&app, OLA, 2).await[1];
    assert_eq!(
        (update["method"].as_str(), update["uid"].as_str()),
        (Some("REQUEST"), Some(uid.as_str()))
    );
    assert!(
        update["recurrence_id"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{tuesday}T09:00:00")),
        "{update}"
    );
    assert!(
        update["start"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{tuesday}T13:30:00")),
        "{update}"
    );
    assert!(update["sequence"].as_i64().unwrap() > seq0);
    assert!(update["rrule"].is_null(), "one occurrence only");

    // Another cancelled: a CANCEL of that occurrence.
    let res = kari_api
        .post_json(
            &format!("/api/v1/meetings/{cancelled}/cancel"),
            &json!({"cancelled": true}),
        )
        .await;
    json_with_status(res, 200).await;
    let cancel = &invitations(&app, OLA, 3).await[2];
    assert_eq!(
        (cancel["method"].as_str(), cancel["status"].as_str()),
        (Some("CANCEL"), Some("CANCELLED"))
    );
    let next_week = tuesday + Days::new(7);
    assert!(
        cancel["recurrence_id"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{next_week}T09:00:00")),
        "{cancel}"
    );

    // Per joins: Per gets the series; Ola leaves: Ola loses it (the whole series).
    let (_, token) = app.create_api_token(org, leader, "ci");
    let boss = app.bearer(&token);
    let added = boss
        .post_json(
            &format!("/api/v1/teams/{web}/members"),
            &json!({"person_id": per}),
        )
        .await;
    let members = json_with_status(added, 201).await;
    let joined = &invitations(&app, PER, 1).await[0];
    assert_eq!(
        (joined["method"].as_str(), joined["uid"].as_str()),
        (Some("REQUEST"), Some(uid.as_str()))
    );
    let ola_membership = members
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["person_id"] == json!(ola))
        .map(|m| m["membership_id"].clone())
        .expect("Ola's membership");
    // Ola's last day is today: no meeting ahead with Web.
    let ended = boss
        .post_json(
            &format!("/api/v1/teams/{web}/members/{ola_membership}/end"),
            &json!({ "date": today }),
        )
        .await;
    json_with_status(ended, 200).await;
    let gone = &invitations(&app, OLA, 4).await[3];
    assert_eq!(
        (gone["method"].as_str(), gone["recurrence_id"].is_null()),
        (Some("CANCEL"), true)
    );

    // Off: the series is cancelled for those who still have it.
    let sent = json_with_status(kari_api.post_json(&path, &json!({"on": false})).await, 200).await;
    assert_eq!(sent["mails"], 2, "Kari and Per");
    let last = invitations(&app, PER, 2).await;
    assert_eq!(last[1]["method"], "CANCEL");
    assert!(last[1]["sequence"].as_i64() > last[0]["sequence"].as_i64());
    assert_eq!(
        app.mails_to(OLA).len(),
        4,
        "nothing more to someone who left"
    );
}
