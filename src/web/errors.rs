//! One error type for the web layer, [`AppError`], and the API's error body. The middleware
//! that turns any error response into a page or a JSON body a person can understand is
//! [`super::error_pages`]. Internal causes are logged, never shown. This module imports
//! nothing else of `web` but the translations, so every other module may use it.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;

use super::i18n::t;
use crate::db::DbError;
use crate::domain::{self, FieldErrors, Locale};
pub use crate::text::templates::urlencode;

/// Which error to use where:
/// - `NotFound` for anything missing or belonging to another organisation (never say which);
/// - `Forbidden` when the person lacks the role; `Unauthorized` when nobody is signed in;
/// - `Csrf` for a missing or wrong form token; `Invalid` for input that fails validation;
/// - `BadRequest(key)` for malformed input with a translated explanation;
/// - `Internal` for everything else (logged with its cause; the user sees a generic text).
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    #[error("not signed in")]
    Unauthorized,
    #[error("missing or wrong CSRF token")]
    Csrf,
    #[error("too many attempts")]
    TooManyRequests,
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    #[error("payload too large")]
    TooLarge,
    #[error("invalid input")]
    Invalid(FieldErrors),
    #[error("internal error")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// An error and its causes, one after the other (`outer: inner: root`), for the log. A cause
/// the error before it already ends with (thiserror's `"…: {0}"` over its source) is not
/// repeated.
struct Chain<'a>(&'a (dyn std::error::Error + 'static));

impl std::fmt::Display for Chain<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut shown = self.0.to_string();
        f.write_str(&shown)?;
        let mut cause = self.0.source();
        while let Some(e) = cause {
            let text = e.to_string();
            if !shown.ends_with(&text) {
                write!(f, ": {text}")?;
            }
            shown = text;
            cause = e.source();
        }
        Ok(())
    }
}

impl AppError {
    /// An internal error, keeping `cause` (and its own causes) for the log.
    pub fn internal(cause: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> AppError {
        AppError::Internal(cause.into())
    }

    /// The machine-readable code of the API's error body.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotFound => "not_found",
            AppError::Forbidden => "forbidden",
            AppError::Unauthorized => "unauthorized",
            AppError::Csrf => "csrf",
            AppError::TooManyRequests => "too_many_requests",
            AppError::BadRequest(_) => "bad_request",
            AppError::TooLarge => "too_large",
            AppError::Invalid(_) => "invalid",
            AppError::Internal(_) => "internal",
        }
    }

    /// The translation key of what a person is told.
    pub fn message_key(&self) -> &'static str {
        match self {
            AppError::NotFound => "error-not-found",
            AppError::Forbidden => "error-forbidden",
            AppError::Unauthorized => "error-unauthorized",
            AppError::Csrf => "error-csrf",
            AppError::TooManyRequests => "error-too-many",
            AppError::BadRequest(key) => key,
            AppError::TooLarge => "error-too-large",
            AppError::Invalid(_) => "error-invalid",
            AppError::Internal(_) => "error-internal",
        }
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden | AppError::Csrf => StatusCode::FORBIDDEN,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let AppError::Internal(cause) = self {
            tracing::error!(error = %Chain(cause.as_ref()), "internal error");
        }
        // The body is replaced by `render_errors`; this one is a last resort.
        HttpResponse::build(self.status_code())
            .content_type("text/plain; charset=utf-8")
            .body(t(Locale::En, self.message_key()))
    }
}

impl From<domain::Error> for AppError {
    fn from(e: domain::Error) -> Self {
        match e {
            domain::Error::NotFound => AppError::NotFound,
            domain::Error::Forbidden => AppError::Forbidden,
            domain::Error::Invalid(errors) => AppError::Invalid(errors),
            domain::Error::Db(e) => AppError::internal(e),
            domain::Error::Internal(e) => AppError::internal(e),
        }
    }
}

impl From<crate::text::mail::Error> for AppError {
    fn from(e: crate::text::mail::Error) -> Self {
        match e {
            crate::text::mail::Error::Domain(e) => AppError::from(e),
            render @ crate::text::mail::Error::Render(_) => AppError::internal(render),
        }
    }
}

impl From<DbError> for AppError {
    fn from(e: DbError) -> Self {
        AppError::internal(e)
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        AppError::from(domain::Error::from(e))
    }
}

impl From<tera::Error> for AppError {
    fn from(e: tera::Error) -> Self {
        AppError::internal(e)
    }
}

/// The body of every error response under `/api/…`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ApiError {
    pub error: ApiErrorDetail,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ApiErrorDetail {
    /// `not_found`, `forbidden`, `unauthorized`, `csrf`, `too_many_requests`, `bad_request`,
    /// `too_large`, `invalid` (see `fields`), `internal`, or `error` for the rest.
    #[schema(example = "invalid")]
    pub code: String,
    /// What went wrong, in the caller's language.
    pub message: String,
    /// With `invalid`: field name → what is wrong with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<std::collections::BTreeMap<String, String>>,
    /// With a server error (5xx): the request's reference, to quote when reporting it; the
    /// server's log lines for the request carry the same id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

pub fn is_api_path(path: &str) -> bool {
    path.starts_with("/api/")
}

#[cfg(test)]
mod tests {
    use super::{AppError, Chain};

    #[test]
    fn an_internal_error_keeps_its_causes_for_the_log() {
        #[derive(Debug, thiserror::Error)]
        #[error("saving the check-in")]
        struct Outer(#[source] std::io::Error);
        let err = AppError::internal(Outer(std::io::Error::other("disk full")));
        assert_eq!(
            Chain(&err).to_string(),
            "internal error: saving the check-in: disk full"
        );
        // A cause the message already shows is not repeated.
        let db = crate::db::DbError::from(std::io::Error::other("disk full"));
        assert_eq!(
            Chain(&db).to_string(),
            "could not prepare the database directory: disk full"
        );
    }
}
