//! JSON API for the OKR register and check-ins: `/api/v1/okrs` (a team's quarter),
//! `/api/v1/objectives`, `/api/v1/key-results` and their check-ins. Everyone in the
//! organisation reads; the team's members, its ambassadors and leaders write (as on the
//! pages), and a key result's owner may check in. Each handler parses the body and calls the
//! same use case in `app::okrs` as the page does.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::period_or_current;
use crate::app::okrs as app;
use crate::domain::ids::{KeyResultId, ObjectiveId, OrgObjectiveId, PersonId, TeamId};
use crate::domain::okrs::check_ins::{CheckIn, CheckInInput, Confidence};
use crate::domain::okrs::company::{Aligned, OrgObjective, OrgObjectiveInput};
use crate::domain::okrs::{KeyResult, KeyResultInput, KrKind, ObjectiveInput, Okr, Status};
use crate::domain::{FieldErrors, Result};
use crate::web::AppState;
use crate::web::auth::ApiAuth;
use crate::web::errors::AppError;

fn parse_status(code: &str) -> Result<Status> {
    Status::parse(code).ok_or_else(|| FieldErrors::single("status", "field-status-invalid"))
}

fn parse_kind(code: &str) -> Result<KrKind> {
    KrKind::parse(code).ok_or_else(|| FieldErrors::single("kind", "field-kr-kind-invalid"))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RegisterQuery {
    team: TeamId,
    /// Like `2027-Q1`, `2027-T2` or `2027-H1`; the current period when absent.
    period: Option<String>,
}

/// `GET /api/v1/okrs?team=&period=`: a team's objectives for a period (by default the
/// current one).
#[utoipa::path(get, path = "/api/v1/okrs", tag = "okrs", params(RegisterQuery),
    responses((status = 200, description = "The team's objectives", body = Vec<Okr>)))]
pub async fn register(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
    query: web::Query<RegisterQuery>,
) -> Result<web::Json<Vec<Okr>>, AppError> {
    let RegisterQuery { team, period } = query.into_inner();
    let period = period_or_current(&me, period)?;
    Ok(web::Json(
        app::team_okrs(&state.db, &me, team, period).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewObjective {
    team_id: TeamId,
    period: String,
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    owner_id: Option<PersonId>,
    #[serde(default)]
    #[schema(value_type = Option<Status>)]
    status: Option<String>,
}

/// `POST /api/v1/objectives`
#[utoipa::path(post, path = "/api/v1/objectives", tag = "okrs", request_body = NewObjective,
    responses((status = 201, description = "The new objective", body = Okr)))]
pub async fn create_objective(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
    body: web::Json<NewObjective>,
) -> Result<HttpResponse, AppError> {
    let body = body.into_inner();
    let input = ObjectiveInput {
        team_id: body.team_id,
        period: body.period,
        title: body.title,
        description: body.description,
        owner_id: body.owner_id,
        status: parse_status(body.status.as_deref().unwrap_or("active"))?,
    };
    let created = app::create(&state.db, &me, input, None).await?;
    Ok(HttpResponse::Created().json(created))
}

/// `GET /api/v1/objectives/{id}`: with all its key results, archived ones too.
#[utoipa::path(get, path = "/api/v1/objectives/{id}", tag = "okrs", params(("id" = i32, Path)),
    responses((status = 200, description = "The objective", body = Okr)))]
pub async fn get_objective(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
    id: web::Path<ObjectiveId>,
) -> Result<web::Json<Okr>, AppError> {
    Ok(web::Json(app::okr(&state.db, &me, id.into_inner()).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ObjectivePatch {
    team_id: Option<TeamId>,
    period: Option<String>,
    title: Option<String>,
    description: Option<String>,
    #[serde(default, deserialize_with = "super::double_option")]
    #[schema(value_type = Option<i32>)]
    owner_id: Option<Option<PersonId>>,
    #[schema(value_type = Option<Status>)]
    status: Option<String>,
    archived: Option<bool>,
}

/// `PATCH /api/v1/objectives/{id}`: change what is given; `archived` archives or restores.
#[utoipa::path(patch, path = "/api/v1/objectives/{id}", tag = "okrs", params(("id" = i32, Path)),
    request_body = ObjectivePatch,
    responses((status = 200, description = "The objective, changed", body = Okr)))]
pub async fn update_objective(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
    id: web::Path<ObjectiveId>,
    body: web::Json<ObjectivePatch>,
) -> Result<web::Json<Okr>, AppError> {
    let patch = body.into_inner();
    let change = app::Change {
        status: patch.status.as_deref().map(parse_status).transpose()?,
        team_id: patch.team_id,
        period: patch.period,
        title: patch.title,
        description: patch.description,
        owner_id: patch.owner_id,
        aligned_to: None,
        archived: patch.archived,
    };
    Ok(web::Json(
        app::update(&state.db, &me, id.into_inner(), change).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewKeyResult {
    title: String,
    #[serde(default)]
    #[schema(value_type = Option<KrKind>)]
    kind: Option<String>,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    start: f64,
    #[serde(default)]
    target: f64,
    #[serde(default)]
    owner_id: Option<PersonId>,
}

/// `POST /api/v1/objectives/{id}/key-results`
#[utoipa::path(post, path = "/api/v1/objectives/{id}/key-results", tag = "okrs",
    params(("id" = i32, Path)), request_body = NewKeyResult,
    responses((status = 201, description = "The new key result", body = KeyResult)))]
pub async fn create_key_result(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
    id: web::Path<ObjectiveId>,
    body: web::Json<NewKeyResult>,
) -> Result<HttpResponse, AppError> {
    let body = body.into_inner();
    let input = KeyResultInput {
        title: body.title,
        kind: parse_kind(body.kind.as_deref().unwrap_or("number"))?,
        unit: body.unit,
        start: body.start,
        target: body.target,
        owner_id: body.owner_id,
    };
    let created = app::key_results::create(&state.db, &me, id.into_inner(), input).await?;
    Ok(HttpResponse::Created().json(created))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct KeyResultPatch {
    title: Option<String>,
    #[schema(value_type = Option<KrKind>)]
    kind: Option<String>,
    unit: Option<String>,
    start: Option<f64>,
    target: Option<f64>,
    #[serde(default, deserialize_with = "super::double_option")]
    #[schema(value_type = Option<i32>)]
    owner_id: Option<Option<PersonId>>,
    archived: Option<bool>,
}

/// `PATCH /api/v1/key-results/{id}`
#[utoipa::path(patch, path = "/api/v1/key-results/{id}", tag = "okrs", params(("id" = i32, Path)),
    request_body = KeyResultPatch,
    responses((status = 200, description = "The key result, changed", body = KeyResult)))]
pub async fn update_key_result(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
    id: web::Path<KeyResultId>,
    body: web::Json<KeyResultPatch>,
) -> Result<web::Json<KeyResult>, AppError> {
    let patch = body.into_inner();
    let change = app::key_results::Change {
        kind: patch.kind.as_deref().map(parse_kind).transpose()?,
        title: patch.title,
        unit: patch.unit,
        start: patch.start,
        target: patch.target,
        owner_id: patch.owner_id,
        archived: patch.archived,
    };
    Ok(web::Json(
        app::key_results::update(&state.db, &me, id.into_inner(), change).await?,
    ))
}

/// `GET /api/v1/key-results/{id}/check-ins`: oldest first; `person_id` (who checked in) only
/// for those who may see the team's people.
#[utoipa::path(get, path = "/api/v1/key-results/{id}/check-ins", tag = "okrs",
    params(("id" = i32, Path)),
    responses((status = 200, description = "The check-ins", body = Vec<CheckIn>)))]
