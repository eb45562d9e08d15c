//! Roles: what a person may do (a person holds one or more), stored one row per role.

use std::collections::HashMap;

use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use crate::db::schema::{people, person_roles};
use crate::domain::ids::{OrgId, PersonId};
use crate::domain::{DbConn, Error, Result, is_unique_violation};

crate::domain::codes::text_enum! {
    /// What a person may do. A person holds one or more roles.
    #[derive(Hash, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema)]
    #[serde(rename_all = "lowercase")]
    pub enum Role {
        Leader = "leader",
        Facilitator = "facilitator",
        Ambassador = "ambassador",
        Member = "member",
    }
}

impl Role {
    /// Reads a role's name as a person types it (an import, a form, the command line): in
    /// English or Norwegian, ignoring case.
    pub fn from_name(s: &str) -> Option<Role> {
        match s.trim().to_lowercase().as_str() {
            "leader" | "leder" => Some(Role::Leader),
            "facilitator" | "fasilitator" => Some(Role::Facilitator),
            "ambassador" | "ambassadør" => Some(Role::Ambassador),
            "member" | "medlem" => Some(Role::Member),
            _ => None,
        }
    }
}

pub(super) fn set_roles(
    conn: &mut DbConn,
    org_id: OrgId,
    person_id: PersonId,
    roles: &[Role],
) -> Result<()> {
    diesel::delete(person_roles::table.filter(person_roles::person_id.eq(person_id)))
        .execute(conn)?;
    // One row at a time: batch inserts are not portable across the two backends.
    for role in roles {
        insert_role(conn, org_id, person_id, *role)?;
    }
    Ok(())
}

pub(super) fn insert_role(
    conn: &mut DbConn,
    org_id: OrgId,
    person_id: PersonId,
    role: Role,
) -> Result<()> {
    diesel::insert_into(person_roles::table)
        .values((
            person_roles::org_id.eq(org_id),
            person_roles::person_id.eq(person_id),
            person_roles::role.eq(role),
        ))
        .execute(conn)?;
    Ok(())
}

pub(super) fn roles_of_many(
    conn: &mut DbConn,
    ids: &[PersonId],
) -> Result<HashMap<PersonId, Vec<Role>>> {
    let rows: Vec<(PersonId, Role)> = person_roles::table
        .filter(person_roles::person_id.eq_any(ids))
        .select((person_roles::person_id, person_roles::role))
        .load(conn)?;
    let mut map: HashMap<PersonId, Vec<Role>> = HashMap::new();
    for (id, role) in rows {
        map.entry(id).or_default().push(role);
    }
    for roles in map.values_mut() {
        roles.sort();
    }
    Ok(map)
}

/// Counts of active people per role.
pub fn role_counts(conn: &mut DbConn, org_id: OrgId) -> Result<Vec<(Role, i64)>> {
    let rows: Vec<(Role, i64)> = person_roles::table
        .inner_join(people::table)
        .filter(person_roles::org_id.eq(org_id))
        .filter(people::active.eq(true))
        .group_by(person_roles::role)
        .select((person_roles::role, diesel::dsl::count_star()))
        .load(conn)?;
    Ok(Role::ALL
        .iter()
        .map(|r| {
            let n = rows
                .iter()
                .find(|(role, _)| role == r)
                .map_or(0, |(_, n)| *n);
            (*r, n)
        })
        .collect())
}

/// Adds a role to a person if they do not have it yet.
pub fn grant_role(conn: &mut DbConn, org_id: OrgId, person_id: PersonId, role: Role) -> Result<()> {
    let has: i64 = person_roles::table
        .filter(person_roles::person_id.eq(person_id))
        .filter(person_roles::role.eq(role))
        .count()
        .get_result(conn)?;
    if has == 0 {
        match insert_role(conn, org_id, person_id, role) {
            // Granted at the same moment by another request: the person has the role.
            Err(Error::Db(crate::db::DbError::Query(e))) if is_unique_violation(&e) => {}
            other => other?,
        }
    }
    Ok(())
}

pub fn roles_of(conn: &mut DbConn, person_id: PersonId) -> Result<Vec<Role>> {
    Ok(roles_of_many(conn, &[person_id])?
        .remove(&person_id)
        .unwrap_or_default())
}
