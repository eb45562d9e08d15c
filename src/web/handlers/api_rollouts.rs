//! JSON API for rollouts and their checklists under `/api/v1/rollouts`: reading for everyone
//! signed in; writing for leaders, except that the person an item is assigned to may tick it.
//! Validation is the domain's, so the API refuses what the pages refuse (422 with fields).

use actix_web::{HttpResponse, web};
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::LangQuery;
use crate::app::rollouts::{self as app, checklist};
use crate::domain::ids::{ChecklistItemId, PersonId, RolloutId, TeamId};
use crate::domain::rollouts::{self, ItemInput, Phase, Rollout, RolloutInput, Stage};
use crate::domain::{FieldErrors, Locale};
use crate::web::AppState;
use crate::web::auth::ApiAuth;
use crate::web::errors::AppError;

type Json<T> = Result<web::Json<T>, AppError>;

// ----- Responses -----------------------------------------------------------------------------

/// A checklist item as the API shows it: `title` is always the text to show (a seeded item's
/// translation unless its title was changed); `seed_key` tells which items were seeded.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiItem {
    id: ChecklistItemId,
    rollout_id: RolloutId,
    phase: String,
    position: i32,
    title: String,
    seed_key: Option<String>,
    notes: String,
    owner_id: Option<PersonId>,
    owner_name: Option<String>,
    due_on: Option<NaiveDate>,
    done: bool,
    done_at: Option<NaiveDateTime>,
    overdue: bool,
}

impl ApiItem {
    fn new(item: rollouts::Item, locale: Locale, day: NaiveDate) -> ApiItem {
        let title = checklist::title(&item, locale);
        ApiItem {
            done: item.is_done(),
            overdue: item.is_overdue(day),
            id: item.id,
            rollout_id: item.rollout_id,
            phase: item.phase.code().to_owned(),
            position: item.position,
            title,
            seed_key: item.seed_key,
            notes: item.notes,
            owner_id: item.owner_id,
            owner_name: item.owner_name,
            due_on: item.due_on,
            done_at: item.done_at,
        }
    }
}

/// One phase: its dates and its checklist progress.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiPhase {
    phase: Phase,
    start: NaiveDate,
    end: NaiveDate,
    done: usize,
    total: usize,
}

/// A rollout with its stage today, phases, teams and checklist.
#[derive(Debug, Serialize, ToSchema)]
pub struct RolloutDetail {
    #[serde(flatten)]
    rollout: Rollout,
    stage: Stage,
    /// The months after the workshop by which OKRs should be routine.
    routine_months: u32,
    /// The teams taking part; empty when `all_teams`.
    team_ids: Vec<TeamId>,
    phases: Vec<ApiPhase>,
    done: usize,
    total: usize,
    items: Vec<ApiItem>,
}

/// The whole months from the workshop's end to the routine target (as the form shows them).
impl RolloutDetail {
    fn new(d: app::Detail, locale: Locale) -> RolloutDetail {
        let phases: Vec<ApiPhase> = d
            .phases()
            .into_iter()
            .map(|(phase, (start, end), done, total)| ApiPhase {
                phase,
                start,
                end,
                done,
                total,
            })
            .collect();
        RolloutDetail {
            stage: d.rollout.stage(d.today),
            routine_months: d.rollout.routine_months(),
            team_ids: d.team_ids,
            done: phases.iter().map(|p| p.done).sum(),
            total: phases.iter().map(|p| p.total).sum(),
            phases,
            items: d
                .items
                .into_iter()
                .map(|i| ApiItem::new(i, locale, d.today))
                .collect(),
            rollout: d.rollout,
        }
    }
}

// ----- Rollouts ------------------------------------------------------------------------------

/// `GET /api/v1/rollouts`: the organisation's rollouts, newest first, with stage and
/// checklist progress (`done` of `total`).
#[utoipa::path(get, path = "/api/v1/rollouts", tag = "rollouts",
    responses((status = 200, description = "The rollouts", body = Vec<rollouts::RolloutSummary>)))]
pub async fn list(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
) -> Json<Vec<rollouts::RolloutSummary>> {
    Ok(web::Json(app::list(&state.db, &me).await?))
}

/// `POST /api/v1/rollouts`: a new rollout with the seeded checklist → 201.
#[utoipa::path(post, path = "/api/v1/rollouts", tag = "rollouts", params(LangQuery),
    request_body = RolloutInput,
    responses((status = 201, description = "The new rollout", body = RolloutDetail)))]
pub async fn create(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
    query: web::Query<LangQuery>,
    body: web::Json<RolloutInput>,
) -> Result<HttpResponse, AppError> {
    let locale = query.locale(&me)?;
    let created = app::create(&state.db, &me, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(RolloutDetail::new(created, locale)))
}

/// `GET /api/v1/rollouts/{id}`.
#[utoipa::path(get, path = "/api/v1/rollouts/{id}", tag = "rollouts",
    params(("id" = i32, Path), LangQuery),
    responses((status = 200, description = "The rollout", body = RolloutDetail)))]
pub async fn get(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
    id: web::Path<RolloutId>,
    query: web::Query<LangQuery>,
) -> Json<RolloutDetail> {
    let locale = query.locale(&me)?;
    let detail = app::detail(&state.db, &me, id.into_inner()).await?;
    Ok(web::Json(RolloutDetail::new(detail, locale)))
}

