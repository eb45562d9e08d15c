//! JSON API for the OKR register and check-ins: `/api/v1/okrs` (a team's quarter),
//! `/api/v1/objectives`, `/api/v1/key-results` and their check-ins. Everyone in the
//! organisation reads; the team's members, its ambassadors and leaders write (as on the
//! pages), and a key result's owner may check in. Validation is the domain's.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::domain::auth::Identity;
use crate::domain::okrs::check_ins::{self, CheckIn, CheckInInput, Confidence};
use crate::domain::okrs::{
    self, KeyResult, KeyResultInput, KrKind, ObjectiveInput, Okr, Status, key_results,
};
use crate::domain::{FieldErrors, Result, periods};
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
    team: i32,
    /// Like `2027-Q1`, `2027-T2` or `2027-H1`; the current period when absent.
    period: Option<String>,
}

/// The period a query names, else the organisation's current one.
fn period_or_current(me: &Identity, period: Option<String>) -> Result<String, AppError> {
    match period {
        Some(p) if periods::valid(&p) => Ok(p),
        Some(_) => Err(AppError::BadRequest("error-bad-period")),
        None => Ok(me.current_period()),
    }
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
    let org_id = me.org_id;
    Ok(web::Json(
        state
            .db
            .run(move |c| {
                crate::domain::teams::find(c, org_id, team)?;
                okrs::for_team(c, org_id, team, &period)
            })
            .await?,
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewObjective {
    team_id: i32,
    period: String,
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    owner_id: Option<i32>,
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
    let created = state
        .db
        .write(move |c| {
            okrs::ensure_may_edit(c, &me, body.team_id)?;
            let input = ObjectiveInput {
                team_id: body.team_id,
                period: body.period,
                title: body.title,
                description: body.description,
                owner_id: body.owner_id,
                status: parse_status(body.status.as_deref().unwrap_or("active"))?,
            };
            okrs::create(c, me.org_id, &input, None, &[])
        })
        .await?;
    Ok(HttpResponse::Created().json(created))
}

/// `GET /api/v1/objectives/{id}`: with all its key results, archived ones too.
#[utoipa::path(get, path = "/api/v1/objectives/{id}", tag = "okrs", params(("id" = i32, Path)),
    responses((status = 200, description = "The objective", body = Okr)))]
pub async fn get_objective(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
    id: web::Path<i32>,
) -> Result<web::Json<Okr>, AppError> {
    let (org_id, id) = (me.org_id, id.into_inner());
    Ok(web::Json(
        state
            .db
            .run(move |c| okrs::find_okr(c, org_id, id, true))
            .await?,
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ObjectivePatch {
    team_id: Option<i32>,
    period: Option<String>,
    title: Option<String>,
    description: Option<String>,
    #[serde(default, deserialize_with = "super::double_option")]
    #[schema(value_type = Option<i32>)]
    owner_id: Option<Option<i32>>,
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
    id: web::Path<i32>,
    body: web::Json<ObjectivePatch>,
) -> Result<web::Json<Okr>, AppError> {
    let (id, patch) = (id.into_inner(), body.into_inner());
    let updated = state
        .db
        .write(move |c| {
            let org_id = me.org_id;
            let current = okrs::find(c, org_id, id)?;
            okrs::ensure_may_edit(c, &me, current.team_id)?;
            let input = ObjectiveInput {
                team_id: patch.team_id.unwrap_or(current.team_id),
                period: patch.period.unwrap_or(current.period),
                title: patch.title.unwrap_or(current.title),
                description: patch.description.unwrap_or(current.description),
                owner_id: patch.owner_id.unwrap_or(current.owner_id),
                status: parse_status(patch.status.as_deref().unwrap_or(&current.status))?,
            };
            okrs::ensure_may_edit(c, &me, input.team_id)?;
            okrs::update(c, org_id, id, &input)?;
            if let Some(archived) = patch.archived {
                okrs::set_archived(c, org_id, id, archived)?;
            }
            okrs::find_okr(c, org_id, id, true)
        })
        .await?;
    Ok(web::Json(updated))
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
    owner_id: Option<i32>,
}

/// `POST /api/v1/objectives/{id}/key-results`
#[utoipa::path(post, path = "/api/v1/objectives/{id}/key-results", tag = "okrs",
    params(("id" = i32, Path)), request_body = NewKeyResult,
    responses((status = 201, description = "The new key result", body = KeyResult)))]
pub async fn create_key_result(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
    id: web::Path<i32>,
    body: web::Json<NewKeyResult>,
) -> Result<HttpResponse, AppError> {
    let (id, body) = (id.into_inner(), body.into_inner());
    let created = state
        .db
        .write(move |c| {
            let objective = okrs::find(c, me.org_id, id)?;
            okrs::ensure_may_edit(c, &me, objective.team_id)?;
            let input = KeyResultInput {
                title: body.title,
                kind: parse_kind(body.kind.as_deref().unwrap_or("number"))?,
                unit: body.unit,
                start: body.start,
                target: body.target,
                owner_id: body.owner_id,
            };
            key_results::create(c, me.org_id, objective.id, &input)
        })
        .await?;
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
    owner_id: Option<Option<i32>>,
    archived: Option<bool>,
}

/// `PATCH /api/v1/key-results/{id}`
#[utoipa::path(patch, path = "/api/v1/key-results/{id}", tag = "okrs", params(("id" = i32, Path)),
    request_body = KeyResultPatch,
    responses((status = 200, description = "The key result, changed", body = KeyResult)))]
