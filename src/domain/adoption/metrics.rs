//! The weekly routine of one team, as numbers, and the adoption stage they add up to. Pure
//! functions over [`WeekFacts`] (what happened in one ISO week, counted by [`super::facts`]):
//! nothing here touches the database, so every rule is testable on hand-made weeks.
//!
//! Per week: was the weekly OKR meeting held, missed or cancelled; attendance (present ÷
//! members expected that day, excused people not expected); check-in coverage (active key
//! results with a check-in that week ÷ active key results); on time (key results checked in
//! by the end of the weekly meeting's day, or by Sunday without a meeting, ÷ active key
//! results); and the streak of consecutive held weeks (cancelled weeks neither break nor
//! extend it).
//!
//! The stage at a week looks at the team's last `window_weeks` weekly meetings (cancelled
//! weeks and the running week's meeting before it happens are skipped, so a holiday does not
//! count against a team) and compares them with [`Thresholds`]. A team below the highest
//! stage it reached in the previous `slipping_weeks` weeks is *slipping*.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

crate::domain::codes::text_enum! {
    /// What became of a team's weekly OKR meeting in a week.
    #[derive(Serialize, utoipa::ToSchema)]
    #[serde(rename_all = "snake_case")]
    pub enum WeekState {
        /// The team has no weekly meeting that week.
        NoMeeting = "none",
        /// This week's meeting has not happened yet.
        Pending = "pending",
        Held = "held",
        Missed = "missed",
        Cancelled = "cancelled",
        /// Not held, in a week or on a day the organisation's calendar closes (a public
        /// holiday, the summer): neither held nor missed, like a cancelled one.
        Closed = "closed",
        /// Not held, in a week most of the organisation's teams paused though the calendar
        /// does not close it (a school break): treated as a closed week (see
        /// [`super::pause`]).
        Paused = "paused",
    }
}

impl WeekState {
    /// Counts in the stage window and as "due": a meeting that took place or should have
    /// (a team without a weekly meeting should have one).
    pub fn counts(self) -> bool {
        matches!(
            self,
            WeekState::Held | WeekState::Missed | WeekState::NoMeeting
        )
    }
}

crate::domain::codes::text_enum! {
    /// How far a team has come. The order is the ladder (slipping sorts by what it fell to).
    #[derive(PartialOrd, Ord, Serialize, utoipa::ToSchema)]
    #[serde(rename_all = "snake_case")]
    pub enum Level {
        NotStarted = "not_started",
        Forming = "forming",
        Practising = "practising",
        Routine = "routine",
    }
}

crate::domain::codes::text_enum! {
    /// The stage shown: the level reached, or slipping when the team is letting go of a
    /// routine it had, stopped when it let go of it weeks ago, or too early to say (see
    /// [`super::stage`]).
    #[derive(Serialize, utoipa::ToSchema)]
    #[serde(rename_all = "snake_case")]
    #[schema(as = AdoptionStage)]
    pub enum Stage {
        NotStarted = "not_started",
        Forming = "forming",
        Practising = "practising",
        Routine = "routine",
        Slipping = "slipping",
        Stopped = "stopped",
        TooEarly = "too_early",
    }
}

impl Stage {
    pub const COUNT: usize = Stage::ALL.len();

    /// The order stages are listed and stacked in: the healthy ones first.
    pub const LADDER: [Stage; Stage::COUNT] = [
        Stage::Routine,
        Stage::Practising,
        Stage::Forming,
        Stage::TooEarly,
        Stage::NotStarted,
        Stage::Slipping,
        Stage::Stopped,
    ];

    /// The stage's place in [`Stage::ALL`].
    pub fn index(self) -> usize {
        Stage::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    pub fn of(level: Level) -> Stage {
        match level {
            Level::NotStarted => Stage::NotStarted,
            Level::Forming => Stage::Forming,
            Level::Practising => Stage::Practising,
            Level::Routine => Stage::Routine,
        }
    }
}

/// What a level asks of the window: meetings held (a count out of the window), attendance
/// and coverage (shares, 0–1, over the window's weeks together).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Bar {
    pub held: u32,
    pub attendance: f64,
    pub coverage: f64,
}

/// The stage thresholds, per organisation (see the README for the defaults and why).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Thresholds {
    /// How many of the latest weekly meetings a stage looks at.
    pub window_weeks: u32,
    pub routine: Bar,
    pub practising: Bar,
    /// Meetings held in the window for a team to be forming.
    pub forming_held: u32,
    /// A team below the best stage it reached this many weeks back is slipping.
    pub slipping_weeks: u32,
}

impl Default for Thresholds {
    fn default() -> Thresholds {
        Thresholds {
            window_weeks: 12,
            routine: Bar {
                held: 10,
                attendance: 0.7,
                coverage: 0.7,
            },
            practising: Bar {
                held: 6,
                attendance: 0.5,
                coverage: 0.5,
            },
            forming_held: 2,
            slipping_weeks: 26,
        }
    }
}

