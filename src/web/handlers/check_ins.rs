//! Check-ins: "my check-ins this week" — every key result the person owns on one page with
//! one "save all" — and a key result's own page with its history (a sparkline and the notes)
//! and a check-in form for anyone who may change the team's OKRs.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::errors_value;
use super::okrs::parse_number;
use crate::context;
use crate::domain::auth::Identity;
use crate::domain::okrs::check_ins::{self, CheckInInput, Confidence, Owned};
use crate::domain::okrs::{self, key_results};
use crate::domain::{FieldErrors, teams};
use crate::web::AppState;
use crate::web::auth::Auth;
use crate::web::charts::sparkline;
use crate::web::errors::AppError;
use crate::web::forms::Form;
use crate::web::render::{Flash, page_with_status, redirect_with};

fn confidences() -> Vec<&'static str> {
    Confidence::ALL.iter().map(|c| c.code()).collect()
}

/// The weekly form as submitted: one row per key result, as parallel lists.
#[derive(Debug, Default, Deserialize)]
pub struct WeekForm {
    #[serde(default)]
    kr: Vec<i32>,
    #[serde(default)]
    value: Vec<String>,
    #[serde(default)]
    confidence: Vec<String>,
    #[serde(default)]
    note: Vec<String>,
}

/// What a row shows again after a refused save.
#[derive(Debug, Default, Clone, Serialize)]
struct RowInput {
    value: String,
    confidence: String,
    note: String,
    error: Option<&'static str>,
}

impl WeekForm {
    /// The check-ins to record (rows without a new value are skipped) and the rows as typed,
    /// with a problem per row.
    fn parse(&self) -> (Vec<CheckInInput>, BTreeMap<i32, RowInput>) {
        let at = |v: &Vec<String>, i: usize| v.get(i).cloned().unwrap_or_default();
        let mut inputs = Vec::new();
        let mut rows = BTreeMap::new();
        for (i, kr) in self.kr.iter().enumerate() {
            let mut row = RowInput {
                value: at(&self.value, i),
                confidence: at(&self.confidence, i),
                note: at(&self.note, i),
                error: None,
            };
            if !row.value.trim().is_empty() {
                match (
                    parse_number(&row.value),
                    Confidence::parse(row.confidence.trim()),
                ) {
                    (None, _) => row.error = Some("field-number-invalid"),
                    (_, None) => row.error = Some("field-confidence-invalid"),
                    (Some(value), Some(confidence)) => {
                        let input = CheckInInput {
                            key_result_id: *kr,
                            value,
                            confidence,
                            note: row.note.clone(),
                        };
                        row.error = input.validate().0.first().map(|e| e.key);
                        inputs.push(input);
                    }
                }
            }
            rows.insert(*kr, row);
        }
        (inputs, rows)
    }
}

async fn owned(state: &AppState, me: &Identity) -> Result<Vec<Owned>, AppError> {
    let (org_id, person, since) = (
        me.org_id,
        me.person_id,
        check_ins::week_start_utc(&me.time_zone, me.today()),
    );
    Ok(state
        .db
        .run(move |c| check_ins::owned_by(c, org_id, person, since))
        .await?)
}

