//! Meetings that carry the OKR routine: per team a series of weekly OKR results meetings
//! and one of quarterly OKR meetings ([`schedule`] says when they fall), each occurrence
//! stored so it can be moved, cancelled or held, with attendance (present, absent, excused)
//! and the check-ins made during it. A meeting not marked held by the end of its day counts
//! as missed, unless it was cancelled.

pub mod calendar;
pub mod closures;
pub mod export;
pub mod history;
pub mod reminders;
pub mod schedule;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use diesel::prelude::*;
use serde::Serialize;

pub use schedule::SeriesKind;

use super::okrs::check_ins::{self, CheckInInput};
use super::periods::Periods;
use super::{DbConn, Error, FieldErrors, Result, now, teams};
use crate::db::schema::{attendance, meeting_check_ins, meeting_series, meetings};
use crate::domain::changes::Touched;
use crate::domain::ids::{KeyResultId, MeetingId, OrgId, PersonId, SeriesId, TeamId};

pub const MAX_TEXT: usize = 5000;
/// How far ahead occurrences are stored.
pub const HORIZON_DAYS: u64 = 200;

#[derive(Debug, Clone, Queryable, Selectable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = meeting_series)]
pub struct Series {
    pub id: SeriesId,
    #[serde(skip)]
    pub org_id: OrgId,
    pub team_id: TeamId,
    pub kind: SeriesKind,
    /// 1 = Monday … 7 = Sunday.
    pub weekday: i32,
    pub start_time: String,
    pub duration_minutes: i32,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub created_at: NaiveDateTime,
    #[serde(skip)]
    pub feed_hash: Option<String>,
}

fn weekday_of(n: i32) -> Weekday {
    match n {
        2 => Weekday::Tue,
        3 => Weekday::Wed,
        4 => Weekday::Thu,
        5 => Weekday::Fri,
        6 => Weekday::Sat,
        7 => Weekday::Sun,
        _ => Weekday::Mon,
    }
}

impl Series {
    pub fn time(&self) -> NaiveTime {
        NaiveTime::parse_from_str(&self.start_time, "%H:%M").unwrap_or(NaiveTime::MIN)
    }

    fn recurrence(&self, periods: Periods) -> schedule::Recurrence {
        schedule::Recurrence {
            periods,
            kind: self.kind,
            weekday: weekday_of(self.weekday),
            starts_on: self.starts_on,
            ends_on: self.ends_on,
        }
    }
}

/// A series as a form or the API gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesInput {
    pub team_id: TeamId,
    pub kind: SeriesKind,
    pub weekday: i32,
    pub start_time: String,
    pub duration_minutes: i32,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
}

impl SeriesInput {
    pub fn validate(&self) -> FieldErrors {
        let mut errors = FieldErrors::default();
        if !(1..=7).contains(&self.weekday) {
            errors.add("weekday", "field-weekday-invalid");
        }
        if NaiveTime::parse_from_str(&self.start_time, "%H:%M").is_err() {
            errors.add("start_time", "field-time-invalid");
        }
        if !(5..=480).contains(&self.duration_minutes) {
            errors.add("duration_minutes", "field-duration-invalid");
        }
        if self.ends_on.is_some_and(|end| end < self.starts_on) {
            errors.add("ends_on", "field-ends-before-start");
        }
        errors
    }
}

/// The organisation's time zone (UTC when it names none this build knows).
pub fn zone(time_zone: &str) -> chrono_tz::Tz {
    time_zone.parse().unwrap_or(chrono_tz::UTC)
}

