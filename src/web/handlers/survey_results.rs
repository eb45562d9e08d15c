//! Survey results for leaders: response rates, a chart per question, free-text answers and
//! two CSV exports (aggregates, and free texts) — all within the survey's anonymity rule (see
//! `domain::surveys::anonymity`). Showing results makes a survey final, so these run as writes.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use crate::app::surveys::results::{self as app, Csv};
use crate::context;
use crate::domain::ids::SurveyId;
use crate::domain::surveys::export;
use crate::web::AppState;
use crate::web::auth::Auth;
use crate::web::errors::AppError;
use crate::web::i18n::t;
use crate::web::render::{locale, page};

/// `?group=all|other|team-<id>`: which group's results to show.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GroupQuery {
    /// `all` (the default), `other` or `team-<id>`.
    group: Option<String>,
}

impl GroupQuery {
    pub fn group(self) -> Option<String> {
        self.group
    }
}

pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<SurveyId>,
    query: web::Query<GroupQuery>,
) -> Result<HttpResponse, AppError> {
    let group = query.into_inner().group();
    let results = app::of_group(&state.db, &me, id.into_inner(), group).await?;
    page(&req, "surveys/results.html", context!("r" => results))
}

/// The export labels in the reader's language.
fn labels(req: &HttpRequest) -> export::Labels {
    let lang = locale(req);
    export::Labels {
        group: t(lang, "survey-csv-group"),
        responses: t(lang, "surveys-responses"),
        number: t(lang, "survey-csv-number"),
        question: t(lang, "survey-csv-question"),
        answer: t(lang, "surveys-answer"),
        count: t(lang, "survey-csv-count"),
        percent: t(lang, "survey-csv-percent"),
        average: t(lang, "survey-csv-average"),
        everyone: t(lang, "survey-group-all"),
        other: t(lang, "survey-group-other"),
        free_text: t(lang, "survey-csv-free-text"),
        name: t(lang, "field-name"),
    }
}

fn attachment(name: String, text: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ))
        .body(text)
}

/// `GET /surveys/{id}/results.csv`: counts, shares and averages per group shown and question.
pub async fn csv(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<SurveyId>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let text = app::csv(&state.db, &me, id, Csv::Results, labels(&req)).await?;
    Ok(attachment(format!("survey-{id}-results.csv"), text))
}

/// `GET /surveys/{id}/texts.csv`: the free-text answers, shuffled per question, no team.
pub async fn texts_csv(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<SurveyId>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let text = app::csv(&state.db, &me, id, Csv::Texts, labels(&req)).await?;
    Ok(attachment(format!("survey-{id}-texts.csv"), text))
}

/// `GET /surveys/{id}/compare?group=`: a pulse survey against its baseline.
pub async fn compare(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<SurveyId>,
    query: web::Query<GroupQuery>,
) -> Result<HttpResponse, AppError> {
    let group = query.into_inner().group();
    let comparison = app::comparison(&state.db, &me, id.into_inner(), group).await?;
    page(&req, "surveys/compare.html", context!("c" => comparison))
}
