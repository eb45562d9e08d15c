//! JSON API for rollouts and their checklists under `/api/v1/rollouts`: reading for everyone
//! signed in; writing for leaders, except that the person an item is assigned to may tick it.
//! Validation is the domain's, so the API refuses what the pages refuse (422 with fields).

use actix_web::{HttpResponse, web};
use chrono::{Months, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::LangQuery;
use crate::domain::auth::Identity;
use crate::domain::people::Role;
use crate::domain::rollouts::{self, ItemInput, Phase, Rollout, RolloutInput, Stage};
use crate::domain::{DbConn, Error, FieldErrors, Locale};
use crate::web::AppState;
use crate::web::auth::{ApiAuth, ApiLeader};
use crate::web::errors::AppError;
use crate::web::i18n::t;

type Json<T> = Result<web::Json<T>, AppError>;

// ----- Responses -----------------------------------------------------------------------------

/// A checklist item as the API shows it: `title` is always the text to show (a seeded item's
/// translation unless its title was changed); `seed_key` tells which items were seeded.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiItem {
    id: i32,
    rollout_id: i32,
    phase: String,
    position: i32,
    title: String,
    seed_key: Option<String>,
    notes: String,
    owner_id: Option<i32>,
    owner_name: Option<String>,
    due_on: Option<NaiveDate>,
    done: bool,
    done_at: Option<NaiveDateTime>,
    overdue: bool,
}

impl ApiItem {
    fn new(item: rollouts::Item, locale: Locale, day: NaiveDate) -> ApiItem {
        let title = match (&item.title, &item.seed_key) {
            (Some(title), _) => title.clone(),
            (None, Some(key)) => t(locale, &format!("checklist-{key}")),
            (None, None) => String::new(),
        };
        ApiItem {
            done: item.is_done(),
            overdue: item.is_overdue(day),
            id: item.id,
            rollout_id: item.rollout_id,
            phase: item.phase,
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
    team_ids: Vec<i32>,
    phases: Vec<ApiPhase>,
    done: usize,
    total: usize,
    items: Vec<ApiItem>,
}

/// The whole months from the workshop's end to the routine target (as the form shows them).
fn routine_months(r: &Rollout) -> u32 {
    (1..=24)
        .find(|m| r.workshop_end.checked_add_months(Months::new(*m)) == Some(r.routine_target))
        .unwrap_or(rollouts::ROUTINE_MONTHS_DEFAULT)
}

fn detail(
    conn: &mut DbConn,
    org_id: i32,
    id: i32,
    locale: Locale,
) -> crate::domain::Result<RolloutDetail> {
    let day = crate::domain::org::today(conn, org_id)?;
    let rollout = rollouts::find(conn, org_id, id)?;
    let team_ids = rollouts::team_ids(conn, org_id, id)?;
    let items = rollouts::items(conn, org_id, id)?;
    let phases: Vec<ApiPhase> = rollouts::progress(&items)
        .into_iter()
        .map(|(phase, done, total)| {
            let (start, end) = rollout.dates(phase);
            ApiPhase {
                phase,
                start,
                end,
                done,
                total,
            }
        })
        .collect();
    Ok(RolloutDetail {
        stage: rollout.stage(day),
        routine_months: routine_months(&rollout),
        team_ids,
        done: phases.iter().map(|p| p.done).sum(),
        total: phases.iter().map(|p| p.total).sum(),
        phases,
        items: items
            .into_iter()
            .map(|i| ApiItem::new(i, locale, day))
            .collect(),
        rollout,
    })
}

fn api_item(
    conn: &mut DbConn,
    org_id: i32,
    rollout_id: i32,
    item_id: i32,
    locale: Locale,
) -> crate::domain::Result<ApiItem> {
    let item = rollouts::item(conn, org_id, rollout_id, item_id)?;
    Ok(ApiItem::new(
        item,
        locale,
        crate::domain::org::today(conn, org_id)?,
    ))
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
    let all = state
        .db
        .run(move |c| rollouts::list(c, me.org_id, me.today()))
        .await?;
    Ok(web::Json(all))
}

/// `POST /api/v1/rollouts`: a new rollout with the seeded checklist → 201.
#[utoipa::path(post, path = "/api/v1/rollouts", tag = "rollouts", params(LangQuery),
    request_body = RolloutInput,
    responses((status = 201, description = "The new rollout", body = RolloutDetail)))]
