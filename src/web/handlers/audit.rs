//! The audit log for leaders: the page (filter by person, kind of thing and days; paged),
//! its CSV export, and `GET /api/v1/audit`.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::app::audit as app;
use crate::context;
use crate::domain::Page;
use crate::domain::audit::{Entity, Filter, Logged};
use crate::domain::ids::PersonId;
use crate::text::templates::urlencode;
use crate::web::AppState;
use crate::web::auth::{ApiAuth, Leader};
use crate::web::errors::AppError;
use crate::web::render::page;

/// The filters, as the page's form and the API send them (an empty field filters nothing).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Only what this person did (their id).
    person: Option<String>,
    /// Only entries about this kind of thing (`person`, `team`, `objective`, …).
    entity: Option<String>,
    /// From this day on (`YYYY-MM-DD`, in the organisation's time zone).
    from: Option<String>,
    /// Up to and including this day.
    to: Option<String>,
    page: Option<i64>,
}

fn given(field: &Option<String>) -> Option<&str> {
    field.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

impl AuditQuery {
    /// The filter, or a 400 that says which field is wrong.
    fn filter(&self) -> Result<Filter, AppError> {
        let day = |v: &Option<String>| {
            given(v)
                .map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d"))
                .transpose()
                .map_err(|_| AppError::BadRequest("audit-error-date"))
        };
        let filter = Filter {
            person: given(&self.person)
                .map(|p| p.parse::<PersonId>())
                .transpose()
                .map_err(|_| AppError::BadRequest("audit-error-person"))?,
            entity: given(&self.entity)
                .map(|e| Entity::parse(e).ok_or(AppError::BadRequest("audit-error-entity")))
                .transpose()?,
            from: day(&self.from)?,
            to: day(&self.to)?,
        };
        if let (Some(from), Some(to)) = (filter.from, filter.to)
            && from > to
        {
            return Err(AppError::BadRequest("audit-error-date"));
        }
        Ok(filter)
    }

    /// The query string of the filters, for the pager's and the export's links.
    fn keep(&self) -> String {
        let pairs = [
            ("person", given(&self.person)),
            ("entity", given(&self.entity)),
            ("from", given(&self.from)),
            ("to", given(&self.to)),
        ];
        pairs
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| format!("{k}={}", urlencode(v))))
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// `GET /settings/audit`: the log, newest first (leaders).
pub async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    Leader(me): Leader,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    let filter = query.filter()?;
    let result = app::list(&state.db, &me, filter, query.page).await?;
    let actors = app::actors(&state.db, &me).await?;
    let pages = result.pages();
    page(
        &req,
        "settings/audit.html",
        context!(
            "entries" => result.items,
            "page" => result.page,
            "pages" => pages,
            "total" => result.total,
            "actors" => actors,
            "entities" => Entity::ALL.map(Entity::code),
            "person" => given(&query.person).unwrap_or_default(),
            "entity" => given(&query.entity).unwrap_or_default(),
            "from" => given(&query.from).unwrap_or_default(),
            "to" => given(&query.to).unwrap_or_default(),
            "keep" => query.keep(),
        ),
    )
}

/// `GET /settings/audit.csv`: the filtered log as CSV (leaders).
pub async fn export(
    state: web::Data<AppState>,
    Leader(me): Leader,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, AppError> {
    let csv = app::csv(&state.db, &me, query.filter()?).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"audit-{}.csv\"", me.today()),
        ))
        .body(csv))
}

/// A page of the audit log.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct AuditPage {
    items: Vec<Logged>,
    page: i64,
    per_page: i64,
    total: i64,
}

/// `GET /api/v1/audit?person=&entity=&from=&to=&page=`: the audit log, newest first, 50 to a
/// page (leaders).
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", params(AuditQuery),
    responses((status = 200, description = "A page of the audit log", body = AuditPage)))]
pub async fn api_list(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
    query: web::Query<AuditQuery>,
) -> Result<web::Json<AuditPage>, AppError> {
    let query = query.into_inner();
    let Page {
        items,
        page,
        per_page,
        total,
    } = app::list(&state.db, &me, query.filter()?, query.page).await?;
    Ok(web::Json(AuditPage {
        items,
        page,
        per_page,
        total,
    }))
}
