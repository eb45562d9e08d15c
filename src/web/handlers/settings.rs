//! Organisation settings (leaders): the follow-up (`/settings/follow-up`: how long OKR
//! periods are, and from which weekday owners without a check-in get a nudge), also in the
//! API, and the adoption stage thresholds (`/settings/adoption`). A change that moves the
//! stages queues a background recompute of the adoption rollup ([`crate::web::recompute`])
//! and answers at once; the pages show its progress.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::{errors_value, form_errors};
use crate::app::settings::{self as app, FollowUpChange};
use crate::context;
use crate::domain::FieldErrors;
use crate::domain::adoption::recompute::Job;
use crate::domain::adoption::{Thresholds, metrics::Bar};
use crate::domain::identity::Identity;
use crate::domain::people::Role;
use crate::domain::periods::Periods;
use crate::web::AppState;
use crate::web::auth::{ApiAuth, Auth};
use crate::web::errors::AppError;
use crate::web::forms::Form;
use crate::web::render::{Flash, page, page_with_status, redirect_with};

/// `GET /settings/follow-up`
pub async fn follow_up(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
) -> Result<HttpResponse, AppError> {
    me.require(Role::Leader)?;
    let org = app::organisation(&state.db, &me).await?;
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

/// `POST /settings/follow-up`
pub async fn save_follow_up(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
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
    let change = FollowUpChange {
        periods,
        nudge_weekday: Some(weekday),
    };
    let flash = if app::save_follow_up(&state.db, &me, change).await? {
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
    let org = app::organisation(&state.db, me).await?;
    let today = crate::domain::periods::local_date(&org.time_zone, chrono::Utc::now());
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
    ApiAuth(me): ApiAuth,
    body: web::Json<FollowUpPatch>,
) -> Result<web::Json<FollowUpSettings>, AppError> {
    let FollowUpPatch {
        periods,
        nudge_weekday,
    } = body.into_inner();
    let change = FollowUpChange {
        periods,
        nudge_weekday,
    };
    if app::save_follow_up(&state.db, &me, change).await? {
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
    Auth(me): Auth,
) -> Result<HttpResponse, AppError> {
    let (thresholds, job) = app::thresholds(&state.db, &me).await?;
    let form = ThresholdsForm::of(&thresholds);
    adoption_page(&req, StatusCode::OK, &form, &FieldErrors::default(), job)
}

/// `POST /settings/adoption`: saves the thresholds; every team's stages are recomputed in
/// the background.
pub async fn save_adoption(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
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
    Auth(me): Auth,
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
    let saved = app::set_thresholds(&state.db, me, chosen).await;
    match (form_errors(saved)?, form) {
        (Err(errors), Some(form)) => {
            let (_, job) = app::thresholds(&state.db, me).await?;
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
