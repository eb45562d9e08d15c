//! The room pages — facilitator, projector and participant (the live part is
//! `static/js/workshop.js` over `/live/{code}`) — and the join page.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::workshops::{find, join_url};
use crate::context;
use crate::domain::cases::{self, Case, CaseRef};
use crate::domain::identity::Identity;
use crate::domain::ids::WorkshopId;
use crate::domain::workshops::{self, Workshop};
use crate::web::AppState;
use crate::web::auth::Facilitator;
use crate::web::errors::AppError;
use crate::web::render::{page, page_with_status, redirect};

/// The cases the agenda's practice steps use, in the workshop's language.
async fn agenda_cases(state: &AppState, w: &Workshop) -> Result<Vec<Case>, AppError> {
    let refs: Vec<CaseRef> = w
        .agenda()
        .steps
        .iter()
        .filter_map(|s| s.case.as_deref().and_then(CaseRef::parse))
        .collect();
    let (org_id, lang) = (w.org_id, w.locale());
    Ok(state
        .db
        .run(move |c| {
            Ok::<_, crate::domain::Error>(
                refs.iter()
                    .filter_map(|r| cases::find(c, org_id, r, lang).ok())
                    .collect(),
            )
        })
        .await?)
}

async fn room_page(
    req: &HttpRequest,
    state: &AppState,
    w: &Workshop,
    mode: &str,
) -> Result<HttpResponse, AppError> {
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
            "cases" => agenda_cases(state, w).await?,
            "card_max" => crate::live::room::MAX_TEXT,
        ),
    )
}

/// The workshop's own facilitator runs it and shows it on the projector.
async fn own(state: &AppState, me: &Identity, id: WorkshopId) -> Result<Workshop, AppError> {
    let w = find(state, me, id).await?;
    if w.facilitator_id == me.person_id {
        Ok(w)
    } else {
        Err(AppError::Forbidden)
    }
}

/// `GET /workshops/{id}/run`: the facilitator's room.
pub async fn run(
    req: HttpRequest,
    state: web::Data<AppState>,
    Facilitator(me): Facilitator,
    id: web::Path<WorkshopId>,
) -> Result<HttpResponse, AppError> {
    let w = own(&state, &me, id.into_inner()).await?;
    room_page(&req, &state, &w, "facilitator").await
}

/// `GET /workshops/{id}/projector`: the room's screen.
pub async fn projector(
    req: HttpRequest,
    state: web::Data<AppState>,
    Facilitator(me): Facilitator,
    id: web::Path<WorkshopId>,
) -> Result<HttpResponse, AppError> {
    let w = own(&state, &me, id.into_inner()).await?;
    room_page(&req, &state, &w, "projector").await
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
    let lookup = code.clone();
    match state
        .db
        .run(move |c| workshops::find_by_code(c, &lookup))
        .await?
    {
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
    let lookup = code.clone();
    match state
        .db
        .run(move |c| workshops::find_by_code(c, &lookup))
        .await?
    {
        Some(w) => room_page(&req, &state, &w, "participant").await,
        None => join_page(&req, StatusCode::NOT_FOUND, &code),
    }
}
