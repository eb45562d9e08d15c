use chrono::{Datelike, Days, Duration, NaiveDate};
use diesel::prelude::*;

use super::*;
use crate::db::schema::{adoption_alerts, adoption_weeks};
use crate::domain::adoption::{self, Thresholds};
use crate::domain::ids::{OrgId, TeamId};
use crate::domain::meetings::{self, MeetingRecord, Presence, SeriesInput, SeriesKind};
use crate::domain::people::Role;
use crate::domain::teams::{self, TeamInput, TeamKind};
use crate::domain::testing::{TestDb, org, person};

const OSLO: &str = "Europe/Oslo";

/// Five teams with a weekly meeting for ten weeks, each holding a different share of them
/// (the first all, the last none); returns the organisation, its teams and today.
fn seeded(c: &mut DbConn) -> (OrgId, Vec<TeamId>, NaiveDate) {
    let acme = org(c, "acme");
    let kari = person(c, acme, "kari@acme.no", vec![Role::Member]).row.id;
    let today = crate::domain::periods::local_date(OSLO, chrono::Utc::now());
    let start = today - Days::new(70);
    let mut ids = Vec::new();
    for n in 0..5u32 {
        let team = teams::create(
            c,
            acme,
            &TeamInput {
                name: format!("Team {n}"),
                kind: TeamKind::Team,
                parent_id: None,
            },
        )
        .unwrap()
        .id;
        teams::add_member(c, acme, team, kari, start).unwrap();
        let series = SeriesInput {
            team_id: team,
            kind: SeriesKind::WeeklyResults,
            weekday: today.weekday().number_from_monday() as i32,
            start_time: "09:00".into(),
            duration_minutes: 15,
            starts_on: start,
            ends_on: None,
        };
        meetings::create_series(c, acme, &series, OSLO, today).unwrap();
        let held = meetings::team_meetings(c, acme, team, OSLO, today, start, today - Days::new(1))
            .unwrap();
        for (i, m) in held.iter().enumerate() {
            // Team n holds every meeting but those whose index is below 2n.
            if i < 2 * n as usize {
                continue;
            }
            let record = MeetingRecord {
                attendance: vec![(kari, Presence::Present)],
                notes: String::new(),
                decisions: String::new(),
                held: true,
                check_ins: vec![],
            };
            let recorded = meetings::record(c, acme, m.id, kari, &record).unwrap();
            adoption::caught_up(c, recorded).unwrap();
        }
        ids.push(team);
    }
    (acme, ids, today)
}

type Rollup = (
    Vec<(TeamId, NaiveDate, String, String, i32)>,
    Vec<(TeamId, String, NaiveDate, NaiveDate)>,
);

fn rollup(c: &mut DbConn, org_id: OrgId) -> Rollup {
    let weeks = adoption_weeks::table
        .filter(adoption_weeks::org_id.eq(org_id))
        .order((adoption_weeks::team_id, adoption_weeks::week_start))
        .select((
            adoption_weeks::team_id,
            adoption_weeks::week_start,
            adoption_weeks::state,
            adoption_weeks::stage,
            adoption_weeks::streak,
        ))
        .load(c)
        .unwrap();
    let alerts = adoption_alerts::table
        .filter(adoption_alerts::org_id.eq(org_id))
        .order((
            adoption_alerts::team_id,
            adoption_alerts::kind,
            adoption_alerts::first_week,
        ))
        .select((
            adoption_alerts::team_id,
            adoption_alerts::kind,
            adoption_alerts::first_week,
            adoption_alerts::last_week,
        ))
        .load(c)
        .unwrap();
    (weeks, alerts)
}

/// Stricter thresholds than the defaults: the teams' stages change.
fn strict() -> Thresholds {
    Thresholds {
        forming_held: 6,
        ..Thresholds::default()
    }
}

fn rebuild_with(c: &mut DbConn, org_id: OrgId, t: Option<&Thresholds>, today: NaiveDate) -> Rollup {
    adoption::set_thresholds(c, org_id, t).unwrap();
    let o = org::find(c, org_id).unwrap();
    adoption::rebuild(c, &o, today).unwrap();
    rollup(c, org_id)
}

#[test]
fn a_new_request_supersedes_the_unfinished_one() {
    let t = TestDb::fresh();
    let mut c = t.conn();
    let (acme, teams, _) = seeded(&mut c);
    let other = org(&mut c, "other");
    let theirs = request(&mut c, other, Reason::Thresholds).unwrap();
    assert_eq!(latest(&mut c, acme).unwrap(), None);

    let first = request(&mut c, acme, Reason::Thresholds).unwrap();
    assert_eq!(
        (first.status.code(), first.teams_total, first.teams_done),
        ("queued", teams.len() as i32, 0)
    );
    let second = request(&mut c, acme, Reason::Periods).unwrap();
    assert_eq!(find(&mut c, first.id).unwrap().status, Status::Superseded);
    assert_eq!(latest(&mut c, acme).unwrap().as_ref(), Some(&second));
    assert_eq!(
        find(&mut c, theirs.id).unwrap().status,
        Status::Queued,
        "another organisation's job stays"
    );

    // A running job is superseded too, and its node stops at its next step.
    let running = claim(&mut c, "node-a", LEASE).unwrap().unwrap();
    assert_eq!(running.id, theirs.id, "the oldest first");
    let running = claim(&mut c, "node-a", LEASE).unwrap().unwrap();
    assert_eq!((running.id, running.status.code()), (second.id, "running"));
    let third = request(&mut c, acme, Reason::Calendar).unwrap();
    let today = crate::domain::periods::local_date(OSLO, chrono::Utc::now());
    assert_eq!(step(&mut c, &running, today).unwrap(), Progress::Stopped);
    assert_eq!(find(&mut c, second.id).unwrap().status, Status::Superseded);
    assert_eq!(find(&mut c, second.id).unwrap().teams_done, 0);
    assert_eq!(latest(&mut c, acme).unwrap().map(|j| j.id), Some(third.id));

    // Without a rollup there is nothing to recompute.
    assert_eq!(
        request_if_built(&mut c, acme, Reason::Thresholds).unwrap(),
        None
    );
}

