//! Calendar invitations for a weekly meeting series: who sends them (the organiser), who
//! has them, and what to send when something changes. Turning them on invites the team's
//! members; a member who joins gets the series, one who leaves loses it (a cancel); moving
//! or cancelling one meeting updates that occurrence only; turning them off, or ending the
//! series, cancels it for everyone. Composing and queueing the mail is `text`'s.

use chrono::NaiveDate;
use diesel::prelude::*;

use super::{Meeting, Series, SeriesKind, Status};
use crate::db::schema::{meeting_series, meetings, series_invitees};
use crate::domain::ids::{MeetingId, OrgId, PersonId, SeriesId, TeamId};
use crate::domain::meetings::reminders::{Recipient, recipients};
use crate::domain::{DbConn, FieldErrors, Result, teams};

/// What one change sends, and to whom.
#[derive(Debug, Clone)]
pub struct Send {
    pub org_id: OrgId,
    /// Who sends it (the `ORGANIZER`).
    pub organiser: PersonId,
    pub series: SeriesId,
    /// `None`: the whole series; `Some`: that meeting only.
    pub meeting: Option<MeetingId>,
    /// `true`: a cancel.
    pub cancel: bool,
    pub to: Vec<(PersonId, Recipient)>,
}

/// The series' first meeting on or after `today`, where its invitation starts.
pub fn first_from(
    conn: &mut DbConn,
    series: SeriesId,
    today: NaiveDate,
) -> Result<Option<Meeting>> {
    Ok(meetings::table
        .filter(meetings::series_id.eq(series))
        .filter(meetings::occurrence_on.ge(today))
        .order(meetings::occurrence_on.asc())
        .select(Meeting::as_select())
        .first(conn)
        .optional()?)
}

/// The days of the series' meetings from `today` on that are cancelled.
pub fn cancelled_from(
    conn: &mut DbConn,
    series: SeriesId,
    today: NaiveDate,
) -> Result<Vec<NaiveDate>> {
    Ok(meetings::table
        .filter(meetings::series_id.eq(series))
        .filter(meetings::occurrence_on.ge(today))
        .filter(meetings::status.eq(Status::Cancelled.code()))
        .order(meetings::occurrence_on.asc())
        .select(meetings::occurrence_on)
        .load(conn)?)
}

/// A series' organiser (who turned invitations on), if they are on.
pub fn organiser(conn: &mut DbConn, org_id: OrgId, series: SeriesId) -> Result<Option<PersonId>> {
    Ok(meeting_series::table
        .filter(meeting_series::org_id.eq(org_id))
        .filter(meeting_series::id.eq(series))
        .select(meeting_series::invites_by)
        .first::<Option<PersonId>>(conn)?)
}

/// The series' and a meeting's SEQUENCE numbers.
pub fn sequences(
    conn: &mut DbConn,
    series: SeriesId,
    meeting: Option<MeetingId>,
) -> Result<(i32, i32)> {
    let of_series: i32 = meeting_series::table
        .find(series)
        .select(meeting_series::invite_sequence)
        .first(conn)?;
    let of_meeting = match meeting {
        Some(m) => meetings::table
            .find(m)
            .select(meetings::invite_sequence)
            .first(conn)?,
        None => 0,
    };
    Ok((of_series, of_meeting))
}

fn invitees(conn: &mut DbConn, series: SeriesId) -> Result<Vec<PersonId>> {
    Ok(series_invitees::table
        .filter(series_invitees::series_id.eq(series))
        .select(series_invitees::person_id)
        .load(conn)?)
}

/// The members who will still be on the team after `today`.
fn current_members(
    conn: &mut DbConn,
    org_id: OrgId,
    team: TeamId,
    today: NaiveDate,
) -> Result<Vec<PersonId>> {
    Ok(teams::members(conn, org_id, team)?
        .into_iter()
        // Someone whose last day is today has no meeting ahead with the team.
        .filter(|m| m.joined_on <= today && m.left_on.is_none_or(|l| l > today))
        .map(|m| m.person_id)
        .collect())
}

/// Turns invitations on for a weekly series, sent by `organiser`; invites the members.
pub fn turn_on(
    conn: &mut DbConn,
    series: &Series,
    organiser: PersonId,
    today: NaiveDate,
) -> Result<Vec<Send>> {
    if series.kind != SeriesKind::WeeklyResults {
        return Err(FieldErrors::single(
            "series",
            "field-invitations-weekly-only",
        ));
    }
    if series.ends_on.is_some_and(|end| end < today) {
        return Err(FieldErrors::single("series", "field-invitations-ended"));
    }
    diesel::update(meeting_series::table.find(series.id))
        .set(meeting_series::invites_by.eq(Some(organiser)))
        .execute(conn)?;
    raise_sequence(conn, series.id)?;
    sync(conn, series, today)
}

