//! Adoption health on the real database: the weekly rollup counted from stored meetings,
//! attendance, memberships and check-ins (across a daylight-saving change, with people
//! joining and leaving, a cancelled week and a late entry), refresh equal to rebuild, the
//! dashboard and team pages with their access rules, alerts and their acknowledgement, and
//! the stage thresholds in Settings.

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, TimeZone};
use hverdag::domain::adoption::{self, AlertKind, Week, views};
use hverdag::domain::ids::{KeyResultId, OrgId, PersonId, TeamId};
use hverdag::domain::meetings::{self, MeetingRecord, Presence};
use hverdag::domain::okrs::check_ins::{self, CheckInInput, Confidence};
use hverdag::domain::okrs::{self, KeyResultInput, ObjectiveInput, Status};
use hverdag::domain::org;
use hverdag::domain::people::Role;
use hverdag::domain::periods::Periods;
use hverdag::domain::teams::{self, TeamKind};
use hverdag::jobs::scheduler;
use serde_json::json;

use crate::helpers::*;
use crate::page::Page;

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).expect("a date")
}

/// A local Oslo time as the UTC the database stores.
fn oslo(date: NaiveDate, h: u32, min: u32) -> NaiveDateTime {
    chrono_tz::Europe::Oslo
        .from_local_datetime(&date.and_hms_opt(h, min, 0).expect("a time"))
        .single()
        .expect("an unambiguous time")
        .naive_utc()
}

fn objective(team_id: TeamId, period: &str) -> ObjectiveInput {
    ObjectiveInput {
        team_id,
        period: period.into(),
        title: format!("Objective for {period}"),
        description: String::new(),
        owner_id: None,
        status: Status::Active,
    }
}

fn check_in(kr: KeyResultId) -> CheckInInput {
    CheckInInput {
        key_result_id: kr,
        value: 1.0,
        confidence: Confidence::OnTrack,
        note: String::new(),
    }
}

fn record(attendance: Vec<(PersonId, Presence)>) -> MeetingRecord {
    MeetingRecord {
        attendance,
        notes: String::new(),
        decisions: String::new(),
        held: true,
        check_ins: vec![],
    }
}

fn rows(app: &TestApp, org_id: OrgId) -> Vec<Week> {
    app.read(|c| views::weeks_since(c, org_id, None, day(1, 1)))
        .into_iter()
        .map(|(_, w)| w)
        .collect()
}

