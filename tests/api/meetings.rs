//! Running the weekly OKR results meeting over HTTP: a series for the team, its meetings
//! (missed ones flagged), the meeting page's one-form save (attendance, inline check-ins
//! linked to the meeting, notes, mark held), moving and cancelling, and who may do it.

use chrono::Datelike;
use hverdag::domain::meetings;
use hverdag::domain::okrs::{self, KeyResultInput, ObjectiveInput, Status};
use hverdag::domain::people::Role;
use hverdag::domain::periods::Periods;
use hverdag::domain::teams::TeamKind;

use crate::helpers::*;
use crate::page::Page;

#[tokio::test]
async fn a_team_runs_its_weekly_okr_meeting_from_the_meeting_page() {
    let app = TestApp::spawn().await;
    let org = app.create_org("fjord");
    let web = app.create_team(org, "Web", TeamKind::Team, None);
    let data = app.create_team(org, "Data", TeamKind::Team, None);
    let kari = app.create_person(org, "kari@fjord.example", &[Role::Member], Some(PASSWORD));
    let ola = app.create_person(org, "ola@fjord.example", &[Role::Member], None);
    let per = app.create_person(org, "per@fjord.example", &[Role::Member], Some(PASSWORD));
    app.add_member(org, web, kari);
    app.add_member(org, web, ola);
    app.add_member(org, data, per);
    let s = app.session();
    s.login("kari@fjord.example", PASSWORD).await;
    let tz = app.read(|c| hverdag::domain::org::find(c, org)).time_zone;
    let today = app.read(|c| hverdag::domain::org::today(c, org));
    let okr = app.write(|c| {
        caught_up(c, |c| {
            okrs::create(
                c,
                org,
                &ObjectiveInput {
                    team_id: web,
                    period: Periods::Quarters.of(today),
                    title: "Happier customers".into(),
                    description: String::new(),
                    owner_id: None,
                    status: Status::Active,
                },
                None,
                &[KeyResultInput::number("NPS", "points", 20.0, 40.0)],
            )
        })
    });
    let kr = okr.key_results[0].id;

    let page =
        Page::of(&text_with_status(s.get(&format!("/teams/{web}/meetings")).await, 200).await);
    assert!(page.main_text().contains("No meeting series yet"));
    assert_eq!(page.count("tr.meeting"), 0);
    let weekday = today.weekday().number_from_monday().to_string();
    let starts = (today - chrono::Days::new(14)).to_string();
    let series_form = |duration: &'static str| {
        vec![
            ("kind", "weekly_results".to_owned()),
            ("weekday", weekday.clone()),
            ("start_time", "09:00".to_owned()),
            ("duration_minutes", duration.to_owned()),
            ("starts_on", starts.clone()),
            ("ends_on", String::new()),
        ]
    };
    let refs = |f: &[(&'static str, String)]| -> Vec<(&'static str, String)> { f.to_vec() };
    let post = |path: String, fields: Vec<(&'static str, String)>| {
        let s = &s;
        async move {
            let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            s.post_form(&path, &pairs).await
        }
    };
    let bad = post(format!("/teams/{web}/meetings"), refs(&series_form("1000"))).await;
    assert!(Page::of(&text_with_status(bad, 422).await).has_field_error("5 to 480"));
    let res = post(format!("/teams/{web}/meetings"), refs(&series_form("15"))).await;
    assert_eq!(location(&res), format!("/teams/{web}/meetings"));

    let list = app.read(|c| {
        meetings::team_meetings(
            c,
            org,
            web,
            &tz,
            today,
            today - chrono::Days::new(30),
            today,
        )
    });
    assert_eq!(list.len(), 3, "two weeks ago, last week, today");
    assert_eq!(list[0].state(today), "missed");
    assert_eq!(list[2].local_date, today);
    let page =
        Page::of(&text_with_status(s.get(&format!("/teams/{web}/meetings")).await, 200).await);
    assert_eq!(
        page.attr(
            &format!("tr.meeting[data-meeting='{}']", list[0].id),
            "data-state"
        ),
        "missed"
    );
    assert_eq!(
        page.text_of(&format!("tr.meeting[data-meeting='{}'] .badge", list[0].id)),
        "Missed"
    );

    // Today's meeting: the roster, the key result inline, one save.
    let meeting = list[2].id;
    let path = format!("/meetings/{meeting}");
    let page = Page::of(&text_with_status(s.get(&path).await, 200).await);
    let mut roster = page.attrs("#attendance li", "data-person");
    roster.sort();
    let mut team = vec![kari.to_string(), ola.to_string()];
    team.sort();
    assert_eq!(roster, team, "the team's members");
    assert_eq!(
        page.count(&format!("#attendance input[name=presence-{ola}]")),
        3,
        "present, absent or excused"
    );
    assert!(
        page.text_of("fieldset.check-in-row legend")
            .starts_with("NPS")
    );
    let record: Vec<(String, String)> = [
        ("person".to_owned(), kari.to_string()),
        ("person".to_owned(), ola.to_string()),
        (format!("presence-{kari}"), "present".to_owned()),
        (format!("presence-{ola}"), "excused".to_owned()),
        ("kr".to_owned(), kr.to_string()),
        ("value".to_owned(), "27".to_owned()),
        ("confidence".to_owned(), "on_track".to_owned()),
        ("note".to_owned(), "After the survey".to_owned()),
        ("notes".to_owned(), "Good week".to_owned()),
        (
            "decisions".to_owned(),
            "Call the top ten customers".to_owned(),
        ),
        ("held".to_owned(), "1".to_owned()),
    ]
    .into();
    // Per, of another team, may look but not record.
    let p = app.session();
    p.login("per@fjord.example", PASSWORD).await;
    text_with_status(p.get(&path).await, 200).await;
    let pairs: Vec<(&str, &str)> = record
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(p.post_form(&path, &pairs).await.status(), 403);

    // A value that is not a number: nothing saved, and the page keeps what was typed.
    let typo: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| if *k == "value" { (*k, "abc") } else { (*k, *v) })
        .collect();
    let refused = Page::of(&text_with_status(s.post_form(&path, &typo).await, 422).await);
    assert_eq!(refused.value_of("#decisions"), "Call the top ten customers");
    assert_eq!(refused.value_of(&format!("#value-{kr}")), "abc");
    assert_eq!(
        refused.attrs(&format!("input[name=presence-{ola}][checked]"), "value"),
        ["excused"]
    );
    assert!(
        app.read(|c| meetings::check_ins_of(c, org, meeting))
            .is_empty()
    );
    // Another team's key result cannot be checked in through this meeting.
    let other = app.write(|c| {
        caught_up(c, |c| {
            okrs::create(
                c,
                org,
                &ObjectiveInput {
                    team_id: data,
                    period: Periods::Quarters.of(today),
                    title: "Data".into(),
                    description: String::new(),
                    owner_id: None,
                    status: Status::Active,
                },
                None,
                &[KeyResultInput::number("Pipelines", "", 1.0, 5.0)],
            )
        })
    });
    let foreign_kr = other.key_results[0].id.to_string();
    let sneaky: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| {
            if *k == "kr" {
                (*k, foreign_kr.as_str())
            } else {
                (*k, *v)
            }
        })
        .collect();
    text_with_status(s.post_form(&path, &sneaky).await, 422).await;
    assert_eq!(
        app.read(|c| okrs::key_results::find(c, org, other.key_results[0].id))
            .current_value,
        1.0
    );

    let res = s.post_form(&path, &pairs).await;
    assert_eq!(location(&res), path);
    let held = app.read(|c| meetings::find(c, org, meeting));
    assert_eq!(
        (held.state(today), held.notes.as_str()),
        ("held", "Good week")
    );
    assert_eq!(
        app.read(|c| meetings::attendance_of(c, org, meeting)),
        [
            (kari, meetings::Presence::Present),
            (ola, meetings::Presence::Excused)
        ]
    );
    let during = app.read(|c| meetings::check_ins_of(c, org, meeting));
    assert_eq!((during.len(), during[0].value), (1, 27.0));
    assert_eq!(
        app.read(|c| okrs::key_results::find(c, org, kr))
            .current_value,
        27.0
    );

    // A held meeting cannot be cancelled; a future one can, and another can be moved.
    let cancel_held = s.post_form(&format!("{path}/cancel"), &[]).await;
    assert_eq!(location(&cancel_held), path);
    assert_eq!(
        app.read(|c| meetings::find(c, org, meeting)).status.code(),
        "held"
    );
    let next = app.read(|c| {
        meetings::team_meetings(
            c,
            org,
            web,
            &tz,
            today,
            today + chrono::Days::new(1),
            today + chrono::Days::new(15),
        )
    });
    s.post_form(&format!("/meetings/{}/cancel", next[0].id), &[])
        .await;
    assert_eq!(
        app.read(|c| meetings::find(c, org, next[0].id))
            .state(today),
        "cancelled"
    );
    let later = (next[1].local_date + chrono::Days::new(1)).to_string();
    s.post_form(
        &format!("/meetings/{}/move", next[1].id),
        &[("date", &later), ("time", "13:30")],
    )
    .await;
    assert_eq!(
        app.read(|c| meetings::find(c, org, next[1].id))
            .local_date
            .to_string(),
        later
    );
    // The exports: meetings, attendance and check-ins of the quarter, as CSV.
    let period = Periods::Quarters.of(today);
    let export =
        |what: &str| format!("/meetings/export.csv?what={what}&period={period}&team={web}");
    let attendance = text_with_status(s.get(&export("attendance")).await, 200).await;
    let rows: Vec<Vec<String>> = csv::Reader::from_reader(attendance.as_bytes())
        .records()
        .map(|r| r.expect("a row").iter().map(str::to_owned).collect())
        .collect();
    let marks: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r[3].as_str(), r[4].as_str()))
        .collect();
    assert!(marks.contains(&("kari@fjord.example", "present")));
    assert!(marks.contains(&("ola@fjord.example", "excused")));
    let check_ins_csv = text_with_status(s.get(&export("check-ins")).await, 200).await;
    assert!(
        check_ins_csv.contains("NPS") && check_ins_csv.contains(",27,on_track,After the survey,")
    );
    let meetings_csv = text_with_status(s.get(&export("meetings")).await, 200).await;
    assert!(
        meetings_csv.contains(",held,1,Good week,"),
        "{meetings_csv}"
    );
    assert_eq!(p.get(&export("attendance")).await.status(), 403);
    let whole_org = format!("/meetings/export.csv?what=meetings&period={period}");
    assert_eq!(
        s.get(&whole_org).await.status(),
        403,
        "the whole organisation: leaders only"
    );
    assert_eq!(
        s.get(&format!(
            "/meetings/export.csv?what=meetings&period=soon&team={web}"
        ))
        .await
        .status(),
        400
    );

    let bad_move = s
        .post_form(
            &format!("/meetings/{}/move", next[1].id),
            &[("date", "soon"), ("time", "13:30")],
        )
        .await;
    assert_eq!(bad_move.status(), 400);
}

