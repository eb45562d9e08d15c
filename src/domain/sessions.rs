//! A person's own browser sessions: which are open (the browser, the address, when each was
//! started and last used), and ending one or all the others. Signing in and finding who a
//! session belongs to are [`super::auth`]'s; a leader ending everyone's sessions of a person
//! is [`super::auth::end_sessions_of`].

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::ids::{AccountId, SessionId};
use super::{DbConn, Result, found, now};
use crate::db::schema::sessions;

/// How long a session's "last used" may lag behind: it is written at most this often, so a
/// busy session does not write on every request.
pub const TOUCH_MINUTES: i64 = 5;

/// The longest browser description kept.
const AGENT_CHARS: usize = 300;

/// Where a request came from: the browser's description and the client's address.
#[derive(Debug, Clone, Default)]
pub struct Seen {
    pub user_agent: Option<String>,
    pub address: Option<String>,
}

/// An open session, as its owner sees it.
#[derive(Debug, Clone, Serialize, Queryable)]
pub struct SessionInfo {
    pub id: SessionId,
    pub created_at: NaiveDateTime,
    pub last_seen_at: Option<NaiveDateTime>,
    pub user_agent: Option<String>,
    pub address: Option<String>,
}

/// Notes that session `id` was used now from `seen`, unless it was noted less than
/// [`TOUCH_MINUTES`] ago from the same place.
pub(crate) fn touch(
    conn: &mut DbConn,
    id: SessionId,
    last: (Option<NaiveDateTime>, Option<&str>),
    seen: &Seen,
) -> Result<()> {
    let at = now();
    let (last_seen, last_address) = (last.0, last.1);
    let fresh = last_seen.is_some_and(|t| at - t < Duration::minutes(TOUCH_MINUTES));
    if fresh && last_address == seen.address.as_deref() {
        return Ok(());
    }
    diesel::update(sessions::table.find(id))
        .set((
            sessions::last_seen_at.eq(Some(at)),
            sessions::address.eq(seen.address.as_deref()),
            sessions::user_agent.eq(short_agent(seen)),
        ))
        .execute(conn)?;
    Ok(())
}

/// The browser's description as kept: at most [`AGENT_CHARS`] characters.
pub(crate) fn short_agent(seen: &Seen) -> Option<String> {
    seen.user_agent
        .as_deref()
        .map(|a| a.chars().take(AGENT_CHARS).collect())
}

/// An account's open sessions (in whichever of its organisations), the most recently used
/// first.
pub fn list_of(conn: &mut DbConn, account: AccountId) -> Result<Vec<SessionInfo>> {
    let mut open: Vec<SessionInfo> = sessions::table
        .filter(sessions::account_id.eq(account))
        .filter(sessions::expires_at.gt(now()))
        .select((
            sessions::id,
            sessions::created_at,
            sessions::last_seen_at,
            sessions::user_agent,
            sessions::address,
        ))
        .load(conn)?;
    open.sort_by_key(|s| std::cmp::Reverse(s.last_seen_at.unwrap_or(s.created_at)));
    Ok(open)
}

/// Ends one of the account's sessions (`NotFound` for anyone else's).
pub fn end(conn: &mut DbConn, account: AccountId, id: SessionId) -> Result<()> {
    let n = diesel::delete(
        sessions::table
            .filter(sessions::id.eq(id))
            .filter(sessions::account_id.eq(account)),
    )
    .execute(conn)?;
    found(n)
}

/// Ends every session of the account but `keep`; returns how many ended.
pub fn end_others(conn: &mut DbConn, account: AccountId, keep: SessionId) -> Result<usize> {
    Ok(diesel::delete(
        sessions::table
            .filter(sessions::account_id.eq(account))
            .filter(sessions::id.ne(keep)),
    )
    .execute(conn)?)
}
