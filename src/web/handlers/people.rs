//! People pages: list with search and pages, details, create, edit, (de)activate.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::{errors_value, form_errors};
use crate::app::people as app;
use crate::context;
use crate::domain::ids::PersonId;
use crate::domain::people::{ListQuery, PersonInput, Role};
use crate::domain::{FieldErrors, Locale};
use crate::web::AppState;
use crate::web::auth::Auth;
use crate::web::errors::AppError;
use crate::web::forms::Form;
use crate::web::render::{Flash, page, page_with_status, redirect_with};

pub async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    let result = app::list(&state.db, &me, query.clone()).await?;
    let pages = result.pages();
    page(
        &req,
        "people/list.html",
        context!(
            "people" => result.items,
            "page" => result.page,
            "pages" => pages,
            "total" => result.total,
            "q" => query.q.unwrap_or_default(),
            "role" => query.role.map(Role::code).unwrap_or(""),
            "include_inactive" => query.include_inactive,
            "roles" => Role::ALL.map(Role::code),
        ),
    )
}

/// The person form as submitted (roles as repeated checkboxes).
#[derive(Debug, Default, Deserialize)]
pub struct PersonForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    locale: String,
    #[serde(default)]
    roles: Vec<String>,
}

impl PersonForm {
    fn input(&self) -> PersonInput {
        PersonInput {
            name: self.name.clone(),
            email: self.email.clone(),
            locale: Locale::parse(&self.locale).unwrap_or_default(),
            roles: self
                .roles
                .iter()
                .filter_map(|r| Role::from_name(r))
                .collect(),
        }
    }
}

fn form_page(
    req: &HttpRequest,
    status: StatusCode,
    id: Option<PersonId>,
    form: &PersonForm,
    errors: &FieldErrors,
) -> Result<HttpResponse, AppError> {
    let roles: Vec<&str> = if form.roles.is_empty() && id.is_none() {
        vec!["member"]
    } else {
        form.roles.iter().map(String::as_str).collect()
    };
    page_with_status(
        req,
        status,
        "people/form.html",
        context!(
            "id" => id,
            "name" => form.name,
            "email" => form.email,
            "locale" => if form.locale.is_empty() { "en" } else { form.locale.as_str() },
            "selected_roles" => roles,
            "roles" => Role::ALL.map(Role::code),
            "errors" => errors_value(errors),
        ),
    )
}

pub async fn new_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
) -> Result<HttpResponse, AppError> {
    // A new person starts in the organisation's language.
    let form = PersonForm {
        locale: app::new_person_locale(&state.db, &me).await?.code().into(),
        ..PersonForm::default()
    };
    form_page(&req, StatusCode::OK, None, &form, &FieldErrors::default())
}

pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    Form(form): Form<PersonForm>,
) -> Result<HttpResponse, AppError> {
    let result = app::create(&state.db, &me, form.input()).await;
    match form_errors(result)? {
        Ok(person) => Ok(redirect_with(
            &req,
            &format!("/people/{}", person.row.id),
            Flash::success("flash-person-created").arg("name", person.row.name),
        )),
        Err(errors) => form_page(&req, StatusCode::UNPROCESSABLE_ENTITY, None, &form, &errors),
    }
}

pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<PersonId>,
) -> Result<HttpResponse, AppError> {
    let profile = app::profile(&state.db, &me, id.into_inner()).await?;
    page(
        &req,
        "people/show.html",
        context!("person" => profile.person, "teams" => profile.teams),
    )
}

pub async fn edit_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<PersonId>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let person = app::editable(&state.db, &me, id).await?;
    let form = PersonForm {
        name: person.row.name,
        email: person.row.email,
        locale: person.row.locale,
        roles: person.roles.iter().map(|r| r.code().to_owned()).collect(),
    };
    form_page(
        &req,
        StatusCode::OK,
        Some(id),
        &form,
        &FieldErrors::default(),
    )
}

pub async fn update(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<PersonId>,
    Form(form): Form<PersonForm>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let change = app::Change::all(form.input());
    match form_errors(app::update(&state.db, &me, id, change).await)? {
        Ok(person) => Ok(redirect_with(
            &req,
            &format!("/people/{id}"),
            Flash::success("flash-person-saved").arg("name", person.row.name),
        )),
        Err(errors) => form_page(
            &req,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some(id),
            &form,
            &errors,
        ),
    }
}

pub async fn confirm_deactivate(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<PersonId>,
) -> Result<HttpResponse, AppError> {
    let person = app::editable(&state.db, &me, id.into_inner()).await?;
    page(&req, "people/deactivate.html", context!("person" => person))
}

async fn set_active(
    req: &HttpRequest,
    state: &AppState,
    me: crate::domain::identity::Identity,
    id: PersonId,
    active: bool,
) -> Result<HttpResponse, AppError> {
    if form_errors(app::set_active(&state.db, &me, id, active).await)?.is_err() {
        // The one refusal: a leader deactivating themself.
        return Err(AppError::BadRequest("error-deactivate-self"));
    }
    let key = if active {
        "flash-person-activated"
    } else {
        "flash-person-deactivated"
    };
    Ok(redirect_with(
        req,
        &format!("/people/{id}"),
        Flash::success(key),
    ))
}

pub async fn deactivate(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<PersonId>,
    Form(_): Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    set_active(&req, &state, me, id.into_inner(), false).await
}

pub async fn activate(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<PersonId>,
    Form(_): Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    set_active(&req, &state, me, id.into_inner(), true).await
}