impl Thresholds {
    /// An organisation's thresholds (the defaults where it set none).
    pub fn of(org: &crate::domain::org::Org) -> Thresholds {
        org.adoption_thresholds
            .as_deref()
            .and_then(|json| serde_json::from_str(json).ok())
            .unwrap_or_default()
    }

    /// Checks the thresholds make a ladder: each stage asks at least as much as the one below.
    pub fn validate(&self) -> std::result::Result<(), &'static str> {
        let share = |x: f64| (0.0..=1.0).contains(&x);
        if !(4..=26).contains(&self.window_weeks) || !(4..=52).contains(&self.slipping_weeks) {
            return Err("field-adoption-weeks");
        }
        let bars = [self.routine, self.practising];
        if bars
            .iter()
            .any(|b| !share(b.attendance) || !share(b.coverage) || b.held > self.window_weeks)
        {
            return Err("field-adoption-range");
        }
        let ladder = self.forming_held >= 1
            && self.practising.held >= self.forming_held
            && self.routine.held >= self.practising.held
            && self.routine.attendance >= self.practising.attendance
            && self.routine.coverage >= self.practising.coverage;
        if ladder {
            Ok(())
        } else {
            Err("field-adoption-ladder")
        }
    }
}

/// What happened in one team's ISO week, counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct WeekFacts {
    /// The Monday of the week, in the organisation's time zone.
    pub week: NaiveDate,
    pub state: WeekState,
    /// Members expected at the held weekly meeting (on the team that day, not excused).
    pub expected: u32,
    pub present: u32,
    /// Key results the team was working on that week (of active or done objectives).
    pub active_krs: u32,
    /// Of those, with a check-in this week.
    pub checked_krs: u32,
    /// Of those, checked in by the end of the weekly meeting's day (Sunday without one).
    pub on_time_krs: u32,
    /// A quarterly (period) OKR meeting was held this week.
    pub quarterly_held: bool,
}

impl WeekFacts {
    pub fn empty(week: NaiveDate) -> WeekFacts {
        WeekFacts {
            week,
            state: WeekState::NoMeeting,
            expected: 0,
            present: 0,
            active_krs: 0,
            checked_krs: 0,
            on_time_krs: 0,
            quarterly_held: false,
        }
    }

    pub fn attendance(&self) -> Option<f64> {
        ratio(self.present, self.expected)
    }

    pub fn coverage(&self) -> Option<f64> {
        ratio(self.checked_krs, self.active_krs)
    }

    pub fn on_time(&self) -> Option<f64> {
        ratio(self.on_time_krs, self.active_krs)
    }
}

/// `part / whole`, or `None` when there is no whole; never above 1.
pub fn ratio(part: u32, whole: u32) -> Option<f64> {
    (whole > 0).then(|| f64::from(part.min(whole)) / f64::from(whole))
}

/// Adds `(part, whole)` pairs up, for a share over several weeks or teams.
pub fn sum_pairs(pairs: impl IntoIterator<Item = (u32, u32)>) -> (u32, u32) {
    pairs
        .into_iter()
        .fold((0, 0), |(a, b), (x, y)| (a + x, b + y))
}

impl WeekFacts {
    /// Meetings held, of those due (see [`WeekState::counts`]): 0 or 1 of 0 or 1.
    pub fn held_of_due(&self) -> (u32, u32) {
        (
            u32::from(self.state == WeekState::Held),
            u32::from(self.state.counts()),
        )
    }
}

/// One week of a team's rollup: the facts, and what they add up to so far.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Week {
    #[serde(flatten)]
    pub facts: WeekFacts,
    /// Consecutive held weeks up to and including this one.
    pub streak: u32,
    pub level: Level,
    pub stage: Stage,
}

/// The window's totals: meetings held, and attendance and coverage over its weeks together
/// (with the counts behind them, to judge how sure a share is).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Window {
    pub weeks: u32,
    pub held: u32,
    pub attendance: Option<f64>,
    pub coverage: Option<f64>,
    /// People expected at the held meetings, and key results to check in, together.
    pub expected: u32,
    pub active: u32,
}

/// The last `size` counting weeks of `facts` (newest last).
pub fn window<'a>(facts: impl DoubleEndedIterator<Item = &'a WeekFacts>, size: u32) -> Window {
    let (mut weeks, mut held, mut expected, mut present, mut active, mut checked) =
        (0, 0, 0, 0, 0, 0);
    for f in facts.rev().filter(|f| f.state.counts()).take(size as usize) {
        weeks += 1;
        if f.state == WeekState::Held {
            held += 1;
            expected += f.expected;
            present += f.present;
        }
        active += f.active_krs;
        checked += f.checked_krs;
    }
    Window {
        weeks,
        held,
        attendance: ratio(present, expected),
        coverage: ratio(checked, active),
        expected,
        active,
    }
}