/// One send to everyone who has the series in their calendar (none when nobody has).
fn to_invitees(
    conn: &mut DbConn,
    (org_id, series, organiser): (OrgId, SeriesId, PersonId),
    meeting: Option<MeetingId>,
    cancel: bool,
) -> Result<Vec<Send>> {
    let had = invitees(conn, series)?;
    let to = recipients(conn, org_id, &had)?;
    if to.is_empty() {
        return Ok(Vec::new());
    }
    Ok(vec![Send {
        org_id,
        organiser,
        series,
        meeting,
        cancel,
        to,
    }])
}

/// Raises a series' SEQUENCE: its invitees' calendars take what comes next as newer.
fn raise_sequence(conn: &mut DbConn, series: SeriesId) -> Result<()> {
    diesel::update(meeting_series::table.find(series))
        .set(meeting_series::invite_sequence.eq(meeting_series::invite_sequence + 1))
        .execute(conn)?;
    Ok(())
}

/// Turns invitations off: the series is cancelled in every invitee's calendar.
pub fn turn_off(conn: &mut DbConn, series: &Series) -> Result<Vec<Send>> {
    let Some(by) = organiser(conn, series.org_id, series.id)? else {
        return Ok(Vec::new());
    };
    raise_sequence(conn, series.id)?;
    let sends = to_invitees(conn, (series.org_id, series.id, by), None, true)?;
    diesel::update(meeting_series::table.find(series.id))
        .set(meeting_series::invites_by.eq(None::<PersonId>))
        .execute(conn)?;
    diesel::delete(series_invitees::table.filter(series_invitees::series_id.eq(series.id)))
        .execute(conn)?;
    Ok(sends)
}

/// A series ended: invitees get it again with its last day (`UNTIL`).
pub fn ended(conn: &mut DbConn, series: &Series) -> Result<Vec<Send>> {
    let Some(by) = organiser(conn, series.org_id, series.id)? else {
        return Ok(Vec::new());
    };
    raise_sequence(conn, series.id)?;
    to_invitees(conn, (series.org_id, series.id, by), None, false)
}

/// Brings a series' invitees in line with the team: members who have not got it are
/// invited, people who are no longer members get a cancel.
pub fn sync(conn: &mut DbConn, series: &Series, today: NaiveDate) -> Result<Vec<Send>> {
    let Some(by) = organiser(conn, series.org_id, series.id)? else {
        return Ok(Vec::new());
    };
    let members = current_members(conn, series.org_id, series.team_id, today)?;
    let had = invitees(conn, series.id)?;
    let joined: Vec<PersonId> = members
        .iter()
        .filter(|p| !had.contains(p))
        .copied()
        .collect();
    let left: Vec<PersonId> = had
        .iter()
        .filter(|p| !members.contains(p))
        .copied()
        .collect();
    for p in &joined {
        diesel::insert_into(series_invitees::table)
            .values((
                series_invitees::series_id.eq(series.id),
                series_invitees::person_id.eq(p),
                series_invitees::org_id.eq(series.org_id),
            ))
            .execute(conn)?;
    }
    diesel::delete(
        series_invitees::table
            .filter(series_invitees::series_id.eq(series.id))
            .filter(series_invitees::person_id.eq_any(&left)),
    )
    .execute(conn)?;
    let mut out = Vec::new();
    for (who, cancel) in [(joined, false), (left, true)] {
        let to = recipients(conn, series.org_id, &who)?;
        if !to.is_empty() {
            out.push(Send {
                org_id: series.org_id,
                organiser: by,
                series: series.id,
                meeting: None,
                cancel,
                to,
            });
        }
    }
    Ok(out)
}

/// Every series of a team with invitations on, brought in line with its members.
pub fn sync_team(
    conn: &mut DbConn,
    org_id: OrgId,
    team: TeamId,
    today: NaiveDate,
) -> Result<Vec<Send>> {
    let mut out = Vec::new();
    for series in super::series_of_team(conn, org_id, team)? {
        out.extend(sync(conn, &series, today)?);
    }
    Ok(out)
}

/// One meeting moved or cancelled (or brought back): its occurrence is updated in every
/// invitee's calendar.
pub fn occurrence_changed(conn: &mut DbConn, meeting: &Meeting) -> Result<Vec<Send>> {
    let Some(by) = organiser(conn, meeting.org_id, meeting.series_id)? else {
        return Ok(Vec::new());
    };
    diesel::update(meetings::table.find(meeting.id))
        .set(meetings::invite_sequence.eq(meetings::invite_sequence + 1))
        .execute(conn)?;
    let whose = (meeting.org_id, meeting.series_id, by);
    let cancel = meeting.status == Status::Cancelled;
    to_invitees(conn, whose, Some(meeting.id), cancel)
}
