//! Rollout pages: the list, a rollout with its timeline and checklist, and the forms that
//! create and change them.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Datelike;
use serde::{Deserialize, Serialize};

use super::{MoveForm, errors_value, form_errors, parse_date, today};
use crate::context;
use crate::domain::auth::Identity;
use crate::domain::people::Role;
use crate::domain::rollouts::{self, ItemInput, Phase, ROUTINE_MONTHS, RolloutInput};
use crate::domain::{FieldErrors, people, teams};
use crate::web::AppState;
use crate::web::auth::{Auth, Leader};
use crate::web::errors::AppError;
use crate::web::forms::Form;
use crate::web::i18n::t;
use crate::web::render::{Flash, locale, page, page_with_status, redirect_with};

pub async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
) -> Result<HttpResponse, AppError> {
    let all = state
        .db
        .run(move |c| rollouts::list(c, me.org_id, today()))
        .await?;
    page(&req, "rollouts/list.html", context!("rollouts" => all))
}

/// The rollout form as submitted: dates as text, teams as repeated checkboxes.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct RolloutForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    scope: String,
    #[serde(default)]
    team_ids: Vec<i32>,
    #[serde(default)]
    prep_start: String,
    #[serde(default)]
    prep_end: String,
    #[serde(default)]
    workshop_start: String,
    #[serde(default)]
    workshop_end: String,
    #[serde(default)]
    followup_start: String,
    #[serde(default)]
    routine_months: String,
}

impl RolloutForm {
    fn input(&self) -> Result<RolloutInput, FieldErrors> {
        let mut errors = FieldErrors::default();
        let input = RolloutInput {
            name: self.name.clone(),
            all_teams: self.scope != "teams",
            team_ids: self.team_ids.clone(),
            prep_start: parse_date(&mut errors, "prep_start", &self.prep_start),
            prep_end: parse_date(&mut errors, "prep_end", &self.prep_end),
            workshop_start: parse_date(&mut errors, "workshop_start", &self.workshop_start),
            workshop_end: parse_date(&mut errors, "workshop_end", &self.workshop_end),
            followup_start: match self.followup_start.trim() {
                "" => None,
                s => Some(parse_date(&mut errors, "followup_start", s)),
            },
            routine_months: self.routine_months.trim().parse().unwrap_or(0),
        };
        if errors.is_empty() {
            Ok(input)
        } else {
            Err(errors)
        }
    }

    fn from_rollout(r: &rollouts::Rollout, team_ids: Vec<i32>) -> RolloutForm {
        let months = (1..=24)
            .find(|m| {
                r.workshop_end.checked_add_months(chrono::Months::new(*m)) == Some(r.routine_target)
            })
            .unwrap_or(rollouts::ROUTINE_MONTHS_DEFAULT);
        RolloutForm {
            name: r.name.clone(),
            scope: if r.all_teams { "all" } else { "teams" }.into(),
            team_ids,
            prep_start: r.prep_start.to_string(),
            prep_end: r.prep_end.to_string(),
            workshop_start: r.workshop_start.to_string(),
            workshop_end: r.workshop_end.to_string(),
            followup_start: r.followup_start.to_string(),
            routine_months: months.to_string(),
        }
    }
}

async fn form_page(
    req: &HttpRequest,
    state: &AppState,
    org_id: i32,
    status: StatusCode,
    id: Option<i32>,
    form: &RolloutForm,
    errors: &FieldErrors,
) -> Result<HttpResponse, AppError> {
    let all_teams: Vec<(i32, String, usize)> = state
        .db
        .run(move |c| teams::tree(c, org_id))
        .await?
        .into_iter()
        .filter(|t| !t.team.is_department())
        .map(|t| (t.team.id, t.team.name, t.depth))
        .collect();
    page_with_status(
        req,
        status,
        "rollouts/form.html",
        context!(
            "id" => id,
            "form" => form,
            "teams" => all_teams,
            "months" => ROUTINE_MONTHS.collect::<Vec<u32>>(),
            "errors" => errors_value(errors),
        ),
    )
}

pub async fn new_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    Leader(me): Leader,
) -> Result<HttpResponse, AppError> {
    // A sensible start: six weeks of preparation from the next Monday, a one-week workshop.
    let weekday = today().weekday().num_days_from_monday();
    let start = today() + chrono::Days::new(u64::from((7 - weekday) % 7));
    let form = RolloutForm {
        scope: "all".into(),
        prep_start: start.to_string(),
        prep_end: (start + chrono::Days::new(41)).to_string(),
        workshop_start: (start + chrono::Days::new(42)).to_string(),
        workshop_end: (start + chrono::Days::new(46)).to_string(),
        routine_months: rollouts::ROUTINE_MONTHS_DEFAULT.to_string(),
        ..Default::default()
    };
    form_page(
        &req,
        &state,
        me.org_id,
        StatusCode::OK,
        None,
        &form,
        &FieldErrors::default(),
    )
    .await
}

