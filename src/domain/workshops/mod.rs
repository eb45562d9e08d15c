//! Live workshops in the database: a workshop with its join code, agenda and teams
//! ([`self`]), its participants ([`seats`]) and event log ([`log`]), and what it leaves behind — the
//! export of cards and votes and the objectives saved from it ([`outcome`]).

pub mod agenda;
pub mod announce;
pub mod checkpoints;
pub mod log;
pub mod outcome;
pub mod protocol;
pub mod room;
pub mod seats;
pub mod view;

use diesel::prelude::*;
use rand::Rng;
use serde::Serialize;

pub use log::{catch_up, command, command_on, events_since, last_seq, room};
pub use seats::{
    Participant, STILL_HERE_BATCH, SeatRequest, join, new_resume_token, participants, presence,
    resume, seat_of, set_seen, still_here, take_seat, valid_name,
};

use super::cases::{self, CaseRef};
use super::{DbConn, Error, FieldErrors, Locale, Page, Result, is_unique_violation, now};
use crate::db::schema::{teams, workshop_teams, workshops};
use crate::domain::ids::{OrgId, PersonId, RolloutId, TeamId, WorkshopId};
use agenda::{AgendaError, StepKind};
use room::Agenda;

/// Join codes avoid characters people confuse (0/O, 1/I).
pub const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
pub const CODE_LENGTH: usize = 6;
pub const MAX_TITLE: usize = 200;
pub const PER_PAGE: i64 = 25;

crate::domain::codes::text_enum! {
    /// Where a workshop is: prepared, running (its first event is stored), or ended.
    #[derive(Serialize)]
    #[serde(rename_all = "lowercase")]
    pub enum Status {
        Draft = "draft",
        Live = "live",
        Ended = "ended",
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = workshops)]
pub struct Workshop {
    pub id: WorkshopId,
    #[serde(skip)]
    pub org_id: OrgId,
    pub rollout_id: Option<RolloutId>,
    pub facilitator_id: PersonId,
    pub title: String,
    pub locale: String,
    pub join_code: String,
    pub agenda: String,
    pub status: Status,
    pub created_at: chrono::NaiveDateTime,
}

impl Workshop {
    pub fn agenda(&self) -> Agenda {
        serde_json::from_str(&self.agenda).unwrap_or_else(|_| Agenda::standard())
    }

    pub fn locale(&self) -> Locale {
        Locale::parse(&self.locale).unwrap_or(Locale::En)
    }
}

pub fn new_join_code() -> String {
    let mut rng = rand::rng();
    (0..CODE_LENGTH)
        .map(|_| CODE_ALPHABET[rng.random_range(0..CODE_ALPHABET.len())] as char)
        .collect()
}

/// A join code as people type it: case, spaces and dashes do not matter.
pub fn normalise_code(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect::<String>()
        .to_uppercase()
}

/// The form field and message of an agenda that cannot be used.
fn agenda_error(e: AgendaError) -> Error {
    let key = match e {
        AgendaError::NoSteps => "field-agenda-no-steps",
        AgendaError::TooManySteps => "field-agenda-too-many-steps",
        AgendaError::Minutes => "field-agenda-minutes",
        AgendaError::Text => "field-agenda-text",
        AgendaError::Votes => "field-agenda-votes",
        AgendaError::Top => "field-agenda-top",
    };
    FieldErrors::single("agenda", key)
}

/// Checks the agenda, including that each practice step names a case this organisation has.
pub fn check_agenda(conn: &mut DbConn, org_id: OrgId, agenda: &Agenda) -> Result<()> {
    agenda.validate().map_err(agenda_error)?;
    for step in agenda.steps.iter().filter(|s| s.kind == StepKind::Practice) {
        if let Some(case) = &step.case {
            let found = CaseRef::parse(case)
                .map(|r| cases::find(conn, org_id, &r, Locale::En).is_ok())
                .unwrap_or(false);
            if !found {
                return Err(FieldErrors::single("agenda", "field-agenda-case"));
            }
        }
    }
    Ok(())
}

/// Creates a workshop in draft, with a fresh join code.
pub fn create(
    conn: &mut DbConn,
    org_id: OrgId,
    facilitator_id: PersonId,
    title: &str,
    locale: Locale,
    agenda: &Agenda,
    rollout_id: Option<RolloutId>,
) -> Result<Workshop> {
    let (title, agenda) = checked(conn, org_id, title, agenda, rollout_id)?;
    for _ in 0..8 {
        let inserted = diesel::insert_into(workshops::table)
            .values((
                workshops::org_id.eq(org_id),
                workshops::rollout_id.eq(rollout_id),
                workshops::facilitator_id.eq(facilitator_id),
                workshops::title.eq(title),
                workshops::locale.eq(locale.code()),
                workshops::join_code.eq(new_join_code()),
                workshops::agenda.eq(&agenda),
                workshops::status.eq(Status::Draft),
                workshops::created_at.eq(now()),
            ))
            .returning(workshops::all_columns)
            .get_result::<Workshop>(conn);
        match inserted {
            Err(e) if is_unique_violation(&e) => continue, // that code is taken: draw again
            other => return Ok(other?),
        }
    }
    Err(Error::Internal("no free join code after 8 draws".into()))
}

