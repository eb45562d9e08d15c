//! One handler module per area. Handlers stay thin: parse, call `domain`, render.

pub mod answer;
pub mod api;
pub mod api_rollouts;
pub mod api_surveys;
pub mod assets;
pub mod cases;
pub mod home;
pub mod import;
pub mod locale;
pub mod outbox;
pub mod people;
pub mod rollouts;
pub mod session;
pub mod survey_results;
pub mod surveys;
pub mod teams;
pub mod tokens;

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

/// Today in UTC (dates default to it when a form leaves them empty).
pub fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}
