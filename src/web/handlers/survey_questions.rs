//! Editing a survey's questions (leaders): add, edit, reorder, delete — until the first
//! invitation goes out.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::{MoveForm, errors_value, submit};
use crate::app::surveys::{self as surveys_app, questions as app};
use crate::context;
use crate::domain::FieldErrors;
use crate::domain::identity::Identity;
use crate::domain::ids::{QuestionId, SurveyId};
use crate::domain::surveys::{QuestionInput, QuestionKind};
use crate::web::AppState;
use crate::web::auth::Auth;
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
    me: &Identity,
    (survey_id, question_id): (SurveyId, Option<QuestionId>),
    status: StatusCode,
    form: &QuestionForm,
    errors: &FieldErrors,
) -> Result<HttpResponse, AppError> {
    let survey = surveys_app::editable(&state.db, me, survey_id).await?;
    page_with_status(
        req,
        status,
        "surveys/question_form.html",
        context!(
            "survey" => survey,
            "question_id" => question_id,
            "form" => form,
            "kinds" => QuestionKind::ALL.map(QuestionKind::code),
            "errors" => errors_value(errors),
        ),
    )
}

async fn save_question(
    req: HttpRequest,
    state: web::Data<AppState>,
    me: Identity,
    (survey_id, question_id): (SurveyId, Option<QuestionId>),
    form: QuestionForm,
) -> Result<HttpResponse, AppError> {
    let target = (survey_id, question_id);
    let saved = submit(form.input(), |i| app::save(&state.db, &me, target, i)).await?;
    match saved {
        Ok(()) => Ok(redirect_with(
            &req,
            &format!("/surveys/{survey_id}"),
            Flash::success("flash-question-saved"),
        )),
        Err(errors) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            question_page(&req, &state, &me, target, status, &form, &errors).await
        }
    }
}

pub async fn add_question(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<SurveyId>,
    Form(form): Form<QuestionForm>,
) -> Result<HttpResponse, AppError> {
    save_question(req, state, me, (id.into_inner(), None), form).await
}

pub async fn edit_question_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    path: web::Path<(SurveyId, QuestionId)>,
) -> Result<HttpResponse, AppError> {
    let (survey_id, question_id) = path.into_inner();
    let q = app::editable(&state.db, &me, survey_id, question_id).await?;
    let form = QuestionForm {
        kind: q.kind.code().to_owned(),
        prompt: q.prompt,
        options: q.options,
        required: q.required.then(|| "on".into()),
    };
    question_page(
        &req,
        &state,
        &me,
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
    Auth(me): Auth,
    path: web::Path<(SurveyId, QuestionId)>,
    Form(form): Form<QuestionForm>,
) -> Result<HttpResponse, AppError> {
    let (survey_id, question_id) = path.into_inner();
    save_question(req, state, me, (survey_id, Some(question_id)), form).await
}

pub async fn move_question(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    path: web::Path<(SurveyId, QuestionId)>,
    Form(form): Form<MoveForm>,
) -> Result<HttpResponse, AppError> {
    let (survey_id, question_id) = path.into_inner();
    let up = form.up()?;
    app::move_question(&state.db, &me, survey_id, question_id, up).await?;
    Ok(redirect_with(
        &req,
        &format!("/surveys/{survey_id}"),
        Flash::success("flash-question-moved"),
    ))
}

pub async fn delete_question(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    path: web::Path<(SurveyId, QuestionId)>,
    Form(_): Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    let (survey_id, question_id) = path.into_inner();
    app::delete(&state.db, &me, survey_id, question_id).await?;
    Ok(redirect_with(
        &req,
        &format!("/surveys/{survey_id}"),
        Flash::success("flash-question-deleted"),
    ))
}
