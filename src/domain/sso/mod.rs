//! Single sign-on over OpenID Connect, per organisation: its provider (issuer, client id and
//! secret), the email domains that lead the sign-in page to it (each domain belongs to one
//! organisation at most), how a new person is treated, and whether SSO is *required*
//! (password and emailed-link sign-in off for the organisation, but for one break-glass
//! leader). The protocol itself is `app::sso`'s; here are the rules that need no network:
//! the configuration, the requests waiting for a provider's answer ([`requests`]) and who a
//! provider's answer signs in ([`sign_in`]).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use super::ids::{OrgId, PersonId};
use super::people::{self, Role};
use super::{DbConn, FieldErrors, Result, is_unique_violation, now};
use crate::db::schema::{sessions, sso_configs, sso_domains};

pub mod requests;
pub mod sign_in;

crate::domain::codes::text_enum! {
    /// What becomes of someone the provider vouches for who is not a person here yet.
    #[derive(Serialize, serde::Deserialize, utoipa::ToSchema)]
    #[serde(rename_all = "snake_case")]
    pub enum NewPeople {
        /// They join as a member on their first sign-in.
        Member = "member",
        /// They are refused unless invited (an invitation waiting for their address).
        InvitedOnly = "invited_only",
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sso_configs)]
struct ConfigRow {
    org_id: OrgId,
    issuer: String,
    client_id: String,
    client_secret: String,
    new_people: NewPeople,
    required: bool,
    break_glass_id: Option<PersonId>,
    updated_at: NaiveDateTime,
}

/// An organisation's provider. The client secret is never serialised: no page or API
/// answer shows it again after it is saved.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SsoConfig {
    #[serde(skip)]
    pub org_id: OrgId,
    pub issuer: String,
    pub client_id: String,
    #[serde(skip)]
    pub client_secret: String,
    pub new_people: NewPeople,
    pub required: bool,
    pub break_glass_id: Option<PersonId>,
    /// The email domains (lower case) that belong to the organisation.
    pub domains: Vec<String>,
    pub updated_at: NaiveDateTime,
}

/// What a leader saves. An empty secret keeps the one saved before.
#[derive(Debug, Clone, Default)]
pub struct SsoInput {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    /// Separated by commas, spaces or new lines.
    pub domains: String,
    pub new_people: Option<NewPeople>,
    pub required: bool,
    pub break_glass_id: Option<PersonId>,
}

/// An issuer URL: `https://`, or `http://` to this machine only (a provider under test);
/// no spaces, query or fragment.
fn valid_issuer(issuer: &str) -> bool {
    let (https, rest) = match (
        issuer.strip_prefix("https://"),
        issuer.strip_prefix("http://"),
    ) {
        (Some(rest), _) => (true, rest),
        (None, Some(rest)) => (false, rest),
        _ => return false,
    };
    let host = rest.split(['/', ':']).next().unwrap_or("");
    !host.is_empty()
        && (https || host == "127.0.0.1" || host == "localhost")
        && issuer.len() <= 300
        && !issuer
            .chars()
            .any(|c| c.is_whitespace() || c == '?' || c == '#')
}

/// A domain as people type it (`Acme.no`, `@acme.no`): lower case, at least one dot,
/// letters, digits and hyphens between them.
fn domain(text: &str) -> Option<String> {
    let d = text.trim().trim_start_matches('@').to_lowercase();
    let labels: Vec<&str> = d.split('.').collect();
    let ok = labels.len() >= 2
        && d.len() <= 253
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    ok.then_some(d)
}

/// The domains a leader typed, or the field error.
fn domains(text: &str) -> std::result::Result<Vec<String>, &'static str> {
    let mut out = Vec::new();
    for part in text
        .split([',', ' ', '\n', '\r', ';'])
        .filter(|p| !p.trim().is_empty())
    {
        let d = domain(part).ok_or("field-sso-domains-invalid")?;
        if !out.contains(&d) {
            out.push(d);
        }
    }
    if out.is_empty() {
        return Err("field-sso-domains-required");
    }
    Ok(out)
}

/// The organisation's provider, if it has one.
pub fn find(conn: &mut DbConn, org_id: OrgId) -> Result<Option<SsoConfig>> {
    let Some(row) = sso_configs::table
        .find(org_id)
        .select(ConfigRow::as_select())
        .first(conn)
        .optional()?
    else {
        return Ok(None);
    };
    let domains = sso_domains::table
        .filter(sso_domains::org_id.eq(org_id))
        .order(sso_domains::domain.asc())
        .select(sso_domains::domain)
        .load(conn)?;
    Ok(Some(SsoConfig {
        org_id: row.org_id,
        issuer: row.issuer,
        client_id: row.client_id,
        client_secret: row.client_secret,
        new_people: row.new_people,
        required: row.required,
        break_glass_id: row.break_glass_id,
        domains,
        updated_at: row.updated_at,
    }))
}

/// The provider of the organisation an address's domain belongs to, if any.
pub fn for_email(conn: &mut DbConn, email: &str) -> Result<Option<SsoConfig>> {
    let Some((_, d)) = email.trim().rsplit_once('@') else {
        return Ok(None);
    };
    let org: Option<OrgId> = sso_domains::table
        .find(d.to_lowercase())
        .select(sso_domains::org_id)
        .first(conn)
        .optional()?;
    match org {
        Some(org) => find(conn, org),
        None => Ok(None),
    }
}

