//! Organisation settings for the follow-up (`/settings/follow-up`, leaders): from which
//! weekday owners without a check-in that week get a nudge.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use crate::context;
use crate::domain::org;
use crate::web::AppState;
use crate::web::auth::Leader;
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
            "default_day" => format!("weekday-{}", state.nudge_weekday),
        ),
    )
}

#[derive(Deserialize)]
pub struct FollowUpForm {
    #[serde(default)]
    nudge_weekday: String,
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
    let org_id = me.org_id;
    state
        .db
        .write(move |c| org::set_nudge_weekday(c, org_id, weekday))
        .await?;
    Ok(redirect_with(
        &req,
        "/settings/follow-up",
        Flash::success("flash-follow-up-saved"),
    ))
}
