//! What a held meeting records: attendance (present, absent, excused), notes and decisions,
//! and the check-ins made during it.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use super::{MAX_TEXT, Meeting, Status, find};
use crate::db::schema::{attendance, meeting_check_ins, meetings};
use crate::domain::changes::Touched;
use crate::domain::ids::{KeyResultId, MeetingId, OrgId, PersonId, TeamId};
use crate::domain::okrs::check_ins::{self, CheckInInput};
use crate::domain::{DbConn, FieldErrors, Result, now, teams};

crate::domain::codes::text_enum! {
    #[derive(Serialize, utoipa::ToSchema)]
    #[serde(rename_all = "snake_case")]
    pub enum Presence {
        Present = "present",
        Absent = "absent",
        Excused = "excused",
    }
}

/// Recorded attendance of a meeting: (person, presence).
pub fn attendance_of(
    conn: &mut DbConn,
    org_id: OrgId,
    meeting_id: MeetingId,
) -> Result<Vec<(PersonId, Presence)>> {
    Ok(attendance::table
        .filter(attendance::org_id.eq(org_id))
        .filter(attendance::meeting_id.eq(meeting_id))
        .order(attendance::person_id.asc())
        .select((attendance::person_id, attendance::status))
        .load(conn)?)
}

/// What the meeting page saves in one go.
#[derive(Debug, Clone, PartialEq)]
pub struct MeetingRecord {
    pub attendance: Vec<(PersonId, Presence)>,
    pub notes: String,
    pub decisions: String,
    /// Mark as held now (a meeting held earlier stays held).
    pub held: bool,
    pub check_ins: Vec<CheckInInput>,
}

/// Saves attendance, notes, decisions and check-ins made in the meeting (linked to it), and
/// marks it held if asked. Attendance is for the team's current members. Run in one write
/// transaction: all or nothing.
pub fn record(
    conn: &mut DbConn,
    org_id: OrgId,
    id: MeetingId,
    by: PersonId,
    input: &MeetingRecord,
) -> Result<(Meeting, Touched)> {
    record_at(conn, org_id, id, by, input, now())
}

/// [`record`] as of `at` (when the check-ins were made and the meeting marked held).
pub fn record_at(
    conn: &mut DbConn,
    org_id: OrgId,
    id: MeetingId,
    by: PersonId,
    input: &MeetingRecord,
    at: NaiveDateTime,
) -> Result<(Meeting, Touched)> {
    let meeting = find(conn, org_id, id)?;
    if meeting.status == Status::Cancelled {
        return Err(FieldErrors::single("meeting", "field-meeting-cancelled"));
    }
    let mut errors = FieldErrors::default();
    if input.notes.chars().count() > MAX_TEXT {
        errors.add("notes", "field-notes-length");
    }
    if input.decisions.chars().count() > MAX_TEXT {
        errors.add("decisions", "field-notes-length");
    }
    errors.into_result()?;
    let members: Vec<PersonId> = teams::members(conn, org_id, meeting.team_id)?
        .iter()
        .filter(|m| m.joined_on <= meeting.local_date)
        .filter(|m| m.left_on.is_none_or(|left| left >= meeting.local_date))
        .map(|m| m.person_id)
        .collect();
    // Check-ins in the meeting are for this team's key results only.
    let krs: Vec<KeyResultId> = input.check_ins.iter().map(|c| c.key_result_id).collect();
    let teams_of_krs: Vec<TeamId> = crate::db::schema::key_results::table
        .inner_join(crate::db::schema::objectives::table)
        .filter(crate::db::schema::key_results::org_id.eq(org_id))
        .filter(crate::db::schema::key_results::id.eq_any(&krs))
        .select(crate::db::schema::objectives::team_id)
        .load(conn)?;
    if teams_of_krs.len() != krs.len() || teams_of_krs.iter().any(|t| *t != meeting.team_id) {
        return Err(FieldErrors::single("check_ins", "field-key-result-unknown"));
    }
    for (person, presence) in &input.attendance {
        if !members.contains(person) {
            return Err(FieldErrors::single("attendance", "field-attendee-unknown"));
        }
        diesel::delete(
            attendance::table
                .filter(attendance::meeting_id.eq(meeting.id))
                .filter(attendance::person_id.eq(person)),
        )
        .execute(conn)?;
        diesel::insert_into(attendance::table)
            .values((
                attendance::org_id.eq(org_id),
                attendance::meeting_id.eq(meeting.id),
                attendance::person_id.eq(person),
                attendance::status.eq(presence.code()),
            ))
            .execute(conn)?;
    }
    for input in &input.check_ins {
        let check_in = check_ins::record_at(conn, org_id, by, input, at)?;
        diesel::insert_into(meeting_check_ins::table)
            .values((
                meeting_check_ins::meeting_id.eq(meeting.id),
                meeting_check_ins::check_in_id.eq(check_in.id),
            ))
            .execute(conn)?;
    }
    let held = input.held || meeting.status == Status::Held;
    diesel::update(meetings::table.find(meeting.id))
        .set((
            meetings::notes.eq(input.notes.trim()),
            meetings::decisions.eq(input.decisions.trim()),
            meetings::status.eq(if held {
                Status::Held.code()
            } else {
                Status::Scheduled.code()
            }),
            meetings::held_at.eq(if held {
                meeting.held_at.or(Some(at))
            } else {
                None
            }),
        ))
        .execute(conn)?;
    let saved = find(conn, org_id, meeting.id)?;
    let touched = Touched::team_at(org_id, saved.team_id, saved.local_date, at.and_utc());
    Ok((saved, touched))
}

/// The check-ins made during a meeting.
pub fn check_ins_of(
    conn: &mut DbConn,
    org_id: OrgId,
    meeting_id: MeetingId,
) -> Result<Vec<check_ins::CheckIn>> {
    use crate::db::schema::check_ins as ci;
    Ok(meeting_check_ins::table
        .inner_join(ci::table.on(ci::id.eq(meeting_check_ins::check_in_id)))
        .filter(meeting_check_ins::meeting_id.eq(meeting_id))
        .filter(ci::org_id.eq(org_id))
        .order(ci::id.asc())
        .select(check_ins::CheckIn::as_select())
        .load(conn)?)
}
