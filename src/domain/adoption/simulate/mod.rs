//! A simulator with known truth for the adoption signal. It makes up an organisation whose
//! teams follow *latent* habit trajectories — the routine forms at speeds spread like Lally
//! et al. (2010: 18–254 days to automaticity, median 66), practises and plateaus, fades at a
//! known week, never starts, or slips and recovers — and draws what a team would leave in
//! Hverdag from them, with the noise real organisations add: public holidays and the summer
//! (most teams just don't meet, a few cancel in the tool), sick leave, people joining and
//! leaving, reorganisations (a team merged into another, or split in two), team sizes from 3
//! to 40, check-ins made before or in the meeting, and meetings recorded days afterwards.
//!
//! [`world`] is pure and deterministic per seed; [`write`] stores a world through the same
//! domain functions the pages use, and [`super::evaluate`] replays it week by week against
//! the real rollup. The truth of each team-week ([`Truth`]) comes from the latent state,
//! never from the detector's rules.

mod generate;
mod reorg;
pub mod write;

pub use generate::{planned, world};

use chrono::{Days, NaiveDate};

use crate::domain::meetings::Presence;

/// What the simulator is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Config {
    pub teams: usize,
    pub weeks: u32,
    pub seed: u64,
    /// The Monday of the first simulated week.
    pub start: NaiveDate,
}

/// The truth of a team-week: where the team's routine really is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Truth {
    NotStarted,
    Forming,
    Practising,
    Routine,
    /// The team has let go of the routine it had, within the last [`LAPSE_WEEKS`] weeks.
    Slipping,
    /// The team let go of it longer ago than that: it has stopped.
    Stopped,
}

impl Truth {
    pub const ALL: [Truth; 6] = [
        Truth::NotStarted,
        Truth::Forming,
        Truth::Practising,
        Truth::Routine,
        Truth::Slipping,
        Truth::Stopped,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Truth::NotStarted => "not_started",
            Truth::Forming => "forming",
            Truth::Practising => "practising",
            Truth::Routine => "routine",
            Truth::Slipping => "slipping",
            Truth::Stopped => "stopped",
        }
    }
}

/// Weeks after letting go that a team counts as slipping; after that, it has stopped: one
/// OKR quarter (13 weeks) without its routine.
pub const LAPSE_WEEKS: u32 = 13;

/// A team's latent course.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Course {
    /// Starts at `start` and keeps going.
    Forms { start: u32 },
    /// Starts, then lets go at `fade`.
    Fades { start: u32, fade: u32 },
    /// Starts, lets go at `fade`, takes it up again at `back`.
    Recovers { start: u32, fade: u32, back: u32 },
    /// Never really starts.
    Never,
}

impl Course {
    /// Whether the team means to keep the routine in week `w`, and whether it ever has.
    fn engaged(self, w: u32) -> bool {
        match self {
            Course::Forms { start } => w >= start,
            Course::Fades { start, fade } => w >= start && w < fade,
            Course::Recovers { start, fade, back } => w >= start && (w < fade || w >= back),
            Course::Never => false,
        }
    }

    /// The week the team last let go, before or at `w`.
    fn let_go(self, w: u32) -> Option<u32> {
        match self {
            Course::Fades { fade, .. } if w >= fade => Some(fade),
            Course::Recovers { fade, back, .. } if w >= fade && w < back => Some(fade),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Course::Forms { .. } => "forms",
            Course::Fades { .. } => "fades",
            Course::Recovers { .. } => "recovers",
            Course::Never => "never",
        }
    }
}

/// A team whose course and size are given instead of drawn (the demo organisation's teams):
/// its weeks still come from the model, with the model's noise.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub name: String,
    pub course: Course,
    pub members: usize,
    pub krs: usize,
    /// Days of practice to 95 % automaticity (Lally et al.: 18–254, median 66).
    pub days_to_habit: f64,
}

/// A person on a team: from which week to which, and how often they can be there.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub joins: u32,
    pub leaves: Option<u32>,
    /// Share of meetings this person can attend (part time, shifts, travel).
    pub base: f64,
    /// The same person as member `.1` of team `.0`, moved here in a reorganisation.
    pub moved_from: Option<(usize, usize)>,
}

impl Member {
    fn new(joins: u32, base: f64) -> Member {
        Member {
            joins,
            leaves: None,
            base,
            moved_from: None,
        }
    }

    /// On the team in week `w`.
    pub fn on_team(&self, w: u32) -> bool {
        self.joins <= w && self.leaves.is_none_or(|l| l > w)
    }
}

/// What became of a team's weekly meeting in one week.
#[derive(Debug, Clone, PartialEq)]
pub enum Meeting {
    /// Held, with each member's presence, recorded `late_days` after the meeting day.
    Held {
        attendance: Vec<(usize, Presence)>,
        late_days: u32,
    },
    /// Cancelled in the tool ahead of time.
    Cancelled,
    /// It just did not happen.
    Skipped,
}

/// A check-in: which key result, the value as a share of the way to the target, and when.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CheckIn {
    pub kr: usize,
    pub share: f64,
    /// Made in the meeting (typed when it is recorded), or on the check-in page this many
    /// days after the week's Monday.
    pub in_meeting: bool,
    pub day: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TeamWeek {
    pub truth: Truth,
    /// The team's latent automaticity (0–1) as the week begins.
    pub habit: f64,
    pub meeting: Meeting,
    pub check_ins: Vec<CheckIn>,
    /// The whole organisation is closed this week (summer, Christmas).
    pub closed: bool,
    /// Most of the organisation is away this week, and its calendar does not say so (a
    /// school break): see [`generate::pause_week`]. Set on every team's week, whether it
    /// was away or met.
    pub paused: bool,
    /// The team holds its quarterly OKR meeting, if it has one this week.
    pub quarterly: bool,
}

