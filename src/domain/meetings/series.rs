//! A team's meeting series: the weekly OKR results meetings or the quarterly OKR meetings,
//! when they fall (see [`super::schedule`]), and ending one. The occurrences are in the parent
//! module.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use diesel::prelude::*;
use serde::Serialize;

use super::{SeriesKind, Status, ensure_meetings, schedule};
use crate::db::schema::{meeting_series, meetings};
use crate::domain::ids::{OrgId, PersonId, SeriesId, TeamId};
use crate::domain::periods::Periods;
use crate::domain::{DbConn, Error, FieldErrors, Result, now, teams};

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
    /// Who sends its calendar invitations (the organiser), while they are on.
    pub invites_by: Option<PersonId>,
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

    pub(super) fn recurrence(&self, periods: Periods) -> schedule::Recurrence {
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
    let id: SeriesId = diesel::insert_into(meeting_series::table)
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
        .returning(meeting_series::id)
        .get_result(conn)?;
    let series = find_series(conn, org_id, id)?;
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
    diesel::update(meeting_series::table.find(series.id))
        .set(meeting_series::ends_on.eq(Some(last_day.max(series.starts_on))))
        .execute(conn)?;
    find_series(conn, org_id, id)
}
