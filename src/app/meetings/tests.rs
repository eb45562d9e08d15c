//! The meeting use cases over a real SQLite database.

use chrono::{Days, NaiveTime};

use super::*;
use crate::app::Error;
use crate::app::testing::{World, world};
use crate::domain::meetings::{Presence, SeriesKind};

async fn weekly(w: &World) -> (Series, Meeting) {
    let today = w.member.today();
    let input = SeriesInput {
        team_id: w.team,
        kind: SeriesKind::WeeklyResults,
        weekday: 1,
        start_time: "09:00".into(),
        duration_minutes: 15,
        starts_on: today - Days::new(21),
        ends_on: None,
    };
    let series = create_series(&w.t.db, &w.member, input).await.unwrap();
    let past = of_team(&w.t.db, &w.member, w.team, None, None)
        .await
        .unwrap()
        .meetings
        .into_iter()
        .find(|l| l.state == "missed")
        .expect("a meeting in the weeks before today");
    (series, past.meeting)
}

#[actix_web::test]
async fn the_team_records_its_meeting_and_others_do_not() {
    let w = world();
    let db = &w.t.db;
    let (_, m) = weekly(&w).await;
    let record = || meeting::Record {
        attendance: vec![(w.member.person_id, Presence::Present)],
        notes: Some("Went well".into()),
        held: true,
        ..meeting::Record::default()
    };
    assert!(matches!(
        meeting::record(db, &w.outsider, m.id, record()).await,
        Err(Error::Forbidden)
    ));
    assert!(matches!(
        meeting::record(db, &w.stranger, m.id, record()).await,
        Err(Error::NotFound)
    ));
    let saved = meeting::record(db, &w.member, m.id, record())
        .await
        .unwrap();
    assert_eq!(saved.state, "held");
    assert_eq!(saved.attendance.map(|a| a.len()), Some(1));
    // What is not given stays: a second record without notes keeps them.
    let again = meeting::Record {
        decisions: Some("Ship on Friday".into()),
        ..meeting::Record::default()
    };
    let saved = meeting::record(db, &w.member, m.id, again).await.unwrap();
    assert_eq!(saved.meeting.notes, "Went well");
    assert_eq!(saved.meeting.decisions, "Ship on Friday");
    // A held meeting stays held.
    assert!(matches!(
        meeting::set_cancelled(db, &w.member, m.id, true, crate::app::testing::mail()).await,
        Err(Error::Invalid(_))
    ));
}

#[actix_web::test]
async fn attendance_is_shown_only_to_those_who_may_see_the_teams_people() {
    let w = world();
    let db = &w.t.db;
    let (_, m) = weekly(&w).await;
    let page = meeting::page(db, &w.member, m.id, crate::domain::Locale::En)
        .await
        .unwrap();
    assert!(page.editable);
    assert_eq!(page.roster.len(), 1);
    let page = meeting::page(db, &w.outsider, m.id, crate::domain::Locale::En)
        .await
        .unwrap();
    assert!(!page.editable);
    assert!(page.roster.is_empty() && page.detail.attendance.is_none());
    assert!(page.detail.check_ins.is_none());
    let day = m.local_date;
    assert!(matches!(
        export(
            db,
            &w.outsider,
            Export::Attendance,
            Some(w.team),
            (day, day)
        )
        .await,
        Err(Error::Forbidden)
    ));
    assert!(matches!(
        export(db, &w.member, Export::Attendance, None, (day, day)).await,
        Err(Error::Forbidden)
    ));
    let csv = export(db, &w.member, Export::Attendance, Some(w.team), (day, day))
        .await
        .unwrap();
    assert!(csv.lines().count() >= 1, "a header at least");
}

#[actix_web::test]
async fn series_meetings_and_calendar_links_change_only_for_the_team() {
    let w = world();
    let db = &w.t.db;
    let (series, m) = weekly(&w).await;
    let half_past_ten = NaiveTime::from_hms_opt(10, 30, 0).unwrap();
    let later = m.local_date + Days::new(1);
    assert!(matches!(
        meeting::move_to(
            db,
            &w.outsider,
            m.id,
            later,
            half_past_ten,
            crate::app::testing::mail()
        )
        .await,
        Err(Error::Forbidden)
    ));
    let moved = meeting::move_to(
        db,
        &w.member,
        m.id,
        later,
        half_past_ten,
        crate::app::testing::mail(),
    )
    .await
    .unwrap();
    assert_eq!(moved.local_date, later);
    assert!(matches!(
        new_feed(db, &w.outsider, series.id).await,
        Err(Error::Forbidden)
    ));
    let (_, secret) = new_feed(db, &w.member, series.id).await.unwrap();
    assert!(secret.len() >= 32);
    revoke_feed(db, &w.member, series.id).await.unwrap();
    assert!(matches!(
        end_series(db, &w.stranger, series.id, crate::app::testing::mail()).await,
        Err(Error::NotFound)
    ));
    let ended = end_series(db, &w.leader, series.id, crate::app::testing::mail())
        .await
        .unwrap();
    assert_eq!(ended.ends_on, Some(w.leader.today()));
}
