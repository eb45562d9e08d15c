//! A team's meetings as files: calendar links (iCalendar feeds a calendar app subscribes to),
//! the CSV export of meetings, attendance and check-ins, and bringing in a history of past
//! meetings from CSV.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use crate::app::meetings as app;
use crate::context;
use crate::domain::ids::{SeriesId, TeamId};
use crate::domain::{meetings, periods, teams};
use crate::web::AppState;
use crate::web::auth::Auth;
use crate::web::errors::AppError;
use crate::web::forms::Form;
use crate::web::render::{Flash, page_with_status, redirect_with};

/// `POST /meetings/series/{id}/feed`: a new calendar link for the series (the old one stops
/// working); the link is shown once.
pub async fn new_feed(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<SeriesId>,
    Form(_): Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    let (series, token) = app::new_feed(&state.db, &me, id.into_inner()).await?;
    page_with_status(
        &req,
        StatusCode::OK,
        "meetings/feed.html",
        context!(
            "series" => series,
            "url" => format!("{}/calendar/{token}.ics", state.base_url),
            "webcal" => format!("{}/calendar/{token}.ics", state.base_url)
                .replacen("https://", "webcal://", 1)
                .replacen("http://", "webcal://", 1),
        ),
    )
}

/// `POST /meetings/series/{id}/feed/revoke`
pub async fn revoke_feed(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<SeriesId>,
    Form(_): Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    let series = app::revoke_feed(&state.db, &me, id.into_inner()).await?;
    Ok(redirect_with(
        &req,
        &format!("/teams/{}/meetings", series.team_id),
        Flash::success("flash-feed-revoked"),
    ))
}

/// `GET /calendar/{secret}.ics`: the series' meetings as iCalendar, for calendar apps
/// (no sign-in: the secret is the key).
pub async fn calendar(
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let token = token.into_inner();
    let token = token.strip_suffix(".ics").unwrap_or(&token).to_owned();
    let host = state
        .base_url
        .split("://")
        .nth(1)
        .unwrap_or("hverdag")
        .to_owned();
    let body = state
        .db
        .run(move |c| {
            let (series, all) = meetings::calendar::feed(c, &token)?;
            let team = teams::find(c, series.org_id, series.team_id)?;
            let org = crate::domain::org::find(c, series.org_id)?;
            let kind =
                crate::text::mail::followup::series_name(org.locale(), &series, org.periods());
            let title = format!("{kind} · {}", team.name);
            Ok::<_, crate::domain::Error>(meetings::calendar::to_ics(&series, &all, &title, &host))
        })
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .insert_header(("Cache-Control", "private, max-age=300"))
        .body(body))
}

#[derive(Deserialize)]
pub struct ExportQuery {
    what: String,
    team: Option<TeamId>,
    period: String,
}

/// `GET /meetings/export.csv?what=meetings|attendance|check-ins&period=2027-Q1&team=`: one
/// team's (for those who may see its people) or the whole organisation's (for those who may
/// see everyone's): the rule of `domain::access`.
pub async fn export(
    state: web::Data<AppState>,
    Auth(me): Auth,
    query: web::Query<ExportQuery>,
) -> Result<HttpResponse, AppError> {
    let what = meetings::export::Export::parse(&query.what)
        .ok_or(AppError::BadRequest("error-bad-request"))?;
    let (from, to) =
        periods::days(&query.period).ok_or(AppError::BadRequest("error-bad-period"))?;
    let team = query.team;
    let body = app::export(&state.db, &me, what, team, (from, to)).await?;
    let name = format!(
        "{}-{}{}.csv",
        query.what,
        query.period,
        team.map(|t| format!("-team-{t}")).unwrap_or_default()
    );
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{name}\""),
        ))
        .body(body))
}

#[derive(actix_multipart::form::MultipartForm)]
pub struct HistoryUpload {
    csrf_token: actix_multipart::form::text::Text<String>,
    #[multipart(limit = "2MB")]
    file: Option<actix_multipart::form::bytes::Bytes>,
}