/// Fields to change on a rollout; missing ones stay as they are. `followup_start: null`
/// puts the follow-up's start back to the day after the workshop.
#[derive(Debug, Deserialize, ToSchema)]
pub struct RolloutPatch {
    name: Option<String>,
    all_teams: Option<bool>,
    team_ids: Option<Vec<TeamId>>,
    prep_start: Option<NaiveDate>,
    prep_end: Option<NaiveDate>,
    workshop_start: Option<NaiveDate>,
    workshop_end: Option<NaiveDate>,
    #[serde(default, deserialize_with = "super::double_option")]
    #[schema(value_type = Option<NaiveDate>)]
    followup_start: Option<Option<NaiveDate>>,
    routine_months: Option<u32>,
}

/// `PATCH /api/v1/rollouts/{id}`.
#[utoipa::path(patch, path = "/api/v1/rollouts/{id}", tag = "rollouts",
    params(("id" = i32, Path), LangQuery), request_body = RolloutPatch,
    responses((status = 200, description = "The rollout, changed", body = RolloutDetail)))]
pub async fn update(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
    id: web::Path<RolloutId>,
    query: web::Query<LangQuery>,
    body: web::Json<RolloutPatch>,
) -> Json<RolloutDetail> {
    let (patch, locale) = (body.into_inner(), query.locale(&me)?);
    let change = app::Change {
        name: patch.name,
        all_teams: patch.all_teams,
        team_ids: patch.team_ids,
        prep_start: patch.prep_start,
        prep_end: patch.prep_end,
        workshop_start: patch.workshop_start,
        workshop_end: patch.workshop_end,
        followup_start: patch.followup_start,
        routine_months: patch.routine_months,
    };
    let updated = app::update(&state.db, &me, id.into_inner(), change).await?;
    Ok(web::Json(RolloutDetail::new(updated, locale)))
}

// ----- Checklist items -----------------------------------------------------------------------

/// A new checklist item. `phase` is `preparation`, `workshop` or `followup`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewItem {
    #[serde(default)]
    #[schema(value_type = Phase)]
    phase: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    notes: String,
    owner_id: Option<PersonId>,
    due_on: Option<NaiveDate>,
}

fn phase(value: &str) -> Result<Phase, AppError> {
    Phase::parse(value.trim())
        .ok_or_else(|| FieldErrors::single("phase", "field-phase-invalid").into())
}

/// `POST /api/v1/rollouts/{id}/items` → 201 with the item (last in its phase).
#[utoipa::path(post, path = "/api/v1/rollouts/{id}/items", tag = "rollouts",
    params(("id" = i32, Path), LangQuery), request_body = NewItem,
    responses((status = 201, description = "The new item", body = ApiItem)))]
pub async fn add_item(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
    id: web::Path<RolloutId>,
    query: web::Query<LangQuery>,
    body: web::Json<NewItem>,
) -> Result<HttpResponse, AppError> {
    let (rollout_id, body) = (id.into_inner(), body.into_inner());
    let locale = query.locale(&me)?;
    let input = ItemInput {
        phase: phase(&body.phase)?,
        title: body.title,
        notes: body.notes,
        owner_id: body.owner_id,
        due_on: body.due_on,
    };
    let item = checklist::add(&state.db, &me, rollout_id, input).await?;
    let today = me.today();
    Ok(HttpResponse::Created().json(ApiItem::new(item, locale, today)))
}

/// Fields to change on an item; missing ones stay as they are. `owner_id: null` and
/// `due_on: null` clear them. The person the item is assigned to may send `done` alone.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ItemPatch {
    done: Option<bool>,
    title: Option<String>,
    notes: Option<String>,
    #[schema(value_type = Option<Phase>)]
    phase: Option<String>,
    #[serde(default, deserialize_with = "super::double_option")]
    #[schema(value_type = Option<i32>)]
    owner_id: Option<Option<PersonId>>,
    #[serde(default, deserialize_with = "super::double_option")]
    #[schema(value_type = Option<NaiveDate>)]
    due_on: Option<Option<NaiveDate>>,
}

/// `PATCH /api/v1/rollouts/{id}/items/{item}`: leaders change anything; the item's owner may
/// only tick or untick it.
#[utoipa::path(patch, path = "/api/v1/rollouts/{id}/items/{item}", tag = "rollouts",
    params(("id" = i32, Path), ("item" = i32, Path), LangQuery), request_body = ItemPatch,
    responses((status = 200, description = "The item, changed", body = ApiItem)))]
pub async fn update_item(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
    path: web::Path<(RolloutId, ChecklistItemId)>,
    query: web::Query<LangQuery>,
    body: web::Json<ItemPatch>,
) -> Json<ApiItem> {
    let ids = path.into_inner();
    let (patch, locale) = (body.into_inner(), query.locale(&me)?);
    let change = checklist::Change {
        done: patch.done,
        phase: patch.phase.as_deref().map(phase).transpose()?,
        title: patch.title,
        notes: patch.notes,
        owner_id: patch.owner_id,
        due_on: patch.due_on,
    };
    let item = checklist::update(&state.db, &me, ids, change, locale).await?;
    Ok(web::Json(ApiItem::new(item, locale, me.today())))
}

/// `DELETE /api/v1/rollouts/{id}/items/{item}` → 204.
#[utoipa::path(delete, path = "/api/v1/rollouts/{id}/items/{item}", tag = "rollouts",
    params(("id" = i32, Path), ("item" = i32, Path)),
    responses((status = 204, description = "Deleted")))]
pub async fn delete_item(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
    path: web::Path<(RolloutId, ChecklistItemId)>,
) -> Result<HttpResponse, AppError> {
    let (rollout_id, item_id) = path.into_inner();
    checklist::delete(&state.db, &me, rollout_id, item_id).await?;
    Ok(HttpResponse::NoContent().finish())
}
