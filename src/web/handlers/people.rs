//! People pages: list with search and pages, details, create, edit, (de)activate.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::{errors_value, form_errors};
use crate::context;
use crate::domain::people::{self, ListQuery, PersonInput, Role};
use crate::domain::{FieldErrors, Locale, auth, teams};
use crate::web::AppState;
use crate::web::auth::{Auth, Leader};
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
    let q = query.clone();
    let result = state
        .db
        .run(move |c| people::list(c, me.org_id, &q))
        .await?;
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
            "role" => query.role.map(Role::as_str).unwrap_or(""),
            "include_inactive" => query.include_inactive,
            "roles" => Role::ALL.map(Role::as_str),
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
    #[serde(default)]
    password: String,
}

impl PersonForm {
    fn input(&self) -> PersonInput {
        PersonInput {
            name: self.name.clone(),
            email: self.email.clone(),
            locale: Locale::parse(&self.locale).unwrap_or_default(),
            roles: self.roles.iter().filter_map(|r| Role::parse(r)).collect(),
        }
    }
}

/// Validates and hashes a submitted password; `None` when the field was left empty. Argon2 is
/// slow on purpose, so it runs on the blocking pool before any write transaction opens
/// (SQLite has a single writer).
async fn hash_submitted(password: &str) -> crate::domain::Result<Option<String>> {
    if password.is_empty() {
        return Ok(None);
    }
    people::validate_password(password)?;
    let password = password.to_owned();
    let hash = web::block(move || auth::hash_password(&password))
        .await
        .map_err(|e| crate::domain::Error::Internal(format!("password hashing: {e}")))??;
    Ok(Some(hash))
}

fn form_page(
    req: &HttpRequest,
    status: StatusCode,
    id: Option<i32>,
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
            "roles" => Role::ALL.map(Role::as_str),
            "errors" => errors_value(errors),
        ),
    )
}

pub async fn new_form(req: HttpRequest, _: Leader) -> Result<HttpResponse, AppError> {
    form_page(
        &req,
        StatusCode::OK,
        None,
        &PersonForm::default(),
        &FieldErrors::default(),
    )
}

pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    Leader(me): Leader,
    Form(form): Form<PersonForm>,
) -> Result<HttpResponse, AppError> {
    let input = form.input();
    let hash = match form_errors(hash_submitted(&form.password).await)? {
        Ok(hash) => hash,
        Err(errors) => {
            return form_page(&req, StatusCode::UNPROCESSABLE_ENTITY, None, &form, &errors);
        }
    };
    let result = state
        .db
        .write(move |c| people::create(c, me.org_id, &input, hash.as_deref()))
        .await;
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
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let (person, teams) = state
        .db
        .run(move |c| -> crate::domain::Result<_> {
            Ok((
                people::find(c, me.org_id, id)?,
                teams::teams_of(c, me.org_id, id)?,
            ))
        })
        .await?;
    page(
        &req,
        "people/show.html",
        context!("person" => person, "teams" => teams),
    )
}

pub async fn edit_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    Leader(me): Leader,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let person = state
        .db
        .run(move |c| people::find(c, me.org_id, id))
        .await?;
    let form = PersonForm {
        name: person.row.name,
        email: person.row.email,
        locale: person.row.locale,
        roles: person.roles.iter().map(|r| r.as_str().to_owned()).collect(),
        password: String::new(),
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
    Leader(me): Leader,
    id: web::Path<i32>,
    Form(form): Form<PersonForm>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let input = form.input();
    if id == me.person_id && !input.roles.contains(&Role::Leader) {
        let errors = FieldErrors(vec![crate::domain::FieldError {
            field: "roles",
            key: "field-keep-own-leader",
        }]);
        return form_page(
            &req,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some(id),
            &form,
            &errors,
        );
    }
    let hash = match form_errors(hash_submitted(&form.password).await)? {
        Ok(hash) => hash,
        Err(errors) => {
            return form_page(
                &req,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(id),
                &form,
                &errors,
            );
        }
    };
    let result = state
        .db
        .write(move |c| {
            let person = people::update(c, me.org_id, id, &input)?;
            if let Some(hash) = &hash {
                people::set_password_hash(c, me.org_id, id, hash)?;
                // Whoever knew the old password is signed out. A leader changing their own
                // password keeps their sessions, the one in use included.
                if id != me.person_id {
                    auth::end_sessions_of(c, id)?;
                }
            }
            Ok::<_, crate::domain::Error>(person)
        })
        .await;
    match form_errors(result)? {
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
    Leader(me): Leader,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let person = state
        .db
        .run(move |c| people::find(c, me.org_id, id))
        .await?;
    page(&req, "people/deactivate.html", context!("person" => person))
}

async fn set_active(
    req: &HttpRequest,
    state: &AppState,
    me: auth::Identity,
    id: i32,
    active: bool,
) -> Result<HttpResponse, AppError> {
    if id == me.person_id && !active {
        return Err(AppError::BadRequest("error-deactivate-self"));
    }
    state
        .db
        .write(move |c| people::set_active(c, me.org_id, id, active))
        .await?;
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
    Leader(me): Leader,
    id: web::Path<i32>,
    Form(_): Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    set_active(&req, &state, me, id.into_inner(), false).await
}

pub async fn activate(
    req: HttpRequest,
    state: web::Data<AppState>,
    Leader(me): Leader,
    id: web::Path<i32>,
    Form(_): Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    set_active(&req, &state, me, id.into_inner(), true).await
}
