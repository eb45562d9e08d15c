//! Key results on their forms: adding, changing and archiving them, by whoever may change
//! the objective's team's OKRs.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::okrs::ArchiveForm;
use super::{errors_value, submit};
use crate::app::okrs as app;
use crate::context;
use crate::domain::FieldErrors;
use crate::domain::identity::Identity;
use crate::domain::ids::{KeyResultId, ObjectiveId};
use crate::domain::okrs::{KeyResult, KeyResultInput, KrKind, Objective};
use crate::web::AppState;
use crate::web::auth::Auth;
use crate::web::errors::AppError;
use crate::web::forms::{Form, optional_id, parse_number};
use crate::web::render::{Flash, page_with_status, redirect_with};

/// The key result form as submitted.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct KeyResultForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    start: String,
    #[serde(default)]
    target: String,
    #[serde(default)]
    owner_id: String,
}

impl KeyResultForm {
    fn input(&self) -> Result<KeyResultInput, FieldErrors> {
        let mut errors = FieldErrors::default();
        let kind = KrKind::parse(self.kind.trim()).unwrap_or_else(|| {
            errors.add("kind", "field-kr-kind-invalid");
            KrKind::Number
        });
        let mut number = |field: &'static str, text: &str| {
            if kind == KrKind::YesNo {
                return 0.0;
            }
            parse_number(text).unwrap_or_else(|| {
                errors.add(field, "field-decimal-invalid");
                0.0
            })
        };
        let start = number("start", &self.start);
        let target = number("target", &self.target);
        let owner_id = optional_id(&mut errors, "owner_id", &self.owner_id);
        let input = KeyResultInput {
            title: self.title.clone(),
            kind,
            unit: self.unit.clone(),
            start,
            target,
            owner_id,
        };
        if errors.is_empty() {
            errors = input.validate();
        }
        if errors.is_empty() {
            Ok(input)
        } else {
            Err(errors)
        }
    }

    fn of(kr: &KeyResult) -> KeyResultForm {
        KeyResultForm {
            title: kr.title.clone(),
            kind: kr.kind.code().to_owned(),
            unit: kr.unit.clone(),
            start: kr.start_value.to_string(),
            target: kr.target_value.to_string(),
            owner_id: kr.owner_id.map(|id| id.to_string()).unwrap_or_default(),
        }
    }
}

#[allow(clippy::too_many_arguments)]
async fn key_result_page(
    req: &HttpRequest,
    state: &AppState,
    me: &Identity,
    status: StatusCode,
    objective: &Objective,
    id: Option<KeyResultId>,
    form: &KeyResultForm,
    errors: &FieldErrors,
) -> Result<HttpResponse, AppError> {
    let kinds: Vec<&str> = KrKind::ALL.iter().map(|k| k.code()).collect();
    page_with_status(
        req,
        status,
        "okrs/key_result_form.html",
        context!(
            "id" => id,
            "objective" => objective,
            "form" => form,
            "kinds" => kinds,
            "owners" => app::key_results::owners(&state.db, me, objective.team_id).await?,
            "errors" => errors_value(errors),
        ),
    )
}

/// `GET /okrs/objectives/{id}/key-results/new`
pub async fn new_key_result(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<ObjectiveId>,
) -> Result<HttpResponse, AppError> {
    let objective = app::editable(&state.db, &me, id.into_inner()).await?;
    let form = KeyResultForm {
        kind: KrKind::Number.code().into(),
        ..KeyResultForm::default()
    };
    let no_errors = FieldErrors::default();
    key_result_page(
        &req,
        &state,
        &me,
        StatusCode::OK,
        &objective,
        None,
        &form,
        &no_errors,
    )
    .await
}

/// `POST /okrs/objectives/{id}/key-results`
pub async fn create_key_result(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<ObjectiveId>,
    Form(form): Form<KeyResultForm>,
) -> Result<HttpResponse, AppError> {
    let oid = id.into_inner();
    let create = |i| app::key_results::create(&state.db, &me, oid, i);
    match submit(form.input(), create).await? {
        Ok(kr) => Ok(redirect_with(
            &req,
            &format!("/okrs/objectives/{oid}"),
            Flash::success("flash-key-result-saved").arg("name", kr.title),
        )),
        Err(errors) => {
            // The form comes back only to someone who may change the objective.
            let objective = app::editable(&state.db, &me, oid).await?;
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            key_result_page(&req, &state, &me, status, &objective, None, &form, &errors).await
        }
    }
}

/// `GET /okrs/key-results/{id}/edit`
pub async fn edit_key_result(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<KeyResultId>,
) -> Result<HttpResponse, AppError> {
    let (objective, kr) = app::key_results::editable(&state.db, &me, id.into_inner()).await?;
    let form = KeyResultForm::of(&kr);
    let no_errors = FieldErrors::default();
    let ok = StatusCode::OK;
    key_result_page(
        &req,
        &state,
        &me,
        ok,
        &objective,
        Some(kr.id),
        &form,
        &no_errors,
    )
    .await
}

/// `POST /okrs/key-results/{id}`
pub async fn update_key_result(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<KeyResultId>,
    Form(form): Form<KeyResultForm>,
) -> Result<HttpResponse, AppError> {
    let kid = id.into_inner();
    let change =
        |i| app::key_results::update(&state.db, &me, kid, app::key_results::Change::all(i));
    match submit(form.input(), change).await? {
        Ok(kr) => Ok(redirect_with(
            &req,
            &format!("/okrs/objectives/{}", kr.objective_id),
            Flash::success("flash-key-result-saved").arg("name", kr.title),
        )),
        Err(errors) => {
            // The form comes back only to someone who may change the key result.
            let (objective, _) = app::key_results::editable(&state.db, &me, kid).await?;
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            key_result_page(
                &req,
                &state,
                &me,
                status,
                &objective,
                Some(kid),
                &form,
                &errors,
            )
            .await
        }
    }
}

/// `POST /okrs/key-results/{id}/archive` (or restore with `restore=1`).
pub async fn archive_key_result(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<KeyResultId>,
    Form(form): Form<ArchiveForm>,
) -> Result<HttpResponse, AppError> {
    let archive = form.restore.is_none();
    let kr = app::key_results::set_archived(&state.db, &me, id.into_inner(), archive).await?;
    let key = if archive {
        "flash-key-result-archived"
    } else {
        "flash-key-result-restored"
    };
    Ok(redirect_with(
        &req,
        &format!("/okrs/objectives/{}", kr.objective_id),
        Flash::success(key).arg("name", kr.title),
    ))
}
