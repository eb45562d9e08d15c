//! The organisation calendar page (`/settings/calendar`, leaders): the country whose public
//! holidays count, the holidays of the next twelve months, and the closures (add, edit,
//! remove). Every change recomputes the adoption rollup, as the thresholds page does.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::closure_form::ClosureForm;
use super::errors_value;
use crate::context;
use crate::domain::auth::Identity;
use crate::domain::calendar::{self, Calendar, Closure, Country, Span};
use crate::domain::{FieldErrors, org};
use crate::web::AppState;
use crate::web::auth::Leader;
use crate::web::errors::AppError;
use crate::web::forms::Form;
use crate::web::render::{Flash, page_with_status, redirect_with};

const PATH: &str = "/settings/calendar";

/// A closure as the page lists it: its rule and its days this year and next.
#[derive(Serialize)]
struct Row {
    id: Option<i32>,
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

#[derive(Serialize)]
struct HolidayRow {
    date: String,
    key: &'static str,
}

async fn calendar_page(
    req: &HttpRequest,
    state: &AppState,
    org_id: i32,
    status: StatusCode,
    form: &ClosureForm,
    errors: &FieldErrors,
) -> Result<HttpResponse, AppError> {
    let (cal, today) = state
        .db
        .run(move |c| {
            Ok::<_, crate::domain::Error>((Calendar::load(c, org_id)?, org::today(c, org_id)?))
        })
        .await?;
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
    page_with_status(
        req,
        status,
        "settings/calendar.html",
        context!(
            "country" => cal.country().map_or("", Country::code),
            "countries" => Country::ALL.map(Country::code),
            "holidays" => holidays,
            "closures" => rows,
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
    Leader(me): Leader,
) -> Result<HttpResponse, AppError> {
    let form = ClosureForm::new();
    calendar_page(
        &req,
        &state,
        me.org_id,
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
    Leader(me): Leader,
    Form(form): Form<CountryForm>,
) -> Result<HttpResponse, AppError> {
    let country = match form.country.trim() {
        "" => None,
        code => Some(Country::parse(code).ok_or(AppError::BadRequest("error-bad-form"))?),
    };
    let org_id = me.org_id;
    state
        .db
        .write(move |c| calendar::set_country(c, org_id, country))
        .await?;
    changed(
        &req,
        &state,
        &me,
        PATH,
        "flash-calendar-country-saved",
        None,
    )
    .await
}

/// Recomputes the rollup after a change (and cancels the meetings on closed days when
/// asked), then goes back to `to` with `flash`.
async fn changed(
    req: &HttpRequest,
    state: &AppState,
    me: &Identity,
    to: &str,
    flash: &'static str,
    cancel: Option<Closure>,
) -> Result<HttpResponse, AppError> {
    let org_id = me.org_id;
    let mut message = Flash::success(flash);
    if let Some(closure) = cancel {
        let cancelled = state
            .db
            .write(move |c| calendar::meetings::cancel_in(c, org_id, &closure))
            .await?;
        message = Flash::success("flash-closure-saved-cancelled").arg("count", cancelled);
    }
    crate::web::recompute::start(
        state,
        org_id,
        crate::domain::adoption::recompute::Reason::Calendar,
    )
    .await?;
    Ok(redirect_with(req, to, message))
}

/// `POST /settings/calendar`: adds a closure.
pub async fn add(
    req: HttpRequest,
    state: web::Data<AppState>,
    Leader(me): Leader,
    Form(form): Form<ClosureForm>,
) -> Result<HttpResponse, AppError> {
    let org_id = me.org_id;
    let saved = super::save_form(&state, form.closure(), move |c, closure| {
        calendar::add(c, org_id, &closure)
    })
    .await?;
    match saved {
        Ok(closure) => {
            let cancel = form.cancel_meetings.is_some().then_some(closure);
            changed(&req, &state, &me, PATH, "flash-closure-added", cancel).await
        }
        Err(errors) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            calendar_page(&req, &state, org_id, status, &form, &errors).await
        }
    }
}

fn edit_page(
    req: &HttpRequest,
    status: StatusCode,
    id: i32,
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
    Leader(me): Leader,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let closure = state
        .db
        .run(move |c| calendar::find(c, me.org_id, id))
        .await?;
    let form = ClosureForm::of(&closure);
    edit_page(&req, StatusCode::OK, id, &form, &FieldErrors::default())
}

/// `POST /settings/calendar/{id}`: changes a closure.
pub async fn save(
    req: HttpRequest,
    state: web::Data<AppState>,
    Leader(me): Leader,
    id: web::Path<i32>,
    Form(form): Form<ClosureForm>,
) -> Result<HttpResponse, AppError> {
    let (id, org_id) = (id.into_inner(), me.org_id);
    // Another organisation's closure is not there, whatever the form says.
    state.db.run(move |c| calendar::find(c, org_id, id)).await?;
    let saved = super::save_form(&state, form.closure(), move |c, closure| {
        calendar::update(c, org_id, id, &closure)
    })
    .await?;
    match saved {
        Ok(closure) => {
            let cancel = form.cancel_meetings.is_some().then_some(closure);
            changed(&req, &state, &me, PATH, "flash-closure-saved", cancel).await
        }
        Err(errors) => edit_page(&req, StatusCode::UNPROCESSABLE_ENTITY, id, &form, &errors),
    }
}

/// `POST /settings/calendar/{id}/delete` (the page asks for confirmation first).
pub async fn remove(
    req: HttpRequest,
    state: web::Data<AppState>,
    Leader(me): Leader,
    id: web::Path<i32>,
    Form(_): Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    let (id, org_id) = (id.into_inner(), me.org_id);
    state
        .db
        .write(move |c| calendar::remove(c, org_id, id))
        .await?;
    changed(&req, &state, &me, PATH, "flash-closure-removed", None).await
}
