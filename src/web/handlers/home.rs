//! The front door, each person's home (where they land), the organisation overview, health
//! check and the not-found fallback.

use actix_web::{HttpRequest, HttpResponse, web};

use crate::app::home::{self as app, WATCH_ROWS};
use crate::context;
use crate::domain::{org, people, teams};
use crate::web::AppState;
use crate::web::auth::Auth;
use crate::web::charts::sparkline;
use crate::web::context::RequestContext;
use crate::web::errors::AppError;
use crate::web::render::{page, redirect};

pub async fn index(req: HttpRequest) -> HttpResponse {
    match RequestContext::of(&req).and_then(|c| c.identity) {
        Some(_) => redirect("/home"),
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

/// A person's home: what to check in, when their teams meet, what to join and agree, and for
/// ambassadors and leaders the teams they watch.
pub async fn mine(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
) -> Result<HttpResponse, AppError> {
    let home = app::home(&state.db, &me).await?;
    let done = home.key_results.iter().filter(|o| o.done).count();
    // Each key result with its trend: the start value, then the latest check-ins.
    let key_results: Vec<_> = home
        .key_results
        .iter()
        .map(|o| {
            let mut values = vec![o.key_result.start_value];
            values.extend(&o.recent);
            let chart = sparkline(&values, o.key_result.target_value);
            serde_json::json!({ "item": o, "chart": chart })
        })
        .collect();
    let watch = home.watch.map(|w| {
        let needing: usize = w
            .standings
            .iter()
            .filter(|s| app::needs_a_look(s.stage))
            .count();
        serde_json::json!({
            "teams": w.standings.iter().take(WATCH_ROWS).collect::<Vec<_>>(),
            "more_teams": w.standings.len().saturating_sub(WATCH_ROWS),
            "needing": needing,
            "alerts": w.alerts.iter().take(WATCH_ROWS).collect::<Vec<_>>(),
            "alert_count": w.alerts.len(),
            "whole_org": w.whole_org,
            "computed_at": w.computed_at,
        })
    });
    page(
        &req,
        "home/home.html",
        context!(
            "key_results" => key_results,
            "done" => done,
            "teams" => home.teams,
            "workshops" => home.workshops,
            "drafts" => home.drafts,
            "watch" => watch,
            "first_run" => home.first_run,
        ),
    )
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
