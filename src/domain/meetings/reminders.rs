//! Who gets reminded of what: each meeting's attendees a day before it (once per meeting,
//! claimed so that with several nodes only one sends it), and key-result owners who have
//! not checked in by the organisation's nudge day (once per person and week), unless they
//! turned nudges off.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::Meeting;
use crate::db::schema::{
    accounts, check_in_nudges, check_ins, key_results, meetings, nudge_opt_outs, objectives, people,
};
use crate::domain::ids::{KeyResultId, MeetingId, OrgId, PersonId, TeamId};
use crate::domain::okrs::Status;
use crate::domain::{DbConn, Result, now, teams};

/// Meetings starting within `ahead` of `at` that have not been reminded of yet.
pub fn due_meetings(
    conn: &mut DbConn,
    at: NaiveDateTime,
    ahead: chrono::Duration,
) -> Result<Vec<Meeting>> {
    Ok(meetings::table
        .filter(meetings::status.eq(super::Status::Scheduled.code()))
        .filter(meetings::reminded_at.is_null())
        .filter(meetings::starts_at.gt(at))
        .filter(meetings::starts_at.le(at + ahead))
        .order(meetings::starts_at.asc())
        .select(Meeting::as_select())
        .load(conn)?)
}

/// Claims a meeting's reminder; false when another node already did.
pub fn claim(conn: &mut DbConn, meeting_id: MeetingId) -> Result<bool> {
    let claimed = diesel::update(
        meetings::table
            .filter(meetings::id.eq(meeting_id))
            .filter(meetings::reminded_at.is_null()),
    )
    .set(meetings::reminded_at.eq(Some(now())))
    .execute(conn)?;
    Ok(claimed == 1)
}

/// The week whose check-in nudges are due at `now`, from weekday `from` (1 = Monday) on in
/// the time zone: its Monday, and its start in UTC (check-ins since then count); `None`
/// earlier in the week.
pub fn nudge_week(
    time_zone: &str,
    from: u32,
    now: chrono::DateTime<chrono::Utc>,
) -> Option<(NaiveDate, NaiveDateTime)> {
    let today = crate::domain::periods::local_date(time_zone, now);
    if today.weekday().number_from_monday() < from {
        return None;
    }
    let since = crate::domain::okrs::check_ins::week_start_utc(time_zone, today);
    Some((crate::domain::periods::monday(today), since))
}

/// The key results checked in since `since`.
pub fn checked_since(
    conn: &mut DbConn,
    org_id: OrgId,
    since: NaiveDateTime,
) -> Result<Vec<KeyResultId>> {
    Ok(check_ins::table
        .filter(check_ins::org_id.eq(org_id))
        .filter(check_ins::created_at.ge(since))
        .select(check_ins::key_result_id)
        .load(conn)?)
}

/// Someone to write to: (name, email, locale).
pub type Recipient = (String, String, String);

/// The team's current members who are active, for a meeting's reminder.
pub fn attendees(conn: &mut DbConn, meeting: &Meeting) -> Result<Vec<(PersonId, Recipient)>> {
    let members: Vec<PersonId> = teams::members(conn, meeting.org_id, meeting.team_id)?
        .into_iter()
        .filter(|m| m.left_on.is_none())
        .map(|m| m.person_id)
        .collect();
    recipients(conn, meeting.org_id, &members)
}

/// The active ones of `who`, by name, with where and in which language to write to them.
pub fn recipients(
    conn: &mut DbConn,
    org_id: OrgId,
    who: &[PersonId],
) -> Result<Vec<(PersonId, Recipient)>> {
    Ok(people::table
        .inner_join(accounts::table)
        .filter(people::org_id.eq(org_id))
        .filter(people::id.eq_any(who))
        .filter(people::active.eq(true))
        .order(people::name.asc())
        .select((
            people::id,
            (people::name, accounts::email, accounts::locale),
        ))
        .load(conn)?)
}

/// Which of `people` own a key result of an objective in play (draft or active): those a
/// personal check-in link is for.
pub fn key_result_owners(
    conn: &mut DbConn,
    org_id: OrgId,
    people: &[PersonId],
) -> Result<Vec<PersonId>> {
    let mut owners: Vec<PersonId> = in_play(conn, org_id)?
        .into_iter()
        .filter_map(|kr| kr.owner)
        .filter(|p| people.contains(p))
        .collect();
    owners.sort_unstable();
    owners.dedup();
    Ok(owners)
}

