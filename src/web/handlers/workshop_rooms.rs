//! The room pages — facilitator, projector and participant (the live part is
//! `static/js/workshop.js` over `/live/{code}`) — and the join page.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::workshops::join_url;
use crate::app::workshops::rooms::{self, Room};
use crate::context;
use crate::domain::ids::WorkshopId;
use crate::domain::workshops;
use crate::web::AppState;
use crate::web::auth::Auth;
use crate::web::errors::AppError;
use crate::web::render::{page, page_with_status, redirect};

fn room_page(
    req: &HttpRequest,
    state: &AppState,
    room: &Room,
    mode: &str,
) -> Result<HttpResponse, AppError> {
    let w = &room.workshop;
    page(
        req,
        "workshops/room.html",
        context!(
            "mode" => mode,
            "workshop" => w,
            "ws_path" => format!("/live/{}", w.join_code),
            "join_url" => join_url(state, w),
            "qr_url" => format!("/workshops/{}/qr.svg", w.id),
            "outcome_url" => format!("/workshops/{}/outcome", w.id),
            "summary_url" => format!("/workshops/{}/summary", w.id),
            "cases" => room.cases,
            "card_max" => crate::live::room::MAX_TEXT,
        ),
    )
}

/// `GET /workshops/{id}/run`: the facilitator's room.
pub async fn run(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<WorkshopId>,
) -> Result<HttpResponse, AppError> {
    let room = rooms::facilitator(&state.db, &me, id.into_inner()).await?;
    room_page(&req, &state, &room, "facilitator")
}

/// `GET /workshops/{id}/projector`: the room's screen.
pub async fn projector(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<WorkshopId>,
) -> Result<HttpResponse, AppError> {
    let room = rooms::facilitator(&state.db, &me, id.into_inner()).await?;
    room_page(&req, &state, &room, "projector")
}

#[derive(Deserialize)]
pub struct JoinQuery {
    code: Option<String>,
}

fn join_page(req: &HttpRequest, status: StatusCode, code: &str) -> Result<HttpResponse, AppError> {
    page_with_status(
        req,
        status,
        "workshops/join.html",
        context!(
            "code" => code,
            "unknown" => status == StatusCode::NOT_FOUND,
            "code_length" => workshops::CODE_LENGTH,
        ),
    )
}

/// `GET /join`: type the code; with `?code=` go to the room when it exists.
pub async fn join(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: web::Query<JoinQuery>,
) -> Result<HttpResponse, AppError> {
    let Some(code) = query.code.as_deref().map(workshops::normalise_code) else {
        return join_page(&req, StatusCode::OK, "");
    };
    match rooms::by_code(&state.db, code.clone()).await? {
        Some(w) => Ok(redirect(&format!("/w/{}", w.join_code))),
        None => join_page(&req, StatusCode::NOT_FOUND, &code),
    }
}

/// `GET /w/{code}`: the participant's room (no account needed).
pub async fn room(
    req: HttpRequest,
    state: web::Data<AppState>,
    code: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let code = workshops::normalise_code(&code);
    match rooms::participant(&state.db, code.clone()).await? {
        Some(room) => room_page(&req, &state, &room, "participant"),
        None => join_page(&req, StatusCode::NOT_FOUND, &code),
    }
}
