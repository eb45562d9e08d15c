//! The organisation calendar page (`/settings/calendar`, leaders): the country whose public
//! holidays count, the holidays of the next twelve months, and the closures (add, edit,
//! remove). Every change recomputes the adoption rollup, as the thresholds page does.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::closure_form::ClosureForm;
use super::{errors_value, submit};
use crate::app::calendar::{self as app, Changed};
use crate::context;
use crate::domain::FieldErrors;
use crate::domain::calendar::{self, Closure, Country, Span};
use crate::domain::identity::Identity;
use crate::domain::ids::ClosureId;
use crate::web::AppState;
use crate::web::auth::Auth;
use crate::web::errors::AppError;
use crate::web::forms::Form;
use crate::web::render::{Flash, page_with_status, redirect_with};

const PATH: &str = "/settings/calendar";

/// A closure as the page lists it: its rule and its days this year and next.
#[derive(Serialize)]
struct Row {
    id: Option<ClosureId>,
    name: String,
    form: ClosureForm,
    occurrences: Vec<Occurrence>,
}

/// The first and last day of one occurrence of a closure, ISO dates.
#[derive(Serialize)]
struct Occurrence {
    first: String,
    last: String,
}

fn row(closure: &Closure, today: NaiveDate) -> Row {
    let years: &[i32] = match closure.span {
        Span::Dates { .. } => &[0],
        Span::YearlyWeeks { .. } => &[today.iso_week().year(), today.iso_week().year() + 1],
        Span::YearlyDates { .. } => &[today.year(), today.year() + 1],
    };
    Row {
        id: closure.id,
        name: closure.name.clone(),
        form: ClosureForm::of(closure),
        occurrences: years
            .iter()
            .filter_map(|y| closure.span.occurrence(*y))
            .map(|(first, last)| Occurrence {
                first: first.to_string(),
                last: last.to_string(),
            })
            .collect(),
    }
}

/// A week the adoption rollup treated as an organisation-wide pause: its ISO week number and
/// its first and last day (ISO dates).
#[derive(Serialize)]
struct PauseRow {
    week: u32,
    first: String,
    last: String,
}

#[derive(Serialize)]
struct HolidayRow {
    date: String,
    key: &'static str,
}

async fn calendar_page(
    req: &HttpRequest,
    state: &AppState,
    me: &Identity,
    status: StatusCode,
    form: &ClosureForm,
    errors: &FieldErrors,
) -> Result<HttpResponse, AppError> {
    let (cal, today) = app::calendar(&state.db, me).await?;
    let until = today.checked_add_days(Days::new(364)).unwrap_or(today);
    let holidays: Vec<HolidayRow> = cal
        .holidays(today, until)
        .into_iter()
        .map(|(d, key)| HolidayRow {
            date: d.to_string(),
            key,
        })
        .collect();
    let rows: Vec<Row> = cal.closures().iter().map(|c| row(c, today)).collect();
    let pauses: Vec<PauseRow> = app::pause_weeks(&state.db, me)
        .await?
        .into_iter()
        .map(|monday| PauseRow {
            week: monday.iso_week().week(),
            first: monday.to_string(),
            last: (monday + Days::new(6)).to_string(),
        })
        .collect();
    page_with_status(
        req,
        status,
        "settings/calendar.html",
        context!(
            "country" => cal.country().map_or("", Country::code),
            "countries" => Country::ALL.map(Country::code),
            "holidays" => holidays,
            "closures" => rows,
            "pauses" => pauses,
            "full" => rows.len() as i64 >= calendar::store::MAX_CLOSURES,
            "form" => form,
            "errors" => errors_value(errors),
            "name_max" => calendar::store::NAME_MAX,
        ),
    )
}

/// `GET /settings/calendar`
pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
) -> Result<HttpResponse, AppError> {
    let form = ClosureForm::new();
    calendar_page(
        &req,
        &state,
        &me,
        StatusCode::OK,
        &form,
        &FieldErrors::default(),
    )
    .await
}

#[derive(Deserialize)]
pub struct CountryForm {
    #[serde(default)]
    country: String,
}

/// `POST /settings/calendar/country`: the country whose public holidays count, or none.
pub async fn save_country(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    Form(form): Form<CountryForm>,
) -> Result<HttpResponse, AppError> {
    let country = match form.country.trim() {
        "" => None,
        code => Some(Country::parse(code).ok_or(AppError::BadRequest("error-bad-form"))?),
    };
    let done = app::set_country(&state.db, &me, country).await?;
    Ok(changed(&req, &state, done, "flash-calendar-country-saved"))
}

/// Back to the calendar with `flash` (or the count of meetings cancelled), after waking the
/// recompute the change queued.
fn changed(
    req: &HttpRequest,
    state: &AppState,
    done: Changed,
    flash: &'static str,
) -> HttpResponse {
    if done.recompute {
        crate::web::recompute::kick(state);
    }
    let message = match done.cancelled {
        Some(n) => Flash::success("flash-closure-saved-cancelled").arg("count", n),
        None => Flash::success(flash),
    };
    redirect_with(req, PATH, message)
}

/// `POST /settings/calendar`: adds a closure.
pub async fn add(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    Form(form): Form<ClosureForm>,
) -> Result<HttpResponse, AppError> {
    let cancel = form.cancel_meetings.is_some();
    let add = |closure| app::save_closure(&state.db, &me, None, closure, cancel);
    match submit(form.closure(), add).await? {
        Ok(done) => Ok(changed(&req, &state, done, "flash-closure-added")),
        Err(errors) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            calendar_page(&req, &state, &me, status, &form, &errors).await
        }
    }
}

fn edit_page(
    req: &HttpRequest,
    status: StatusCode,
    id: ClosureId,
    form: &ClosureForm,
    errors: &FieldErrors,
) -> Result<HttpResponse, AppError> {
    page_with_status(
        req,
        status,
        "settings/closure_edit.html",
        context!(
            "id" => id,
            "form" => form,
            "errors" => errors_value(errors),
            "name_max" => calendar::store::NAME_MAX,
        ),
    )
}

/// `GET /settings/calendar/{id}/edit`
pub async fn edit(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<ClosureId>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let closure = app::closure(&state.db, &me, id).await?;
    let form = ClosureForm::of(&closure);
    edit_page(&req, StatusCode::OK, id, &form, &FieldErrors::default())
}

/// `POST /settings/calendar/{id}`: changes a closure.
pub async fn save(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<ClosureId>,
    Form(form): Form<ClosureForm>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let closure = form.closure();
    if closure.is_err() {
        // Another organisation's closure is not there, whatever the form says.
        app::closure(&state.db, &me, id).await?;
    }
    let cancel = form.cancel_meetings.is_some();
    let save = |closure| app::save_closure(&state.db, &me, Some(id), closure, cancel);
    match submit(closure, save).await? {
        Ok(done) => Ok(changed(&req, &state, done, "flash-closure-saved")),
        Err(errors) => edit_page(&req, StatusCode::UNPROCESSABLE_ENTITY, id, &form, &errors),
    }
}

/// `POST /settings/calendar/{id}/delete` (the page asks for confirmation first).
pub async fn remove(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<ClosureId>,
    Form(_): Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    let done = app::remove_closure(&state.db, &me, id.into_inner()).await?;
    Ok(changed(&req, &state, done, "flash-closure-removed"))
}