/// `(week, state, expected, present, active, checked, on time, streak)` of each week.
type Summary = (NaiveDate, &'static str, u32, u32, u32, u32, u32, u32);

fn summary(weeks: &[Week]) -> Vec<Summary> {
    weeks
        .iter()
        .map(|w| {
            let f = &w.facts;
            (
                f.week,
                f.state.code(),
                f.expected,
                f.present,
                f.active_krs,
                f.checked_krs,
                f.on_time_krs,
                w.streak,
            )
        })
        .collect()
}

#[tokio::test]
async fn the_rollup_counts_each_week_from_what_was_stored() {
    let app = TestApp::spawn().await;
    let acme = app.create_org("acme");
    let web = app.create_team(acme, "Web", TeamKind::Team, None);
    let kari = app.create_person(acme, "kari@acme.example", &[Role::Member], None);
    let ola = app.create_person(acme, "ola@acme.example", &[Role::Member], None);
    let per = app.create_person(acme, "per@acme.example", &[Role::Member], None);
    let today = day(4, 8); // a Wednesday
    app.write(|c| {
        teams::add_member(c, acme, web, kari, day(2, 1))?;
        teams::add_member(c, acme, web, ola, day(2, 1))?;
        teams::add_member(c, acme, web, per, day(3, 23))?;
        let ola_membership = teams::members(c, acme, web)?
            .into_iter()
            .find(|m| m.person_id == ola)
            .map(|m| m.membership_id)
            .expect("ola's membership");
        teams::end_membership(c, acme, web, ola_membership, day(3, 20))
    });
    // Two key results this quarter, one the next.
    let (q1, q2) = app.write(|c| {
        let q1 = caught_up(c, |c| {
            okrs::create(
                c,
                acme,
                &objective(web, "2026-Q1"),
                None,
                &[
                    KeyResultInput::number("Signups", "", 0.0, 10.0),
                    KeyResultInput::number("Churn", "", 5.0, 2.0),
                ],
            )
        })?;
        let q2 = caught_up(c, |c| {
            okrs::create(
                c,
                acme,
                &objective(web, "2026-Q2"),
                None,
                &[KeyResultInput::number("Revenue", "", 0.0, 10.0)],
            )
        })?;
        Ok((q1, q2))
    });
    let (kr1, kr2) = (q1.key_results[0].id, q1.key_results[1].id);
    let _ = q2;
    // Weekly on Mondays at 09:00 from 9 March; the clocks go forward on 29 March.
    let meetings_by_day = app.write(|c| {
        let series = meetings::create_series(
            c,
            acme,
            &weekly_results(web, 1, day(3, 9)),
            "Europe/Oslo",
            today,
        )?;
        meetings::team_meetings(c, acme, web, "Europe/Oslo", today, day(3, 1), day(4, 30)).map(
            |ms| {
                ms.into_iter()
                    .filter(|m| m.series_id == series.id)
                    .map(|m| (m.local_date, m.id))
                    .collect::<Vec<_>>()
            },
        )
    });
    let meeting = |d: NaiveDate| {
        meetings_by_day
            .iter()
            .find(|(day, _)| *day == d)
            .map(|(_, id)| *id)
            .expect("a meeting that day")
    };
    app.write(|c| {
        // 9 March: both there; one key result checked before the meeting, one late on Sunday.
        caught_up(c, |c| {
            meetings::record_at(
                c,
                acme,
                meeting(day(3, 9)),
                kari,
                &record(vec![(kari, Presence::Present), (ola, Presence::Present)]),
                oslo(day(3, 9), 9, 15),
            )
        })?;
        check_ins::record_at(c, acme, kari, &check_in(kr2), oslo(day(3, 9), 8, 0))?;
        check_ins::record_at(c, acme, kari, &check_in(kr1), oslo(day(3, 15), 23, 30))?;
        // 16 March: cancelled.
        caught_up(c, |c| {
            meetings::set_cancelled(c, acme, meeting(day(3, 16)), true)
        })?;
        // 23 March: Ola has left, Per is excused.
        caught_up(c, |c| {
            meetings::record_at(
                c,
                acme,
                meeting(day(3, 23)),
                kari,
                &record(vec![(kari, Presence::Present), (per, Presence::Excused)]),
                oslo(day(3, 23), 9, 15),
            )
        })?;
        // 30 March (summer time now): not held, but a check-in late on Sunday night.
        check_ins::record_at(c, acme, kari, &check_in(kr1), oslo(day(4, 5), 23, 30))?;
        // 6 April: held, Per absent.
        caught_up(c, |c| {
            meetings::record_at(
                c,
                acme,
                meeting(day(4, 6)),
                kari,
                &record(vec![(kari, Presence::Present), (per, Presence::Absent)]),
                oslo(day(4, 6), 9, 15),
            )
        })?;
        Ok(())
    });

    let org_row = app.read(|c| org::find(c, acme));
    let built = app.write(|c| adoption::rebuild(c, &org_row, today));
    assert_eq!((built.teams, built.weeks), (1, 5));
    assert_eq!(
        summary(&rows(&app, acme)),
        [
            (day(3, 9), "held", 2, 2, 2, 2, 1, 1),
            (day(3, 16), "cancelled", 0, 0, 2, 0, 0, 1),
            (day(3, 23), "held", 1, 1, 2, 0, 0, 2),
            // The week of 30 March belongs to Q2 (its Thursday is 2 April): Q2's one key
            // result, so the late Q1 check-in on Sunday night does not count in it.
            (day(3, 30), "missed", 0, 0, 1, 0, 0, 0),
            (day(4, 6), "held", 2, 1, 1, 0, 0, 1),
        ]
    );

    // One person's weeks: Per joined on 23 March, was excused, then absent.
    let per_weeks = app
        .read(|c| adoption::person::weeks(c, acme, per, chrono_tz::Europe::Oslo, day(3, 9), today));
    let presence: Vec<Option<&str>> = per_weeks.iter().map(|w| w.meeting).collect();
    assert_eq!(
        presence,
        [None, None, Some("excused"), None, Some("absent")]
    );
    let kari_summary = app.read(|c| {
        adoption::person::weeks(c, acme, kari, chrono_tz::Europe::Oslo, day(3, 9), today)
    });
    let kari_summary = adoption::person::summary(&kari_summary);
    assert_eq!((kari_summary.attended, kari_summary.expected), (3, 3));

    // The 30 March meeting is entered after the fact: a refresh from that week agrees with
    // a full rebuild.
    app.write(|c| {
        caught_up(c, |c| {
            meetings::record_at(
                c,
                acme,
                meeting(day(3, 30)),
                kari,
                &record(vec![(kari, Presence::Present), (per, Presence::Present)]),
                oslo(day(4, 7), 10, 0),
            )
        })
    });
    let refreshed = app.write(|c| adoption::refresh(c, &org_row, Some(&[web]), day(4, 1), today));
    assert_eq!(refreshed.weeks, 2, "only the weeks from 30 March");
    let after_refresh = rows(&app, acme);
    assert_eq!(
        summary(&after_refresh)
            .iter()
            .map(|r| (r.0, r.1, r.7))
            .collect::<Vec<_>>(),
        [
            (day(3, 9), "held", 1),
            (day(3, 16), "cancelled", 1),
            (day(3, 23), "held", 2),
            (day(3, 30), "held", 3),
            (day(4, 6), "held", 4),
        ]
    );
    app.write(|c| adoption::rebuild(c, &org_row, today));
    assert_eq!(summary(&rows(&app, acme)), summary(&after_refresh));
    let stages: Vec<&str> = rows(&app, acme).iter().map(|w| w.stage.code()).collect();
    assert_eq!(
        stages[..4],
        ["too_early"; 4],
        "fewer than four weekly meetings due (the cancelled one is not)"
    );
    assert_eq!(stages[4], "forming", "three held of four due");
}

/// A team whose weekly meetings on today's weekday went unheld for four weeks.
/// A weekly meeting on today's weekday, missed for the four weeks up to today.
fn missed_for_a_month(app: &TestApp, org_id: OrgId, team_id: TeamId) -> NaiveDate {
    let today = app.read(|c| org::today(c, org_id));
    app.write(|c| {
        meetings::create_series(
            c,
            org_id,
            &weekly_results(
                team_id,
                today.weekday().number_from_monday() as i32,
                today - Days::new(28),
            ),
            "Europe/Oslo",
            today,
        )
    });
    today
}

/// [`missed_for_a_month`] by a team that had held its meeting for the eight weeks before (a
/// team that had started and let go; one that never started is not told it missed).
fn let_go_a_month_ago(app: &TestApp, org_id: OrgId, team_id: TeamId) -> NaiveDate {
    let today = app.read(|c| org::today(c, org_id));
    app.write(|c| {
        let series = meetings::create_series(
            c,
            org_id,
            &weekly_results(
                team_id,
                today.weekday().number_from_monday() as i32,
                today - Days::new(84),
            ),
            "Europe/Oslo",
            today,
        )?;
        let held = meetings::team_meetings(
            c,
            org_id,
            team_id,
            "Europe/Oslo",
            today,
            today - Days::new(84),
            today - Days::new(29),
        )?;
        for m in held.iter().filter(|m| m.series_id == series.id) {
            caught_up(c, |c| {
                meetings::record_at(
                    c,
                    org_id,
                    m.id,
                    PersonId(0),
                    &record(Vec::new()),
                    m.starts_at,
                )
            })?;
        }
        Ok(())
    });
    today
}

#[tokio::test]
async fn ambassadors_see_alerts_and_acknowledge_them_in_the_support_log() {
    let app = TestApp::spawn().await;
    let acme = app.create_org("acme");
    let web = app.create_team(acme, "Web", TeamKind::Team, None);
    let data = app.create_team(acme, "Data", TeamKind::Team, None);
    app.create_person(
        acme,
        "amb@acme.example",
        &[Role::Ambassador],
        Some(PASSWORD),
    );
    let kari = app.create_person(acme, "kari@acme.example", &[Role::Member], Some(PASSWORD));
    let per = app.create_person(acme, "per@acme.example", &[Role::Member], Some(PASSWORD));
    app.add_member(acme, web, kari);
    app.add_member(acme, data, per);
    let today = let_go_a_month_ago(&app, acme, web);

    // The scheduler builds a rollup the organisation does not have yet.
    assert!(!app.read(|c| adoption::has_rollup(c, acme)));
    let context = app.scheduler_context();
    let weeks = scheduler::refresh_adoption(&context, chrono::Utc::now()).expect("a refresh");
    assert!(weeks >= 5, "{weeks} weeks");
    assert!(app.read(|c| adoption::has_rollup(c, acme)));
    let open = app.read(|c| views::alerts(c, acme, None, Some(views::open_since(today))));
    assert_eq!(open.len(), 1, "{open:?}");
    assert_eq!(open[0].kind, AlertKind::Missed);
    assert_eq!(open[0].team_id, web);
    assert_eq!(open[0].weeks, 4);

    // Members see their own team's page, not the dashboard or other teams.
    let member = app.session();
    member.login("kari@acme.example", PASSWORD).await;
    assert_eq!(member.get("/adoption").await.status(), 403);
    let own = text_with_status(member.get(&format!("/adoption/teams/{web}")).await, 200).await;
    assert!(
        !own.contains("Unknown localization key"),
        "{}",
        &own[own.find("Unknown localization key").unwrap_or(0)..][..200.min(own.len())]
    );
    let own = Page::of(&own);
    let alerts = own.select("#open-alerts li");
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    assert!(alerts[0].starts_with("Weekly OKR meeting missed 4 weeks running"));
    // Why, with the figures, and what each stage means, in words.
    assert!(
        own.text_of("#stage-reason")
            .contains("4 of the last 4 weekly OKR meetings missed, where the team had held"),
        "the reason for its stage"
    );
    assert_eq!(
        own.text_of("#stage-definitions summary"),
        "What the stages and alerts mean"
    );
    assert_eq!(
        own.count("form[action$='/acknowledge']"),
        0,
        "members do not acknowledge"
    );
    assert_eq!(
        member
            .get(&format!("/adoption/teams/{data}"))
            .await
            .status(),
        403
    );
    let res = member
        .post_form(
            &format!("/adoption/alerts/{}/acknowledge", open[0].id),
            &[("note", "done")],
        )
        .await;
    assert_eq!(res.status(), 403);

    let amb = app.session();
    amb.login("amb@acme.example", PASSWORD).await;
    let dashboard = text_with_status(amb.get("/adoption").await, 200).await;
    assert!(!dashboard.contains("Unknown localization key"));
    let dashboard = Page::of(&dashboard);
    let alerts = dashboard.select("#open-alerts li");
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    assert!(alerts[0].starts_with("Web: Weekly OKR meeting missed 4 weeks running"));
    let mut teams = dashboard.select("tr.team-row th");
    teams.sort();
    assert_eq!(teams, ["Data", "Web"]);
    assert!(
        dashboard
            .attrs("tr.team-row", "data-team")
            .contains(&web.to_string())
    );
    let routine = Page::of(&text_with_status(amb.get("/adoption?stage=routine").await, 200).await);
    assert_eq!(routine.count("tr.team-row"), 0);
    assert!(routine.any_contains("#teams-head ~ p", "No team is in this stage now."));
    let not_started =
        Page::of(&text_with_status(amb.get("/adoption?stage=not_started").await, 200).await);
    // Only the teams in that stage (Web, which missed its last four meetings, is slipping).
    assert_eq!(not_started.select("tr.team-row th"), ["Data"]);
    assert_eq!(
        not_started.attrs("tr.team-row", "data-stage"),
        ["not_started"]
    );
    assert_eq!(
        dashboard.attrs(&format!("tr.team-row[data-team='{web}']"), "data-stage"),
        ["slipping"]
    );
    assert_eq!(amb.get("/adoption?stage=bored").await.status(), 400);
    let long = "x".repeat(501);
    let res = amb
        .post_form(
            &format!("/adoption/alerts/{}/acknowledge", open[0].id),
            &[("note", &long)],
        )
        .await;
    assert_eq!(res.status(), 422);
    let res = amb
        .post_form(
            &format!("/adoption/alerts/{}/acknowledge", open[0].id),
            &[(
                "note",
                "Talked with the team lead: they moved the meeting to Tuesdays.",
            )],
        )
        .await;
    assert_redirect(&res, &format!("/adoption/teams/{web}#support-log"));
    let log =
        Page::of(&text_with_status(amb.get(&format!("/adoption/teams/{web}")).await, 200).await);
    let entry = log.text_of("#support-log li");
    assert!(entry.contains("Talked with the team lead: they moved the meeting to Tuesdays."));
    assert!(entry.contains("Acknowledged by amb"), "{entry}");
    let dashboard = Page::of(&text_with_status(amb.get("/adoption").await, 200).await);
    assert_eq!(dashboard.count("#open-alerts li"), 0, "no longer open");
    assert!(
        dashboard
            .text_of("#open-alerts p")
            .starts_with("No open alerts")
    );

    // One person's routine, for ambassadors only.
    let person =
        Page::of(&text_with_status(amb.get(&format!("/adoption/people/{kari}")).await, 200).await);
    assert_eq!(person.text_of("h1"), "kari: weekly routine");
    assert!(person.any_contains(".stats .stat-label", "at 0 of 0 weekly meetings held"));
    assert_eq!(
        person.count(".cell.cell-none"),
        2 * 52,
        "two maps of a year, nothing held"
    );
    assert_eq!(
        member
            .get(&format!("/adoption/people/{kari}"))
            .await
            .status(),
        403
    );

    // The rollout page counts the teams at routine against its target date.
    let rollout = app.write(|c| {
        hverdag::domain::rollouts::create(
            c,
            acme,
            &hverdag::domain::rollouts::RolloutInput {
                name: "OKR".into(),
                all_teams: false,
                team_ids: vec![web],
                prep_start: today - Days::new(120),
                prep_end: today - Days::new(100),
                workshop_start: today - Days::new(99),
                workshop_end: today - Days::new(90),
                followup_start: None,
                routine_months: 9,
            },
        )
    });
    let shown =
        Page::of(&text_with_status(amb.get(&format!("/rollouts/{}", rollout.id)).await, 200).await);
    assert!(
        shown
            .text_of(".routine-progress")
            .starts_with("0 of 1 teams at routine (target"),
        "only the rollout's team"
    );

    // Refreshing keeps the acknowledged alert (and does not raise it again).
    let org_row = app.read(|c| org::find(c, acme));
    app.write(|c| adoption::refresh(c, &org_row, None, today - Days::new(14), today));
    let all = app.read(|c| views::alerts(c, acme, Some(web), None));
    assert_eq!(all.len(), 1);
    assert!(all[0].acknowledged_at.is_some());
}

#[tokio::test]
async fn leaders_set_the_stage_thresholds_and_stages_are_recomputed() {
    let app = TestApp::spawn().await;
    let acme = app.create_org("acme");
    let web = app.create_team(acme, "Web", TeamKind::Team, None);
    app.create_person(acme, "leader@acme.example", &[Role::Leader], Some(PASSWORD));
    let kari = app.create_person(acme, "kari@acme.example", &[Role::Member], Some(PASSWORD));
    let today = app.read(|c| org::today(c, acme));
    app.write(|c| teams::add_member(c, acme, web, kari, today - Days::new(60)));
    // Three weekly meetings missed, then three held: forming under the defaults (two held).
    app.write(|c| {
        meetings::create_series(
            c,
            acme,
            &weekly_results(
                web,
                today.weekday().number_from_monday() as i32,
                today - Days::new(42),
            ),
            "Europe/Oslo",
            today,
        )?;
        for m in meetings::team_meetings(
            c,
            acme,
            web,
            "Europe/Oslo",
            today,
            today - Days::new(21),
            today - Days::new(1),
        )? {
            caught_up(c, |c| {
                meetings::record(
                    c,
                    acme,
                    m.id,
                    kari,
                    &record(vec![(kari, Presence::Present)]),
                )
            })?;
        }
        Ok(())
    });
    let org_row = app.read(|c| org::find(c, acme));
    app.write(|c| adoption::rebuild(c, &org_row, today));
    let stage = |app: &TestApp| rows(app, acme).last().map(|w| w.stage.code());
    assert_eq!(stage(&app), Some("forming"));

    let member = app.session();
    member.login("kari@acme.example", PASSWORD).await;
    assert_eq!(member.get("/settings/adoption").await.status(), 403);
    assert_eq!(member.get("/adoption/cohorts").await.status(), 403);

    let s = app.session();
    s.login("leader@acme.example", PASSWORD).await;
    // The team started with its first held meeting three weeks ago: one cohort. Its month 0
    // is that calendar month, every week of it (the missed ones before the start too).
    let start = today - Days::new(21);
    let started = org_row.periods().of(start);
    let cohorts = Page::of(&text_with_status(s.get("/adoption/cohorts").await, 200).await);
    let heads = cohorts.select("table.cohorts thead th");
    assert!(
        heads[1].starts_with(&format!("Started {started}")),
        "{started}: {heads:?}"
    );
    let in_month: Vec<Week> = rows(&app, acme)
        .into_iter()
        .filter(|w| adoption::months::month_of(w.facts.week) == adoption::months::month_of(start))
        .collect();
    let (held, due) = in_month.iter().fold((0, 0), |(h, d), w| {
        let (wh, wd) = w.facts.held_of_due();
        (h + wh, d + wd)
    });
    let share = (100.0 * f64::from(held) / f64::from(due)).round() as i64;
    assert_eq!(
        cohorts.text_of("table.cohorts tr[data-month='0'] td strong"),
        format!("{share} %"),
        "month 0: {held} of {due} held"
    );
    assert_eq!(s.get("/adoption/cohorts?metric=vibes").await.status(), 400);
    let settings = Page::of(&text_with_status(s.get("/settings/adoption").await, 200).await);
    assert_eq!(settings.value_of("input[name=routine_held]"), "10");
    assert_eq!(settings.attr("input[name=routine_held]", "max"), "26");
    let form = |forming: &'static str| {
        vec![
            ("window_weeks", "12"),
            ("routine_held", "10"),
            ("routine_attendance", "70"),
            ("routine_coverage", "70"),
            ("practising_held", "6"),
            ("practising_attendance", "50"),
            ("practising_coverage", "50"),
            ("forming_held", forming),
            ("slipping_weeks", "26"),
        ]
    };
    // Forming asking more than practising is no ladder.
    let res = s.post_form("/settings/adoption", &form("7")).await;
    let html = Page::of(&text_with_status(res, 422).await);
    assert!(
        html.text_of(".field-error")
            .starts_with("Each stage must ask at least as much as the one below it")
    );
    assert_eq!(
        html.value_of("input[name=forming_held]"),
        "7",
        "the input is kept"
    );
    assert_eq!(stage(&app), Some("forming"), "nothing changed");

    let res = s.post_form("/settings/adoption", &form("4")).await;
    assert_redirect(&res, "/settings/adoption");
    assert_eq!(
        hverdag::domain::adoption::Thresholds::of(&app.read(|c| org::find(c, acme))).forming_held,
        4
    );
    // The stages are recomputed in the background (tests/api/recompute.rs).
    assert_eq!(
        crate::recompute::wait_for_recompute(&app, acme).await,
        "done"
    );
    assert_eq!(stage(&app), Some("not_started"), "recomputed");

    let res = s.post_form("/settings/adoption/reset", &[]).await;
    assert_redirect(&res, "/settings/adoption");
    assert_eq!(app.read(|c| org::find(c, acme)).adoption_thresholds, None);
    assert_eq!(
        crate::recompute::wait_for_recompute(&app, acme).await,
        "done"
    );
    assert_eq!(stage(&app), Some("forming"));
}

