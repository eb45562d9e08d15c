//! A person's own sessions (`/account/sessions`), and a leader signing a person out of every
//! browser (`/people/{id}/sessions/end`).

use actix_web::{HttpRequest, HttpResponse, web};

use crate::app::account as app;
use crate::context;
use crate::domain::ids::{PersonId, SessionId};
use crate::web::AppState;
use crate::web::auth::Auth;
use crate::web::errors::AppError;
use crate::web::forms::Form;
use crate::web::render::{Flash, page, redirect_with};

type Nothing = Form<serde::de::IgnoredAny>;

/// `GET /account/sessions`: where the person is signed in.
pub async fn sessions(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
) -> Result<HttpResponse, AppError> {
    let open = app::sessions(&state.db, &me).await?;
    page(
        &req,
        "account/sessions.html",
        context!("sessions" => open, "current" => me.session),
    )
}

/// `POST /account/sessions/{id}/end`: signs one of the person's browsers out.
pub async fn end(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<SessionId>,
    _: Nothing,
) -> Result<HttpResponse, AppError> {
    app::end_session(&state.db, &me, id.into_inner()).await?;
    Ok(redirect_with(
        &req,
        "/account/sessions",
        Flash::success("sessions-ended-one"),
    ))
}

/// `POST /account/sessions/end-others`: signs out every browser but this one.
pub async fn end_others(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    _: Nothing,
) -> Result<HttpResponse, AppError> {
    app::end_other_sessions(&state.db, &me).await?;
    Ok(redirect_with(
        &req,
        "/account/sessions",
        Flash::success("sessions-ended-others"),
    ))
}

/// `POST /people/{id}/sessions/end` (leaders): signs the person out everywhere.
pub async fn sign_out_everywhere(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<PersonId>,
    _: Nothing,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    app::sign_out_everywhere(&state.db, &me, id).await?;
    Ok(redirect_with(
        &req,
        &format!("/people/{id}"),
        Flash::success("sessions-ended-person"),
    ))
}
