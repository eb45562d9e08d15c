//! Invitations: each invitee gets a personal, single-use link (random token, stored hashed).
//! Every mailed link — invitation or reminder — has its own token; any of them opens the
//! invitation until it is used or the survey closes.

use chrono::NaiveDate;
use diesel::prelude::*;

use super::{Status, Survey, find};
use crate::db::schema::{accounts, people, survey_invitations, survey_links, team_memberships};
use crate::domain::ids::{InvitationId, OrgId, PersonId, SurveyId, TeamId};
use crate::domain::people::PersonRow;
use crate::domain::tokens::{hash_token, new_token};
use crate::domain::{DbConn, FieldErrors, Result, now};

/// Someone to mail a survey link to.
#[derive(Debug, Clone)]
pub struct Recipient {
    pub person: PersonRow,
    pub token: String,
}

fn add_link(conn: &mut DbConn, org_id: OrgId, invitation_id: InvitationId) -> Result<String> {
    let (token, hash) = new_token();
    diesel::insert_into(survey_links::table)
        .values((
            survey_links::org_id.eq(org_id),
            survey_links::invitation_id.eq(invitation_id),
            survey_links::token_hash.eq(hash),
        ))
        .execute(conn)?;
    Ok(token)
}

/// Invites the active members of `team_ids` and the people `person_ids` who are not invited
/// yet; refused once the survey is closed or final. Returns whom to mail, with their links. Each invitation remembers the invitee's team
/// (their first current team among the chosen ones, or any current team) for group results.
pub fn invite(
    conn: &mut DbConn,
    org_id: OrgId,
    survey_id: SurveyId,
    team_ids: &[TeamId],
    person_ids: &[PersonId],
    today: NaiveDate,
) -> Result<Vec<Recipient>> {
    let survey = find(conn, org_id, survey_id)?;
    // Results seen before and after one more answer would single that answer out.
    super::anonymity::ensure_not_final(conn, &survey, today, "team_ids")?;
    if survey.status(today) == Status::Closed {
        return Err(FieldErrors::single("team_ids", "field-survey-closed"));
    }
    if team_ids.is_empty() && person_ids.is_empty() {
        return Err(FieldErrors::single("team_ids", "field-choose-invitees"));
    }
    let memberships: Vec<(PersonId, TeamId)> = team_memberships::table
        .filter(team_memberships::org_id.eq(org_id))
        .filter(team_memberships::left_on.is_null())
        .select((team_memberships::person_id, team_memberships::team_id))
        .load(conn)?;
    let mut wanted: Vec<PersonId> = memberships
        .iter()
        .filter(|(_, team)| team_ids.contains(team))
        .map(|(person, _)| *person)
        .chain(person_ids.iter().copied())
        .collect();
    wanted.sort_unstable();
    wanted.dedup();
    let invitees: Vec<PersonRow> = people::table
        .inner_join(accounts::table)
        .filter(people::org_id.eq(org_id))
        .filter(people::active.eq(true))
        .filter(people::id.eq_any(&wanted))
        .select(PersonRow::as_select())
        .load(conn)?;
    let already: Vec<PersonId> = survey_invitations::table
        .filter(survey_invitations::survey_id.eq(survey_id))
        .select(survey_invitations::person_id)
        .load(conn)?;
    let mut recipients = Vec::new();
    for person in invitees.into_iter().filter(|p| !already.contains(&p.id)) {
        let teams_of: Vec<TeamId> = memberships
            .iter()
            .filter(|(p, _)| *p == person.id)
            .map(|(_, t)| *t)
            .collect();
        let team = teams_of
            .iter()
            .find(|t| team_ids.contains(t))
            .or(teams_of.first())
            .copied();
        let invitation_id: InvitationId = diesel::insert_into(survey_invitations::table)
            .values((
                survey_invitations::org_id.eq(org_id),
                survey_invitations::survey_id.eq(survey_id),
                survey_invitations::person_id.eq(person.id),
                survey_invitations::team_id.eq(team),
                survey_invitations::invited_at.eq(now()),
                survey_invitations::used.eq(false),
            ))
            .returning(survey_invitations::id)
            .get_result(conn)?;
        let token = add_link(conn, org_id, invitation_id)?;
        recipients.push(Recipient { person, token });
    }
    Ok(recipients)
}

