//! The stage a team is at, week by week: a judgement with evidence rather than a bare
//! threshold. Pure functions over the team's [`WeekFacts`]; the figures behind each rule are
//! in `docs/signal.md`, measured with `hverdag simulate`.
//!
//! - **Level** (not started, forming, practising, routine): the last `window_weeks` weekly
//!   meetings against the organisation's [`Thresholds`], as before. To *reach* a level a team
//!   meets its bar; to *keep* it, it may fall short by one meeting and by the uncertainty of
//!   its shares (a one-sided 95 % margin, wide for three people, narrow for forty), so one
//!   absence in a small team does not flip it (hysteresis). A team can also reach a level on
//!   its last [`RECENT_REACH`] meetings, as the whole window lags a team that is growing.
//! - **Slipping** is judged against the team's *own* baseline: a team that had at least
//!   started, whose latest weekly meetings were missed, and held so few of its last 2–4 that
//!   this would happen less than one time in twenty at the rate it held its meetings over the
//!   twelve before — by the meetings alone, or with its check-ins in those weeks against its
//!   check-in rate before. It stays slipping until it holds its meeting again, and two of
//!   four.
//! - **Stopped**: slipping for [`STOPPED_AFTER`] weeks; a team that let go months ago is not
//!   "slipping".
//! - **Too early**: fewer than [`TOO_EARLY_WEEKS`] weekly meetings due so far.
//!
//! Closed weeks (holidays, the summer) and cancelled meetings are neither held nor missed:
//! they are left out of every count here.

use super::metrics::{
    Bar, Level, Stage, Thresholds, Week, WeekFacts, WeekState, Window, level, window,
};

/// How unlikely, at its own baseline rate, a run of missed meetings must be to call a team
/// slipping.
pub const ALPHA: f64 = 0.05;
/// The recent runs tested against the baseline (counting weekly meetings).
pub const RECENT: [usize; 3] = [2, 3, 4];
/// The longest of them: a slipping team is back when it held two of this many.
pub const LOOK_BACK: usize = 4;
/// Weekly meetings before the recent run that make the baseline, and how many of them must
/// have been held for there to be one.
pub const BASELINE_WEEKS: usize = 12;
pub const MIN_BASELINE_HELD: usize = 4;
/// Weeks of slipping after which a team has stopped (with the week or two it takes to see a
/// team slip, about an OKR quarter without its routine).
pub const STOPPED_AFTER: usize = 12;
/// Weekly meetings due before a stage is given.
pub const TOO_EARLY_WEEKS: usize = 4;

/// `P(X <= k)` for `X ~ Binomial(n, p)`.
pub fn lower_tail(k: usize, n: usize, p: f64) -> f64 {
    let p = p.clamp(0.0, 1.0);
    let mut term = (1.0 - p).powi(n as i32); // P(X = 0)
    let mut sum = 0.0;
    for i in 0..=k.min(n) {
        sum += term;
        if p >= 1.0 {
            break;
        }
        term *= (n - i) as f64 / (i + 1) as f64 * p / (1.0 - p);
    }
    sum.min(1.0)
}

/// A one-sided 95 % margin for a share `p` measured over `n` observations.
fn margin(p: f64, n: u32) -> f64 {
    if n == 0 {
        1.0
    } else {
        1.645 * (p * (1.0 - p) / f64::from(n)).sqrt()
    }
}

fn meets_loosely(bar: &Bar, w: &Window) -> bool {
    w.held + 1 >= bar.held
        && w.attendance.unwrap_or(0.0) >= bar.attendance - margin(bar.attendance, w.expected)
        && w.coverage.unwrap_or(0.0) >= bar.coverage - margin(bar.coverage, w.active)
}

/// The level reached, or kept: a team at a level keeps it while it meets the bar loosely.
pub fn held_level(plain: Level, before: Option<Level>, w: &Window, t: &Thresholds) -> Level {
    let keeps = |l: Level| match l {
        Level::Routine => meets_loosely(&t.routine, w),
        Level::Practising => meets_loosely(&t.practising, w),
        Level::Forming => w.held + 1 >= t.forming_held,
        Level::NotStarted => true,
    };
    match before {
        Some(b) if b > plain && keeps(b) => b,
        _ => plain,
    }
}

