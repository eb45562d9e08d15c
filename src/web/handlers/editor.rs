//! The create-and-edit forms of one kind of thing (a team, a rollout, a case, a survey's
//! settings, an objective, a key result, a checklist item, a survey question). `GET …/new`
//! and `GET …/{id}/edit` show the form; a `POST` to the list creates and a `POST` to the
//! thing changes it, through the area's use case. A saved one redirects to its page; one the
//! input or the use case refuses shows the form again (422) with what is wrong. An area
//! describes its form with [`Editor`]; these handlers are the same for all.
//!
//! A thing that belongs to another (a key result to its objective) is found by more than one
//! id: the list a new one goes in is the parent's (`/okrs/objectives/{id}/key-results`), and
//! an existing one is found by its own id or by both (`/rollouts/{id}/items/{item}`).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::de::DeserializeOwned;

use super::errors_value;
use crate::domain::FieldErrors;
use crate::domain::identity::Identity;
use crate::web::AppState;
use crate::web::auth::Auth;
use crate::web::errors::AppError;
use crate::web::forms::Form;
use crate::web::render::{Flash, page_with_status, redirect_with};

/// What every step of a form is answered with: the request, the application, and who asks.
pub(crate) struct Cx<'a> {
    pub req: &'a HttpRequest,
    pub state: &'a AppState,
    pub me: &'a Identity,
}

/// A form's page: its template and what it shows (the form's problems are added as
/// `errors`).
pub(crate) type Page = Result<(&'static str, tera::Context), AppError>;

/// Where a saved form goes: the thing's page, with a flash.
pub(crate) struct Done {
    pub to: String,
    pub flash: Flash,
}

/// What a submit answers: where to go after saving, or the form's problems.
pub(crate) type Saved = Result<Result<Done, FieldErrors>, AppError>;

/// Which form: a new one, in the parent its list's path names, or an existing one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum At<P, I> {
    New(P),
    Existing(I),
}

impl<P, I> At<P, I> {
    /// The existing one's path; `None` for a new one.
    pub(crate) fn id(self) -> Option<I> {
        match self {
            At::New(_) => None,
            At::Existing(id) => Some(id),
        }
    }
}

/// Where an editor's form is.
pub(crate) type Target<E> = At<<E as Editor>::Parent, <E as Editor>::Id>;

/// One kind of thing's form: how it starts, the page that shows it, and how it is saved.
pub(crate) trait Editor {
    /// What the path of the list a new one goes in names: the parent's id, or `()` where
    /// the list is the organisation's.
    type Parent: Copy + DeserializeOwned + 'static;
    /// What the path of an existing one names: its id, or its parent's and its own.
    type Id: Copy + DeserializeOwned + 'static;
    /// The form as posted.
    type Form: DeserializeOwned + 'static;

    /// A new one's form, filled with sensible defaults (the request's query may say more).
    async fn blank(cx: &Cx<'_>, parent: Self::Parent) -> Result<Self::Form, AppError>;

    /// An existing one's form; not found (404) where the caller may not change it.
    async fn current(cx: &Cx<'_>, id: Self::Id) -> Result<Self::Form, AppError>;

    /// The form's page, for a new one or an existing one.
    async fn page(cx: &Cx<'_>, at: Target<Self>, form: &Self::Form) -> Page;

    /// Creates or changes the thing as the form says.
    async fn save(cx: &Cx<'_>, at: Target<Self>, form: &Self::Form) -> Saved;
}

/// `GET …/new`
pub(crate) async fn new_form<E: Editor>(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    parent: web::Path<E::Parent>,
) -> Result<HttpResponse, AppError> {
    let cx = Cx {
        req: &req,
        state: &state,
        me: &me,
    };
    let parent = parent.into_inner();
    let form = E::blank(&cx, parent).await?;
    show::<E>(&cx, At::New(parent), &form).await
}

/// `GET …/{id}/edit`
pub(crate) async fn edit_form<E: Editor>(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<E::Id>,
) -> Result<HttpResponse, AppError> {
    let cx = Cx {
        req: &req,
        state: &state,
        me: &me,
    };
    let id = id.into_inner();
    let form = E::current(&cx, id).await?;
    show::<E>(&cx, At::Existing(id), &form).await
}

/// `POST` to the list.
pub(crate) async fn create<E: Editor>(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    parent: web::Path<E::Parent>,
    Form(form): Form<E::Form>,
) -> Result<HttpResponse, AppError> {
    let cx = Cx {
        req: &req,
        state: &state,
        me: &me,
    };
    submit::<E>(&cx, At::New(parent.into_inner()), &form).await
}

/// `POST` to the thing.
pub(crate) async fn update<E: Editor>(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<E::Id>,
    Form(form): Form<E::Form>,
) -> Result<HttpResponse, AppError> {
    let cx = Cx {
        req: &req,
        state: &state,
        me: &me,
    };
    submit::<E>(&cx, At::Existing(id.into_inner()), &form).await
}

/// The form as it first shows: no problems yet.
pub(crate) async fn show<E: Editor>(
    cx: &Cx<'_>,
    at: Target<E>,
    form: &E::Form,
) -> Result<HttpResponse, AppError> {
    render::<E>(cx, StatusCode::OK, at, form, &FieldErrors::default()).await
}

async fn submit<E: Editor>(
    cx: &Cx<'_>,
    at: Target<E>,
    form: &E::Form,
) -> Result<HttpResponse, AppError> {
    match E::save(cx, at, form).await? {
        Ok(done) => Ok(redirect_with(cx.req, &done.to, done.flash)),
        Err(errors) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            render::<E>(cx, status, at, form, &errors).await
        }
    }
}

async fn render<E: Editor>(
    cx: &Cx<'_>,
    status: StatusCode,
    at: Target<E>,
    form: &E::Form,
    errors: &FieldErrors,
) -> Result<HttpResponse, AppError> {
    let (template, mut context) = E::page(cx, at, form).await?;
    context.insert("errors", &errors_value(errors));
    page_with_status(cx.req, status, template, context)
}
