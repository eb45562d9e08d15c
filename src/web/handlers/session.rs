//! Signing in (password or emailed single-use link) and out.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use crate::app::sign_in::{self as app, Attempt, Refused, SignedIn};
use crate::context;
use crate::domain::auth::LinkProblem;
use crate::web::AppState;
use crate::web::context::{
    RequestContext, csrf_cookie, removal, session_cookie, session_cookie_name,
};
use crate::web::errors::AppError;
use crate::web::forms::Form;
use crate::web::render::{Flash, page, page_with_status, redirect, redirect_with, safe_next};

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
        return Ok(redirect(if next == "/" { "/home" } else { &next }));
    }
    page(
        &req,
        "auth/login.html",
        context!("next" => next, "email" => "", "error" => ""),
    )
}

#[derive(Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
    next: Option<String>,
}

/// The session the browser had, to end when a new one starts.
pub(crate) fn current_session(req: &HttpRequest, state: &AppState) -> Option<String> {
    req.cookie(session_cookie_name(state.secure_cookies))
        .map(|c| c.value().to_owned())
}

pub async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    Form(form): Form<LoginForm>,
) -> Result<HttpResponse, AppError> {
    let email = form.email.trim().to_lowercase();
    // An organisation that requires single sign-on signs its people in there.
    if crate::app::sso::required_for(&state.db, email.clone()).await? {
        return super::sso::go(&req, &state, email).await;
    }
    let seen = crate::web::context::seen(&req, state.trust_proxy);
    let next = safe_next(form.next.as_deref());
    let attempt = Attempt {
        email: email.clone(),
        password: form.password,
        ip: seen.address.unwrap_or_default(),
        user_agent: seen.user_agent,
    };
    match app::with_password(&state.db, attempt, current_session(&req, &state)).await? {
        Ok(session) => signed_in_as(&state, session, &next),
        Err(refused) => {
            let (status, error) = match refused {
                Refused::Throttled => (StatusCode::TOO_MANY_REQUESTS, "error-login-throttled"),
                Refused::Failed => (StatusCode::UNAUTHORIZED, "error-login-failed"),
            };
            page_with_status(
                &req,
                status,
                "auth/login.html",
                context!("next" => next, "email" => email, "error" => error),
            )
        }
    }
}

/// Goes on to `next` in a new session, or first to choosing an organisation when its
/// account has several.
fn signed_in_as(state: &AppState, s: SignedIn, next: &str) -> Result<HttpResponse, AppError> {
    let next = if s.choose {
        super::account::ORGANISATIONS
    } else {
        next
    };
    signed_in(state, s.token, next)
}

/// Sets the new session's cookie, rotates the CSRF token and goes on to `next`.
pub(crate) fn signed_in(
    state: &AppState,
    session: String,
    next: &str,
) -> Result<HttpResponse, AppError> {
    let target = if next == "/" { "/home" } else { next };
    let mut response = redirect(target);
    let secure = state.secure_cookies;
    let csrf = state.csrf_key.for_session(&session);
    let cookies = [session_cookie(session, secure), csrf_cookie(csrf, secure)];
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
    let ip = crate::web::misses::client_ip(&req, state.trust_proxy);
    let mail = state.mail_composer();
    app::request_link(&state.db, email.clone(), ip, mail).await?;
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
    let seen = crate::web::context::seen(&req, state.trust_proxy);
    match app::with_link(&state.db, form.token, current_session(&req, &state), seen).await? {
        Ok(session) => signed_in_as(&state, session, "/home"),
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
        app::sign_out(&state.db, token).await?;
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
