//! The organisation's own objectives for a period, which team objectives align to. Everyone
//! reads; leaders add and archive them.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::{errors_value, period_or_current};
use crate::app::okrs as app;
use crate::context;
use crate::domain::ids::OrgObjectiveId;
use crate::domain::okrs::company::OrgObjectiveInput;
use crate::domain::{FieldErrors, periods};
use crate::web::AppState;
use crate::web::auth::Auth;
use crate::web::errors::AppError;
use crate::web::forms::Form;
use crate::web::render::{Flash, page, redirect_with};

#[derive(Deserialize)]
pub struct PeriodQuery {
    period: Option<String>,
}

/// `GET /okrs/organisation?period=`: the organisation's objectives for a quarter, each with
/// the team objectives aligned to it.
pub async fn organisation(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    query: web::Query<PeriodQuery>,
) -> Result<HttpResponse, AppError> {
    let period = period_or_current(&me, query.into_inner().period)?;
    let overview = app::company::overview(&state.db, &me, period.clone()).await?;
    page(
        &req,
        "okrs/organisation.html",
        context!(
            "objectives" => overview,
            "period" => period,
            "previous" => periods::shift(&period, -1),
            "next" => periods::shift(&period, 1),
            "errors" => errors_value(&FieldErrors::default()),
        ),
    )
}

#[derive(Debug, Default, Deserialize)]
pub struct OrgObjectiveForm {
    #[serde(default)]
    period: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    description: String,
}

/// `POST /okrs/organisation` (leaders): a new organisation objective.
pub async fn create_org_objective(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    Form(form): Form<OrgObjectiveForm>,
) -> Result<HttpResponse, AppError> {
    let input = OrgObjectiveInput {
        period: form.period.trim().to_owned(),
        title: form.title.clone(),
        description: form.description.clone(),
        owner_id: Some(me.person_id),
    };
    let back = format!("/okrs/organisation?period={}", form.period.trim());
    match super::form_errors(app::company::create(&state.db, &me, input).await)? {
        Ok(o) => Ok(redirect_with(
            &req,
            &format!("/okrs/organisation?period={}", o.period),
            Flash::success("flash-objective-saved").arg("name", o.title),
        )),
        Err(errors) => Ok(redirect_with(
            &req,
            if periods::valid(form.period.trim()) {
                &back
            } else {
                "/okrs/organisation"
            },
            Flash::error(errors.0.first().map_or("form-has-errors", |e| e.key)),
        )),
    }
}

/// `POST /okrs/organisation/{id}/archive` (leaders)
pub async fn archive_org_objective(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<OrgObjectiveId>,
    Form(_): Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    let o = app::company::archive(&state.db, &me, id.into_inner()).await?;
    Ok(redirect_with(
        &req,
        &format!("/okrs/organisation?period={}", o.period),
        Flash::success("flash-objective-archived").arg("name", o.title),
    ))
}
