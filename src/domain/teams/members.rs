//! Who is in a team: memberships with joined and left dates (kept for history), and the
//! ambassadors assigned to each team.

use chrono::NaiveDate;
use diesel::prelude::*;
use serde::Serialize;

use super::{Team, find};
use crate::db::schema::{accounts, people, team_ambassadors, team_memberships, teams};
use crate::domain::ids::{MembershipId, OrgId, PersonId, TeamId};
use crate::domain::people::{Role, grant_role};
use crate::domain::{DbConn, Error, FieldErrors, Result, is_unique_violation};

/// A current or past member of a team.
#[derive(Debug, Clone, Queryable, Serialize, utoipa::ToSchema)]
pub struct Member {
    pub membership_id: MembershipId,
    pub person_id: PersonId,
    pub name: String,
    pub email: String,
    pub joined_on: NaiveDate,
    pub left_on: Option<NaiveDate>,
}

/// The teams a person is a current member of, by id.
pub fn teams_of_person(
    conn: &mut DbConn,
    org_id: OrgId,
    person_id: PersonId,
) -> Result<Vec<TeamId>> {
    Ok(team_memberships::table
        .filter(team_memberships::org_id.eq(org_id))
        .filter(team_memberships::person_id.eq(person_id))
        .filter(team_memberships::left_on.is_null())
        .order(team_memberships::team_id.asc())
        .select(team_memberships::team_id)
        .load(conn)?)
}

/// Members of a team: current ones first by name, then former ones (newest leaving first).
pub fn members(conn: &mut DbConn, org_id: OrgId, team_id: TeamId) -> Result<Vec<Member>> {
    let mut rows: Vec<Member> = team_memberships::table
        .inner_join(people::table.inner_join(accounts::table))
        .filter(team_memberships::org_id.eq(org_id))
        .filter(team_memberships::team_id.eq(team_id))
        .select((
            team_memberships::id,
            people::id,
            people::name,
            accounts::email,
            team_memberships::joined_on,
            team_memberships::left_on,
        ))
        .load(conn)?;
    rows.sort_by(|a, b| match (a.left_on, b.left_on) {
        (None, None) => a.name.cmp(&b.name),
        (None, Some(_)) => std::cmp::Ordering::Less,
        (Some(_), None) => std::cmp::Ordering::Greater,
        (Some(x), Some(y)) => y.cmp(&x),
    });
    Ok(rows)
}

