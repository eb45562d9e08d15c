//! CSV import of people: upload or paste, preview with per-row problems, then import all.

use crate::app::invites::FromFile;
use actix_multipart::form::MultipartForm;
use actix_multipart::form::bytes::Bytes as FileBytes;
use actix_multipart::form::text::Text;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use crate::app::import::{self as app, Imported};
use crate::context;
use crate::domain::import::ImportPlan;
use crate::web::AppState;
use crate::web::auth::Leader;
use crate::web::errors::AppError;
use crate::web::forms::{Form, check_csrf};
use crate::web::render::{Flash, page, page_with_status, redirect_with};

pub async fn form(req: HttpRequest, _: Leader) -> Result<HttpResponse, AppError> {
    page(&req, "people/import.html", context!("text" => ""))
}

#[derive(MultipartForm)]
pub struct Upload {
    csrf_token: Text<String>,
    #[multipart(limit = "2MB")]
    file: Option<FileBytes>,
    text: Option<Text<String>>,
}

fn preview_page(
    req: &HttpRequest,
    status: StatusCode,
    text: &str,
    plan: &ImportPlan,
) -> Result<HttpResponse, AppError> {
    page_with_status(
        req,
        status,
        "people/import_preview.html",
        context!(
            "plan" => plan,
            "text" => text,
            "clean" => plan.is_clean(),
            "error_rows" => plan.error_rows(),
            "row_count" => plan.rows.len(),
        ),
    )
}

pub async fn preview(
    req: HttpRequest,
    state: web::Data<AppState>,
    // The role is checked before the upload is read (the use case checks it again).
    Leader(me): Leader,
    MultipartForm(upload): MultipartForm<Upload>,
) -> Result<HttpResponse, AppError> {
    check_csrf(&req, &upload.csrf_token)?;
    let text = match upload.file.filter(|f| !f.data.is_empty()) {
        Some(file) => String::from_utf8(file.data.to_vec())
            .map_err(|_| AppError::BadRequest("import-error-encoding"))?,
        None => upload.text.map(|t| t.into_inner()).unwrap_or_default(),
    };
    if text.trim().is_empty() {
        return page_with_status(
            &req,
            StatusCode::UNPROCESSABLE_ENTITY,
            "people/import.html",
            context!("text" => "", "error" => "import-error-empty"),
        );
    }
    let plan = app::preview(&state.db, &me, text.clone()).await?;
    let status = if plan.is_clean() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    preview_page(&req, status, &text, &plan)
}

#[derive(Deserialize)]
pub struct Confirm {
    text: String,
    /// `invite`: invite the new people by email instead of adding them.
    #[serde(default)]
    mode: String,
}

pub async fn apply(
    req: HttpRequest,
    state: web::Data<AppState>,
    Leader(me): Leader,
    Form(form): Form<Confirm>,
) -> Result<HttpResponse, AppError> {
    if form.mode == "invite" {
        let mail = state.mail_composer();
        let done = crate::app::invites::from_file(&state.db, &me, form.text.clone(), mail);
        return match done.await? {
            FromFile::Sent(sent, members) => {
                state.mail.kick();
                Ok(redirect_with(
                    &req,
                    "/people/invites",
                    Flash::success("flash-invites-sent")
                        .arg("sent", sent)
                        .arg("members", members),
                ))
            }
            FromFile::Changed(plan) => {
                preview_page(&req, StatusCode::UNPROCESSABLE_ENTITY, &form.text, &plan)
            }
        };
    }
    match app::apply(&state.db, &me, form.text.clone()).await? {
        Imported::Done(summary) => Ok(redirect_with(
            &req,
            "/people",
            Flash::success("flash-imported")
                .arg("created", summary.created)
                .arg("updated", summary.updated)
                .arg("teams", summary.teams_created),
        )),
        Imported::Changed(plan) => {
            preview_page(&req, StatusCode::UNPROCESSABLE_ENTITY, &form.text, &plan)
        }
    }
}
