//! Organisation settings for the follow-up (`/settings/follow-up`, leaders): how long OKR
//! periods are, and from which weekday owners without a check-in that week get a nudge.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use crate::context;
use crate::domain::auth::Identity;
use crate::domain::org;
use crate::domain::periods::Periods;
use crate::web::AppState;
use crate::web::auth::{ApiAuth, ApiLeader, Leader};
use crate::web::errors::AppError;
use crate::web::forms::Form;
use crate::web::render::{Flash, page, redirect_with};

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
    state
        .db
        .write(move |c| {
            org::set_nudge_weekday(c, org_id, weekday)?;
            periods.map_or(Ok(()), |p| org::set_periods(c, org_id, p))
        })
        .await?;
    Ok(redirect_with(
        &req,
        "/settings/follow-up",
        Flash::success("flash-follow-up-saved"),
    ))
}

/// The follow-up settings as the API shows them.
#[derive(Serialize)]
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
pub async fn api_follow_up(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
) -> Result<web::Json<FollowUpSettings>, AppError> {
    follow_up_settings(&state, &me).await
}

/// A change to the follow-up settings; fields left out stay as they are.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowUpPatch {
    #[serde(default)]
    periods: Option<Periods>,
    #[serde(default, deserialize_with = "super::double_option")]
    nudge_weekday: Option<Option<i32>>,
}

/// `PATCH /api/v1/settings/follow-up` (leaders)
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
    state
        .db
        .write(move |c| {
            if let Some(weekday) = nudge_weekday {
                org::set_nudge_weekday(c, org_id, weekday)?;
            }
            if let Some(periods) = periods {
                org::set_periods(c, org_id, periods)?;
            }
            Ok::<_, crate::domain::Error>(())
        })
        .await?;
    follow_up_settings(&state, &me).await
}
