//! Rollout pages: the list, a rollout with its timeline and checklist, and the forms that
//! create and change rollouts. The checklist's own actions are in `checklist`.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Datelike;
use serde::{Deserialize, Serialize};

use super::{errors_value, parse_date, save_form};
use crate::context;
use crate::domain::rollouts::{self, Phase, ROUTINE_MONTHS, RolloutInput};
use crate::domain::{FieldErrors, people, surveys, teams};
use crate::web::AppState;
use crate::web::auth::{Auth, Leader};
use crate::web::errors::AppError;
use crate::web::forms::Form;
use crate::web::render::{Flash, page, page_with_status, redirect_with};

pub async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
) -> Result<HttpResponse, AppError> {
    let all = state
        .db
        .run(move |c| rollouts::list(c, me.org_id, me.today()))
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
    let weekday = me.today().weekday().num_days_from_monday();
    let start = me.today() + chrono::Days::new(u64::from((7 - weekday) % 7));
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
    let saved = save_form(&state, form.input(), move |c, input| match id {
        Some(id) => rollouts::update(c, org_id, id, &input),
        None => rollouts::create(c, org_id, &input),
    })
    .await?;
    match saved {
        Ok(r) => Ok(redirect_with(
            &req,
            &format!("/rollouts/{}", r.id),
            Flash::success("flash-rollout-saved").arg("name", r.name),
        )),
        Err(errors) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            form_page(&req, &state, org_id, status, id, &form, &errors).await
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
    let day = me.today();
    let (rollout, items, team_names, everyone, polls, routine) = state
        .db
        .run(move |c| -> crate::domain::Result<_> {
            let polls: Vec<surveys::SurveySummary> = surveys::list(c, org_id, day)?
                .into_iter()
                .filter(|s| s.survey.rollout_id == Some(id))
                .collect();
            let rollout = rollouts::find(c, org_id, id)?;
            let ids = rollouts::team_ids(c, org_id, id)?;
            let scope = (!ids.is_empty()).then_some(ids.as_slice());
            let routine = crate::domain::adoption::views::at_routine(c, org_id, scope, day)?;
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
                polls,
                routine,
            ))
        })
        .await?;
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
            "surveys" => polls,
            "phases" => Phase::ALL.map(Phase::as_str),
            "today" => day.to_string(),
            "routine" => serde_json::json!({"teams": routine.0, "of": routine.1}),
        ),
    )
}
