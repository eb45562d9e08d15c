//! Recomputing the adoption rollup off the request path: saving the thresholds or the OKR
//! periods answers at once, a background job recomputes the teams a few at a time with its
//! progress on the pages and in the API, and the stages then follow the new settings. A job
//! whose node died is finished by another; a failed one says why.

use std::time::Duration;

use chrono::{Datelike, Days};
use hverdag::domain::adoption::recompute::{self, LEASE, Reason};
use hverdag::domain::adoption::{self, views};
use hverdag::domain::ids::{OrgId, TeamId};
use hverdag::domain::meetings::{self, MeetingRecord, Presence};
use hverdag::domain::org;
use hverdag::domain::people::Role;
use hverdag::domain::teams::TeamKind;
use serde_json::Value;

use crate::helpers::*;
use crate::page::Page;

/// Teams without meetings beside the one that meets: with them the job takes two steps.
const IDLE_TEAMS: usize = 60;

struct Seeded {
    org: OrgId,
    /// Has had six weekly meetings and held the last three: enough for a stage, and forming
    /// under the default thresholds (two held) but not when forming asks four.
    web: TeamId,
    /// The leader's API token.
    token: String,
}

/// An organisation with a leader (`leader@{slug}.example`), an ambassador and a member, the
/// team `Web` with six weekly meetings of which the last three were held, `idle` more teams,
/// and its rollup built.
fn seeded(app: &TestApp, slug: &str, idle: usize) -> Seeded {
    let org_id = app.create_org(slug);
    let web = app.create_team(org_id, "Web", TeamKind::Team, None);
    for n in 0..idle {
        app.create_team(org_id, &format!("Team {n:03}"), TeamKind::Team, None);
    }
    let leader = app.create_person(
        org_id,
        &format!("leader@{slug}.example"),
        &[Role::Leader],
        Some(PASSWORD),
    );
    app.create_person(
        org_id,
        &format!("ambassador@{slug}.example"),
        &[Role::Ambassador],
        Some(PASSWORD),
    );
    let kari = app.create_person(
        org_id,
        &format!("kari@{slug}.example"),
        &[Role::Member],
        Some(PASSWORD),
    );
    let today = app.read(|c| org::today(c, org_id));
    app.write(|c| {
        hverdag::domain::teams::add_member(c, org_id, web, kari, today - Days::new(60))?;
        let weekday = today.weekday().number_from_monday() as i32;
        let start = today - Days::new(42);
        meetings::create_series(
            c,
            org_id,
            &weekly_results(web, weekday, start),
            "Europe/Oslo",
            today,
        )?;
        let held = meetings::team_meetings(
            c,
            org_id,
            web,
            "Europe/Oslo",
            today,
            start,
            today - Days::new(1),
        )?;
        for m in held.iter().skip(held.len().saturating_sub(3)) {
            let record = MeetingRecord {
                attendance: vec![(kari, Presence::Present)],
                notes: String::new(),
                decisions: String::new(),
                held: true,
                check_ins: vec![],
            };
            caught_up(c, |c| meetings::record(c, org_id, m.id, kari, &record))?;
        }
        let o = org::find(c, org_id)?;
        adoption::rebuild(c, &o, today)
    });
    let (_, token) = app.create_api_token(org_id, leader, "recompute");
    Seeded {
        org: org_id,
        web,
        token,
    }
}

/// The team's stage in its latest stored week.
fn stage(app: &TestApp, org_id: OrgId, team: TeamId) -> Option<String> {
    stages(app, org_id)
        .into_iter()
        .rev()
        .find(|(t, _, _)| *t == team)
        .map(|(_, _, stage)| stage)
}

/// Every stored team-week's stage.
fn stages(app: &TestApp, org_id: OrgId) -> Vec<(TeamId, chrono::NaiveDate, String)> {
    let today = app.read(|c| org::today(c, org_id));
    let mut weeks: Vec<_> = app
        .read(|c| views::weeks_since(c, org_id, None, today - Days::new(70)))
        .into_iter()
        .map(|(team, w)| (team, w.facts.week, w.stage.code().to_owned()))
        .collect();
    weeks.sort();
    weeks
}

/// What one full rebuild under the organisation's current thresholds stores (it replaces
/// the rollup: call it after comparing).
fn rebuilt(app: &TestApp, org_id: OrgId) -> Vec<(TeamId, chrono::NaiveDate, String)> {
    let today = app.read(|c| org::today(c, org_id));
    app.write(|c| {
        let o = org::find(c, org_id)?;
        adoption::rebuild(c, &o, today)
    });
    stages(app, org_id)
}

/// Polls `GET /api/v1/adoption/recompute` until no recompute runs (at most 60 s); returns
/// every job it saw, the finished one last.
async fn poll_until_done(api: &Bearer) -> Vec<Value> {
    let mut seen = Vec::new();
    eventually_async(
        Duration::from_secs(60),
        "the recompute to finish",
        async || {
            let status = json_with_status(api.get("/api/v1/adoption/recompute").await, 200).await;
            seen.push(status["job"].clone());
            (status["running"] == false).then_some(())
        },
    )
    .await;
    seen
}

