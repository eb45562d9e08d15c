//! One-click check-ins: the weekly nudge's personal link (`/c/{token}`) opens that person's
//! check-in form without signing in, records *no change this week* in one click, and can be
//! switched off. It reaches nothing else. Writes through a link are limited per link.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::check_ins::{Via, WeekForm, no_change_for, save, week_page};
use crate::app::okrs::check_ins as app;
use crate::context;
use crate::domain::okrs::check_in_links::{LinkProblem, Opened};
use crate::web::AppState;
use crate::web::errors::AppError;
use crate::web::forms::Form;
use crate::web::render::page_with_status;

/// Saves through one link per window (see `AppState::link_writes`).
pub const WRITES_PER_WINDOW: u32 = 20;

/// The link's person, or its problem's page.
async fn opened(
    req: &HttpRequest,
    state: &AppState,
    token: &str,
) -> Result<Result<Opened, HttpResponse>, AppError> {
    match app::open_link(&state.db, token.to_owned()).await? {
        Ok(opened) => Ok(Ok(opened)),
        Err(problem) => Ok(Err(problem_page(req, problem)?)),
    }
}

fn problem_page(req: &HttpRequest, problem: LinkProblem) -> Result<HttpResponse, AppError> {
    let (status, key) = match problem {
        LinkProblem::Unknown => (StatusCode::NOT_FOUND, "check-in-link-unknown"),
        LinkProblem::Expired => (StatusCode::GONE, "check-in-link-expired"),
        LinkProblem::Revoked => (StatusCode::GONE, "check-in-link-revoked"),
    };
    page_with_status(
        req,
        status,
        "okrs/check_in_link_problem.html",
        context!("problem" => key),
    )
}

/// The link's person for a write, unless the link has used up its writes for now (429).
async fn writer(
    req: &HttpRequest,
    state: &AppState,
    token: &str,
) -> Result<Result<Opened, HttpResponse>, AppError> {
    let opened = match opened(req, state, token).await? {
        Ok(opened) => opened,
        Err(page) => return Ok(Err(page)),
    };
    let key = opened.link_id.to_string();
    if state.link_writes.exhausted(&key) {
        let page = page_with_status(
            req,
            StatusCode::TOO_MANY_REQUESTS,
            "okrs/check_in_link_problem.html",
            context!("problem" => "check-in-link-busy"),
        )?;
        return Ok(Err(page));
    }
    state.link_writes.record(&key);
    Ok(Ok(opened))
}

/// `GET /c/{token}`: the person's check-in form for this week.
pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let token = token.into_inner();
    match opened(&req, &state, &token).await? {
        Ok(o) => {
            let via = (&o.identity, Via::Link(&token));
            week_page(&req, &state, via, StatusCode::OK, &BTreeMap::new()).await
        }
        Err(page) => Ok(page),
    }
}

/// `POST /c/{token}`: saves the form, as the signed-in page does.
pub async fn save_week(
    req: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
    Form(form): Form<WeekForm>,
) -> Result<HttpResponse, AppError> {
    let token = token.into_inner();
    match writer(&req, &state, &token).await? {
        Ok(o) => save(&req, &state, (&o.identity, Via::Link(&token)), form).await,
        Err(page) => Ok(page),
    }
}

/// `POST /c/{token}/no-change`: *no change this week*, in one click.
pub async fn no_change(
    req: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
    _: Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    let token = token.into_inner();
    match writer(&req, &state, &token).await? {
        Ok(o) => no_change_for(&req, &state, (&o.identity, Via::Link(&token))).await,
        Err(page) => Ok(page),
    }
}

/// `POST /c/{token}/revoke`: switches off every check-in link of the person (a mail that
/// went astray); signing in still works.
pub async fn revoke(
    req: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
    _: Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    let token = token.into_inner();
    match opened(&req, &state, &token).await? {
        Ok(o) => {
            app::revoke_links(&state.db, &o.identity).await?;
            page_with_status(
                &req,
                StatusCode::OK,
                "okrs/check_in_link_problem.html",
                context!("problem" => "check-in-link-revoked-now"),
            )
        }
        Err(page) => Ok(page),
    }
}
