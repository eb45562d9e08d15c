//! Signing in (password or emailed single-use link) and out.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use crate::context;
use crate::domain::Locale;
use crate::domain::auth::{self, LOGIN_LINK_MINUTES, LinkProblem};
use crate::domain::outbox::{self, MailKind, NewMail};
use crate::domain::people::{self, PersonRow};
use crate::web::AppState;
use crate::web::context::{
    RequestContext, csrf_cookie, removal, session_cookie, session_cookie_name,
};
use crate::web::errors::AppError;
use crate::web::forms::Form;
use crate::web::i18n::t;
use crate::web::render::{
    Flash, mail_bodies, page, page_with_status, redirect, redirect_with, safe_next,
};

#[derive(Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
}

pub async fn login_page(
    req: HttpRequest,
    query: web::Query<LoginQuery>,
) -> Result<HttpResponse, AppError> {
    let next = safe_next(query.next.as_deref());
    if RequestContext::of(&req).and_then(|c| c.identity).is_some() {
        return Ok(redirect(if next == "/" { "/org" } else { &next }));
    }
    page(
        &req,
        "auth/login.html",
        context!("next" => next, "email" => "", "error" => ""),
    )
}

/// The client's address for throttling: the connection's peer, or — behind a trusted proxy
/// (`--trust-proxy`) — the address the proxy reports in `X-Forwarded-For`/`Forwarded`.
fn client_ip(req: &HttpRequest, trust_proxy: bool) -> String {
    if trust_proxy && let Some(ip) = req.connection_info().realip_remote_addr() {
        return ip.to_owned();
    }
    req.peer_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

#[derive(Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
    next: Option<String>,
}

/// A hash to verify against when the email is unknown, so both cases take as long.
fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| auth::hash_password("not a real password").unwrap_or_default())
}

pub async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    Form(form): Form<LoginForm>,
) -> Result<HttpResponse, AppError> {
    let email = form.email.trim().to_lowercase();
    let ip = client_ip(&req, state.trust_proxy);
    let next = safe_next(form.next.as_deref());
    let retry = |status: StatusCode, error: &'static str| {
        page_with_status(
            &req,
            status,
            "auth/login.html",
            context!("next" => next, "email" => email, "error" => error),
        )
    };
    let (e, i) = (email.clone(), ip.clone());
    if state.db.run(move |c| auth::is_throttled(c, &e, &i)).await? {
        return retry(StatusCode::TOO_MANY_REQUESTS, "error-login-throttled");
    }
    let e = email.clone();
    let found = state.db.run(move |c| people::find_for_login(c, &e)).await?;
    let password = form.password;
    let person = web::block(move || -> Option<PersonRow> {
        match found {
            Some((person, Some(hash))) if person.active => {
                auth::verify_password(&password, &hash).then_some(person)
            }
            _ => {
                auth::verify_password(&password, dummy_hash());
                None
            }
        }
    })
    .await
    .map_err(AppError::internal)?;
    let ok = person.is_some();
    let (e, i) = (email.clone(), ip);
    state
        .db
        .run(move |c| auth::record_attempt(c, &e, &i, ok))
        .await?;
    match person {
        Some(person) => start_session(&req, &state, person, &next).await,
        None => retry(StatusCode::UNAUTHORIZED, "error-login-failed"),
    }
}

/// Starts a new session (a fresh id: nothing known before login survives it), ends the one
/// the browser had (signing in again replaces it), rotates the CSRF token and goes on to
/// `next`.
async fn start_session(
    req: &HttpRequest,
    state: &AppState,
    person: PersonRow,
    next: &str,
) -> Result<HttpResponse, AppError> {
    let replaced = req
        .cookie(session_cookie_name(state.secure_cookies))
        .map(|c| c.value().to_owned());
    let token = state
        .db
        .write(move |c| {
            if let Some(old) = replaced {
                auth::end_session(c, &old)?;
            }
            auth::start_session(c, &person)
        })
        .await?;
    let target = if next == "/" { "/org" } else { next };
    let mut response = redirect(target);
    let secure = state.secure_cookies;
    let csrf = state.csrf_key.for_session(&token);
    let cookies = [session_cookie(token, secure), csrf_cookie(csrf, secure)];
    for c in &cookies {
        response.add_cookie(c).map_err(AppError::internal)?;
    }
    Ok(response)
}

