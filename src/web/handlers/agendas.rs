//! Meeting agendas: the organisation's (`/settings/agendas`, leaders) and a team's own
//! (`/teams/{id}/agenda`), as pages and as `/api/v1/agendas` and
//! `/api/v1/teams/{id}/agendas`. Thin over `app::meetings::agendas`.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::{errors_value, form_errors};
use crate::app::meetings::agendas::{self as app, AgendaView};
use crate::context;
use crate::domain::identity::Identity;
use crate::domain::ids::TeamId;
use crate::domain::meetings::SeriesKind;
use crate::domain::meetings::agendas::{self, Item};
use crate::domain::{FieldErrors, Locale};
use crate::web::AppState;
use crate::web::auth::{ApiAuth, Auth, Leader};
use crate::web::errors::AppError;
use crate::web::forms::Form;
use crate::web::render::{Flash, page_with_status, redirect_with};

/// Which agenda a form or path names: a kind of meeting and a language.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Which {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    locale: String,
}

impl Which {
    fn parse(&self) -> Result<(SeriesKind, Locale), AppError> {
        let kind = SeriesKind::parse(&self.kind);
        let locale = Locale::ALL.into_iter().find(|l| l.code() == self.locale);
        kind.zip(locale).ok_or(AppError::NotFound)
    }
}

/// An agenda form: which one, and its items one a line.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct AgendaForm {
    #[serde(flatten)]
    which: Which,
    #[serde(default)]
    items: String,
}

/// The forms of a page, each with its lines (the typed ones for the form that failed).
fn forms(views: &[AgendaView], failed: Option<&AgendaForm>) -> Vec<serde_json::Value> {
    views
        .iter()
        .map(|v| {
            let this = failed
                .filter(|f| f.which.kind == v.kind.code() && f.which.locale == v.locale.code());
            serde_json::json!({
                "kind": v.kind.code(),
                "locale": v.locale.code(),
                "source": v.source,
                "lines": this.map_or_else(|| agendas::to_lines(&v.items), |f| f.items.clone()),
                "minutes": v.items.iter().map(|i| i.minutes).sum::<i32>(),
                "failed": this.is_some(),
            })
        })
        .collect()
}

async fn page(
    req: &HttpRequest,
    state: &AppState,
    me: &Identity,
    team: Option<TeamId>,
    (status, failed, errors): (StatusCode, Option<&AgendaForm>, &FieldErrors),
) -> Result<HttpResponse, AppError> {
    let (team, editable, views) = match team {
        Some(id) => {
            let (team, editable, views) = app::of_team(&state.db, me, id).await?;
            (Some(team), editable, views)
        }
        None => (None, true, app::of_org(&state.db, me).await?),
    };
    let template = if team.is_some() {
        "meetings/agenda.html"
    } else {
        "settings/agendas.html"
    };
    page_with_status(
        req,
        status,
        template,
        context!(
            "team" => team,
            "editable" => editable,
            "agendas" => forms(&views, failed),
            "errors" => errors_value(errors),
        ),
    )
}

/// Saves (or, with `reset`, drops) an agenda from a form, then shows the page again.
async fn submit(
    req: &HttpRequest,
    state: &AppState,
    me: &Identity,
    team: Option<TeamId>,
    form: &AgendaForm,
) -> Result<HttpResponse, AppError> {
    let which = form.which.parse()?;
    let saved = match agendas::parse_lines(&form.items) {
        Err(key) => Err(FieldErrors::single("items", key)),
        Ok(items) => match team {
            Some(team) => app::save_team(&state.db, me, team, which, items).await,
            None => app::save_org(&state.db, me, which, items).await,
        },
    };
    match form_errors(saved)? {
        Ok(()) => {
            let back = team.map_or("/settings/agendas".to_owned(), |t| {
                format!("/teams/{t}/agenda")
            });
            Ok(redirect_with(req, &back, Flash::success("agenda-saved")))
        }
        Err(errors) => {
            let shown = (StatusCode::UNPROCESSABLE_ENTITY, Some(form), &errors);
            page(req, state, me, team, shown).await
        }
    }
}

/// `GET /settings/agendas` (leaders).
pub async fn settings(
    req: HttpRequest,
    state: web::Data<AppState>,
    Leader(me): Leader,
) -> Result<HttpResponse, AppError> {
    let blank = (StatusCode::OK, None, &FieldErrors::default());
    page(&req, &state, &me, None, blank).await
}

/// `POST /settings/agendas` (leaders).
pub async fn save_settings(
    req: HttpRequest,
    state: web::Data<AppState>,
    Leader(me): Leader,
    Form(form): Form<AgendaForm>,
) -> Result<HttpResponse, AppError> {
    submit(&req, &state, &me, None, &form).await
}