pub async fn update_key_result(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
    id: web::Path<i32>,
    body: web::Json<KeyResultPatch>,
) -> Result<web::Json<KeyResult>, AppError> {
    let (id, patch) = (id.into_inner(), body.into_inner());
    let updated = state
        .db
        .write(move |c| {
            let org_id = me.org_id;
            let current = key_results::find(c, org_id, id)?;
            let objective = okrs::find(c, org_id, current.objective_id)?;
            okrs::ensure_may_edit(c, &me, objective.team_id)?;
            let input = KeyResultInput {
                title: patch.title.unwrap_or_else(|| current.title.clone()),
                kind: parse_kind(patch.kind.as_deref().unwrap_or(&current.kind))?,
                unit: patch.unit.unwrap_or_else(|| current.unit.clone()),
                start: patch.start.unwrap_or(current.start_value),
                target: patch.target.unwrap_or(current.target_value),
                owner_id: patch.owner_id.unwrap_or(current.owner_id),
            };
            key_results::update(c, org_id, id, &input)?;
            match patch.archived {
                Some(archived) => key_results::set_archived(c, org_id, id, archived),
                None => key_results::find(c, org_id, id),
            }
        })
        .await?;
    Ok(web::Json(updated))
}

/// `GET /api/v1/key-results/{id}/check-ins`: oldest first; `person_id` (who checked in) only
/// for those who may see the team's people.
#[utoipa::path(get, path = "/api/v1/key-results/{id}/check-ins", tag = "okrs",
    params(("id" = i32, Path)),
    responses((status = 200, description = "The check-ins", body = Vec<CheckIn>)))]
pub async fn list_check_ins(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
    id: web::Path<i32>,
) -> Result<web::Json<Vec<CheckIn>>, AppError> {
    let (org_id, id) = (me.org_id, id.into_inner());
    Ok(web::Json(
        state
            .db
            .run(move |c| {
                let kr = key_results::find(c, org_id, id)?;
                let team = okrs::find(c, org_id, kr.objective_id)?.team_id;
                let history = check_ins::history(c, org_id, id)?;
                crate::domain::access::check_ins_for(c, &me, team, history)
            })
            .await?,
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
    id: web::Path<i32>,
    body: web::Json<NewCheckIn>,
) -> Result<HttpResponse, AppError> {
    let (id, body) = (id.into_inner(), body.into_inner());
    let created = state
        .db
        .write(move |c| {
            let kr = key_results::find(c, me.org_id, id)?;
            if kr.owner_id != Some(me.person_id) {
                let objective = okrs::find(c, me.org_id, kr.objective_id)?;
                okrs::ensure_may_edit(c, &me, objective.team_id)?;
            }
            let confidence = Confidence::parse(&body.confidence)
                .ok_or_else(|| FieldErrors::single("confidence", "field-confidence-invalid"))?;
            let input = CheckInInput {
                key_result_id: kr.id,
                value: body.value,
                confidence,
                note: body.note,
            };
            check_ins::record(c, me.org_id, me.person_id, &input)
        })
        .await?;
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
    responses((status = 200, description = "The organisation objectives", body = Vec<okrs::company::Aligned>)))]
pub async fn organisation(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
    query: web::Query<PeriodQuery>,
) -> Result<web::Json<Vec<okrs::company::Aligned>>, AppError> {
    let period = period_or_current(&me, query.into_inner().period)?;
    let org_id = me.org_id;
    Ok(web::Json(
        state
            .db
            .run(move |c| okrs::company::overview(c, org_id, &period))
            .await?,
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
    owner_id: Option<i32>,
}

/// `POST /api/v1/organisation-objectives` (leaders) → 201
#[utoipa::path(post, path = "/api/v1/organisation-objectives", tag = "okrs",
    request_body = NewOrgObjective,
    responses((status = 201, description = "The new organisation objective", body = okrs::company::OrgObjective)))]
pub async fn create_org_objective(
    state: web::Data<AppState>,
    crate::web::auth::ApiLeader(me): crate::web::auth::ApiLeader,
    body: web::Json<NewOrgObjective>,
) -> Result<HttpResponse, AppError> {
    let body = body.into_inner();
    let input = okrs::company::OrgObjectiveInput {
        period: body.period,
        title: body.title,
        description: body.description,
        owner_id: body.owner_id,
    };
    let org_id = me.org_id;
    let created = state
        .db
        .write(move |c| okrs::company::create(c, org_id, &input))
        .await?;
    Ok(HttpResponse::Created().json(created))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Alignment {
    aligned_to: Option<i32>,
}

/// `PUT /api/v1/objectives/{id}/alignment` with `{"aligned_to": id or null}`.
#[utoipa::path(put, path = "/api/v1/objectives/{id}/alignment", tag = "okrs",
    params(("id" = i32, Path)), request_body = Alignment,
    responses((status = 200, description = "The objective", body = Okr)))]
pub async fn align(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
    id: web::Path<i32>,
    body: web::Json<Alignment>,
) -> Result<web::Json<Okr>, AppError> {
    let (id, to) = (id.into_inner(), body.aligned_to);
    let updated = state
        .db
        .write(move |c| {
            let objective = okrs::find(c, me.org_id, id)?;
            okrs::ensure_may_edit(c, &me, objective.team_id)?;
            okrs::company::align(c, me.org_id, id, to)?;
            okrs::find_okr(c, me.org_id, id, true)
        })
        .await?;
    Ok(web::Json(updated))
}
