//! Check-ins: "my check-ins this week" — every key result the person owns on one page with
//! one "save all" — and a key result's own page with its history (a sparkline and the notes)
//! and a check-in form for anyone who may change the team's OKRs.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::{errors_value, submit};
use crate::app::okrs::check_ins as app;
use crate::context;
use crate::domain::FieldErrors;
use crate::domain::identity::Identity;
use crate::domain::ids::KeyResultId;
use crate::domain::okrs::check_ins::{self, CheckInInput, Confidence, Owned};
use crate::web::AppState;
use crate::web::auth::Auth;
use crate::web::charts::sparkline;
use crate::web::errors::AppError;
use crate::web::forms::Form;
use crate::web::forms::parse_number;
use crate::web::render::{Flash, page_with_status, redirect_with};

fn confidences() -> Vec<&'static str> {
    Confidence::ALL.iter().map(|c| c.code()).collect()
}

/// The weekly form as submitted: one row per key result, as parallel lists, and the key
/// results whose unusual value the person confirmed.
#[derive(Debug, Default, Deserialize)]
pub struct WeekForm {
    #[serde(default)]
    kr: Vec<KeyResultId>,
    #[serde(default)]
    value: Vec<String>,
    #[serde(default)]
    confidence: Vec<String>,
    #[serde(default)]
    note: Vec<String>,
    #[serde(default)]
    sure: Vec<KeyResultId>,
}

/// What a row shows again after a refused save: what was typed, and a problem beside the
/// field it is about.
#[derive(Debug, Default, Clone, Serialize)]
pub(super) struct RowInput {
    value: String,
    confidence: String,
    note: String,
    value_error: Option<&'static str>,
    confidence_error: Option<&'static str>,
    note_error: Option<&'static str>,
    /// The value is far outside the key result's range: saved only once confirmed.
    unsure: bool,
}

impl RowInput {
    fn refused(&self) -> bool {
        self.value_error.is_some()
            || self.confidence_error.is_some()
            || self.note_error.is_some()
            || self.unsure
    }
}

impl WeekForm {
    /// The check-ins to record (rows without a new value or a note are skipped) and the rows
    /// as typed, with their problems. `owned` are the person's key results, for the
    /// plausibility check.
    fn parse(&self, owned: &[Owned]) -> (Vec<CheckInInput>, BTreeMap<KeyResultId, RowInput>) {
        let at = |v: &Vec<String>, i: usize| v.get(i).cloned().unwrap_or_default();
        let mut inputs = Vec::new();
        let mut rows = BTreeMap::new();
        for (i, kr) in self.kr.iter().enumerate() {
            let mut row = RowInput {
                value: at(&self.value, i),
                confidence: at(&self.confidence, i),
                note: at(&self.note, i),
                ..RowInput::default()
            };
            if row.value.trim().is_empty() {
                // A note is saved with a value; keep it, and ask for the value.
                if !row.note.trim().is_empty() {
                    row.value_error = Some("field-check-in-note-needs-value");
                }
                rows.insert(*kr, row);
                continue;
            }
            let value = parse_number(&row.value);
            let confidence = Confidence::parse(row.confidence.trim());
            row.value_error = value.is_none().then_some("field-decimal-invalid");
            row.confidence_error = confidence.is_none().then_some("field-confidence-invalid");
            if let (Some(value), Some(confidence)) = (value, confidence) {
                let input = CheckInInput {
                    key_result_id: *kr,
                    value,
                    confidence,
                    note: row.note.clone(),
                };
                for e in input.validate().0 {
                    match e.field {
                        "note" => row.note_error = Some(e.key),
                        _ => row.value_error = Some(e.key),
                    }
                }
                row.unsure = !self.sure.contains(kr)
                    && owned
                        .iter()
                        .find(|o| o.key_result.id == *kr)
                        .is_some_and(|o| check_ins::implausible(&o.key_result, value));
                inputs.push(input);
            }
            rows.insert(*kr, row);
        }
        (inputs, rows)
    }
}

/// Where the week's form is: the signed-in page, or a personal link's (`/c/{token}`).
#[derive(Debug, Clone, Copy)]
pub(super) enum Via<'a> {
    Session,
    Link(&'a str),
}

impl Via<'_> {
    fn path(self) -> String {
        match self {
            Via::Session => "/check-ins".into(),
            Via::Link(token) => format!("/c/{token}"),
        }
    }
}

