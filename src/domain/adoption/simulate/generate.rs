//! Drawing a [`World`]: each team's latent course and true rates, week by week, and what
//! they leave behind (see the module above for the model).

use chrono::{Datelike, Days, NaiveDate, Weekday};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::{
    CheckIn, Config, Course, LAPSE_WEEKS, Meeting, Member, Plan, Team, TeamWeek, Truth, World,
};
use crate::domain::meetings::Presence;

/// Norwegian public holidays of a year (the generator's world; the detector has its own
/// calendar).
pub(super) fn holidays(year: i32) -> Vec<NaiveDate> {
    let mut days: Vec<NaiveDate> = [(1, 1), (5, 1), (5, 17), (12, 25), (12, 26)]
        .iter()
        .filter_map(|(m, d)| NaiveDate::from_ymd_opt(year, *m, *d))
        .collect();
    if let Ok(easter) = computus::gregorian_naive(year) {
        for offset in [-3i64, -2, 1, 39, 50] {
            days.push(easter + chrono::Duration::days(offset));
        }
    }
    days
}

/// Weeks the whole organisation is away: fellesferie (ISO weeks 28–30) and romjul (the
/// week holding 27 December).
fn closed_week(monday: NaiveDate) -> bool {
    let romjul = NaiveDate::from_ymd_opt(monday.year(), 12, 27)
        .is_some_and(|d| d >= monday && d < monday + Days::new(7));
    romjul || (28..=30).contains(&monday.iso_week().week())
}

/// Weeks most of the organisation is away that no one set as a closure in the calendar:
/// the school breaks of eastern Norway, vinterferie (ISO week 8) and høstferie (ISO week 40),
/// which most people with children take off. Each team is away with [`PAUSE_SHARE`]; the
/// others meet as usual. Nobody cancels in the tool, and the latent habit is unaffected (a
/// break taken together is not letting go).
pub(super) fn pause_week(monday: NaiveDate) -> bool {
    matches!(monday.iso_week().week(), 8 | 40)
}

/// The chance a team is away in a [`pause_week`].
const PAUSE_SHARE: f64 = 0.88;

/// Added to the seed for the draws of who takes the pause weeks off, so the rest of a world
/// (its courses, and every other week) is drawn as it was without pause weeks.
const PAUSE_SEED: u64 = 0x7061_7573_6500;

/// The week holding Easter Sunday (many take the whole week off).
fn easter_week(monday: NaiveDate) -> bool {
    computus::gregorian_naive(monday.year())
        .map(|easter| easter >= monday && easter < monday + Days::new(7))
        .unwrap_or(false)
}

