//! CSV exports of the follow-up: meetings, attendance and check-ins, for one team or the
//! whole organisation, between two days (written through `domain::csv_out`).

use chrono::NaiveDate;
use diesel::prelude::*;

use crate::db::schema::{
    accounts, attendance, check_ins, key_results, meeting_series, meetings, objectives, people,
    teams,
};
use crate::domain::csv_out::{cell, write};
use crate::domain::ids::{MeetingId, OrgId, TeamId};
use crate::domain::{DbConn, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Export {
    Meetings,
    Attendance,
    CheckIns,
}

impl Export {
    pub fn parse(code: &str) -> Option<Export> {
        match code {
            "meetings" => Some(Export::Meetings),
            "attendance" => Some(Export::Attendance),
            "check-ins" => Some(Export::CheckIns),
            _ => None,
        }
    }
}

/// The export as CSV text. `team` narrows it to one team of the organisation.
pub fn csv(
    conn: &mut DbConn,
    org_id: OrgId,
    team: Option<TeamId>,
    what: Export,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> Result<String> {
    let team_filter: Vec<TeamId> = match team {
        Some(id) => vec![crate::domain::teams::find(conn, org_id, id)?.id],
        None => teams::table
            .filter(teams::org_id.eq(org_id))
            .select(teams::id)
            .load(conn)?,
    };
    match what {
        Export::Meetings => {
            let rows: Vec<(String, String, super::Meeting)> = meetings::table
                .inner_join(meeting_series::table)
                .inner_join(teams::table.on(teams::id.eq(meetings::team_id)))
                .filter(meetings::org_id.eq(org_id))
                .filter(meetings::team_id.eq_any(&team_filter))
                .filter(meetings::local_date.between(from, to))
                .order((teams::name.asc(), meetings::starts_at.asc()))
                .select((
                    teams::name,
                    meeting_series::kind,
                    super::Meeting::as_select(),
                ))
                .load(conn)?;
            let ids: Vec<MeetingId> = rows.iter().map(|(_, _, m)| m.id).collect();
            let present: Vec<MeetingId> = attendance::table
                .filter(attendance::meeting_id.eq_any(&ids))
                .filter(attendance::status.eq(super::Presence::Present))
                .select(attendance::meeting_id)
                .load(conn)?;
            write(
                &[
                    "team",
                    "meeting",
                    "date",
                    "starts_at_utc",
                    "status",
                    "present",
                    "notes",
                    "decisions",
                ],
                rows.into_iter()
                    .map(|(team, kind, m)| {
                        vec![
                            cell(&team),
                            kind,
                            m.local_date.to_string(),
                            m.starts_at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
                            m.state(today).to_owned(),
                            present.iter().filter(|id| **id == m.id).count().to_string(),
                            cell(&m.notes),
                            cell(&m.decisions),
                        ]
                    })
                    .collect(),
            )
        }
        Export::Attendance => {
            let rows: Vec<(String, NaiveDate, String, String, String)> = attendance::table
                .inner_join(meetings::table)
                .inner_join(
                    people::table
                        .on(people::id.eq(attendance::person_id))
                        .inner_join(accounts::table),
                )
                .inner_join(teams::table.on(teams::id.eq(meetings::team_id)))
                .filter(attendance::org_id.eq(org_id))
                .filter(meetings::team_id.eq_any(&team_filter))
                .filter(meetings::local_date.between(from, to))
                .order((
                    teams::name.asc(),
                    meetings::local_date.asc(),
                    people::name.asc(),
                ))
                .select((
                    teams::name,
                    meetings::local_date,
                    people::name,
                    accounts::email,
                    attendance::status,
                ))
                .load(conn)?;
            write(
                &["team", "date", "name", "email", "attendance"],
                rows.into_iter()
                    .map(|(team, date, name, email, status)| {
                        vec![
                            cell(&team),
                            date.to_string(),
                            cell(&name),
                            cell(&email),
                            status,
                        ]
                    })
                    .collect(),
            )
        }
        Export::CheckIns => {
            let start = from.and_hms_opt(0, 0, 0).unwrap_or_default();
            let end = (to + chrono::Days::new(1))
                .and_hms_opt(0, 0, 0)
                .unwrap_or_default();
            let rows: Vec<(
                String,
                String,
                String,
                String,
                super::super::okrs::check_ins::CheckIn,
                Option<String>,
            )> = check_ins::table
                .inner_join(key_results::table)
                .inner_join(objectives::table.on(objectives::id.eq(key_results::objective_id)))
                .inner_join(teams::table.on(teams::id.eq(objectives::team_id)))
                .left_join(people::table.on(people::id.nullable().eq(check_ins::person_id)))
                .filter(check_ins::org_id.eq(org_id))
                .filter(objectives::team_id.eq_any(&team_filter))
                .filter(check_ins::created_at.ge(start))
                .filter(check_ins::created_at.lt(end))
                .order((teams::name.asc(), check_ins::created_at.asc()))
                .select((
                    teams::name,
                    objectives::period,
                    objectives::title,
                    key_results::title,
                    super::super::okrs::check_ins::CheckIn::as_select(),
                    people::name.nullable(),
                ))
                .load(conn)?;
            write(
                &[
                    "team",
                    "period",
                    "objective",
                    "key_result",
                    "checked_in_at_utc",
                    "value",
                    "confidence",
                    "note",
                    "by",
                ],
                rows.into_iter()
                    .map(|(team, period, objective, kr, c, by)| {
                        vec![
                            cell(&team),
                            period,
                            cell(&objective),
                            cell(&kr),
                            c.created_at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
                            c.value.to_string(),
                            c.confidence.code().to_owned(),
                            cell(&c.note),
                            cell(by.as_deref().unwrap_or("")),
                        ]
                    })
                    .collect(),
            )
        }
    }
}
