//! Counting what happened, per team and ISO week, from the stored meetings, attendance,
//! memberships, key results and check-ins. One query per kind of row for the whole
//! organisation and the weeks asked for, then grouping in memory: a year of a thousand
//! teams is a handful of queries, not one per team and week.

mod load;
mod scope;
mod week;

use std::collections::{HashMap, HashSet};

use chrono::{Days, NaiveDate, NaiveDateTime, TimeZone};
use chrono_tz::Tz;

use super::metrics::WeekFacts;
use crate::domain::calendar::Calendar;
use crate::domain::ids::{KeyResultId, MeetingId, OrgId, PersonId, TeamId};
use crate::domain::meetings::{Presence, Status};
use crate::domain::{DbConn, Result};
use load::load;
pub use scope::{first_activity, team_ids, teams_under};
use week::count_week;

fn local(tz: Tz, utc: NaiveDateTime) -> NaiveDateTime {
    tz.from_utc_datetime(&utc).naive_local()
}

struct MeetingRow {
    team_id: TeamId,
    weekly: bool,
    day: NaiveDate,
    status: Status,
    id: MeetingId,
}

struct KrSpan {
    team_id: TeamId,
    id: KeyResultId,
    first: NaiveDate,
    last: NaiveDate,
}

/// Everything the weeks from `from` to `to` (Mondays, both included) need, for the teams.
struct Loaded {
    meetings: Vec<MeetingRow>,
    attendance: HashMap<MeetingId, Vec<(PersonId, Presence)>>,
    members: HashMap<TeamId, Vec<(PersonId, NaiveDate, Option<NaiveDate>)>>,
    krs: Vec<KrSpan>,
    /// Key result → local times of its check-ins.
    check_ins: HashMap<KeyResultId, Vec<NaiveDateTime>>,
}

/// The facts of each team's weeks from `from` to `to` (Mondays), as of `today`; `paused`
/// are the organisation's pause weeks (see [`super::pause`]).
pub fn count(
    conn: &mut DbConn,
    org_id: OrgId,
    team_ids: &[TeamId],
    tz: Tz,
    (from, to): (NaiveDate, NaiveDate),
    today: NaiveDate,
    paused: &HashSet<NaiveDate>,
) -> Result<HashMap<TeamId, Vec<WeekFacts>>> {
    let data = load(conn, org_id, Some(team_ids), tz, (from, to))?;
    let calendar = Calendar::load(conn, org_id)?;
    let wanted: HashSet<TeamId> = team_ids.iter().copied().collect();
    let mut meetings_of: HashMap<TeamId, Vec<&MeetingRow>> = HashMap::new();
    for m in data.meetings.iter().filter(|m| wanted.contains(&m.team_id)) {
        meetings_of.entry(m.team_id).or_default().push(m);
    }
    let mut krs_of: HashMap<TeamId, Vec<&KrSpan>> = HashMap::new();
    for k in data.krs.iter().filter(|k| wanted.contains(&k.team_id)) {
        krs_of.entry(k.team_id).or_default().push(k);
    }
    let mut out = HashMap::new();
    for &team in team_ids {
        let meetings = meetings_of.remove(&team).unwrap_or_default();
        let krs = krs_of.remove(&team).unwrap_or_default();
        let members = data.members.get(&team).map_or(&[][..], Vec::as_slice);
        let mut weeks = Vec::new();
        let mut week = from;
        while week <= to {
            let day = Day {
                week,
                today,
                calendar: &calendar,
                paused,
            };
            weeks.push(count_week(&data, &meetings, &krs, members, &day));
            week = week + Days::new(7);
        }
        out.insert(team, weeks);
    }
    Ok(out)
}

/// The week being counted, as of `today`, in the organisation's calendar.
struct Day<'a> {
    week: NaiveDate,
    today: NaiveDate,
    calendar: &'a Calendar,
    paused: &'a HashSet<NaiveDate>,
}
