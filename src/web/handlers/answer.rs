//! The survey answer page that invitees open from their personal link, without an account,
//! in their own language. A link that is unknown, used, not yet open or closed gets a clear
//! page; a half-filled form comes back with the answers kept.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;

use crate::app::surveys::answers as app;
use crate::context;
use crate::domain::Locale;
use crate::domain::ids::QuestionId;
use crate::domain::surveys::answers::{AnswerErrors, LinkState, Ready, Submission, Submitted};
use crate::web::AppState;
use crate::web::context::RequestContext;
use crate::web::errors::AppError;
use crate::web::forms::check_csrf;
use crate::web::render::page_with_status;

/// A question as the form shows it.
#[derive(Serialize)]
struct Field<'a> {
    id: QuestionId,
    kind: &'a str,
    prompt: &'a str,
    required: bool,
    options: Vec<&'a str>,
    /// What was submitted, to show again.
    values: Vec<String>,
    error: Option<&'static str>,
}

/// Renders in the invitee's language (unless they chose another with the switcher).
fn in_language(req: &HttpRequest, person_locale: &str) {
    let chosen = req.cookie(crate::web::i18n::LANG_COOKIE).is_some();
    if !chosen && let Some(locale) = Locale::parse(person_locale) {
        use actix_web::HttpMessage;
        if let Some(ctx) = req.extensions_mut().get_mut::<RequestContext>() {
            ctx.locale = locale;
        }
    }
}

fn form_page(
    req: &HttpRequest,
    token: &str,
    ready: &Ready,
    submission: &Submission,
    errors: &AnswerErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    in_language(req, &ready.person_locale);
    let fields: Vec<Field> = ready
        .questions
        .iter()
        .map(|q| Field {
            id: q.id,
            kind: q.kind.code(),
            prompt: &q.prompt,
            required: q.required,
            options: q.option_list(),
            values: submission.get(&q.id).cloned().unwrap_or_default(),
            error: errors.0.get(&q.id).copied(),
        })
        .collect();
    page_with_status(
        req,
        status,
        "surveys/answer.html",
        context!(
            "survey" => ready.survey,
            "fields" => fields,
            "token" => token,
            "error_count" => errors.0.len(),
        ),
    )
}

fn unavailable(req: &HttpRequest, state: &LinkState) -> Result<HttpResponse, AppError> {
    let (status, key, date) = match state {
        LinkState::Unknown => (StatusCode::NOT_FOUND, "survey-link-unknown", None),
        LinkState::Used => (StatusCode::GONE, "survey-link-used", None),
        LinkState::NotYetOpen(s) => (
            StatusCode::FORBIDDEN,
            "survey-link-not-open",
            Some(s.opens_on),
        ),
        LinkState::Closed(s) => (StatusCode::GONE, "survey-link-closed", Some(s.closes_on)),
        LinkState::Ready(_) => (StatusCode::OK, "survey-thanks", None),
    };
    page_with_status(
        req,
        status,
        "surveys/link_problem.html",
        context!("problem" => key, "date" => date.map(|d| d.to_string()).unwrap_or_default()),
    )
}

pub async fn open(
    req: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let token = token.into_inner();
    match app::open(&state.db, token.clone()).await? {
        LinkState::Ready(ready) => form_page(
            &req,
            &token,
            &ready,
            &HashMap::new(),
            &AnswerErrors::default(),
            StatusCode::OK,
        ),
        other => unavailable(&req, &other),
    }
}

/// Reads `q<id>=value` pairs (repeated for multiple choice) and the CSRF token.
fn parse(body: &[u8]) -> Result<(String, Submission), AppError> {
    let pairs: Vec<(String, String)> =
        serde_html_form::from_bytes(body).map_err(|_| AppError::BadRequest("error-bad-form"))?;
    let mut csrf = String::new();
    let mut submission: Submission = HashMap::new();
    for (key, value) in pairs {
        if key == "csrf_token" {
            csrf = value;
        } else if let Some(id) = key.strip_prefix('q').and_then(|id| id.parse().ok()) {
            submission.entry(id).or_default().push(value);
        }
    }
    Ok((csrf, submission))
}

pub async fn submit(
    req: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let (csrf, submission) = parse(&body)?;
    check_csrf(&req, &csrf)?;
    let token = token.into_inner();
    match app::submit(&state.db, token.clone(), submission.clone()).await? {
        Submitted::Saved { locale } => {
            in_language(&req, &locale);
            page_with_status(&req, StatusCode::OK, "surveys/thanks.html", context!())
        }
        Submitted::Invalid(ready, errors) => form_page(
            &req,
            &token,
            &ready,
            &submission,
            &errors,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Submitted::NotAvailable(state) => unavailable(&req, &state),
    }
}
