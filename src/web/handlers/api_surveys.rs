//! Surveys on the JSON API (leaders): definitions with response counts, and aggregated
//! results that follow the same anonymity rule as the results page.

use actix_web::web;
use serde::Serialize;
use utoipa::ToSchema;

use crate::app::surveys as app;
use crate::domain::ids::{QuestionId, SurveyId};
use crate::domain::surveys::{Question, Status, Survey, SurveySummary, results};
use crate::web::AppState;
use crate::web::auth::ApiAuth;
use crate::web::errors::AppError;

/// `GET /api/v1/surveys` (leaders): surveys with status and counts.
#[utoipa::path(get, path = "/api/v1/surveys", tag = "surveys",
    responses((status = 200, description = "The surveys", body = Vec<SurveySummary>)))]
pub async fn list(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
) -> Result<web::Json<Vec<SurveySummary>>, AppError> {
    Ok(web::Json(app::list(&state.db, &me).await?))
}

/// A survey's settings, counts and questions.
#[derive(Serialize, ToSchema)]
pub struct SurveyDetail {
    #[serde(flatten)]
    survey: Survey,
    status: Status,
    invited: i64,
    responses: i64,
    questions: Vec<QuestionView>,
}

#[derive(Serialize, ToSchema)]
pub struct QuestionView {
    id: QuestionId,
    position: i32,
    kind: String,
    prompt: String,
    options: Vec<String>,
    required: bool,
}

impl From<Question> for QuestionView {
    fn from(q: Question) -> Self {
        QuestionView {
            options: q.option_list().iter().map(|s| (*s).to_owned()).collect(),
            id: q.id,
            position: q.position,
            kind: q.kind.code().to_owned(),
            prompt: q.prompt,
            required: q.required,
        }
    }
}

/// `GET /api/v1/surveys/{id}` (leaders): the definition.
#[utoipa::path(get, path = "/api/v1/surveys/{id}", tag = "surveys", params(("id" = i32, Path)),
    responses((status = 200, description = "The survey", body = SurveyDetail)))]
pub async fn get(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
    id: web::Path<SurveyId>,
) -> Result<web::Json<SurveyDetail>, AppError> {
    let d = app::detail(&state.db, &me, id.into_inner()).await?;
    Ok(web::Json(SurveyDetail {
        status: d.survey.status(me.today()),
        invited: d.invited,
        responses: d.responses,
        questions: d.questions.into_iter().map(Into::into).collect(),
        survey: d.survey,
    }))
}

/// `GET /api/v1/surveys/{id}/results?group=` (leaders): aggregated under the anonymity rule.
/// Once the results can be shown the survey is final (see `domain::surveys::anonymity`):
/// reading them stamps a survey that closed by its date as closed for good.
#[utoipa::path(get, path = "/api/v1/surveys/{id}/results", tag = "surveys",
    description = "Aggregated results under the anonymity rule: groups below the survey's smallest group are never shown, response rates of teams with fewer invited are folded into one `other` row, and nothing is shown before the survey closes. Once results can be shown the survey is final: it cannot re-open, close later, invite more people or send reminders.",
    params(("id" = i32, Path), super::survey_results::GroupQuery),
    responses((status = 200, description = "The results", body = results::Results)))]
pub async fn results(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
    id: web::Path<SurveyId>,
    query: web::Query<super::survey_results::GroupQuery>,
) -> Result<web::Json<results::Results>, AppError> {
    let group = query.into_inner().group();
    Ok(web::Json(
        app::results::of_group(&state.db, &me, id.into_inner(), group).await?,
    ))
}

/// `GET /api/v1/surveys/{id}/comparison?group=`: a pulse survey against its baseline.
#[utoipa::path(get, path = "/api/v1/surveys/{id}/comparison", tag = "surveys",
    description = "A pulse survey against its baseline, only for groups both surveys show under their anonymity rule (each closed and final, with at least its smallest group answering).",
    params(("id" = i32, Path), super::survey_results::GroupQuery),
    responses((status = 200, description = "The comparison", body = crate::domain::surveys::pulse::Comparison)))]
pub async fn comparison(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
    id: web::Path<SurveyId>,
    query: web::Query<super::survey_results::GroupQuery>,
) -> Result<web::Json<crate::domain::surveys::pulse::Comparison>, AppError> {
    let group = query.into_inner().group();
    Ok(web::Json(
        app::results::comparison(&state.db, &me, id.into_inner(), group).await?,
    ))
}