#[tokio::test]
async fn the_api_and_the_csv_export_give_the_weekly_metrics_and_alerts() {
    let app = TestApp::spawn().await;
    let acme = app.create_org("acme");
    let web = app.create_team(acme, "Web", TeamKind::Team, None);
    let data = app.create_team(acme, "=Data", TeamKind::Team, None);
    let amb = app.create_person(
        acme,
        "amb@acme.example",
        &[Role::Ambassador],
        Some(PASSWORD),
    );
    let kari = app.create_person(acme, "kari@acme.example", &[Role::Member], None);
    app.add_member(acme, web, kari);
    let today = let_go_a_month_ago(&app, acme, web);
    let org_row = app.read(|c| org::find(c, acme));
    app.write(|c| adoption::rebuild(c, &org_row, today));
    // Only leaders hold API tokens; the ambassador and the member use their sessions.
    let api = app.session_api(amb).await;
    let member = app.session_api(kari).await;

    let teams = json_with_status(api.get("/api/v1/adoption/teams").await, 200).await;
    let names: Vec<&str> = teams
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|t| t["name"].as_str())
        .collect();
    assert_eq!(names, ["=Data", "Web"]);
    let web_standing = &teams[1];
    let count = |key: &str| web_standing[key].as_u64().expect("a count");
    assert!(count("held") >= 6, "held before it let go");
    assert_eq!(count("due") - count("held"), 4, "four missed weeks due");
    assert_eq!(member.get("/api/v1/adoption/teams").await.status(), 403);

    // Members read their own team's weeks; not all teams', not another team's.
    let weeks = json_with_status(
        member
            .get(&format!(
                "/api/v1/adoption/weeks?team={web}&from={}",
                today - Days::new(28)
            ))
            .await,
        200,
    )
    .await;
    let states: Vec<&str> = weeks
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|w| w["state"].as_str())
        .collect();
    assert_eq!(states, ["missed", "missed", "missed", "missed", "pending"]);
    assert_eq!(weeks[0]["team_id"], web.0);
    // Eight held, then one missed: still forming; two missed: slipping.
    assert_eq!(weeks[0]["stage"], "forming");
    assert_eq!(weeks[1]["stage"], "slipping");
    assert_eq!(member.get("/api/v1/adoption/weeks").await.status(), 403);
    assert_eq!(
        member
            .get(&format!("/api/v1/adoption/weeks?team={data}"))
            .await
            .status(),
        403
    );
    let other = app.create_org("other");
    let theirs = app.create_team(other, "Theirs", TeamKind::Team, None);
    assert_eq!(
        api.get(&format!("/api/v1/adoption/weeks?team={theirs}"))
            .await
            .status(),
        404
    );
    for bad in [
        "from=2026-05-01&to=2026-04-01",
        "from=-262143-01-01",
        "to=+262142-12-31",
    ] {
        let res = api.get(&format!("/api/v1/adoption/weeks?{bad}")).await;
        assert_eq!(res.status(), 400, "{bad}");
    }

    let open = json_with_status(api.get("/api/v1/adoption/alerts?open=true").await, 200).await;
    assert_eq!(open.as_array().map(Vec::len), Some(1));
    assert_eq!(open[0]["kind"], "missed");
    let id = open[0]["id"].as_i64().expect("an id");
    let path = format!("/api/v1/adoption/alerts/{id}/acknowledge");
    let note = json!({"note": "Spoke to Kari"});
    assert_eq!(
        member.post_json(&path, &note).await.status(),
        403,
        "members do not acknowledge"
    );
    let acked = json_with_status(api.post_json(&path, &note).await, 200).await;
    assert_eq!(acked["note"], "Spoke to Kari");
    assert_eq!(acked["acknowledged_by"], "amb");
    let open = json_with_status(api.get("/api/v1/adoption/alerts?open=true").await, 200).await;
    assert_eq!(open.as_array().map(Vec::len), Some(0));
    let all = json_with_status(
        member
            .get(&format!("/api/v1/adoption/alerts?team={web}"))
            .await,
        200,
    )
    .await;
    assert_eq!(
        all.as_array().map(Vec::len),
        Some(1),
        "the support log stays"
    );

    // The CSV export: parsed back, one line per team and week, formulas neutralised.
    let s = app.session();
    s.login("amb@acme.example", PASSWORD).await;
    let body = text_with_status(
        s.get(&format!(
            "/adoption/export.csv?from={}",
            today - Days::new(28)
        ))
        .await,
        200,
    )
    .await;
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("a header")
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header[..3], ["team", "week", "weekly_meeting"]);
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    assert_eq!(records.len(), 10, "two teams, five weeks each");
    assert!(records.iter().any(|r| &r[0] == "'=Data"));
    let web_rows: Vec<&csv::StringRecord> = records.iter().filter(|r| &r[0] == "Web").collect();
    assert_eq!(&web_rows[0][2], "missed");
    assert_eq!(&web_rows[0][13], "forming");

    // A meeting four weeks back entered after the fact shows at once, beyond the
    // scheduler's two weeks.
    let oldest = app.read(|c| {
        meetings::team_meetings(
            c,
            acme,
            web,
            "Europe/Oslo",
            today,
            today - Days::new(28),
            today - Days::new(28),
        )
    })[0]
        .id;
    // (Kari joined the team today, so nobody was on the roster then.)
    app.write(|c| {
        caught_up(c, |c| {
            meetings::record(c, acme, oldest, kari, &record(vec![]))
        })
    });
    let weeks = json_with_status(
        member
            .get(&format!(
                "/api/v1/adoption/weeks?team={web}&from={}",
                today - Days::new(28)
            ))
            .await,
        200,
    )
    .await;
    assert_eq!(weeks[0]["state"], "held");
    assert_eq!(weeks[0]["attendance"], serde_json::Value::Null);
    assert_eq!(weeks[1]["state"], "missed");
}