/// A key result of an objective in play (draft or active, neither archived).
#[derive(Debug, Clone, Copy)]
pub struct InPlay {
    pub id: KeyResultId,
    pub team: TeamId,
    pub owner: Option<PersonId>,
}

/// The organisation's key results in play: those check-ins, nudges and links are about.
pub fn in_play(conn: &mut DbConn, org_id: OrgId) -> Result<Vec<InPlay>> {
    let rows: Vec<(KeyResultId, TeamId, Option<PersonId>)> = key_results::table
        .inner_join(objectives::table)
        .filter(key_results::org_id.eq(org_id))
        .filter(key_results::archived_at.is_null())
        .filter(objectives::archived_at.is_null())
        .filter(objectives::status.eq_any([Status::Draft.code(), Status::Active.code()]))
        .select((key_results::id, objectives::team_id, key_results::owner_id))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, team, owner)| InPlay { id, team, owner })
        .collect())
}

/// Turns a person's check-in nudges off or on.
pub fn set_nudges(conn: &mut DbConn, org_id: OrgId, person_id: PersonId, on: bool) -> Result<()> {
    diesel::delete(nudge_opt_outs::table.filter(nudge_opt_outs::person_id.eq(person_id)))
        .execute(conn)?;
    if !on {
        diesel::insert_into(nudge_opt_outs::table)
            .values((
                nudge_opt_outs::org_id.eq(org_id),
                nudge_opt_outs::person_id.eq(person_id),
            ))
            .execute(conn)?;
    }
    Ok(())
}

pub fn nudges_on(conn: &mut DbConn, person_id: PersonId) -> Result<bool> {
    let off: i64 = nudge_opt_outs::table
        .filter(nudge_opt_outs::person_id.eq(person_id))
        .count()
        .get_result(conn)?;
    Ok(off == 0)
}

/// The organisation's key-result owners to nudge this week: they own a key result in play
/// with no check-in since `week_start_utc`, have not turned nudges off, and have not been
/// nudged this week (`week_start`, the Monday). Claims them (records the nudge) in the same
/// go, so each is nudged once.
pub fn claim_nudges(
    conn: &mut DbConn,
    org_id: OrgId,
    week_start: NaiveDate,
    week_start_utc: NaiveDateTime,
) -> Result<Vec<(PersonId, Recipient)>> {
    debug_assert_eq!(week_start.weekday(), chrono::Weekday::Mon);
    let owned: Vec<(PersonId, KeyResultId)> = in_play(conn, org_id)?
        .into_iter()
        .filter_map(|kr| Some((kr.owner?, kr.id)))
        .collect();
    let recent = checked_since(conn, org_id, week_start_utc)?;
    let mut behind: Vec<PersonId> = owned
        .iter()
        .filter(|(_, kr)| !recent.contains(kr))
        .map(|(owner, _)| *owner)
        .collect();
    behind.sort_unstable();
    behind.dedup();
    let opted_out: Vec<PersonId> = nudge_opt_outs::table
        .filter(nudge_opt_outs::org_id.eq(org_id))
        .select(nudge_opt_outs::person_id)
        .load(conn)?;
    let nudged: Vec<PersonId> = check_in_nudges::table
        .filter(check_in_nudges::org_id.eq(org_id))
        .filter(check_in_nudges::week_start.eq(week_start))
        .select(check_in_nudges::person_id)
        .load(conn)?;
    let due: Vec<PersonId> = behind
        .into_iter()
        .filter(|p| !opted_out.contains(p) && !nudged.contains(p))
        .collect();
    let recipients: Vec<(PersonId, String, String, String)> = people::table
        .inner_join(accounts::table)
        .filter(people::org_id.eq(org_id))
        .filter(people::id.eq_any(&due))
        .filter(people::active.eq(true))
        .select((people::id, people::name, accounts::email, accounts::locale))
        .load(conn)?;
    for (person, ..) in &recipients {
        diesel::insert_into(check_in_nudges::table)
            .values((
                check_in_nudges::org_id.eq(org_id),
                check_in_nudges::person_id.eq(person),
                check_in_nudges::week_start.eq(week_start),
            ))
            .execute(conn)?;
    }
    Ok(recipients
        .into_iter()
        .map(|(id, name, email, locale)| (id, (name, email, locale)))
        .collect())
}
