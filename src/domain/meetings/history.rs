//! Importing a team's meeting history from CSV, so an organisation that already held OKR
//! meetings brings its attendance along. One row per person and meeting: `date`, `email`,
//! `attendance` (present / absent / excused, or the Norwegian til stede / fraværende /
//! forfall); Norwegian headers (`dato`, `e-post`, `oppmøte`) and `;` work too. Every row is
//! checked first; the import is applied only when all rows are good, in one transaction.
//! Each date becomes a held meeting of the team's weekly series.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use diesel::prelude::*;
use serde::Serialize;

use super::{Presence, Series, SeriesKind, Status, schedule, series_of_team, zone};
use crate::db::schema::{accounts, attendance, meetings, people};
use crate::domain::changes::Touched;
use crate::domain::ids::{MeetingId, OrgId, PersonId, TeamId};
use crate::domain::{DbConn, Result, now};

pub const MAX_ROWS: usize = 20_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub date: NaiveDate,
    pub person_id: PersonId,
    pub presence: Presence,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    pub line: usize,
    pub key: &'static str,
}

/// The rows to apply (or what came of them), or why the file cannot be imported (a problem
/// with the whole file, or one per bad row).
pub type Plan<T = Vec<Row>> = std::result::Result<T, (Option<&'static str>, Vec<RowError>)>;

fn presence(text: &str) -> Option<Presence> {
    match text.trim().to_lowercase().as_str() {
        "present" | "til stede" | "tilstede" => Some(Presence::Present),
        "absent" | "fraværende" | "fravær" => Some(Presence::Absent),
        "excused" | "forfall" | "meldt forfall" => Some(Presence::Excused),
        _ => None,
    }
}

fn date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%d.%m.%Y"))
        .ok()
}

/// The team's weekly series, which imported meetings belong to.
fn weekly(conn: &mut DbConn, org_id: OrgId, team_id: TeamId) -> Result<Option<Series>> {
    Ok(series_of_team(conn, org_id, team_id)?
        .into_iter()
        .find(|s| s.kind == SeriesKind::WeeklyResults))
}

/// Reads and checks the file, changing nothing.
pub fn plan(
    conn: &mut DbConn,
    org_id: OrgId,
    team_id: TeamId,
    text: &str,
    today: NaiveDate,
) -> Result<Plan> {
    if weekly(conn, org_id, team_id)?.is_none() {
        return Ok(Err((Some("history-error-no-series"), Vec::new())));
    }
    let delimiter = if text
        .lines()
        .next()
        .is_some_and(|h| h.contains(';') && !h.contains(','))
    {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.trim().to_lowercase()).collect(),
        Err(_) => return Ok(Err((Some("history-error-header"), Vec::new()))),
    };
    let find = |names: &[&str]| headers.iter().position(|h| names.contains(&h.as_str()));
    let (Some(date_col), Some(email_col), Some(presence_col)) = (
        find(&["date", "dato"]),
        find(&["email", "e-mail", "e-post", "epost"]),
        find(&["attendance", "presence", "oppmøte"]),
    ) else {
        return Ok(Err((Some("history-error-header"), Vec::new())));
    };
    let everyone: HashMap<String, PersonId> = people::table
        .inner_join(accounts::table)
        .filter(people::org_id.eq(org_id))
        .select((accounts::email, people::id))
        .load::<(String, PersonId)>(conn)?
        .into_iter()
        .collect();
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut seen: BTreeMap<(NaiveDate, PersonId), usize> = BTreeMap::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        if i >= MAX_ROWS {
            return Ok(Err((Some("history-error-too-many"), Vec::new())));
        }
        let Ok(record) = record else {
            errors.push(RowError {
                line,
                key: "history-error-row",
            });
            continue;
        };
        let cell = |col: usize| record.get(col).unwrap_or("").to_owned();
        let Some(day) = date(&cell(date_col)) else {
            errors.push(RowError {
                line,
                key: "history-error-date",
            });
            continue;
        };
        if day > today {
            errors.push(RowError {
                line,
                key: "history-error-future",
            });
            continue;
        }
        let Some(person_id) = everyone.get(&cell(email_col).to_lowercase()).copied() else {
            errors.push(RowError {
                line,
                key: "history-error-person",
            });
            continue;
        };
        let Some(presence) = presence(&cell(presence_col)) else {
            errors.push(RowError {
                line,
                key: "history-error-attendance",
            });
            continue;
        };
        if seen.insert((day, person_id), line).is_some() {
            errors.push(RowError {
                line,
                key: "history-error-duplicate",
            });
            continue;
        }
        rows.push(Row {
            date: day,
            person_id,
            presence,
        });
    }
    if rows.is_empty() && errors.is_empty() {
        return Ok(Err((Some("history-error-empty"), Vec::new())));
    }
    Ok(if errors.is_empty() {
        Ok(rows)
    } else {
        Err((None, errors))
    })
}

/// Applies checked rows (in the caller's transaction): each date a held meeting of the
/// team's weekly series, with the attendance given. Returns how many meetings.
pub fn apply(
    conn: &mut DbConn,
    org_id: OrgId,
    team_id: TeamId,
    time_zone: &str,
    rows: &[Row],
) -> Result<(usize, Touched)> {
    let Some(series) = weekly(conn, org_id, team_id)? else {
        return Ok((0, Touched::nothing(org_id)));
    };
    let mut by_day: BTreeMap<NaiveDate, Vec<&Row>> = BTreeMap::new();
    for row in rows {
        by_day.entry(row.date).or_default().push(row);
    }
    for (day, day_rows) in &by_day {
        let existing: Option<MeetingId> = meetings::table
            .filter(meetings::series_id.eq(series.id))
            .filter(
                meetings::occurrence_on
                    .eq(day)
                    .or(meetings::local_date.eq(day)),
            )
            .select(meetings::id)
            .first(conn)
            .optional()?;
        let starts_at = schedule::utc_start(zone(time_zone), *day, series.time());
        let meeting_id = match existing {
            Some(id) => {
                diesel::update(meetings::table.find(id))
                    .set((
                        meetings::status.eq(Status::Held.code()),
                        meetings::held_at.eq(Some(starts_at)),
                    ))
                    .execute(conn)?;
                id
            }
            None => diesel::insert_into(meetings::table)
                .values((
                    meetings::org_id.eq(org_id),
                    meetings::series_id.eq(series.id),
                    meetings::team_id.eq(team_id),
                    meetings::occurrence_on.eq(day),
                    meetings::local_date.eq(day),
                    meetings::starts_at.eq(starts_at),
                    meetings::status.eq(Status::Held.code()),
                    meetings::notes.eq(""),
                    meetings::decisions.eq(""),
                    meetings::held_at.eq(Some(starts_at)),
                    meetings::created_at.eq(now()),
                ))
                .returning(meetings::id)
                .get_result(conn)?,
        };
        for row in day_rows {
            diesel::delete(
                attendance::table
                    .filter(attendance::meeting_id.eq(meeting_id))
                    .filter(attendance::person_id.eq(row.person_id)),
            )
            .execute(conn)?;
            diesel::insert_into(attendance::table)
                .values((
                    attendance::org_id.eq(org_id),
                    attendance::meeting_id.eq(meeting_id),
                    attendance::person_id.eq(row.person_id),
                    attendance::status.eq(row.presence.code()),
                ))
                .execute(conn)?;
        }
    }
    let touched = match by_day.keys().next() {
        Some(first) => Touched::team(org_id, team_id, *first),
        None => Touched::nothing(org_id),
    };
    Ok((by_day.len(), touched))
}
