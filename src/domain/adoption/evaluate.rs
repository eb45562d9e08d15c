//! How often the adoption signal is right, and how fast it reacts. [`replay`] enters a
//! simulated world ([`super::simulate`]) week by week and, each Monday, runs the rollup the
//! way the scheduler does ([`super::scheduled`]), then notes what the dashboard would say:
//! every team's stage and the alerts raised. [`Report`] compares that with the truth the
//! world was generated from.
//!
//! The stage shown on Monday `w + 1` is compared with the truth of week `w`, the last week
//! complete by then. Measures:
//! - a confusion matrix of true against shown stages over team-weeks;
//! - precision and recall of *slipping* over team-weeks (a team shown slipping that has in
//!   truth stopped long ago counts against precision);
//! - per alert kind: how many, and the share raised while the team was in truth letting go
//!   (slipping or stopped) during the weeks the alert covers;
//! - detection delay: from the week a team lets go of a routine it had to the first week
//!   shown as slipping or stopped, or covered by an alert;
//! - alerts on a healthy team raised by an organisation-wide closed week (one the alert
//!   counts among its weeks rather than skipping it), and likewise by a week most teams
//!   pause that the calendar does not close (a school break), with the stage accuracy in
//!   such weeks and the three after;
//! - flip-flops: a stage change undone within two weeks;
//! - stage accuracy from week 12 on.
//!
//! Only the weeks a team exists count: a team merged into another is not judged after the
//! merge, nor one split off another before it begins.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Days, NaiveDate, NaiveTime};
use diesel::prelude::*;

use super::metrics::{Stage, WeekState};
use super::simulate::write::{self, Setup};
use super::simulate::{Course, LAPSE_WEEKS, Meeting, Truth, World};
use crate::db::schema::{adoption_alerts, adoption_weeks};
use crate::domain::ids::{AlertId, TeamId};
use crate::domain::{DbConn, Result};

/// An alert as first seen on a Monday.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Raised {
    pub team: usize,
    pub kind: String,
    pub first_week: u32,
    pub last_week: u32,
    /// The weeks it counts (weeks it skipped, like cancelled ones, left out).
    pub weeks: u32,
    /// The week before the Monday it was first seen on.
    pub seen: u32,
}

/// What the dashboard said, week by week.
#[derive(Debug, Clone, Default)]
pub struct Replay {
    /// Per team, per week `w`: the stage shown on Monday `w + 1` (`None` before any).
    pub shown: Vec<Vec<Option<Stage>>>,
    pub alerts: Vec<Raised>,
    /// The weeks the rollup treated as an organisation-wide pause on the Monday after.
    pub paused: Vec<u32>,
}

/// Enters `world` as organisation `slug` and replays it Monday by Monday.
pub fn replay(conn: &mut DbConn, world: &World, slug: &str) -> Result<Replay> {
    let setup = crate::db::write_tx(conn, |c| write::setup(c, world, slug))?;
    let events = write::events(world);
    let weeks = world.config.weeks;
    let index: HashMap<TeamId, usize> = setup
        .teams
        .iter()
        .enumerate()
        .map(|(i, t)| (t.team_id, i))
        .collect();
    let mut out = Replay {
        shown: vec![vec![None; weeks as usize]; world.teams.len()],
        alerts: Vec::new(),
        paused: Vec::new(),
    };
    let mut seen_alerts: HashSet<AlertId> = HashSet::new();
    let mut next = 0;
    for w in 1..=weeks {
        let monday = world.monday(w);
        // The scheduler runs early on Monday: what was entered before then is there.
        let cutoff = monday.and_time(NaiveTime::from_hms_opt(6, 0, 0).unwrap_or_default());
        let upto = events[next..]
            .iter()
            .position(|e| e.at >= cutoff)
            .map_or(events.len(), |p| next + p);
        crate::db::write_tx(conn, |c| {
            for e in &events[next..upto] {
                write::apply(c, world, &setup, e)?;
            }
            super::scheduled(c, &setup.org, monday)
        })?;
        next = upto;
        look(conn, world, &setup, &index, w, &mut out, &mut seen_alerts)?;
    }
    Ok(out)
}

fn look(
    conn: &mut DbConn,
    world: &World,
    setup: &Setup,
    index: &HashMap<TeamId, usize>,
    w: u32,
    out: &mut Replay,
    seen_alerts: &mut HashSet<AlertId>,
) -> Result<()> {
    let monday = world.monday(w);
    let stages: Vec<(TeamId, Stage)> = adoption_weeks::table
        .filter(adoption_weeks::org_id.eq(setup.org.id))
        .filter(adoption_weeks::week_start.eq(monday))
        .select((adoption_weeks::team_id, adoption_weeks::stage))
        .load(conn)?;
    for (team, stage) in stages {
        if let Some(&t) = index.get(&team) {
            out.shown[t][(w - 1) as usize] = Some(stage);
        }
    }
    let paused: i64 = adoption_weeks::table
        .filter(adoption_weeks::org_id.eq(setup.org.id))
        .filter(adoption_weeks::week_start.eq(world.monday(w - 1)))
        .filter(adoption_weeks::state.eq(WeekState::Paused))
        .count()
        .get_result(conn)?;
    if paused > 0 {
        out.paused.push(w - 1);
    }
    let alerts: Vec<(AlertId, TeamId, String, NaiveDate, NaiveDate, i32)> = adoption_alerts::table
        .filter(adoption_alerts::org_id.eq(setup.org.id))
        .select((
            adoption_alerts::id,
            adoption_alerts::team_id,
            adoption_alerts::kind,
            adoption_alerts::first_week,
            adoption_alerts::last_week,
            adoption_alerts::weeks,
        ))
        .load(conn)?;
    let week_of = |day: NaiveDate| ((day - world.config.start).num_days().max(0) / 7) as u32;
    for (id, team, kind, first, last, counted) in alerts {
        if seen_alerts.insert(id)
            && let Some(&t) = index.get(&team)
        {
            out.alerts.push(Raised {
                team: t,
                kind,
                first_week: week_of(first),
                last_week: week_of(last),
                weeks: u32::try_from(counted).unwrap_or(0),
                seen: w - 1,
            });
        }
    }
    Ok(())
}

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
    /// [`super::simulate::TeamWeek::paused`]) it was away in, by kind.
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

/// The Monday `weeks` full weeks before the week holding `today`.
pub fn start_for(today: NaiveDate, weeks: u32) -> NaiveDate {
    crate::domain::periods::monday(today) - Days::new(7 * u64::from(weeks))
}
