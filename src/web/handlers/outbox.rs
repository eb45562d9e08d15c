//! The outbox page: what mail the organisation's people were sent, and what is stuck.

use actix_web::{HttpRequest, HttpResponse, web};

use super::form_errors;
use crate::app::outbox as app;
use crate::context;
use crate::domain::ids::MailId;
use crate::domain::outbox::{self, OutboxQuery};
use crate::web::AppState;
use crate::web::auth::Leader;
use crate::web::errors::AppError;
use crate::web::forms::Form;
use crate::web::render::{Flash, page, redirect_with};

pub async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    // The role before the query string (the use case checks it again).
    Leader(me): Leader,
    query: web::Query<OutboxQuery>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    let result = app::list(&state.db, &me, query.clone()).await?;
    let pages = result.pages();
    page(
        &req,
        "settings/outbox.html",
        context!(
            "mails" => result.items,
            "page" => result.page,
            "pages" => pages,
            "total" => result.total,
            "status" => query.status.unwrap_or_default(),
            "statuses" => outbox::MailStatus::ALL,
            "secret_kinds" => outbox::MailKind::SECRET,
        ),
    )
}

pub async fn retry(
    req: HttpRequest,
    state: web::Data<AppState>,
    Leader(me): Leader,
    id: web::Path<MailId>,
    Form(_): Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    let result = app::retry(&state.db, &me, id.into_inner()).await;
    if let Err(errors) = form_errors(result)? {
        // A message whose link has expired cannot be sent again; the page says why.
        let key = errors.0.first().map_or("error-invalid", |e| e.key);
        return Ok(redirect_with(&req, "/settings/outbox", Flash::error(key)));
    }
    state.mail.kick();
    Ok(redirect_with(
        &req,
        "/settings/outbox",
        Flash::success("flash-mail-retried"),
    ))
}
