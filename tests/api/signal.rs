//! The adoption signal against known truth, on this suite's backend (SQLite, or PostgreSQL
//! when `HVERDAG_TEST_POSTGRES_URL` is set): a small simulated organisation replayed Monday
//! by Monday through the real rollup must keep the floors below (docs/signal.md has the
//! full-size figures and how they were measured), and a routine team's summer closure and
//! public holidays must raise nothing.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use hverdag::domain::adoption::evaluate::{self, Report};
use hverdag::domain::adoption::simulate::{self, Config};
use hverdag::domain::adoption::{self, Stage};
use hverdag::domain::meetings::{self, MeetingRecord, Presence};
use hverdag::domain::org;
use hverdag::domain::people::Role;
use hverdag::domain::teams::TeamKind;

use crate::helpers::*;

/// Floors for the small simulation (60 teams, 40 weeks). They guard against regressions;
/// the targets for the full suite are higher and docs/signal.md says which are met.
const FLOOR_SLIPPING_PRECISION: f64 = 0.6;
const FLOOR_SLIPPING_RECALL: f64 = 0.45;
const FLOOR_ACCURACY: f64 = 0.65;
const MAX_MEDIAN_DELAY: u32 = 2;
const MAX_P90_DELAY: u32 = 5;
const MAX_FLIP_FLOPS: f64 = 0.02;

#[tokio::test]
async fn the_signal_keeps_its_floors_on_a_simulated_organisation() {
    let app = TestApp::spawn().await;
    let weeks = 40;
    let world = simulate::world(Config {
        teams: 60,
        weeks,
        seed: 11,
        start: evaluate::start_for(chrono::Utc::now().date_naive(), weeks),
    });
    let replay = app.read(|c| evaluate::replay(c, &world, "signal"));
    let r = Report::of(&world, &replay);
    let report = r.markdown();
    assert!(r.fades >= 5, "the world has teams that let go:\n{report}");
    assert_eq!(
        r.holiday_alerts, 0,
        "closed weeks raise no alert:\n{report}"
    );
    assert!(
        r.slipping.precision() >= FLOOR_SLIPPING_PRECISION,
        "slipping precision:\n{report}"
    );
    assert!(
        r.slipping.recall() >= FLOOR_SLIPPING_RECALL,
        "slipping recall:\n{report}"
    );
    assert!(r.accuracy() >= FLOOR_ACCURACY, "stage accuracy:\n{report}");
    assert!(
        r.delay(0.5).is_some_and(|d| d <= MAX_MEDIAN_DELAY),
        "median delay:\n{report}"
    );
    assert!(
        r.delay(0.9).is_some_and(|d| d <= MAX_P90_DELAY),
        "p90 delay:\n{report}"
    );
    assert!(
        r.flip_flop_share() <= MAX_FLIP_FLOPS,
        "flip-flops:\n{report}"
    );
}

fn monday_on_or_after(day: NaiveDate) -> NaiveDate {
    let mut d = day;
    while d.weekday() != Weekday::Mon {
        d = d + Days::new(1);
    }
    d
}

#[tokio::test]
async fn a_routine_team_that_does_not_meet_in_the_summer_or_on_holidays_raises_nothing() {
    let app = TestApp::spawn().await;
    let org_id = app.create_org("summer");
    let team = app.create_team(org_id, "Team Sommer", TeamKind::Team, None);
    // Weekly on Thursday from the start of March: Maundy Thursday, Ascension Day and
    // fellesferie (ISO weeks 28–30) fall in it. The year before this one, all in the past.
    let year = chrono::Utc::now().year() - 1;
    let start = monday_on_or_after(NaiveDate::from_ymd_opt(year, 3, 2).expect("a date"));
    let end = NaiveDate::from_ymd_opt(year, 9, 30).expect("a date");
    let people: Vec<i32> = (0..3)
        .map(|i| {
            let p = app.create_person(
                org_id,
                &format!("p{i}@summer.example"),
                &[Role::Member],
                None,
            );
            app.write(|c| {
                hverdag::domain::teams::add_member(c, org_id, team, p, start - Days::new(30))
            });
            p
        })
        .collect();
    app.write(|c| {
        let o = org::find(c, org_id)?;
        let series = meetings::create_series(
            c,
            org_id,
            &weekly_results(team, 4, start - Days::new(14)),
            &o.time_zone,
            start - Days::new(14),
        )?;
        meetings::ensure_meetings(c, &series, &o.time_zone, end)?;
        let all = meetings::team_meetings(c, org_id, team, &o.time_zone, end, start, end)?;
        let calendar = hverdag::domain::calendar::Calendar::load(c, org_id)?;
        for m in all.iter().filter(|m| m.series_id == series.id) {
            let monday =
                m.local_date - Days::new(u64::from(m.local_date.weekday().num_days_from_monday()));
            if calendar.closed(m.local_date).is_some() || calendar.closed_week(monday).is_some() {
                continue; // nobody meets; nobody cancels it either
            }
            let record = MeetingRecord {
                attendance: people.iter().map(|p| (*p, Presence::Present)).collect(),
                notes: String::new(),
                decisions: String::new(),
                held: true,
                check_ins: Vec::new(),
            };
            meetings::record_at(c, org_id, m.id, people[0], &record, m.starts_at)?;
        }
        adoption::rebuild(c, &o, end + Days::new(7))?;
        Ok(())
    });
    let (weeks, alerts) = app.read(|c| {
        let weeks = adoption::views::weeks_since(c, org_id, Some(&[team]), start)?;
        let alerts = adoption::views::alerts(c, org_id, Some(team), None)?;
        Ok((weeks, alerts))
    });
    let summer: Vec<_> = weeks
        .iter()
        .filter(|(_, w)| (28..=30).contains(&w.facts.week.iso_week().week()))
        .collect();
    assert_eq!(summer.len(), 3);
    assert!(
        summer
            .iter()
            .all(|(_, w)| w.facts.state == adoption::WeekState::Closed),
        "fellesferie is neither held nor missed"
    );
    assert!(
        weeks.iter().all(|(_, w)| w.stage != Stage::Slipping),
        "never slipping: {:?}",
        weeks.iter().map(|(_, w)| w.stage).collect::<Vec<_>>()
    );
    // (It has no quarterly OKR meeting series, and is told so at each period's end.)
    assert!(
        alerts.iter().all(|a| a.kind == "no_quarterly"),
        "no alert about its weekly routine: {alerts:?}"
    );
}
