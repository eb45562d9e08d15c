//! A person's own account: their sessions (`/account/sessions`), organisations
//! (`/account/organisations`, the switcher) and password (`/account/password`); and a leader
//! signing a person out of every browser (`/people/{id}/sessions/end`).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::{errors_value, form_errors};
use crate::app::account as app;
use crate::context;
use crate::domain::ids::{PersonId, SessionId};
use crate::web::AppState;
use crate::web::auth::Auth;
use crate::web::errors::AppError;
use crate::web::forms::Form;
use crate::web::render::{Flash, page, page_with_status, redirect_with};

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

/// Where a person chooses which of their organisations to work in.
pub const ORGANISATIONS: &str = "/account/organisations";

/// `GET /account/organisations`: the account's organisations, the one in use marked.
pub async fn organisations(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
) -> Result<HttpResponse, AppError> {
    let organisations = app::organisations(&state.db, &me).await?;
    page(
        &req,
        "account/organisations.html",
        context!("organisations" => organisations, "current" => me.org_id),
    )
}

/// `POST /account/organisations/{person}`: works in that organisation from now on.
pub async fn switch(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    person: web::Path<PersonId>,
    _: Nothing,
) -> Result<HttpResponse, AppError> {
    app::switch(&state.db, &me, person.into_inner()).await?;
    Ok(redirect_with(
        &req,
        "/home",
        Flash::success("account-switched"),
    ))
}

/// `GET /account/password`: the form for the account's own password.
pub async fn password_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
) -> Result<HttpResponse, AppError> {
    let has_password = app::has_password(&state.db, &me).await?;
    page(
        &req,
        "account/password.html",
        context!("has_password" => has_password),
    )
}

#[derive(serde::Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current: String,
    new: String,
}

/// `POST /account/password`: sets it (other browsers are signed out).
pub async fn set_password(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    Form(form): Form<PasswordForm>,
) -> Result<HttpResponse, AppError> {
    match form_errors(app::set_password(&state.db, &me, form.current, form.new).await)? {
        Ok(()) => Ok(redirect_with(
            &req,
            "/account/sessions",
            Flash::success("account-password-set"),
        )),
        Err(errors) => {
            let has_password = app::has_password(&state.db, &me).await?;
            page_with_status(
                &req,
                StatusCode::UNPROCESSABLE_ENTITY,
                "account/password.html",
                context!("has_password" => has_password, "errors" => errors_value(&errors)),
            )
        }
    }
}
