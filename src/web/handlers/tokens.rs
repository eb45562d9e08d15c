//! API tokens: leaders create them with a lifetime (the secret is shown once) and revoke
//! them; the rules are [`crate::domain::api_tokens`]'s.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::{errors_value, form_errors};
use crate::app::api_tokens as app;
use crate::context;
use crate::domain::FieldErrors;
use crate::domain::api_tokens::Lifetime;
use crate::domain::identity::Identity;
use crate::domain::ids::ApiTokenId;
use crate::web::AppState;
use crate::web::auth::Auth;
use crate::web::errors::AppError;
use crate::web::forms::Form;
use crate::web::render::{Flash, page_with_status, redirect_with};

async fn tokens_page(
    req: &HttpRequest,
    state: &AppState,
    me: &Identity,
    status: StatusCode,
    new_token: Option<String>,
    errors: &FieldErrors,
) -> Result<HttpResponse, AppError> {
    let tokens: Vec<serde_json::Value> = app::list(&state.db, me)
        .await?
        .into_iter()
        .map(|(t, status)| {
            let mut value = serde_json::to_value(t).unwrap_or_default();
            value["status"] = status.into();
            value
        })
        .collect();
    page_with_status(
        req,
        status,
        "settings/api_tokens.html",
        context!(
            "tokens" => tokens,
            "new_token" => new_token,
            "errors" => errors_value(errors),
            "lifetimes" => Lifetime::CHOICES,
            "default_lifetime" => "90",
        ),
    )
}

pub async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
) -> Result<HttpResponse, AppError> {
    tokens_page(
        &req,
        &state,
        &me,
        StatusCode::OK,
        None,
        &FieldErrors::default(),
    )
    .await
}

#[derive(Deserialize)]
pub struct NewToken {
    #[serde(default)]
    name: String,
    /// Days (`30`, `90`, `180`, `365`) or `never`; empty: 90 days.
    #[serde(default)]
    lifetime: String,
}

pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    Form(form): Form<NewToken>,
) -> Result<HttpResponse, AppError> {
    let result = match Lifetime::parse(&form.lifetime) {
        Some(lifetime) => app::create(&state.db, &me, form.name, lifetime).await,
        None => Err(FieldErrors::single("lifetime", "field-token-lifetime")),
    };
    match form_errors(result)? {
        Ok(token) => {
            tokens_page(
                &req,
                &state,
                &me,
                StatusCode::CREATED,
                Some(token),
                &FieldErrors::default(),
            )
            .await
        }
        Err(errors) => {
            tokens_page(
                &req,
                &state,
                &me,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                &errors,
            )
            .await
        }
    }
}

pub async fn revoke(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<ApiTokenId>,
    Form(_): Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    app::revoke(&state.db, &me, id.into_inner()).await?;
    Ok(redirect_with(
        &req,
        "/settings/api-tokens",
        Flash::success("flash-token-revoked"),
    ))
}
