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

mod report;

use std::collections::{HashMap, HashSet};

use chrono::{Days, NaiveDate, NaiveTime};
use diesel::prelude::*;

use super::metrics::{Stage, WeekState};
use super::simulate::World;
use super::simulate::write::{self, Setup};
use crate::db::schema::{adoption_alerts, adoption_weeks};
use crate::domain::ids::{AlertId, TeamId};
use crate::domain::{DbConn, Result};
pub use report::{AlertScore, Report, Score};

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
/// The Monday `weeks` full weeks before the week holding `today`.
pub fn start_for(today: NaiveDate, weeks: u32) -> NaiveDate {
    crate::domain::periods::monday(today) - Days::new(7 * u64::from(weeks))
}