#[test]
fn a_job_is_claimed_once_and_a_lapsed_lease_frees_it() {
    let t = TestDb::fresh();
    let mut c = t.conn();
    let acme = org(&mut c, "acme");
    let job = request(&mut c, acme, Reason::Thresholds).unwrap();
    let at = now();
    let mine = claim_at(&mut c, "node-a", LEASE, at).unwrap().unwrap();
    assert_eq!(
        (mine.id, mine.locked_by.as_deref()),
        (job.id, Some("node-a"))
    );
    assert!(mine.started_at.is_some());
    assert_eq!(
        claim_at(&mut c, "node-b", LEASE, at + Duration::seconds(59)).unwrap(),
        None,
        "claimed twice while the lease holds"
    );
    // node-a died: after the lease, node-b takes the job over and node-a's steps stop.
    let later = at + LEASE + Duration::seconds(1);
    let taken = claim_at(&mut c, "node-b", LEASE, later).unwrap().unwrap();
    assert_eq!(
        (taken.id, taken.locked_by.as_deref()),
        (job.id, Some("node-b"))
    );
    assert_eq!(taken.started_at, mine.started_at, "started once");
    let today = crate::domain::periods::local_date(OSLO, chrono::Utc::now());
    assert_eq!(step(&mut c, &mine, today).unwrap(), Progress::Stopped);
    assert_eq!(
        step(&mut c, &taken, today).unwrap(),
        Progress::Done { total: 0 }
    );
    let done = find(&mut c, job.id).unwrap();
    assert_eq!(
        (
            done.status.code(),
            done.locked_by,
            done.finished_at.is_some()
        ),
        ("done", None, true)
    );
    assert_eq!(claim_at(&mut c, "node-c", LEASE, later).unwrap(), None);
}

#[test]
fn a_recompute_resumed_after_a_crash_equals_one_full_run() {
    let t = TestDb::fresh();
    let mut c = t.conn();
    let (acme, teams, today) = seeded(&mut c);
    let before = rebuild_with(&mut c, acme, None, today);
    let expected = rebuild_with(&mut c, acme, Some(&strict()), today);
    assert_ne!(before, expected, "the stricter thresholds change stages");

    // One uninterrupted run, two teams a step.
    rebuild_with(&mut c, acme, None, today);
    adoption::set_thresholds(&mut c, acme, Some(&strict())).unwrap();
    request(&mut c, acme, Reason::Thresholds).unwrap();
    let job = claim(&mut c, "node-a", LEASE).unwrap().unwrap();
    let mut steps = Vec::new();
    loop {
        let progress = step_by(&mut c, &job, today, 2, now(), LEASE).unwrap();
        steps.push(progress);
        if !matches!(progress, Progress::Advanced { .. }) {
            break;
        }
    }
    assert_eq!(
        steps,
        vec![
            Progress::Advanced { done: 2, total: 5 },
            Progress::Advanced { done: 4, total: 5 },
            Progress::Done { total: 5 },
        ]
    );
    assert_eq!(rollup(&mut c, acme), expected);
    assert_eq!(teams.len(), 5);

    // node-a dies after its first step; node-b claims the job when the lease has run out
    // and goes on after the cursor.
    rebuild_with(&mut c, acme, None, today);
    adoption::set_thresholds(&mut c, acme, Some(&strict())).unwrap();
    request(&mut c, acme, Reason::Thresholds).unwrap();
    let at = now();
    let a = claim_at(&mut c, "node-a", LEASE, at).unwrap().unwrap();
    assert_eq!(
        step_by(&mut c, &a, today, 2, at, LEASE).unwrap(),
        Progress::Advanced { done: 2, total: 5 }
    );
    let half = rollup(&mut c, acme);
    assert_ne!(half, expected, "only two teams recomputed");
    let later = at + LEASE + Duration::seconds(1);
    let b = claim_at(&mut c, "node-b", LEASE, later).unwrap().unwrap();
    assert_eq!((b.cursor_team_id, b.teams_done), (Some(teams[1]), 2));
    while let Progress::Advanced { .. } = step_by(&mut c, &b, today, 2, later, LEASE).unwrap() {}
    assert_eq!(rollup(&mut c, acme), expected);
    let finished = latest(&mut c, acme).unwrap().unwrap();
    assert_eq!(
        (
            finished.status.code(),
            finished.teams_done,
            finished.teams_total
        ),
        ("done", 5, 5)
    );
}
