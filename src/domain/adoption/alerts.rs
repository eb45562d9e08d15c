//! At-risk signals in a team's weeks. [`detect`] is pure: it reads a team's rollup and
//! returns *episodes* (a kind and the weeks it covers), so running it again after another
//! week extends an episode instead of raising a new alert every week.
//!
//! - **missed**: two or more weekly meetings missed in a row (cancelled, closed and
//!   organisation-wide pause weeks skipped), by a team that had started (at least forming the week before);
//! - **low coverage**: check-in coverage under 50 % three weeks or more in a row (closed,
//!   pause and cancelled weeks, and weeks without a weekly meeting, skipped), by a team that had been checking in (at least 60 % over its
//!   eight weeks before);
//! - **attendance drop**: attendance at a held meeting below two thirds of the team's own
//!   average over its previous eight held meetings (at least four of them), and unlikely at
//!   that average (below 1 %: three people of four staying away is news for a forty-person
//!   team, one of three is not for a three-person one);
//! - **no quarterly**: an OKR period ended without a quarterly OKR meeting held, for a team
//!   that had started its weekly routine and had a weekly meeting in the period.

use chrono::NaiveDate;
use serde::Serialize;

use super::metrics::{Level, Week, WeekState};
use crate::domain::periods::{self, Periods};

pub const MISSED_IN_A_ROW: usize = 2;
pub const LOW_COVERAGE: f64 = 0.5;
pub const LOW_COVERAGE_WEEKS: usize = 3;
pub const DROP_FACTOR: f64 = 2.0 / 3.0;
pub const DROP_BASELINE_MEETINGS: usize = 8;
pub const DROP_MIN_BASELINE: usize = 4;
pub const DROP_ALPHA: f64 = 0.01;
pub const COVERAGE_BASELINE_WEEKS: usize = 8;
pub const COVERAGE_BASELINE: f64 = 0.6;

crate::domain::codes::text_enum! {
    /// Which signal an alert is (see the module's summary).
    #[derive(Hash, Serialize, utoipa::ToSchema)]
    #[serde(rename_all = "snake_case")]
    pub enum AlertKind {
        Missed = "missed",
        LowCoverage = "low_coverage",
        AttendanceDrop = "attendance_drop",
        NoQuarterly = "no_quarterly",
    }
}

/// One run of weeks where a signal held.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Episode {
    pub kind: AlertKind,
    pub first_week: NaiveDate,
    pub last_week: NaiveDate,
    /// The weeks it counts (weeks skipped in a run, like cancelled ones, left out).
    pub weeks: u32,
    /// The figure that tripped it (coverage or attendance, 0–1), where there is one.
    pub value: Option<f64>,
    /// What it was compared with (the team's own average attendance).
    pub baseline: Option<f64>,
}

/// Every episode in a team's weeks (oldest first). `complete_before` is the running week:
/// only weeks before it are judged.
pub fn detect(weeks: &[Week], periods: Periods, complete_before: NaiveDate) -> Vec<Episode> {
    let done: Vec<&Week> = weeks
        .iter()
        .filter(|w| w.facts.week < complete_before)
        .collect();
    let mut out = Vec::new();
    missed(&done, &mut out);
    low_coverage(&done, &mut out);
    attendance_drop(&done, &mut out);
    no_quarterly(&done, periods, &mut out);
    out.sort_by_key(|e| (e.first_week, e.kind.code()));
    out
}

/// Runs of consecutive weeks for which `flag` says yes (`None`: skip the week, neither
/// breaking nor extending a run), at least `min` long.
fn runs<'a>(
    weeks: &[&'a Week],
    min: usize,
    flag: impl Fn(&Week) -> Option<bool>,
) -> Vec<Vec<&'a Week>> {
    let mut out = Vec::new();
    let mut current: Vec<&Week> = Vec::new();
    for w in weeks {
        match flag(w) {
            None => {}
            Some(true) => current.push(w),
            Some(false) => {
                if current.len() >= min {
                    out.push(std::mem::take(&mut current));
                }
                current.clear();
            }
        }
    }
    if current.len() >= min {
        out.push(current);
    }
    out
}

