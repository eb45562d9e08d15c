//! Meetings that carry the OKR routine: per team a series of weekly OKR results meetings
//! and one of quarterly OKR meetings ([`schedule`] says when they fall), each occurrence
//! stored so it can be moved, cancelled or held, with attendance (present, absent, excused)
//! and the check-ins made during it. A meeting not marked held by the end of its day counts
//! as missed, unless it was cancelled.

pub mod agendas;
pub mod calendar;
pub mod closures;
pub mod export;
pub mod history;
pub mod invitations;
pub mod itip;
pub mod record;
pub mod reminders;
pub mod schedule;
pub mod series;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use diesel::prelude::*;
use serde::Serialize;

pub use record::{MeetingRecord, Presence, attendance_of, check_ins_of, record, record_at};
pub use schedule::SeriesKind;
pub use series::{
    Series, SeriesInput, create_series, end_series, find_series, series_of_team, zone,
};

use super::{DbConn, FieldErrors, Result, now};
use crate::db::schema::{meeting_series, meetings};
use crate::domain::changes::Touched;
use crate::domain::ids::{MeetingId, OrgId, SeriesId, TeamId};

pub const MAX_TEXT: usize = 5000;
/// How far ahead occurrences are stored.
pub const HORIZON_DAYS: u64 = 200;

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
    diesel::update(meetings::table.find(meeting.id))
        .set(meetings::status.eq(status.code()))
        .execute(conn)?;
    let saved = find(conn, org_id, meeting.id)?;
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
    diesel::update(meetings::table.find(meeting.id))
        .set((
            meetings::local_date.eq(day),
            meetings::starts_at.eq(schedule::utc_start(zone(time_zone), day, time)),
        ))
        .execute(conn)?;
    let saved = find(conn, org_id, meeting.id)?;
    let touched = Touched::team(org_id, saved.team_id, meeting.local_date.min(day));
    Ok((saved, touched))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::okrs::KeyResultInput;
    use crate::domain::okrs::check_ins::CheckInInput;
    use crate::domain::okrs::check_ins::Confidence;
    use crate::domain::people::Role;
    use crate::domain::testing::{TestDb, objective, org, person};
    use crate::domain::{Error, teams};

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
        let web = crate::domain::testing::team(&mut c, acme, "Web");
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
        let spring = |c: &mut DbConn| {
            let (from, to) = (day(2027, 3, 1), day(2027, 4, 30));
            team_meetings(c, acme, web.id, "Europe/Oslo", today, from, to).unwrap()
        };
        let all = spring(&mut c);
        let dates: Vec<String> = all.iter().map(|m| m.local_date.to_string()).collect();
        assert_eq!(&dates[..3], ["2027-03-15", "2027-03-22", "2027-03-29"]);
        assert_eq!(all[1].starts_at.to_string(), "2027-03-22 08:00:00");
        assert_eq!(
            all[2].starts_at.to_string(),
            "2027-03-29 07:00:00",
            "summer time"
        );
        // Listing again stores nothing twice.
        let again = spring(&mut c);
        assert_eq!(again.len(), all.len());

        // 15 March was not held: missed. 22 March is held with attendance and a check-in.
        assert_eq!(all[0].state(today), "missed");
        let okr = objective(
            &mut c,
            acme,
            web.id,
            "Calm",
            &[KeyResultInput::number("Incidents", "", 8.0, 2.0)],
        );
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
            [(kari, Presence::Present), (ola, Presence::Excused)]
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
