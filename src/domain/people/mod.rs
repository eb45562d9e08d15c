//! People of an organisation and the rules for creating and editing them; their roles are in
//! `roles`. A person is an account's membership of one organisation: the address, password
//! and language are the account's ([`accounts`]), which may be a person of other
//! organisations too. Adding an address that already has an account adds a membership to
//! it, exactly as for a new one, so an organisation learns nothing about any other.

use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use super::{DbConn, Error, FieldErrors, Locale, Page, Result, is_unique_violation, now};
use crate::db::lower;
use crate::db::schema::{accounts as accounts_t, login_tokens, people, person_roles, sessions};
use crate::domain::ids::{AccountId, OrgId, PersonId};

pub mod accounts;
mod roles;

pub use roles::{Role, grant_role, role_counts, roles_of};
use roles::{roles_of_many, set_roles};

#[derive(Debug, Clone, Queryable, Selectable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = people)]
pub struct PersonRow {
    pub id: PersonId,
    #[serde(skip)]
    pub org_id: OrgId,
    /// The account the person signs in with (see [`accounts`]).
    #[serde(skip)]
    pub account_id: AccountId,
    /// The account's address: reading a person needs `people` joined with `accounts`.
    #[diesel(select_expression = accounts_t::email)]
    pub email: String,
    pub name: String,
    /// The account's language.
    #[diesel(select_expression = accounts_t::locale)]
    pub locale: String,
    pub active: bool,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
}

/// A person with their roles.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Person {
    #[serde(flatten)]
    pub row: PersonRow,
    pub roles: Vec<Role>,
}

impl Person {
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

/// Input for creating or editing a person.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct PersonInput {
    pub name: String,
    pub email: String,
    #[serde(default)]
    pub locale: Locale,
    #[serde(default)]
    pub roles: Vec<Role>,
}

impl PersonInput {
    /// Trims and lower-cases what should be, and gives a person with no role the member role.
    pub fn normalised(&self) -> PersonInput {
        let mut roles = self.roles.clone();
        roles.sort();
        roles.dedup();
        if roles.is_empty() {
            roles.push(Role::Member);
        }
        PersonInput {
            name: self.name.trim().to_owned(),
            email: self.email.trim().to_lowercase(),
            locale: self.locale,
            roles,
        }
    }

    pub fn validate(&self) -> FieldErrors {
        let mut errors = FieldErrors::default();
        if self.name.is_empty() || self.name.chars().count() > 120 {
            errors.add("name", "field-name-length");
        }
        if !super::valid_email(&self.email) {
            errors.add("email", "field-email-invalid");
        }
        errors
    }
}

/// Passwords: at least 10 characters, at most 200.
pub fn validate_password(password: &str) -> Result<()> {
    let n = password.chars().count();
    if !(10..=200).contains(&n) {
        return Err(FieldErrors::single("password", "field-password-length"));
    }
    Ok(())
}

fn email_taken(e: diesel::result::Error) -> Error {
    if is_unique_violation(&e) {
        FieldErrors::single("email", "field-email-taken")
    } else {
        Error::from(e)
    }
}

/// Adds a person with the given roles (member when none). The address's account is made
/// when there is none, with the language and the password hash given; an existing account
/// (of this organisation's or another's people) keeps its own, and only gains the
/// membership. An address already a person here is `field-email-taken`.
pub fn create(
    conn: &mut DbConn,
    org_id: OrgId,
    input: &PersonInput,
    password_hash: Option<&str>,
) -> Result<Person> {
    let input = input.normalised();
    input.validate().into_result()?;
    let account = accounts::find_or_create(conn, &input.email, input.locale, password_hash)?;
    let at = now();
    let id: PersonId = diesel::insert_into(people::table)
        .values((
            people::org_id.eq(org_id),
            people::account_id.eq(account),
            people::name.eq(&input.name),
            people::active.eq(true),
            people::created_at.eq(at),
            people::updated_at.eq(at),
        ))
        .returning(people::id)
        .get_result(conn)
        .map_err(email_taken)?;
    set_roles(conn, org_id, id, &input.roles)?;
    find(conn, org_id, id)
}

/// Replaces a person's name, address, language and roles. The language is the account's.
/// A new address moves the membership to that address's account (made, in the language
/// given, when there is none; an existing one keeps its own): the account behind the old
/// address is never changed, and what signed in with it here — sessions, unused sign-in
/// links — ends.
pub fn update(
    conn: &mut DbConn,
    org_id: OrgId,
    id: PersonId,
    input: &PersonInput,
) -> Result<Person> {
    let input = input.normalised();
    input.validate().into_result()?;
    let current = find(conn, org_id, id)?;
    let mut account = current.row.account_id;
    if input.email == current.row.email {
        accounts::set_locale(conn, account, input.locale)?;
    } else {
        account = accounts::find_or_create(conn, &input.email, input.locale, None)?;
        diesel::delete(sessions::table.filter(sessions::person_id.eq(id))).execute(conn)?;
        diesel::delete(login_tokens::table.filter(login_tokens::person_id.eq(id))).execute(conn)?;
    }
    diesel::update(
        people::table
            .filter(people::org_id.eq(org_id))
            .filter(people::id.eq(id)),
    )
    .set((
        people::account_id.eq(account),
        people::name.eq(&input.name),
        people::updated_at.eq(now()),
    ))
    .execute(conn)
    .map_err(email_taken)?;
    set_roles(conn, org_id, id, &input.roles)?;
    find(conn, org_id, id)
}

