//! Counting what happened, per team and ISO week, from the stored meetings, attendance,
//! memberships, key results and check-ins. One query per kind of row for the whole
//! organisation and the weeks asked for, then grouping in memory: a year of a thousand
//! teams is a handful of queries, not one per team and week.

use std::collections::{HashMap, HashSet};

use chrono::{Days, NaiveDate, NaiveDateTime, TimeZone};
use chrono_tz::Tz;
use diesel::prelude::*;

use super::metrics::{WeekFacts, WeekState};
use crate::db::schema::{
    attendance, check_ins, key_results, meeting_check_ins, meeting_series, meetings, objectives,
    team_memberships, teams,
};
use crate::domain::calendar::Calendar;
use crate::domain::ids::{KeyResultId, MeetingId, OrgId, PersonId, TeamId};
use crate::domain::meetings::{Presence, SeriesKind, Status};
use crate::domain::okrs::Status as ObjectiveStatus;
use crate::domain::teams::TeamKind;
use crate::domain::{DbConn, Result, periods};

/// Local midnight of `day` in `tz`, in UTC.
fn utc_midnight(tz: Tz, day: NaiveDate) -> NaiveDateTime {
    let local = day.and_time(chrono::NaiveTime::MIN);
    tz.from_local_datetime(&local)
        .earliest()
        .map_or(local, |t| t.naive_utc())
}

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

/// Up to this many teams are loaded by id; more, and the whole organisation is read.
const BY_ID: usize = 50;

fn load(
    conn: &mut DbConn,
    org_id: OrgId,
    only: Option<&[TeamId]>,
    tz: Tz,
    (from, to): (NaiveDate, NaiveDate),
) -> Result<Loaded> {
    let end = to + Days::new(6);
    let only: Option<Vec<TeamId>> = only
        .filter(|ids| ids.len() <= BY_ID)
        .map(<[TeamId]>::to_vec);
    let mut query = meetings::table
        .inner_join(meeting_series::table)
        .filter(meetings::org_id.eq(org_id))
        .filter(meetings::local_date.between(from, end))
        .select((
            meetings::team_id,
            meeting_series::kind,
            meetings::local_date,
            meetings::status,
            meetings::id,
        ))
        .into_boxed();
    if let Some(ids) = &only {
        query = query.filter(meetings::team_id.eq_any(ids.clone()));
    }
    let meeting_rows: Vec<(TeamId, SeriesKind, NaiveDate, Status, MeetingId)> = query.load(conn)?;
    let meetings: Vec<MeetingRow> = meeting_rows
        .into_iter()
        .map(|(team_id, kind, day, status, id)| MeetingRow {
            team_id,
            weekly: kind == SeriesKind::WeeklyResults,
            day,
            status,
            id,
        })
        .collect();
    let mut attendance_of: HashMap<MeetingId, Vec<(PersonId, Presence)>> = HashMap::new();
    let mut query = attendance::table
        .inner_join(meetings::table)
        .filter(attendance::org_id.eq(org_id))
        .filter(meetings::local_date.between(from, end))
        .filter(meetings::status.eq(Status::Held))
        .select((
            attendance::meeting_id,
            attendance::person_id,
            attendance::status,
        ))
        .into_boxed();
    if let Some(ids) = &only {
        query = query.filter(meetings::team_id.eq_any(ids.clone()));
    }
    let rows: Vec<(MeetingId, PersonId, Presence)> = query.load(conn)?;
    for (meeting, person, status) in rows {
        attendance_of
            .entry(meeting)
            .or_default()
            .push((person, status));
    }
    let mut members: HashMap<TeamId, Vec<(PersonId, NaiveDate, Option<NaiveDate>)>> =
        HashMap::new();
    let mut query = team_memberships::table
        .filter(team_memberships::org_id.eq(org_id))
        .filter(team_memberships::joined_on.le(end))
        .select((
            team_memberships::team_id,
            team_memberships::person_id,
            team_memberships::joined_on,
            team_memberships::left_on,
        ))
        .into_boxed();
    if let Some(ids) = &only {
        query = query.filter(team_memberships::team_id.eq_any(ids.clone()));
    }
    let rows: Vec<(TeamId, PersonId, NaiveDate, Option<NaiveDate>)> = query.load(conn)?;
    for (team, person, joined, left) in rows {
        members
            .entry(team)
            .or_default()
            .push((person, joined, left));
    }
    let mut query = key_results::table
        .inner_join(objectives::table)
        .filter(key_results::org_id.eq(org_id))
        .filter(objectives::status.eq_any([ObjectiveStatus::Active, ObjectiveStatus::Done]))
        .select((
            objectives::team_id,
            objectives::period,
            key_results::id,
            key_results::archived_at,
            objectives::archived_at,
        ))
        .into_boxed();
    if let Some(ids) = only {
        query = query.filter(objectives::team_id.eq_any(ids));
    }
    type KrRow = (
        TeamId,
        String,
        KeyResultId,
        Option<NaiveDateTime>,
        Option<NaiveDateTime>,
    );
    let rows: Vec<KrRow> = query.load(conn)?;
    let krs: Vec<KrSpan> = rows
        .into_iter()
        .filter_map(|(team_id, period, id, kr_archived, objective_archived)| {
            let (first, last) = periods::days(&period)?;
            // Worked on until archived (the key result or its objective).
            let last = match kr_archived.into_iter().chain(objective_archived).min() {
                Some(at) => last.min(local(tz, at).date() - Days::new(1)),
                None => last,
            };
            (first <= end && last >= from && first <= last).then_some(KrSpan {
                team_id,
                id,
                first,
                last,
            })
        })
        .collect();
    let kr_ids: Vec<KeyResultId> = krs.iter().map(|k| k.id).collect();
    let mut check_ins_of: HashMap<KeyResultId, Vec<NaiveDateTime>> = HashMap::new();
    for chunk in kr_ids.chunks(500) {
        // Made outside a meeting: they count when they were made.
        let rows: Vec<(KeyResultId, NaiveDateTime)> = check_ins::table
            .left_join(
                meeting_check_ins::table.on(meeting_check_ins::check_in_id.eq(check_ins::id)),
            )
            .filter(check_ins::org_id.eq(org_id))
            .filter(check_ins::key_result_id.eq_any(chunk))
            .filter(meeting_check_ins::meeting_id.is_null())
            .filter(check_ins::created_at.ge(utc_midnight(tz, from)))
            .filter(check_ins::created_at.lt(utc_midnight(tz, end + Days::new(1))))
            .select((check_ins::key_result_id, check_ins::created_at))
            .load(conn)?;
        // Made in a meeting: they count for the meeting, however late they were typed.
        let in_meetings: Vec<(KeyResultId, NaiveDateTime)> = check_ins::table
            .inner_join(
                meeting_check_ins::table.on(meeting_check_ins::check_in_id.eq(check_ins::id)),
            )
            .inner_join(meetings::table.on(meetings::id.eq(meeting_check_ins::meeting_id)))
            .filter(check_ins::org_id.eq(org_id))
            .filter(check_ins::key_result_id.eq_any(chunk))
            .filter(meetings::local_date.between(from, end))
            .select((check_ins::key_result_id, meetings::starts_at))
            .load(conn)?;
        for (kr, at) in rows.into_iter().chain(in_meetings) {
            check_ins_of.entry(kr).or_default().push(local(tz, at));
        }
    }
    Ok(Loaded {
        meetings,
        attendance: attendance_of,
        members,
        krs,
        check_ins: check_ins_of,
    })
}

