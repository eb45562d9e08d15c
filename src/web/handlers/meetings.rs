//! Meetings pages: a team's meeting series and its meetings (`/teams/{id}/meetings`), and the
//! meeting page the team lead runs the meeting from — agenda, one-tap attendance, the team's
//! key results with inline check-ins, notes and decisions, "mark as held". The form is read in
//! `meeting_form.rs`; calendar links, export and history import are in `meeting_files.rs`.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use super::meeting_form::{MeetingForm, Typed};
use super::{errors_value, submit};
use crate::app::meetings as app;
use crate::context;
use crate::domain::FieldErrors;
use crate::domain::identity::Identity;
use crate::domain::ids::{MeetingId, SeriesId, TeamId};
use crate::domain::meetings::{self, Meeting, Presence, SeriesInput, SeriesKind};
use crate::domain::okrs::check_ins::Confidence;
use crate::web::AppState;
use crate::web::auth::Auth;
use crate::web::errors::AppError;
use crate::web::forms::Form;
use crate::web::render::{Flash, locale, page_with_status, redirect_with};

#[derive(Debug, Serialize)]
struct MeetingRow {
    #[serde(flatten)]
    meeting: Meeting,
    state: &'static str,
    kind: String,
}

/// The series form as submitted.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct SeriesForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    weekday: String,
    #[serde(default)]
    start_time: String,
    #[serde(default)]
    duration_minutes: String,
    #[serde(default)]
    starts_on: String,
    #[serde(default)]
    ends_on: String,
}

