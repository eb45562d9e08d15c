//! Workshop set-up: the facilitator's list, creating and changing a workshop (the form is in
//! `workshop_form`), a workshop's page with its join code and QR code, and deleting a draft.
//! The rooms are in `workshop_rooms`, the outcome in `workshop_outcome`; who may do what is
//! decided in `app::workshops`.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::workshop_form::{WorkshopForm, form_page};
use super::{form_errors, submit};
use crate::app::workshops::{self, setup as app};
use crate::context;
use crate::domain::FieldErrors;
use crate::domain::ids::WorkshopId;
use crate::domain::workshops::Workshop;
use crate::web::AppState;
use crate::web::auth::Auth;
use crate::web::errors::AppError;
use crate::web::forms::Form;
use crate::web::render::{Flash, locale, page, redirect_with};

#[derive(Deserialize)]
pub struct PageQuery {
    page: Option<i64>,
}

/// `GET /workshops`: the organisation's workshops, newest first.
pub async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let found = workshops::list(&state.db, &me, query.page).await?;
    page(
        &req,
        "workshops/list.html",
        context!(
            "workshops" => found.items,
            "page" => found.page,
            "pages" => found.pages(),
            "total" => found.total,
        ),
    )
}

/// `GET /workshops/new`: the set-up form with the default agenda.
pub async fn new_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
) -> Result<HttpResponse, AppError> {
    let mut form = WorkshopForm::standard(locale(&req));
    if let Some(rollout) =
        web::Query::<std::collections::HashMap<String, String>>::from_query(req.query_string())
            .ok()
            .and_then(|q| q.get("rollout").cloned())
    {
        form.rollout_id = rollout;
    }
    let no_errors = FieldErrors::default();
    form_page(&req, &state, &me, StatusCode::OK, None, &form, &no_errors).await
}

/// `POST /workshops`
pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    Form(form): Form<WorkshopForm>,
) -> Result<HttpResponse, AppError> {
    let input = form.parse();
    if input.is_err() {
        // Not even the form comes back to someone who may not run workshops.
        workshops::may_run(&me)?;
    }
    match submit(input, |setup| app::create(&state.db, &me, setup)).await? {
        Ok(w) => Ok(redirect_with(
            &req,
            &format!("/workshops/{}", w.id),
            Flash::success("flash-workshop-created").arg("name", w.title),
        )),
        Err(errors) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            form_page(&req, &state, &me, status, None, &form, &errors).await
        }
    }
}

/// `GET /workshops/{id}/edit`: change a workshop that has not started.
pub async fn edit_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<WorkshopId>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let Ok(draft) = form_errors(app::editable(&state.db, &me, id).await)? else {
        return Ok(redirect_with(
            &req,
            &format!("/workshops/{id}"),
            Flash::error("flash-workshop-started"),
        ));
    };
    let form = WorkshopForm::of(&draft.workshop, draft.team_ids);
    let no_errors = FieldErrors::default();
    form_page(
        &req,
        &state,
        &me,
        StatusCode::OK,
        Some(id),
        &form,
        &no_errors,
    )
    .await
}

/// `POST /workshops/{id}`
pub async fn update(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<WorkshopId>,
    Form(form): Form<WorkshopForm>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let input = form.parse();
    if input.is_err() {
        // Not even the form comes back to someone who may not change the workshop.
        workshops::steerable(&state.db, &me, id).await?;
    }
    match submit(input, |setup| app::update(&state.db, &me, id, setup)).await? {
        Ok(w) => Ok(redirect_with(
            &req,
            &format!("/workshops/{}", w.id),
            Flash::success("flash-workshop-saved").arg("name", w.title),
        )),
        Err(errors) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            form_page(&req, &state, &me, status, Some(id), &form, &errors).await
        }
    }
}

pub(super) fn join_url(state: &AppState, w: &Workshop) -> String {
    format!("{}/w/{}", state.base_url, w.join_code)
}

/// `GET /workshops/{id}`: the workshop, its agenda, join code and QR code.
pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<WorkshopId>,
) -> Result<HttpResponse, AppError> {
    let d = app::detail(&state.db, &me, id.into_inner()).await?;
    page(
        &req,
        "workshops/show.html",
        context!(
            "workshop" => d.workshop,
            "agenda" => d.workshop.agenda(),
            "teams" => d.teams,
            "participants" => d.participants,
            "saved" => d.saved,
            "join_url" => join_url(&state, &d.workshop),
            "is_facilitator" => d.is_facilitator,
            "facilitator" => d.facilitator,
            "steers" => d.steers,
        ),
    )
}

/// `GET /workshops/{id}/qr.svg`: the join URL as a QR code.
pub async fn qr(
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<WorkshopId>,
) -> Result<HttpResponse, AppError> {
    let w = workshops::find(&state.db, &me, id.into_inner()).await?;
    let code = qrcode::QrCode::new(join_url(&state, &w).as_bytes()).map_err(AppError::internal)?;
    let svg = code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(240, 240)
        .quiet_zone(true)
        .build();
    Ok(HttpResponse::Ok()
        .content_type("image/svg+xml")
        .insert_header(("Cache-Control", "private, max-age=3600"))
        .body(svg))
}

/// `GET /workshops/{id}/delete`: confirm deleting a draft.
pub async fn confirm_delete(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<WorkshopId>,
) -> Result<HttpResponse, AppError> {
    let w = workshops::steerable(&state.db, &me, id.into_inner()).await?;
    page(&req, "workshops/delete.html", context!("workshop" => w))
}

/// `POST /workshops/{id}/delete`
pub async fn delete(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<WorkshopId>,
    Form(_): Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    match form_errors(app::delete(&state.db, &me, id).await)? {
        Ok(w) => Ok(redirect_with(
            &req,
            "/workshops",
            Flash::success("flash-workshop-deleted").arg("name", w.title),
        )),
        Err(_) => Ok(redirect_with(
            &req,
            &format!("/workshops/{id}"),
            Flash::error("flash-workshop-not-draft"),
        )),
    }
}
