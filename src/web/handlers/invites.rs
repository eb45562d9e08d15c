//! Invitations: the leaders' page (invite, send again, withdraw) and the invitee's page that
//! accepts one (`/invite/{token}`, then a form posted to `/invite/accept`, so that opening
//! the mailed link, as mail scanners do, uses nothing up).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::{errors_value, form_errors};
use crate::app::invites as app;
use crate::context;
use crate::domain::FieldErrors;
use crate::domain::identity::Identity;
use crate::domain::ids::{InviteId, TeamId};
use crate::domain::invites::{INVITE_DAYS, InviteInput, InviteProblem, Opened};
use crate::domain::people::Role;
use crate::web::AppState;
use crate::web::auth::Leader;
use crate::web::errors::AppError;
use crate::web::forms::Form;
use crate::web::render::{Flash, page_with_status, redirect_with};

async fn invites_page(
    req: &HttpRequest,
    state: &AppState,
    me: &Identity,
    (status, errors, form): (StatusCode, &FieldErrors, Option<&InviteForm>),
) -> Result<HttpResponse, AppError> {
    let invites: Vec<serde_json::Value> = app::list(&state.db, me)
        .await?
        .into_iter()
        .map(|(i, status)| {
            let mut value = serde_json::to_value(i).unwrap_or_default();
            value["status"] = status.into();
            value
        })
        .collect();
    let teams = crate::app::teams::tree(&state.db, me).await?;
    page_with_status(
        req,
        status,
        "people/invites.html",
        context!(
            "invites" => invites,
            "teams" => teams,
            "roles" => Role::ALL.map(Role::code),
            "errors" => errors_value(errors),
            "form" => form,
            "days" => INVITE_DAYS,
        ),
    )
}

/// `GET /people/invites` (leaders).
pub async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    Leader(me): Leader,
) -> Result<HttpResponse, AppError> {
    let blank = (StatusCode::OK, &FieldErrors::default(), None);
    invites_page(&req, &state, &me, blank).await
}

#[derive(Debug, Deserialize, serde::Serialize)]
pub struct InviteForm {
    email: String,
    name: String,
    role: String,
    #[serde(default)]
    team_id: String,
}

impl InviteForm {
    fn input(&self) -> Result<InviteInput, FieldErrors> {
        let mut errors = FieldErrors::default();
        let role = Role::parse(self.role.trim());
        if role.is_none() {
            errors.add("role", "field-invite-role");
        }
        let team_id = match self.team_id.trim() {
            "" => None,
            t => match t.parse::<TeamId>() {
                Ok(id) => Some(id),
                Err(_) => {
                    errors.add("team_id", "field-invite-team");
                    None
                }
            },
        };
        match role {
            Some(role) if errors.is_empty() => Ok(InviteInput {
                email: self.email.clone(),
                name: self.name.clone(),
                role,
                team_id,
            }),
            _ => Err(errors),
        }
    }
}

/// `POST /people/invites` (leaders): invites one person.
pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    Leader(me): Leader,
    Form(form): Form<InviteForm>,
) -> Result<HttpResponse, AppError> {
    let result = match form.input() {
        Ok(input) => form_errors(app::invite(&state.db, &me, input, state.mail_composer()).await)?,
        Err(errors) => Err(errors),
    };
    if let Err(errors) = result {
        let shown = (StatusCode::UNPROCESSABLE_ENTITY, &errors, Some(&form));
        return invites_page(&req, &state, &me, shown).await;
    }
    state.mail.kick();
    Ok(redirect_with(
        &req,
        "/people/invites",
        Flash::success("flash-invite-sent"),
    ))
}

/// `POST /people/invites/{id}/resend` (leaders).
pub async fn resend(
    req: HttpRequest,
    state: web::Data<AppState>,
    Leader(me): Leader,
    id: web::Path<InviteId>,
    Form(_): Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    app::resend(&state.db, &me, id.into_inner(), state.mail_composer()).await?;
    state.mail.kick();
    Ok(redirect_with(
        &req,
        "/people/invites",
        Flash::success("flash-invite-resent"),
    ))
}

/// `POST /people/invites/{id}/withdraw` (leaders).
pub async fn withdraw(
    req: HttpRequest,
    state: web::Data<AppState>,
    Leader(me): Leader,
    id: web::Path<InviteId>,
    Form(_): Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    app::withdraw(&state.db, &me, id.into_inner()).await?;
    Ok(redirect_with(
        &req,
        "/people/invites",
        Flash::success("flash-invite-withdrawn"),
    ))
}

fn problem_page(req: &HttpRequest, problem: InviteProblem) -> Result<HttpResponse, AppError> {
    let (status, key) = match problem {
        InviteProblem::Unknown => (StatusCode::NOT_FOUND, "invite-problem-unknown"),
        InviteProblem::Expired => (StatusCode::GONE, "invite-problem-expired"),
        InviteProblem::Used => (StatusCode::GONE, "invite-problem-used"),
        InviteProblem::Withdrawn => (StatusCode::GONE, "invite-problem-withdrawn"),
    };
    page_with_status(
        req,
        status,
        "auth/invite_problem.html",
        context!("problem" => key),
    )
}

/// `GET /invite/{token}`: the invitation, and the form that accepts it.
pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let token = token.into_inner();
    match app::open(&state.db, token.clone()).await? {
        Ok(opened) => {
            let name = opened.invite.name.clone();
            accept_page(
                &req,
                StatusCode::OK,
                &token,
                opened,
                &name,
                &FieldErrors::default(),
            )
        }
        Err(problem) => problem_page(&req, problem),
    }
}

#[derive(Deserialize)]
pub struct AcceptForm {
    token: String,
    name: String,
    #[serde(default)]
    password: Option<String>,
}

/// `POST /invite/accept`: becomes a person of the organisation and signs in.
pub async fn accept(
    req: HttpRequest,
    state: web::Data<AppState>,
    Form(form): Form<AcceptForm>,
) -> Result<HttpResponse, AppError> {
    let seen = crate::web::context::seen(&req, state.trust_proxy);
    let AcceptForm {
        token,
        name,
        password,
    } = form;
    let result = app::accept(&state.db, token.clone(), name.clone(), password, seen).await;
    match form_errors(result)? {
        Ok(Ok(session)) => super::session::signed_in(&state, session, "/home"),
        Ok(Err(problem)) => problem_page(&req, problem),
        Err(errors) => {
            let Ok(opened) = app::open(&state.db, token.clone()).await? else {
                return problem_page(&req, InviteProblem::Unknown);
            };
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            accept_page(&req, status, &token, opened, &name, &errors)
        }
    }
}

/// The invitation and the form that accepts it: a password field only for an address
/// without an account.
fn accept_page(
    req: &HttpRequest,
    status: StatusCode,
    token: &str,
    opened: Opened,
    name: &str,
    errors: &FieldErrors,
) -> Result<HttpResponse, AppError> {
    page_with_status(
        req,
        status,
        "auth/invite.html",
        context!(
            "token" => token,
            "org" => opened.org,
            "email" => opened.invite.email,
            "has_account" => opened.has_account,
            "sso_required" => opened.sso_required,
            "name" => name,
            "errors" => errors_value(errors),
        ),
    )
}
