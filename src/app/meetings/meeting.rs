//! One meeting: what its page and the API show (attendance and the check-ins made in it only
//! to those who may see the team's people), recording it (attendance, inline check-ins,
//! notes, decisions, held) all or nothing, cancelling and moving it.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveTime};

use crate::app::{Db, Identity, Result};
use crate::db::DbConn;
use crate::domain::Locale;
use crate::domain::ids::{MeetingId, PersonId};
use crate::domain::meetings::{self, Meeting, MeetingRecord, Presence, Series, agendas};
use crate::domain::okrs::check_ins::{CheckIn, CheckInInput};
use crate::domain::okrs::{self, Okr, Status};
use crate::domain::teams::{self, Team};
use crate::domain::{access, adoption};

/// A meeting with its attendance and the check-ins made in it — those two only for callers
/// who may see the team's people.
pub struct Detail {
    pub meeting: Meeting,
    /// `scheduled`, `held`, `missed` or `cancelled`, as of today.
    pub state: &'static str,
    /// Person id → `present`, `absent` or `excused`.
    pub attendance: Option<BTreeMap<PersonId, Presence>>,
    pub check_ins: Option<Vec<CheckIn>>,
}

fn detail_in(c: &mut DbConn, me: &Identity, id: MeetingId) -> Result<Detail> {
    let meeting = meetings::find(c, me.org_id, id)?;
    let (attendance, check_ins) = if access::may_see_people(c, me, meeting.team_id)? {
        (
            Some(
                meetings::attendance_of(c, me.org_id, id)?
                    .into_iter()
                    .collect(),
            ),
            Some(meetings::check_ins_of(c, me.org_id, id)?),
        )
    } else {
        (None, None)
    };
    Ok(Detail {
        state: meeting.state(me.today()),
        meeting,
        attendance,
        check_ins,
    })
}

pub async fn detail(db: &Db, me: &Identity, id: MeetingId) -> Result<Detail> {
    let me = me.clone();
    db.run(move |c| detail_in(c, &me, id)).await
}

/// A member on the meeting's roster.
#[derive(Debug, serde::Serialize)]
pub struct Attendee {
    pub person_id: PersonId,
    pub name: String,
    /// As recorded, else present.
    pub presence: Presence,
}

/// The meeting page the team lead runs the meeting from.
pub struct Page {
    pub detail: Detail,
    pub series: Series,
    pub team: Team,
    /// The team's members on the meeting's day; empty for those who may not see the team's
    /// people.
    pub roster: Vec<Attendee>,
    /// The team's objectives in play (draft or active) in the meeting's period.
    pub okrs: Vec<Okr>,
    pub period: String,
    /// The person may record, cancel and move the meeting.
    pub editable: bool,
    /// The agenda, in the page's language: the one it was held with, else the team's.
    pub agenda: Vec<agendas::Item>,
}

pub async fn page(db: &Db, me: &Identity, id: MeetingId, locale: Locale) -> Result<Page> {
    let me = me.clone();
    db.run(move |c| {
        let org_id = me.org_id;
        let detail = detail_in(c, &me, id)?;
        let meeting = &detail.meeting;
        let series = meetings::find_series(c, org_id, meeting.series_id)?;
        let team = teams::find(c, org_id, meeting.team_id)?;
        let day = meeting.local_date;
        let roster = match &detail.attendance {
            None => Vec::new(),
            Some(recorded) => teams::members(c, org_id, team.id)?
                .into_iter()
                .filter(|m| m.joined_on <= day && m.left_on.is_none_or(|left| left >= day))
                .map(|m| Attendee {
                    presence: recorded
                        .get(&m.person_id)
                        .copied()
                        .unwrap_or(Presence::Present),
                    person_id: m.person_id,
                    name: m.name,
                })
                .collect(),
        };
        let period = me.periods.of(day);
        let in_play = [Status::Active, Status::Draft];
        let okrs = okrs::for_team(c, org_id, team.id, &period)?
            .into_iter()
            .filter(|o| in_play.contains(&o.objective.status))
            .collect();
        let agenda = match agendas::kept(c, org_id, id, locale)? {
            Some(kept) => kept,
            None => crate::text::agendas::for_team(c, org_id, team.id, series.kind, locale)?.0,
        };
        Ok(Page {
            agenda,
            editable: okrs::may_edit(c, &me, team.id)?,
            detail,
            series,
            team,
            roster,
            okrs,
            period,
        })
    })
    .await
}