/// Whether the latest weekly meetings, missed, are unlikely at the team's own baseline:
/// `counted` are the weekly meetings held or missed, oldest first. For each of the last 2, 3
/// and 4 meetings, the evidence is how few were held at the rate the team held the twelve
/// before, and that together with how few key results were checked in, at the rate it
/// checked in before. The latest week's check-ins are left out of the second test: those
/// made in a meeting recorded late are not typed yet.
pub fn letting_go(counted: &[&WeekFacts]) -> bool {
    if counted.last().map(|f| f.state) != Some(WeekState::Missed) {
        return false;
    }
    RECENT.iter().any(|&k| {
        if counted.len() < k + MIN_BASELINE_HELD {
            return false;
        }
        let (base, recent) = counted.split_at(counted.len() - k);
        let base = &base[base.len().saturating_sub(BASELINE_WEEKS)..];
        let held_before = held(base);
        if held_before < MIN_BASELINE_HELD {
            return false;
        }
        let p_held = lower_tail(held(recent), k, rate(held_before as u32, base.len() as u32));
        let (checked_before, active_before) = checked(base);
        let (checked_now, active_now) = checked(&recent[..k - 1]);
        let p_checked = if active_before == 0 || active_now == 0 {
            1.0
        } else {
            lower_tail(
                checked_now as usize,
                active_now as usize,
                rate(checked_before, active_before),
            )
        };
        p_held < ALPHA || fisher(p_held, p_checked) < ALPHA
    })
}

/// A rate seen as `part` of `whole`, pulled a little towards one half (no rate is certain).
fn rate(part: u32, whole: u32) -> f64 {
    (f64::from(part) + 1.0) / (f64::from(whole) + 2.0)
}

/// Fisher's method for two independent p-values: the chance of evidence this strong
/// together, `x (1 - ln x)` with `x` their product.
fn fisher(p: f64, q: f64) -> f64 {
    let x = (p * q).max(f64::MIN_POSITIVE);
    x * (1.0 - x.ln())
}

/// Key results checked in, and active, over `weeks`.
pub fn checked(weeks: &[&WeekFacts]) -> (u32, u32) {
    weeks
        .iter()
        .fold((0, 0), |(c, a), f| (c + f.checked_krs, a + f.active_krs))
}

/// The weekly meetings that were held or missed, oldest first: what *slipping* and *too
/// early* are judged on.
pub fn counted<'a>(facts: impl Iterator<Item = &'a WeekFacts>) -> Vec<&'a WeekFacts> {
    facts
        .filter(|f| matches!(f.state, WeekState::Held | WeekState::Missed))
        .collect()
}

/// How many of `weeks` were held.
pub fn held(weeks: &[&WeekFacts]) -> usize {
    weeks.iter().filter(|f| f.state == WeekState::Held).count()
}

/// The window a level is judged on: the last `window_weeks` counting weeks from the team's
/// first held meeting on, not the weeks before it began.
fn judged_window<'a>(facts: impl Iterator<Item = &'a WeekFacts>, t: &Thresholds) -> Window {
    let begun: Vec<&WeekFacts> = facts.skip_while(|f| f.state != WeekState::Held).collect();
    window(begun.into_iter(), t.window_weeks)
}

/// Weeks a young team's bars are scaled to at least: before that many weekly meetings, no
/// team can reach a level on a fraction of the bar.
pub const YOUNG_WEEKS: u32 = 6;

/// The thresholds for a team that began fewer than `window_weeks` weekly meetings ago: the
/// meetings to hold scaled to the weeks it has had (at least [`YOUNG_WEEKS`]).
fn young(t: &Thresholds, weeks: u32) -> Thresholds {
    if weeks >= t.window_weeks {
        return *t;
    }
    let n = weeks.clamp(YOUNG_WEEKS.min(t.window_weeks), t.window_weeks);
    let scale =
        |held: u32| (f64::from(held) * f64::from(n) / f64::from(t.window_weeks)).ceil() as u32;
    Thresholds {
        routine: Bar {
            held: scale(t.routine.held),
            ..t.routine
        },
        practising: Bar {
            held: scale(t.practising.held),
            ..t.practising
        },
        ..*t
    }
}

