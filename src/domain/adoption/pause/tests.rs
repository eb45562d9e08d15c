use chrono::NaiveDate;

use super::*;
use Outcome::{Held as H, NotHeld as N, Off as O};

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, m, d).unwrap()
}

/// `n` teams that held `before` weeks, then `this` in the last week.
fn teams(n: usize, before: usize, this: &[Outcome]) -> Vec<Vec<Outcome>> {
    (0..n)
        .map(|i| {
            let mut weeks = vec![H; before];
            weeks.push(this[i % this.len()]);
            weeks
        })
        .collect()
}

#[test]
fn fewer_than_a_third_holding_is_a_pause_and_a_third_is_not() {
    assert!(is_pause(0, 5));
    assert!(is_pause(3, 10));
    assert!(!is_pause(4, 12), "exactly a third held");
    assert!(is_pause(3, 12));
    assert!(!is_pause(8, 10));
}

#[test]
fn a_small_organisation_is_not_judged() {
    assert!(!is_pause(0, MIN_TEAMS - 1), "four teams all away");
    assert!(is_pause(0, MIN_TEAMS));
    // Four regular teams, none meeting: no pause; five: a pause.
    assert_eq!(recognise(&teams(4, 6, &[N])), vec![false; 7]);
    assert!(recognise(&teams(5, 6, &[N]))[6]);
}

#[test]
fn a_week_most_regular_teams_skip_is_a_pause_an_ordinary_week_is_not() {
    // Ten regular teams, one met: a pause.
    let mut ten = teams(10, 6, &[N]);
    ten[0][6] = H;
    assert!(recognise(&ten)[6]);
    // Seven of ten met (an ordinary week with three misses): not a pause.
    let ordinary = teams(10, 6, &[H, H, N, H, H, N, H, H, N, H]);
    assert!(!recognise(&ordinary)[6]);
}

#[test]
fn teams_that_rarely_meet_do_not_count() {
    // Five regular teams that met, and twenty that seldom do and did not: not a pause.
    let mut all = teams(5, 6, &[H]);
    for _ in 0..20 {
        all.push(vec![N, N, H, N, N, N, N]);
    }
    assert!(!recognise(&all)[6]);
    // A team with too little history is not regular either.
    assert!(!recognise(&teams(8, 3, &[N]))[3]);
}

#[test]
fn a_team_off_that_week_is_not_due() {
    // Twelve regular teams: ten cancelled or closed, two held: nothing to judge.
    let all = teams(12, 6, &[O, O, O, O, O, H]);
    assert!(!recognise(&all)[6]);
}

#[test]
fn a_summer_nobody_set_as_a_closure_is_three_pause_weeks() {
    let all: Vec<Vec<Outcome>> = (0..20)
        .map(|i| {
            let mut w = vec![H; 8];
            w.extend([N, N, N]);
            w.push(H);
            if i == 0 {
                w[9] = H;
            }
            w
        })
        .collect();
    let paused = recognise(&all);
    assert_eq!(&paused[8..], &[true, true, true, false]);
    assert!(!paused[..8].iter().any(|p| *p));
}

#[test]
fn the_week_just_past_and_the_running_week_judge_only_meetings_whose_day_passed() {
    let monday = day(10, 6);
    let closed_day = |_| false;
    let scheduled = |d| (d, Status::Scheduled);
    // On Wednesday, a Friday meeting is still to come; a Monday one not held is due.
    let wednesday = day(10, 8);
    assert_eq!(
        outcome(&[scheduled(day(10, 10))], false, closed_day, wednesday),
        O
    );
    assert_eq!(
        outcome(&[scheduled(monday)], false, closed_day, wednesday),
        N
    );
    // Recorded as held, however late: held.
    assert_eq!(
        outcome(&[(day(10, 10), Status::Held)], false, closed_day, wednesday),
        H
    );
    // Cancelled, in a closed week, or on a closed day: off.
    assert_eq!(
        outcome(
            &[(monday, Status::Cancelled)],
            false,
            closed_day,
            day(10, 13)
        ),
        O
    );
    assert_eq!(
        outcome(&[scheduled(monday)], true, closed_day, day(10, 13)),
        O
    );
    assert_eq!(
        outcome(&[scheduled(monday)], false, |_| true, day(10, 13)),
        O
    );
    assert_eq!(outcome(&[], false, closed_day, day(10, 13)), O);
}

#[test]
fn late_records_on_the_monday_after_do_not_make_an_ordinary_week_a_pause() {
    // Twenty regular teams hold as usual (18 of 20); on the Monday after, a third of the
    // held meetings are not recorded yet, so 12 show as held: far above a third.
    let shown = teams(
        20,
        6,
        &[H, H, H, N, H, H, N, H, H, H, N, H, H, N, H, H, N, H, N, N],
    );
    assert!(!recognise(&shown)[6]);
}
