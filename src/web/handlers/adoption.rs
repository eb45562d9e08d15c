//! The adoption dashboard (`/adoption`, leaders and ambassadors): stages now and over the
//! year, routine trends, open alerts and every team's standing by department; a team's page
//! (`/adoption/teams/{id}`, also for its members): heat map, trends, stage history, alerts
//! with the support log, and its OKRs; acknowledging an alert.

use std::collections::BTreeMap;

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::app::adoption as app;
use crate::context;
use crate::domain::adoption::cohorts::{self, Metric};
use crate::domain::adoption::views::{self, Alert, Standing};
use crate::domain::adoption::{self, Stage, person};
use crate::domain::ids::{AlertId, PersonId, TeamId};
use crate::domain::teams;
use crate::web::AppState;
use crate::web::adoption_charts as charts;
use crate::web::auth::Auth;
use crate::web::errors::AppError;
use crate::web::forms::Form;
use crate::web::render::{Flash, page, redirect_with};

pub use crate::domain::adoption::views::year_start;

/// A department (or the teams outside any) with its teams' standings added up.
#[derive(Serialize)]
struct Group {
    name: Option<String>,
    teams: Vec<Standing>,
    held: u32,
    due: u32,
    attendance: Option<f64>,
    coverage: Option<f64>,
}

fn groups(standings: Vec<Standing>, all_teams: &[teams::Team]) -> Vec<Group> {
    let names: BTreeMap<TeamId, String> =
        all_teams.iter().map(|t| (t.id, t.name.clone())).collect();
    // By department (its id: two departments may share a name), named ones first by name.
    let mut by_parent: BTreeMap<(bool, String, TeamId), Vec<Standing>> = BTreeMap::new();
    for s in standings {
        let parent = s
            .parent_id
            .and_then(|p| names.get(&p).map(|n| (p, n.clone())));
        let key = match parent {
            Some((id, name)) => (false, name, id),
            None => (true, String::new(), TeamId(0)),
        };
        by_parent.entry(key).or_default().push(s);
    }
    by_parent
        .into_iter()
        .map(|((outside, name, _), teams)| {
            let sum =
                |f: fn(&Standing) -> (u32, u32)| adoption::metrics::sum_pairs(teams.iter().map(f));
            let (present, expected) = sum(|s| (s.present, s.expected));
            let (checked, active) = sum(|s| (s.checked, s.active));
            Group {
                name: (!outside).then_some(name),
                held: teams.iter().map(|s| s.held).sum(),
                due: teams.iter().map(|s| s.due).sum(),
                attendance: adoption::metrics::ratio(present, expected),
                coverage: adoption::metrics::ratio(checked, active),
                teams,
            }
        })
        .collect()
}

/// Teams per page of the dashboard's table.
pub const TEAMS_PER_PAGE: usize = 50;

#[derive(Deserialize)]
pub struct DashboardQuery {
    /// Only teams in this stage.
    stage: Option<String>,
    page: Option<usize>,
    /// Only the teams I am an ambassador for.
    mine: Option<bool>,
}

/// One page of the teams (of one stage, if asked), keeping each department's totals over
/// all its teams; and the number of pages.
fn paginate(groups: Vec<Group>, only: Option<Stage>, page: usize) -> (Vec<Group>, usize) {
    let skip = (page - 1) * TEAMS_PER_PAGE;
    let mut seen = 0;
    let shown = groups
        .into_iter()
        .filter_map(|mut g| {
            let mut kept = Vec::new();
            for s in std::mem::take(&mut g.teams) {
                if only.is_some_and(|stage| s.stage != stage) {
                    continue;
                }
                if (skip..skip + TEAMS_PER_PAGE).contains(&seen) {
                    kept.push(s);
                }
                seen += 1;
            }
            g.teams = kept;
            (!g.teams.is_empty()).then_some(g)
        })
        .collect();
    (shown, seen.div_ceil(TEAMS_PER_PAGE).max(1))
}

