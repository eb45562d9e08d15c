//! Editing a survey's questions (leaders): add, edit, reorder, delete — until the first
//! invitation goes out.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::{MoveForm, errors_value, save_form};
use crate::context;
use crate::domain::FieldErrors;
use crate::domain::surveys::{self, QuestionInput, QuestionKind};
use crate::web::AppState;
use crate::web::auth::Leader;
use crate::web::errors::AppError;
use crate::web::forms::Form;
use crate::web::render::{Flash, page_with_status, redirect_with};

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct QuestionForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    prompt: String,
    #[serde(default)]
    options: String,
    #[serde(default)]
    required: Option<String>,
}

impl QuestionForm {
    fn input(&self) -> Result<QuestionInput, FieldErrors> {
        let kind = QuestionKind::parse(&self.kind).ok_or_else(|| {
            FieldErrors(vec![crate::domain::FieldError {
                field: "kind",
                key: "field-kind-invalid",
            }])
        })?;
        Ok(QuestionInput {
            kind,
            prompt: self.prompt.clone(),
            options: self.options.clone(),
            required: self.required.is_some(),
        })
    }
}

async fn question_page(
    req: &HttpRequest,
    state: &AppState,
    org_id: i32,
    (survey_id, question_id): (i32, Option<i32>),
    status: StatusCode,
    form: &QuestionForm,
    errors: &FieldErrors,
) -> Result<HttpResponse, AppError> {
    let survey = state
        .db
        .run(move |c| surveys::find(c, org_id, survey_id))
        .await?;
    page_with_status(
        req,
        status,
        "surveys/question_form.html",
        context!(
            "survey" => survey,
            "question_id" => question_id,
            "form" => form,
            "kinds" => QuestionKind::ALL.map(QuestionKind::as_str),
            "errors" => errors_value(errors),
        ),
    )
}

async fn save_question(
    req: HttpRequest,
    state: web::Data<AppState>,
    org_id: i32,
    (survey_id, question_id): (i32, Option<i32>),
    form: QuestionForm,
) -> Result<HttpResponse, AppError> {
    let target = (survey_id, question_id);
    let saved = save_form(&state, form.input(), move |c, input| match question_id {
        Some(q) => surveys::update_question(c, org_id, survey_id, q, &input),
        None => surveys::add_question(c, org_id, survey_id, &input).map(|_| ()),
    })
    .await?;
    match saved {
        Ok(()) => Ok(redirect_with(
            &req,
            &format!("/surveys/{survey_id}"),
            Flash::success("flash-question-saved"),
        )),
        Err(errors) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            question_page(&req, &state, org_id, target, status, &form, &errors).await
        }
    }
}

pub async fn add_question(
    req: HttpRequest,
    state: web::Data<AppState>,
    Leader(me): Leader,
    id: web::Path<i32>,
    Form(form): Form<QuestionForm>,
) -> Result<HttpResponse, AppError> {
    save_question(req, state, me.org_id, (id.into_inner(), None), form).await
}

pub async fn edit_question_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    Leader(me): Leader,
    path: web::Path<(i32, i32)>,
) -> Result<HttpResponse, AppError> {
    let ((survey_id, question_id), org_id) = (path.into_inner(), me.org_id);
    let q = state
        .db
        .run(move |c| surveys::question(c, org_id, survey_id, question_id))
        .await?;
    let form = QuestionForm {
        kind: q.kind,
        prompt: q.prompt,
        options: q.options,
        required: q.required.then(|| "on".into()),
    };
    question_page(
        &req,
        &state,
        org_id,
        (survey_id, Some(question_id)),
        StatusCode::OK,
        &form,
        &FieldErrors::default(),
    )
    .await
}

pub async fn update_question(
    req: HttpRequest,
    state: web::Data<AppState>,
    Leader(me): Leader,
    path: web::Path<(i32, i32)>,
    Form(form): Form<QuestionForm>,
) -> Result<HttpResponse, AppError> {
    let (survey_id, question_id) = path.into_inner();
    save_question(req, state, me.org_id, (survey_id, Some(question_id)), form).await
}

pub async fn move_question(
    req: HttpRequest,
    state: web::Data<AppState>,
    Leader(me): Leader,
    path: web::Path<(i32, i32)>,
    Form(form): Form<MoveForm>,
) -> Result<HttpResponse, AppError> {
    let ((survey_id, question_id), org_id) = (path.into_inner(), me.org_id);
    let up = form.up()?;
    state
        .db
        .write(move |c| surveys::move_question(c, org_id, survey_id, question_id, up))
        .await?;
    Ok(redirect_with(
        &req,
        &format!("/surveys/{survey_id}"),
        Flash::success("flash-question-moved"),
    ))
}

pub async fn delete_question(
    req: HttpRequest,
    state: web::Data<AppState>,
    Leader(me): Leader,
    path: web::Path<(i32, i32)>,
    Form(_): Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    let ((survey_id, question_id), org_id) = (path.into_inner(), me.org_id);
    state
        .db
        .write(move |c| surveys::delete_question(c, org_id, survey_id, question_id))
        .await?;
    Ok(redirect_with(
        &req,
        &format!("/surveys/{survey_id}"),
        Flash::success("flash-question-deleted"),
    ))
}
