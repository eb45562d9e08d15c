//! The front door, the organisation overview, health check and the not-found fallback.

use actix_web::{HttpRequest, HttpResponse, web};

use crate::context;
use crate::domain::{org, people, teams};
use crate::web::AppState;
use crate::web::auth::Auth;
use crate::web::context::RequestContext;
use crate::web::errors::AppError;
use crate::web::render::{page, redirect};

pub async fn index(req: HttpRequest) -> HttpResponse {
    match RequestContext::of(&req).and_then(|c| c.identity) {
        Some(_) => redirect("/org"),
        None => redirect("/login"),
    }
}

/// For load balancers: 200 when the database answers.
pub async fn health(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    state
        .db
        .run(|conn| {
            use diesel::connection::SimpleConnection;
            conn.batch_execute("SELECT 1")
                .map_err(crate::domain::Error::from)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .body("ok"))
}

pub async fn not_found() -> Result<HttpResponse, AppError> {
    Err(AppError::NotFound)
}

pub async fn overview(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
) -> Result<HttpResponse, AppError> {
    let (org, roles, tree, people_total) = state
        .db
        .run(move |c| -> crate::domain::Result<_> {
            Ok((
                org::find(c, me.org_id)?,
                people::role_counts(c, me.org_id)?,
                teams::tree(c, me.org_id)?,
                people::active_count(c, me.org_id)?,
            ))
        })
        .await?;
    let role_counts: Vec<(&str, i64)> = roles.iter().map(|(r, n)| (r.code(), *n)).collect();
    let departments = tree.iter().filter(|t| t.team.is_department()).count();
    let team_count = tree.len() - departments;
    page(
        &req,
        "org/overview.html",
        context!(
            "org" => org,
            "role_counts" => role_counts,
            "tree" => tree,
            "departments" => departments,
            "team_count" => team_count,
            "people_total" => people_total,
        ),
    )
}
