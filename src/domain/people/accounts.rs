//! Accounts: one sign-in identity (the address, the password's hash, the language) that may
//! be a person of several organisations. A person row is an account's *membership* of one
//! organisation. Nothing here is scoped to an organisation, so nothing here is for a page
//! of one: the functions serve signing in, switching between one's own organisations, and
//! the membership rules in [`super`], which never tell one organisation anything about
//! another.

use diesel::prelude::*;
use serde::Serialize;

use super::PersonRow;
use crate::db::schema::{accounts, organisations, people};
use crate::domain::ids::{AccountId, OrgId, PersonId};
use crate::domain::{DbConn, Locale, Result, now};

/// The account with this address, made when there is none yet: then with the language
/// and password hash given. An existing account is returned as it is — a leader adding
/// someone who already has an account never changes how they sign in.
pub(super) fn find_or_create(
    conn: &mut DbConn,
    email: &str,
    locale: Locale,
    password_hash: Option<&str>,
) -> Result<AccountId> {
    if let Some(id) = find(conn, email)? {
        return Ok(id);
    }
    let at = now();
    Ok(diesel::insert_into(accounts::table)
        .values((
            accounts::email.eq(email),
            accounts::password_hash.eq(password_hash),
            accounts::locale.eq(locale.code()),
            accounts::created_at.eq(at),
            accounts::updated_at.eq(at),
        ))
        .returning(accounts::id)
        .get_result(conn)?)
}

/// Whether an account has this (normalised) address.
pub fn exists(conn: &mut DbConn, email: &str) -> Result<bool> {
    Ok(find(conn, email)?.is_some())
}

/// The account with this (normalised) address, if any.
fn find(conn: &mut DbConn, email: &str) -> Result<Option<AccountId>> {
    Ok(accounts::table
        .filter(accounts::email.eq(email))
        .select(accounts::id)
        .first(conn)
        .optional()?)
}

/// Sets an account's password hash (already hashed with `auth::hash_password`).
pub fn set_password_hash(conn: &mut DbConn, id: AccountId, hash: &str) -> Result<()> {
    let n = diesel::update(accounts::table.find(id))
        .set((
            accounts::password_hash.eq(hash),
            accounts::updated_at.eq(now()),
        ))
        .execute(conn)?;
    crate::domain::found(n)
}

/// Sets the language an account reads Hverdag and its mail in, in every organisation.
pub fn set_locale(conn: &mut DbConn, id: AccountId, locale: Locale) -> Result<()> {
    diesel::update(accounts::table.find(id))
        .set(accounts::locale.eq(locale.code()))
        .execute(conn)?;
    Ok(())
}

/// The account's password hash, if it has a password.
pub fn password_hash(conn: &mut DbConn, id: AccountId) -> Result<Option<String>> {
    Ok(accounts::table
        .find(id)
        .select(accounts::password_hash)
        .first(conn)?)
}

/// Whether the account has a password.
pub fn has_password(conn: &mut DbConn, id: AccountId) -> Result<bool> {
    Ok(password_hash(conn, id)?.is_some())
}

/// What signing in with an address needs: its password's hash, the active membership the
/// session starts in (the first organisation by name), and whether there are others to
/// choose from.
#[derive(Debug, Clone)]
pub struct SignIn {
    pub password_hash: Option<String>,
    pub first: PersonRow,
    pub choose: bool,
}

/// The account signing in with this address, if there is one with an active membership.
pub fn for_sign_in(conn: &mut DbConn, email: &str) -> Result<Option<SignIn>> {
    let email = email.trim().to_lowercase();
    let Some((account, password_hash)) = accounts::table
        .filter(accounts::email.eq(&email))
        .select((accounts::id, accounts::password_hash))
        .first::<(AccountId, Option<String>)>(conn)
        .optional()?
    else {
        return Ok(None);
    };
    let mut memberships = active_memberships(conn, account)?.into_iter();
    Ok(memberships.next().map(|first| SignIn {
        password_hash,
        first,
        choose: memberships.next().is_some(),
    }))
}

/// The account's active memberships, by organisation name.
pub fn active_memberships(conn: &mut DbConn, account: AccountId) -> Result<Vec<PersonRow>> {
    Ok(people::table
        .inner_join(accounts::table)
        .inner_join(organisations::table)
        .filter(people::account_id.eq(account))
        .filter(people::active.eq(true))
        .order((organisations::name.asc(), people::id.asc()))
        .select(PersonRow::as_select())
        .load(conn)?)
}

/// One of an account's organisations, as its switcher lists it.
#[derive(Debug, Clone, Serialize)]
pub struct Organisation {
    pub person_id: PersonId,
    pub org_id: OrgId,
    pub name: String,
}

/// The organisations the account is an active person of, by name.
pub fn organisations_of(conn: &mut DbConn, account: AccountId) -> Result<Vec<Organisation>> {
    let rows: Vec<(PersonId, OrgId, String)> = people::table
        .inner_join(organisations::table)
        .filter(people::account_id.eq(account))
        .filter(people::active.eq(true))
        .order((organisations::name.asc(), people::id.asc()))
        .select((people::id, people::org_id, organisations::name))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(person_id, org_id, name)| Organisation {
            person_id,
            org_id,
            name,
        })
        .collect())
}