impl TeamWeek {
    /// One line about the week, for tracing a team.
    pub fn meeting_summary(&self) -> String {
        let meeting = match &self.meeting {
            Meeting::Held {
                attendance,
                late_days,
            } => format!(
                "held {}/{} late {late_days}",
                attendance
                    .iter()
                    .filter(|(_, p)| *p == Presence::Present)
                    .count(),
                attendance.len()
            ),
            Meeting::Cancelled => "cancelled".into(),
            Meeting::Skipped => "skipped".into(),
        };
        format!(
            "{meeting}, {} check-ins{}{}",
            self.check_ins.len(),
            if self.closed { ", closed" } else { "" },
            if self.paused { ", pause week" } else { "" }
        )
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Team {
    pub name: String,
    pub course: Course,
    /// Weekday of the weekly meeting (1 = Monday … 5 = Friday).
    pub weekday: u32,
    pub members: Vec<Member>,
    /// Key results per period.
    pub krs: usize,
    /// Weeks to 95 % automaticity while practising.
    pub weeks_to_habit: f64,
    /// The first week the team exists (a team split off another starts later), and the week
    /// it is merged into another, if it is: outside these weeks it has no truth to judge.
    pub from: u32,
    pub until: Option<u32>,
    pub weeks: Vec<TeamWeek>,
}

impl Team {
    /// Whether the team exists in week `w`.
    pub fn exists(&self, w: u32) -> bool {
        w >= self.from && self.until.is_none_or(|u| w < u)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct World {
    pub config: Config,
    pub teams: Vec<Team>,
}

impl World {
    pub fn monday(&self, week: u32) -> NaiveDate {
        self.config.start + Days::new(7 * u64::from(week))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Datelike;

    fn config(seed: u64) -> Config {
        Config {
            teams: 60,
            weeks: 52,
            seed,
            start: NaiveDate::from_ymd_opt(2025, 12, 1).unwrap(),
        }
    }

    #[test]
    fn a_world_is_the_same_for_the_same_seed_and_differs_for_another() {
        assert_eq!(world(config(7)), world(config(7)));
        assert_ne!(world(config(7)), world(config(8)));
    }

    #[test]
    fn the_world_has_every_course_and_the_truth_follows_it() {
        let w = world(config(7));
        for name in ["forms", "fades", "recovers", "never"] {
            assert!(w.teams.iter().any(|t| t.course.name() == name), "{name}");
        }
        for t in &w.teams {
            assert_eq!(t.weeks.len(), 52);
            assert!((3..=60).contains(&t.members.len()));
            if let Course::Fades { fade, .. } = t.course {
                let at = |x: u32| t.weeks[x as usize].truth;
                assert_eq!(at(fade), Truth::Slipping);
                if fade + LAPSE_WEEKS < 52 {
                    assert_eq!(at(fade + LAPSE_WEEKS), Truth::Stopped);
                }
            }
            if t.course == Course::Never {
                assert!(t.weeks.iter().all(|w| w.truth == Truth::NotStarted));
            }
        }
        // Fellesferie: nobody holds a meeting in ISO week 29.
        let summer = (0..52u32)
            .find(|x| w.monday(*x).iso_week().week() == 29)
            .unwrap();
        assert!(
            w.teams
                .iter()
                .all(|t| !matches!(t.weeks[summer as usize].meeting, Meeting::Held { .. }))
        );
    }

    #[test]
    fn in_a_pause_week_most_teams_are_away_nobody_cancels_and_the_truth_goes_on() {
        let w = world(config(7));
        let pause = (0..52u32)
            .find(|x| w.monday(*x).iso_week().week() == 40)
            .unwrap() as usize;
        let existing: Vec<&Team> = w.teams.iter().filter(|t| t.exists(pause as u32)).collect();
        assert!(existing.iter().all(|t| t.weeks[pause].paused));
        let held = existing
            .iter()
            .filter(|t| matches!(t.weeks[pause].meeting, Meeting::Held { .. }))
            .count();
        assert!(
            held * 5 < existing.len(),
            "{held} of {} met",
            existing.len()
        );
        assert!(
            existing
                .iter()
                .all(|t| t.weeks[pause].meeting != Meeting::Cancelled)
        );
        // The week before and after are ordinary weeks.
        assert!(w.teams.iter().all(|t| !t.weeks[pause + 1].paused));
        // A team away in the pause week keeps its truth: no one lets go because of it.
        for t in &existing {
            let (a, b) = (t.weeks[pause].truth, t.weeks[pause + 1].truth);
            if matches!(t.course, Course::Forms { start } if start < pause as u32) {
                assert!(
                    !matches!(b, Truth::Slipping | Truth::Stopped),
                    "{a:?} {b:?}"
                );
            }
        }
    }

    #[test]
    fn the_generators_holidays_know_easter() {
        let h = generate::holidays(2026);
        assert!(
            h.contains(&NaiveDate::from_ymd_opt(2026, 4, 3).unwrap()),
            "Good Friday"
        );
        assert!(
            h.contains(&NaiveDate::from_ymd_opt(2026, 5, 25).unwrap()),
            "Whit Monday"
        );
    }
}
