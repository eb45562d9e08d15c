//! The figures of a replay against the truth its world was generated from.

use std::collections::{BTreeMap, HashSet};

use super::{Raised, Replay};
use crate::domain::adoption::metrics::Stage;
use crate::domain::adoption::simulate::{Course, LAPSE_WEEKS, Meeting, Truth, World};

/// Precision and recall, from counts.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Score {
    pub true_pos: u32,
    pub false_pos: u32,
    pub false_neg: u32,
}

impl Score {
    pub fn precision(&self) -> f64 {
        share(self.true_pos, self.true_pos + self.false_pos)
    }
    pub fn recall(&self) -> f64 {
        share(self.true_pos, self.true_pos + self.false_neg)
    }
}

fn share(part: u32, whole: u32) -> f64 {
    if whole == 0 {
        1.0
    } else {
        f64::from(part) / f64::from(whole)
    }
}

/// One alert kind's figures.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AlertScore {
    pub raised: u32,
    /// Raised while the team was in truth letting go.
    pub warranted: u32,
    /// Of the times a team let go, how many got this alert within [`LAPSE_WEEKS`].
    pub caught: u32,
}

#[derive(Debug, Clone, Default)]
pub struct Report {
    pub team_weeks: u32,
    /// (truth, shown) → team-weeks.
    pub confusion: BTreeMap<(&'static str, String), u32>,
    pub slipping: Score,
    /// Slipping and stopped together: "needs attention".
    pub attention: Score,
    pub alerts: BTreeMap<String, AlertScore>,
    pub fades: u32,
    /// Weeks from letting go to the first flag; `None`: not flagged within [`LAPSE_WEEKS`].
    pub delays: Vec<Option<u32>>,
    pub holiday_alerts: u32,
    /// Alerts on a healthy team raised by an unconfigured pause week (see
    /// [`crate::domain::adoption::simulate::TeamWeek::paused`]) it was away in, by kind.
    pub pause_alerts: u32,
    pub pause_alert_kinds: BTreeMap<String, u32>,
    /// Alerts on a healthy team whose weeks held a pause week it met in (not raised by the
    /// pause: the team's own week counts), by kind.
    pub pause_met_alert_kinds: BTreeMap<String, u32>,
    /// Team-weeks in a pause week or the three after (from week 12 on), and how many of
    /// them were shown right, and shown slipping or stopped while in truth not letting go.
    pub pause_judged: u32,
    pub pause_accurate: u32,
    pub pause_false_flags: u32,
    /// The pause weeks in the world, and the weeks the rollup treated as pauses.
    pub pause_weeks: Vec<u32>,
    pub paused_shown: Vec<u32>,
    pub flip_flops: u32,
    pub accurate: u32,
    pub judged: u32,
    /// Teams merged, split or joined by a merged team's people, and their accuracy.
    pub reorganised: u32,
    pub reorganised_accurate: u32,
    pub reorganised_judged: u32,
}

fn letting_go(t: Truth) -> bool {
    matches!(t, Truth::Slipping | Truth::Stopped)
}

impl Report {
    pub fn of(world: &World, replay: &Replay) -> Report {
        let mut r = Report::default();
        let weeks = world.config.weeks as usize;
        r.pause_weeks = (0..world.config.weeks)
            .filter(|w| world.teams.iter().any(|t| t.weeks[*w as usize].paused))
            .collect();
        r.paused_shown = replay.paused.clone();
        for (t, team) in world.teams.iter().enumerate() {
            let shown = &replay.shown[t];
            let code = |w: usize| shown[w].map_or("none", Stage::code);
            let exists = |w: usize| w < weeks && team.exists(w as u32);
            let reorganised = team.from > 0
                || team.until.is_some()
                || team.members.iter().any(|m| m.moved_from.is_some());
            r.reorganised += u32::from(reorganised);
            for w in (0..weeks).filter(|w| exists(*w)) {
                let truth = team.weeks[w].truth;
                let s = code(w);
                r.team_weeks += 1;
                *r.confusion.entry((truth.code(), s.to_owned())).or_default() += 1;
                let flagged = s == "slipping";
                match (truth == Truth::Slipping, flagged) {
                    (true, true) => r.slipping.true_pos += 1,
                    (false, true) => r.slipping.false_pos += 1,
                    (true, false) => r.slipping.false_neg += 1,
                    _ => {}
                }
                let attention = flagged || s == "stopped";
                match (letting_go(truth), attention) {
                    (true, true) => r.attention.true_pos += 1,
                    (false, true) => r.attention.false_pos += 1,
                    (true, false) => r.attention.false_neg += 1,
                    _ => {}
                }
                if w >= 12 {
                    let right = u32::from(truth.code() == s);
                    r.judged += 1;
                    r.accurate += right;
                    if (w.saturating_sub(3)..=w).any(|p| team.weeks[p].paused) {
                        r.pause_judged += 1;
                        r.pause_accurate += right;
                        r.pause_false_flags += u32::from(attention && !letting_go(truth));
                    }
                    if reorganised {
                        r.reorganised_judged += 1;
                        r.reorganised_accurate += right;
                    }
                }
                if w >= 1 && exists(w - 1) && exists(w + 1) && s != code(w - 1) {
                    let before = code(w - 1);
                    if code(w + 1) == before || (exists(w + 2) && code(w + 2) == before) {
                        r.flip_flops += 1;
                    }
                }
            }
            let alerts: Vec<&Raised> = replay.alerts.iter().filter(|a| a.team == t).collect();
            for a in &alerts {
                let e = r.alerts.entry(a.kind.clone()).or_default();
                e.raised += 1;
                let span = a.first_week as usize..=(a.seen as usize).min(weeks - 1);
                if span.clone().any(|w| letting_go(team.weeks[w].truth)) {
                    e.warranted += 1;
                } else {
                    // A closed week the alert counted (rather than skipped) raised it.
                    let run = a.first_week as usize..=(a.last_week as usize).min(weeks - 1);
                    let closed = run.clone().filter(|w| team.weeks[*w].closed).count();
                    // (A period's missing quarterly meeting is dated by the period's last week.)
                    if closed > 0
                        && a.kind != "no_quarterly"
                        && a.weeks as usize + closed > run.clone().count()
                    {
                        r.holiday_alerts += 1;
                    }
                    // Likewise a pause week the calendar does not close, that the team was
                    // away in (a week it met in counts for it like any other).
                    let away = |w: &usize| {
                        team.weeks[*w].paused
                            && !matches!(team.weeks[*w].meeting, Meeting::Held { .. })
                    };
                    let paused = run.clone().filter(away).count();
                    if paused > 0
                        && a.kind != "no_quarterly"
                        && a.weeks as usize + paused + closed > run.clone().count()
                    {
                        r.pause_alerts += 1;
                        *r.pause_alert_kinds.entry(a.kind.clone()).or_default() += 1;
                    }
                    if a.kind != "no_quarterly"
                        && run.clone().any(|w| team.weeks[w].paused && !away(&w))
                    {
                        *r.pause_met_alert_kinds.entry(a.kind.clone()).or_default() += 1;
                    }
                }
            }
            for fade in fades(team.course) {
                // Only a routine the team had: at least forming the week before.
                let before = fade.checked_sub(1).map(|w| team.weeks[w as usize].truth);
                if !team.exists(fade)
                    || fade >= world.config.weeks
                    || !before.is_some_and(|b| {
                        matches!(b, Truth::Forming | Truth::Practising | Truth::Routine)
                    })
                {
                    continue;
                }
                r.fades += 1;
                let end = (fade + LAPSE_WEEKS)
                    .min(world.config.weeks)
                    .min(team.until.unwrap_or(u32::MAX));
                let flagged = (fade..end).find(|w| {
                    let s = code(*w as usize);
                    s == "slipping"
                        || s == "stopped"
                        || alerts
                            .iter()
                            .any(|a| a.seen == *w && a.kind != "no_quarterly")
                });
                r.delays.push(flagged.map(|w| w - fade));
                let mut kinds: Vec<&str> = alerts
                    .iter()
                    .filter(|a| a.seen >= fade && a.seen < end)
                    .map(|a| a.kind.as_str())
                    .collect();
                kinds.dedup();
                for kind in kinds.into_iter().collect::<HashSet<_>>() {
                    r.alerts.entry(kind.to_owned()).or_default().caught += 1;
                }
            }
        }
        r
    }

