//! Personal check-in links: the weekly nudge carries one, and whoever holds it checks in on
//! that person's key results without signing in — and nothing else. A link is random (only
//! its hash is stored), belongs to one person and one week (the organisation's, Monday to
//! Sunday), expires after [`LINK_DAYS`] at most and can be revoked; a deactivated person's
//! links stop working with them.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::{accounts, check_in_links, organisations, people, person_roles};
use crate::domain::identity::{Identity, IdentityRow};
use crate::domain::ids::{OrgId, PersonId};
use crate::domain::people::PersonRow;
use crate::domain::tokens::{hash_token, new_token};
use crate::domain::{DbConn, Result, now};

/// Days a link works.
pub const LINK_DAYS: i64 = 7;

/// Why a link does not open (each has its page).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkProblem {
    /// No such link: mistyped, tampered with, or its person is no longer active.
    Unknown,
    /// Older than [`LINK_DAYS`].
    Expired,
    /// Revoked by its person.
    Revoked,
}

/// A link that opened: who it checks in as (with no roles: a link grants check-ins only)
/// and which link it is.
#[derive(Debug, Clone)]
pub struct Opened {
    pub identity: Identity,
    pub link_id: i32,
}

/// Makes a link for the person's check-ins of the week starting `week_start`; returns its
/// secret, to put in the mail (never stored).
pub fn create(
    conn: &mut DbConn,
    org_id: OrgId,
    person_id: PersonId,
    week_start: NaiveDate,
) -> Result<String> {
    let (token, hash) = new_token();
    let at = now();
    diesel::insert_into(check_in_links::table)
        .values((
            check_in_links::token_hash.eq(hash),
            check_in_links::org_id.eq(org_id),
            check_in_links::person_id.eq(person_id),
            check_in_links::week_start.eq(week_start),
            check_in_links::created_at.eq(at),
            check_in_links::expires_at.eq(at + Duration::days(LINK_DAYS)),
        ))
        .execute(conn)?;
    Ok(token)
}

/// The link's id, week, expiry and revocation.
type StoredLink = (i32, NaiveDate, NaiveDateTime, Option<NaiveDateTime>);

/// Whom a link checks in as, or why it does not open. One query reads the link, its person
/// (active), the organisation and the account.
pub fn open(conn: &mut DbConn, token: &str) -> Result<std::result::Result<Opened, LinkProblem>> {
    let rows: Vec<(StoredLink, IdentityRow)> = check_in_links::table
        .inner_join(
            people::table
                .inner_join(organisations::table)
                .inner_join(accounts::table),
        )
        .left_join(person_roles::table.on(person_roles::person_id.eq(check_in_links::person_id)))
        .filter(check_in_links::token_hash.eq(hash_token(token)))
        .filter(people::active.eq(true))
        .select((
            (
                check_in_links::id,
                check_in_links::week_start,
                check_in_links::expires_at,
                check_in_links::revoked_at,
            ),
            (
                PersonRow::as_select(),
                organisations::name,
                organisations::time_zone,
                organisations::period_months,
                person_roles::role.nullable(),
            ),
        ))
        .load(conn)?;
    let Some(((link_id, week_start, expires_at, revoked_at), _)) = rows.first().cloned() else {
        return Ok(Err(LinkProblem::Unknown));
    };
    if revoked_at.is_some() {
        return Ok(Err(LinkProblem::Revoked));
    }
    if expires_at <= now() {
        return Ok(Err(LinkProblem::Expired));
    }
    let Some(identity) = Identity::from_rows(rows.into_iter().map(|(_, p)| p).collect(), None)
    else {
        return Ok(Err(LinkProblem::Unknown));
    };
    // The week it was sent for only: next week's nudge brings next week's link.
    if crate::domain::periods::monday(identity.today()) != week_start {
        return Ok(Err(LinkProblem::Expired));
    }
    Ok(Ok(Opened {
        identity: Identity {
            roles: Vec::new(),
            ..identity
        },
        link_id,
    }))
}

/// Revokes every link of the person; returns how many were live.
pub fn revoke_all_of(conn: &mut DbConn, person_id: PersonId) -> Result<usize> {
    Ok(diesel::update(
        check_in_links::table
            .filter(check_in_links::person_id.eq(person_id))
            .filter(check_in_links::revoked_at.is_null()),
    )
    .set(check_in_links::revoked_at.eq(Some(now())))
    .execute(conn)?)
}

/// Deletes links that expired more than a week ago.
pub fn prune(conn: &mut DbConn) -> Result<()> {
    let cutoff = now() - Duration::days(LINK_DAYS);
    diesel::delete(check_in_links::table.filter(check_in_links::expires_at.lt(cutoff)))
        .execute(conn)?;
    Ok(())
}
