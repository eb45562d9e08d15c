//! Key results on their forms: adding, changing and archiving them, by whoever may change
//! the objective's team's OKRs.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::editor::{At, Cx, Done, Editor, Page, Saved, Target};
use super::okrs::ArchiveForm;
use super::submit;
use crate::app::okrs as app;
use crate::context;
use crate::domain::FieldErrors;
use crate::domain::ids::{KeyResultId, ObjectiveId};
use crate::domain::okrs::{KeyResult, KeyResultInput, KrKind};
use crate::web::AppState;
use crate::web::auth::Auth;
use crate::web::errors::AppError;
use crate::web::forms::{Form, optional_id, parse_number};
use crate::web::render::{Flash, redirect_with};

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

/// The key result form: add one to an objective, and edit (see [`Editor`]).
pub struct KeyResultEditor;

impl Editor for KeyResultEditor {
    type Parent = ObjectiveId;
    type Id = KeyResultId;
    type Form = KeyResultForm;

    async fn blank(cx: &Cx<'_>, objective: ObjectiveId) -> Result<KeyResultForm, AppError> {
        app::editable(&cx.state.db, cx.me, objective).await?;
        Ok(KeyResultForm {
            kind: KrKind::Number.code().into(),
            ..KeyResultForm::default()
        })
    }

    async fn current(cx: &Cx<'_>, id: KeyResultId) -> Result<KeyResultForm, AppError> {
        let (_, kr) = app::key_results::editable(&cx.state.db, cx.me, id).await?;
        Ok(KeyResultForm::of(&kr))
    }

    /// Only to someone who may change the objective.
    async fn page(cx: &Cx<'_>, at: Target<Self>, form: &KeyResultForm) -> Page {
        let objective = match at {
            At::New(objective) => app::editable(&cx.state.db, cx.me, objective).await?,
            At::Existing(id) => app::key_results::editable(&cx.state.db, cx.me, id).await?.0,
        };
        let kinds: Vec<&str> = KrKind::ALL.iter().map(|k| k.code()).collect();
        Ok((
            "okrs/key_result_form.html",
            context!(
                "id" => at.id(),
                "objective" => objective,
                "form" => form,
                "kinds" => kinds,
                "owners" => app::key_results::owners(&cx.state.db, cx.me, objective.team_id).await?,
            ),
        ))
    }

    async fn save(cx: &Cx<'_>, at: Target<Self>, form: &KeyResultForm) -> Saved {
        let db = &cx.state.db;
        let saved = submit(form.input(), |i| async move {
            match at {
                At::New(objective) => app::key_results::create(db, cx.me, objective, i).await,
                At::Existing(id) => {
                    let change = app::key_results::Change::all(i);
                    app::key_results::update(db, cx.me, id, change).await
                }
            }
        })
        .await?;
        Ok(saved.map(|kr| Done {
            to: format!("/okrs/objectives/{}", kr.objective_id),
            flash: Flash::success("flash-key-result-saved").arg("name", kr.title),
        }))
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
