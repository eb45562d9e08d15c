//! Who a provider's answer signs in. An account is linked to the provider by (issuer,
//! subject), never by address alone: the first sign-in links it, and only when the
//! provider vouches for a verified address in one of the organisation's own domains (so no
//! provider can claim an address of someone else's). Someone who is not a person of the
//! organisation yet joins through an invitation waiting for them, or as a member when the
//! organisation lets anyone from its provider in; otherwise they are refused. A session
//! begun this way works in this organisation only (see `auth::start_session`).

use diesel::prelude::*;

use super::{NewPeople, SsoConfig};
use crate::db::schema::{account_identities, people as people_t};
use crate::domain::ids::AccountId;
use crate::domain::people::{self, PersonInput, PersonRow, Role, accounts};
use crate::domain::{DbConn, Locale, Result, invites, now, org};

/// What the provider vouched for, from a checked ID token.
#[derive(Debug, Clone)]
pub struct Vouched {
    pub issuer: String,
    pub subject: String,
    pub email: Option<String>,
    pub email_verified: bool,
    pub name: Option<String>,
}

/// Whom the answer signs in, and how they came to be a person of the organisation.
#[derive(Debug, Clone)]
pub struct Signed {
    pub person: PersonRow,
    pub joined: Joined,
}

/// Whether signing in made the person.
#[derive(Debug, Clone)]
pub enum Joined {
    /// They were a person of the organisation already.
    Before,
    /// Through the invitation waiting for them.
    Invited(invites::Invite),
    /// As a member, the organisation letting its provider's people in.
    AsMember,
}

/// Why a provider's answer signs nobody in (each has its page).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// No verified address, and no account linked to the subject.
    NoEmail,
    /// The address is not in one of the organisation's domains.
    Domain,
    /// Not a person here, no invitation waiting, and the organisation lets only the
    /// invited in.
    NotInvited,
    /// A person here, deactivated.
    Deactivated,
}

fn linked(conn: &mut DbConn, issuer: &str, subject: &str) -> Result<Option<AccountId>> {
    Ok(account_identities::table
        .find((issuer, subject))
        .select(account_identities::account_id)
        .first(conn)
        .optional()?)
}

fn link(conn: &mut DbConn, v: &Vouched, account: AccountId) -> Result<()> {
    diesel::insert_into(account_identities::table)
        .values((
            account_identities::issuer.eq(&v.issuer),
            account_identities::subject.eq(&v.subject),
            account_identities::account_id.eq(account),
            account_identities::created_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// The verified address the provider vouched for, if it is in the organisation's domains.
fn own_address(config: &SsoConfig, v: &Vouched) -> std::result::Result<String, Refusal> {
    let email = v
        .email
        .as_deref()
        .filter(|_| v.email_verified)
        .map(|e| e.trim().to_lowercase())
        .ok_or(Refusal::NoEmail)?;
    let domain = email.rsplit_once('@').map(|(_, d)| d).unwrap_or("");
    if config.domains.iter().any(|d| d == domain) {
        Ok(email)
    } else {
        Err(Refusal::Domain)
    }
}

/// The person of `config`'s organisation the answer signs in, joining them when the
/// organisation's rules allow; `Err` says why not. Call inside the write transaction that
/// starts the session.
pub fn resolve(
    conn: &mut DbConn,
    config: &SsoConfig,
    v: &Vouched,
) -> Result<std::result::Result<Signed, Refusal>> {
    let org_id = config.org_id;
    let account = match linked(conn, &v.issuer, &v.subject)? {
        Some(account) => account,
        None => {
            let email = match own_address(config, v) {
                Ok(email) => email,
                Err(refusal) => return Ok(Err(refusal)),
            };
            let account = match accounts::find(conn, &email)? {
                Some(account) => account,
                None => {
                    // Joining first (below) makes the account; link it afterwards.
                    return join(conn, config, v, &email);
                }
            };
            link(conn, v, account)?;
            account
        }
    };
    let member: Option<PersonRow> = people_t::table
        .inner_join(crate::db::schema::accounts::table)
        .filter(people_t::org_id.eq(org_id))
        .filter(people_t::account_id.eq(account))
        .select(PersonRow::as_select())
        .first(conn)
        .optional()?;
    match member {
        Some(person) if person.active => Ok(Ok(Signed {
            person,
            joined: Joined::Before,
        })),
        Some(_) => Ok(Err(Refusal::Deactivated)),
        None => {
            let email = accounts::email_of(conn, account)?;
            join(conn, config, v, &email)
        }
    }
}

/// Someone not yet a person of the organisation joins: through the invitation waiting for
/// their address, or as a member when the organisation lets its provider's people in. The
/// account (made if there is none) is linked to the subject.
fn join(
    conn: &mut DbConn,
    config: &SsoConfig,
    v: &Vouched,
    email: &str,
) -> Result<std::result::Result<Signed, Refusal>> {
    let org_id = config.org_id;
    let name = v
        .name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| email.split('@').next().unwrap_or(email))
        .to_owned();
    let (person, joined) = match invites::accept_waiting(conn, org_id, email, &name)? {
        Some((invite, person)) => (person, Joined::Invited(invite)),
        None if config.new_people == NewPeople::Member => {
            let locale: Locale = org::find(conn, org_id)?.locale();
            let input = PersonInput {
                name,
                email: email.to_owned(),
                locale,
                roles: vec![Role::Member],
            };
            (
                people::create(conn, org_id, &input, None)?,
                Joined::AsMember,
            )
        }
        None => return Ok(Err(Refusal::NotInvited)),
    };
    if linked(conn, &v.issuer, &v.subject)?.is_none() {
        link(conn, v, person.row.account_id)?;
    }
    Ok(Ok(Signed {
        person: person.row,
        joined,
    }))
}