fn episode(kind: AlertKind, run: &[&Week], value: Option<f64>, baseline: Option<f64>) -> Episode {
    Episode {
        kind,
        first_week: run.first().map_or(NaiveDate::MIN, |w| w.facts.week),
        last_week: run.last().map_or(NaiveDate::MIN, |w| w.facts.week),
        weeks: u32::try_from(run.len()).unwrap_or(u32::MAX),
        value,
        baseline,
    }
}

/// The run's week before its first, in `weeks`.
fn before<'a, 'b>(weeks: &'b [&'a Week], run: &[&Week]) -> &'b [&'a Week] {
    let first = run.first().map_or(NaiveDate::MIN, |w| w.facts.week);
    let end = weeks
        .iter()
        .position(|w| w.facts.week >= first)
        .unwrap_or(weeks.len());
    &weeks[..end]
}

fn missed(weeks: &[&Week], out: &mut Vec<Episode>) {
    let flag = |w: &Week| match w.facts.state {
        WeekState::Cancelled | WeekState::Pending | WeekState::Closed | WeekState::Paused => None,
        state => Some(state == WeekState::Missed),
    };
    for run in runs(weeks, MISSED_IN_A_ROW, flag) {
        let started = before(weeks, &run)
            .last()
            .is_some_and(|w| w.level >= Level::Forming);
        if started {
            out.push(episode(AlertKind::Missed, &run, None, None));
        }
    }
}

fn low_coverage(weeks: &[&Week], out: &mut Vec<Episode>) {
    let flag = |w: &Week| {
        // A closed or cancelled week (a holiday) is neither low nor fine, nor is a week
        // without a weekly meeting (before the team's series begins or after it ends).
        (!matches!(
            w.facts.state,
            WeekState::Closed | WeekState::Paused | WeekState::Cancelled | WeekState::NoMeeting
        ))
        .then(|| w.facts.coverage().map(|c| c < LOW_COVERAGE))
        .flatten()
    };
    for run in runs(weeks, LOW_COVERAGE_WEEKS, flag) {
        let earlier = before(weeks, &run);
        let earlier = &earlier[earlier.len().saturating_sub(COVERAGE_BASELINE_WEEKS)..];
        let (checked, active) = super::metrics::sum_pairs(
            earlier
                .iter()
                .map(|w| (w.facts.checked_krs, w.facts.active_krs)),
        );
        let Some(baseline) = super::metrics::ratio(checked, active) else {
            continue;
        };
        if baseline < COVERAGE_BASELINE {
            continue;
        }
        let worst = run
            .iter()
            .filter_map(|w| w.facts.coverage())
            .fold(f64::INFINITY, f64::min);
        out.push(episode(
            AlertKind::LowCoverage,
            &run,
            Some(worst),
            Some(baseline),
        ));
    }
}

fn attendance_drop(weeks: &[&Week], out: &mut Vec<Episode>) {
    let held: Vec<(&Week, f64)> = weeks
        .iter()
        .filter(|w| w.facts.state == WeekState::Held)
        .filter_map(|w| w.facts.attendance().map(|a| (*w, a)))
        .collect();
    let mut open: Option<Episode> = None;
    for (i, (week, rate)) in held.iter().enumerate() {
        let before = &held[i.saturating_sub(DROP_BASELINE_MEETINGS)..i];
        let dropped = (before.len() >= DROP_MIN_BASELINE).then(|| {
            let average = before.iter().map(|(_, a)| a).sum::<f64>() / before.len() as f64;
            let unlikely = super::stage::lower_tail(
                week.facts.present as usize,
                week.facts.expected as usize,
                average,
            ) < DROP_ALPHA;
            (*rate < average * DROP_FACTOR && unlikely, average)
        });
        match (dropped, open.as_mut()) {
            (Some((true, _)), Some(e)) => {
                e.last_week = week.facts.week;
                e.weeks += 1;
                e.value = Some(e.value.map_or(*rate, |v| v.min(*rate)));
            }
            (Some((true, average)), None) => {
                open = Some(episode(
                    AlertKind::AttendanceDrop,
                    &[week],
                    Some(*rate),
                    Some(average),
                ));
            }
            _ => out.extend(open.take()),
        }
    }
    out.extend(open);
}

