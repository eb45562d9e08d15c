//! Sign-ins sent to a provider and not back yet. The `state` sent along is the key, stored
//! only as its hash; the nonce and the PKCE verifier wait beside it. Each is used once:
//! taking it deletes it, so a replayed answer finds nothing. They last
//! [`REQUEST_MINUTES`].

use chrono::Duration;
use diesel::prelude::*;

use crate::db::schema::sso_requests;
use crate::domain::ids::OrgId;
use crate::domain::tokens::hash_token;
use crate::domain::{DbConn, Result, now};

pub const REQUEST_MINUTES: i64 = 10;

/// What the answer to a request is checked against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    pub org_id: OrgId,
    pub nonce: String,
    pub pkce_verifier: String,
}

/// What an answer's `state` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Taken {
    Found(Pending),
    /// No such request: never sent, already answered, or tampered with.
    Unknown,
    /// Sent, but more than [`REQUEST_MINUTES`] ago.
    Expired,
}

/// Notes a request sent to the organisation's provider.
pub fn create(
    conn: &mut DbConn,
    org_id: OrgId,
    state: &str,
    nonce: &str,
    pkce_verifier: &str,
) -> Result<()> {
    let at = now();
    diesel::insert_into(sso_requests::table)
        .values((
            sso_requests::state_hash.eq(hash_token(state)),
            sso_requests::org_id.eq(org_id),
            sso_requests::nonce.eq(nonce),
            sso_requests::pkce_verifier.eq(pkce_verifier),
            sso_requests::created_at.eq(at),
            sso_requests::expires_at.eq(at + Duration::minutes(REQUEST_MINUTES)),
        ))
        .execute(conn)?;
    Ok(())
}

/// Takes the request an answer's `state` names (it is gone afterwards, whatever it was).
pub fn take(conn: &mut DbConn, state: &str) -> Result<Taken> {
    let hash = hash_token(state);
    let found: Option<(i32, OrgId, String, String, chrono::NaiveDateTime)> = sso_requests::table
        .filter(sso_requests::state_hash.eq(&hash))
        .select((
            sso_requests::id,
            sso_requests::org_id,
            sso_requests::nonce,
            sso_requests::pkce_verifier,
            sso_requests::expires_at,
        ))
        .first(conn)
        .optional()?;
    let Some((id, org_id, nonce, pkce_verifier, expires_at)) = found else {
        return Ok(Taken::Unknown);
    };
    // Two answers racing for one request: only the one that deletes it goes on.
    let n = diesel::delete(sso_requests::table.filter(sso_requests::id.eq(id))).execute(conn)?;
    if n == 0 {
        return Ok(Taken::Unknown);
    }
    if expires_at <= now() {
        return Ok(Taken::Expired);
    }
    Ok(Taken::Found(Pending {
        org_id,
        nonce,
        pkce_verifier,
    }))
}

/// Deletes requests that were never answered.
pub fn prune(conn: &mut DbConn) -> Result<()> {
    diesel::delete(sso_requests::table.filter(sso_requests::expires_at.lt(now()))).execute(conn)?;
    Ok(())
}
