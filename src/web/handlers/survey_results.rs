//! Survey results for leaders: response rates, a chart per question, free-text answers and
//! two CSV exports (aggregates, and free texts) — all within the survey's anonymity rule (see
//! `domain::surveys::anonymity`). Showing results makes a survey final, so these run as writes.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use crate::context;
use crate::domain::surveys::{export, pulse, results};
use crate::web::AppState;
use crate::web::auth::Leader;
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
    Leader(me): Leader,
    id: web::Path<i32>,
    query: web::Query<GroupQuery>,
) -> Result<HttpResponse, AppError> {
    let (id, org_id, group) = (id.into_inner(), me.org_id, query.into_inner().group());
    let results = state
        .db
        .write(move |c| results::results(c, org_id, id, group.as_deref()))
        .await?;
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
    Leader(me): Leader,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let (id, org_id, labels) = (id.into_inner(), me.org_id, labels(&req));
    let text = state
        .db
        .write(move |c| export::results_csv(c, org_id, id, &labels))
        .await?;
    Ok(attachment(format!("survey-{id}-results.csv"), text))
}

/// `GET /surveys/{id}/texts.csv`: the free-text answers, shuffled per question, no team.
pub async fn texts_csv(
    req: HttpRequest,
    state: web::Data<AppState>,
    Leader(me): Leader,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let (id, org_id, labels) = (id.into_inner(), me.org_id, labels(&req));
    let text = state
        .db
        .write(move |c| export::texts_csv(c, org_id, id, &labels))
        .await?;
    Ok(attachment(format!("survey-{id}-texts.csv"), text))
}

/// `GET /surveys/{id}/compare?group=`: a pulse survey against its baseline.
pub async fn compare(
    req: HttpRequest,
    state: web::Data<AppState>,
    Leader(me): Leader,
    id: web::Path<i32>,
    query: web::Query<GroupQuery>,
) -> Result<HttpResponse, AppError> {
    let (id, org_id, group) = (id.into_inner(), me.org_id, query.into_inner().group());
    let comparison = state
        .db
        .write(move |c| pulse::compare(c, org_id, id, group.as_deref()))
        .await?;
    page(&req, "surveys/compare.html", context!("c" => comparison))
}
