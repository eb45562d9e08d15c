//! Reading the rows the weeks need: one query per kind of row for the whole organisation (or
//! the few teams asked for) and the weeks asked for.

use std::collections::HashMap;

use chrono::{Days, NaiveDate, NaiveDateTime, TimeZone};
use chrono_tz::Tz;
use diesel::prelude::*;

use super::{KrSpan, Loaded, MeetingRow, local};
use crate::db::schema::{
    attendance, check_ins, key_results, meeting_check_ins, meeting_series, meetings, objectives,
    team_memberships,
};
use crate::domain::ids::{KeyResultId, MeetingId, OrgId, PersonId, TeamId};
use crate::domain::meetings::{Presence, SeriesKind, Status};
use crate::domain::okrs::Status as ObjectiveStatus;
use crate::domain::{DbConn, Result, periods};

/// Local midnight of `day` in `tz`, in UTC.
fn utc_midnight(tz: Tz, day: NaiveDate) -> NaiveDateTime {
    let local = day.and_time(chrono::NaiveTime::MIN);
    tz.from_local_datetime(&local)
        .earliest()
        .map_or(local, |t| t.naive_utc())
}

/// Up to this many teams are loaded by id; more, and the whole organisation is read.
const BY_ID: usize = 50;

pub(super) fn load(
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