/// Waits (at most 60 s) until the organisation's latest recompute is no longer queued or
/// running, and returns its status.
pub(crate) async fn wait_for_recompute(app: &TestApp, org_id: OrgId) -> String {
    eventually(
        Duration::from_secs(60),
        "the recompute to finish",
        || match app.read(|c| recompute::latest(c, org_id)) {
            Some(job) if job.is_active() => None,
            Some(job) => Some(job.status.code().to_owned()),
            None => panic!("no recompute was queued"),
        },
    )
    .await
}

fn thresholds(forming: &'static str) -> Vec<(&'static str, &'static str)> {
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
}

const PROGRESS: &str = "Recomputing stages and alerts:";
/// The page refreshes itself (while a recompute runs).
const REFRESH: &str = "head meta[http-equiv=refresh]";

#[tokio::test]
async fn saving_thresholds_answers_at_once_and_the_recompute_reports_progress_until_done() {
    let app = TestApp::spawn().await;
    let acme = seeded(&app, "acme", IDLE_TEAMS);
    let teams = (IDLE_TEAMS + 1) as i64;
    let before = stages(&app, acme.org);
    let web_before = stage(&app, acme.org, acme.web);
    assert!(web_before.is_some());
    let api = app.bearer(&acme.token);
    let idle = json_with_status(api.get("/api/v1/adoption/recompute").await, 200).await;
    assert_eq!(idle, serde_json::json!({"running": false, "job": null}));

    let s = app.session();
    s.login("leader@acme.example", PASSWORD).await;
    let res = s.post_form("/settings/adoption", &thresholds("4")).await;
    assert_redirect(&res, "/settings/adoption");
    let page = Page::of(&text_with_status(s.get("/settings/adoption").await, 200).await);
    assert!(
        page.flash()
            .contains("Every team's stages and alerts are being recomputed"),
        "the flash says the recompute started"
    );

    let seen = poll_until_done(&api).await;
    let mut done_before = 0;
    for job in &seen {
        let (done, total) = (job["teams_done"].as_i64(), job["teams_total"].as_i64());
        let (done, total) = (done.expect("teams_done"), total.expect("teams_total"));
        assert!(done <= total && done >= done_before, "progress: {seen:?}");
        done_before = done;
    }
    let last = seen.last().expect("a job");
    assert_eq!(last["status"], "done");
    assert_eq!(last["reason"], "thresholds");
    assert_eq!(
        (last["teams_done"].as_i64(), last["teams_total"].as_i64()),
        (Some(teams), Some(teams))
    );
    assert!(last["finished_at"].is_string());
    crate::signal::assert_summary_matches_weeks(&app, acme.org);
    let after = stages(&app, acme.org);
    assert_ne!(
        stage(&app, acme.org, acme.web),
        web_before,
        "the stages follow the new thresholds"
    );
    assert_eq!(
        after,
        rebuilt(&app, acme.org),
        "as one full rebuild stores them"
    );
    let page = Page::of(&text_with_status(s.get("/settings/adoption").await, 200).await);
    assert!(!page.has("#recompute") && !page.has(REFRESH));

    // Back to the defaults: recomputed again.
    let res = s.post_form("/settings/adoption/reset", &[]).await;
    assert_redirect(&res, "/settings/adoption");
    let last = poll_until_done(&api).await.pop().expect("a job");
    assert_eq!(last["status"], "done");
    assert_eq!(stages(&app, acme.org), before);

    // Leaders and ambassadors see the progress; members do not.
    let ambassador = app.session();
    ambassador.login("ambassador@acme.example", PASSWORD).await;
    let seen = json_with_status(ambassador.get("/api/v1/adoption/recompute").await, 200).await;
    assert_eq!(seen["job"]["status"], "done");
    let member = app.session();
    member.login("kari@acme.example", PASSWORD).await;
    assert_eq!(member.get("/api/v1/adoption/recompute").await.status(), 403);
}