pub async fn create(
    state: web::Data<AppState>,
    ApiLeader(me): ApiLeader,
    query: web::Query<LangQuery>,
    body: web::Json<RolloutInput>,
) -> Result<HttpResponse, AppError> {
    let (input, org_id, locale) = (body.into_inner(), me.org_id, query.locale(&me)?);
    let created = state
        .db
        .write(move |c| {
            let r = rollouts::create(c, org_id, &input)?;
            detail(c, org_id, r.id, locale)
        })
        .await?;
    Ok(HttpResponse::Created().json(created))
}

/// `GET /api/v1/rollouts/{id}`.
#[utoipa::path(get, path = "/api/v1/rollouts/{id}", tag = "rollouts",
    params(("id" = i32, Path), LangQuery),
    responses((status = 200, description = "The rollout", body = RolloutDetail)))]
pub async fn get(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
    id: web::Path<i32>,
    query: web::Query<LangQuery>,
) -> Json<RolloutDetail> {
    let (id, org_id, locale) = (id.into_inner(), me.org_id, query.locale(&me)?);
    Ok(web::Json(
        state.db.run(move |c| detail(c, org_id, id, locale)).await?,
    ))
}

/// Fields to change on a rollout; missing ones stay as they are. `followup_start: null`
/// puts the follow-up's start back to the day after the workshop.
#[derive(Debug, Deserialize, ToSchema)]
pub struct RolloutPatch {
    name: Option<String>,
    all_teams: Option<bool>,
    team_ids: Option<Vec<i32>>,
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
    ApiLeader(me): ApiLeader,
    id: web::Path<i32>,
    query: web::Query<LangQuery>,
    body: web::Json<RolloutPatch>,
) -> Json<RolloutDetail> {
    let (id, patch, org_id) = (id.into_inner(), body.into_inner(), me.org_id);
    let locale = query.locale(&me)?;
    let updated = state
        .db
        .write(move |c| {
            let current = rollouts::find(c, org_id, id)?;
            let current_teams = rollouts::team_ids(c, org_id, id)?;
            let input = RolloutInput {
                name: patch.name.unwrap_or_else(|| current.name.clone()),
                all_teams: patch.all_teams.unwrap_or(current.all_teams),
                team_ids: patch.team_ids.unwrap_or(current_teams),
                prep_start: patch.prep_start.unwrap_or(current.prep_start),
                prep_end: patch.prep_end.unwrap_or(current.prep_end),
                workshop_start: patch.workshop_start.unwrap_or(current.workshop_start),
                workshop_end: patch.workshop_end.unwrap_or(current.workshop_end),
                followup_start: patch.followup_start.unwrap_or(Some(current.followup_start)),
                routine_months: patch
                    .routine_months
                    .unwrap_or_else(|| routine_months(&current)),
            };
            rollouts::update(c, org_id, id, &input)?;
            detail(c, org_id, id, locale)
        })
        .await?;
    Ok(web::Json(updated))
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
    owner_id: Option<i32>,
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
    ApiLeader(me): ApiLeader,
    id: web::Path<i32>,
    query: web::Query<LangQuery>,
    body: web::Json<NewItem>,
) -> Result<HttpResponse, AppError> {
    let (rollout_id, body, org_id) = (id.into_inner(), body.into_inner(), me.org_id);
    let locale = query.locale(&me)?;
    let input = ItemInput {
        phase: phase(&body.phase)?,
        title: body.title,
        notes: body.notes,
        owner_id: body.owner_id,
        due_on: body.due_on,
    };
    let item = state
        .db
        .write(move |c| {
            let item_id = rollouts::add_item(c, org_id, rollout_id, &input)?;
            api_item(c, org_id, rollout_id, item_id, locale)
        })
        .await?;
    Ok(HttpResponse::Created().json(item))
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
    owner_id: Option<Option<i32>>,
    #[serde(default, deserialize_with = "super::double_option")]
    #[schema(value_type = Option<NaiveDate>)]
    due_on: Option<Option<NaiveDate>>,
}