async fn save(
    req: HttpRequest,
    state: web::Data<AppState>,
    org_id: i32,
    id: Option<i32>,
    form: RolloutForm,
) -> Result<HttpResponse, AppError> {
    let input = match form.input() {
        Ok(input) => input,
        Err(errors) => {
            return form_page(
                &req,
                &state,
                org_id,
                StatusCode::UNPROCESSABLE_ENTITY,
                id,
                &form,
                &errors,
            )
            .await;
        }
    };
    let result = state
        .db
        .write(move |c| match id {
            Some(id) => rollouts::update(c, org_id, id, &input),
            None => rollouts::create(c, org_id, &input),
        })
        .await;
    match form_errors(result)? {
        Ok(r) => Ok(redirect_with(
            &req,
            &format!("/rollouts/{}", r.id),
            Flash::success("flash-rollout-saved").arg("name", r.name),
        )),
        Err(errors) => {
            form_page(
                &req,
                &state,
                org_id,
                StatusCode::UNPROCESSABLE_ENTITY,
                id,
                &form,
                &errors,
            )
            .await
        }
    }
}

pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    Leader(me): Leader,
    Form(form): Form<RolloutForm>,
) -> Result<HttpResponse, AppError> {
    save(req, state, me.org_id, None, form).await
}

pub async fn edit_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    Leader(me): Leader,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let (id, org_id) = (id.into_inner(), me.org_id);
    let form = state
        .db
        .run(move |c| -> crate::domain::Result<RolloutForm> {
            let r = rollouts::find(c, org_id, id)?;
            Ok(RolloutForm::from_rollout(
                &r,
                rollouts::team_ids(c, org_id, id)?,
            ))
        })
        .await?;
    form_page(
        &req,
        &state,
        org_id,
        StatusCode::OK,
        Some(id),
        &form,
        &FieldErrors::default(),
    )
    .await
}

pub async fn update(
    req: HttpRequest,
    state: web::Data<AppState>,
    Leader(me): Leader,
    id: web::Path<i32>,
    Form(form): Form<RolloutForm>,
) -> Result<HttpResponse, AppError> {
    save(req, state, me.org_id, Some(id.into_inner()), form).await
}

/// The rollout page: timeline, progress per phase, the checklist.
pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let (id, org_id) = (id.into_inner(), me.org_id);
    let (rollout, items, team_names, everyone) = state
        .db
        .run(move |c| -> crate::domain::Result<_> {
            let rollout = rollouts::find(c, org_id, id)?;
            let ids = rollouts::team_ids(c, org_id, id)?;
            let names: Vec<String> = teams::all(c, org_id)?
                .into_iter()
                .filter(|t| ids.contains(&t.id))
                .map(|t| t.name)
                .collect();
            Ok((
                rollout,
                rollouts::items(c, org_id, id)?,
                names,
                people::names(c, org_id)?,
            ))
        })
        .await?;
    let day = today();
    let progress: Vec<(&str, usize, usize)> = rollouts::progress(&items)
        .into_iter()
        .map(|(p, done, total)| (p.as_str(), done, total))
        .collect();
    let overdue: Vec<i32> = items
        .iter()
        .filter(|i| i.is_overdue(day))
        .map(|i| i.id)
        .collect();
    page(
        &req,
        "rollouts/show.html",
        context!(
            "rollout" => rollout,
            "stage" => rollout.stage(day),
            "timeline" => rollout.timeline(day),
            "items" => items,
            "overdue" => overdue,
            "progress" => progress,
            "team_names" => team_names,
            "everyone" => everyone,
            "phases" => Phase::ALL.map(Phase::as_str),
            "today" => day.to_string(),
        ),
    )
}

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
    let Identity {
        org_id, person_id, ..
    } = me;
    let leader = me.has_role(Role::Leader);
    state
        .db
        .write(move |c| {
            let item = rollouts::item(c, org_id, rollout_id, item_id)?;
            if !leader && item.owner_id != Some(person_id) {
                return Err(crate::domain::Error::Forbidden);
            }
            rollouts::set_done(c, org_id, rollout_id, item_id, person_id, form.done)
        })
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