/// The trimmed title and the agenda as stored, or what is wrong with them.
fn checked<'a>(
    conn: &mut DbConn,
    org_id: OrgId,
    title: &'a str,
    agenda: &Agenda,
    rollout_id: Option<RolloutId>,
) -> Result<(&'a str, String)> {
    let title = title.trim();
    if title.is_empty() || title.chars().count() > MAX_TITLE {
        return Err(FieldErrors::single("title", "field-title-length"));
    }
    check_agenda(conn, org_id, agenda)?;
    if let Some(rollout) = rollout_id {
        super::rollouts::find(conn, org_id, rollout)?;
    }
    let agenda = serde_json::to_string(agenda).map_err(|e| Error::Internal(e.to_string()))?;
    Ok((title, agenda))
}

/// Changes a workshop that has not started; once it runs, its agenda is what the room
/// follows and stays as it is.
pub fn update_draft(
    conn: &mut DbConn,
    org_id: OrgId,
    id: WorkshopId,
    title: &str,
    locale: Locale,
    agenda: &Agenda,
    rollout_id: Option<RolloutId>,
) -> Result<Workshop> {
    let workshop = find(conn, org_id, id)?;
    if workshop.status != Status::Draft {
        return Err(FieldErrors::single("workshop", "field-workshop-started"));
    }
    let (title, agenda) = checked(conn, org_id, title, agenda, rollout_id)?;
    Ok(diesel::update(workshops::table.find(workshop.id))
        .set((
            workshops::title.eq(title),
            workshops::locale.eq(locale.code()),
            workshops::agenda.eq(agenda),
            workshops::rollout_id.eq(rollout_id),
        ))
        .returning(workshops::all_columns)
        .get_result(conn)?)
}

/// Sets the teams a workshop is for (teams of its organisation only).
pub fn set_teams(conn: &mut DbConn, workshop: &Workshop, team_ids: &[TeamId]) -> Result<()> {
    let known: Vec<TeamId> = teams::table
        .filter(teams::org_id.eq(workshop.org_id))
        .filter(teams::id.eq_any(team_ids))
        .select(teams::id)
        .load(conn)?;
    if known.len() != team_ids.len() {
        return Err(FieldErrors::single("teams", "field-teams-unknown"));
    }
    diesel::delete(workshop_teams::table.filter(workshop_teams::workshop_id.eq(workshop.id)))
        .execute(conn)?;
    for team in known {
        diesel::insert_into(workshop_teams::table)
            .values((
                workshop_teams::org_id.eq(workshop.org_id),
                workshop_teams::workshop_id.eq(workshop.id),
                workshop_teams::team_id.eq(team),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The teams a workshop is for: (id, name), by name.
pub fn teams_of(
    conn: &mut DbConn,
    org_id: OrgId,
    workshop_id: WorkshopId,
) -> Result<Vec<(TeamId, String)>> {
    Ok(workshop_teams::table
        .inner_join(teams::table)
        .filter(workshop_teams::org_id.eq(org_id))
        .filter(workshop_teams::workshop_id.eq(workshop_id))
        .order(teams::name.asc())
        .select((teams::id, teams::name))
        .load(conn)?)
}

pub fn find_by_code(conn: &mut DbConn, code: &str) -> Result<Option<Workshop>> {
    Ok(workshops::table
        .filter(workshops::join_code.eq(normalise_code(code)))
        .select(Workshop::as_select())
        .first(conn)
        .optional()?)
}

pub fn find(conn: &mut DbConn, org_id: OrgId, id: WorkshopId) -> Result<Workshop> {
    workshops::table
        .filter(workshops::org_id.eq(org_id))
        .filter(workshops::id.eq(id))
        .select(Workshop::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound)
}

/// An organisation's workshops, newest first.
pub fn list(conn: &mut DbConn, org_id: OrgId, page: Option<i64>) -> Result<Page<Workshop>> {
    let total: i64 = workshops::table
        .filter(workshops::org_id.eq(org_id))
        .count()
        .get_result(conn)?;
    let page = super::page_number(page, PER_PAGE);
    let items = workshops::table
        .filter(workshops::org_id.eq(org_id))
        .order(workshops::id.desc())
        .limit(PER_PAGE)
        .offset((page - 1) * PER_PAGE)
        .select(Workshop::as_select())
        .load(conn)?;
    Ok(Page {
        items,
        page,
        per_page: PER_PAGE,
        total,
    })
}

/// Deletes a workshop that has not started (a draft); a workshop that ran stays, since its
/// log is the record of what the team decided.
pub fn delete_draft(conn: &mut DbConn, org_id: OrgId, id: WorkshopId) -> Result<()> {
    let workshop = find(conn, org_id, id)?;
    if workshop.status != Status::Draft {
        return Err(FieldErrors::single("workshop", "field-workshop-not-draft"));
    }
    diesel::delete(workshops::table.find(workshop.id)).execute(conn)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_codes_are_short_and_unambiguous() {
        for _ in 0..200 {
            let code = new_join_code();
            assert_eq!(code.len(), CODE_LENGTH);
            assert!(code.bytes().all(|b| CODE_ALPHABET.contains(&b)));
            assert!(!code.contains(['0', 'O', '1', 'I']));
        }
        assert_eq!(normalise_code(" k7q-x2 ab"), "K7QX2AB");
    }
}
