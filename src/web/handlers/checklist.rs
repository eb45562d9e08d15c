//! The rollout checklist (pages): add, edit, tick, reorder and delete items.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::{MoveForm, errors_value, form_errors, parse_date};
use crate::context;
use crate::domain::rollouts::{self, ItemInput, Phase};
use crate::domain::{FieldErrors, people};
use crate::web::AppState;
use crate::web::auth::{Auth, Leader};
use crate::web::errors::AppError;
use crate::web::forms::Form;
use crate::web::i18n::t;
use crate::web::render::{Flash, locale, page, page_with_status, redirect_with};

/// The checklist item form as submitted.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct ItemForm {
    #[serde(default)]
    phase: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    notes: String,
    #[serde(default)]
    owner_id: String,
    #[serde(default)]
    due_on: String,
}

impl ItemForm {
    fn input(&self) -> Result<ItemInput, FieldErrors> {
        let mut errors = FieldErrors::default();
        let phase = Phase::parse(&self.phase).unwrap_or_else(|| {
            errors.add("phase", "field-phase-invalid");
            Phase::Preparation
        });
        let owner_id = match self.owner_id.trim() {
            "" => None,
            s => s.parse().map(Some).unwrap_or_else(|_| {
                errors.add("owner_id", "field-person-unknown");
                None
            }),
        };
        let due_on = match self.due_on.trim() {
            "" => None,
            s => Some(parse_date(&mut errors, "due_on", s)),
        };
        let input = ItemInput {
            phase,
            title: self.title.clone(),
            notes: self.notes.clone(),
            owner_id,
            due_on,
        };
        if errors.is_empty() {
            Ok(input)
        } else {
            Err(errors)
        }
    }
}

/// The title a seeded item shows in `locale` (its translation).
fn seeded_title(item: &rollouts::Item, req: &HttpRequest) -> Option<String> {
    item.seed_key
        .as_ref()
        .filter(|_| item.title.is_none())
        .map(|key| t(locale(req), &format!("checklist-{key}")))
}

/// The item form for `(rollout, item)` — no item when adding one.
async fn item_page(
    req: &HttpRequest,
    state: &AppState,
    org_id: i32,
    (rollout_id, item_id): (i32, Option<i32>),
    status: StatusCode,
    form: &ItemForm,
    errors: &FieldErrors,
) -> Result<HttpResponse, AppError> {
    let (rollout, everyone) = state
        .db
        .run(move |c| -> crate::domain::Result<_> {
            Ok((
                rollouts::find(c, org_id, rollout_id)?,
                people::names(c, org_id)?,
            ))
        })
        .await?;
    page_with_status(
        req,
        status,
        "rollouts/item_form.html",
        context!(
            "rollout" => rollout,
            "item_id" => item_id,
            "form" => form,
            "everyone" => everyone,
            "phases" => Phase::ALL.map(Phase::as_str),
            "errors" => errors_value(errors),
        ),
    )
}

pub async fn add_item(
    req: HttpRequest,
    state: web::Data<AppState>,
    Leader(me): Leader,
    id: web::Path<i32>,
    Form(form): Form<ItemForm>,
) -> Result<HttpResponse, AppError> {
    let (rollout_id, org_id) = (id.into_inner(), me.org_id);
    let input = match form.input() {
        Ok(input) => input,
        Err(errors) => {
            return item_page(
                &req,
                &state,
                org_id,
                (rollout_id, None),
                StatusCode::UNPROCESSABLE_ENTITY,
                &form,
                &errors,
            )
            .await;
        }
    };
    let result = state
        .db
        .write(move |c| rollouts::add_item(c, org_id, rollout_id, &input))
        .await;
    match form_errors(result)? {
        Ok(item_id) => Ok(redirect_with(
            &req,
            &format!("/rollouts/{rollout_id}#item-{item_id}"),
            Flash::success("flash-item-added"),
        )),
        Err(errors) => {
            item_page(
                &req,
                &state,
                org_id,
                (rollout_id, None),
                StatusCode::UNPROCESSABLE_ENTITY,
                &form,
                &errors,
            )
            .await
        }
    }
}