fn history_page(
    req: &HttpRequest,
    status: StatusCode,
    team: &teams::Team,
    file_error: Option<&str>,
    rows: &[meetings::history::RowError],
) -> Result<HttpResponse, AppError> {
    page_with_status(
        req,
        status,
        "meetings/import.html",
        context!("team" => team, "file_error" => file_error, "row_errors" => rows),
    )
}

/// `GET /teams/{id}/meetings/import`
pub async fn history_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<TeamId>,
) -> Result<HttpResponse, AppError> {
    let team = app::editable_team(&state.db, &me, id.into_inner()).await?;
    history_page(&req, StatusCode::OK, &team, None, &[])
}

/// `POST /teams/{id}/meetings/import`: all rows or none.
pub async fn import_history(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<TeamId>,
    actix_multipart::form::MultipartForm(upload): actix_multipart::form::MultipartForm<
        HistoryUpload,
    >,
) -> Result<HttpResponse, AppError> {
    crate::web::forms::check_csrf(&req, &upload.csrf_token)?;
    let team = app::editable_team(&state.db, &me, id.into_inner()).await?;
    let text = match upload.file.filter(|f| !f.data.is_empty()) {
        Some(file) => String::from_utf8(file.data.to_vec())
            .map_err(|_| AppError::BadRequest("import-error-encoding"))?,
        None => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return history_page(&req, status, &team, Some("history-error-empty"), &[]);
        }
    };
    let team_id = team.id;
    match app::import_history(&state.db, &me, team_id, text).await? {
        Ok(n) => Ok(redirect_with(
            &req,
            &format!("/teams/{team_id}/meetings"),
            Flash::success("flash-history-imported").arg("count", n),
        )),
        Err((file_error, rows)) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            history_page(&req, status, &team, file_error, &rows)
        }
    }
}

#[derive(serde::Deserialize)]
pub struct InvitationsForm {
    on: bool,
}

/// `POST /meetings/series/{id}/invitations` (`on=true|false`): calendar invitations for a
/// weekly series, on (the person becomes the organiser) or off.
pub async fn invitations(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<SeriesId>,
    Form(form): Form<InvitationsForm>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let team = app::invitations::team_of(&state.db, &me, id).await?;
    let back = format!("/teams/{team}/meetings");
    let result = app::invitations::set(&state.db, &me, id, form.on, state.mail_composer());
    match super::form_errors(result.await)? {
        Ok(_) => {
            state.mail.kick();
            let key = if form.on {
                "invitations-sent"
            } else {
                "invitations-stopped"
            };
            Ok(redirect_with(&req, &back, Flash::success(key)))
        }
        Err(errors) => {
            let key = errors.0.first().map_or("error-invalid", |e| e.key);
            Ok(redirect_with(&req, &back, Flash::error(key)))
        }
    }
}

/// Whether a series' calendar invitations are on.
#[derive(serde::Deserialize, utoipa::ToSchema)]
pub struct InvitationsInput {
    pub on: bool,
}

/// How many invitations (or cancels) were queued.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct InvitationsSent {
    pub mails: usize,
}

/// `POST /api/v1/series/{id}/invitations`: calendar invitations for a weekly series on or
/// off; 422 for a period series or one that has ended.
#[utoipa::path(post, path = "/api/v1/series/{id}/invitations", tag = "meetings",
    params(("id" = i32, Path)), request_body = InvitationsInput,
    responses((status = 200, description = "The mails queued", body = InvitationsSent)))]
pub async fn api_invitations(
    state: web::Data<AppState>,
    crate::web::auth::ApiAuth(me): crate::web::auth::ApiAuth,
    id: web::Path<SeriesId>,
    body: web::Json<InvitationsInput>,
) -> Result<web::Json<InvitationsSent>, AppError> {
    let on = body.into_inner().on;
    let mails =
        app::invitations::set(&state.db, &me, id.into_inner(), on, state.mail_composer()).await?;
    state.mail.kick();
    Ok(web::Json(InvitationsSent { mails }))
}