/// The teams (not departments) of an organisation, by id.
pub fn team_ids(conn: &mut DbConn, org_id: OrgId) -> Result<Vec<TeamId>> {
    Ok(teams::table
        .filter(teams::org_id.eq(org_id))
        .filter(teams::kind.eq(TeamKind::Team))
        .order(teams::id.asc())
        .select(teams::id)
        .load(conn)?)
}

/// The teams in and under `ids` (teams themselves, or departments at any depth).
pub fn teams_under(conn: &mut DbConn, org_id: OrgId, ids: &[TeamId]) -> Result<Vec<TeamId>> {
    let all: Vec<(TeamId, Option<TeamId>, TeamKind)> = teams::table
        .filter(teams::org_id.eq(org_id))
        .select((teams::id, teams::parent_id, teams::kind))
        .load(conn)?;
    let mut inside: HashSet<TeamId> = ids.iter().copied().collect();
    loop {
        let before = inside.len();
        for (id, parent, _) in &all {
            if parent.is_some_and(|p| inside.contains(&p)) {
                inside.insert(*id);
            }
        }
        if inside.len() == before {
            break;
        }
    }
    Ok(all
        .into_iter()
        .filter(|(id, _, kind)| *kind == TeamKind::Team && inside.contains(id))
        .map(|(id, _, _)| id)
        .collect())
}