/// `GET /adoption`
pub async fn dashboard(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    query: web::Query<DashboardQuery>,
) -> Result<HttpResponse, AppError> {
    let only = match query.stage.as_deref() {
        None | Some("") => None,
        Some(code) => Some(Stage::parse(code).ok_or(AppError::BadRequest("error-bad-request"))?),
    };
    let page_no = query.page.unwrap_or(1).max(1);
    let mine = query.mine.unwrap_or(false);
    let app::Dashboard {
        totals,
        standings,
        alerts,
        folded,
        all_teams,
        supported,
        digest_on,
        computed_at,
        recompute,
    } = app::dashboard(&state.db, &me, mine).await?;
    let counts: Vec<serde_json::Value> = Stage::LADDER
        .iter()
        .map(|stage| {
            let n = standings.iter().filter(|s| s.stage == *stage).count();
            serde_json::json!({"stage": stage.code(), "count": n})
        })
        .collect();
    let team_count = standings.len();
    let (groups, pages) = paginate(groups(standings, &all_teams), only, page_no);
    page(
        &req,
        "adoption/dashboard.html",
        context!(
            "counts" => counts,
            "team_count" => team_count,
            "stage_chart" => charts::stages(&totals),
            "trend_chart" => charts::routine_trends(&totals),
            "totals" => totals,
            "alerts" => alerts,
            "groups" => groups,
            "page" => page_no,
            "pages" => pages,
            "only" => only.map(Stage::code),
            "stack" => Stage::LADDER.map(Stage::code),
            "digest_on" => digest_on,
            "gets_digest" => me.has_role(crate::domain::people::Role::Ambassador),
            "mine" => mine,
            "supports_teams" => !supported.is_empty(),
            "folded" => folded,
            "computed_at" => computed_at,
            "recompute_active" => recompute.as_ref().is_some_and(|j| j.is_active()),
            "recompute" => recompute,
        ),
    )
}

/// `GET /adoption/teams/{id}`
pub async fn team(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    path: web::Path<TeamId>,
) -> Result<HttpResponse, AppError> {
    let today = me.today();
    let app::TeamPage {
        team,
        weeks,
        standing,
        alerts,
        okrs,
        thresholds,
        computed_at,
    } = app::team(&state.db, &me, path.into_inner()).await?;
    let reason = adoption::reason::explain(&weeks, &thresholds);
    let totals = views::totals(&weeks);
    let open_since = views::open_since(today);
    let open: Vec<&Alert> = alerts
        .iter()
        .filter(|a| a.acknowledged_at.is_none() && a.last_week >= open_since)
        .collect();
    page(
        &req,
        "adoption/team.html",
        context!(
            "team" => team,
            "standing" => standing,
            "reason" => reason,
            "computed_at" => computed_at,
            "heat_map" => charts::heat_map(&weeks),
            "trend_chart" => charts::routine_trends(&totals),
            "totals" => totals,
            "weeks" => weeks,
            "history" => views::stage_history(&weeks),
            "open_alerts" => open,
            "alerts" => alerts,
            "okrs" => okrs,
            "period" => me.current_period(),
            "can_acknowledge" => me.is_watcher(),
        ),
    )
}

#[derive(Deserialize)]
pub struct AcknowledgeForm {
    #[serde(default)]
    note: String,
}

/// `POST /adoption/alerts/{id}/acknowledge` (leaders and ambassadors)
pub async fn acknowledge(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    path: web::Path<AlertId>,
    Form(form): Form<AcknowledgeForm>,
) -> Result<HttpResponse, AppError> {
    let alert = app::acknowledge(&state.db, &me, path.into_inner(), form.note).await?;
    let team_id = alert.team_id;
    Ok(redirect_with(
        &req,
        &format!("/adoption/teams/{team_id}#support-log"),
        Flash::success("flash-alert-acknowledged"),
    ))
}

/// The weeks a request asks for: by default the last year; refused when backwards or
/// outside the years Hverdag keeps.
pub fn window(
    today: NaiveDate,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<(NaiveDate, NaiveDate), AppError> {
    let (from, to) = (from.unwrap_or(year_start(today)), to.unwrap_or(today));
    let kept = |d: NaiveDate| crate::domain::periods::YEARS.contains(&d.year());
    if from > to || !kept(from) || !kept(to) {
        return Err(AppError::BadRequest("error-bad-request"));
    }
    Ok((from, to))
}

#[derive(Deserialize)]
pub struct ExportQuery {
    team: Option<TeamId>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
}

/// `GET /adoption/export.csv?team=&from=&to=`: the weekly metrics (by default the last 52
/// weeks of every team; a team's members may export their own team).
pub async fn export(
    state: web::Data<AppState>,
    Auth(me): Auth,
    query: web::Query<ExportQuery>,
) -> Result<HttpResponse, AppError> {
    let ExportQuery { team, from, to } = query.into_inner();
    let (from, to) = window(me.today(), from, to)?;
    let csv = app::weeks_csv(&state.db, &me, team, (from, to)).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"adoption-{from}-{to}.csv\""),
        ))
        .body(csv))
}

#[derive(Deserialize)]
pub struct CohortQuery {
    metric: Option<String>,
}