/// New links for everyone invited who has not answered yet (a reminder).
pub fn remind(
    conn: &mut DbConn,
    org_id: OrgId,
    survey_id: SurveyId,
    today: NaiveDate,
) -> Result<Vec<Recipient>> {
    let survey = find(conn, org_id, survey_id)?;
    super::anonymity::ensure_not_final(conn, &survey, today, "survey")?;
    if survey.status(today) != Status::Open {
        return Err(FieldErrors::single("survey", "field-survey-not-open"));
    }
    let pending: Vec<(InvitationId, PersonRow)> = survey_invitations::table
        .inner_join(people::table.inner_join(accounts::table))
        .filter(survey_invitations::org_id.eq(org_id))
        .filter(survey_invitations::survey_id.eq(survey_id))
        .filter(survey_invitations::used.eq(false))
        .filter(people::active.eq(true))
        .select((survey_invitations::id, PersonRow::as_select()))
        .load(conn)?;
    let mut recipients = Vec::new();
    for (invitation_id, person) in pending {
        diesel::update(survey_invitations::table.find(invitation_id))
            .set(survey_invitations::reminded_at.eq(Some(now())))
            .execute(conn)?;
        let token = add_link(conn, org_id, invitation_id)?;
        recipients.push(Recipient { person, token });
    }
    Ok(recipients)
}

/// Open surveys whose automatic reminder is due at `now` — closing within their reminder days,
/// judged by the date in each organisation's time zone — and has not gone out yet, across all
/// organisations, each with that local date.
pub fn due_reminders(
    conn: &mut DbConn,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<(Survey, NaiveDate)>> {
    use crate::db::schema::{organisations, surveys};
    // A day either side of UTC covers every time zone; the exact check is per organisation.
    let (earliest, latest) = (
        now.date_naive() - chrono::Days::new(1),
        now.date_naive() + chrono::Days::new(1),
    );
    let candidates: Vec<(Survey, String)> = surveys::table
        .inner_join(organisations::table.on(organisations::id.eq(surveys::org_id)))
        .filter(surveys::reminder_sent_at.is_null())
        .filter(surveys::closed_at.is_null())
        .filter(surveys::reminder_days.gt(0))
        .filter(surveys::closes_on.ge(earliest))
        .filter(surveys::opens_on.le(latest))
        .select((Survey::as_select(), organisations::time_zone))
        .load(conn)?;
    Ok(candidates
        .into_iter()
        .filter_map(|(s, zone)| {
            let today = crate::domain::periods::local_date(&zone, now);
            let due = s.opens_on <= today
                && today <= s.closes_on
                && (s.closes_on - today).num_days() <= i64::from(s.reminder_days);
            due.then_some((s, today))
        })
        .collect())
}

/// Records that a survey's automatic reminder goes out; false when it already had.
pub fn mark_reminded(conn: &mut DbConn, survey_id: SurveyId) -> Result<bool> {
    use crate::db::schema::surveys;
    let claimed = diesel::update(
        surveys::table
            .filter(surveys::id.eq(survey_id))
            .filter(surveys::reminder_sent_at.is_null()),
    )
    .set(surveys::reminder_sent_at.eq(Some(now())))
    .execute(conn)?;
    Ok(claimed == 1)
}

/// The invitation behind a link.
#[derive(Debug, Clone, Queryable)]
pub struct LinkTarget {
    pub invitation_id: InvitationId,
    pub org_id: OrgId,
    pub survey_id: SurveyId,
    pub used: bool,
    pub team_id: Option<TeamId>,
}

pub fn by_token(conn: &mut DbConn, token: &str) -> Result<Option<LinkTarget>> {
    Ok(survey_links::table
        .inner_join(survey_invitations::table)
        .filter(survey_links::token_hash.eq(hash_token(token)))
        .select((
            survey_invitations::id,
            survey_invitations::org_id,
            survey_invitations::survey_id,
            survey_invitations::used,
            survey_invitations::team_id,
        ))
        .first(conn)
        .optional()?)
}

/// Response rate per team: (team id, invited, answered).
pub fn rates(
    conn: &mut DbConn,
    org_id: OrgId,
    survey_id: SurveyId,
) -> Result<Vec<(Option<TeamId>, i64, i64)>> {
    let rows: Vec<(Option<TeamId>, bool)> = survey_invitations::table
        .filter(survey_invitations::org_id.eq(org_id))
        .filter(survey_invitations::survey_id.eq(survey_id))
        .select((survey_invitations::team_id, survey_invitations::used))
        .load(conn)?;
    let mut out: Vec<(Option<TeamId>, i64, i64)> = Vec::new();
    for (team, used) in rows {
        match out.iter_mut().find(|(t, _, _)| *t == team) {
            Some(entry) => {
                entry.1 += 1;
                entry.2 += i64::from(used);
            }
            None => out.push((team, 1, i64::from(used))),
        }
    }
    Ok(out)
}
