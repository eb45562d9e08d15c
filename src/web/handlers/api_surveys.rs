//! Surveys on the JSON API (leaders): definitions with response counts, and aggregated
//! results that follow the same anonymity rule as the results page.

use actix_web::web;
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::surveys::{self, Question, Status, Survey, SurveySummary, results};
use crate::web::AppState;
use crate::web::auth::ApiLeader;
use crate::web::errors::AppError;

/// `GET /api/v1/surveys` (leaders): surveys with status and counts.
#[utoipa::path(get, path = "/api/v1/surveys", tag = "surveys",
    responses((status = 200, description = "The surveys", body = Vec<SurveySummary>)))]
pub async fn list(
    state: web::Data<AppState>,
    ApiLeader(me): ApiLeader,
) -> Result<web::Json<Vec<SurveySummary>>, AppError> {
    Ok(web::Json(
        state
            .db
            .run(move |c| surveys::list(c, me.org_id, me.today()))
            .await?,
    ))
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
    id: i32,
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
            kind: q.kind,
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
    ApiLeader(me): ApiLeader,
    id: web::Path<i32>,
) -> Result<web::Json<SurveyDetail>, AppError> {
    let (id, org_id) = (id.into_inner(), me.org_id);
    let detail = state
        .db
        .run(move |c| -> crate::domain::Result<SurveyDetail> {
            let survey = surveys::find(c, org_id, id)?;
            Ok(SurveyDetail {
                status: survey.status(me.today()),
                invited: surveys::invitation_count(c, id)?,
                responses: surveys::response_count(c, id)?,
                questions: surveys::questions(c, org_id, id)?
                    .into_iter()
                    .map(Into::into)
                    .collect(),
                survey,
            })
        })
        .await?;
    Ok(web::Json(detail))
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
    ApiLeader(me): ApiLeader,
    id: web::Path<i32>,
    query: web::Query<super::survey_results::GroupQuery>,
) -> Result<web::Json<results::Results>, AppError> {
    let (id, org_id, group) = (id.into_inner(), me.org_id, query.into_inner().group());
    Ok(web::Json(
        state
            .db
            .write(move |c| results::results(c, org_id, id, group.as_deref()))
            .await?,
    ))
}

/// `GET /api/v1/surveys/{id}/comparison?group=`: a pulse survey against its baseline.
#[utoipa::path(get, path = "/api/v1/surveys/{id}/comparison", tag = "surveys",
    description = "A pulse survey against its baseline, only for groups both surveys show under their anonymity rule (each closed and final, with at least its smallest group answering).",
    params(("id" = i32, Path), super::survey_results::GroupQuery),
    responses((status = 200, description = "The comparison", body = crate::domain::surveys::pulse::Comparison)))]
pub async fn comparison(
    state: web::Data<AppState>,
    ApiLeader(me): ApiLeader,
    id: web::Path<i32>,
    query: web::Query<super::survey_results::GroupQuery>,
) -> Result<web::Json<crate::domain::surveys::pulse::Comparison>, AppError> {
    let (id, org_id, group) = (id.into_inner(), me.org_id, query.into_inner().group());
    Ok(web::Json(
        state
            .db
            .write(move |c| crate::domain::surveys::pulse::compare(c, org_id, id, group.as_deref()))
            .await?,
    ))
}