#[derive(Deserialize)]
pub struct LinkRequest {
    email: String,
}

pub async fn request_link(
    req: HttpRequest,
    state: web::Data<AppState>,
    Form(form): Form<LinkRequest>,
) -> Result<HttpResponse, AppError> {
    let email = form.email.trim().to_lowercase();
    let ip = client_ip(&req, state.trust_proxy);
    // Links are the way back in when password sign-in is throttled, so they are limited on
    // their own, never by password failures: a few per email address and ten per client
    // address per quarter hour, quietly (the page is the same whether a link went or not).
    let (e, tera, base_url) = (email.clone(), state.clone(), state.base_url.clone());
    state
        .db
        .write(move |c| -> Result<(), AppError> {
            let throttled = auth::link_requests_throttled(c, &ip)?;
            auth::record_link_request(c, &e, &ip)?;
            if throttled
                || outbox::recent_to(c, MailKind::LoginLink, &e, auth::THROTTLE_WINDOW_MINUTES)?
                    >= auth::MAX_LINKS_PER_EMAIL
            {
                return Ok(());
            }
            let Some((person, _)) = people::find_for_login(c, &e)?.filter(|(p, _)| p.active)
            else {
                return Ok(());
            };
            let token = auth::create_login_link(c, &person)?;
            let locale = Locale::parse(&person.locale).unwrap_or_default();
            let ctx = context!("name" => person.name, "url" => format!("{base_url}/login/link/{token}"),
                               "minutes" => LOGIN_LINK_MINUTES);
            let (text_body, html_body) = mail_bodies(&tera.tera, locale, "login_link", ctx)?;
            outbox::queue(
                c,
                &NewMail {
                    org_id: Some(person.org_id),
                    kind: MailKind::LoginLink,
                    to_address: person.email,
                    to_name: person.name,
                    subject: t(locale, "mail-login-subject"),
                    text_body,
                    html_body,
                },
            )?;
            Ok(())
        })
        .await?;
    state.mail.kick();
    page(&req, "auth/link_sent.html", context!("email" => email))
}

/// The page an emailed link opens. It does not sign in by itself (mail scanners open links);
/// the person presses the button, which posts the token.
pub async fn link_page(
    req: HttpRequest,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    page(
        &req,
        "auth/link_confirm.html",
        context!("token" => token.into_inner()),
    )
}

#[derive(Deserialize)]
pub struct LinkConfirm {
    token: String,
}

pub async fn confirm_link(
    req: HttpRequest,
    state: web::Data<AppState>,
    Form(form): Form<LinkConfirm>,
) -> Result<HttpResponse, AppError> {
    let token = form.token;
    let outcome = state
        .db
        .write(move |c| auth::consume_login_link(c, &token))
        .await?;
    match outcome {
        Ok(person) => start_session(&req, &state, person, "/org").await,
        Err(problem) => {
            let (status, key) = match problem {
                LinkProblem::Unknown => (StatusCode::NOT_FOUND, "error-link-unknown"),
                LinkProblem::Expired => (StatusCode::GONE, "error-link-expired"),
                LinkProblem::Used => (StatusCode::GONE, "error-link-used"),
            };
            page_with_status(
                &req,
                status,
                "auth/link_problem.html",
                context!("problem" => key),
            )
        }
    }
}

pub async fn logout(
    req: HttpRequest,
    state: web::Data<AppState>,
    Form(_): Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    let secure = state.secure_cookies;
    if let Some(token) = req
        .cookie(session_cookie_name(secure))
        .map(|c| c.value().to_owned())
    {
        state.db.run(move |c| auth::end_session(c, &token)).await?;
    }
    let mut response = redirect_with(&req, "/login", Flash::success("flash-logged-out"));
    for c in [
        removal(session_cookie_name(secure), secure),
        csrf_cookie(state.csrf_key.new_anonymous(), secure),
    ] {
        response.add_cookie(&c).map_err(AppError::internal)?;
    }
    Ok(response)
}
