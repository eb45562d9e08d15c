//! Who is making a request: the person, their organisation and roles, as the sign-in (a
//! session or an API token, see [`super::auth`]) established them. Every concept that checks
//! a permission takes an [`Identity`]; none needs to know how it was signed in.

use serde::Serialize;

use super::people::{PersonRow, Role};
use super::periods::Periods;
use super::{Error, Locale, Result};
use crate::domain::ids::{AccountId, ApiTokenId, OrgId, PersonId, SessionId};

/// A row of the one query that finds who is calling: the person, the organisation's name,
/// time zone and period length (the same on each row), and one of the person's roles
/// (`None`: the person has none).
pub(crate) type IdentityRow = (PersonRow, String, String, i32, Option<Role>);

/// Who is making a request.
#[derive(Debug, Clone, Serialize)]
pub struct Identity {
    pub person_id: PersonId,
    pub org_id: OrgId,
    /// The account signed in, which may be a person of other organisations too.
    #[serde(skip)]
    pub account_id: AccountId,
    /// The organisation's name, for the header.
    pub org_name: String,
    pub name: String,
    pub email: String,
    pub locale: Locale,
    pub roles: Vec<Role>,
    /// The organisation's time zone (IANA name), for showing times.
    pub time_zone: String,
    /// How long the organisation's OKR periods are.
    pub periods: Periods,
    /// The API token the request was made with; `None`: a browser session.
    #[serde(skip)]
    pub api_token: Option<ApiTokenId>,
    /// The address the request came from (for the audit log), when known.
    #[serde(skip)]
    pub address: Option<String>,
    /// The browser session the request was made in; `None`: an API token.
    #[serde(skip)]
    pub session: Option<SessionId>,
}

impl Identity {
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// Today in the organisation's time zone.
    pub fn today(&self) -> chrono::NaiveDate {
        super::periods::local_date(&self.time_zone, chrono::Utc::now())
    }

    /// Leaders and ambassadors watch adoption across the organisation.
    pub fn is_watcher(&self) -> bool {
        self.has_role(Role::Leader) || self.has_role(Role::Ambassador)
    }

    /// The organisation's OKR period today.
    pub fn current_period(&self) -> String {
        self.periods.of(self.today())
    }

    /// `Ok` when the person holds `role`, else [`Error::Forbidden`].
    pub fn require(&self, role: Role) -> Result<()> {
        if self.has_role(role) {
            Ok(())
        } else {
            Err(Error::Forbidden)
        }
    }

    /// An identity from one query's rows (see [`IdentityRow`]).
    pub(crate) fn from_rows(
        rows: Vec<IdentityRow>,
        api_token: Option<ApiTokenId>,
    ) -> Option<Identity> {
        let mut roles: Vec<Role> = rows.iter().filter_map(|(.., role)| *role).collect();
        roles.sort();
        roles.dedup();
        let (person, org_name, time_zone, months, _) = rows.into_iter().next()?;
        Some(Identity {
            account_id: person.account_id,
            org_name,
            time_zone,
            periods: Periods::from_months(months).unwrap_or_default(),
            person_id: person.id,
            org_id: person.org_id,
            name: person.name,
            email: person.email,
            locale: Locale::parse(&person.locale).unwrap_or_default(),
            roles,
            api_token,
            address: None,
            session: None,
        })
    }
}
