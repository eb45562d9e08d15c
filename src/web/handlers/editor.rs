//! The create-and-edit forms of one kind of thing (a team, a rollout, a case, a survey's
//! settings). `GET …/new` and `GET …/{id}/edit` show the form; a `POST` to the list creates
//! and a `POST` to the thing changes it, through the area's use case. A saved one redirects
//! to its page; one the input or the use case refuses shows the form again (422) with what is
//! wrong. An area describes its form with [`Editor`]; these handlers are the same for all.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::de::DeserializeOwned;

use crate::domain::FieldErrors;
use crate::domain::identity::Identity;
use crate::web::AppState;
use crate::web::auth::Auth;
use crate::web::errors::AppError;
use crate::web::forms::Form;

/// What a submit answers: the redirect after saving, or the form's problems.
pub(crate) type Saved = Result<Result<HttpResponse, FieldErrors>, AppError>;

/// One kind of thing's form: how it starts, the page that shows it, and how it is saved.
pub(crate) trait Editor {
    /// The id in the thing's path.
    type Id: Copy + DeserializeOwned + 'static;
    /// The form as posted.
    type Form: DeserializeOwned + 'static;

    /// A new one's form, filled with sensible defaults.
    async fn blank(state: &AppState, me: &Identity) -> Result<Self::Form, AppError>;

    /// An existing one's form; not found (404) where the caller may not change it.
    async fn current(state: &AppState, me: &Identity, id: Self::Id)
    -> Result<Self::Form, AppError>;

    /// The form page, for a new one (`id` is `None`) or an existing one.
    async fn page(
        req: &HttpRequest,
        state: &AppState,
        me: &Identity,
        status: StatusCode,
        id: Option<Self::Id>,
        form: &Self::Form,
        errors: &FieldErrors,
    ) -> Result<HttpResponse, AppError>;

    /// Creates (`id` is `None`) or changes the thing as the form says.
    async fn save(
        req: &HttpRequest,
        state: &AppState,
        me: &Identity,
        id: Option<Self::Id>,
        form: &Self::Form,
    ) -> Saved;
}

/// `GET …/new`
pub(crate) async fn new_form<E: Editor>(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
) -> Result<HttpResponse, AppError> {
    show::<E>(&req, &state, &me, None, &E::blank(&state, &me).await?).await
}

/// `GET …/{id}/edit`
pub(crate) async fn edit_form<E: Editor>(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<E::Id>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let form = E::current(&state, &me, id).await?;
    show::<E>(&req, &state, &me, Some(id), &form).await
}

/// `POST` to the list.
pub(crate) async fn create<E: Editor>(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    Form(form): Form<E::Form>,
) -> Result<HttpResponse, AppError> {
    submit::<E>(&req, &state, &me, None, &form).await
}

/// `POST` to the thing.
pub(crate) async fn update<E: Editor>(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<E::Id>,
    Form(form): Form<E::Form>,
) -> Result<HttpResponse, AppError> {
    submit::<E>(&req, &state, &me, Some(id.into_inner()), &form).await
}

/// The form as it first shows: no problems yet.
pub(crate) async fn show<E: Editor>(
    req: &HttpRequest,
    state: &AppState,
    me: &Identity,
    id: Option<E::Id>,
    form: &E::Form,
) -> Result<HttpResponse, AppError> {
    let none = FieldErrors::default();
    E::page(req, state, me, StatusCode::OK, id, form, &none).await
}

async fn submit<E: Editor>(
    req: &HttpRequest,
    state: &AppState,
    me: &Identity,
    id: Option<E::Id>,
    form: &E::Form,
) -> Result<HttpResponse, AppError> {
    match E::save(req, state, me, id, form).await? {
        Ok(done) => Ok(done),
        Err(errors) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            E::page(req, state, me, status, id, form, &errors).await
        }
    }
}
