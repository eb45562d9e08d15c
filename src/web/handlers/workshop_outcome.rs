//! What a workshop leaves behind: review and save the objectives, the printable summary and
//! the CSV/JSON export. Who may read and save them is decided in `app::workshops::outcome`.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::{errors_value, submit};
use crate::app::workshops::outcome::{self as app, Keep, Review};
use crate::app::workshops::steerable;
use crate::context;
use crate::domain::FieldErrors;
use crate::domain::identity::Identity;
use crate::domain::ids::{TeamId, WorkshopId};
use crate::domain::workshops::outcome::{self, Choice};
use crate::web::AppState;
use crate::web::auth::Auth;
use crate::web::errors::AppError;
use crate::web::forms::Form;
use crate::web::render::{Flash, page, page_with_status, redirect_with};

/// `GET /workshops/{id}/summary`: ranked objectives, key results, attendance; printable.
pub async fn summary(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<WorkshopId>,
) -> Result<HttpResponse, AppError> {
    let r = app::results(&state.db, &me, id.into_inner()).await?;
    page(
        &req,
        "workshops/summary.html",
        context!("workshop" => r.workshop, "summary" => r.summary, "saved" => r.saved),
    )
}

/// `GET /workshops/{id}/export.csv` and `.json`: every card with its votes and key results.
pub async fn export(
    state: web::Data<AppState>,
    Auth(me): Auth,
    path: web::Path<(WorkshopId, String)>,
) -> Result<HttpResponse, AppError> {
    let (id, format) = path.into_inner();
    let (w, summary) = app::export(&state.db, &me, id).await?;
    let name = format!("workshop-{}", w.id);
    match format.as_str() {
        "csv" => Ok(HttpResponse::Ok()
            .content_type("text/csv; charset=utf-8")
            .insert_header((
                "Content-Disposition",
                format!("attachment; filename=\"{name}.csv\""),
            ))
            .body(outcome::to_csv(&summary)?)),
        "json" => Ok(HttpResponse::Ok()
            .insert_header((
                "Content-Disposition",
                format!("attachment; filename=\"{name}.json\""),
            ))
            .json(&summary)),
        _ => Err(AppError::NotFound),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct OutcomeForm {
    #[serde(default)]
    team_id: String,
    #[serde(default)]
    period: String,
    #[serde(default)]
    card: Vec<i64>,
    #[serde(default)]
    kr: Vec<i64>,
}

impl OutcomeForm {
    /// What to keep: each chosen card with the chosen key results (a key result belongs to
    /// one card, so the whole list goes with each).
    fn parse(&self) -> Result<Keep, FieldErrors> {
        let team_id = self.team_id.trim().parse::<TeamId>().map_err(|_| {
            let mut e = FieldErrors::default();
            e.add("team", "field-teams-unknown");
            e
        })?;
        Ok(Keep {
            team_id,
            period: self.period.trim().to_owned(),
            choices: self
                .card
                .iter()
                .map(|card| Choice {
                    card: *card,
                    key_results: self.kr.clone(),
                })
                .collect(),
        })
    }
}

fn outcome_page(
    req: &HttpRequest,
    review: Review,
    status: StatusCode,
    form: &OutcomeForm,
    errors: &FieldErrors,
) -> Result<HttpResponse, AppError> {
    page_with_status(
        req,
        status,
        "workshops/outcome.html",
        context!(
            "workshop" => review.workshop,
            "summary" => review.summary,
            "teams" => review.teams,
            "saved" => review.saved,
            "team_id" => form.team_id,
            "period" => form.period,
            "chosen_cards" => form.card,
            "chosen_krs" => form.kr,
            "errors" => errors_value(errors),
        ),
    )
}

/// `GET /workshops/{id}/outcome`: review the ranked objectives and choose what to keep. The
/// top objectives and their key results are ticked, for next quarter.
pub async fn outcome_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<WorkshopId>,
) -> Result<HttpResponse, AppError> {
    let review = app::review(&state.db, &me, id.into_inner()).await?;
    let form = OutcomeForm {
        team_id: String::new(),
        period: review.period.clone(),
        card: review.cards.clone(),
        kr: review.key_results.clone(),
    };
    outcome_page(&req, review, StatusCode::OK, &form, &FieldErrors::default())
}

/// `POST /workshops/{id}/outcome`: save the chosen objectives for a team and period.
pub async fn save_outcome(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<WorkshopId>,
    Form(form): Form<OutcomeForm>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let input = form.parse();
    if input.is_err() {
        // Not even the form comes back to someone who may not save the outcome.
        steerable(&state.db, &me, id).await?;
    }
    match submit(input, |keep| app::save(&state.db, &me, id, keep)).await? {
        Ok(saved) => Ok(redirect_with(
            &req,
            &format!("/workshops/{id}/summary"),
            Flash::success("flash-objectives-saved").arg("count", saved.len()),
        )),
        Err(errors) => again(&req, &state, &me, id, &form, &errors).await,
    }
}

/// The outcome form again, with what was chosen and what is wrong with it.
async fn again(
    req: &HttpRequest,
    state: &AppState,
    me: &Identity,
    id: WorkshopId,
    form: &OutcomeForm,
    errors: &FieldErrors,
) -> Result<HttpResponse, AppError> {
    let review = app::review(&state.db, me, id).await?;
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    outcome_page(req, review, status, form, errors)
}
