//! JSON API for meetings: a team's meetings and series, one meeting with its attendance and
//! the check-ins made in it (for those who may see the team's people), recording and
//! cancelling a meeting. Each handler parses the body and calls the same use case in
//! `app::meetings` as the pages do.

use std::collections::BTreeMap;

use actix_web::{HttpResponse, web};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::app::meetings as app;
use crate::domain::ids::{KeyResultId, MeetingId, PersonId, TeamId};
use crate::domain::meetings::{self, Meeting, Presence, SeriesInput, SeriesKind};
use crate::domain::okrs::check_ins::{CheckIn, CheckInInput, Confidence};
use crate::domain::{FieldErrors, Result};
use crate::web::AppState;
use crate::web::auth::ApiAuth;
use crate::web::errors::AppError;

/// A meeting with its state as of today.
#[derive(Serialize, ToSchema)]
pub struct ApiMeeting {
    #[serde(flatten)]
    meeting: Meeting,
    /// `scheduled`, `held`, `missed` or `cancelled`, as of today.
    state: &'static str,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Window {
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
}

/// `GET /api/v1/teams/{id}/meetings?from=&to=` (default: four weeks back, eight ahead).
#[utoipa::path(get, path = "/api/v1/teams/{id}/meetings", tag = "meetings",
    params(("id" = i32, Path), Window),
    responses((status = 200, description = "The team's meetings", body = Vec<ApiMeeting>)))]
pub async fn list(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
    id: web::Path<TeamId>,
    query: web::Query<Window>,
) -> Result<web::Json<Vec<ApiMeeting>>, AppError> {
    let found = app::of_team(&state.db, &me, id.into_inner(), query.from, query.to).await?;
    Ok(web::Json(
        found
            .meetings
            .into_iter()
            .map(|l| ApiMeeting {
                meeting: l.meeting,
                state: l.state,
            })
            .collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSeries {
    #[schema(value_type = SeriesKind)]
    kind: String,
    /// 1 = Monday … 7 = Sunday.
    weekday: i32,
    /// `HH:MM`, local time.
    #[schema(example = "09:00")]
    start_time: String,
    duration_minutes: i32,
    starts_on: NaiveDate,
    #[serde(default)]
    ends_on: Option<NaiveDate>,
}

/// `POST /api/v1/teams/{id}/meeting-series` → 201
#[utoipa::path(post, path = "/api/v1/teams/{id}/meeting-series", tag = "meetings",
    params(("id" = i32, Path)), request_body = NewSeries,
    responses((status = 201, description = "The new series", body = meetings::Series)))]
pub async fn create_series(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
    id: web::Path<TeamId>,
    body: web::Json<NewSeries>,
) -> Result<HttpResponse, AppError> {
    let body = body.into_inner();
    let kind = SeriesKind::parse(&body.kind)
        .ok_or_else(|| FieldErrors::single("kind", "field-series-kind-invalid"))?;
    let input = SeriesInput {
        team_id: id.into_inner(),
        kind,
        weekday: body.weekday,
        start_time: body.start_time,
        duration_minutes: body.duration_minutes,
        starts_on: body.starts_on,
        ends_on: body.ends_on,
    };
    let created = app::create_series(&state.db, &me, input).await?;
    Ok(HttpResponse::Created().json(created))
}

/// A meeting with its attendance and the check-ins made in it — those two only for callers
/// who may see the team's people (see `domain::access`), as on the meeting page.
#[derive(Serialize, ToSchema)]
pub struct MeetingDetail {
    #[serde(flatten)]
    meeting: ApiMeeting,
    /// Person id → `present`, `absent` or `excused` (JSON object keys are strings). Absent
    /// unless the caller may see the team's people: leaders, ambassadors and the team's
    /// current members.
    #[schema(value_type = Option<BTreeMap<String, String>>)]
    #[serde(skip_serializing_if = "Option::is_none")]
    attendance: Option<BTreeMap<PersonId, Presence>>,
    /// The check-ins made in the meeting; absent as `attendance` is.
    #[serde(skip_serializing_if = "Option::is_none")]
    check_ins: Option<Vec<CheckIn>>,
}

impl From<app::meeting::Detail> for MeetingDetail {
    fn from(d: app::meeting::Detail) -> MeetingDetail {
        MeetingDetail {
            meeting: ApiMeeting {
                meeting: d.meeting,
                state: d.state,
            },
            attendance: d.attendance,
            check_ins: d.check_ins,
        }
    }
}

/// `GET /api/v1/meetings/{id}`
#[utoipa::path(get, path = "/api/v1/meetings/{id}", tag = "meetings",
    params(("id" = i32, Path)),
    responses((status = 200, description = "The meeting", body = MeetingDetail)))]