/// Cohort lines drawn at most (the newest); the table has them all.
const COHORT_LINES: usize = 5;

/// `GET /adoption/cohorts?metric=held|attendance|coverage|routine`
pub async fn cohorts(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    query: web::Query<CohortQuery>,
) -> Result<HttpResponse, AppError> {
    let metric = match query.metric.as_deref() {
        None => Metric::Held,
        Some(code) => Metric::parse(code).ok_or(AppError::BadRequest("error-bad-request"))?,
    };
    let list = app::cohorts(&state.db, &me, metric).await?;
    let drawn = &list[list.len().saturating_sub(COHORT_LINES)..];
    let labels: Vec<String> = (0..=cohorts::MONTHS).map(|m| m.to_string()).collect();
    let series: Vec<(String, Vec<Option<f64>>)> = drawn
        .iter()
        .enumerate()
        .map(|(i, cohort)| {
            let medians = cohort
                .months
                .iter()
                .map(|m| m.as_ref().map(|s| s.median))
                .collect();
            (format!("cohort-{i}"), medians)
        })
        .collect();
    page(
        &req,
        "adoption/cohorts.html",
        context!(
            "metric" => metric.code(),
            "metrics" => Metric::ALL.map(Metric::code),
            "cohorts" => list,
            "drawn" => drawn.iter().map(|c| &c.period).collect::<Vec<_>>(),
            "chart" => charts::trends(&labels, &series),
            "months" => (0..=cohorts::MONTHS).collect::<Vec<_>>(),
        ),
    )
}

/// `GET /adoption/people/{id}` (leaders and ambassadors): one person's attendance and
/// check-in regularity over the year, to support them.
pub async fn person(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    path: web::Path<PersonId>,
) -> Result<HttpResponse, AppError> {
    let (who, weeks) = app::person(&state.db, &me, path.into_inner()).await?;
    let (meetings, check_ins) = charts::person_maps(&weeks);
    page(
        &req,
        "adoption/person.html",
        context!(
            "person" => who,
            "summary" => person::summary(&weeks),
            "meetings" => meetings,
            "check_ins" => check_ins,
        ),
    )
}

#[derive(Deserialize)]
pub struct DigestForm {
    on: String,
}

/// `POST /adoption/digest`: an ambassador turns their weekly digest on (`on=1`) or off.
pub async fn set_digest(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    Form(form): Form<DigestForm>,
) -> Result<HttpResponse, AppError> {
    let on = form.on == "1";
    app::set_digest(&state.db, &me, on).await?;
    let flash = if on {
        "flash-digest-on"
    } else {
        "flash-digest-off"
    };
    Ok(redirect_with(&req, "/adoption", Flash::success(flash)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn standing(team_id: TeamId, stage: Stage) -> Standing {
        Standing {
            team_id,
            name: format!("Team {team_id}"),
            parent_id: None,
            stage,
            streak: 0,
            held: 0,
            due: 0,
            attendance: None,
            coverage: None,
            present: 0,
            expected: 0,
            checked: 0,
            active: 0,
            since: None,
        }
    }

    #[test]
    fn the_teams_table_pages_by_fifty_and_filters_by_stage_keeping_department_totals() {
        let group = |from: i32, n: i32, held: u32| Group {
            name: Some(format!("Dept {from}")),
            teams: (from..from + n)
                .map(|i| {
                    standing(
                        TeamId(i),
                        if i % 2 == 0 {
                            Stage::Routine
                        } else {
                            Stage::Forming
                        },
                    )
                })
                .collect(),
            held,
            due: 12,
            attendance: None,
            coverage: None,
        };
        let all = || vec![group(0, 40, 7), group(40, 30, 9)];
        let (first, pages) = paginate(all(), None, 1);
        assert_eq!(pages, 2);
        assert_eq!(first.iter().map(|g| g.teams.len()).sum::<usize>(), 50);
        let (second, _) = paginate(all(), None, 2);
        assert_eq!(second.len(), 1, "only the second department is left");
        assert_eq!(
            (second[0].teams.len(), second[0].held),
            (20, 9),
            "its totals stay whole"
        );
        let (routine, pages) = paginate(all(), Some(Stage::Routine), 1);
        assert_eq!(pages, 1);
        assert!(
            routine
                .iter()
                .flat_map(|g| &g.teams)
                .all(|s| s.stage == Stage::Routine)
        );
        assert_eq!(routine.iter().map(|g| g.teams.len()).sum::<usize>(), 35);
        let (none, _) = paginate(all(), Some(Stage::Slipping), 1);
        assert!(none.is_empty());
    }
}