pub fn create_series(
    conn: &mut DbConn,
    org_id: OrgId,
    input: &SeriesInput,
    time_zone: &str,
    today: NaiveDate,
) -> Result<Series> {
    input.validate().into_result()?;
    match teams::find(conn, org_id, input.team_id) {
        Ok(_) => {}
        Err(Error::NotFound) => return Err(FieldErrors::single("team", "field-teams-unknown")),
        Err(e) => return Err(e),
    }
    let series: Series = diesel::insert_into(meeting_series::table)
        .values((
            meeting_series::org_id.eq(org_id),
            meeting_series::team_id.eq(input.team_id),
            meeting_series::kind.eq(input.kind.code()),
            meeting_series::weekday.eq(input.weekday),
            meeting_series::start_time.eq(&input.start_time),
            meeting_series::duration_minutes.eq(input.duration_minutes),
            meeting_series::starts_on.eq(input.starts_on),
            meeting_series::ends_on.eq(input.ends_on),
            meeting_series::created_at.eq(now()),
        ))
        .returning(meeting_series::all_columns)
        .get_result(conn)?;
    ensure_meetings(conn, &series, time_zone, today)?;
    Ok(series)
}

pub fn series_of_team(conn: &mut DbConn, org_id: OrgId, team_id: TeamId) -> Result<Vec<Series>> {
    Ok(meeting_series::table
        .filter(meeting_series::org_id.eq(org_id))
        .filter(meeting_series::team_id.eq(team_id))
        .order(meeting_series::id.asc())
        .select(Series::as_select())
        .load(conn)?)
}

pub fn find_series(conn: &mut DbConn, org_id: OrgId, id: SeriesId) -> Result<Series> {
    crate::domain::find_in_org!(meeting_series, Series, conn, org_id, id)
}

/// Ends a series: no meetings after `last_day` (the ones stored after it are removed unless
/// they were held).
pub fn end_series(
    conn: &mut DbConn,
    org_id: OrgId,
    id: SeriesId,
    last_day: NaiveDate,
) -> Result<Series> {
    let series = find_series(conn, org_id, id)?;
    diesel::delete(
        meetings::table
            .filter(meetings::series_id.eq(series.id))
            .filter(meetings::occurrence_on.gt(last_day))
            .filter(meetings::status.ne(Status::Held.code())),
    )
    .execute(conn)?;
    Ok(diesel::update(meeting_series::table.find(series.id))
        .set(meeting_series::ends_on.eq(Some(last_day.max(series.starts_on))))
        .returning(meeting_series::all_columns)
        .get_result(conn)?)
}

crate::domain::codes::text_enum! {
    #[derive(Serialize, utoipa::ToSchema)]
    #[serde(rename_all = "snake_case")]
    #[schema(as = MeetingStatus)]
    pub enum Status {
        Scheduled = "scheduled",
        Held = "held",
        Cancelled = "cancelled",
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = meetings)]
pub struct Meeting {
    pub id: MeetingId,
    #[serde(skip)]
    pub org_id: OrgId,
    pub series_id: SeriesId,
    pub team_id: TeamId,
    pub occurrence_on: NaiveDate,
    pub local_date: NaiveDate,
    pub starts_at: NaiveDateTime,
    pub status: Status,
    pub notes: String,
    pub decisions: String,
    pub held_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    #[serde(skip)]
    pub reminded_at: Option<NaiveDateTime>,
}

impl Meeting {
    /// Scheduled, its day over, and not marked held.
    pub fn missed(&self, today: NaiveDate) -> bool {
        self.status == Status::Scheduled && self.local_date < today
    }

    /// `held`, `cancelled`, `missed` or `scheduled`, as of `today`.
    pub fn state(&self, today: NaiveDate) -> &'static str {
        match self.status {
            Status::Held => "held",
            Status::Cancelled => "cancelled",
            Status::Scheduled if self.missed(today) => "missed",
            _ => "scheduled",
        }
    }
}

