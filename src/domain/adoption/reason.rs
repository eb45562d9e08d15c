//! Why a team is at its stage, as data a page or an email renders in the reader's language:
//! which weeks, which figures, against which bar or which baseline.

use chrono::NaiveDate;
use serde::Serialize;

use super::metrics::{Bar, Stage, Thresholds, Week, WeekFacts, WeekState, ratio};
use super::stage::{
    BASELINE_WEEKS, LOOK_BACK, TOO_EARLY_WEEKS, checked, counted, held, judged, reached_sooner,
};

/// The figures behind a stage. `kind` is the stage's code; the rest fills its sentence.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Reason {
    pub kind: &'static str,
    /// Weekly meetings held, and of how many due, over the weeks judged.
    pub held: u32,
    pub of: u32,
    /// For slipping: meetings missed of the last `of`.
    pub missed: u32,
    /// Attendance and check-in coverage over those weeks, in whole per cent ("–" if none).
    pub attendance: String,
    pub coverage: String,
    /// The bar of the next stage up (or of routine, for a routine team).
    pub bar_held: u32,
    pub bar_of: u32,
    pub bar_attendance: u32,
    pub bar_coverage: u32,
    /// For slipping: what the team held before, and its check-in coverage then (`coverage`
    /// is the recent weeks').
    pub baseline_held: u32,
    pub baseline_of: u32,
    pub baseline_coverage: String,
    /// For stopped: the first week it was slipping.
    pub since: Option<NaiveDate>,
    /// The latest of the last [`PAUSE_SHOWN_WEEKS`] weeks treated as an organisation-wide
    /// pause (most teams did not meet; see [`super::pause`]), if one was.
    pub paused: Option<NaiveDate>,
}

/// How many recent weeks the reason mentions an organisation-wide pause in.
pub const PAUSE_SHOWN_WEEKS: usize = 4;

fn percent(share: Option<f64>) -> String {
    share.map_or("–".into(), |s| format!("{:.0}", s * 100.0))
}

fn whole(share: f64) -> u32 {
    (share * 100.0).round() as u32
}

/// Why the latest of a team's weeks (oldest first) is at its stage; `None` without weeks.
pub fn explain(weeks: &[Week], t: &Thresholds) -> Option<Reason> {
    let last = weeks.last()?;
    let counted = counted(weeks.iter().map(|w| &w.facts));
    let held_in = |ws: &[&WeekFacts]| held(ws) as u32;
    let facts = || weeks.iter().map(|w| &w.facts);
    let (full, bars) = judged(facts(), t);
    // The last few meetings, where they reach a level the whole window does not yet.
    let (win, t) = reached_sooner(facts(), &full, &bars, t).unwrap_or((full, *t));
    let t = &t;
    let next: &Bar = match last.stage {
        Stage::Routine | Stage::Practising => &t.routine,
        _ => &t.practising,
    };
    let mut reason = Reason {
        kind: last.stage.code(),
        held: win.held,
        of: win.weeks,
        missed: 0,
        attendance: percent(win.attendance),
        coverage: percent(win.coverage),
        bar_held: if last.stage == Stage::NotStarted {
            t.forming_held
        } else {
            next.held
        },
        bar_of: t.window_weeks,
        bar_attendance: whole(next.attendance),
        bar_coverage: whole(next.coverage),
        baseline_held: 0,
        baseline_of: 0,
        baseline_coverage: percent(None),
        since: None,
        paused: weeks
            .iter()
            .rev()
            .take(PAUSE_SHOWN_WEEKS)
            .find(|w| w.facts.state == WeekState::Paused)
            .map(|w| w.facts.week),
    };
    match last.stage {
        Stage::TooEarly => reason.of = counted.len().min(TOO_EARLY_WEEKS) as u32,
        Stage::Slipping | Stage::Stopped => {
            let recent = &counted[counted.len().saturating_sub(LOOK_BACK)..];
            let before = &counted[..counted.len() - recent.len()];
            let before = &before[before.len().saturating_sub(BASELINE_WEEKS)..];
            reason.of = recent.len() as u32;
            reason.held = held_in(recent);
            reason.missed = reason.of - reason.held;
            reason.baseline_held = held_in(before);
            reason.baseline_of = before.len() as u32;
            let coverage = |weeks: &[&WeekFacts]| {
                let (checked, active) = checked(weeks);
                percent(ratio(checked, active))
            };
            reason.coverage = coverage(recent);
            reason.baseline_coverage = coverage(before);
            let run = weeks
                .iter()
                .rev()
                .take_while(|w| matches!(w.stage, Stage::Slipping | Stage::Stopped));
            reason.since = run.last().map(|w| w.facts.week);
        }
        _ => {}
    }
    Some(reason)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::adoption::metrics::WeekState;
    use crate::domain::adoption::stage::extend;

    fn weeks(states: &[WeekState]) -> Vec<Week> {
        let facts: Vec<WeekFacts> = states
            .iter()
            .enumerate()
            .map(|(i, s)| WeekFacts {
                week: NaiveDate::from_ymd_opt(2026, 1, 5).unwrap()
                    + chrono::Days::new(7 * i as u64),
                state: *s,
                expected: if *s == WeekState::Held { 5 } else { 0 },
                present: if *s == WeekState::Held { 4 } else { 0 },
                active_krs: 4,
                checked_krs: 3,
                on_time_krs: 3,
                quarterly_held: false,
            })
            .collect();
        extend(&[], &facts, &Thresholds::default())
    }

    use WeekState::{Held as H, Missed as M};

    #[test]
    fn a_routine_team_is_told_its_figures_and_the_bar() {
        let r = explain(&weeks(&[H; 12]), &Thresholds::default()).unwrap();
        assert_eq!(r.kind, "routine");
        assert_eq!((r.held, r.of), (12, 12));
        assert_eq!((r.attendance.as_str(), r.coverage.as_str()), ("80", "75"));
        assert_eq!((r.bar_held, r.bar_attendance, r.bar_coverage), (10, 70, 70));
    }

    #[test]
    fn a_slipping_team_is_told_what_it_missed_and_what_it_held_before() {
        let mut states = vec![H; 12];
        states.extend([M, M, M]);
        let r = explain(&weeks(&states), &Thresholds::default()).unwrap();
        assert_eq!(r.kind, "slipping");
        assert_eq!((r.missed, r.of), (3, 4));
        assert_eq!((r.baseline_held, r.baseline_of), (11, 11));
        assert_eq!(r.since, Some(NaiveDate::from_ymd_opt(2026, 4, 6).unwrap()));
    }

    #[test]
    fn too_early_says_how_many_meetings_there_were() {
        let r = explain(&weeks(&[H, M]), &Thresholds::default()).unwrap();
        assert_eq!((r.kind, r.of), ("too_early", 2));
    }
}
