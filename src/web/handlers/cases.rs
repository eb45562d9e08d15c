//! OKR basics and practice cases: the basics page, the list of cases, a case with its model
//! answer behind a "show" button, leaders' forms for the organisation's own cases, and the
//! read-only JSON API (`/api/v1/cases`).

use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::LangQuery;
use super::editor::{self, At, Cx, Done, Editor, Page, Saved, Target};
use super::submit;
use crate::app::cases as app;
use crate::context;
use crate::domain::cases::{self, Case, CaseInput, CaseRef, CustomCase};
use crate::domain::ids::CaseId;
use crate::domain::{FieldErrors, Locale};
use crate::web::AppState;
use crate::web::auth::{ApiAuth, Auth, Leader};
use crate::web::errors::AppError;
use crate::web::forms::Form;
use crate::web::render::{Flash, locale, page, redirect_with};

/// `GET /basics`: what OKRs are and how the meetings work, in the reader's language.
pub async fn basics(req: HttpRequest, Auth(_): Auth) -> Result<HttpResponse, AppError> {
    let template = match locale(&req) {
        Locale::En => "basics/en.html",
        Locale::Nb => "basics/nb.html",
    };
    page(&req, template, context!())
}

/// A case in a list.
#[derive(Serialize)]
struct Card {
    title: String,
    summary: String,
    url: String,
    locale: Locale,
}

fn url_of(case: &Case) -> String {
    match case.case_ref {
        CaseRef::Builtin(key) => format!("/cases/{key}"),
        CaseRef::Custom(id) => format!("/cases/custom/{id}"),
    }
}

impl From<&Case> for Card {
    fn from(case: &Case) -> Card {
        Card {
            title: case.title.clone(),
            summary: case.summary(),
            url: url_of(case),
            locale: case.locale,
        }
    }
}

/// `GET /cases`: the built-in cases and the organisation's own.
pub async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
) -> Result<HttpResponse, AppError> {
    let builtin: Vec<Card> = cases::builtin_cases(locale(&req))
        .iter()
        .map(Card::from)
        .collect();
    let own: Vec<Card> = app::own(&state.db, &me)
        .await?
        .iter()
        .map(Card::from)
        .collect();
    page(
        &req,
        "cases/list.html",
        context!("builtin" => builtin, "own" => own),
    )
}

fn show_page(req: &HttpRequest, case: &Case) -> Result<HttpResponse, AppError> {
    page(req, "cases/show.html", context!("case" => case))
}

/// `GET /cases/{key}`: a built-in case in the reader's language.
pub async fn show_builtin(
    req: HttpRequest,
    Auth(_): Auth,
    key: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let case = cases::builtin(&key)
        .ok_or(AppError::NotFound)?
        .case(locale(&req));
    show_page(&req, &case)
}

/// `GET /cases/custom/{id}`: one of the organisation's own cases (archived ones too, with a
/// note, since workshops may link to them).
pub async fn show_custom(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<CaseId>,
) -> Result<HttpResponse, AppError> {
    let case_ref = CaseRef::Custom(id.into_inner());
    let reader = locale(&req);
    let case = app::find(&state.db, &me, case_ref, reader).await?;
    show_page(&req, &case)
}

/// The case form as submitted.
#[derive(Debug, Default, Deserialize)]
pub struct CaseForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    situation: String,
    #[serde(default)]
    model_answer: String,
    #[serde(default)]
    locale: String,
}

impl CaseForm {
    fn from_case(case: CustomCase) -> CaseForm {
        CaseForm {
            title: case.title,
            situation: case.situation,
            model_answer: case.model_answer,
            locale: case.locale,
        }
    }

    /// The domain input, or the problems with the form (all of them, not just the language).
    fn input(&self) -> Result<CaseInput, FieldErrors> {
        let locale = Locale::parse(&self.locale);
        let input = CaseInput {
            title: self.title.clone(),
            situation: self.situation.clone(),
            model_answer: self.model_answer.clone(),
            locale: locale.unwrap_or_default(),
        };
        let mut errors = input.validate();
        if locale.is_none() {
            errors.add("locale", "field-case-locale-invalid");
        }
        if errors.is_empty() {
            Ok(input)
        } else {
            Err(errors)
        }
    }
}