#[tokio::test]
async fn ambassadors_get_a_weekly_digest_of_their_teams_in_their_language() {
    let app = TestApp::spawn().await;
    let acme = app.create_org("acme");
    let web = app.create_team(acme, "Web", TeamKind::Team, None);
    app.create_team(acme, "Data", TeamKind::Team, None);
    let amb = app.create_person(
        acme,
        "amb@acme.example",
        &[Role::Ambassador],
        Some(PASSWORD),
    );
    let ida = app.create_person(acme, "ida@acme.example", &[Role::Ambassador], None);
    app.create_person(acme, "kari@acme.example", &[Role::Member], None);
    app.add_ambassador(acme, web, amb);
    app.write(|c| {
        use diesel::prelude::*;
        use hverdag::db::schema::people;
        let account = people::table
            .find(ida)
            .select(people::account_id)
            .first(c)?;
        hverdag::domain::people::accounts::set_locale(c, account, hverdag::domain::Locale::Nb)
    });
    let today = let_go_a_month_ago(&app, acme, web);
    let org_row = app.read(|c| org::find(c, acme));
    app.write(|c| adoption::rebuild(c, &org_row, today));
    let context = app.scheduler_context();
    let monday = hverdag::domain::periods::monday(today);
    let at = |day: NaiveDate, hour| chrono::Utc.from_utc_datetime(&oslo(day, hour, 0));

    assert_eq!(
        scheduler::send_digests(&context, at(monday, 6)).expect("digests"),
        0,
        "not before seven on Monday"
    );
    assert_eq!(
        scheduler::send_digests(&context, at(monday, 8)).expect("digests"),
        2
    );
    assert_eq!(
        scheduler::send_digests(&context, at(monday, 9)).expect("digests"),
        0,
        "once a week"
    );
    context.mail.kick();
    let mail = app.wait_for_mails("amb@acme.example", 1).await;
    assert_eq!(
        mail[0].subject,
        "Adoption this week: 0 of 1 teams at routine, one open alert"
    );
    let text = mail[0].text();
    assert!(text.contains("Web: Weekly OKR meeting missed"), "{text}");
    assert!(!text.contains("Data"), "only the ambassador's own team");
    let mail = app.wait_for_mails("ida@acme.example", 1).await;
    assert_eq!(
        mail[0].subject, "Forankring denne uken: 0 av 2 team har rutine, ett åpent varsel",
        "every team for an ambassador without teams, in Norwegian"
    );
    assert!(mail[0].text().contains("Ukentlig OKR-møte ikke holdt"));

    // Amb turns the digest off on the dashboard; next week only Ida gets one.
    let s = app.session();
    s.login("amb@acme.example", PASSWORD).await;
    let res = s.post_form("/adoption/digest", &[("on", "0")]).await;
    assert_redirect(&res, "/adoption");
    let dashboard = Page::of(&text_with_status(s.get("/adoption").await, 200).await);
    assert_eq!(dashboard.text_of("#digest p"), "The weekly digest is off.");
    let next = monday + Days::new(7);
    assert_eq!(
        scheduler::send_digests(&context, at(next, 8)).expect("digests"),
        1
    );
    let res = s.post_form("/adoption/digest", &[("on", "1")]).await;
    assert_redirect(&res, "/adoption");
    assert!(app.read(|c| adoption::digest::is_on(c, acme, amb)));
}