fn person_in_org(conn: &mut DbConn, org_id: OrgId, person_id: PersonId) -> Result<bool> {
    let n: i64 = people::table
        .filter(people::org_id.eq(org_id))
        .filter(people::id.eq(person_id))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Adds a person to a team from `joined_on`. Refused if they are already a current member.
pub fn add_member(
    conn: &mut DbConn,
    org_id: OrgId,
    team_id: TeamId,
    person_id: PersonId,
    joined_on: NaiveDate,
) -> Result<()> {
    let team = find(conn, org_id, team_id)?;
    if team.is_department() {
        return Err(FieldErrors::single("person_id", "field-members-need-team"));
    }
    if !person_in_org(conn, org_id, person_id)? {
        return Err(FieldErrors::single("person_id", "field-person-unknown"));
    }
    let current: i64 = team_memberships::table
        .filter(team_memberships::team_id.eq(team_id))
        .filter(team_memberships::person_id.eq(person_id))
        .filter(team_memberships::left_on.is_null())
        .count()
        .get_result(conn)?;
    if current > 0 {
        return Err(FieldErrors::single("person_id", "field-already-member"));
    }
    diesel::insert_into(team_memberships::table)
        .values((
            team_memberships::org_id.eq(org_id),
            team_memberships::team_id.eq(team_id),
            team_memberships::person_id.eq(person_id),
            team_memberships::joined_on.eq(joined_on),
        ))
        .execute(conn)
        .map_err(|e| {
            // A concurrent request added them first (the index allows one current membership).
            if is_unique_violation(&e) {
                FieldErrors::single("person_id", "field-already-member")
            } else {
                Error::from(e)
            }
        })?;
    Ok(())
}

/// Ends a membership on `left_on` (kept for history).
pub fn end_membership(
    conn: &mut DbConn,
    org_id: OrgId,
    team_id: TeamId,
    membership_id: MembershipId,
    left_on: NaiveDate,
) -> Result<()> {
    let joined_on: NaiveDate = team_memberships::table
        .filter(team_memberships::org_id.eq(org_id))
        .filter(team_memberships::team_id.eq(team_id))
        .filter(team_memberships::id.eq(membership_id))
        .filter(team_memberships::left_on.is_null())
        .select(team_memberships::joined_on)
        .first(conn)?;
    if left_on < joined_on {
        return Err(FieldErrors::single("left_on", "field-left-before-joined"));
    }
    diesel::update(team_memberships::table.find(membership_id))
        .set(team_memberships::left_on.eq(Some(left_on)))
        .execute(conn)?;
    Ok(())
}

/// The teams a person currently belongs to, by name.
pub fn teams_of(conn: &mut DbConn, org_id: OrgId, person_id: PersonId) -> Result<Vec<Team>> {
    Ok(teams::table
        .inner_join(team_memberships::table)
        .filter(team_memberships::org_id.eq(org_id))
        .filter(team_memberships::person_id.eq(person_id))
        .filter(team_memberships::left_on.is_null())
        .order(teams::name.asc())
        .select(Team::as_select())
        .load(conn)?)
}

/// Ambassadors of a team as (person id, name).
/// The teams a person is an ambassador for, by id.
pub fn supported_by(conn: &mut DbConn, org_id: OrgId, person_id: PersonId) -> Result<Vec<TeamId>> {
    Ok(team_ambassadors::table
        .filter(team_ambassadors::org_id.eq(org_id))
        .filter(team_ambassadors::person_id.eq(person_id))
        .select(team_ambassadors::team_id)
        .load(conn)?)
}

pub fn ambassadors(
    conn: &mut DbConn,
    org_id: OrgId,
    team_id: TeamId,
) -> Result<Vec<(PersonId, String)>> {
    Ok(team_ambassadors::table
        .inner_join(people::table)
        .filter(team_ambassadors::org_id.eq(org_id))
        .filter(team_ambassadors::team_id.eq(team_id))
        .order(people::name.asc())
        .select((people::id, people::name))
        .load(conn)?)
}

/// Assigns an ambassador to a team, giving them the ambassador role if they lack it.
pub fn add_ambassador(
    conn: &mut DbConn,
    org_id: OrgId,
    team_id: TeamId,
    person_id: PersonId,
) -> Result<()> {
    find(conn, org_id, team_id)?;
    if !person_in_org(conn, org_id, person_id)? {
        return Err(FieldErrors::single("person_id", "field-person-unknown"));
    }
    let exists: i64 = team_ambassadors::table
        .filter(team_ambassadors::team_id.eq(team_id))
        .filter(team_ambassadors::person_id.eq(person_id))
        .count()
        .get_result(conn)?;
    if exists > 0 {
        return Err(FieldErrors::single("person_id", "field-already-ambassador"));
    }
    grant_role(conn, org_id, person_id, Role::Ambassador)?;
    diesel::insert_into(team_ambassadors::table)
        .values((
            team_ambassadors::org_id.eq(org_id),
            team_ambassadors::team_id.eq(team_id),
            team_ambassadors::person_id.eq(person_id),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn remove_ambassador(
    conn: &mut DbConn,
    org_id: OrgId,
    team_id: TeamId,
    person_id: PersonId,
) -> Result<()> {
    let n = diesel::delete(
        team_ambassadors::table
            .filter(team_ambassadors::org_id.eq(org_id))
            .filter(team_ambassadors::team_id.eq(team_id))
            .filter(team_ambassadors::person_id.eq(person_id)),
    )
    .execute(conn)?;
    crate::domain::found(n)
}
