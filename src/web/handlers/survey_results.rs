//! Survey results for leaders: response rates, a chart per question, free-text answers and a
//! CSV export — all within the survey's anonymity rule (see `domain::surveys::results`).

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use crate::context;
use crate::domain::surveys::{pulse, results};
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
        .run(move |c| results::results(c, org_id, id, group.as_deref()))
        .await?;
    page(&req, "surveys/results.html", context!("r" => results))
}

pub async fn csv(
    req: HttpRequest,
    state: web::Data<AppState>,
    Leader(me): Leader,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let (id, org_id) = (id.into_inner(), me.org_id);
    let lang = locale(&req);
    let labels = results::CsvLabels {
        team: t(lang, "field-team"),
        name: t(lang, "field-name"),
        other: t(lang, "survey-group-other"),
    };
    let text = state
        .db
        .run(move |c| results::csv(c, org_id, id, &labels))
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"survey-{id}.csv\""),
        ))
        .body(text))
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
        .run(move |c| pulse::compare(c, org_id, id, group.as_deref()))
        .await?;
    page(&req, "surveys/compare.html", context!("c" => comparison))
}
