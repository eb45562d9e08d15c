//! Authentication: argon2 password hashes, sessions, single-use login links and login
//! throttling (API tokens: [`super::api_tokens`]). Every secret is random and stored only as
//! a hash (see [`super::tokens`]).

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::identity::{Identity, IdentityRow};
use super::people::PersonRow;
use super::sessions::{self, Seen};
use super::tokens::{hash_token, new_token};
use super::{DbConn, Error, Result, now};
use crate::db::schema::{
    accounts, login_attempts, login_tokens, organisations, people as people_t, person_roles,
    sessions as sessions_t,
};
use crate::domain::ids::{AccountId, OrgId, PersonId, SessionId};

pub const SESSION_DAYS: i64 = 14;
pub const LOGIN_LINK_MINUTES: i64 = 15;
/// Failed logins for one email within [`THROTTLE_WINDOW_MINUTES`] before it is refused.
pub const MAX_FAILURES_PER_EMAIL: i64 = 5;
/// Failed password sign-ins from one client address within the window. (Link requests are
/// counted apart: see [`MAX_LINK_REQUESTS_PER_IP`].)
pub const MAX_ATTEMPTS_PER_IP: i64 = 30;
pub const THROTTLE_WINDOW_MINUTES: i64 = 15;
/// Sign-in links mailed to one address within the window.
pub const MAX_LINKS_PER_EMAIL: i64 = 3;
/// Requests for an emailed sign-in link from one client address within the window, whatever
/// addresses they name (known or not): past it no link is mailed, so one client cannot fill
/// many inboxes. The page answers the same either way.
pub const MAX_LINK_REQUESTS_PER_IP: i64 = 10;

/// What a `login_attempts` row records.
const KIND_PASSWORD: &str = "password";
const KIND_LINK: &str = "link";

/// Hashes a password with argon2id and a fresh salt.
pub fn hash_password(password: &str) -> Result<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| Error::Internal(format!("password hashing failed: {e}")))
}

/// Checks a password against a stored hash. A malformed hash never matches.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

fn active_person(conn: &mut DbConn, person_id: PersonId) -> Result<Option<PersonRow>> {
    Ok(people_t::table
        .inner_join(accounts::table)
        .filter(people_t::id.eq(person_id))
        .filter(people_t::active.eq(true))
        .select(PersonRow::as_select())
        .first(conn)
        .optional()?)
}

/// Starts a session for a person, signing in from `seen` with a password or an emailed
/// link, and returns the cookie value. A new random id every time, so a session id known
/// before login is never the one used after it.
pub fn start_session(conn: &mut DbConn, person: &PersonRow, seen: &Seen) -> Result<String> {
    start(conn, person, seen, None)
}

/// Signs in: a new session for the person, ending the one the browser had (`replaced`), so
/// every way in ends the same. `sso`: begun through the person's organisation's provider,
/// the session works in that organisation only.
pub fn replace_session(
    conn: &mut DbConn,
    person: &PersonRow,
    seen: &Seen,
    replaced: Option<&str>,
    sso: bool,
) -> Result<String> {
    if let Some(old) = replaced {
        end_session(conn, old)?;
    }
    start(conn, person, seen, sso.then_some(person.org_id))
}

fn start(conn: &mut DbConn, person: &PersonRow, seen: &Seen, sso: Option<OrgId>) -> Result<String> {
    let (token, hash) = new_token();
    let at = now();
    diesel::insert_into(sessions_t::table)
        .values((
            sessions_t::token_hash.eq(hash),
            sessions_t::account_id.eq(person.account_id),
            sessions_t::sso_org_id.eq(sso),
            sessions_t::org_id.eq(person.org_id),
            sessions_t::person_id.eq(person.id),
            sessions_t::created_at.eq(at),
            sessions_t::expires_at.eq(at + Duration::days(SESSION_DAYS)),
            sessions_t::last_seen_at.eq(Some(at)),
            sessions_t::address.eq(seen.address.as_deref()),
            sessions_t::user_agent.eq(sessions::short_agent(seen)),
        ))
        .execute(conn)?;
    Ok(token)
}

