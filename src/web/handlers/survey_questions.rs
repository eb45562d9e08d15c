//! Editing a survey's questions (leaders): add, edit, reorder, delete — until the first
//! invitation goes out.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::editor::{At, Cx, Done, Editor, Page, Saved, Target};
use super::{MoveForm, submit};
use crate::app::surveys::{self as surveys_app, questions as app};
use crate::context;
use crate::domain::FieldErrors;
use crate::domain::ids::{QuestionId, SurveyId};
use crate::domain::surveys::{QuestionInput, QuestionKind};
use crate::web::AppState;
use crate::web::auth::Auth;
use crate::web::errors::AppError;
use crate::web::forms::Form;
use crate::web::render::{Flash, redirect_with};

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

/// A survey's question form: add one (the survey's page holds the blank form), and edit (see
/// [`Editor`]).
pub struct QuestionEditor;

impl Editor for QuestionEditor {
    type Parent = SurveyId;
    type Id = (SurveyId, QuestionId);
    type Form = QuestionForm;

    async fn blank(_: &Cx<'_>, _: SurveyId) -> Result<QuestionForm, AppError> {
        Ok(QuestionForm::default())
    }

    async fn current(
        cx: &Cx<'_>,
        (survey_id, question_id): (SurveyId, QuestionId),
    ) -> Result<QuestionForm, AppError> {
        let q = app::editable(&cx.state.db, cx.me, survey_id, question_id).await?;
        Ok(QuestionForm {
            kind: q.kind.code().to_owned(),
            prompt: q.prompt,
            options: q.options,
            required: q.required.then(|| "on".into()),
        })
    }

    async fn page(cx: &Cx<'_>, at: Target<Self>, form: &QuestionForm) -> Page {
        let (survey_id, question_id) = target(at);
        let survey = surveys_app::editable(&cx.state.db, cx.me, survey_id).await?;
        Ok((
            "surveys/question_form.html",
            context!(
                "survey" => survey,
                "question_id" => question_id,
                "form" => form,
                "kinds" => QuestionKind::ALL.map(QuestionKind::code),
            ),
        ))
    }

    async fn save(cx: &Cx<'_>, at: Target<Self>, form: &QuestionForm) -> Saved {
        let target = target(at);
        let saved = submit(form.input(), |i| app::save(&cx.state.db, cx.me, target, i)).await?;
        Ok(saved.map(|()| Done {
            to: format!("/surveys/{}", target.0),
            flash: Flash::success("flash-question-saved"),
        }))
    }
}

/// The survey, and the question unless it is a new one.
fn target(at: Target<QuestionEditor>) -> (SurveyId, Option<QuestionId>) {
    match at {
        At::New(survey_id) => (survey_id, None),
        At::Existing((survey_id, question_id)) => (survey_id, Some(question_id)),
    }
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
