//! The domain: one module per concept, plain structs and functions over a [`DbConn`], no web
//! types, so every rule can be tested without HTTP.

pub mod access;
pub mod adoption;
pub mod api_tokens;
pub mod audit;
pub mod auth;
pub mod calendar;
pub mod cases;
pub mod changes;
pub mod channels;
pub mod codes;
pub mod csrf;
pub mod csv_out;
pub mod demo;
pub mod home;
pub mod identity;
pub mod ids;
pub mod import;
pub mod invites;
pub mod meetings;
pub mod okrs;
pub mod org;
pub mod outbox;
pub mod people;
pub mod periods;
pub mod rollouts;
pub mod sealed;
pub mod sessions;
pub mod sso;
pub mod surveys;
pub mod teams;
#[cfg(test)]
pub mod testing;
pub mod tokens;
pub mod workshops;

use std::collections::BTreeMap;

use serde::Serialize;

pub use crate::db::DbConn;
use crate::db::DbError;

/// A validation problem with one input field. `key` is a translation key (see `text::i18n`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: &'static str,
    pub key: &'static str,
}

/// All validation problems of one input, in field order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn add(&mut self, field: &'static str, key: &'static str) {
        self.0.push(FieldError { field, key });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(())` when there are no problems, else the domain error carrying them.
    pub fn into_result(self) -> Result<(), Error> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid(self))
        }
    }

    /// The first problem of each field, keyed by field name (for templates and JSON).
    pub fn by_field(&self) -> BTreeMap<&'static str, &'static str> {
        let mut map = BTreeMap::new();
        for e in &self.0 {
            map.entry(e.field).or_insert(e.key);
        }
        map
    }

    pub fn single(field: &'static str, key: &'static str) -> Error {
        let mut errors = FieldErrors::default();
        errors.add(field, key);
        Error::Invalid(errors)
    }
}

/// Errors of the domain layer. The web layer maps each to a status code and a message.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("not found")]
    NotFound,
    #[error("not allowed")]
    Forbidden,
    #[error("invalid input: {0:?}")]
    Invalid(FieldErrors),
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("{0}")]
    Internal(String),
}

impl From<diesel::result::Error> for Error {
    fn from(e: diesel::result::Error) -> Self {
        match e {
            diesel::result::Error::NotFound => Error::NotFound,
            other => Error::Db(DbError::Query(other)),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// True when a diesel error is a unique-constraint violation.
pub fn is_unique_violation(e: &diesel::result::Error) -> bool {
    matches!(
        e,
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)
    )
}

/// A page of a long list.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub page: i64,
    pub per_page: i64,
    pub total: i64,
}

impl<T> Page<T> {
    pub fn pages(&self) -> i64 {
        ((self.total + self.per_page - 1) / self.per_page).max(1)
    }
}

/// The interface languages.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    serde::Deserialize,
    Default,
    utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    #[default]
    En,
    Nb,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::En, Locale::Nb];

    pub fn code(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Nb => "nb",
        }
    }

    /// Parses a language code; Norwegian variants (`no`, `nb-NO`, `nn`) map to Bokmål.
    pub fn parse(code: &str) -> Option<Locale> {
        let primary = code
            .trim()
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Locale::En),
            "nb" | "no" | "nn" => Some(Locale::Nb),
            _ => None,
        }
    }
}

/// Checks the syntax of an email address (RFC 5322, by `email_address`, the parser lettre
/// itself uses to send mail): a bare address with a dotted domain, as people in an
/// organisation have; no display name, no `[1.2.3.4]`.
pub fn valid_email(email: &str) -> bool {
    const OPTIONS: email_address::Options = email_address::Options {
        minimum_sub_domains: 2,
        allow_domain_literal: false,
        allow_display_text: false,
        allow_long_local_parts: false,
    };
    email.len() <= 254 && email_address::EmailAddress::parse_with_options(email, OPTIONS).is_ok()
}

/// Moves `id` one place up or down in `order`. `Ok(false)` when it is already first (or last),
/// `NotFound` when it is not in the list.
pub fn move_one<T: PartialEq>(order: &mut [T], id: T, up: bool) -> Result<bool> {
    let index = order.iter().position(|x| *x == id).ok_or(Error::NotFound)?;
    let neighbour = if up {
        index.checked_sub(1)
    } else {
        Some(index + 1).filter(|j| *j < order.len())
    };
    match neighbour {
        Some(j) => {
            order.swap(index, j);
            Ok(true)
        }
        None => Ok(false),
    }
}

/// `Ok` when a change touched a row (`n` rows), else [`Error::NotFound`]: a change whose
/// filters (the organisation, the id, the state it needs) match no row.
pub fn found(n: usize) -> Result<()> {
    if n == 0 { Err(Error::NotFound) } else { Ok(()) }
}

/// One row of `$table` by its `id`, if it belongs to the organisation: the lookup every
/// concept's `find` does, so that an id of another organisation is [`Error::NotFound`] in one
/// place. Expands to a `Result<$row>`.
macro_rules! find_in_org {
    ($table:ident, $row:ty, $conn:expr, $org_id:expr, $id:expr) => {
        Ok($table::table
            .filter($table::org_id.eq($org_id))
            .filter($table::id.eq($id))
            .select(<$row>::as_select())
            .first($conn)?)
    };
}
pub(crate) use find_in_org;

/// The page number to show: at least 1, and small enough that its offset cannot overflow.
pub fn page_number(requested: Option<i64>, per_page: i64) -> i64 {
    requested.unwrap_or(1).clamp(1, i64::MAX / per_page.max(1))
}

pub fn now() -> chrono::NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_parsing_maps_norwegian_variants() {
        assert_eq!(Locale::parse("nb-NO"), Some(Locale::Nb));
        assert_eq!(Locale::parse("no"), Some(Locale::Nb));
        assert_eq!(Locale::parse("en_GB"), Some(Locale::En));
        assert_eq!(Locale::parse("de"), None);
    }

    #[test]
    fn email_shapes() {
        assert!(valid_email("kari@example.no"));
        assert!(!valid_email("kari@example"));
        assert!(!valid_email("kari example@x.no"));
        assert!(!valid_email("@x.no"));
        assert!(!valid_email("a@b@c.no"));
        assert!(!valid_email("Kari <kari@example.no>"));
        assert!(!valid_email("kari@[10.0.0.1]"));
        assert!(!valid_email("kari@.example.no"));
        assert!(valid_email("kari.nordmann+okr@sub.example.no"));
    }

    #[test]
    fn moving_one_place() {
        let mut order = vec![1, 2, 3];
        assert!(move_one(&mut order, 3, true).unwrap());
        assert_eq!(order, vec![1, 3, 2]);
        assert!(!move_one(&mut order, 1, true).unwrap());
        assert!(!move_one(&mut order, 2, false).unwrap());
        assert!(matches!(
            move_one(&mut order, 9, true),
            Err(Error::NotFound)
        ));
        assert_eq!(page_number(Some(i64::MAX), 50), i64::MAX / 50);
        assert_eq!(page_number(Some(-3), 50), 1);
    }

    #[test]
    fn page_count_rounds_up() {
        let p = Page::<()> {
            items: vec![],
            page: 1,
            per_page: 50,
            total: 101,
        };
        assert_eq!(p.pages(), 3);
    }
}