#[tokio::test]
async fn the_pages_show_a_queued_recompute_another_node_finishes_and_a_failed_one() {
    let app = TestApp::spawn().await;
    let acme = seeded(&app, "acme", IDLE_TEAMS);
    let other = seeded(&app, "other", 0);
    let s = app.session();
    s.login("leader@acme.example", PASSWORD).await;
    let ambassador = app.session();
    ambassador.login("ambassador@acme.example", PASSWORD).await;

    // Queued on a node that claimed it and died: the pages show the progress and refresh.
    let at = hverdag::domain::now() - LEASE * 2;
    app.write(|c| {
        recompute::request(c, acme.org, Reason::Thresholds)?;
        recompute::claim_at(c, "a-node-that-died", LEASE, at)
    });
    let expected = format!("{PROGRESS} 0 of {} teams", IDLE_TEAMS + 1);
    for (session, path) in [(&s, "/settings/adoption"), (&ambassador, "/adoption")] {
        let page = Page::of(&text_with_status(session.get(path).await, 200).await);
        assert!(
            page.text_of("#recompute").starts_with(&expected),
            "{path} shows the progress"
        );
        assert!(page.has(REFRESH), "{path} refreshes itself");
    }
    let api = app.bearer(&acme.token);
    let status = json_with_status(api.get("/api/v1/adoption/recompute").await, 200).await;
    assert_eq!(
        (&status["running"], &status["job"]["status"]),
        (&Value::Bool(true), &Value::from("running"))
    );
    // Another organisation sees only its own recomputes.
    let theirs = app.bearer(&other.token);
    let status = json_with_status(theirs.get("/api/v1/adoption/recompute").await, 200).await;
    assert_eq!(status["job"], Value::Null);

    // Another node's worker (the scheduler's poller) takes the job over once the lease ran out.
    assert_eq!(hverdag::jobs::recompute::work(&app.db).await, 1);
    let status = json_with_status(api.get("/api/v1/adoption/recompute").await, 200).await;
    assert_eq!(status["job"]["status"], "done");
    let page = Page::of(&text_with_status(ambassador.get("/adoption").await, 200).await);
    assert!(!page.has("#recompute") && !page.has(REFRESH));

    // A failed recompute says why, and the page stops refreshing.
    app.write(|c| {
        recompute::request(c, acme.org, Reason::Thresholds)?;
        let job = recompute::claim(c, "a-node", LEASE)?.ok_or(hverdag::domain::Error::NotFound)?;
        recompute::fail(c, &job, "the disk is full")
    });
    for (session, path) in [(&s, "/settings/adoption"), (&ambassador, "/adoption")] {
        let page = Page::of(&text_with_status(session.get(path).await, 200).await);
        assert!(
            page.text_of("#recompute")
                .contains("stopped with an error: the disk is full"),
            "{path} shows the failure"
        );
        assert!(!page.has(REFRESH));
    }
    let status = json_with_status(api.get("/api/v1/adoption/recompute").await, 200).await;
    assert_eq!(
        (&status["running"], &status["job"]["error"]),
        (&Value::Bool(false), &Value::from("the disk is full"))
    );
}

#[tokio::test]
async fn changing_the_okr_periods_recomputes_in_the_background() {
    let app = TestApp::spawn().await;
    let acme = seeded(&app, "acme", 3);
    let s = app.session();
    s.login("leader@acme.example", PASSWORD).await;
    let res = s
        .post_form(
            "/settings/follow-up",
            &[("periods", "tertials"), ("nudge_weekday", "")],
        )
        .await;
    assert_redirect(&res, "/settings/follow-up");
    let page = Page::of(&text_with_status(s.get("/settings/follow-up").await, 200).await);
    assert!(page.flash().contains("recomputed for the new periods"));
    let last = poll_until_done(&app.bearer(&acme.token))
        .await
        .pop()
        .expect("a job");
    assert_eq!(
        (&last["status"], &last["reason"], &last["teams_done"]),
        (
            &Value::from("done"),
            &Value::from("periods"),
            &Value::from(4)
        )
    );
    assert_eq!(wait_for_recompute(&app, acme.org).await, "done");

    // Saving without changing the periods starts nothing.
    let res = s
        .post_form(
            "/settings/follow-up",
            &[("periods", "tertials"), ("nudge_weekday", "3")],
        )
        .await;
    assert_redirect(&res, "/settings/follow-up");
    let page = Page::of(&text_with_status(s.get("/settings/follow-up").await, 200).await);
    assert_eq!(page.flash(), "Follow-up settings saved.");
}

#[tokio::test]
async fn workers_on_several_nodes_share_the_jobs_and_run_each_once() {
    let app = TestApp::spawn().await;
    let orgs: Vec<Seeded> = ["acme", "bravo", "charlie"]
        .iter()
        .map(|slug| seeded(&app, slug, 20))
        .collect();
    let before: Vec<Option<String>> = orgs.iter().map(|o| stage(&app, o.org, o.web)).collect();
    for o in &orgs {
        app.write(|c| {
            adoption::set_thresholds(
                c,
                o.org,
                Some(&adoption::Thresholds {
                    forming_held: 4,
                    ..Default::default()
                }),
            )?;
            recompute::request(c, o.org, Reason::Thresholds)
        });
    }
    // Two workers at once, as on two nodes (each run has its own lease holder name).
    let (a, b) = tokio::join!(
        hverdag::jobs::recompute::work(&app.db),
        hverdag::jobs::recompute::work(&app.db)
    );
    assert_eq!(a + b, orgs.len(), "every job finished once");
    for (o, before) in orgs.iter().zip(before) {
        assert_ne!(stage(&app, o.org, o.web), before, "recomputed");
        let job = app.read(|c| recompute::latest(c, o.org)).expect("a job");
        assert_eq!((job.status.code(), job.teams_done), ("done", 21));
        let stored = stages(&app, o.org);
        assert_eq!(stored, rebuilt(&app, o.org), "{stored:?}");
    }
}