/// A leader's form for the organisation's own cases: create and edit (see [`Editor`]).
pub struct CaseEditor;

impl Editor for CaseEditor {
    type Parent = ();
    type Id = CaseId;
    type Form = CaseForm;

    async fn blank(_: &Cx<'_>, (): ()) -> Result<CaseForm, AppError> {
        Ok(CaseForm::default())
    }

    async fn current(cx: &Cx<'_>, id: CaseId) -> Result<CaseForm, AppError> {
        let case = app::editable(&cx.state.db, cx.me, id).await?;
        Ok(CaseForm::from_case(case))
    }

    async fn page(cx: &Cx<'_>, at: Target<Self>, form: &CaseForm) -> Page {
        let id = at.id();
        let case_locale = match Locale::parse(&form.locale) {
            Some(l) => l.code(),
            None if form.locale.is_empty() => locale(cx.req).code(),
            None => "",
        };
        Ok((
            "cases/form.html",
            context!(
                "id" => id,
                "title" => form.title,
                "situation" => form.situation,
                "model_answer" => form.model_answer,
                "case_locale" => case_locale,
                "title_max" => cases::TITLE_MAX,
                "text_max" => cases::TEXT_MAX,
            ),
        ))
    }

    async fn save(cx: &Cx<'_>, at: Target<Self>, form: &CaseForm) -> Saved {
        let id = at.id();
        let input = form.input();
        if let (Some(id), Err(_)) = (id, &input) {
            // Someone else's (or an archived) case is not there, whatever the form says.
            app::editable(&cx.state.db, cx.me, id).await?;
        }
        let saved = submit(input, |i| app::save(&cx.state.db, cx.me, id, i)).await?;
        Ok(saved.map(|case| Done {
            to: format!("/cases/custom/{}", case.id),
            flash: Flash::success("flash-case-saved").arg("name", case.title),
        }))
    }
}

/// `GET /cases/new`: the role first (only leaders keep their own cases).
pub async fn new_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    Leader(me): Leader,
) -> Result<HttpResponse, AppError> {
    let cx = Cx {
        req: &req,
        state: &state,
        me: &me,
    };
    editor::show::<CaseEditor>(&cx, At::New(()), &CaseForm::default()).await
}

/// `GET /cases/custom/{id}/archive`: asks before archiving.
pub async fn confirm_archive(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<CaseId>,
) -> Result<HttpResponse, AppError> {
    let case = app::editable(&state.db, &me, id.into_inner()).await?;
    page(&req, "cases/archive.html", context!("case" => case))
}

/// `POST /cases/custom/{id}/archive`
pub async fn archive(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<CaseId>,
    Form(_): Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    let case = app::archive(&state.db, &me, id.into_inner()).await?;
    Ok(redirect_with(
        &req,
        "/cases",
        Flash::success("flash-case-archived").arg("name", case.title),
    ))
}

// ----- JSON API -------------------------------------------------------------------------------

/// `GET /api/v1/cases`: the built-in cases and the organisation's active own cases.
#[utoipa::path(get, path = "/api/v1/cases", tag = "cases", params(LangQuery),
    responses((status = 200, description = "The cases", body = Vec<Case>)))]
pub async fn api_list(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
    query: web::Query<LangQuery>,
) -> Result<web::Json<Vec<Case>>, AppError> {
    let locale = query.locale(&me)?;
    Ok(web::Json(app::list(&state.db, &me, locale).await?))
}

/// `GET /api/v1/cases/{ref}` with `ref` like `builtin:bakery` or `custom:12`.
#[utoipa::path(get, path = "/api/v1/cases/{ref}", tag = "cases",
    params(("ref" = String, Path, description = "`builtin:<key>` or `custom:<id>`"), LangQuery),
    responses((status = 200, description = "The case", body = Case)))]
pub async fn api_get(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
    case_ref: web::Path<String>,
    query: web::Query<LangQuery>,
) -> Result<web::Json<Case>, AppError> {
    let locale = query.locale(&me)?;
    let case_ref = CaseRef::parse(&case_ref).ok_or(AppError::NotFound)?;
    Ok(web::Json(
        app::find(&state.db, &me, case_ref, locale).await?,
    ))
}
