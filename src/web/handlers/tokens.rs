//! API tokens: leaders create them with a lifetime (the secret is shown once) and revoke
//! them; the rules are [`crate::domain::api_tokens`]'s.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::{errors_value, form_errors};
use crate::context;
use crate::domain::FieldErrors;
use crate::domain::api_tokens::{self, Lifetime};
use crate::web::AppState;
use crate::web::auth::Leader;
use crate::web::errors::AppError;
use crate::web::forms::Form;
use crate::web::render::{Flash, page_with_status, redirect_with};

async fn tokens_page(
    req: &HttpRequest,
    state: &AppState,
    org_id: i32,
    status: StatusCode,
    new_token: Option<String>,
    errors: &FieldErrors,
) -> Result<HttpResponse, AppError> {
    let at = crate::domain::now();
    let tokens: Vec<serde_json::Value> = state
        .db
        .run(move |c| api_tokens::list(c, org_id))
        .await?
        .into_iter()
        .map(|t| {
            let status = t.status(at);
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
    Leader(me): Leader,
) -> Result<HttpResponse, AppError> {
    tokens_page(
        &req,
        &state,
        me.org_id,
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
    Leader(me): Leader,
    Form(form): Form<NewToken>,
) -> Result<HttpResponse, AppError> {
    let (org_id, person_id) = (me.org_id, me.person_id);
    let result = match Lifetime::parse(&form.lifetime) {
        Some(lifetime) => {
            state
                .db
                .write(move |c| api_tokens::create(c, org_id, person_id, &form.name, lifetime))
                .await
        }
        None => Err(FieldErrors::single("lifetime", "field-token-lifetime")),
    };
    match form_errors(result)? {
        Ok(token) => {
            tokens_page(
                &req,
                &state,
                org_id,
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
                org_id,
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
    Leader(me): Leader,
    id: web::Path<i32>,
    Form(_): Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    state
        .db
        .write(move |c| api_tokens::revoke(c, me.org_id, id))
        .await?;
    Ok(redirect_with(
        &req,
        "/settings/api-tokens",
        Flash::success("flash-token-revoked"),
    ))
}
