//! The language switcher: remembers the choice (cookie, and the person's profile when
//! signed in) and returns to the same page.

use actix_web::{HttpRequest, HttpResponse};
use serde::Deserialize;

use crate::domain::Locale;
use crate::domain::people::accounts;
use crate::web::AppState;
use crate::web::context::{RequestContext, cookie};
use crate::web::errors::AppError;
use crate::web::forms::Form;
use crate::web::i18n::LANG_COOKIE;
use crate::web::render::{redirect, safe_next};

#[derive(Deserialize)]
pub struct SwitchForm {
    lang: String,
    next: Option<String>,
}

pub async fn switch(
    req: HttpRequest,
    state: actix_web::web::Data<AppState>,
    Form(form): Form<SwitchForm>,
) -> Result<HttpResponse, AppError> {
    let locale = Locale::parse(&form.lang).ok_or(AppError::BadRequest("error-bad-request"))?;
    if let Some(id) = RequestContext::of(&req).and_then(|c| c.identity) {
        state
            .db
            .run(move |conn| accounts::set_locale(conn, id.account_id, locale))
            .await?;
    }
    let mut response = redirect(&safe_next(form.next.as_deref()));
    response
        .add_cookie(&cookie(
            LANG_COOKIE,
            locale.code().to_owned(),
            state.secure_cookies,
            365,
        ))
        .map_err(AppError::internal)?;
    Ok(response)
}