fn no_quarterly(weeks: &[&Week], periods: Periods, out: &mut Vec<Episode>) {
    let Some(first) = weeks.first() else { return };
    let mut period = periods.of(first.facts.week);
    while let Some((start, end)) = periods::days(&period) {
        // The week holding the period's last day: judged once it is complete.
        let Some(last) = weeks
            .iter()
            .find(|w| w.facts.week <= end && end < w.facts.week + chrono::Days::new(7))
        else {
            break;
        };
        let in_period: Vec<&&Week> = weeks
            .iter()
            .filter(|w| w.facts.week + chrono::Days::new(6) >= start && w.facts.week <= end)
            .collect();
        // Started, in a week it had a weekly meeting (a team whose series ended, merged into
        // another, keeps its last level but has no routine left to remind it of).
        let started = in_period
            .iter()
            .any(|w| w.level >= Level::Forming && w.facts.state != WeekState::NoMeeting);
        let held = in_period.iter().any(|w| w.facts.quarterly_held);
        // Only periods the data covers from their first week.
        let covered = first.facts.week < start + chrono::Days::new(7);
        if started && !held && covered {
            out.push(episode(AlertKind::NoQuarterly, &[last], None, None));
        }
        match periods::shift(&period, 1) {
            Some(next) => period = next,
            None => break,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::adoption::metrics::{Thresholds, WeekFacts};
    use crate::domain::adoption::stage::extend;

    fn monday(n: u64) -> NaiveDate {
        // 2026-01-05 is a Monday; week 0 starts the first quarter.
        NaiveDate::from_ymd_opt(2026, 1, 5).unwrap() + chrono::Days::new(7 * n)
    }

    fn weeks(spec: &[(WeekState, u32, u32)]) -> Vec<Week> {
        let facts: Vec<WeekFacts> = spec
            .iter()
            .enumerate()
            .map(|(i, (state, present, checked))| WeekFacts {
                week: monday(i as u64),
                state: *state,
                expected: if *state == WeekState::Held { 6 } else { 0 },
                present: *present,
                active_krs: 4,
                checked_krs: *checked,
                on_time_krs: *checked,
                quarterly_held: false,
            })
            .collect();
        extend(&[], &facts, &Thresholds::default())
    }

    use WeekState::{Cancelled as C, Held as H, Missed as M, NoMeeting as N, Pending as P};

    fn kinds(found: &[Episode]) -> Vec<(AlertKind, NaiveDate, NaiveDate)> {
        found
            .iter()
            .map(|e| (e.kind, e.first_week, e.last_week))
            .collect()
    }

    #[test]
    fn two_missed_meetings_in_a_row_across_a_cancelled_or_closed_week() {
        let w = weeks(&[
            (H, 6, 4),
            (H, 6, 4),
            (M, 0, 4),
            (C, 0, 4),
            (WeekState::Closed, 0, 4),
            (M, 0, 4),
            (M, 0, 4),
            (H, 6, 4),
        ]);
        let found = detect(&w, Periods::Quarters, monday(10));
        assert_eq!(
            kinds(&found),
            [(AlertKind::Missed, monday(2), monday(6))],
            "one episode, extended, not one alert per week"
        );
        assert_eq!(
            found[0].weeks, 3,
            "the cancelled and closed weeks are not counted"
        );
        let single = weeks(&[(H, 6, 4), (H, 6, 4), (M, 0, 4), (H, 6, 4), (M, 0, 4)]);
        assert!(detect(&single, Periods::Quarters, monday(10)).is_empty());
    }

    #[test]
    fn a_team_that_never_started_is_not_told_it_missed() {
        let w = weeks(&[(H, 6, 4), (M, 0, 4), (M, 0, 4), (M, 0, 4)]);
        assert!(
            detect(&w, Periods::Quarters, monday(10))
                .iter()
                .all(|e| e.kind != AlertKind::Missed)
        );
    }

    #[test]
    fn the_running_week_is_not_judged() {
        let w = weeks(&[(H, 6, 4), (H, 6, 4), (M, 0, 4), (M, 0, 4), (P, 0, 0)]);
        assert!(detect(&w, Periods::Quarters, monday(3)).is_empty());
        assert_eq!(detect(&w, Periods::Quarters, monday(4)).len(), 1);
    }

    #[test]
    fn coverage_under_half_three_weeks_in_a_row() {
        let w = weeks(&[
            (H, 6, 4),
            (H, 6, 1),
            (H, 6, 1),
            (H, 6, 3),
            (H, 6, 1),
            (H, 6, 0),
        ]);
        assert!(
            detect(&w, Periods::Quarters, monday(6)).is_empty(),
            "a break"
        );
        let w = weeks(&[(H, 6, 4), (H, 6, 1), (H, 6, 1), (H, 6, 0), (H, 6, 4)]);
        let found = detect(&w, Periods::Quarters, monday(6));
        assert_eq!(
            kinds(&found),
            [(AlertKind::LowCoverage, monday(1), monday(3))]
        );
        assert_eq!(found[0].value, Some(0.0));
    }

    #[test]
    fn a_team_whose_series_ended_is_not_told_to_check_in_or_meet_quarterly() {
        // Merged into another team after week 7: no weekly meeting since, key results
        // still open, nobody checking in.
        let mut spec = vec![(H, 6, 4); 8];
        spec.extend([(N, 0, 0); 20]);
        let mut w = weeks(&spec);
        for week in w.iter_mut().take(8) {
            week.facts.quarterly_held = true;
        }
        assert_eq!(kinds(&detect(&w, Periods::Quarters, monday(28))), []);
    }

    #[test]
    fn attendance_falling_by_a_third_against_the_teams_own_average() {
        let mut spec = vec![(H, 6, 4); 6];
        spec.push((H, 3, 4)); // 50 % against 100 %
        spec.push((H, 5, 4)); // 83 %: above two thirds of the average
        let found = detect(&weeks(&spec), Periods::Quarters, monday(20));
        assert_eq!(
            kinds(&found),
            [(AlertKind::AttendanceDrop, monday(6), monday(6))]
        );
        assert_eq!(found[0].value, Some(0.5));
        assert_eq!(found[0].baseline, Some(1.0));
        // Too little history for an average: nothing.
        let short = weeks(&[(H, 6, 4), (H, 6, 4), (H, 1, 4)]);
        assert!(detect(&short, Periods::Quarters, monday(20)).is_empty());
    }

    #[test]
    fn a_period_without_a_quarterly_meeting() {
        // Fourteen weeks from 5 January 2026: the first quarter ends in week 12 (Monday 30
        // March holds 31 March).
        let mut w = weeks(&[(H, 6, 4); 14]);
        let found = detect(&w, Periods::Quarters, monday(14));
        assert_eq!(
            kinds(&found),
            [(AlertKind::NoQuarterly, monday(12), monday(12))]
        );
        w[11].facts.quarterly_held = true;
        assert!(detect(&w, Periods::Quarters, monday(14)).is_empty());
        // Not judged before the week holding the period's last day is over.
        let w = weeks(&[(H, 6, 4); 14]);
        assert!(detect(&w, Periods::Quarters, monday(12)).is_empty());
        // A team that never started gets no such alert.
        let idle = weeks(&[(M, 0, 0); 14]);
        assert!(
            detect(&idle, Periods::Quarters, monday(14))
                .iter()
                .all(|e| e.kind != AlertKind::NoQuarterly)
        );
    }
}
