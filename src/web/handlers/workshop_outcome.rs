//! What a workshop leaves behind: review and save the objectives, the printable summary and
//! the CSV/JSON export.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::errors_value;
use super::workshops::{find, may_steer};
use crate::context;
use crate::domain::identity::Identity;
use crate::domain::ids::{OrgId, TeamId, WorkshopId};
use crate::domain::okrs;
use crate::domain::workshops::outcome::{self, Choice};
use crate::domain::workshops::{self, Workshop};
use crate::domain::{FieldErrors, adoption, teams};
use crate::web::AppState;
use crate::web::auth::Facilitator;
use crate::web::errors::AppError;
use crate::web::forms::Form;
use crate::web::render::{Flash, page, page_with_status, redirect_with};

/// A workshop whose results this person may read: once it has ended, any facilitator or
/// leader; while it runs only its own facilitator (or a leader), since the tallies may still
/// be hidden from the room.
async fn readable(state: &AppState, me: &Identity, id: WorkshopId) -> Result<Workshop, AppError> {
    let w = find(state, me, id).await?;
    if w.status != workshops::Status::Ended {
        may_steer(me, &w)?;
    }
    Ok(w)
}

/// `GET /workshops/{id}/summary`: ranked objectives, key results, attendance; printable.
pub async fn summary(
    req: HttpRequest,
    state: web::Data<AppState>,
    Facilitator(me): Facilitator,
    id: web::Path<WorkshopId>,
) -> Result<HttpResponse, AppError> {
    let w = readable(&state, &me, id.into_inner()).await?;
    let (org_id, wc) = (me.org_id, w.clone());
    let (summary, saved) = state
        .db
        .run(move |c| {
            Ok::<_, crate::domain::Error>((
                outcome::summary(c, &wc)?,
                okrs::from_workshop(c, org_id, wc.id)?,
            ))
        })
        .await?;
    page(
        &req,
        "workshops/summary.html",
        context!("workshop" => w, "summary" => summary, "saved" => saved),
    )
}

/// `GET /workshops/{id}/export.csv` and `.json`: every card with its votes and key results.
pub async fn export(
    state: web::Data<AppState>,
    Facilitator(me): Facilitator,
    path: web::Path<(WorkshopId, String)>,
) -> Result<HttpResponse, AppError> {
    let (id, format) = path.into_inner();
    let w = readable(&state, &me, id).await?;
    let wc = w.clone();
    let summary = state.db.run(move |c| outcome::summary(c, &wc)).await?;
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

async fn outcome_page(
    req: &HttpRequest,
    state: &AppState,
    me: &Identity,
    w: &Workshop,
    status: StatusCode,
    form: &OutcomeForm,
    errors: &FieldErrors,
) -> Result<HttpResponse, AppError> {
    let (org_id, wc) = (me.org_id, w.clone());
    let (summary, teams_, saved) = state
        .db
        .run(move |c| {
            Ok::<_, crate::domain::Error>((
                outcome::summary(c, &wc)?,
                outcome_teams(c, org_id, wc.id)?,
                okrs::from_workshop(c, org_id, wc.id)?,
            ))
        })
        .await?;
    page_with_status(
        req,
        status,
        "workshops/outcome.html",
        context!(
            "workshop" => w,
            "summary" => summary,
            "teams" => teams_,
            "saved" => saved,
            "team_id" => form.team_id,
            "period" => form.period,
            "chosen_cards" => form.card,
            "chosen_krs" => form.kr,
            "errors" => errors_value(errors),
        ),
    )
}

/// The teams objectives may be saved for: the workshop's, or any when it names none.
fn outcome_teams(
    c: &mut crate::db::DbConn,
    org_id: OrgId,
    workshop_id: WorkshopId,
) -> crate::domain::Result<Vec<(TeamId, String)>> {
    let own = workshops::teams_of(c, org_id, workshop_id)?;
    if !own.is_empty() {
        return Ok(own);
    }
    Ok(teams::all(c, org_id)?
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect())
}

/// `GET /workshops/{id}/outcome`: review the ranked objectives and choose what to keep. The
/// top objectives and their key results are ticked, for next quarter.
pub async fn outcome_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    Facilitator(me): Facilitator,
    id: web::Path<WorkshopId>,
) -> Result<HttpResponse, AppError> {
    let w = find(&state, &me, id.into_inner()).await?;
    may_steer(&me, &w)?;
    let wc = w.clone();
    let room = state.db.run(move |c| workshops::room(c, &wc)).await?;
    let top = room.top_objectives();
    let form = OutcomeForm {
        team_id: String::new(),
        period: me.periods.after(me.today()),
        card: top.iter().map(|c| c.id).collect(),
        kr: top
            .iter()
            .flat_map(|c| room.key_results_of(c.id).map(|k| k.id))
            .collect(),
    };
    outcome_page(
        &req,
        &state,
        &me,
        &w,
        StatusCode::OK,
        &form,
        &FieldErrors::default(),
    )
    .await
}

/// `POST /workshops/{id}/outcome`: save the chosen objectives for a team and period.
pub async fn save_outcome(
    req: HttpRequest,
    state: web::Data<AppState>,
    Facilitator(me): Facilitator,
    id: web::Path<WorkshopId>,
    Form(form): Form<OutcomeForm>,
) -> Result<HttpResponse, AppError> {
    let w = find(&state, &me, id.into_inner()).await?;
    may_steer(&me, &w)?;
    let input = match form.team_id.trim().parse::<TeamId>() {
        Ok(team) => Ok(team),
        Err(_) => Err({
            let mut e = FieldErrors::default();
            e.add("team", "field-teams-unknown");
            e
        }),
    };
    let (wc, period) = (w.clone(), form.period.trim().to_owned());
    let choices: Vec<Choice> = form
        .card
        .iter()
        .map(|card| Choice {
            card: *card,
            key_results: form.kr.clone(),
        })
        .collect();
    let result = super::save_form(&state, input, move |c, team: TeamId| {
        let saved = outcome::save(c, &wc, team, &period, &choices)?;
        adoption::caught_up(c, saved)
    })
    .await?;
    match result {
        Ok(saved) => Ok(redirect_with(
            &req,
            &format!("/workshops/{}/summary", w.id),
            Flash::success("flash-objectives-saved").arg("count", saved.len()),
        )),
        Err(errors) => {
            outcome_page(
                &req,
                &state,
                &me,
                &w,
                StatusCode::UNPROCESSABLE_ENTITY,
                &form,
                &errors,
            )
            .await
        }
    }
}