pub async fn list_check_ins(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
    id: web::Path<KeyResultId>,
) -> Result<web::Json<Vec<CheckIn>>, AppError> {
    Ok(web::Json(
        app::check_ins::history(&state.db, &me, id.into_inner()).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCheckIn {
    value: f64,
    #[schema(value_type = Confidence)]
    confidence: String,
    #[serde(default)]
    note: String,
}

/// `POST /api/v1/key-results/{id}/check-ins`: by the owner or anyone who may change the
/// team's OKRs.
#[utoipa::path(post, path = "/api/v1/key-results/{id}/check-ins", tag = "okrs",
    params(("id" = i32, Path)), request_body = NewCheckIn,
    responses((status = 201, description = "The new check-in", body = CheckIn)))]
pub async fn create_check_in(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
    id: web::Path<KeyResultId>,
    body: web::Json<NewCheckIn>,
) -> Result<HttpResponse, AppError> {
    let body = body.into_inner();
    let confidence = Confidence::parse(&body.confidence)
        .ok_or_else(|| FieldErrors::single("confidence", "field-confidence-invalid"))?;
    let input = CheckInInput {
        key_result_id: id.into_inner(),
        value: body.value,
        confidence,
        note: body.note,
    };
    let (_, created) = app::check_ins::record(&state.db, &me, input).await?;
    Ok(HttpResponse::Created().json(created))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodQuery {
    period: Option<String>,
}

/// `GET /api/v1/organisation-objectives?period=`: each with its aligned team objectives
/// and progress.
#[utoipa::path(get, path = "/api/v1/organisation-objectives", tag = "okrs", params(PeriodQuery),
    responses((status = 200, description = "The organisation objectives", body = Vec<Aligned>)))]
pub async fn organisation(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
    query: web::Query<PeriodQuery>,
) -> Result<web::Json<Vec<Aligned>>, AppError> {
    let period = period_or_current(&me, query.into_inner().period)?;
    Ok(web::Json(
        app::company::overview(&state.db, &me, period).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewOrgObjective {
    period: String,
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    owner_id: Option<PersonId>,
}

/// `POST /api/v1/organisation-objectives` (leaders) → 201
#[utoipa::path(post, path = "/api/v1/organisation-objectives", tag = "okrs",
    request_body = NewOrgObjective,
    responses((status = 201, description = "The new organisation objective", body = OrgObjective)))]
pub async fn create_org_objective(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
    body: web::Json<NewOrgObjective>,
) -> Result<HttpResponse, AppError> {
    let body = body.into_inner();
    let input = OrgObjectiveInput {
        period: body.period,
        title: body.title,
        description: body.description,
        owner_id: body.owner_id,
    };
    let created = app::company::create(&state.db, &me, input).await?;
    Ok(HttpResponse::Created().json(created))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Alignment {
    aligned_to: Option<OrgObjectiveId>,
}

/// `PUT /api/v1/objectives/{id}/alignment` with `{"aligned_to": id or null}`.
#[utoipa::path(put, path = "/api/v1/objectives/{id}/alignment", tag = "okrs",
    params(("id" = i32, Path)), request_body = Alignment,
    responses((status = 200, description = "The objective", body = Okr)))]
pub async fn align(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
    id: web::Path<ObjectiveId>,
    body: web::Json<Alignment>,
) -> Result<web::Json<Okr>, AppError> {
    let to = body.aligned_to;
    Ok(web::Json(
        app::align(&state.db, &me, id.into_inner(), to).await?,
    ))
}