/// Saves the organisation's provider (leaders; the use case checks). Validates every field;
/// a domain another organisation has is `field-sso-domain-taken`. Turning *required* on
/// ends the sessions in the organisation that did not come through the provider, but the
/// break-glass leader's.
pub fn save(conn: &mut DbConn, org_id: OrgId, input: &SsoInput) -> Result<SsoConfig> {
    let before = find(conn, org_id)?;
    let mut errors = FieldErrors::default();
    let issuer = input.issuer.trim().trim_end_matches('/').to_owned();
    if !valid_issuer(&issuer) {
        errors.add("issuer", "field-sso-issuer");
    }
    let client_id = input.client_id.trim().to_owned();
    if client_id.is_empty() || client_id.len() > 200 {
        errors.add("client_id", "field-sso-client-id");
    }
    let secret = match input.client_secret.trim() {
        "" => before.as_ref().map(|b| b.client_secret.clone()),
        s if s.len() <= 500 => Some(s.to_owned()),
        _ => None,
    };
    if secret.is_none() {
        errors.add("client_secret", "field-sso-client-secret");
    }
    let wanted = domains(&input.domains).unwrap_or_else(|key| {
        errors.add("domains", key);
        Vec::new()
    });
    let new_people = input.new_people.unwrap_or(NewPeople::InvitedOnly);
    if input.required {
        let leader = match input.break_glass_id {
            Some(id) => people::find(conn, org_id, id)
                .ok()
                .filter(|p| p.row.active && p.has_role(Role::Leader)),
            None => None,
        };
        if leader.is_none() {
            errors.add("break_glass_id", "field-sso-break-glass");
        }
    }
    errors.into_result()?;
    let secret = secret.unwrap_or_default();
    let values = (
        sso_configs::issuer.eq(&issuer),
        sso_configs::client_id.eq(&client_id),
        sso_configs::client_secret.eq(&secret),
        sso_configs::new_people.eq(new_people),
        sso_configs::required.eq(input.required),
        sso_configs::break_glass_id.eq(input.break_glass_id.filter(|_| input.required)),
        sso_configs::updated_at.eq(now()),
    );
    if before.is_some() {
        diesel::update(sso_configs::table.find(org_id))
            .set(values)
            .execute(conn)?;
    } else {
        diesel::insert_into(sso_configs::table)
            .values((sso_configs::org_id.eq(org_id), values))
            .execute(conn)?;
    }
    diesel::delete(sso_domains::table.filter(sso_domains::org_id.eq(org_id))).execute(conn)?;
    for d in &wanted {
        diesel::insert_into(sso_domains::table)
            .values((sso_domains::domain.eq(d), sso_domains::org_id.eq(org_id)))
            .execute(conn)
            .map_err(|e| {
                if is_unique_violation(&e) {
                    FieldErrors::single("domains", "field-sso-domain-taken")
                } else {
                    e.into()
                }
            })?;
    }
    if input.required {
        let mut gone = diesel::delete(
            sessions::table
                .filter(sessions::org_id.eq(org_id))
                .filter(sessions::sso_org_id.is_null()),
        )
        .into_boxed();
        if let Some(keep) = input.break_glass_id {
            gone = gone.filter(sessions::person_id.ne(keep));
        }
        gone.execute(conn)?;
    }
    find(conn, org_id)?.ok_or(super::Error::NotFound)
}

/// Disconnects the organisation's provider: its domains lead nowhere, and everyone signs
/// in with passwords and emailed links again.
pub fn remove(conn: &mut DbConn, org_id: OrgId) -> Result<()> {
    diesel::delete(sso_domains::table.filter(sso_domains::org_id.eq(org_id))).execute(conn)?;
    let n = diesel::delete(sso_configs::table.find(org_id)).execute(conn)?;
    super::found(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issuers_are_https_or_this_machine() {
        assert!(valid_issuer("https://login.acme.no"));
        assert!(valid_issuer(
            "https://login.microsoftonline.com/tenant/v2.0"
        ));
        assert!(valid_issuer("http://127.0.0.1:4000"));
        assert!(!valid_issuer("http://login.acme.no"));
        assert!(!valid_issuer("http://127.0.0.1.evil.example"));
        assert!(!valid_issuer("https://"));
        assert!(!valid_issuer("https://acme.no/?a=b"));
        assert!(!valid_issuer("ftp://acme.no"));
    }

    #[test]
    fn domains_are_read_as_people_type_them() {
        assert_eq!(
            domains("Acme.no, @acme.com\nacme.no"),
            Ok(vec!["acme.no".to_owned(), "acme.com".to_owned()])
        );
        assert_eq!(domains("  "), Err("field-sso-domains-required"));
        assert_eq!(domains("acme"), Err("field-sso-domains-invalid"));
        assert_eq!(domains("-acme.no"), Err("field-sso-domains-invalid"));
        assert_eq!(domain("Ærø.dk").as_deref(), Some("ærø.dk"));
    }
}
