//! Rollout pages: the list, a rollout with its timeline and checklist, and the forms that
//! create and change rollouts. The checklist's own actions are in `checklist`.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Datelike;
use serde::{Deserialize, Serialize};

use super::editor::{Cx, Done, Editor, Page, Saved, Target};
use super::{parse_date, submit};
use crate::app::rollouts as app;
use crate::context;
use crate::domain::FieldErrors;
use crate::domain::ids::{ChecklistItemId, RolloutId, TeamId};
use crate::domain::rollouts::{self, Phase, ROUTINE_MONTHS, RolloutInput};
use crate::web::AppState;
use crate::web::auth::Auth;
use crate::web::errors::AppError;
use crate::web::render::{Flash, page};

pub async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
) -> Result<HttpResponse, AppError> {
    let all = app::list(&state.db, &me).await?;
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
    team_ids: Vec<TeamId>,
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

    fn from_rollout(r: &rollouts::Rollout, team_ids: Vec<TeamId>) -> RolloutForm {
        let months = r.routine_months();
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

/// The rollout form: create and edit (see [`Editor`]).
pub struct RolloutEditor;

impl Editor for RolloutEditor {
    type Parent = ();
    type Id = RolloutId;
    type Form = RolloutForm;

    /// A sensible start: six weeks of preparation from the next Monday, a one-week workshop.
    async fn blank(cx: &Cx<'_>, (): ()) -> Result<RolloutForm, AppError> {
        let weekday = cx.me.today().weekday().num_days_from_monday();
        let start = cx.me.today() + chrono::Days::new(u64::from((7 - weekday) % 7));
        Ok(RolloutForm {
            scope: "all".into(),
            prep_start: start.to_string(),
            prep_end: (start + chrono::Days::new(41)).to_string(),
            workshop_start: (start + chrono::Days::new(42)).to_string(),
            workshop_end: (start + chrono::Days::new(46)).to_string(),
            routine_months: rollouts::ROUTINE_MONTHS_DEFAULT.to_string(),
            ..Default::default()
        })
    }

    async fn current(cx: &Cx<'_>, id: RolloutId) -> Result<RolloutForm, AppError> {
        let (rollout, team_ids) = app::editable(&cx.state.db, cx.me, id).await?;
        Ok(RolloutForm::from_rollout(&rollout, team_ids))
    }

    async fn page(cx: &Cx<'_>, at: Target<Self>, form: &RolloutForm) -> Page {
        let id = at.id();
        let all_teams = app::team_choices(&cx.state.db, cx.me).await?;
        Ok((
            "rollouts/form.html",
            context!(
                "id" => id,
                "form" => form,
                "teams" => all_teams,
                "months" => ROUTINE_MONTHS.collect::<Vec<u32>>(),
            ),
        ))
    }

    async fn save(cx: &Cx<'_>, at: Target<Self>, form: &RolloutForm) -> Saved {
        let id = at.id();
        let db = &cx.state.db;
        let saved = submit(form.input(), |input| async {
            match id {
                Some(id) => app::update(db, cx.me, id, app::Change::all(input)).await,
                None => app::create(db, cx.me, input).await,
            }
        })
        .await?;
        Ok(saved.map(|d| Done {
            to: format!("/rollouts/{}", d.rollout.id),
            flash: Flash::success("flash-rollout-saved").arg("name", d.rollout.name),
        }))
    }
}

/// The rollout page: timeline, progress per phase, the checklist.
pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<RolloutId>,
) -> Result<HttpResponse, AppError> {
    let p = app::page(&state.db, &me, id.into_inner()).await?;
    let (day, rollout, items) = (p.detail.today, p.detail.rollout, p.detail.items);
    let progress: Vec<(&str, usize, usize)> = rollouts::progress(&items)
        .into_iter()
        .map(|(p, done, total)| (p.code(), done, total))
        .collect();
    let overdue: Vec<ChecklistItemId> = items
        .iter()
        .filter(|i| i.is_overdue(day))
        .map(|i| i.id)
        .collect();
    let routine = p.routine;
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
            "team_names" => p.team_names,
            "everyone" => p.everyone,
            "surveys" => p.surveys,
            "phases" => Phase::ALL.map(Phase::code),
            "today" => day.to_string(),
            "routine" => serde_json::json!({"teams": routine.0, "of": routine.1}),
        ),
    )
}