impl SeriesForm {
    fn input(&self, team_id: TeamId) -> Result<SeriesInput, FieldErrors> {
        let mut errors = FieldErrors::default();
        let kind = SeriesKind::parse(self.kind.trim()).unwrap_or_else(|| {
            errors.add("kind", "field-series-kind-invalid");
            SeriesKind::WeeklyResults
        });
        let number = |errors: &mut FieldErrors, field, key, text: &str| -> i32 {
            text.trim().parse().unwrap_or_else(|_| {
                errors.add(field, key);
                0
            })
        };
        let weekday = number(
            &mut errors,
            "weekday",
            "field-weekday-invalid",
            &self.weekday,
        );
        let duration = number(
            &mut errors,
            "duration_minutes",
            "field-duration-invalid",
            &self.duration_minutes,
        );
        let starts_on = super::parse_date(&mut errors, "starts_on", &self.starts_on);
        let ends_on = match self.ends_on.trim() {
            "" => None,
            text => Some(super::parse_date(&mut errors, "ends_on", text)),
        };
        let input = SeriesInput {
            team_id,
            kind,
            weekday,
            start_time: self.start_time.trim().to_owned(),
            duration_minutes: duration,
            starts_on,
            ends_on,
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
}

async fn team_page(
    req: &HttpRequest,
    state: &AppState,
    me: &Identity,
    team_id: TeamId,
    status: StatusCode,
    form: &SeriesForm,
    errors: &FieldErrors,
) -> Result<HttpResponse, AppError> {
    let today = me.today();
    let t = app::of_team(&state.db, me, team_id, None, None).await?;
    let rows: Vec<MeetingRow> = t
        .meetings
        .into_iter()
        .map(|l| MeetingRow {
            meeting: l.meeting,
            state: l.state,
            kind: l.kind,
        })
        .collect();
    let (team, series, editable) = (t.team, t.series, t.editable);
    page_with_status(
        req,
        status,
        "meetings/team.html",
        context!(
            "team" => team,
            "feeds" => series.iter().filter(|s| s.feed_hash.is_some()).map(|s| s.id).collect::<Vec<_>>(),
            "series" => series,
            "meetings" => rows,
            "editable" => editable,
            "today" => today,
            "period" => me.periods.of(today),
            "form" => form,
            "kinds" => SeriesKind::ALL.iter().map(|k| k.code()).collect::<Vec<_>>(),
            "errors" => errors_value(errors),
        ),
    )
}

/// `GET /teams/{id}/meetings`
pub async fn team(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<TeamId>,
) -> Result<HttpResponse, AppError> {
    let form = SeriesForm {
        kind: SeriesKind::WeeklyResults.code().into(),
        weekday: "1".into(),
        start_time: "09:00".into(),
        duration_minutes: "15".into(),
        starts_on: me.today().to_string(),
        ends_on: String::new(),
    };
    let no_errors = FieldErrors::default();
    team_page(
        &req,
        &state,
        &me,
        id.into_inner(),
        StatusCode::OK,
        &form,
        &no_errors,
    )
    .await
}

/// `POST /teams/{id}/meetings`: a new series.
pub async fn create_series(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<TeamId>,
    Form(form): Form<SeriesForm>,
) -> Result<HttpResponse, AppError> {
    let team_id = id.into_inner();
    let input = form.input(team_id);
    if input.is_err() {
        app::editable_team(&state.db, &me, team_id).await?;
    }
    match submit(input, |i| app::create_series(&state.db, &me, i)).await? {
        Ok(series) => Ok(redirect_with(
            &req,
            &format!("/teams/{team_id}/meetings"),
            Flash::success("flash-series-created").arg("kind", series.kind.code()),
        )),
        Err(errors) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            team_page(&req, &state, &me, team_id, status, &form, &errors).await
        }
    }
}

/// `POST /meetings/series/{id}/end`: no more meetings after today.
pub async fn end_series(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<SeriesId>,
    Form(_): Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    let series = app::end_series(&state.db, &me, id.into_inner(), state.mail_composer()).await?;
    state.mail.kick();
    Ok(redirect_with(
        &req,
        &format!("/teams/{}/meetings", series.team_id),
        Flash::success("flash-series-ended"),
    ))
}

fn meeting_page(
    req: &HttpRequest,
    p: app::meeting::Page,
    status: StatusCode,
    errors: &FieldErrors,
    typed: &Typed,
) -> Result<HttpResponse, AppError> {
    page_with_status(
        req,
        status,
        "meetings/meeting.html",
        context!(
            "state" => p.detail.state,
            "meeting" => p.detail.meeting,
            "series" => p.series,
            "team" => p.team,
            "attendees" => p.roster,
            "okrs" => p.okrs,
            "during" => p.detail.check_ins.unwrap_or_default(),
            "editable" => p.editable,
            "agenda" => p.agenda,
            "period" => p.period,
            "presences" => Presence::ALL.iter().map(|p| p.code()).collect::<Vec<_>>(),
            "confidences" => Confidence::ALL.iter().map(|c| c.code()).collect::<Vec<_>>(),
            "errors" => errors_value(errors),
            "typed" => typed,
        ),
    )
}

/// `GET /meetings/{id}`
pub async fn meeting(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<MeetingId>,
) -> Result<HttpResponse, AppError> {
    let p = app::meeting::page(&state.db, &me, id.into_inner(), locale(&req)).await?;
    let (no_errors, typed) = (FieldErrors::default(), Typed::default());
    meeting_page(&req, p, StatusCode::OK, &no_errors, &typed)
}

/// `POST /meetings/{id}`: save attendance, check-ins, notes and decisions; with `held`,
/// mark the meeting held.
pub async fn save_meeting(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<MeetingId>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let mid = id.into_inner();
    let form = MeetingForm::from_pairs(pairs)?;
    let record = form.record();
    match submit(record, |r| app::meeting::record(&state.db, &me, mid, r)).await? {
        Ok(saved) => {
            let key = if saved.meeting.status == meetings::Status::Held {
                "flash-meeting-held"
            } else {
                "flash-meeting-saved"
            };
            Ok(redirect_with(
                &req,
                &format!("/meetings/{mid}"),
                Flash::success(key),
            ))
        }
        Err(errors) => {
            let p = app::meeting::page(&state.db, &me, mid, locale(&req)).await?;
            // Not even the form comes back to someone who may not record the meeting.
            if !p.editable {
                return Err(AppError::Forbidden);
            }
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            meeting_page(&req, p, status, &errors, &Typed::of(&form))
        }
    }
}

#[derive(Deserialize)]
pub struct CancelForm {
    #[serde(default)]
    restore: Option<String>,
}

/// `POST /meetings/{id}/cancel` (or bring it back with `restore=1`).
pub async fn cancel(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<MeetingId>,
    Form(form): Form<CancelForm>,
) -> Result<HttpResponse, AppError> {
    let (mid, cancelled) = (id.into_inner(), form.restore.is_none());
    let result = app::meeting::set_cancelled(&state.db, &me, mid, cancelled, state.mail_composer());
    let result = super::form_errors(result.await)?;
    state.mail.kick();
    match result {
        Ok(_) => {
            let key = if cancelled {
                "flash-meeting-cancelled"
            } else {
                "flash-meeting-restored"
            };
            Ok(redirect_with(
                &req,
                &format!("/meetings/{mid}"),
                Flash::success(key),
            ))
        }
        Err(_) => Ok(redirect_with(
            &req,
            &format!("/meetings/{mid}"),
            Flash::error("flash-meeting-held-stays"),
        )),
    }
}

#[derive(Deserialize)]
pub struct MoveForm {
    date: String,
    time: String,
}

/// `POST /meetings/{id}/move`: another day or time, this once.
pub async fn move_meeting(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<MeetingId>,
    Form(form): Form<MoveForm>,
) -> Result<HttpResponse, AppError> {
    let day = NaiveDate::parse_from_str(form.date.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::BadRequest("error-bad-date"))?;
    let time = NaiveTime::parse_from_str(form.time.trim(), "%H:%M")
        .map_err(|_| AppError::BadRequest("error-bad-time"))?;
    let mid = app::meeting::move_to(
        &state.db,
        &me,
        id.into_inner(),
        day,
        time,
        state.mail_composer(),
    )
    .await?
    .id;
    state.mail.kick();
    Ok(redirect_with(
        &req,
        &format!("/meetings/{mid}"),
        Flash::success("flash-meeting-moved"),
    ))
}
