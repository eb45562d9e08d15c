//! Follow-up mail through the outbox: the meeting reminder the day before, once, to the
//! team; the check-in nudge from the nudge weekday to owners who have not checked in that
//! week, once, and never to someone who turned it off.

use chrono::{Datelike, Days, NaiveDate, TimeZone};
use hverdag::domain::meetings;
use hverdag::domain::okrs::check_ins::{self, CheckInInput, Confidence};
use hverdag::domain::okrs::{self, KeyResultInput, ObjectiveInput, Status};
use hverdag::domain::people::Role;
use hverdag::domain::periods::Periods;
use hverdag::domain::teams::TeamKind;
use hverdag::jobs::scheduler;

use crate::helpers::*;

fn utc(day: NaiveDate, hour: u32) -> chrono::DateTime<chrono::Utc> {
    chrono::Utc.from_utc_datetime(&day.and_hms_opt(hour, 0, 0).expect("a time"))
}

#[tokio::test]
async fn meeting_reminders_and_check_in_nudges_go_out_once_to_the_right_people() {
    let app = TestApp::spawn().await;
    let org = app.create_org("fjord");
    let tz = app.read(|c| hverdag::domain::org::find(c, org)).time_zone;
    let web = app.create_team(org, "Web", TeamKind::Team, None);
    let kari = app.create_person(org, "kari@fjord.example", &[Role::Member], Some(PASSWORD));
    let ola = app.create_person(org, "ola@fjord.example", &[Role::Member], Some(PASSWORD));
    let lena = app.create_person(org, "lena@fjord.example", &[Role::Member], None);
    app.create_person(org, "per@fjord.example", &[Role::Member], None);
    for p in [kari, ola, lena] {
        app.add_member(org, web, p);
    }
    let context = app.scheduler_context();

    // A weekly meeting next Tuesday at 09:00.
    let today = app.read(|c| hverdag::domain::org::today(c, org));
    let tuesday = (1..=7)
        .map(|d| today + Days::new(d))
        .find(|d| d.weekday() == chrono::Weekday::Tue)
        .expect("a Tuesday");
    app.write(|c| meetings::create_series(c, org, &weekly_results(web, 2, tuesday), &tz, today));
    let meeting =
        app.read(|c| meetings::team_meetings(c, org, web, &tz, today, tuesday, tuesday))[0].clone();
    let two_days_before =
        chrono::DateTime::from_naive_utc_and_offset(meeting.starts_at, chrono::Utc)
            - chrono::Duration::hours(48);
    assert_eq!(
        scheduler::send_meeting_reminders(&context, two_days_before).expect("reminders"),
        0,
        "too early"
    );
    let evening_before =
        chrono::DateTime::from_naive_utc_and_offset(meeting.starts_at, chrono::Utc)
            - chrono::Duration::hours(14);
    assert_eq!(
        scheduler::send_meeting_reminders(&context, evening_before).expect("reminders"),
        3
    );
    assert_eq!(
        scheduler::send_meeting_reminders(&context, evening_before).expect("reminders"),
        0,
        "once"
    );
    let mail = app.wait_for_mails("kari@fjord.example", 1).await;
    assert!(mail[0].subject.contains("Web"), "{}", mail[0].subject);
    assert!(mail[0].text().contains("/check-ins"));
    assert!(
        app.mails_to("per@fjord.example").is_empty(),
        "not in the team"
    );

    // Key results owned by Kari, Ola and Lena; Ola turns nudges off, Lena checks in on time.
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
                    period: Periods::Quarters.of(tuesday),
                    title: "Ship it".into(),
                    description: String::new(),
                    owner_id: None,
                    status: Status::Active,
                },
                None,
                &[owned("A", kari), owned("B", ola), owned("C", lena)],
            )
        })
    });
    let s = app.session();
    s.login("ola@fjord.example", PASSWORD).await;
    let res = s.post_form("/check-ins/nudges", &[("on", "0")]).await;
    assert_eq!(location(&res), "/check-ins");
    let page = text_with_status(s.get("/check-ins").await, 200).await;
    assert!(page.contains("Turn them on"));

    let monday = tuesday - Days::new(1);
    app.write(|c| {
        check_ins::record_at(
            c,
            org,
            lena,
            &CheckInInput {
                key_result_id: okr.key_results[2].id,
                value: 3.0,
                confidence: Confidence::OnTrack,
                note: String::new(),
            },
            (tuesday.and_hms_opt(10, 0, 0)).expect("a time"),
        )
    });
    let wednesday = monday + Days::new(2);
    let thursday = monday + Days::new(3);
    assert_eq!(
        scheduler::send_nudges(&context, utc(wednesday, 12)).expect("nudges"),
        0,
        "before the nudge day"
    );
    assert_eq!(
        scheduler::send_nudges(&context, utc(thursday, 12)).expect("nudges"),
        1,
        "only Kari"
    );
    assert_eq!(
        scheduler::send_nudges(&context, utc(thursday + Days::new(1), 12)).expect("nudges"),
        0,
        "once a week"
    );
    let nudge = app.wait_for_mails("kari@fjord.example", 2).await;
    assert!(
        nudge.iter().any(|m| m.subject.contains("check-in")),
        "{:?}",
        nudge.iter().map(|m| &m.subject).collect::<Vec<_>>()
    );
    assert_eq!(
        app.mails_to("ola@fjord.example").len(),
        1,
        "only the meeting reminder"
    );
    assert_eq!(
        app.mails_to("lena@fjord.example").len(),
        1,
        "only the meeting reminder"
    );
}