/// Activates or deactivates a person. A deactivated person cannot sign in; ending their
/// sessions and revoking their API tokens is the use case's (`app::people::set_active`).
pub fn set_active(conn: &mut DbConn, org_id: OrgId, id: PersonId, active: bool) -> Result<()> {
    let n = diesel::update(
        people::table
            .filter(people::org_id.eq(org_id))
            .filter(people::id.eq(id)),
    )
    .set((people::active.eq(active), people::updated_at.eq(now())))
    .execute(conn)?;
    crate::domain::found(n)
}

fn with_roles(conn: &mut DbConn, rows: Vec<PersonRow>) -> Result<Vec<Person>> {
    let ids: Vec<PersonId> = rows.iter().map(|r| r.id).collect();
    let mut roles = roles_of_many(conn, &ids)?;
    Ok(rows
        .into_iter()
        .map(|row| Person {
            roles: roles.remove(&row.id).unwrap_or_default(),
            row,
        })
        .collect())
}

/// One person of the organisation.
pub fn find(conn: &mut DbConn, org_id: OrgId, id: PersonId) -> Result<Person> {
    let row = people::table
        .inner_join(accounts_t::table)
        .filter(people::org_id.eq(org_id))
        .filter(people::id.eq(id))
        .select(PersonRow::as_select())
        .first(conn)?;
    with_roles(conn, vec![row])?.pop().ok_or(Error::NotFound)
}

/// Filters for the people list.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Matches name or email, case-insensitively.
    pub q: Option<String>,
    pub page: Option<i64>,
    /// A role name; empty means any role (as the filter form sends it).
    #[serde(default, deserialize_with = "role_or_any")]
    pub role: Option<Role>,
    #[serde(default)]
    pub include_inactive: bool,
}

fn role_or_any<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Role>, D::Error> {
    let text: Option<String> = Option::deserialize(d)?;
    match text.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(name) => Role::from_name(name)
            .map(Some)
            .ok_or_else(|| serde::de::Error::custom("unknown role")),
    }
}

pub const PER_PAGE: i64 = 50;

/// A page of the organisation's people, sorted by name.
pub fn list(conn: &mut DbConn, org_id: OrgId, query: &ListQuery) -> Result<Page<Person>> {
    let build = || {
        let mut q = people::table
            .inner_join(accounts_t::table)
            .filter(people::org_id.eq(org_id))
            .into_boxed();
        if !query.include_inactive {
            q = q.filter(people::active.eq(true));
        }
        if let Some(text) = query.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            let escaped = text
                .to_lowercase()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            let pattern = format!("%{escaped}%");
            q = q.filter(
                accounts_t::email
                    .like(pattern.clone())
                    .escape('\\')
                    .or(lower(people::name).like(pattern).escape('\\')),
            );
        }
        if let Some(role) = query.role {
            q = q.filter(
                people::id.eq_any(
                    person_roles::table
                        .filter(person_roles::role.eq(role))
                        .select(person_roles::person_id),
                ),
            );
        }
        q
    };
    let total: i64 = build().count().get_result(conn)?;
    let page = super::page_number(query.page, PER_PAGE);
    let rows = build()
        .order((people::name.asc(), people::id.asc()))
        .limit(PER_PAGE)
        .offset((page - 1) * PER_PAGE)
        .select(PersonRow::as_select())
        .load(conn)?;
    Ok(Page {
        items: with_roles(conn, rows)?,
        page,
        per_page: PER_PAGE,
        total,
    })
}

/// Active people of the organisation as (id, name), sorted by name: for pickers.
pub fn names(conn: &mut DbConn, org_id: OrgId) -> Result<Vec<(PersonId, String)>> {
    Ok(people::table
        .filter(people::org_id.eq(org_id))
        .filter(people::active.eq(true))
        .order(people::name.asc())
        .select((people::id, people::name))
        .load(conn)?)
}

/// The person of the organisation with this address, if any.
pub fn find_by_email(conn: &mut DbConn, org_id: OrgId, email: &str) -> Result<Option<PersonRow>> {
    Ok(people::table
        .inner_join(accounts_t::table)
        .filter(people::org_id.eq(org_id))
        .filter(accounts_t::email.eq(email.trim().to_lowercase()))
        .select(PersonRow::as_select())
        .first(conn)
        .optional()?)
}

/// Number of active people in the organisation.
pub fn active_count(conn: &mut DbConn, org_id: OrgId) -> Result<i64> {
    Ok(people::table
        .filter(people::org_id.eq(org_id))
        .filter(people::active.eq(true))
        .count()
        .get_result(conn)?)
}