#[tokio::test]
async fn a_digest_says_why_a_team_changed_stage() {
    let app = TestApp::spawn().await;
    let acme = app.create_org("acme");
    let web = app.create_team(acme, "Web", TeamKind::Team, None);
    let today = let_go_a_month_ago(&app, acme, web);
    let org_row = app.read(|c| org::find(c, acme));
    app.write(|c| adoption::rebuild(c, &org_row, today));
    let weeks = rows(&app, acme);
    let slipped = weeks
        .windows(2)
        .find(|p| p[1].stage == adoption::Stage::Slipping && p[0].stage != p[1].stage)
        .map(|p| p[1].facts.week)
        .expect("the week the team began slipping");
    let digest = app.read(|c| adoption::digest::compose(c, acme, &[web], slipped));
    let reason = digest.changes[0].reason.as_ref().expect("a reason");
    assert_eq!(reason.kind, "slipping");

    let context = app.scheduler_context();
    let recipient = (
        "Amb".to_owned(),
        "amb@acme.example".to_owned(),
        "en".to_owned(),
    );
    let mut conn = app.db.conn().expect("a connection");
    hverdag::text::mail::followup::queue_digest(
        &mut conn,
        &context.tera,
        &context.base_url,
        acme,
        &recipient,
        &digest,
        org_row.periods(),
    )
    .expect("queued");
    context.mail.kick();
    let mail = app.wait_for_mails("amb@acme.example", 1).await;
    let sentence = format!(
        "{} of the last {} weekly OKR meetings missed, where the team had held",
        reason.missed, reason.of
    );
    assert!(
        mail[0].text_body.contains(&sentence),
        "{}",
        mail[0].text_body
    );
    assert!(
        mail[0].html_body.contains(&sentence),
        "{}",
        mail[0].html_body
    );
}

