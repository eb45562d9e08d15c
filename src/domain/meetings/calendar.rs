//! A meeting series as an iCalendar feed (RFC 5545) that Google Calendar, Outlook and Apple
//! Calendar subscribe to. The URL carries a secret (stored hashed, revocable). Every stored
//! meeting is its own event at its exact UTC time, so daylight-saving changes, moved meetings
//! and cancelled ones (`STATUS:CANCELLED`) come out right without time-zone tables in the
//! feed; the series' own recurrence already decided the dates.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use icalendar::{Calendar, Component, Event, EventLike, EventStatus};

use super::{Meeting, Series, Status};
use crate::db::schema::{meeting_series, meetings};
use crate::domain::ids::{OrgId, SeriesId};
use crate::domain::tokens::{hash_token, new_token};
use crate::domain::{DbConn, Error, Result};

/// Gives the series a new feed secret (the old URL stops working); returns the secret.
pub fn new_feed(conn: &mut DbConn, org_id: OrgId, series_id: SeriesId) -> Result<String> {
    let series = super::find_series(conn, org_id, series_id)?;
    let (token, hash) = new_token();
    diesel::update(meeting_series::table.find(series.id))
        .set(meeting_series::feed_hash.eq(Some(hash)))
        .execute(conn)?;
    Ok(token)
}

pub fn revoke_feed(conn: &mut DbConn, org_id: OrgId, series_id: SeriesId) -> Result<()> {
    let series = super::find_series(conn, org_id, series_id)?;
    diesel::update(meeting_series::table.find(series.id))
        .set(meeting_series::feed_hash.eq(None::<String>))
        .execute(conn)?;
    Ok(())
}

/// The series a feed secret opens, with all its stored meetings.
pub fn feed(conn: &mut DbConn, token: &str) -> Result<(Series, Vec<Meeting>)> {
    let series: Series = meeting_series::table
        .filter(meeting_series::feed_hash.eq(hash_token(token)))
        .select(Series::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound)?;
    let all = meetings::table
        .filter(meetings::series_id.eq(series.id))
        .order(meetings::starts_at.asc())
        .select(Meeting::as_select())
        .load(conn)?;
    Ok((series, all))
}

/// The feed's text. `title` names the series (e.g. "Weekly OKR results meeting · Web").
pub fn to_ics(series: &Series, meetings_: &[Meeting], title: &str, host: &str) -> String {
    let mut calendar = Calendar::new();
    calendar.name(title);
    for m in meetings_ {
        let start: DateTime<Utc> = DateTime::from_naive_utc_and_offset(m.starts_at, Utc);
        let end = start + chrono::Duration::minutes(i64::from(series.duration_minutes));
        let status = if m.status == Status::Cancelled {
            EventStatus::Cancelled
        } else {
            EventStatus::Confirmed
        };
        calendar.push(
            Event::new()
                .uid(&format!("meeting-{}@{host}", m.id))
                .summary(title)
                .starts(start)
                .ends(end)
                .status(status)
                .done(),
        );
    }
    calendar.done().to_string()
}