    pub fn accuracy(&self) -> f64 {
        share(self.accurate, self.judged)
    }

    pub fn flip_flop_share(&self) -> f64 {
        share(self.flip_flops, self.team_weeks)
    }

    /// The delay at quantile `q` (0–1), `None` when it is "never".
    pub fn delay(&self, q: f64) -> Option<u32> {
        let mut d: Vec<u32> = self.delays.iter().map(|d| d.unwrap_or(u32::MAX)).collect();
        d.sort_unstable();
        let i = ((d.len() as f64 * q).ceil() as usize).saturating_sub(1);
        d.get(i).copied().filter(|x| *x != u32::MAX)
    }

    /// The report as Markdown tables.
    pub fn markdown(&self) -> String {
        let mut s = String::new();
        let pct = |x: f64| format!("{:.2}", x);
        let delay = |q| self.delay(q).map_or("never".to_owned(), |d| d.to_string());
        s.push_str("| measure | value |\n|---|---|\n");
        s.push_str(&format!(
            "| slipping precision / recall | {} / {} |\n",
            pct(self.slipping.precision()),
            pct(self.slipping.recall())
        ));
        s.push_str(&format!(
            "| needs attention (slipping or stopped) precision / recall | {} / {} |\n",
            pct(self.attention.precision()),
            pct(self.attention.recall())
        ));
        s.push_str(&format!(
            "| detection delay, weeks: median / p90 (fades: {}, never flagged: {}) | {} / {} |\n",
            self.fades,
            self.delays.iter().filter(|d| d.is_none()).count(),
            delay(0.5),
            delay(0.9)
        ));
        s.push_str(&format!(
            "| alerts raised by closed weeks (summer, Christmas) | {} |\n",
            self.holiday_alerts
        ));
        s.push_str(&format!(
            "| alerts raised by unconfigured pause weeks (school breaks) the team was away in | {} {:?} |\n",
            self.pause_alerts, self.pause_alert_kinds
        ));
        s.push_str(&format!(
            "| unwarranted alerts over a pause week the team met in (not counted above) | {:?} |\n",
            self.pause_met_alert_kinds
        ));
        s.push_str(&format!(
            "| pause weeks in the world / treated as pauses on the Monday after | {:?} / {:?} |\n",
            self.pause_weeks, self.paused_shown
        ));
        s.push_str(&format!(
            "| stage accuracy in pause weeks and the 3 after (weeks 12 on); shown slipping or stopped wrongly | {} of {}; {} |\n",
            pct(share(self.pause_accurate, self.pause_judged)),
            self.pause_judged,
            self.pause_false_flags
        ));
        s.push_str(&format!(
            "| stage accuracy, weeks 12 on | {} |\n",
            pct(self.accuracy())
        ));
        s.push_str(&format!(
            "| stage accuracy, weeks 12 on, the {} teams in a reorganisation | {} |\n",
            self.reorganised,
            pct(share(self.reorganised_accurate, self.reorganised_judged))
        ));
        s.push_str(&format!(
            "| flip-flops | {} of {} team-weeks ({:.1} %) |\n\n",
            self.flip_flops,
            self.team_weeks,
            100.0 * self.flip_flop_share()
        ));
        s.push_str("| alert | raised | warranted (precision) | fades caught (recall) |\n|---|---:|---:|---:|\n");
        for (kind, a) in &self.alerts {
            s.push_str(&format!(
                "| {kind} | {} | {} ({}) | {} ({}) |\n",
                a.raised,
                a.warranted,
                pct(share(a.warranted, a.raised)),
                a.caught,
                pct(share(a.caught, self.fades))
            ));
        }
        let shown: Vec<String> = {
            let mut all: Vec<String> = self.confusion.keys().map(|(_, s)| s.clone()).collect();
            all.sort();
            all.dedup();
            all
        };
        s.push_str("\n| truth \\ shown |");
        for c in &shown {
            s.push_str(&format!(" {c} |"));
        }
        s.push_str("\n|---|");
        s.push_str(&"---:|".repeat(shown.len()));
        s.push('\n');
        for truth in Truth::ALL {
            s.push_str(&format!("| {} |", truth.code()));
            for c in &shown {
                let n = self
                    .confusion
                    .get(&(truth.code(), c.clone()))
                    .copied()
                    .unwrap_or(0);
                s.push_str(&format!(" {n} |"));
            }
            s.push('\n');
        }
        s
    }
}

/// The weeks a course lets go of the routine.
fn fades(course: Course) -> Vec<u32> {
    match course {
        Course::Fades { fade, .. } | Course::Recovers { fade, .. } => vec![fade],
        _ => Vec::new(),
    }
}
