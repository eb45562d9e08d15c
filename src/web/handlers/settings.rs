//! Organisation settings (leaders): the follow-up (`/settings/follow-up`: how long OKR
//! periods are, and from which weekday owners without a check-in get a nudge), also in the
//! API, and the adoption stage thresholds (`/settings/adoption`). A change that moves the
//! stages queues a background recompute of the adoption rollup ([`crate::web::recompute`])
//! and answers at once; the pages show its progress.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::{errors_value, form_errors};
use crate::context;
use crate::domain::adoption::recompute::{self, Job, Reason};
use crate::domain::adoption::{self, Thresholds, metrics::Bar};
use crate::domain::auth::Identity;
use crate::domain::org;
use crate::domain::periods::Periods;
use crate::domain::{DbConn, FieldErrors};
use crate::web::AppState;
use crate::web::auth::{ApiAuth, ApiLeader, Leader};
use crate::web::errors::AppError;
use crate::web::forms::Form;
use crate::web::render::{Flash, page, page_with_status, redirect_with};

/// `GET /settings/follow-up`
pub async fn follow_up(
    req: HttpRequest,
    state: web::Data<AppState>,
    Leader(me): Leader,
) -> Result<HttpResponse, AppError> {
    let org_id = me.org_id;
    let org = state.db.run(move |c| org::find(c, org_id)).await?;
    page(
        &req,
        "settings/follow_up.html",
        context!(
            "nudge_weekday" => org.nudge_weekday.map(|d| d.to_string()).unwrap_or_default(),
            "period_kinds" => Periods::ALL.map(Periods::code),
            "org_periods" => org.periods().code(),
            "default_day" => format!("weekday-{}", state.nudge_weekday),
        ),
    )
}

#[derive(Deserialize)]
pub struct FollowUpForm {
    #[serde(default)]
    nudge_weekday: String,
    /// Absent: unchanged.
    #[serde(default)]
    periods: Option<String>,
}

/// Stores the organisation's OKR periods; when they change, the coming period meetings move
/// to the new periods, and the rollup's period alerts are recomputed in the background.
/// Returns whether a recompute was queued (then [`crate::web::recompute::kick`] it).
fn change_periods(c: &mut DbConn, org_id: i32, periods: Periods) -> crate::domain::Result<bool> {
    let before = org::find(c, org_id)?;
    if before.periods() == periods {
        return Ok(false);
    }
    org::set_periods(c, org_id, periods)?;
    let today = org::local_date(&before.time_zone, chrono::Utc::now());
    crate::domain::meetings::reschedule_period_meetings(c, org_id, &before.time_zone, today)?;
    Ok(recompute::request_if_built(c, org_id, Reason::Periods)?.is_some())
}

/// `POST /settings/follow-up`
pub async fn save_follow_up(
    req: HttpRequest,
    state: web::Data<AppState>,
    Leader(me): Leader,
    Form(form): Form<FollowUpForm>,
) -> Result<HttpResponse, AppError> {
    let weekday = match form.nudge_weekday.trim() {
        "" => None,
        d => Some(
            d.parse::<i32>()
                .map_err(|_| AppError::BadRequest("error-bad-form"))?,
        ),
    };
    let periods = match form.periods {
        None => None,
        Some(code) => Some(
            Periods::ALL
                .into_iter()
                .find(|p| p.code() == code)
                .ok_or(AppError::BadRequest("error-bad-form"))?,
        ),
    };
    let org_id = me.org_id;
    let changed = state
        .db
        .write(move |c| {
            org::set_nudge_weekday(c, org_id, weekday)?;
            periods.map_or(Ok(false), |p| change_periods(c, org_id, p))
        })
        .await?;
    let flash = if changed {
        crate::web::recompute::kick(&state);
        "flash-follow-up-saved-recompute"
    } else {
        "flash-follow-up-saved"
    };
    Ok(redirect_with(
        &req,
        "/settings/follow-up",
        Flash::success(flash),
    ))
}

/// The follow-up settings as the API shows them.
#[derive(Serialize, utoipa::ToSchema)]
pub struct FollowUpSettings {
    periods: Periods,
    current_period: String,
    /// The organisation's own choice (1 = Monday), `null` for the deployment's default.
    nudge_weekday: Option<i32>,
    /// The weekday nudges actually start.
    effective_nudge_weekday: u32,
}

async fn follow_up_settings(
    state: &AppState,
    me: &Identity,
) -> Result<web::Json<FollowUpSettings>, AppError> {
    let org_id = me.org_id;
    let org = state.db.run(move |c| org::find(c, org_id)).await?;
    let today = org::local_date(&org.time_zone, chrono::Utc::now());
    Ok(web::Json(FollowUpSettings {
        periods: org.periods(),
        current_period: org.periods().of(today),
        nudge_weekday: org.nudge_weekday,
        effective_nudge_weekday: org.nudge_weekday_or(state.nudge_weekday),
    }))
}

/// `GET /api/v1/settings/follow-up`
#[utoipa::path(get, path = "/api/v1/settings/follow-up", tag = "settings",
    responses((status = 200, description = "The follow-up settings", body = FollowUpSettings)))]
pub async fn api_follow_up(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
) -> Result<web::Json<FollowUpSettings>, AppError> {
    follow_up_settings(&state, &me).await
}

/// A change to the follow-up settings; fields left out stay as they are.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowUpPatch {
    #[serde(default)]
    periods: Option<Periods>,
    /// 1 = Monday … 7 = Sunday; `null` for the deployment's default.
    #[serde(default, deserialize_with = "super::double_option")]
    #[schema(value_type = Option<i32>)]
    nudge_weekday: Option<Option<i32>>,
}