async fn week_page(
    req: &HttpRequest,
    state: &AppState,
    me: &Identity,
    status: StatusCode,
    rows: &BTreeMap<i32, RowInput>,
) -> Result<HttpResponse, AppError> {
    let items = owned(state, me).await?;
    let done = items.iter().filter(|o| o.done).count();
    let (person, org_id) = (me.person_id, me.org_id);
    let (nudges, org) = state
        .db
        .run(move |c| {
            Ok::<_, crate::domain::Error>((
                crate::domain::meetings::reminders::nudges_on(c, person)?,
                crate::domain::org::find(c, org_id)?,
            ))
        })
        .await?;
    let nudge_weekday = org.nudge_weekday_or(state.nudge_weekday);
    page_with_status(
        req,
        status,
        "okrs/check_ins.html",
        context!(
            "items" => items,
            "done" => done,
            "rows" => rows.iter().map(|(k, v)| (k.to_string(), v.clone())).collect::<BTreeMap<_, _>>(),
            "confidences" => confidences(),
            "nudges" => nudges,
            "nudge_day" => format!("weekday-{nudge_weekday}"),
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
    let (org_id, person) = (me.org_id, me.person_id);
    state
        .db
        .write(move |c| crate::domain::meetings::reminders::set_nudges(c, org_id, person, on))
        .await?;
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
    week_page(&req, &state, &me, StatusCode::OK, &BTreeMap::new()).await
}

/// `POST /check-ins`: save all rows with a new value, all or nothing.
pub async fn save_week(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    Form(form): Form<WeekForm>,
) -> Result<HttpResponse, AppError> {
    let (inputs, rows) = form.parse();
    // Only the person's own key results are on this page.
    let mine: Vec<i32> = owned(&state, &me)
        .await?
        .iter()
        .map(|o| o.key_result.id)
        .collect();
    if inputs.iter().any(|i| !mine.contains(&i.key_result_id)) {
        return Err(AppError::Forbidden);
    }
    if rows.values().any(|r| r.error.is_some()) {
        return week_page(&req, &state, &me, StatusCode::UNPROCESSABLE_ENTITY, &rows).await;
    }
    if inputs.is_empty() {
        return Ok(redirect_with(
            &req,
            "/check-ins",
            Flash::error("flash-check-ins-none"),
        ));
    }
    let (org_id, person) = (me.org_id, me.person_id);
    let saved = state
        .db
        .write(move |c| check_ins::record_all(c, org_id, person, &inputs))
        .await?;
    Ok(redirect_with(
        &req,
        "/check-ins",
        Flash::success("flash-check-ins-saved").arg("count", saved),
    ))
}

/// Anyone who may change the team's OKRs, and the key result's owner, may check in.
async fn may_check_in(
    state: &AppState,
    me: &Identity,
    kr: &key_results::KeyResult,
    team_id: i32,
) -> Result<bool, AppError> {
    if kr.owner_id == Some(me.person_id) {
        return Ok(true);
    }
    let who = me.clone();
    Ok(state
        .db
        .run(move |c| okrs::may_edit(c, &who, team_id))
        .await?)
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

async fn key_result_page(
    req: &HttpRequest,
    state: &AppState,
    me: &Identity,
    status: StatusCode,
    id: i32,
    form: &CheckInForm,
    errors: &FieldErrors,
) -> Result<HttpResponse, AppError> {
    let (org_id, who) = (me.org_id, me.clone());
    let (kr, objective, team, history, names) = state
        .db
        .run(move |c| {
            let kr = key_results::find(c, org_id, id)?;
            let objective = okrs::find(c, org_id, kr.objective_id)?;
            let team = teams::find(c, org_id, objective.team_id)?;
            let history = check_ins::history(c, org_id, kr.id)?;
            // Who checked in: only for those who may see the team's people.
            let history = crate::domain::access::check_ins_for(c, &who, team.id, history)?;
            let names = crate::domain::people::names(c, org_id)?;
            Ok::<_, crate::domain::Error>((kr, objective, team, history, names))
        })
        .await?;
    let values: Vec<f64> = std::iter::once(kr.start_value)
        .chain(history.iter().map(|h| h.value))
        .collect();
    let chart = sparkline(&values, kr.target_value);
    let allowed = may_check_in(state, me, &kr, team.id).await?;
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
            "names" => names.into_iter().map(|(k, v)| (k.to_string(), v)).collect::<BTreeMap<_, _>>(),
            "may_check_in" => allowed,
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
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let form = CheckInForm {
        confidence: Confidence::OnTrack.code().into(),
        ..CheckInForm::default()
    };
    let no_errors = FieldErrors::default();
    key_result_page(
        &req,
        &state,
        &me,
        StatusCode::OK,
        id.into_inner(),
        &form,
        &no_errors,
    )
    .await
}

/// `POST /okrs/key-results/{id}/check-ins`
pub async fn check_in(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<i32>,
    Form(form): Form<CheckInForm>,
) -> Result<HttpResponse, AppError> {
    let (org_id, id) = (me.org_id, id.into_inner());
    let kr = state
        .db
        .run(move |c| key_results::find(c, org_id, id))
        .await?;
    let objective = state
        .db
        .run(move |c| okrs::find(c, org_id, kr.objective_id))
        .await?;
    if !may_check_in(&state, &me, &kr, objective.team_id).await? {
        return Err(AppError::Forbidden);
    }
    let mut errors = FieldErrors::default();
    let value = parse_number(&form.value).unwrap_or_else(|| {
        errors.add("value", "field-number-invalid");
        0.0
    });
    let confidence = Confidence::parse(form.confidence.trim()).unwrap_or_else(|| {
        errors.add("confidence", "field-confidence-invalid");
        Confidence::OnTrack
    });
    let input = CheckInInput {
        key_result_id: kr.id,
        value,
        confidence,
        note: form.note.clone(),
    };
    let input = if errors.is_empty() {
        Ok(input)
    } else {
        Err(errors)
    };
    let person = me.person_id;
    match super::save_form(&state, input, move |c, i: CheckInInput| {
        check_ins::record(c, org_id, person, &i)
    })
    .await?
    {
        Ok(_) => Ok(redirect_with(
            &req,
            &format!("/okrs/key-results/{}", kr.id),
            Flash::success("flash-check-in-saved").arg("name", kr.title),
        )),
        Err(errors) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            key_result_page(&req, &state, &me, status, kr.id, &form, &errors).await
        }
    }
}