impl ItemPatch {
    /// True when the patch changes more than whether the item is done.
    fn edits(&self) -> bool {
        self.title.is_some()
            || self.notes.is_some()
            || self.phase.is_some()
            || self.owner_id.is_some()
            || self.due_on.is_some()
    }
}

/// `PATCH /api/v1/rollouts/{id}/items/{item}`: leaders change anything; the item's owner may
/// only tick or untick it.
#[utoipa::path(patch, path = "/api/v1/rollouts/{id}/items/{item}", tag = "rollouts",
    params(("id" = i32, Path), ("item" = i32, Path), LangQuery), request_body = ItemPatch,
    responses((status = 200, description = "The item, changed", body = ApiItem)))]
pub async fn update_item(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
    path: web::Path<(i32, i32)>,
    query: web::Query<LangQuery>,
    body: web::Json<ItemPatch>,
) -> Json<ApiItem> {
    let (rollout_id, item_id) = path.into_inner();
    let patch = body.into_inner();
    let locale = query.locale(&me)?;
    let leader = me.has_role(Role::Leader);
    let Identity {
        org_id, person_id, ..
    } = me;
    let item = state
        .db
        .write(move |c| {
            let current = rollouts::item(c, org_id, rollout_id, item_id)?;
            let owner = current.owner_id == Some(person_id);
            if !leader && (patch.edits() || !owner) {
                return Err(Error::Forbidden);
            }
            if patch.edits() {
                let new_phase = match patch.phase.as_deref() {
                    Some(value) => Some(
                        Phase::parse(value.trim())
                            .ok_or_else(|| FieldErrors::single("phase", "field-phase-invalid"))?,
                    ),
                    None => None,
                };
                // The seeded title in the caller's language: sent back unchanged (or left
                // out), the item keeps following its translation.
                let seeded = current
                    .seed_key
                    .as_ref()
                    .filter(|_| current.title.is_none())
                    .map(|key| t(locale, &format!("checklist-{key}")));
                let input = ItemInput {
                    phase: new_phase
                        .or_else(|| Phase::parse(&current.phase))
                        .unwrap_or(Phase::Preparation),
                    title: patch
                        .title
                        .or_else(|| current.title.clone())
                        .or_else(|| seeded.clone())
                        .unwrap_or_default(),
                    notes: patch.notes.unwrap_or_else(|| current.notes.clone()),
                    owner_id: patch.owner_id.unwrap_or(current.owner_id),
                    due_on: patch.due_on.unwrap_or(current.due_on),
                };
                rollouts::update_item(c, org_id, rollout_id, item_id, &input, seeded.as_deref())?;
            }
            if let Some(done) = patch.done
                && done != current.is_done()
            {
                rollouts::set_done(c, rollout_id, item_id, &me, done)?;
            }
            api_item(c, org_id, rollout_id, item_id, locale)
        })
        .await?;
    Ok(web::Json(item))
}

/// `DELETE /api/v1/rollouts/{id}/items/{item}` → 204.
#[utoipa::path(delete, path = "/api/v1/rollouts/{id}/items/{item}", tag = "rollouts",
    params(("id" = i32, Path), ("item" = i32, Path)),
    responses((status = 204, description = "Deleted")))]
pub async fn delete_item(
    state: web::Data<AppState>,
    ApiLeader(me): ApiLeader,
    path: web::Path<(i32, i32)>,
) -> Result<HttpResponse, AppError> {
    let ((rollout_id, item_id), org_id) = (path.into_inner(), me.org_id);
    state
        .db
        .write(move |c| rollouts::delete_item(c, org_id, rollout_id, item_id))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