/// `PATCH /api/v1/settings/follow-up` (leaders)
#[utoipa::path(patch, path = "/api/v1/settings/follow-up", tag = "settings",
    request_body = FollowUpPatch,
    responses((status = 200, description = "The follow-up settings, changed", body = FollowUpSettings)))]
pub async fn api_save_follow_up(
    state: web::Data<AppState>,
    ApiLeader(me): ApiLeader,
    body: web::Json<FollowUpPatch>,
) -> Result<web::Json<FollowUpSettings>, AppError> {
    let FollowUpPatch {
        periods,
        nudge_weekday,
    } = body.into_inner();
    let org_id = me.org_id;
    let changed = state
        .db
        .write(move |c| {
            if let Some(weekday) = nudge_weekday {
                org::set_nudge_weekday(c, org_id, weekday)?;
            }
            periods.map_or(Ok(false), |p| change_periods(c, org_id, p))
        })
        .await?;
    if changed {
        crate::web::recompute::kick(&state);
    }
    follow_up_settings(&state, &me).await
}

/// The thresholds form: counts as typed, shares as whole percentages.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ThresholdsForm {
    window_weeks: u32,
    routine_held: u32,
    routine_attendance: u32,
    routine_coverage: u32,
    practising_held: u32,
    practising_attendance: u32,
    practising_coverage: u32,
    forming_held: u32,
    slipping_weeks: u32,
}

impl ThresholdsForm {
    fn of(t: &Thresholds) -> ThresholdsForm {
        let pct = |share: f64| (share * 100.0).round() as u32;
        ThresholdsForm {
            window_weeks: t.window_weeks,
            routine_held: t.routine.held,
            routine_attendance: pct(t.routine.attendance),
            routine_coverage: pct(t.routine.coverage),
            practising_held: t.practising.held,
            practising_attendance: pct(t.practising.attendance),
            practising_coverage: pct(t.practising.coverage),
            forming_held: t.forming_held,
            slipping_weeks: t.slipping_weeks,
        }
    }

    fn thresholds(&self) -> Thresholds {
        let share = |pct: u32| f64::from(pct) / 100.0;
        Thresholds {
            window_weeks: self.window_weeks,
            routine: Bar {
                held: self.routine_held,
                attendance: share(self.routine_attendance),
                coverage: share(self.routine_coverage),
            },
            practising: Bar {
                held: self.practising_held,
                attendance: share(self.practising_attendance),
                coverage: share(self.practising_coverage),
            },
            forming_held: self.forming_held,
            slipping_weeks: self.slipping_weeks,
        }
    }
}

fn adoption_page(
    req: &HttpRequest,
    status: StatusCode,
    form: &ThresholdsForm,
    errors: &FieldErrors,
    recompute: Option<Job>,
) -> Result<HttpResponse, AppError> {
    page_with_status(
        req,
        status,
        "settings/adoption.html",
        context!(
            "form" => form,
            "errors" => errors_value(errors),
            "recompute_active" => recompute.as_ref().is_some_and(Job::is_active),
            "recompute" => recompute,
        ),
    )
}

/// `GET /settings/adoption`
pub async fn adoption(
    req: HttpRequest,
    state: web::Data<AppState>,
    Leader(me): Leader,
) -> Result<HttpResponse, AppError> {
    let org_id = me.org_id;
    let (org, job) = state
        .db
        .run(move |c| {
            Ok::<_, crate::domain::Error>((org::find(c, org_id)?, recompute::latest(c, org_id)?))
        })
        .await?;
    let form = ThresholdsForm::of(&org.thresholds());
    adoption_page(&req, StatusCode::OK, &form, &FieldErrors::default(), job)
}

/// `POST /settings/adoption`: saves the thresholds; every team's stages are recomputed in
/// the background.
pub async fn save_adoption(
    req: HttpRequest,
    state: web::Data<AppState>,
    Leader(me): Leader,
    Form(form): Form<ThresholdsForm>,
) -> Result<HttpResponse, AppError> {
    store_thresholds(&req, &state, &me, Some(form)).await
}

#[derive(Deserialize)]
pub struct NoFields {}

/// `POST /settings/adoption/reset`: back to the default thresholds.
pub async fn reset_adoption(
    req: HttpRequest,
    state: web::Data<AppState>,
    Leader(me): Leader,
    Form(_): Form<NoFields>,
) -> Result<HttpResponse, AppError> {
    store_thresholds(&req, &state, &me, None).await
}

async fn store_thresholds(
    req: &HttpRequest,
    state: &AppState,
    me: &Identity,
    form: Option<ThresholdsForm>,
) -> Result<HttpResponse, AppError> {
    let chosen = form.as_ref().map(ThresholdsForm::thresholds);
    let org_id = me.org_id;
    let saved = state
        .db
        .write(move |c| {
            adoption::set_thresholds(c, org_id, chosen.as_ref())?;
            recompute::request_if_built(c, org_id, Reason::Thresholds)
        })
        .await;
    match (form_errors(saved)?, form) {
        (Err(errors), Some(form)) => {
            let job = state.db.run(move |c| recompute::latest(c, org_id)).await?;
            adoption_page(req, StatusCode::UNPROCESSABLE_ENTITY, &form, &errors, job)
        }
        (Err(_), None) => Err(AppError::BadRequest("error-bad-form")),
        (Ok(job), _) => {
            let flash = match job {
                Some(_) => {
                    crate::web::recompute::kick(state);
                    "flash-adoption-recompute-started"
                }
                None => "flash-adoption-settings-saved",
            };
            Ok(redirect_with(
                req,
                "/settings/adoption",
                Flash::success(flash),
            ))
        }
    }
}