#[tokio::test]
async fn the_scheduler_catches_up_on_weeks_and_meetings_nobody_looked_at() {
    let app = TestApp::spawn().await;
    let acme = app.create_org("acme");
    let web = app.create_team(acme, "Web", TeamKind::Team, None);
    let today = let_go_a_month_ago(&app, acme, web);
    let org_row = app.read(|c| org::find(c, acme));
    app.write(|c| adoption::rebuild(c, &org_row, today));
    // As if the rollup had stopped three weeks ago and the coming meetings had never been
    // stored (nobody opened the team's meetings page for months).
    app.write(|c| {
        use diesel::prelude::*;
        use hverdag::db::schema::{adoption_weeks, meetings as m};
        diesel::delete(
            adoption_weeks::table.filter(adoption_weeks::week_start.ge(today - Days::new(21))),
        )
        .execute(c)?;
        diesel::delete(m::table.filter(m::local_date.ge(today - Days::new(14)))).execute(c)?;
        Ok(())
    });
    let context = app.scheduler_context();
    scheduler::refresh_adoption(&context, chrono::Utc::now()).expect("a refresh");
    let states: Vec<&str> = rows(&app, acme)
        .iter()
        .map(|w| w.facts.state.code())
        .collect();
    assert_eq!(
        states[states.len() - 5..],
        ["missed", "missed", "missed", "missed", "pending"],
        "weeks counted again, meetings stored again"
    );
    let stored = app.read(|c| {
        meetings::team_meetings(
            c,
            acme,
            web,
            "Europe/Oslo",
            today,
            today,
            today + Days::new(100),
        )
    });
    assert!(stored.len() >= 14, "the coming meetings are stored again");

    // An alert is acknowledged once; a second acknowledgement keeps the first note.
    let alert = app.read(|c| views::alerts(c, acme, Some(web), None))[0].id;
    let kari = app.create_person(acme, "kari@acme.example", &[Role::Ambassador], None);
    app.write(|c| adoption::acknowledge(c, acme, alert, kari, "First"));
    let again = app.read(|c| Ok(adoption::acknowledge(c, acme, alert, kari, "Second")));
    assert!(again.is_err(), "{again:?}");
    assert_eq!(
        app.read(|c| views::alerts(c, acme, Some(web), None))[0].note,
        "First"
    );
}