/// The window a level is judged on, with the bars for it: the last `window_weeks` weekly
/// meetings from the team's first held one, the bars scaled for a young team.
pub fn judged<'a>(
    facts: impl Iterator<Item = &'a WeekFacts>,
    t: &Thresholds,
) -> (Window, Thresholds) {
    let win = judged_window(facts, t);
    let bars = young(t, win.weeks);
    (win, bars)
}

/// The latest weekly meetings a team can reach a level on as well: a window of
/// `window_weeks` lags a team whose habit is still growing. To keep a level, the whole
/// window counts (see [`held_level`]).
pub const RECENT_REACH: u32 = 6;

/// The last [`RECENT_REACH`] weekly meetings with their bars (the meetings to hold scaled to
/// them), where they reach a higher level than the whole window `full` does on `bars` (see
/// [`judged`]); `None` otherwise, before a team has had that many, or with a window that
/// short.
pub fn reached_sooner<'a>(
    facts: impl Iterator<Item = &'a WeekFacts>,
    full: &Window,
    bars: &Thresholds,
    t: &Thresholds,
) -> Option<(Window, Thresholds)> {
    if RECENT_REACH >= t.window_weeks {
        return None;
    }
    let short = Thresholds {
        window_weeks: RECENT_REACH,
        ..young(t, RECENT_REACH)
    };
    let win = judged_window(facts, &short);
    (win.weeks >= RECENT_REACH && level(&win, &short) > level(full, bars)).then_some((win, short))
}

/// Extends a team's rollup: `before` are its stored weeks (oldest first, already computed),
/// `facts` the following weeks in order. Returns the new weeks.
pub fn extend(before: &[Week], facts: &[WeekFacts], t: &Thresholds) -> Vec<Week> {
    let mut all: Vec<Week> = before.to_vec();
    for f in facts {
        let streak = match f.state {
            WeekState::Held => all.last().map_or(0, |w| w.streak) + 1,
            WeekState::Cancelled | WeekState::Pending | WeekState::Closed | WeekState::Paused => {
                all.last().map_or(0, |w| w.streak)
            }
            WeekState::Missed | WeekState::NoMeeting => 0,
        };
        let history = all.iter().map(|w| &w.facts).chain(std::iter::once(f));
        let (win, bars) = judged(history.clone(), t);
        let plain = match reached_sooner(history.clone(), &win, &bars, t) {
            Some((recent, short)) => level(&recent, &short),
            None => level(&win, &bars),
        };
        let level = held_level(plain, all.last().map(|w| w.level), &win, &bars);
        let stage = judge(&all, &counted(history), level, &bars);
        all.push(Week {
            facts: *f,
            streak,
            level,
            stage,
        });
    }
    all.split_off(before.len())
}