fn normal(rng: &mut StdRng) -> f64 {
    let u1: f64 = rng.random_range(f64::EPSILON..1.0);
    let u2: f64 = rng.random();
    (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
}

fn size(rng: &mut StdRng) -> usize {
    match rng.random_range(0..100) {
        0..25 => rng.random_range(3..=4),
        25..70 => rng.random_range(5..=10),
        70..90 => rng.random_range(11..=20),
        _ => rng.random_range(21..=40),
    }
}

fn course(rng: &mut StdRng, weeks: u32) -> Course {
    let start = if rng.random_bool(0.8) {
        rng.random_range(0..4)
    } else {
        rng.random_range(4..(weeks / 2).max(5))
    };
    let room = weeks.saturating_sub(start + 14).max(1);
    match rng.random_range(0..100) {
        0..45 => Course::Forms { start },
        45..65 => Course::Fades {
            start,
            fade: start + 12 + rng.random_range(0..room),
        },
        65..85 => {
            let fade = start + 12 + rng.random_range(0..room);
            Course::Recovers {
                start,
                fade,
                back: fade + rng.random_range(4..14),
            }
        }
        _ => Course::Never,
    }
}

/// Makes up a world.
pub fn world(config: Config) -> World {
    let mut rng = StdRng::seed_from_u64(config.seed);
    let mut drafts: Vec<Draft> = (0..config.teams)
        .map(|i| {
            let n = size(&mut rng);
            draft(&mut rng, &config, format!("Team {:03}", i + 1), n, None)
        })
        .collect();
    super::reorg::reorganise(&mut rng, &mut drafts, config.weeks);
    let mut pause_rng = StdRng::seed_from_u64(config.seed.wrapping_add(PAUSE_SEED));
    for d in &mut drafts {
        d.pauses = pause_rng.random_bool(PAUSE_SHARE);
    }
    let mut teams: Vec<Team> = Vec::with_capacity(drafts.len());
    for d in drafts {
        // A team split off another carries the habit the other had.
        let habit = d
            .parent
            .map_or(0.0, |p| teams[p].weeks[d.team.from as usize].habit);
        teams.push(live(&mut rng, &config, d, habit));
    }
    World { config, teams }
}

/// Draws the weeks of teams whose course and size are given (the demo organisation's).
pub fn planned(config: Config, plans: &[Plan]) -> World {
    let mut rng = StdRng::seed_from_u64(config.seed);
    let teams = plans
        .iter()
        .map(|plan| {
            let d = draft(
                &mut rng,
                &config,
                plan.name.clone(),
                plan.members,
                Some(plan),
            );
            live(&mut rng, &config, d, 0.0)
        })
        .collect();
    World { config, teams }
}

/// A team drawn, before its weeks are.
pub(super) struct Draft {
    pub team: Team,
    pub cancels_holidays: bool,
    pub skips_easter: bool,
    /// Away in the organisation's unconfigured pause weeks (not for the demo's teams).
    pub pauses: bool,
    /// The team it was split off, if it was.
    pub parent: Option<usize>,
}

/// A team of `n` members, its course, habit speed and key results drawn unless `plan`
/// gives them (a planned team keeps its members all year).
fn draft(rng: &mut StdRng, config: &Config, name: String, n: usize, plan: Option<&Plan>) -> Draft {
    let weeks = config.weeks;
    let mut members: Vec<Member> = (0..n)
        .map(|_| Member::new(0, rng.random_range(0.65..0.97)))
        .collect();
    // Turnover: about one person in five leaves during the year, and is replaced.
    for i in 0..n {
        if plan.is_none() && rng.random_bool(0.2) {
            let leaves = rng.random_range(4..weeks.max(5));
            members[i].leaves = Some(leaves);
            members.push(Member::new(
                leaves + rng.random_range(0..3),
                rng.random_range(0.65..0.97),
            ));
        }
    }
    let mut days = (66.0 * (0.58 * normal(rng)).exp()).clamp(18.0, 254.0);
    let course = match plan {
        Some(plan) => {
            days = plan.days_to_habit;
            plan.course
        }
        None => course(rng, weeks),
    };
    let team = Team {
        name,
        course,
        weekday: rng.random_range(1..=5),
        members,
        krs: plan.map_or_else(|| rng.random_range(2..=4), |p| p.krs),
        weeks_to_habit: days / 7.0,
        from: 0,
        until: None,
        weeks: Vec::with_capacity(weeks as usize),
    };
    Draft {
        team,
        cancels_holidays: rng.random_bool(0.2),
        skips_easter: rng.random_bool(0.5),
        pauses: false,
        parent: None,
    }
}

/// Draws a team's weeks from its latent course, starting from automaticity `habit`.
fn live(rng: &mut StdRng, config: &Config, draft: Draft, habit: f64) -> Team {
    let Draft {
        mut team,
        cancels_holidays,
        skips_easter,
        pauses,
        ..
    } = draft;
    let course = team.course;
    // Rate per practised week: 95 % of the way after `weeks_to_habit` weeks.
    let rate = 1.0 - 0.05f64.powf(1.0 / team.weeks_to_habit.max(1.0));
    let mut auto: f64 = habit;
    let mut ever = (0..team.from).any(|w| course.engaged(w));
    for w in 0..config.weeks {
        let monday = config.start + Days::new(7 * u64::from(w));
        let closed = closed_week(monday);
        let paused = pause_week(monday);
        if !team.exists(w) {
            team.weeks.push(TeamWeek {
                truth: Truth::NotStarted,
                habit: auto,
                meeting: Meeting::Skipped,
                check_ins: Vec::new(),
                closed,
                paused,
                quarterly: false,
            });
            continue;
        }
        let engaged = course.engaged(w);
        ever |= engaged;
        let present: Vec<&Member> = team.members.iter().filter(|m| m.on_team(w)).collect();
        let attend = present.iter().map(|m| m.base).sum::<f64>() / present.len().max(1) as f64
            * keenness(engaged, auto);
        let rates = (
            hold_rate(engaged, ever, auto),
            check_in_rate(engaged, ever, auto),
            attend,
        );
        let truth = truth(course, w, ever, rates);
        let day = monday + Days::new(u64::from(team.weekday - 1));
        let holiday = holidays(day.year()).contains(&day) || day.weekday() == Weekday::Sat;
        let away = closed || holiday || (skips_easter && easter_week(monday));
        let p_hold = rates.0;
        let meeting = if away {
            if cancels_holidays {
                Meeting::Cancelled
            } else if closed || rng.random_bool(0.9) {
                Meeting::Skipped
            } else {
                held(rng, &team.members, w, engaged, auto)
            }
        } else if rng.random_bool(p_hold.clamp(0.0, 1.0)) {
            held(rng, &team.members, w, engaged, auto)
        } else {
            Meeting::Skipped
        };
        let check_ins = check_ins(rng, &team, w, &meeting, engaged, ever, auto, away);
        let quarterly = engaged && !closed && rng.random_bool(0.9);
        let practised = matches!(meeting, Meeting::Held { .. });
        // Away in a pause week: what the team would have done is drawn all the same (the
        // draws, and the habit, stay as without the pause), but nothing of it happens.
        let (meeting, check_ins, quarterly) = if paused && pauses {
            (Meeting::Skipped, Vec::new(), false)
        } else {
            (meeting, check_ins, quarterly)
        };
        team.weeks.push(TeamWeek {
            truth,
            habit: auto,
            meeting,
            check_ins,
            closed,
            paused,
            quarterly,
        });
        // The habit grows with each week practised, and wears off without practice.
        if engaged && (practised || away) {
            if practised {
                auto += (1.0 - auto) * rate;
            }
        } else if !engaged {
            auto *= 0.75;
        } else {
            auto *= 0.97;
        }
    }
    team
}

/// A team's true rates in a week: how likely it holds its weekly meeting, how likely each
/// key result gets a check-in, and how often each member is there.
fn hold_rate(engaged: bool, ever: bool, auto: f64) -> f64 {
    if engaged {
        0.35 + 0.63 * auto
    } else if ever {
        0.3 * auto
    } else {
        0.04
    }
}

fn check_in_rate(engaged: bool, ever: bool, auto: f64) -> f64 {
    if engaged {
        0.3 + 0.65 * auto
    } else if ever {
        0.25 * auto
    } else {
        0.03
    }
}

fn keenness(engaged: bool, auto: f64) -> f64 {
    if engaged { 0.9 + 0.1 * auto } else { 0.8 }
}

/// The truth of a week. A level is the stage definitions (README: held, attendance and
/// check-in coverage over the weeks) applied to the team's *true rates*, which the detector
/// only sees through the noisy weeks they produce.
fn truth(course: Course, w: u32, ever: bool, rates: (f64, f64, f64)) -> Truth {
    let engaged = course.engaged(w);
    let (hold, cover, attend) = rates;
    let meets = |bar: &crate::domain::adoption::metrics::Bar, window: u32| {
        hold >= f64::from(bar.held) / f64::from(window)
            && cover >= bar.coverage
            && attend >= bar.attendance
    };
    let t = crate::domain::adoption::Thresholds::default();
    if engaged {
        if meets(&t.routine, t.window_weeks) {
            Truth::Routine
        } else if meets(&t.practising, t.window_weeks) {
            Truth::Practising
        } else {
            Truth::Forming
        }
    } else if !ever {
        Truth::NotStarted
    } else {
        match course.let_go(w) {
            Some(fade) if w - fade < LAPSE_WEEKS => Truth::Slipping,
            _ => Truth::Stopped,
        }
    }
}

fn held(rng: &mut StdRng, members: &[Member], w: u32, engaged: bool, auto: f64) -> Meeting {
    let keen = keenness(engaged, auto);
    let attendance = members
        .iter()
        .enumerate()
        .filter(|(_, m)| m.on_team(w))
        .map(|(i, m)| {
            let presence = if rng.random_bool(0.05) {
                // Sick or away, and said so.
                Presence::Excused
            } else if rng.random_bool((m.base * keen).clamp(0.0, 1.0)) {
                Presence::Present
            } else {
                Presence::Absent
            };
            (i, presence)
        })
        .collect();
    let late_days = match rng.random_range(0..100) {
        0..65 => 0,
        65..90 => rng.random_range(1..=3),
        _ => rng.random_range(4..=9),
    };
    Meeting::Held {
        attendance,
        late_days,
    }
}

#[allow(clippy::too_many_arguments)]
fn check_ins(
    rng: &mut StdRng,
    team: &Team,
    w: u32,
    meeting: &Meeting,
    engaged: bool,
    ever: bool,
    auto: f64,
    away: bool,
) -> Vec<CheckIn> {
    if away && !matches!(meeting, Meeting::Held { .. }) {
        return Vec::new();
    }
    let p = check_in_rate(engaged, ever, auto);
    let progress = f64::from(w % 13) / 13.0;
    let mut out = Vec::new();
    for kr in 0..team.krs {
        if !rng.random_bool(p.clamp(0.0, 1.0)) {
            continue;
        }
        let in_meeting = matches!(meeting, Meeting::Held { .. }) && rng.random_bool(0.6);
        out.push(CheckIn {
            kr,
            share: (progress * rng.random_range(0.6..1.1)).clamp(0.0, 1.0),
            in_meeting,
            day: if in_meeting {
                team.weekday - 1
            } else {
                rng.random_range(0..team.weekday)
            },
        });
    }
    out
}