pub async fn get(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
    id: web::Path<MeetingId>,
) -> Result<web::Json<MeetingDetail>, AppError> {
    let detail = app::meeting::detail(&state.db, &me, id.into_inner()).await?;
    Ok(web::Json(detail.into()))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Attendance {
    person_id: PersonId,
    #[schema(value_type = Presence)]
    presence: String,
}

#[derive(Deserialize, ToSchema)]
#[schema(as = MeetingCheckIn)]
#[serde(deny_unknown_fields)]
pub struct NewCheckIn {
    key_result_id: KeyResultId,
    value: f64,
    #[schema(value_type = Confidence)]
    confidence: String,
    #[serde(default)]
    note: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Record {
    #[serde(default)]
    attendance: Vec<Attendance>,
    #[serde(default)]
    check_ins: Vec<NewCheckIn>,
    notes: Option<String>,
    decisions: Option<String>,
    #[serde(default)]
    held: bool,
}

/// `POST /api/v1/meetings/{id}/record`: attendance, check-ins made in the meeting, notes,
/// decisions, and `held: true` to mark it held — all or nothing.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/record", tag = "meetings",
    params(("id" = i32, Path)), request_body = Record,
    responses((status = 200, description = "The meeting, recorded", body = MeetingDetail)))]
pub async fn record(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
    id: web::Path<MeetingId>,
    body: web::Json<Record>,
) -> Result<web::Json<MeetingDetail>, AppError> {
    let body = body.into_inner();
    let mut attendance = Vec::new();
    for a in body.attendance {
        let presence = Presence::parse(&a.presence)
            .ok_or_else(|| FieldErrors::single("attendance", "field-presence-invalid"))?;
        attendance.push((a.person_id, presence));
    }
    let mut check_ins = Vec::new();
    for ci in body.check_ins {
        let confidence = Confidence::parse(&ci.confidence)
            .ok_or_else(|| FieldErrors::single("confidence", "field-confidence-invalid"))?;
        check_ins.push(CheckInInput {
            key_result_id: ci.key_result_id,
            value: ci.value,
            confidence,
            note: ci.note,
        });
    }
    let input = app::meeting::Record {
        attendance,
        check_ins,
        notes: body.notes,
        decisions: body.decisions,
        held: body.held,
    };
    let saved = app::meeting::record(&state.db, &me, id.into_inner(), input).await?;
    Ok(web::Json(saved.into()))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Cancel {
    cancelled: bool,
}

/// `POST /api/v1/meetings/{id}/cancel` with `{"cancelled": true/false}`.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/cancel", tag = "meetings",
    params(("id" = i32, Path)), request_body = Cancel,
    responses((status = 200, description = "The meeting", body = MeetingDetail)))]
pub async fn cancel(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
    id: web::Path<MeetingId>,
    body: web::Json<Cancel>,
) -> Result<web::Json<MeetingDetail>, AppError> {
    let saved = app::meeting::set_cancelled(
        &state.db,
        &me,
        id.into_inner(),
        body.cancelled,
        state.mail_composer(),
    )
    .await?;
    state.mail.kick();
    Ok(web::Json(saved.into()))
}