/// Stores the series' occurrences up to `HORIZON_DAYS` after `today` that are not stored yet.
pub fn ensure_meetings(
    conn: &mut DbConn,
    series: &Series,
    time_zone: &str,
    today: NaiveDate,
) -> Result<()> {
    let until = today + chrono::Days::new(HORIZON_DAYS);
    let stored: Vec<NaiveDate> = meetings::table
        .filter(meetings::series_id.eq(series.id))
        .select(meetings::occurrence_on)
        .load(conn)?;
    let tz = zone(time_zone);
    let periods = super::org::periods(conn, series.org_id)?;
    for day in schedule::dates(&series.recurrence(periods), series.starts_on, until) {
        if stored.contains(&day) {
            continue;
        }
        let insert = diesel::insert_into(meetings::table)
            .values((
                meetings::org_id.eq(series.org_id),
                meetings::series_id.eq(series.id),
                meetings::team_id.eq(series.team_id),
                meetings::occurrence_on.eq(day),
                meetings::local_date.eq(day),
                meetings::starts_at.eq(schedule::utc_start(tz, day, series.time())),
                meetings::status.eq(Status::Scheduled.code()),
                meetings::notes.eq(""),
                meetings::decisions.eq(""),
                meetings::created_at.eq(now()),
            ))
            // Two page views (or nodes) storing the same new week at once: the other one did.
            // Not caught as an error: on PostgreSQL that would abort the caller's transaction.
            .on_conflict_do_nothing();
        // A multi-connection cannot say ON CONFLICT; each backend's own connection can.
        match conn {
            DbConn::Sqlite(c) => insert.execute(c)?,
            DbConn::Pg(c) => insert.execute(c)?,
        };
    }
    Ok(())
}

/// Stores the coming occurrences of every series of the organisation whose stored meetings
/// run out within a week (pages store them as they are viewed; the adoption rollup needs the
/// meetings of teams nobody looks at too, or a team that stopped would count as having none).
pub fn ensure_all(
    conn: &mut DbConn,
    org_id: OrgId,
    time_zone: &str,
    today: NaiveDate,
) -> Result<()> {
    let stored: Vec<(SeriesId, Option<NaiveDate>)> = meetings::table
        .filter(meetings::org_id.eq(org_id))
        .group_by(meetings::series_id)
        .select((
            meetings::series_id,
            diesel::dsl::max(meetings::occurrence_on),
        ))
        .load(conn)?;
    let soon = today + chrono::Days::new(7);
    let all: Vec<Series> = meeting_series::table
        .filter(meeting_series::org_id.eq(org_id))
        .select(Series::as_select())
        .load(conn)?;
    for series in all {
        let until = stored
            .iter()
            .find(|(id, _)| *id == series.id)
            .and_then(|(_, last)| *last);
        let open = series.ends_on.is_none_or(|end| end >= today);
        if open && until.is_none_or(|last| last < soon) {
            ensure_meetings(conn, &series, time_zone, today)?;
        }
    }
    Ok(())
}

/// After the organisation's OKR periods changed: the coming period ("quarterly") meetings
/// still scheduled move to the new periods' first weeks.
pub fn reschedule_period_meetings(
    conn: &mut DbConn,
    org_id: OrgId,
    time_zone: &str,
    today: NaiveDate,
) -> Result<()> {
    let series: Vec<Series> = meeting_series::table
        .filter(meeting_series::org_id.eq(org_id))
        .filter(meeting_series::kind.eq(SeriesKind::Quarterly.code()))
        .select(Series::as_select())
        .load(conn)?;
    for s in series {
        diesel::delete(
            meetings::table
                .filter(meetings::series_id.eq(s.id))
                .filter(meetings::status.eq(Status::Scheduled.code()))
                .filter(meetings::occurrence_on.ge(today)),
        )
        .execute(conn)?;
        ensure_meetings(conn, &s, time_zone, today)?;
    }
    Ok(())
}

