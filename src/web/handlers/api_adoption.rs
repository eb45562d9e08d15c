//! JSON API for adoption health: every team's standing, the weekly metrics, the alerts and
//! acknowledging one, and the progress of a recompute — with the dashboard's rules (leaders
//! and ambassadors see every team, members their own teams' weeks).

use actix_web::web;
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::adoption::window;
use crate::domain::Error;
use crate::domain::adoption;
use crate::domain::adoption::recompute;
use crate::domain::adoption::views::{self, Alert, Standing, WeekView};
use crate::web::AppState;
use crate::web::auth::ApiAuth;
use crate::web::errors::AppError;

type Json<T> = Result<web::Json<T>, AppError>;

/// `GET /api/v1/adoption/teams`: each team's stage, since when, streak and the last 12
/// weeks' meetings held, attendance and coverage (leaders and ambassadors).
#[utoipa::path(get, path = "/api/v1/adoption/teams", tag = "adoption",
    responses((status = 200, description = "Every team's standing", body = Vec<Standing>)))]
pub async fn teams(state: web::Data<AppState>, ApiAuth(me): ApiAuth) -> Json<Vec<Standing>> {
    if !me.is_watcher() {
        return Err(AppError::Forbidden);
    }
    let standings = state
        .db
        .run(move |c| views::standings(c, me.org_id))
        .await?;
    Ok(web::Json(standings))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WeeksQuery {
    team: Option<i32>,
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
    let (from, to) = window(me.today(), from, to)?;
    let weeks = state
        .db
        .run(move |c| {
            adoption::ensure_may_view_scope(c, &me, team)?;
            let teams = team.map(|id| vec![id]);
            views::weeks_between(c, me.org_id, teams.as_deref(), from, to)
        })
        .await?;
    Ok(web::Json(weeks))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AlertsQuery {
    team: Option<i32>,
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
    let open_since = open.then(|| views::open_since(me.today()));
    let alerts = state
        .db
        .run(move |c| {
            adoption::ensure_may_view_scope(c, &me, team)?;
            views::alerts(c, me.org_id, team, open_since)
        })
        .await?;
    Ok(web::Json(alerts))
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
    id: web::Path<i32>,
    body: web::Json<Acknowledgement>,
) -> Json<Alert> {
    if !me.is_watcher() {
        return Err(AppError::Forbidden);
    }
    let id = id.into_inner();
    let alert = state
        .db
        .write(move |c| {
            let team = adoption::acknowledge(c, me.org_id, id, me.person_id, &body.note)?;
            views::alerts(c, me.org_id, Some(team), None)?
                .into_iter()
                .find(|a| a.id == id)
                .ok_or(Error::NotFound)
        })
        .await?;
    Ok(web::Json(alert))
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
    if !me.is_watcher() {
        return Err(AppError::Forbidden);
    }
    let org_id = me.org_id;
    let job = state.db.run(move |c| recompute::latest(c, org_id)).await?;
    Ok(web::Json(RecomputeStatus {
        running: job.as_ref().is_some_and(recompute::Job::is_active),
        job,
    }))
}