fn judge(before: &[Week], counted: &[&WeekFacts], level: Level, t: &Thresholds) -> Stage {
    if counted.is_empty() {
        return Stage::of(level);
    }
    if counted.len() < TOO_EARLY_WEEKS {
        return Stage::TooEarly;
    }
    let held_of_last = |n: usize| held(&counted[counted.len().saturating_sub(n)..]);
    match before.last().map(|w| w.stage) {
        Some(prev @ (Stage::Slipping | Stage::Stopped)) => {
            if counted.last().map(|f| f.state) == Some(WeekState::Held)
                && held_of_last(LOOK_BACK) >= 2
            {
                Stage::of(level)
            } else if prev == Stage::Stopped
                || before
                    .iter()
                    .rev()
                    .take_while(|w| w.stage == Stage::Slipping)
                    .count()
                    + 1
                    >= STOPPED_AFTER
            {
                Stage::Stopped
            } else {
                Stage::Slipping
            }
        }
        _ => {
            let peak = before
                .iter()
                .rev()
                .take(t.slipping_weeks as usize)
                .map(|w| w.level)
                .max()
                .unwrap_or(Level::NotStarted);
            if peak >= Level::Forming && letting_go(counted) {
                Stage::Slipping
            } else {
                Stage::of(level)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use WeekState::{Held as H, Missed as M};

    #[test]
    fn the_binomial_tail_adds_up() {
        assert!((lower_tail(0, 2, 0.9) - 0.01).abs() < 1e-9);
        assert!((lower_tail(2, 2, 0.3) - 1.0).abs() < 1e-9);
        assert!((lower_tail(1, 3, 0.5) - 0.5).abs() < 1e-9);
        assert_eq!(lower_tail(0, 3, 1.0), 0.0);
    }

    /// Weeks in these states, each with `checked` of four key results checked in.
    fn weeks(states: &[(WeekState, u32)]) -> Vec<WeekFacts> {
        states
            .iter()
            .enumerate()
            .map(|(i, (state, checked))| {
                let held = *state == H;
                WeekFacts {
                    week: chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap()
                        + chrono::Days::new(7 * i as u64),
                    state: *state,
                    expected: if held { 5 } else { 0 },
                    present: if held { 4 } else { 0 },
                    active_krs: 4,
                    checked_krs: *checked,
                    on_time_krs: *checked,
                    quarterly_held: false,
                }
            })
            .collect()
    }

    fn letting(states: &[(WeekState, u32)]) -> bool {
        let facts = weeks(states);
        letting_go(&counted(facts.iter()))
    }

    /// Meetings in these states, the key results checked in as usual (3 of 4).
    fn usual(states: &[WeekState]) -> Vec<(WeekState, u32)> {
        states.iter().map(|s| (*s, 3)).collect()
    }

    #[test]
    fn two_misses_are_news_for_a_routine_team_but_not_for_a_forming_one() {
        let mut routine = usual(&[H; 12]);
        routine.extend(usual(&[M, M]));
        assert!(letting(&routine));
        let mut forming = usual(&[H, M, H, M, M, H, H, M, H, M, H, H]);
        forming.extend(usual(&[M, M]));
        assert!(
            !letting(&forming),
            "half its meetings held: two misses are usual"
        );
        forming.extend(usual(&[M, M]));
        assert!(letting(&forming), "four in a row are not");
        let mut back = routine.clone();
        back.extend(usual(&[H]));
        assert!(!letting(&back), "the latest meeting was held");
    }

    #[test]
    fn check_ins_that_stop_with_the_meetings_are_news_sooner() {
        let practising = usual(&[H, M, H, H, M, H, H, M, H, H, M, H]);
        let mut quiet = practising.clone();
        quiet.extend([(M, 0), (M, 0)]);
        assert!(letting(&quiet), "two misses and no check-ins in between");
        let mut busy = practising.clone();
        busy.extend(usual(&[M, M]));
        assert!(!letting(&busy), "two misses while checking in as usual");
        // The latest week's check-ins are not counted yet: a meeting recorded late brings
        // its check-ins with it.
        let mut late = practising;
        late.extend([(H, 3), (M, 0)]);
        assert!(!letting(&late));
    }

    #[test]
    fn a_growing_team_reaches_routine_on_its_last_six_meetings() {
        let t = Thresholds::default();
        // Eight weeks of hesitant start, then six weeks held with everyone checking in.
        let mut states = usual(&[H, M, M, H, M, H, M, H]);
        states.extend([(H, 4); 6]);
        let rollup = extend(&[], &weeks(&states), &t);
        let (win, bars) = judged(rollup.iter().map(|w| &w.facts), &t);
        assert!(level(&win, &bars) < Level::Routine, "the twelve weeks lag");
        assert_eq!(rollup.last().map(|w| w.stage), Some(Stage::Routine));
    }

    #[test]
    fn a_small_team_keeps_its_level_within_its_uncertainty() {
        let t = Thresholds::default();
        // Three people, twelve meetings: 24 of 36 present is 67 %, under the 70 % bar.
        let w = Window {
            weeks: 12,
            held: 12,
            attendance: Some(24.0 / 36.0),
            coverage: Some(0.8),
            expected: 36,
            active: 48,
        };
        assert_eq!(level(&w, &t), Level::Practising);
        assert_eq!(
            held_level(Level::Practising, Some(Level::Routine), &w, &t),
            Level::Routine
        );
        // Forty people: the same share is a real shortfall.
        let big = Window {
            expected: 480,
            attendance: Some(0.6),
            ..w
        };
        assert_eq!(
            held_level(Level::Practising, Some(Level::Routine), &big, &t),
            Level::Practising
        );
    }
}
