//! One error type for the web layer, [`AppError`], and the middleware that turns any error
//! response into a page (HTML routes) or a JSON body (`/api/…`) a person can understand,
//! in their language. Internal causes are logged, never shown.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;

use super::context::RequestContext;
use super::i18n::t;
use super::render;
use crate::db::DbError;
use crate::domain::{self, FieldErrors, Locale};

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
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    fn code(&self) -> &'static str {
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

    fn message_key(&self) -> &'static str {
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
            tracing::error!(%cause, "internal error");
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
            domain::Error::Db(e) => AppError::Internal(e.to_string()),
            domain::Error::Internal(e) => AppError::Internal(e),
        }
    }
}

impl From<DbError> for AppError {
    fn from(e: DbError) -> Self {
        AppError::Internal(e.to_string())
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        AppError::from(domain::Error::from(e))
    }
}

impl From<tera::Error> for AppError {
    fn from(e: tera::Error) -> Self {
        AppError::Internal(format!("template: {e:?}"))
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
}

pub fn is_api_path(path: &str) -> bool {
    path.starts_with("/api/")
}

fn generic_key(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "error-bad-request",
        401 => "error-unauthorized",
        403 => "error-forbidden",
        404 => "error-not-found",
        405 => "error-method",
        413 => "error-too-large",
        415 => "error-bad-request",
        422 => "error-invalid",
        429 => "error-too-many",
        _ => "error-internal",
    }
}

/// Middleware: replaces the body of every error response with a translated page or JSON.
pub async fn render_errors(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let res = next.call(req).await?;
    let Some(err) = res.response().error() else {
        return Ok(res.map_into_boxed_body());
    };
    let status = res.status();
    let app_err = err.as_error::<AppError>();
    let (code, key) = match app_err {
        Some(e) => (e.code(), e.message_key()),
        None => ("error", generic_key(status)),
    };
    let fields = match app_err {
        Some(AppError::Invalid(f)) => f.clone(),
        _ => FieldErrors::default(),
    };
    let unauthorized = matches!(app_err, Some(AppError::Unauthorized));
    let (req, _) = res.into_parts();
    let ctx = RequestContext::of(&req);
    let locale = ctx.as_ref().map(|c| c.locale).unwrap_or_default();

    if is_api_path(req.path()) {
        let field_messages: std::collections::BTreeMap<String, String> = fields
            .by_field()
            .into_iter()
            .map(|(f, k)| (f.to_owned(), t(locale, k)))
            .collect();
        let body = ApiError {
            error: ApiErrorDetail {
                code: code.to_owned(),
                message: t(locale, key),
                fields: (!field_messages.is_empty()).then_some(field_messages),
            },
        };
        let mut response = HttpResponse::build(status).json(body);
        if unauthorized {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"hverdag\""),
            );
        }
        return Ok(ServiceResponse::new(req, response));
    }

    if unauthorized {
        let target = req
            .uri()
            .path_and_query()
            .map(|pq| pq.as_str())
            .unwrap_or("/");
        let location = format!("/login?next={}", urlencode(target));
        let response = HttpResponse::SeeOther()
            .insert_header((header::LOCATION, location))
            .finish();
        return Ok(ServiceResponse::new(req, response));
    }

    let mut context = tera::Context::new();
    context.insert("status", &status.as_u16());
    context.insert("message_key", key);
    let response = match render::page_with_status(&req, status, "error.html", context) {
        Ok(r) => r,
        Err(e) => {
            tracing::error!(error = %e, "could not render the error page");
            HttpResponse::build(status)
                .content_type("text/plain; charset=utf-8")
                .body(t(locale, key))
        }
    };
    Ok(ServiceResponse::new(req, response))
}

/// Percent-encodes a value for a query string.
pub fn urlencode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