pub(super) async fn week_page(
    req: &HttpRequest,
    state: &AppState,
    (me, via): (&Identity, Via<'_>),
    status: StatusCode,
    rows: &BTreeMap<KeyResultId, RowInput>,
) -> Result<HttpResponse, AppError> {
    let week = app::week(&state.db, me).await?;
    let items = week.items;
    let done = items.iter().filter(|o| o.done).count();
    let nudge_weekday = week.org.nudge_weekday_or(state.nudge_weekday);
    let nudges = week.nudges;
    page_with_status(
        req,
        status,
        "okrs/check_ins.html",
        context!(
            "items" => items,
            "done" => done,
            "rows" => super::keyed_by_text(rows.iter().map(|(k, v)| (k, v.clone()))),
            "refused" => rows.values().filter(|r| r.refused()).count(),
            "confidences" => confidences(),
            "nudges" => nudges,
            "nudge_day" => format!("weekday-{nudge_weekday}"),
            "action" => via.path(),
            "me_name" => me.name.clone(),
            "via_link" => matches!(via, Via::Link(_)),
        ),
    )
}

#[derive(Deserialize)]
pub struct NudgeForm {
    on: String,
}

/// `POST /check-ins/nudges`: turn one's check-in reminders on (`on=1`) or off (`on=0`).
pub async fn set_nudges(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    Form(form): Form<NudgeForm>,
) -> Result<HttpResponse, AppError> {
    let on = match form.on.as_str() {
        "1" => true,
        "0" => false,
        _ => return Err(AppError::BadRequest("error-bad-form")),
    };
    app::set_nudges(&state.db, &me, on).await?;
    let key = if on {
        "flash-nudges-on"
    } else {
        "flash-nudges-off"
    };
    Ok(redirect_with(&req, "/check-ins", Flash::success(key)))
}

/// `GET /check-ins`: my key results, with this week's check-in for each.
pub async fn week(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
) -> Result<HttpResponse, AppError> {
    week_page(
        &req,
        &state,
        (&me, Via::Session),
        StatusCode::OK,
        &BTreeMap::new(),
    )
    .await
}

/// `POST /check-ins`: save all rows with a new value, all or nothing.
pub async fn save_week(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    Form(form): Form<WeekForm>,
) -> Result<HttpResponse, AppError> {
    save(&req, &state, (&me, Via::Session), form).await
}

/// Saves the week's form (see [`save_week`]) and goes back to it.
pub(super) async fn save(
    req: &HttpRequest,
    state: &AppState,
    (me, via): (&Identity, Via<'_>),
    form: WeekForm,
) -> Result<HttpResponse, AppError> {
    let owned = app::week(&state.db, me).await?.items;
    let (inputs, rows) = form.parse(&owned);
    if rows.values().any(RowInput::refused) {
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return week_page(req, state, (me, via), status, &rows).await;
    }
    if inputs.is_empty() {
        return Ok(redirect_with(
            req,
            &via.path(),
            Flash::error("flash-check-ins-none"),
        ));
    }
    let saved = app::record_week(&state.db, me, inputs).await?;
    Ok(redirect_with(
        req,
        &via.path(),
        Flash::success("flash-check-ins-saved").arg("count", saved),
    ))
}

/// *No change this week* for every key result without a check-in yet, and back to the form.
pub(super) async fn no_change_for(
    req: &HttpRequest,
    state: &AppState,
    (me, via): (&Identity, Via<'_>),
) -> Result<HttpResponse, AppError> {
    let saved = app::no_change(&state.db, me).await?;
    let flash = match saved {
        0 => Flash::error("flash-check-ins-none-left"),
        n => Flash::success("flash-check-ins-no-change").arg("count", n),
    };
    Ok(redirect_with(req, &via.path(), flash))
}

/// `POST /check-ins/no-change`: see [`no_change_for`].
pub async fn no_change(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    _: Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    no_change_for(&req, &state, (&me, Via::Session)).await
}

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct CheckInForm {
    #[serde(default)]
    value: String,
    #[serde(default)]
    confidence: String,
    #[serde(default)]
    note: String,
}

fn key_result_page(
    req: &HttpRequest,
    status: StatusCode,
    view: app::KeyResultView,
    form: &CheckInForm,
    errors: &FieldErrors,
) -> Result<HttpResponse, AppError> {
    let app::KeyResultView {
        kr,
        objective,
        team,
        history,
        names,
        may_check_in,
    } = view;
    let values: Vec<f64> = std::iter::once(kr.start_value)
        .chain(history.iter().map(|h| h.value))
        .collect();
    let chart = sparkline(&values, kr.target_value);
    page_with_status(
        req,
        status,
        "okrs/key_result.html",
        context!(
            "kr" => kr,
            "progress" => kr.progress(),
            "objective" => objective,
            "team" => team,
            "history" => history.iter().rev().collect::<Vec<_>>(),
            "chart" => chart,
            "names" => super::keyed_by_text(names),
            "may_check_in" => may_check_in,
            "form" => form,
            "confidences" => confidences(),
            "errors" => errors_value(errors),
        ),
    )
}

/// `GET /okrs/key-results/{id}`: the key result, its history and a check-in form.
pub async fn key_result(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<KeyResultId>,
) -> Result<HttpResponse, AppError> {
    let form = CheckInForm {
        confidence: Confidence::OnTrack.code().into(),
        ..CheckInForm::default()
    };
    let view = app::key_result(&state.db, &me, id.into_inner()).await?;
    let ok = StatusCode::OK;
    key_result_page(&req, ok, view, &form, &FieldErrors::default())
}

/// `POST /okrs/key-results/{id}/check-ins`
pub async fn check_in(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<KeyResultId>,
    Form(form): Form<CheckInForm>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let mut errors = FieldErrors::default();
    let value = parse_number(&form.value).unwrap_or_else(|| {
        errors.add("value", "field-decimal-invalid");
        0.0
    });
    let confidence = Confidence::parse(form.confidence.trim()).unwrap_or_else(|| {
        errors.add("confidence", "field-confidence-invalid");
        Confidence::OnTrack
    });
    let input = CheckInInput {
        key_result_id: id,
        value,
        confidence,
        note: form.note.clone(),
    };
    let input = if errors.is_empty() {
        Ok(input)
    } else {
        Err(errors)
    };
    match submit(input, |i| app::record(&state.db, &me, i)).await? {
        Ok((kr, _)) => Ok(redirect_with(
            &req,
            &format!("/okrs/key-results/{id}"),
            Flash::success("flash-check-in-saved").arg("name", kr.title),
        )),
        Err(errors) => {
            let view = app::key_result(&state.db, &me, id).await?;
            // Not even the form comes back to someone who may not check in here.
            app::ensure_may_check_in(&view)?;
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            key_result_page(&req, status, view, &form, &errors)
        }
    }
}
