//! Per-request context, established by one middleware before any handler runs: who is
//! signed in (session cookie, or bearer token on `/api`), the CSRF token (bound to the
//! session, see [`crate::domain::csrf`]), and the language. The same middleware marks every
//! signed-in response `Cache-Control: no-store`. Finding who is calling is one query
//! ([`auth::session_identity`], [`api_tokens::identity`]), plus a write at most every five
//! minutes noting that the session or token was used; static files and `/health` need none.

use actix_web::body::MessageBody;
use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::Next;
use actix_web::{HttpMessage, HttpRequest, web};

use super::AppState;
use super::errors::{AppError, is_api_path};
use super::i18n::request_locale;
use crate::domain::api_tokens::{self, TokenInUse};
use crate::domain::auth::{self, SESSION_DAYS};
use crate::domain::identity::Identity;
use crate::domain::sessions::Seen;
use crate::domain::{Locale, csrf};

pub const SESSION_COOKIE: &str = "hverdag_session";
pub const CSRF_COOKIE: &str = "hverdag_csrf";
/// The names the session and CSRF cookies take when the site is https: a browser accepts a
/// `__Host-` cookie only from the host itself, Secure, with `Path=/` and no `Domain`, so a
/// neighbouring subdomain cannot plant or overwrite them.
pub const HOST_SESSION_COOKIE: &str = "__Host-hverdag_session";
pub const HOST_CSRF_COOKIE: &str = "__Host-hverdag_csrf";

/// The session cookie's name (with the `__Host-` prefix when the site is https).
pub fn session_cookie_name(secure: bool) -> &'static str {
    if secure {
        HOST_SESSION_COOKIE
    } else {
        SESSION_COOKIE
    }
}

/// The CSRF cookie's name (with the `__Host-` prefix when the site is https).
pub fn csrf_cookie_name(secure: bool) -> &'static str {
    if secure {
        HOST_CSRF_COOKIE
    } else {
        CSRF_COOKIE
    }
}

/// What every handler may know about the request.
#[derive(Debug, Clone)]
pub struct RequestContext {
    pub identity: Option<Identity>,
    /// The API token the request was made with, if any.
    pub api_token: Option<TokenInUse>,
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
    cookie(session_cookie_name(secure), token, secure, SESSION_DAYS)
}

/// The CSRF cookie carrying `token` (the browser repeats it in forms and `X-CSRF-Token`).
pub fn csrf_cookie(token: String, secure: bool) -> Cookie<'static> {
    cookie(csrf_cookie_name(secure), token, secure, 365)
}

/// Where a request comes from: the browser's description and the client's address (for a
/// person's list of sessions).
pub fn seen(req: &HttpRequest, trust_proxy: bool) -> Seen {
    Seen {
        user_agent: req
            .headers()
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
        address: Some(super::misses::client_ip(req, trust_proxy)),
    }
}

fn bearer(req: &ServiceRequest) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let token = value.strip_prefix("Bearer ")?.trim();
    (!token.is_empty()).then(|| token.to_owned())
}

/// Who is calling, and how: the session id when that came from a live session cookie, or the
/// API token in use.
struct Caller {
    identity: Option<Identity>,
    session: Option<String>,
    api_token: Option<TokenInUse>,
}

async fn identify(req: &ServiceRequest, state: &AppState) -> Result<Caller, AppError> {
    if is_api_path(req.path())
        && let Some(token) = bearer(req)
    {
        let found = state
            .db
            .run(move |conn| api_tokens::identity(conn, &token))
            .await?;
        let (identity, api_token) = found.unzip();
        return Ok(Caller {
            identity,
            session: None,
            api_token,
        });
    }
    let name = session_cookie_name(state.secure_cookies);
    let Some(token) = req.cookie(name).map(|c| c.value().to_owned()) else {
        return Ok(Caller {
            identity: None,
            session: None,
            api_token: None,
        });
    };
    let t = token.clone();
    let seen = seen(req.request(), state.trust_proxy);
    let identity = state
        .db
        .run(move |conn| auth::session_identity(conn, &t, Some(&seen)))
        .await?;
    let session = identity.as_ref().map(|_| token);
    Ok(Caller {
        identity,
        session,
        api_token: None,
    })
}

/// True when the response already sets cookie `name` (a handler that signs in or out).
fn sets_cookie<B>(res: &ServiceResponse<B>, name: &str) -> bool {
    res.response().cookies().any(|c| c.name() == name)
}

/// Middleware: builds the [`RequestContext`], (re)issues the CSRF cookie when it does not
/// hold the visitor's token, and marks signed-in responses `Cache-Control: no-store`.
pub async fn establish(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody + 'static>, actix_web::Error> {
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return Err(AppError::internal("application state missing").into());
    };
    // Static files and the health check are the same for everyone: no query, no cookies.
    if req.path().starts_with("/static/") || req.path() == "/health" {
        let locale = request_locale(req.request());
        req.extensions_mut().insert(RequestContext {
            identity: None,
            api_token: None,
            csrf: String::new(),
            locale,
        });
        return Ok(next.call(req).await?.map_into_left_body());
    }
    let Caller {
        mut identity,
        session,
        api_token,
    } = identify(&req, &state).await?;
    // Where the request came from, for the audit log of what it changes.
    if let Some(who) = identity.as_mut() {
        who.address = Some(super::misses::client_ip(req.request(), state.trust_proxy));
    }
    let secure = state.secure_cookies;
    let sent = req
        .cookie(csrf_cookie_name(secure))
        .map(|c| c.value().to_owned());
    let csrf = csrf::expected(&state.csrf_key, session.as_deref(), sent.as_deref());
    let reissue = sent.as_deref() != Some(csrf.as_str());
    let signed_in = identity.is_some();
    let locale = identity
        .as_ref()
        .map(|i| i.locale)
        .unwrap_or_else(|| request_locale(req.request()));
    req.extensions_mut().insert(RequestContext {
        identity,
        api_token,
        csrf: csrf.clone(),
        locale,
    });
    let mut res = next.call(req).await?;
    if reissue && !sets_cookie(&res, csrf_cookie_name(secure)) {
        res.response_mut()
            .add_cookie(&csrf_cookie(csrf, secure))
            .map_err(AppError::internal)?;
    }
    // Nothing a signed-in person was shown may be kept by the browser or a proxy.
    if signed_in {
        res.headers_mut().insert(
            header::CACHE_CONTROL,
            header::HeaderValue::from_static("no-store"),
        );
    }
    Ok(res.map_into_right_body())
}
