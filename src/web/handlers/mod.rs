//! One handler module per area. Handlers stay thin: parse, call the use case in `app`, render.

pub mod account;
pub mod adoption;
pub mod agendas;
pub mod answer;
pub mod api;
pub mod api_adoption;
pub mod api_meetings;
pub mod api_okrs;
pub mod api_rollouts;
pub mod api_surveys;
pub mod assets;
pub mod audit;
pub mod calendar;
pub mod cases;
pub mod channels;
pub mod check_in_links;
pub mod check_ins;
pub mod checklist;
pub mod closure_form;
pub mod editor;
pub mod home;
pub mod import;
pub mod invites;
pub mod key_results;
pub mod live;
pub mod locale;
pub mod meeting_files;
mod meeting_form;
pub mod meetings;
pub mod okrs;
pub mod org_objectives;
pub mod outbox;
pub mod people;
pub mod rollouts;
pub mod session;
pub mod settings;
pub mod sso;
pub mod survey_questions;
pub mod survey_results;
pub mod surveys;
pub mod teams;
pub mod tokens;
mod workshop_form;
pub mod workshop_outcome;
pub mod workshop_rooms;
pub mod workshops;

use actix_web::web;
use serde::Serialize;

use super::errors::AppError;
use crate::domain::FieldErrors;

/// Malformed query strings get a 400 with an explanation.
pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default()
        .error_handler(|_, _| AppError::BadRequest("error-bad-request").into())
}

/// A path segment that does not parse (e.g. `/people/abc`) simply does not exist.
pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|_, _| AppError::NotFound.into())
}

/// Field errors for a template: `errors.<field>` is the translation key of the problem.
/// A map keyed by ids, for a template: Tera 2 keeps integer keys as integers, while its
/// `get(key=…)` filter looks keys up as text, so `names | get(key=id ~ "")` would find nothing.
pub fn keyed_by_text<K: ToString, V>(
    map: impl IntoIterator<Item = (K, V)>,
) -> std::collections::BTreeMap<String, V> {
    map.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

pub fn errors_value(errors: &FieldErrors) -> impl Serialize + use<> {
    errors
        .by_field()
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect::<std::collections::BTreeMap<String, String>>()
}

/// Splits a domain result into "show the form again with these errors" and real failures.
pub fn form_errors<T>(
    result: crate::domain::Result<T>,
) -> Result<Result<T, FieldErrors>, AppError> {
    match result {
        Ok(v) => Ok(Ok(v)),
        Err(crate::domain::Error::Invalid(errors)) => Ok(Err(errors)),
        Err(e) => Err(e.into()),
    }
}

/// The period a query names (`2027-Q1`, …), else the organisation's current one; a period
/// that is not one is a 400.
pub fn period_or_current(
    me: &crate::domain::identity::Identity,
    period: Option<String>,
) -> Result<String, AppError> {
    match period {
        Some(p) if crate::domain::periods::valid(&p) => Ok(p),
        Some(_) => Err(AppError::BadRequest("error-bad-period")),
        None => Ok(me.current_period()),
    }
}

/// A `YYYY-MM-DD` form field; records `field-date-invalid` for `field` when it is not one.
pub fn parse_date(errors: &mut FieldErrors, field: &'static str, value: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").unwrap_or_else(|_| {
        errors.add(field, "field-date-invalid");
        chrono::NaiveDate::MIN
    })
}

/// The "move up / move down" buttons of ordered lists.
#[derive(serde::Deserialize)]
pub struct MoveForm {
    direction: String,
}

impl MoveForm {
    pub fn up(&self) -> Result<bool, AppError> {
        match self.direction.as_str() {
            "up" => Ok(true),
            "down" => Ok(false),
            _ => Err(AppError::BadRequest("error-bad-form")),
        }
    }
}

/// `?lang=en|nb` on the API: the language of built-in texts; the caller's own by default.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LangQuery {
    /// `en` or `nb` (also `no`, `nn`, `nb-NO`); the caller's language when absent.
    lang: Option<String>,
}

impl LangQuery {
    pub fn locale(
        &self,
        me: &crate::domain::identity::Identity,
    ) -> Result<crate::domain::Locale, AppError> {
        match self.lang.as_deref().map(str::trim) {
            None | Some("") => Ok(me.locale),
            Some(code) => {
                crate::domain::Locale::parse(code).ok_or(AppError::BadRequest("error-bad-request"))
            }
        }
    }
}

/// Runs a use case on parsed form input. Problems with the input — found while parsing the
/// form or by the use case — come back as `Ok(Err(errors))`, so a handler shows the form
/// again in one place.
pub async fn submit<I, T, F, Fut>(
    input: Result<I, FieldErrors>,
    call: F,
) -> Result<Result<T, FieldErrors>, AppError>
where
    F: FnOnce(I) -> Fut,
    Fut: std::future::Future<Output = crate::domain::Result<T>>,
{
    match input {
        Ok(input) => form_errors(call(input).await),
        Err(errors) => Ok(Err(errors)),
    }
}

/// Saves parsed form input in a write transaction. Problems with the input — found while
/// parsing the form or by the domain's validation — come back as `Ok(Err(errors))`, so a
/// handler shows the form again in one place.
pub async fn save_form<I, T, F>(
    state: &super::AppState,
    input: Result<I, FieldErrors>,
    save: F,
) -> Result<Result<T, FieldErrors>, AppError>
where
    I: Send + 'static,
    T: Send + 'static,
    F: FnOnce(&mut crate::db::DbConn, I) -> crate::domain::Result<T> + Send + 'static,
{
    match input {
        Ok(input) => form_errors(state.db.write(move |c| save(c, input)).await),
        Err(errors) => Ok(Err(errors)),
    }
}

/// For JSON patches: a field that may be absent (`None`: keep the current value), `null`
/// (`Some(None)`: clear it) or a value.
pub(crate) fn double_option<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    serde::Deserialize::deserialize(d).map(Some)
}