/// The session's id, when it was last noted as used, and from where.
type SessionRow = (SessionId, Option<NaiveDateTime>, Option<String>);

/// The identity behind a session cookie, if the session is live and the person active. With
/// `seen`, the session also notes that it was used (at most every few minutes, see
/// [`sessions::touch`]), so its owner can tell their sessions apart.
pub fn session_identity(
    conn: &mut DbConn,
    token: &str,
    seen: Option<&Seen>,
) -> Result<Option<Identity>> {
    // One query for every signed-in request: the session, its person (active, and still
    // the session's account's), the organisation's settings, and one row per role.
    let rows: Vec<(SessionRow, IdentityRow)> = sessions_t::table
        .inner_join(
            people_t::table
                .inner_join(organisations::table)
                .inner_join(accounts::table),
        )
        .left_join(person_roles::table.on(person_roles::person_id.eq(sessions_t::person_id)))
        .filter(sessions_t::token_hash.eq(hash_token(token)))
        .filter(sessions_t::expires_at.gt(now()))
        .filter(people_t::active.eq(true))
        .filter(people_t::account_id.eq(sessions_t::account_id))
        .select((
            (
                sessions_t::id,
                sessions_t::last_seen_at,
                sessions_t::address,
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
    let Some(((id, last_seen, address), _)) = rows.first().cloned() else {
        return Ok(None);
    };
    if let Some(seen) = seen {
        sessions::touch(conn, id, (last_seen, address.as_deref()), seen)?;
    }
    let identity = Identity::from_rows(rows.into_iter().map(|(_, row)| row).collect(), None);
    Ok(identity.map(|i| Identity {
        session: Some(id),
        ..i
    }))
}

/// The organisation whose provider began the session, if one did (it works there only).
pub fn session_sso_org(conn: &mut DbConn, session: SessionId) -> Result<Option<OrgId>> {
    Ok(sessions_t::table
        .find(session)
        .select(sessions_t::sso_org_id)
        .first(conn)?)
}

/// Moves a session into another organisation of its account: to `person`, which must be a
/// membership the session may use (see `accounts::usable`; `NotFound` otherwise, whatever
/// the reason).
pub fn switch_session(
    conn: &mut DbConn,
    session: SessionId,
    account: AccountId,
    person: PersonId,
) -> Result<()> {
    let sso = session_sso_org(conn, session)?;
    let org_id = super::people::accounts::usable(conn, account, sso)?
        .into_iter()
        .find(|(p, _)| p.id == person)
        .map(|(p, _)| p.org_id)
        .ok_or(Error::NotFound)?;
    let n = diesel::update(
        sessions_t::table
            .filter(sessions_t::id.eq(session))
            .filter(sessions_t::account_id.eq(account)),
    )
    .set((
        sessions_t::org_id.eq(org_id),
        sessions_t::person_id.eq(person),
    ))
    .execute(conn)?;
    super::found(n)
}

pub fn end_session(conn: &mut DbConn, token: &str) -> Result<()> {
    diesel::delete(sessions_t::table.filter(sessions_t::token_hash.eq(hash_token(token))))
        .execute(conn)?;
    Ok(())
}

pub fn end_sessions_of(conn: &mut DbConn, person_id: PersonId) -> Result<()> {
    diesel::delete(sessions_t::table.filter(sessions_t::person_id.eq(person_id))).execute(conn)?;
    Ok(())
}

/// Why a login link was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkProblem {
    Unknown,
    Expired,
    Used,
}

/// Creates a single-use login link token for a person, valid for 15 minutes.
pub fn create_login_link(conn: &mut DbConn, person: &PersonRow) -> Result<String> {
    let (token, hash) = new_token();
    let at = now();
    diesel::insert_into(login_tokens::table)
        .values((
            login_tokens::token_hash.eq(hash),
            login_tokens::org_id.eq(person.org_id),
            login_tokens::person_id.eq(person.id),
            login_tokens::created_at.eq(at),
            login_tokens::expires_at.eq(at + Duration::minutes(LOGIN_LINK_MINUTES)),
        ))
        .execute(conn)?;
    Ok(token)
}

/// Uses up a login link. Call inside a write transaction so two clicks cannot both win.
pub fn consume_login_link(
    conn: &mut DbConn,
    token: &str,
) -> Result<std::result::Result<PersonRow, LinkProblem>> {
    let found: Option<(i32, PersonId, NaiveDateTime, Option<NaiveDateTime>)> = login_tokens::table
        .filter(login_tokens::token_hash.eq(hash_token(token)))
        .select((
            login_tokens::id,
            login_tokens::person_id,
            login_tokens::expires_at,
            login_tokens::used_at,
        ))
        .first(conn)
        .optional()?;
    let Some((id, person_id, expires_at, used_at)) = found else {
        return Ok(Err(LinkProblem::Unknown));
    };
    if used_at.is_some() {
        return Ok(Err(LinkProblem::Used));
    }
    let at = now();
    if expires_at <= at {
        return Ok(Err(LinkProblem::Expired));
    }
    let claimed = diesel::update(
        login_tokens::table
            .filter(login_tokens::id.eq(id))
            .filter(login_tokens::used_at.is_null()),
    )
    .set(login_tokens::used_at.eq(Some(at)))
    .execute(conn)?;
    if claimed == 0 {
        return Ok(Err(LinkProblem::Used));
    }
    match active_person(conn, person_id)? {
        Some(person) => Ok(Ok(person)),
        None => Ok(Err(LinkProblem::Unknown)),
    }
}

fn record(conn: &mut DbConn, kind: &str, email: &str, ip: &str, succeeded: bool) -> Result<()> {
    diesel::insert_into(login_attempts::table)
        .values((
            login_attempts::email.eq(email.trim().to_lowercase()),
            login_attempts::ip.eq(ip),
            login_attempts::succeeded.eq(succeeded),
            login_attempts::at.eq(now()),
            login_attempts::kind.eq(kind),
        ))
        .execute(conn)?;
    Ok(())
}

/// Records a password sign-in attempt for throttling.
pub fn record_attempt(conn: &mut DbConn, email: &str, ip: &str, succeeded: bool) -> Result<()> {
    record(conn, KIND_PASSWORD, email, ip, succeeded)
}

/// Records a request for an emailed sign-in link from `ip` (mailed or not).
pub fn record_link_request(conn: &mut DbConn, email: &str, ip: &str) -> Result<()> {
    record(conn, KIND_LINK, email, ip, false)
}

/// True when `ip` has asked for [`MAX_LINK_REQUESTS_PER_IP`] sign-in links within the window.
pub fn link_requests_throttled(conn: &mut DbConn, ip: &str) -> Result<bool> {
    let since = now() - Duration::minutes(THROTTLE_WINDOW_MINUTES);
    let recent: i64 = login_attempts::table
        .filter(login_attempts::ip.eq(ip))
        .filter(login_attempts::kind.eq(KIND_LINK))
        .filter(login_attempts::at.gt(since))
        .count()
        .get_result(conn)?;
    Ok(recent >= MAX_LINK_REQUESTS_PER_IP)
}

/// True when this email or address has failed password sign-in too often recently to try
/// again now. Link requests never count here.
pub fn is_throttled(conn: &mut DbConn, email: &str, ip: &str) -> Result<bool> {
    let since = now() - Duration::minutes(THROTTLE_WINDOW_MINUTES);
    let by_email: i64 = login_attempts::table
        .filter(login_attempts::kind.eq(KIND_PASSWORD))
        .filter(login_attempts::email.eq(email.trim().to_lowercase()))
        .filter(login_attempts::succeeded.eq(false))
        .filter(login_attempts::at.gt(since))
        .count()
        .get_result(conn)?;
    if by_email >= MAX_FAILURES_PER_EMAIL {
        return Ok(true);
    }
    let by_ip: i64 = login_attempts::table
        .filter(login_attempts::kind.eq(KIND_PASSWORD))
        .filter(login_attempts::ip.eq(ip))
        .filter(login_attempts::succeeded.eq(false))
        .filter(login_attempts::at.gt(since))
        .count()
        .get_result(conn)?;
    Ok(by_ip >= MAX_ATTEMPTS_PER_IP)
}

/// Deletes throttling rows and expired sessions and links older than a day.
pub fn prune(conn: &mut DbConn) -> Result<()> {
    let cutoff = now() - Duration::days(1);
    diesel::delete(login_attempts::table.filter(login_attempts::at.lt(cutoff))).execute(conn)?;
    diesel::delete(sessions_t::table.filter(sessions_t::expires_at.lt(now()))).execute(conn)?;
    diesel::delete(login_tokens::table.filter(login_tokens::expires_at.lt(cutoff)))
        .execute(conn)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::OrgId;
    use crate::domain::people::Role;
    use crate::domain::testing::{TestDb, org, person};

    /// Kari, with `roles`, signed in with a session and holding an API token.
    fn signed_in(c: &mut DbConn, org_id: OrgId, roles: Vec<Role>) -> (String, String) {
        let kari = person(c, org_id, "kari@acme.no", roles);
        let session = start_session(c, &kari.row, &Default::default()).unwrap();
        let api = crate::domain::api_tokens::create(
            c,
            org_id,
            kari.row.id,
            "CI",
            crate::domain::api_tokens::Lifetime::DEFAULT,
        )
        .unwrap()
        .secret;
        (session, api)
    }

    /// Counts the queries a connection runs.
    fn counting(c: &mut DbConn) -> std::sync::Arc<std::sync::atomic::AtomicUsize> {
        use diesel::connection::InstrumentationEvent;
        use std::sync::atomic::{AtomicUsize, Ordering};
        let n = std::sync::Arc::new(AtomicUsize::new(0));
        let counter = n.clone();
        c.set_instrumentation(move |event: InstrumentationEvent<'_>| {
            if matches!(event, InstrumentationEvent::StartQuery { .. }) {
                counter.fetch_add(1, Ordering::SeqCst);
            }
        });
        n
    }

    #[test]
    fn a_session_and_an_api_token_are_each_known_in_one_query() {
        use std::sync::atomic::Ordering;
        let t = TestDb::fresh();
        let mut c = t.conn();
        let org_id = org(&mut c, "acme");
        let (session, api) = signed_in(&mut c, org_id, vec![Role::Leader, Role::Member]);
        // A token used just now is not noted again, so reading it writes nothing.
        crate::domain::api_tokens::identity(&mut c, &api).unwrap();
        let queries = counting(&mut c);
        let who = session_identity(&mut c, &session, None)
            .unwrap()
            .expect("signed in");
        assert_eq!(queries.swap(0, Ordering::SeqCst), 1);
        assert_eq!(who.roles, vec![Role::Leader, Role::Member]);
        assert_eq!(
            (who.org_id, who.time_zone.as_str()),
            (org_id, "Europe/Oslo")
        );
        let (via_token, _) = crate::domain::api_tokens::identity(&mut c, &api)
            .unwrap()
            .expect("a leader's token");
        assert_eq!(queries.load(Ordering::SeqCst), 1);
        assert_eq!(via_token.roles, who.roles);
        assert!(via_token.api_token.is_some());
    }

    #[test]
    fn password_hash_roundtrip() {
        let hash = hash_password("correct horse battery").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", &hash));
        assert!(!verify_password("wrong horse battery", &hash));
        assert!(!verify_password("anything", "not a hash"));
    }

    #[test]
    fn login_links_work_once_and_expire() {
        let t = TestDb::fresh();
        let mut c = t.conn();
        let org_id = org(&mut c, "acme");
        let kari = person(&mut c, org_id, "kari@acme.no", vec![Role::Member]);
        let token = create_login_link(&mut c, &kari.row).unwrap();
        assert_eq!(
            consume_login_link(&mut c, &token).unwrap().unwrap().id,
            kari.row.id
        );
        assert_eq!(
            consume_login_link(&mut c, &token).unwrap().unwrap_err(),
            LinkProblem::Used
        );
        assert_eq!(
            consume_login_link(&mut c, "nope").unwrap().unwrap_err(),
            LinkProblem::Unknown
        );

        let old = create_login_link(&mut c, &kari.row).unwrap();
        diesel::update(login_tokens::table.filter(login_tokens::token_hash.eq(hash_token(&old))))
            .set(login_tokens::expires_at.eq(now() - Duration::minutes(1)))
            .execute(&mut c)
            .unwrap();
        assert_eq!(
            consume_login_link(&mut c, &old).unwrap().unwrap_err(),
            LinkProblem::Expired
        );
    }

    #[test]
    fn only_hashes_of_tokens_are_stored() {
        let t = TestDb::fresh();
        let mut c = t.conn();
        let org_id = org(&mut c, "acme");
        let (session, api) = signed_in(&mut c, org_id, vec![Role::Leader]);
        let stored: Vec<String> = sessions_t::table
            .select(sessions_t::token_hash)
            .load(&mut c)
            .unwrap();
        assert_eq!(stored, vec![hash_token(&session)]);
        let stored: Vec<String> = crate::db::schema::api_tokens::table
            .select(crate::db::schema::api_tokens::token_hash)
            .load(&mut c)
            .unwrap();
        assert_eq!(stored, vec![hash_token(&api)]);
        assert!(session_identity(&mut c, &session, None).unwrap().is_some());
        assert!(
            session_identity(&mut c, &stored[0], None)
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn throttling_counts_failures_per_email_and_address() {
        let t = TestDb::fresh();
        let mut c = t.conn();
        for _ in 0..MAX_FAILURES_PER_EMAIL - 1 {
            record_attempt(&mut c, "kari@acme.no", "10.0.0.1", false).unwrap();
        }
        record_attempt(&mut c, "kari@acme.no", "10.0.0.1", true).unwrap();
        assert!(!is_throttled(&mut c, "KARI@acme.no", "10.0.0.9").unwrap());
        record_attempt(&mut c, "kari@acme.no", "10.0.0.1", false).unwrap();
        assert!(is_throttled(&mut c, "kari@acme.no", "10.0.0.9").unwrap());
        assert!(!is_throttled(&mut c, "ola@acme.no", "10.0.0.9").unwrap());
        for i in 0..MAX_ATTEMPTS_PER_IP {
            record_attempt(&mut c, &format!("p{i}@acme.no"), "10.0.0.2", false).unwrap();
        }
        assert!(is_throttled(&mut c, "new@acme.no", "10.0.0.2").unwrap());
    }

    #[test]
    fn link_requests_are_limited_per_address_apart_from_passwords() {
        let t = TestDb::fresh();
        let mut c = t.conn();
        for i in 0..MAX_LINK_REQUESTS_PER_IP - 1 {
            record_link_request(&mut c, &format!("p{i}@acme.no"), "10.0.0.3").unwrap();
        }
        assert!(!link_requests_throttled(&mut c, "10.0.0.3").unwrap());
        record_link_request(&mut c, "p@acme.no", "10.0.0.3").unwrap();
        assert!(link_requests_throttled(&mut c, "10.0.0.3").unwrap());
        assert!(!link_requests_throttled(&mut c, "10.0.0.4").unwrap());
        // Link requests never lock password sign-in, for the address or the emails named.
        assert!(!is_throttled(&mut c, "p0@acme.no", "10.0.0.3").unwrap());
    }
}