/// The meeting, if the person may change it.
fn editable_in(c: &mut DbConn, me: &Identity, id: MeetingId) -> Result<Meeting> {
    let meeting = meetings::find(c, me.org_id, id)?;
    okrs::ensure_may_edit(c, me, meeting.team_id)?;
    Ok(meeting)
}

/// What recording a meeting saves; notes and decisions that are `None` stay as they are.
#[derive(Debug, Default)]
pub struct Record {
    pub attendance: Vec<(PersonId, Presence)>,
    pub check_ins: Vec<CheckInInput>,
    pub notes: Option<String>,
    pub decisions: Option<String>,
    /// Mark the meeting held (a meeting held earlier stays held).
    pub held: bool,
}

/// Records a meeting, all or nothing. Check-ins made in it count for the meeting's week
/// however late they are typed.
pub async fn record(db: &Db, me: &Identity, id: MeetingId, input: Record) -> Result<Detail> {
    let me = me.clone();
    db.write(move |c| {
        let meeting = editable_in(c, &me, id)?;
        let record = MeetingRecord {
            attendance: input.attendance,
            notes: input.notes.unwrap_or(meeting.notes),
            decisions: input.decisions.unwrap_or(meeting.decisions),
            held: input.held,
            check_ins: input.check_ins,
        };
        let recorded = meetings::record(c, me.org_id, id, me.person_id, &record)?;
        adoption::caught_up(c, recorded)?;
        let detail = detail_in(c, &me, id)?;
        if detail.meeting.status == meetings::Status::Held {
            // Held with the agenda it follows now; a later change leaves it as it was.
            let series = meetings::find_series(c, me.org_id, detail.meeting.series_id)?;
            let kept = crate::text::agendas::in_every_language(
                c,
                me.org_id,
                detail.meeting.team_id,
                series.kind,
            )?;
            agendas::keep(c, me.org_id, id, &kept)?;
        }
        Ok(detail)
    })
    .await
}

/// Cancels a meeting, or brings it back (a held meeting stays held: `Invalid`).
pub async fn set_cancelled(
    db: &Db,
    me: &Identity,
    id: MeetingId,
    cancelled: bool,
    mail: crate::app::Mail,
) -> Result<Detail> {
    let me = me.clone();
    db.write(move |c| {
        editable_in(c, &me, id)?;
        let changed = meetings::set_cancelled(c, me.org_id, id, cancelled)?;
        let sends = meetings::invitations::occurrence_changed(c, &changed.0)?;
        super::invitations::queue(c, &mail, &sends)?;
        adoption::caught_up(c, changed)?;
        detail_in(c, &me, id)
    })
    .await
}

/// Moves one meeting to another day or time, in the organisation's time zone.
pub async fn move_to(
    db: &Db,
    me: &Identity,
    id: MeetingId,
    day: NaiveDate,
    time: NaiveTime,
    mail: crate::app::Mail,
) -> Result<Meeting> {
    let me = me.clone();
    db.write(move |c| {
        editable_in(c, &me, id)?;
        let moved = meetings::move_meeting(c, me.org_id, id, &me.time_zone, day, time)?;
        let sends = meetings::invitations::occurrence_changed(c, &moved.0)?;
        super::invitations::queue(c, &mail, &sends)?;
        adoption::caught_up(c, moved)
    })
    .await
}
