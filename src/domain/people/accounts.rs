//! Accounts: one sign-in identity (the address, the password's hash, the language) that may
//! be a person of several organisations. A person row is an account's *membership* of one
//! organisation. Nothing here is scoped to an organisation, so nothing here is for a page
//! of one: the functions serve signing in, switching between one's own organisations, and
//! the membership rules in [`super`], which never tell one organisation anything about
//! another.

use diesel::prelude::*;
use serde::Serialize;

use super::PersonRow;
use crate::db::schema::{accounts, organisations, people, sso_configs};
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
pub fn find(conn: &mut DbConn, email: &str) -> Result<Option<AccountId>> {
    Ok(accounts::table
        .filter(accounts::email.eq(email))
        .select(accounts::id)
        .first(conn)
        .optional()?)
}

/// The account's address.
pub fn email_of(conn: &mut DbConn, id: AccountId) -> Result<String> {
    Ok(accounts::table
        .find(id)
        .select(accounts::email)
        .first(conn)?)
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

/// What signing in with a password or an emailed link needs: the password's hash, the
/// membership the session starts in (the first organisation by name), and whether there are
/// others to choose from. Organisations that require SSO are left out (but for their
/// break-glass leader).
#[derive(Debug, Clone)]
pub struct SignIn {
    pub password_hash: Option<String>,
    pub first: PersonRow,
    pub choose: bool,
}

/// The account signing in with this address, if there is one with a membership it may use
/// without SSO.
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
    let mut usable = usable(conn, account, None)?.into_iter();
    Ok(usable.next().map(|(first, _)| SignIn {
        password_hash,
        first,
        choose: usable.next().is_some(),
    }))
}

/// The account's active memberships a session may work in, with their organisations'
/// names, by name. `sso`: the organisation whose provider began the session (it works
/// there only); `None`, a password or an emailed link (everywhere but the organisations
/// that require SSO, where only as their break-glass leader).
pub fn usable(
    conn: &mut DbConn,
    account: AccountId,
    sso: Option<OrgId>,
) -> Result<Vec<(PersonRow, String)>> {
    let rows: Vec<(PersonRow, String)> = people::table
        .inner_join(accounts::table)
        .inner_join(organisations::table)
        .filter(people::account_id.eq(account))
        .filter(people::active.eq(true))
        .order((organisations::name.asc(), people::id.asc()))
        .select((PersonRow::as_select(), organisations::name))
        .load(conn)?;
    let required = match sso {
        Some(_) => Vec::new(),
        None => sso_required(conn)?,
    };
    Ok(rows
        .into_iter()
        .filter(|(p, _)| match sso {
            Some(org) => p.org_id == org,
            None => open_without_sso(&required, p.org_id, p.id),
        })
        .collect())
}

/// The organisations that require SSO (`domain::sso`), each with its break-glass leader.
fn sso_required(conn: &mut DbConn) -> Result<Vec<(OrgId, Option<PersonId>)>> {
    Ok(sso_configs::table
        .filter(sso_configs::required.eq(true))
        .select((sso_configs::org_id, sso_configs::break_glass_id))
        .load(conn)?)
}

/// Whether a session that did not come through a provider may work as `person` of `org`:
/// not in an organisation that requires SSO, unless as its break-glass leader.
fn open_without_sso(required: &[(OrgId, Option<PersonId>)], org: OrgId, person: PersonId) -> bool {
    required
        .iter()
        .all(|(o, glass)| *o != org || *glass == Some(person))
}

/// One of an account's organisations, as its switcher lists it.
#[derive(Debug, Clone, Serialize)]
pub struct Organisation {
    pub person_id: PersonId,
    pub org_id: OrgId,
    pub name: String,
}

/// The organisations a session of the account may work in (see [`usable`]), by name.
pub fn organisations_of(
    conn: &mut DbConn,
    account: AccountId,
    sso: Option<OrgId>,
) -> Result<Vec<Organisation>> {
    Ok(usable(conn, account, sso)?
        .into_iter()
        .map(|(p, name)| Organisation {
            person_id: p.id,
            org_id: p.org_id,
            name,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_sso_a_required_organisation_is_open_to_its_break_glass_leader_only() {
        let required = [(OrgId(1), Some(PersonId(7))), (OrgId(2), None)];
        assert!(open_without_sso(&required, OrgId(1), PersonId(7)));
        assert!(!open_without_sso(&required, OrgId(1), PersonId(8)));
        assert!(!open_without_sso(&required, OrgId(2), PersonId(9)));
        assert!(open_without_sso(&required, OrgId(3), PersonId(9)));
    }
}
