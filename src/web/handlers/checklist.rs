//! The rollout checklist (pages): add, edit, tick, reorder and delete items.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::editor::{At, Cx, Done, Editor, Page, Saved, Target};
use super::{MoveForm, parse_date, submit};
use crate::app::rollouts::checklist as app;
use crate::context;
use crate::domain::FieldErrors;
use crate::domain::ids::{ChecklistItemId, RolloutId};
use crate::domain::rollouts::{ItemInput, Phase};
use crate::web::AppState;
use crate::web::auth::Auth;
use crate::web::errors::AppError;
use crate::web::forms::Form;
use crate::web::render::{Flash, locale, page, redirect_with};

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

/// The checklist item form: add one to a rollout (its page holds the blank form), and edit
/// (see [`Editor`]).
pub struct ItemEditor;

impl Editor for ItemEditor {
    type Parent = RolloutId;
    type Id = (RolloutId, ChecklistItemId);
    type Form = ItemForm;

    async fn blank(_: &Cx<'_>, _: RolloutId) -> Result<ItemForm, AppError> {
        Ok(ItemForm::default())
    }

    async fn current(
        cx: &Cx<'_>,
        (rollout_id, item_id): (RolloutId, ChecklistItemId),
    ) -> Result<ItemForm, AppError> {
        let item = app::editable(&cx.state.db, cx.me, rollout_id, item_id).await?;
        Ok(ItemForm {
            phase: item.phase.code().to_owned(),
            title: app::title(&item, locale(cx.req)),
            notes: item.notes.clone(),
            owner_id: item.owner_id.map(|o| o.to_string()).unwrap_or_default(),
            due_on: item.due_on.map(|d| d.to_string()).unwrap_or_default(),
        })
    }

    async fn page(cx: &Cx<'_>, at: Target<Self>, form: &ItemForm) -> Page {
        let (rollout_id, item_id) = match at {
            At::New(rollout_id) => (rollout_id, None),
            At::Existing((rollout_id, item_id)) => (rollout_id, Some(item_id)),
        };
        let (rollout, everyone) = app::choices(&cx.state.db, cx.me, rollout_id).await?;
        Ok((
            "rollouts/item_form.html",
            context!(
                "rollout" => rollout,
                "item_id" => item_id,
                "form" => form,
                "everyone" => everyone,
                "phases" => Phase::ALL.map(Phase::code),
            ),
        ))
    }

    async fn save(cx: &Cx<'_>, at: Target<Self>, form: &ItemForm) -> Saved {
        let (db, lang) = (&cx.state.db, locale(cx.req));
        let saved = submit(form.input(), |i| async move {
            match at {
                At::New(rollout_id) => {
                    let item = app::add(db, cx.me, rollout_id, i).await?;
                    Ok((rollout_id, item.id, "flash-item-added"))
                }
                At::Existing(ids) => {
                    app::update(db, cx.me, ids, app::Change::all(i), lang).await?;
                    Ok((ids.0, ids.1, "flash-item-saved"))
                }
            }
        })
        .await?;
        Ok(saved.map(|(rollout_id, item_id, flash)| Done {
            to: format!("/rollouts/{rollout_id}#item-{item_id}"),
            flash: Flash::success(flash),
        }))
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
    path: web::Path<(RolloutId, ChecklistItemId)>,
    Form(form): Form<Toggle>,
) -> Result<HttpResponse, AppError> {
    let ids = path.into_inner();
    let (rollout_id, item_id) = ids;
    let tick = app::Change {
        done: Some(form.done),
        ..app::Change::default()
    };
    app::update(&state.db, &me, ids, tick, locale(&req)).await?;
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
    Auth(me): Auth,
    path: web::Path<(RolloutId, ChecklistItemId)>,
    Form(form): Form<MoveForm>,
) -> Result<HttpResponse, AppError> {
    let (rollout_id, item_id) = path.into_inner();
    let up = form.up()?;
    app::move_item(&state.db, &me, rollout_id, item_id, up).await?;
    Ok(redirect_with(
        &req,
        &format!("/rollouts/{rollout_id}#item-{item_id}"),
        Flash::success("flash-item-moved"),
    ))
}

pub async fn confirm_delete_item(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    path: web::Path<(RolloutId, ChecklistItemId)>,
) -> Result<HttpResponse, AppError> {
    let (rollout_id, item_id) = path.into_inner();
    let item = app::editable(&state.db, &me, rollout_id, item_id).await?;
    page(&req, "rollouts/item_delete.html", context!("item" => item))
}

pub async fn delete_item(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    path: web::Path<(RolloutId, ChecklistItemId)>,
    Form(_): Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    let (rollout_id, item_id) = path.into_inner();
    app::delete(&state.db, &me, rollout_id, item_id).await?;
    Ok(redirect_with(
        &req,
        &format!("/rollouts/{rollout_id}"),
        Flash::success("flash-item-deleted"),
    ))
}