/// The level a window reaches under `t`.
pub fn level(w: &Window, t: &Thresholds) -> Level {
    let meets = |bar: &Bar| {
        w.held >= bar.held
            && w.attendance.unwrap_or(0.0) >= bar.attendance
            && w.coverage.unwrap_or(0.0) >= bar.coverage
    };
    if meets(&t.routine) {
        Level::Routine
    } else if meets(&t.practising) {
        Level::Practising
    } else if w.held >= t.forming_held {
        Level::Forming
    } else {
        Level::NotStarted
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::adoption::stage::extend;
    use proptest::prelude::*;

    fn monday(n: u64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 5).unwrap() + chrono::Days::new(7 * n)
    }

    /// A week: state, 5 of 6 present when held, 4 key results with `checked` checked in.
    fn week(n: u64, state: WeekState, checked: u32) -> WeekFacts {
        let held = state == WeekState::Held;
        WeekFacts {
            week: monday(n),
            state,
            expected: if held { 6 } else { 0 },
            present: if held { 5 } else { 0 },
            active_krs: 4,
            checked_krs: checked,
            on_time_krs: checked,
            quarterly_held: false,
        }
    }

    fn run(states: &[WeekState], checked: u32) -> Vec<Week> {
        let facts: Vec<WeekFacts> = states
            .iter()
            .enumerate()
            .map(|(i, s)| week(i as u64, *s, checked))
            .collect();
        extend(&[], &facts, &Thresholds::default())
    }

    use WeekState::{Cancelled as C, Held as H, Missed as M, NoMeeting as N, Pending as P};

    #[test]
    fn streaks_count_held_weeks_and_skip_cancelled_ones() {
        let weeks = run(&[H, H, C, H, M, H, P], 4);
        let streaks: Vec<u32> = weeks.iter().map(|w| w.streak).collect();
        assert_eq!(streaks, [1, 2, 2, 3, 0, 1, 1]);
    }

    #[test]
    fn a_team_climbs_the_ladder_slips_when_it_lets_go_and_stops() {
        let mut states = vec![N; 3];
        states.extend([H; 12]);
        states.extend([M; 14]);
        let weeks = run(&states, 3); // coverage 3/4
        let stages: Vec<Stage> = weeks.iter().map(|w| w.stage).collect();
        assert_eq!(stages[..3], [Stage::NotStarted; 3], "no meeting yet");
        assert_eq!(
            stages[3..6],
            [Stage::TooEarly; 3],
            "fewer than four meetings due"
        );
        // Four held of four (a young team's bar is scaled to six weeks): practising.
        assert_eq!(stages[6], Stage::Practising);
        // Five of five: routine; and it stays there.
        assert_eq!(stages[7], Stage::Routine);
        assert_eq!(stages[14], Stage::Routine);
        assert_eq!(stages[15], Stage::Routine, "one missed meeting is not news");
        assert_eq!(
            stages[16],
            Stage::Slipping,
            "two are, for a team that held all"
        );
        assert_eq!(weeks[20].streak, 0);
        // Slipping for twelve weeks: stopped.
        assert_eq!(stages[26], Stage::Slipping);
        assert_eq!(stages[27], Stage::Stopped);
        assert_eq!(stages[28], Stage::Stopped);
    }

    #[test]
    fn a_slipping_team_is_back_when_it_meets_again() {
        let mut states = vec![H; 12];
        states.extend([M, M, M, H, M, H]);
        let stages: Vec<Stage> = run(&states, 3).iter().map(|w| w.stage).collect();
        assert_eq!(stages[13], Stage::Slipping);
        assert_eq!(
            stages[15],
            Stage::Slipping,
            "one meeting of four is not back"
        );
        assert_eq!(stages[16], Stage::Slipping);
        assert_ne!(
            stages[17],
            Stage::Slipping,
            "two of four, the latest held: back"
        );
    }

    #[test]
    fn low_coverage_or_attendance_holds_a_team_back() {
        let weeks = run(&[H; 12], 1); // coverage 1/4
        assert_eq!(weeks[11].stage, Stage::Forming);
        let mut facts: Vec<WeekFacts> = (0..12).map(|i| week(i, H, 4)).collect();
        for f in &mut facts {
            f.present = 2; // 2 of 6
        }
        let weeks = extend(&[], &facts, &Thresholds::default());
        assert_eq!(weeks[11].stage, Stage::Forming);
    }

    #[test]
    fn cancelled_weeks_do_not_count_against_a_team() {
        let mut states = vec![H; 10];
        states.extend([C, C, C, C]);
        let weeks = run(&states, 4);
        let last = weeks.last().unwrap();
        assert_eq!(last.stage, Stage::Routine, "ten held, the rest cancelled");
        assert_eq!(last.streak, 10);
    }

    #[test]
    fn a_team_without_key_results_can_meet_but_not_reach_practising() {
        let facts: Vec<WeekFacts> = (0..12)
            .map(|i| WeekFacts {
                active_krs: 0,
                checked_krs: 0,
                on_time_krs: 0,
                ..week(i, H, 0)
            })
            .collect();
        let weeks = extend(&[], &facts, &Thresholds::default());
        assert_eq!(weeks[11].facts.coverage(), None);
        assert_eq!(weeks[11].stage, Stage::Forming);
    }

    #[test]
    fn extending_in_steps_equals_computing_at_once() {
        let states = [N, H, H, M, H, C, H, H, H, M, M, H, H, H, H, H, H, H, H, H];
        let facts: Vec<WeekFacts> = states
            .iter()
            .enumerate()
            .map(|(i, s)| week(i as u64, *s, 3))
            .collect();
        let t = Thresholds::default();
        let whole = extend(&[], &facts, &t);
        let mut stepwise = extend(&[], &facts[..7], &t);
        let more = extend(&stepwise, &facts[7..], &t);
        stepwise.extend(more);
        assert_eq!(whole, stepwise);
    }

    #[test]
    fn thresholds_must_form_a_ladder() {
        assert_eq!(Thresholds::default().validate(), Ok(()));
        let mut t = Thresholds::default();
        t.practising.held = 11;
        assert_eq!(t.validate(), Err("field-adoption-ladder"));
        let mut t = Thresholds::default();
        t.routine.coverage = 1.5;
        assert_eq!(t.validate(), Err("field-adoption-range"));
        let t = Thresholds {
            window_weeks: 2,
            ..Thresholds::default()
        };
        assert_eq!(t.validate(), Err("field-adoption-weeks"));
        let parsed: Thresholds = serde_json::from_str(r#"{"forming_held": 3}"#).unwrap();
        assert_eq!(parsed.forming_held, 3);
        assert_eq!(
            parsed.routine,
            Thresholds::default().routine,
            "the rest default"
        );
    }

    fn any_state() -> impl Strategy<Value = WeekState> {
        prop::sample::select(WeekState::ALL.to_vec())
    }

    proptest! {
        #[test]
        fn metrics_stay_in_range_and_stages_follow_the_thresholds(
            raw in prop::collection::vec(
                (any_state(), 0u32..12, 0u32..14, 0u32..8, 0u32..10),
                1..60,
            )
        ) {
            let t = Thresholds::default();
            let facts: Vec<WeekFacts> = raw
                .iter()
                .enumerate()
                .map(|(i, (state, expected, present, active, checked))| WeekFacts {
                    week: monday(i as u64),
                    state: *state,
                    expected: *expected,
                    present: *present,
                    active_krs: *active,
                    checked_krs: *checked,
                    on_time_krs: checked / 2,
                    quarterly_held: false,
                })
                .collect();
            let weeks = extend(&[], &facts, &t);
            prop_assert_eq!(weeks.len(), facts.len());
            for (i, w) in weeks.iter().enumerate() {
                for share in [w.facts.attendance(), w.facts.coverage(), w.facts.on_time()]
                    .into_iter()
                    .flatten()
                {
                    prop_assert!((0.0..=1.0).contains(&share));
                }
                prop_assert!(w.streak as usize <= i + 1);
                let counted = facts[..=i]
                    .iter()
                    .filter(|f| matches!(f.state, WeekState::Held | WeekState::Missed))
                    .count();
                let begun: Vec<&WeekFacts> = facts[..=i]
                    .iter()
                    .skip_while(|f| f.state != WeekState::Held)
                    .collect();
                let win = window(begun.iter().copied(), t.window_weeks);
                let last_six = window(begun.into_iter(), 6);
                prop_assert!(win.held <= win.weeks && win.weeks <= t.window_weeks);
                // A level is reached on the bar (over the window or the last six meetings),
                // or kept within one meeting of it.
                if w.level == Level::Routine {
                    let scaled = (f64::from(t.routine.held) * f64::from(win.weeks.clamp(6, 12)) / 12.0).ceil() as u32;
                    prop_assert!(win.held + 1 >= scaled || last_six.held + 1 >= 5);
                }
                if w.level == Level::NotStarted {
                    prop_assert!(win.held < t.forming_held);
                }
                match w.stage {
                    Stage::TooEarly => prop_assert!(counted > 0 && counted < 4),
                    Stage::Slipping => prop_assert!(weeks[..i].iter().any(|p| p.level >= Level::Forming)),
                    Stage::Stopped => prop_assert!(i > 0 && matches!(weeks[i - 1].stage, Stage::Slipping | Stage::Stopped)),
                    _ => {}
                }
            }
        }
    }
}