#[tokio::test]
async fn objectives_planned_or_moved_after_the_fact_reach_the_rollup_at_once() {
    let app = TestApp::spawn().await;
    let acme = app.create_org("acme");
    let web = app.create_team(acme, "Web", TeamKind::Team, None);
    let today = missed_for_a_month(&app, acme, web);
    let org_row = app.read(|c| org::find(c, acme));
    app.write(|c| adoption::rebuild(c, &org_row, today));
    let four_weeks_back = |app: &TestApp| rows(app, acme)[0].facts.active_krs;
    assert_eq!(four_weeks_back(&app), 0);
    // A key result for the period four weeks ago, entered now.
    let period = Periods::Quarters.of(today - Days::new(28));
    let okr = app.write(|c| {
        caught_up(c, |c| {
            okrs::create(
                c,
                acme,
                &objective(web, &period),
                None,
                &[KeyResultInput::number("Signups", "", 0.0, 10.0)],
            )
        })
    });
    assert_eq!(four_weeks_back(&app), 1, "counted at once");
    // Moved to the next period: no longer worked on four weeks ago.
    let next = hverdag::domain::periods::shift(&period, 1).expect("a next period");
    app.write(|c| caught_up(c, |c| okrs::move_to(c, acme, okr.objective.id, &next)));
    assert_eq!(four_weeks_back(&app), 0);
}