/// Two writers storing the same new weeks of a series at once (two page views, or two nodes)
/// both succeed and each week is stored once. On PostgreSQL the second waits on the first's
/// uncommitted rows; its clashing inserts must do nothing rather than fail, since a failed
/// statement aborts the whole transaction it is part of.
#[tokio::test]
async fn two_writers_storing_the_same_new_weeks_at_once_both_succeed() {
    use diesel::prelude::*;
    use hverdag::db::schema::meetings as stored;

    let app = TestApp::spawn().await;
    let org = app.create_org("fjord");
    let web = app.create_team(org, "Web", TeamKind::Team, None);
    let tz = app.read(|c| hverdag::domain::org::find(c, org)).time_zone;
    let today = app.read(|c| hverdag::domain::org::today(c, org));
    let series = app.write(|c| {
        let series = meetings::create_series(c, org, &weekly_results(web, 2, today), &tz, today)?;
        diesel::delete(stored::table.filter(stored::series_id.eq(series.id))).execute(c)?;
        Ok(series)
    });

    let first_has_written = std::sync::Barrier::new(2);
    let db = &app.db;
    // On PostgreSQL, a connection of its own to watch the writers' locks with.
    let watcher = app
        .postgres_url()
        .map(|url| hverdag::db::Db::open(url, 1).expect("a pool to watch locks with"));
    let ensure = |hold: bool| {
        let mut conn = db.conn().expect("a connection");
        hverdag::db::write_tx(&mut conn, |c| {
            meetings::ensure_meetings(c, &series, &tz, today)?;
            if hold {
                first_has_written.wait();
                // Commit only once the other writer has reached the same weeks and waits on
                // them. (SQLite lets one writer in at a time: the other waits to begin, and
                // there is nothing to watch for.)
                if let Some(watcher) = &watcher {
                    eventually_blocking(WAIT, "the second writer to wait on a lock", || {
                        (lock_waiters(watcher) > 0).then_some(())
                    });
                }
            }
            Ok::<_, hverdag::domain::Error>(())
        })
    };
    let (first, second) = std::thread::scope(|s| {
        let first = s.spawn(|| ensure(true));
        first_has_written.wait();
        let second = s.spawn(|| ensure(false));
        (first.join(), second.join())
    });
    first
        .expect("the first writer ran")
        .expect("the first writer stored the weeks");
    second
        .expect("the second writer ran")
        .expect("the second writer did not fail");

    let days: Vec<chrono::NaiveDate> = app.read(|c| {
        Ok(stored::table
            .filter(stored::series_id.eq(series.id))
            .order(stored::occurrence_on)
            .select(stored::occurrence_on)
            .load(c)?)
    });
    let mut distinct = days.clone();
    distinct.dedup();
    assert!(!days.is_empty(), "the weeks are stored");
    assert_eq!(days.len(), distinct.len(), "each week once: {days:?}");
}

/// How many connections to the test's PostgreSQL database wait for a lock (asked on a
/// connection of its own, outside any transaction, so the answer is current).
fn lock_waiters(db: &hverdag::db::Db) -> i64 {
    use diesel::prelude::*;
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let mut conn = db.conn().expect("a connection");
    let hverdag::db::DbConn::Pg(pg) = &mut *conn else {
        panic!("lock_waiters asks PostgreSQL")
    };
    diesel::sql_query(
        "SELECT count(*) AS n FROM pg_stat_activity \
         WHERE datname = current_database() AND wait_event_type = 'Lock'",
    )
    .get_result::<Count>(pg)
    .expect("read pg_stat_activity")
    .n
}