/// A team's meetings between two days (by when they take place), after storing any new
/// occurrences.
pub fn team_meetings(
    conn: &mut DbConn,
    org_id: OrgId,
    team_id: TeamId,
    time_zone: &str,
    today: NaiveDate,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Meeting>> {
    for series in series_of_team(conn, org_id, team_id)? {
        ensure_meetings(conn, &series, time_zone, today)?;
    }
    Ok(meetings::table
        .filter(meetings::org_id.eq(org_id))
        .filter(meetings::team_id.eq(team_id))
        .filter(meetings::local_date.ge(from))
        .filter(meetings::local_date.le(to))
        .order((meetings::starts_at.asc(), meetings::id.asc()))
        .select(Meeting::as_select())
        .load(conn)?)
}

pub fn find(conn: &mut DbConn, org_id: OrgId, id: MeetingId) -> Result<Meeting> {
    crate::domain::find_in_org!(meetings, Meeting, conn, org_id, id)
}

/// Cancels a meeting that was not held, or brings a cancelled one back.
pub fn set_cancelled(
    conn: &mut DbConn,
    org_id: OrgId,
    id: MeetingId,
    cancelled: bool,
) -> Result<(Meeting, Touched)> {
    let meeting = find(conn, org_id, id)?;
    if meeting.status == Status::Held {
        return Err(FieldErrors::single("meeting", "field-meeting-held"));
    }
    let status = if cancelled {
        Status::Cancelled
    } else {
        Status::Scheduled
    };
    let saved: Meeting = diesel::update(meetings::table.find(meeting.id))
        .set(meetings::status.eq(status.code()))
        .returning(meetings::all_columns)
        .get_result(conn)?;
    let touched = Touched::team(org_id, saved.team_id, saved.local_date);
    Ok((saved, touched))
}

/// Moves one meeting to another day and time (local to the organisation).
pub fn move_meeting(
    conn: &mut DbConn,
    org_id: OrgId,
    id: MeetingId,
    time_zone: &str,
    day: NaiveDate,
    time: NaiveTime,
) -> Result<(Meeting, Touched)> {
    let meeting = find(conn, org_id, id)?;
    let saved: Meeting = diesel::update(meetings::table.find(meeting.id))
        .set((
            meetings::local_date.eq(day),
            meetings::starts_at.eq(schedule::utc_start(zone(time_zone), day, time)),
        ))
        .returning(meetings::all_columns)
        .get_result(conn)?;
    let touched = Touched::team(org_id, saved.team_id, meeting.local_date.min(day));
    Ok((saved, touched))
}

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
) -> Result<Vec<(PersonId, String)>> {
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
    let saved: Meeting = diesel::update(meetings::table.find(meeting.id))
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
        .returning(meetings::all_columns)
        .get_result(conn)?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::okrs::check_ins::Confidence;
    use crate::domain::okrs::{self, KeyResultInput, ObjectiveInput};
    use crate::domain::people::Role;
    use crate::domain::teams::{TeamInput, TeamKind};
    use crate::domain::testing::{TestDb, org, person};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_weekly_series_is_held_missed_cancelled_and_moved() {
        let t = TestDb::fresh();
        let mut c = t.conn();
        let acme = org(&mut c, "acme");
        let kari = person(&mut c, acme, "kari@acme.no", vec![Role::Member])
            .row
            .id;
        let ola = person(&mut c, acme, "ola@acme.no", vec![Role::Member])
            .row
            .id;
        let outsider = person(&mut c, acme, "per@acme.no", vec![Role::Member])
            .row
            .id;
        let web = teams::create(
            &mut c,
            acme,
            &TeamInput {
                name: "Web".into(),
                kind: TeamKind::Team,
                parent_id: None,
            },
        )
        .unwrap();
        for p in [kari, ola] {
            teams::add_member(&mut c, acme, web.id, p, day(2026, 1, 1)).unwrap();
        }
        let today = day(2027, 3, 24);
        let input = SeriesInput {
            team_id: web.id,
            kind: SeriesKind::WeeklyResults,
            weekday: 1,
            start_time: "09:00".into(),
            duration_minutes: 15,
            starts_on: day(2027, 3, 15),
            ends_on: None,
        };
        let series = create_series(&mut c, acme, &input, "Europe/Oslo", today).unwrap();
        let all = team_meetings(
            &mut c,
            acme,
            web.id,
            "Europe/Oslo",
            today,
            day(2027, 3, 1),
            day(2027, 4, 30),
        )
        .unwrap();
        let dates: Vec<String> = all.iter().map(|m| m.local_date.to_string()).collect();
        assert_eq!(&dates[..3], ["2027-03-15", "2027-03-22", "2027-03-29"]);
        assert_eq!(all[1].starts_at.to_string(), "2027-03-22 08:00:00");
        assert_eq!(
            all[2].starts_at.to_string(),
            "2027-03-29 07:00:00",
            "summer time"
        );
        // Listing again stores nothing twice.
        let again = team_meetings(
            &mut c,
            acme,
            web.id,
            "Europe/Oslo",
            today,
            day(2027, 3, 1),
            day(2027, 4, 30),
        )
        .unwrap();
        assert_eq!(again.len(), all.len());

        // 15 March was not held: missed. 22 March is held with attendance and a check-in.
        assert_eq!(all[0].state(today), "missed");
        let (okr, _) = okrs::create(
            &mut c,
            acme,
            &ObjectiveInput {
                team_id: web.id,
                period: "2027-Q1".into(),
                title: "Calm".into(),
                description: String::new(),
                owner_id: None,
                status: okrs::Status::Active,
            },
            None,
            &[KeyResultInput::number("Incidents", "", 8.0, 2.0)],
        )
        .unwrap();
        let record_in = MeetingRecord {
            attendance: vec![(kari, Presence::Present), (ola, Presence::Excused)],
            notes: "Good week".into(),
            decisions: String::new(),
            held: true,
            check_ins: vec![CheckInInput {
                key_result_id: okr.key_results[0].id,
                value: 6.0,
                confidence: Confidence::OnTrack,
                note: String::new(),
            }],
        };
        let (held, _) = record(&mut c, acme, all[1].id, kari, &record_in).unwrap();
        assert_eq!(held.state(today), "held");
        assert_eq!(
            attendance_of(&mut c, acme, held.id).unwrap(),
            [(kari, "present".to_owned()), (ola, "excused".to_owned())]
        );
        assert_eq!(check_ins_of(&mut c, acme, held.id).unwrap().len(), 1);
        // Someone outside the team cannot be marked; nothing of that save is kept.
        let stranger = MeetingRecord {
            attendance: vec![(outsider, Presence::Present)],
            ..record_in.clone()
        };
        assert!(matches!(
            record(&mut c, acme, all[2].id, kari, &stranger),
            Err(Error::Invalid(_))
        ));

        // Cancel one, move another; a held one cannot be cancelled.
        assert_eq!(
            set_cancelled(&mut c, acme, all[2].id, true)
                .unwrap()
                .0
                .state(today),
            "cancelled"
        );
        assert!(set_cancelled(&mut c, acme, held.id, true).is_err());
        let (moved, _) = move_meeting(
            &mut c,
            acme,
            all[3].id,
            "Europe/Oslo",
            day(2027, 4, 6),
            NaiveTime::from_hms_opt(13, 0, 0).unwrap(),
        )
        .unwrap();
        assert_eq!(
            (moved.occurrence_on, moved.local_date),
            (day(2027, 4, 5), day(2027, 4, 6))
        );
        assert_eq!(moved.starts_at.to_string(), "2027-04-06 11:00:00");

        // Ending the series removes later meetings that were not held.
        end_series(&mut c, acme, series.id, day(2027, 3, 31)).unwrap();
        let left = team_meetings(
            &mut c,
            acme,
            web.id,
            "Europe/Oslo",
            today,
            day(2027, 3, 1),
            day(2027, 12, 31),
        )
        .unwrap();
        assert_eq!(left.len(), 3);
    }
}