/// `GET /teams/{id}/agenda`.
pub async fn team(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<TeamId>,
) -> Result<HttpResponse, AppError> {
    let blank = (StatusCode::OK, None, &FieldErrors::default());
    page(&req, &state, &me, Some(id.into_inner()), blank).await
}

/// `POST /teams/{id}/agenda`.
pub async fn save_team(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<TeamId>,
    Form(form): Form<AgendaForm>,
) -> Result<HttpResponse, AppError> {
    submit(&req, &state, &me, Some(id.into_inner()), &form).await
}

/// `POST /teams/{id}/agenda/reset`: the team follows the organisation's agenda again.
pub async fn reset_team(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<TeamId>,
    Form(which): Form<Which>,
) -> Result<HttpResponse, AppError> {
    let team = id.into_inner();
    app::reset_team(&state.db, &me, team, which.parse()?).await?;
    Ok(redirect_with(
        &req,
        &format!("/teams/{team}/agenda"),
        Flash::success("agenda-reset"),
    ))
}

/// The body of an agenda saved through the API.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct AgendaInput {
    /// In order, each with its time box in minutes (1–240); at most 20, adding up to no more
    /// than the meetings that follow the agenda.
    pub items: Vec<Item>,
}

/// `GET /api/v1/agendas`: the organisation's agendas, per kind of meeting and language.
#[utoipa::path(get, path = "/api/v1/agendas", tag = "meetings",
    responses((status = 200, description = "The agendas", body = Vec<AgendaView>)))]
pub async fn api_org(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
) -> Result<web::Json<Vec<AgendaView>>, AppError> {
    Ok(web::Json(app::of_org(&state.db, &me).await?))
}

/// `PUT /api/v1/agendas/{kind}/{locale}` → 204 (leaders).
#[utoipa::path(put, path = "/api/v1/agendas/{kind}/{locale}", tag = "meetings",
    params(("kind" = SeriesKind, Path), ("locale" = Locale, Path)), request_body = AgendaInput,
    responses((status = 204, description = "Saved")))]
pub async fn api_save_org(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
    path: web::Path<(String, String)>,
    body: web::Json<AgendaInput>,
) -> Result<HttpResponse, AppError> {
    let (kind, locale) = path.into_inner();
    let which = Which { kind, locale }.parse()?;
    app::save_org(&state.db, &me, which, body.into_inner().items).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// `GET /api/v1/teams/{id}/agendas`: what the team's meetings follow.
#[utoipa::path(get, path = "/api/v1/teams/{id}/agendas", tag = "meetings",
    params(("id" = i32, Path)),
    responses((status = 200, description = "The team's agendas", body = Vec<AgendaView>)))]
pub async fn api_team(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
    id: web::Path<TeamId>,
) -> Result<web::Json<Vec<AgendaView>>, AppError> {
    Ok(web::Json(
        app::of_team(&state.db, &me, id.into_inner()).await?.2,
    ))
}

/// `PUT /api/v1/teams/{id}/agendas/{kind}/{locale}` → 204: the team's own agenda.
#[utoipa::path(put, path = "/api/v1/teams/{id}/agendas/{kind}/{locale}", tag = "meetings",
    params(("id" = i32, Path), ("kind" = SeriesKind, Path), ("locale" = Locale, Path)),
    request_body = AgendaInput, responses((status = 204, description = "Saved")))]
pub async fn api_save_team(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
    path: web::Path<(TeamId, String, String)>,
    body: web::Json<AgendaInput>,
) -> Result<HttpResponse, AppError> {
    let (team, kind, locale) = path.into_inner();
    let which = Which { kind, locale }.parse()?;
    app::save_team(&state.db, &me, team, which, body.into_inner().items).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// `DELETE /api/v1/teams/{id}/agendas/{kind}/{locale}` → 204: back to the organisation's.
#[utoipa::path(delete, path = "/api/v1/teams/{id}/agendas/{kind}/{locale}", tag = "meetings",
    params(("id" = i32, Path), ("kind" = SeriesKind, Path), ("locale" = Locale, Path)),
    responses((status = 204, description = "The team follows the organisation's agenda")))]
pub async fn api_reset_team(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
    path: web::Path<(TeamId, String, String)>,
) -> Result<HttpResponse, AppError> {
    let (team, kind, locale) = path.into_inner();
    let which = Which { kind, locale }.parse()?;
    app::reset_team(&state.db, &me, team, which).await?;
    Ok(HttpResponse::NoContent().finish())
}
