//! Per-request context, established by one middleware before any handler runs: who is
//! signed in (session cookie, or bearer token on `/api`), the CSRF token, and the language.

use actix_web::body::MessageBody;
use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::Next;
use actix_web::{HttpMessage, HttpRequest, web};

use super::AppState;
use super::errors::{AppError, is_api_path};
use super::i18n::request_locale;
use crate::domain::auth::{self, Identity, SESSION_DAYS};
use crate::domain::{Locale, tokens};

pub const SESSION_COOKIE: &str = "hverdag_session";
pub const CSRF_COOKIE: &str = "hverdag_csrf";

/// What every handler may know about the request.
#[derive(Debug, Clone)]
pub struct RequestContext {
    pub identity: Option<Identity>,
    pub csrf: String,
    pub locale: Locale,
}

impl RequestContext {
    pub fn of(req: &HttpRequest) -> Option<RequestContext> {
        req.extensions().get::<RequestContext>().cloned()
    }
}

/// A cookie with the attributes every Hverdag cookie has: HttpOnly, SameSite=Lax, path `/`,
/// and Secure whenever the public base URL is https.
pub fn cookie(name: &'static str, value: String, secure: bool, days: i64) -> Cookie<'static> {
    Cookie::build(name, value)
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .max_age(CookieDuration::days(days))
        .finish()
}

/// A cookie that deletes `name` in the browser.
pub fn removal(name: &'static str, secure: bool) -> Cookie<'static> {
    let mut c = cookie(name, String::new(), secure, 0);
    c.make_removal();
    c
}

pub fn session_cookie(token: String, secure: bool) -> Cookie<'static> {
    cookie(SESSION_COOKIE, token, secure, SESSION_DAYS)
}

fn bearer(req: &ServiceRequest) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let token = value.strip_prefix("Bearer ")?.trim();
    (!token.is_empty()).then(|| token.to_owned())
}

async fn identify(req: &ServiceRequest, state: &AppState) -> Result<Option<Identity>, AppError> {
    if is_api_path(req.path())
        && let Some(token) = bearer(req)
    {
        return state
            .db
            .run(move |conn| auth::api_token_identity(conn, &token))
            .await
            .map_err(AppError::from);
    }
    let Some(token) = req.cookie(SESSION_COOKIE).map(|c| c.value().to_owned()) else {
        return Ok(None);
    };
    state
        .db
        .run(move |conn| auth::session_identity(conn, &token))
        .await
        .map_err(AppError::from)
}

/// Middleware: builds the [`RequestContext`] and issues a CSRF cookie to new visitors.
pub async fn establish(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody + 'static>, actix_web::Error> {
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return Err(AppError::Internal("application state missing".into()).into());
    };
    let identity = identify(&req, &state).await?;
    let existing = req
        .cookie(CSRF_COOKIE)
        .map(|c| c.value().to_owned())
        .filter(|v| v.len() >= 32);
    let fresh = existing.is_none();
    let csrf = existing.unwrap_or_else(|| tokens::new_token().0);
    let locale = identity
        .as_ref()
        .map(|i| i.locale)
        .unwrap_or_else(|| request_locale(req.request()));
    req.extensions_mut().insert(RequestContext {
        identity,
        csrf: csrf.clone(),
        locale,
    });
    let mut res = next.call(req).await?;
    if fresh {
        res.response_mut()
            .add_cookie(&cookie(CSRF_COOKIE, csrf, state.secure_cookies, 365))
            .map_err(|e| AppError::Internal(e.to_string()))?;
    }
    Ok(res)
}