pub async fn edit_item_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    Leader(me): Leader,
    path: web::Path<(i32, i32)>,
) -> Result<HttpResponse, AppError> {
    let ((rollout_id, item_id), org_id) = (path.into_inner(), me.org_id);
    let item = state
        .db
        .run(move |c| rollouts::item(c, org_id, rollout_id, item_id))
        .await?;
    let form = ItemForm {
        phase: item.phase.clone(),
        title: item
            .title
            .clone()
            .or_else(|| seeded_title(&item, &req))
            .unwrap_or_default(),
        notes: item.notes.clone(),
        owner_id: item.owner_id.map(|o| o.to_string()).unwrap_or_default(),
        due_on: item.due_on.map(|d| d.to_string()).unwrap_or_default(),
    };
    item_page(
        &req,
        &state,
        org_id,
        (rollout_id, Some(item_id)),
        StatusCode::OK,
        &form,
        &FieldErrors::default(),
    )
    .await
}

pub async fn update_item(
    req: HttpRequest,
    state: web::Data<AppState>,
    Leader(me): Leader,
    path: web::Path<(i32, i32)>,
    Form(form): Form<ItemForm>,
) -> Result<HttpResponse, AppError> {
    let ((rollout_id, item_id), org_id) = (path.into_inner(), me.org_id);
    let input = match form.input() {
        Ok(input) => input,
        Err(errors) => {
            return item_page(
                &req,
                &state,
                org_id,
                (rollout_id, Some(item_id)),
                StatusCode::UNPROCESSABLE_ENTITY,
                &form,
                &errors,
            )
            .await;
        }
    };
    let current = state
        .db
        .run(move |c| rollouts::item(c, org_id, rollout_id, item_id))
        .await?;
    let seeded = seeded_title(&current, &req);
    let result = state
        .db
        .write(move |c| {
            rollouts::update_item(c, org_id, rollout_id, item_id, &input, seeded.as_deref())
        })
        .await;
    match form_errors(result)? {
        Ok(()) => Ok(redirect_with(
            &req,
            &format!("/rollouts/{rollout_id}#item-{item_id}"),
            Flash::success("flash-item-saved"),
        )),
        Err(errors) => {
            item_page(
                &req,
                &state,
                org_id,
                (rollout_id, Some(item_id)),
                StatusCode::UNPROCESSABLE_ENTITY,
                &form,
                &errors,
            )
            .await
        }
    }
}

#[derive(Deserialize)]
pub struct Toggle {
    done: bool,
}

/// Ticks or unticks an item: leaders, and the person the item is assigned to.
pub async fn toggle_item(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    path: web::Path<(i32, i32)>,
    Form(form): Form<Toggle>,
) -> Result<HttpResponse, AppError> {
    let (rollout_id, item_id) = path.into_inner();
    state
        .db
        .write(move |c| rollouts::set_done(c, rollout_id, item_id, &me, form.done))
        .await?;
    let key = if form.done {
        "flash-item-done"
    } else {
        "flash-item-reopened"
    };
    Ok(redirect_with(
        &req,
        &format!("/rollouts/{rollout_id}#item-{item_id}"),
        Flash::success(key),
    ))
}

pub async fn move_item(
    req: HttpRequest,
    state: web::Data<AppState>,
    Leader(me): Leader,
    path: web::Path<(i32, i32)>,
    Form(form): Form<MoveForm>,
) -> Result<HttpResponse, AppError> {
    let ((rollout_id, item_id), org_id) = (path.into_inner(), me.org_id);
    let up = form.up()?;
    state
        .db
        .write(move |c| rollouts::move_item(c, org_id, rollout_id, item_id, up))
        .await?;
    Ok(redirect_with(
        &req,
        &format!("/rollouts/{rollout_id}#item-{item_id}"),
        Flash::success("flash-item-moved"),
    ))
}

pub async fn confirm_delete_item(
    req: HttpRequest,
    state: web::Data<AppState>,
    Leader(me): Leader,
    path: web::Path<(i32, i32)>,
) -> Result<HttpResponse, AppError> {
    let ((rollout_id, item_id), org_id) = (path.into_inner(), me.org_id);
    let item = state
        .db
        .run(move |c| rollouts::item(c, org_id, rollout_id, item_id))
        .await?;
    page(&req, "rollouts/item_delete.html", context!("item" => item))
}

pub async fn delete_item(
    req: HttpRequest,
    state: web::Data<AppState>,
    Leader(me): Leader,
    path: web::Path<(i32, i32)>,
    Form(_): Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    let ((rollout_id, item_id), org_id) = (path.into_inner(), me.org_id);
    state
        .db
        .write(move |c| rollouts::delete_item(c, org_id, rollout_id, item_id))
        .await?;
    Ok(redirect_with(
        &req,
        &format!("/rollouts/{rollout_id}"),
        Flash::success("flash-item-deleted"),
    ))
}
