//! The meeting series' calendar feed, read back with an independent iCalendar parser (the
//! `ical` crate, not the `icalendar` crate that writes it): exact UTC times across the
//! daylight-saving change, moved and cancelled meetings, and a revocable secret.

use std::io::BufReader;

use chrono::NaiveDate;
use hverdag::domain::meetings::{self, SeriesInput};
use hverdag::domain::people::Role;
use hverdag::domain::teams::TeamKind;

use crate::helpers::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a date")
}

/// (DTSTART, STATUS, SUMMARY) of each event in the feed.
fn events(ics: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for calendar in ical::IcalParser::new(BufReader::new(ics.as_bytes())) {
        let calendar = calendar.expect("a calendar the parser reads");
        for event in calendar.events {
            let value = |name: &str| {
                event
                    .properties
                    .iter()
                    .find(|p| p.name == name)
                    .and_then(|p| p.value.clone())
                    .unwrap_or_default()
            };
            out.push((value("DTSTART"), value("STATUS"), value("SUMMARY")));
        }
    }
    out
}

#[tokio::test]
async fn calendar_apps_get_the_meetings_at_the_right_time() {
    let app = TestApp::spawn().await;
    let org = app.create_org("fjord");
    let web = app.create_team(org, "Web", TeamKind::Team, None);
    let kari = app.create_person(org, "kari@fjord.example", &[Role::Member], Some(PASSWORD));
    app.create_person(org, "per@fjord.example", &[Role::Member], Some(PASSWORD));
    app.add_member(org, web, kari);
    let series = app.write(|c| {
        meetings::create_series(
            c,
            org,
            &SeriesInput {
                ends_on: Some(day(2027, 4, 12)),
                ..weekly_results(web, 1, day(2027, 3, 15))
            },
            "Europe/Oslo",
            day(2027, 3, 10),
        )
    });
    let stored = app.write(|c| {
        meetings::team_meetings(
            c,
            org,
            web,
            "Europe/Oslo",
            day(2027, 3, 10),
            day(2027, 3, 1),
            day(2027, 5, 1),
        )
    });
    assert_eq!(stored.len(), 5);
    app.write(|c| caught_up(c, |c| meetings::set_cancelled(c, org, stored[3].id, true)));
    app.write(|c| {
        caught_up(c, |c| {
            meetings::move_meeting(
                c,
                org,
                stored[4].id,
                "Europe/Oslo",
                day(2027, 4, 13),
                chrono::NaiveTime::from_hms_opt(10, 30, 0).expect("a time"),
            )
        })
    });

    let s = app.session();
    s.login("kari@fjord.example", PASSWORD).await;
    let page = text_with_status(
        s.post_form(&format!("/meetings/series/{}/feed", series.id), &[])
            .await,
        200,
    )
    .await;
    let start = page.find("/calendar/").expect("the feed address");
    let path: String = page[start..].chars().take_while(|c| *c != '"').collect();
    assert!(path.ends_with(".ics"));

    let guest = app.session();
    let res = guest.get(&path).await;
    assert_eq!(
        res.headers()["content-type"],
        "text/calendar; charset=utf-8"
    );
    let ics = text_with_status(res, 200).await;
    let got = events(&ics);
    let starts: Vec<&str> = got.iter().map(|(start, _, _)| start.as_str()).collect();
    // 09:00 in Oslo: 08:00 UTC in winter, 07:00 UTC after the clocks go forward on 28 March;
    // the last one was moved to Tuesday 10:30.
    assert_eq!(
        starts,
        [
            "20270315T080000Z",
            "20270322T080000Z",
            "20270329T070000Z",
            "20270405T070000Z",
            "20270413T083000Z"
        ]
    );
    let statuses: Vec<&str> = got.iter().map(|(_, status, _)| status.as_str()).collect();
    assert_eq!(
        statuses,
        [
            "CONFIRMED",
            "CONFIRMED",
            "CONFIRMED",
            "CANCELLED",
            "CONFIRMED"
        ]
    );
    assert!(
        got[0].2.contains("Web"),
        "the summary names the team: {}",
        got[0].2
    );

    // Someone outside the team cannot make a link; a revoked link stops working.
    let per = app.session();
    per.login("per@fjord.example", PASSWORD).await;
    let denied = per
        .post_form(&format!("/meetings/series/{}/feed", series.id), &[])
        .await;
    assert_eq!(denied.status(), 403);
    s.post_form(&format!("/meetings/series/{}/feed/revoke", series.id), &[])
        .await;
    assert_eq!(guest.get(&path).await.status(), 404);
    assert_eq!(guest.get("/calendar/not-a-secret.ics").await.status(), 404);
}