/// The first day anything happened in the organisation's follow-up (a meeting or a
/// check-in), if anything did.
pub fn first_activity(conn: &mut DbConn, org_id: OrgId, tz: Tz) -> Result<Option<NaiveDate>> {
    let meeting: Option<NaiveDate> = meetings::table
        .filter(meetings::org_id.eq(org_id))
        .select(diesel::dsl::min(meetings::local_date))
        .first(conn)?;
    let check_in: Option<NaiveDateTime> = check_ins::table
        .filter(check_ins::org_id.eq(org_id))
        .select(diesel::dsl::min(check_ins::created_at))
        .first(conn)?;
    let check_in = check_in.map(|at| local(tz, at).date());
    Ok(meeting.into_iter().chain(check_in).min())
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

fn count_week(
    data: &Loaded,
    meetings: &[&MeetingRow],
    krs: &[&KrSpan],
    members: &[(PersonId, NaiveDate, Option<NaiveDate>)],
    day: &Day,
) -> WeekFacts {
    let (week, today) = (day.week, day.today);
    let sunday = week + Days::new(6);
    let in_week: Vec<&&MeetingRow> = meetings
        .iter()
        .filter(|m| m.day >= week && m.day <= sunday)
        .collect();
    let weekly: Vec<&&&MeetingRow> = in_week.iter().filter(|m| m.weekly).collect();
    let held = weekly.iter().find(|m| m.status == Status::Held);
    let scheduled = || weekly.iter().filter(|m| m.status == Status::Scheduled);
    // Not held, and the organisation was closed that week or on each meeting's day.
    let closed = scheduled().next().is_some()
        && (day.calendar.closed_week(week).is_some()
            || scheduled().all(|m| day.calendar.closed(m.day).is_some()));
    let state = if held.is_some() {
        WeekState::Held
    } else if closed {
        WeekState::Closed
    } else if scheduled().next().is_some() && day.paused.contains(&week) {
        WeekState::Paused
    } else if scheduled().any(|m| m.day < today) {
        WeekState::Missed
    } else if scheduled().next().is_some() {
        WeekState::Pending
    } else if weekly.is_empty() {
        WeekState::NoMeeting
    } else {
        WeekState::Cancelled
    };
    let (mut expected, mut present) = (0, 0);
    if let Some(meeting) = held
        && let Some(rows) = data.attendance.get(&meeting.id)
    {
        let excused: HashSet<PersonId> = rows
            .iter()
            .filter(|(_, s)| *s == Presence::Excused)
            .map(|(p, _)| *p)
            .collect();
        let on_team: HashSet<PersonId> = members
            .iter()
            .filter(|(_, joined, left)| {
                *joined <= meeting.day && left.is_none_or(|l| l >= meeting.day)
            })
            .map(|(p, _, _)| *p)
            .filter(|p| !excused.contains(p))
            .collect();
        let came: HashSet<PersonId> = rows
            .iter()
            .filter(|(_, s)| *s == Presence::Present)
            .map(|(p, _)| *p)
            .collect();
        // Someone recorded as present who was not on the roster (an imported history with
        // a guest) is expected too: attendance never goes above one.
        expected = on_team.union(&came).count() as u32;
        present = came.len() as u32;
    }
    // Check-ins count by the end of the weekly meeting's day (Sunday without one).
    let deadline = weekly
        .iter()
        .filter(|m| m.status != Status::Cancelled)
        .map(|m| m.day)
        .max()
        .unwrap_or(sunday)
        .and_hms_opt(23, 59, 59)
        .unwrap_or(NaiveDateTime::MAX);
    let week_start = week.and_time(chrono::NaiveTime::MIN);
    let week_end = (sunday + Days::new(1)).and_time(chrono::NaiveTime::MIN);
    let (mut active, mut checked, mut on_time) = (0, 0, 0);
    // A key result counts in the weeks whose Thursday its period holds (as an ISO week
    // belongs to the year of its Thursday), so the week two periods share counts one.
    let thursday = week + Days::new(3);
    for kr in krs
        .iter()
        .filter(|k| k.first <= thursday && k.last >= thursday)
    {
        active += 1;
        let times = data.check_ins.get(&kr.id).map_or(&[][..], Vec::as_slice);
        let this_week = || times.iter().filter(|t| **t >= week_start && **t < week_end);
        if this_week().next().is_some() {
            checked += 1;
        }
        if this_week().any(|t| *t <= deadline) {
            on_time += 1;
        }
    }
    WeekFacts {
        week,
        state,
        expected,
        present,
        active_krs: active,
        checked_krs: checked,
        on_time_krs: on_time,
        quarterly_held: in_week
            .iter()
            .any(|m| !m.weekly && m.status == Status::Held),
    }
}
