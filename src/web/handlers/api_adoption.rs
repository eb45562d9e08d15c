//! JSON API for adoption health: every team's standing, the weekly metrics, the alerts and
//! acknowledging one, and the progress of a recompute — with the dashboard's rules (leaders
//! and ambassadors see every team, members their own teams' weeks).

use actix_web::web;
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::adoption::window;
use crate::app::adoption as app;
use crate::domain::adoption::recompute;
use crate::domain::adoption::views::{Alert, Standing, WeekView};
use crate::domain::ids::{AlertId, TeamId};
use crate::web::AppState;
use crate::web::auth::ApiAuth;
use crate::web::errors::AppError;

type Json<T> = Result<web::Json<T>, AppError>;

/// `GET /api/v1/adoption/teams`: each team's stage, since when, streak and the last 12
/// weeks' meetings held, attendance and coverage (leaders and ambassadors).
#[utoipa::path(get, path = "/api/v1/adoption/teams", tag = "adoption",
    responses((status = 200, description = "Every team's standing", body = Vec<Standing>)))]
pub async fn teams(state: web::Data<AppState>, ApiAuth(me): ApiAuth) -> Json<Vec<Standing>> {
    Ok(web::Json(app::standings(&state.db, &me).await?))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WeeksQuery {
    team: Option<TeamId>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
}

/// `GET /api/v1/adoption/weeks?team=&from=&to=`: the weekly metrics (default the last 52
/// weeks; without `team`, every team, for leaders and ambassadors).
#[utoipa::path(get, path = "/api/v1/adoption/weeks", tag = "adoption", params(WeeksQuery),
    responses((status = 200, description = "The weekly metrics", body = Vec<WeekView>)))]
pub async fn weeks(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
    query: web::Query<WeeksQuery>,
) -> Json<Vec<WeekView>> {
    let WeeksQuery { team, from, to } = query.into_inner();
    let window = window(me.today(), from, to)?;
    Ok(web::Json(app::weeks(&state.db, &me, team, window).await?))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AlertsQuery {
    team: Option<TeamId>,
    /// Only open alerts (not acknowledged, from the last six weeks).
    #[serde(default)]
    open: bool,
}

/// `GET /api/v1/adoption/alerts?team=&open=true`: alerts, newest first.
#[utoipa::path(get, path = "/api/v1/adoption/alerts", tag = "adoption", params(AlertsQuery),
    responses((status = 200, description = "The alerts", body = Vec<Alert>)))]
pub async fn alerts(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
    query: web::Query<AlertsQuery>,
) -> Json<Vec<Alert>> {
    let AlertsQuery { team, open } = query.into_inner();
    Ok(web::Json(app::alerts(&state.db, &me, team, open).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Acknowledgement {
    #[serde(default)]
    note: String,
}

/// `POST /api/v1/adoption/alerts/{id}/acknowledge` with `{"note"}` (leaders and
/// ambassadors): the alert, acknowledged.
#[utoipa::path(post, path = "/api/v1/adoption/alerts/{id}/acknowledge", tag = "adoption",
    params(("id" = i32, Path)), request_body = Acknowledgement,
    responses((status = 200, description = "The alert, acknowledged", body = Alert)))]
pub async fn acknowledge(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
    id: web::Path<AlertId>,
    body: web::Json<Acknowledgement>,
) -> Json<Alert> {
    let note = body.into_inner().note;
    Ok(web::Json(
        app::acknowledge(&state.db, &me, id.into_inner(), note).await?,
    ))
}

/// The organisation's latest recompute of stages and alerts.
#[derive(serde::Serialize, ToSchema)]
pub struct RecomputeStatus {
    /// A recompute is queued or running: the figures are changing.
    running: bool,
    /// The latest recompute, `null` if there never was one.
    job: Option<recompute::Job>,
}

/// `GET /api/v1/adoption/recompute`: the progress of the latest recompute of every team's
/// stages and alerts, which changing the thresholds or the OKR periods starts (leaders and
/// ambassadors).
#[utoipa::path(get, path = "/api/v1/adoption/recompute", tag = "adoption",
    responses((status = 200, description = "The latest recompute and its progress", body = RecomputeStatus)))]
pub async fn recompute(state: web::Data<AppState>, ApiAuth(me): ApiAuth) -> Json<RecomputeStatus> {
    let job = app::recompute_status(&state.db, &me).await?;
    Ok(web::Json(RecomputeStatus {
        running: job.as_ref().is_some_and(recompute::Job::is_active),
        job,
    }))
}
