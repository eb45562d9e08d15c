//! Meetings pages: a team's meeting series and its meetings (`/teams/{id}/meetings`), and the
//! meeting page the team lead runs the meeting from — agenda, one-tap attendance, the team's
//! key results with inline check-ins, notes and decisions, "mark as held".

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{Days, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use super::errors_value;
use crate::context;
use crate::domain::auth::Identity;
use crate::domain::meetings::{self, Meeting, MeetingRecord, Presence, SeriesInput, SeriesKind};
use crate::domain::okrs::check_ins::{CheckInInput, Confidence};
use crate::domain::okrs::{self, Okr};
use crate::domain::periods;
use crate::domain::{FieldErrors, access, teams};
use crate::web::AppState;
use crate::web::auth::Auth;
use crate::web::errors::AppError;
use crate::web::forms::Form;
use crate::web::forms::parse_number;
use crate::web::render::{Flash, page_with_status, redirect_with};

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
    fn input(&self, team_id: i32) -> Result<SeriesInput, FieldErrors> {
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
    team_id: i32,
    status: StatusCode,
    form: &SeriesForm,
    errors: &FieldErrors,
) -> Result<HttpResponse, AppError> {
    let (who, today) = (me.clone(), me.today());
    let (team, series, rows, editable) = state
        .db
        .run(move |c| {
            let team = teams::find(c, who.org_id, team_id)?;
            let series = meetings::series_of_team(c, who.org_id, team_id)?;
            let list = meetings::team_meetings(
                c,
                who.org_id,
                team_id,
                &who.time_zone,
                today,
                today - Days::new(28),
                today + Days::new(56),
            )?;
            let kinds: BTreeMap<i32, String> =
                series.iter().map(|s| (s.id, s.kind.clone())).collect();
            let rows: Vec<MeetingRow> = list
                .into_iter()
                .map(|meeting| MeetingRow {
                    state: meeting.state(today),
                    kind: kinds.get(&meeting.series_id).cloned().unwrap_or_default(),
                    meeting,
                })
                .collect();
            let editable = okrs::may_edit(c, &who, team_id)?;
            Ok::<_, crate::domain::Error>((team, series, rows, editable))
        })
        .await?;
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
    id: web::Path<i32>,
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
    id: web::Path<i32>,
    Form(form): Form<SeriesForm>,
) -> Result<HttpResponse, AppError> {
    let team_id = id.into_inner();
    super::check_team_edit(&state, &me, team_id).await?;
    let (org_id, tz, today) = (me.org_id, me.time_zone.clone(), me.today());
    let result = super::save_form(&state, form.input(team_id), move |c, i: SeriesInput| {
        meetings::create_series(c, org_id, &i, &tz, today)
    })
    .await?;
    match result {
        Ok(series) => Ok(redirect_with(
            &req,
            &format!("/teams/{team_id}/meetings"),
            Flash::success("flash-series-created").arg("kind", series.kind),
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
    id: web::Path<i32>,
    Form(_): Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    let (org_id, id) = (me.org_id, id.into_inner());
    let series = state
        .db
        .run(move |c| meetings::find_series(c, org_id, id))
        .await?;
    super::check_team_edit(&state, &me, series.team_id).await?;
    let today = me.today();
    state
        .db
        .write(move |c| meetings::end_series(c, org_id, id, today))
        .await?;
    Ok(redirect_with(
        &req,
        &format!("/teams/{}/meetings", series.team_id),
        Flash::success("flash-series-ended"),
    ))
}

/// The meeting page's form: for each member a radio group `presence-<person>`, inline
/// check-ins per key result (as parallel lists), notes and decisions, and which button was
/// pressed.
#[derive(Debug, Default)]
pub struct MeetingForm {
    person: Vec<i32>,
    presence: BTreeMap<i32, String>,
    kr: Vec<i32>,
    value: Vec<String>,
    confidence: Vec<String>,
    note: Vec<String>,
    notes: String,
    decisions: String,
    held: bool,
}

impl MeetingForm {
    fn from_pairs(pairs: Vec<(String, String)>) -> Result<MeetingForm, AppError> {
        let bad = || AppError::BadRequest("error-bad-form");
        let mut form = MeetingForm::default();
        for (key, value) in pairs {
            match key.as_str() {
                "person" => form.person.push(value.trim().parse().map_err(|_| bad())?),
                "kr" => form.kr.push(value.trim().parse().map_err(|_| bad())?),
                "value" => form.value.push(value),
                "confidence" => form.confidence.push(value),
                "note" => form.note.push(value),
                "notes" => form.notes = value,
                "decisions" => form.decisions = value,
                "held" => form.held = true,
                other => {
                    if let Some(person) = other.strip_prefix("presence-") {
                        form.presence
                            .insert(person.parse().map_err(|_| bad())?, value);
                    }
                }
            }
        }
        Ok(form)
    }

    fn record(&self) -> Result<MeetingRecord, FieldErrors> {
        let mut errors = FieldErrors::default();
        let at = |v: &Vec<String>, i: usize| v.get(i).cloned().unwrap_or_default();
        let mut attendance = Vec::new();
        for person in &self.person {
            let chosen = self.presence.get(person).map(String::as_str).unwrap_or("");
            match Presence::parse(chosen.trim()) {
                Some(p) => attendance.push((*person, p)),
                None => errors.add("attendance", "field-presence-invalid"),
            }
        }
        let mut check_ins = Vec::new();
        for (i, kr) in self.kr.iter().enumerate() {
            let value = at(&self.value, i);
            if value.trim().is_empty() {
                continue;
            }
            match (
                parse_number(&value),
                Confidence::parse(at(&self.confidence, i).trim()),
            ) {
                (Some(value), Some(confidence)) => check_ins.push(CheckInInput {
                    key_result_id: *kr,
                    value,
                    confidence,
                    note: at(&self.note, i),
                }),
                _ => errors.add("check_ins", "field-check-in-values"),
            }
        }
        if errors.is_empty() {
            Ok(MeetingRecord {
                attendance,
                notes: self.notes.clone(),
                decisions: self.decisions.clone(),
                held: self.held,
                check_ins,
            })
        } else {
            Err(errors)
        }
    }
}

/// What the lead typed, shown again when a save is refused.
#[derive(Debug, Default, Serialize)]
struct Typed {
    presence: BTreeMap<String, String>,
    value: BTreeMap<String, String>,
    confidence: BTreeMap<String, String>,
    note: BTreeMap<String, String>,
    notes: Option<String>,
    decisions: Option<String>,
}

impl Typed {
    fn of(form: &MeetingForm) -> Typed {
        let by_kr = |list: &Vec<String>| {
            form.kr
                .iter()
                .zip(list)
                .map(|(kr, v)| (kr.to_string(), v.clone()))
                .collect()
        };
        Typed {
            presence: form
                .presence
                .iter()
                .map(|(p, v)| (p.to_string(), v.clone()))
                .collect(),
            value: by_kr(&form.value),
            confidence: by_kr(&form.confidence),
            note: by_kr(&form.note),
            notes: Some(form.notes.clone()),
            decisions: Some(form.decisions.clone()),
        }
    }
}

#[derive(Debug, Serialize)]
struct Attendee {
    person_id: i32,
    name: String,
    presence: String,
}

async fn meeting_page(
    req: &HttpRequest,
    state: &AppState,
    me: &Identity,
    id: i32,
    status: StatusCode,
    errors: &FieldErrors,
    typed: &Typed,
) -> Result<HttpResponse, AppError> {
    let (who, today) = (me.clone(), me.today());
    let view = state
        .db
        .run(move |c| {
            let org_id = who.org_id;
            let meeting = meetings::find(c, org_id, id)?;
            let series = meetings::find_series(c, org_id, meeting.series_id)?;
            let team = teams::find(c, org_id, meeting.team_id)?;
            // The roster and the check-ins made: only for those who may see the team's people.
            let sees_people = access::may_see_people(c, &who, team.id)?;
            let recorded: BTreeMap<i32, String> = meetings::attendance_of(c, org_id, id)?
                .into_iter()
                .collect();
            // The roster: the team's members on the meeting's day, present unless recorded.
            let attendees: Vec<Attendee> = teams::members(c, org_id, team.id)?
                .into_iter()
                .filter(|m| m.joined_on <= meeting.local_date)
                .filter(|m| m.left_on.is_none_or(|left| left >= meeting.local_date))
                .filter(|_| sees_people)
                .map(|m| Attendee {
                    presence: recorded
                        .get(&m.person_id)
                        .cloned()
                        .unwrap_or_else(|| Presence::Present.code().into()),
                    person_id: m.person_id,
                    name: m.name,
                })
                .collect();
            let period = who.periods.of(meeting.local_date);
            let register: Vec<Okr> = okrs::for_team(c, org_id, team.id, &period)?
                .into_iter()
                .filter(|o| o.objective.status == "active" || o.objective.status == "draft")
                .collect();
            let during = if sees_people {
                meetings::check_ins_of(c, org_id, id)?
            } else {
                Vec::new()
            };
            let editable = okrs::may_edit(c, &who, team.id)?;
            Ok::<_, crate::domain::Error>((
                meeting, series, team, attendees, register, during, editable, period,
            ))
        })
        .await?;
    let (meeting, series, team, attendees, register, during, editable, period) = view;
    page_with_status(
        req,
        status,
        "meetings/meeting.html",
        context!(
            "state" => meeting.state(today),
            "meeting" => meeting,
            "series" => series,
            "team" => team,
            "attendees" => attendees,
            "okrs" => register,
            "during" => during,
            "editable" => editable,
            "period" => period,
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
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let (no_errors, typed) = (FieldErrors::default(), Typed::default());
    let id = id.into_inner();
    meeting_page(&req, &state, &me, id, StatusCode::OK, &no_errors, &typed).await
}

async fn editable_meeting(state: &AppState, me: &Identity, id: i32) -> Result<Meeting, AppError> {
    let org_id = me.org_id;
    let meeting = state.db.run(move |c| meetings::find(c, org_id, id)).await?;
    super::check_team_edit(state, me, meeting.team_id).await?;
    Ok(meeting)
}

/// `POST /meetings/{id}`: save attendance, check-ins, notes and decisions; with `held`,
/// mark the meeting held.
pub async fn save_meeting(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<i32>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let form = MeetingForm::from_pairs(pairs)?;
    let meeting = editable_meeting(&state, &me, id.into_inner()).await?;
    let (org_id, mid, by) = (me.org_id, meeting.id, me.person_id);
    let result = super::save_form(&state, form.record(), move |c, r: MeetingRecord| {
        meetings::record(c, org_id, mid, by, &r)
    })
    .await?;
    match result {
        Ok(saved) => {
            let key = if saved.status == "held" {
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
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            meeting_page(&req, &state, &me, mid, status, &errors, &Typed::of(&form)).await
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
    id: web::Path<i32>,
    Form(form): Form<CancelForm>,
) -> Result<HttpResponse, AppError> {
    let meeting = editable_meeting(&state, &me, id.into_inner()).await?;
    let (org_id, mid, cancelled) = (me.org_id, meeting.id, form.restore.is_none());
    match super::form_errors(
        state
            .db
            .write(move |c| meetings::set_cancelled(c, org_id, mid, cancelled))
            .await,
    )? {
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
    id: web::Path<i32>,
    Form(form): Form<MoveForm>,
) -> Result<HttpResponse, AppError> {
    let meeting = editable_meeting(&state, &me, id.into_inner()).await?;
    let day = NaiveDate::parse_from_str(form.date.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::BadRequest("error-bad-date"))?;
    let time = NaiveTime::parse_from_str(form.time.trim(), "%H:%M")
        .map_err(|_| AppError::BadRequest("error-bad-time"))?;
    let (org_id, mid, tz) = (me.org_id, meeting.id, me.time_zone.clone());
    state
        .db
        .write(move |c| meetings::move_meeting(c, org_id, mid, &tz, day, time))
        .await?;
    Ok(redirect_with(
        &req,
        &format!("/meetings/{mid}"),
        Flash::success("flash-meeting-moved"),
    ))
}

/// `POST /meetings/series/{id}/feed`: a new calendar link for the series (the old one stops
/// working); the link is shown once.
pub async fn new_feed(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<i32>,
    Form(_): Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    let (org_id, id) = (me.org_id, id.into_inner());
    let series = state
        .db
        .run(move |c| meetings::find_series(c, org_id, id))
        .await?;
    super::check_team_edit(&state, &me, series.team_id).await?;
    let token = state
        .db
        .write(move |c| meetings::calendar::new_feed(c, org_id, id))
        .await?;
    page_with_status(
        &req,
        StatusCode::OK,
        "meetings/feed.html",
        context!(
            "series" => series,
            "url" => format!("{}/calendar/{token}.ics", state.base_url),
            "webcal" => format!("{}/calendar/{token}.ics", state.base_url)
                .replacen("https://", "webcal://", 1)
                .replacen("http://", "webcal://", 1),
        ),
    )
}

/// `POST /meetings/series/{id}/feed/revoke`
pub async fn revoke_feed(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<i32>,
    Form(_): Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    let (org_id, id) = (me.org_id, id.into_inner());
    let series = state
        .db
        .run(move |c| meetings::find_series(c, org_id, id))
        .await?;
    super::check_team_edit(&state, &me, series.team_id).await?;
    state
        .db
        .write(move |c| meetings::calendar::revoke_feed(c, org_id, id))
        .await?;
    Ok(redirect_with(
        &req,
        &format!("/teams/{}/meetings", series.team_id),
        Flash::success("flash-feed-revoked"),
    ))
}

/// `GET /calendar/{secret}.ics`: the series' meetings as iCalendar, for calendar apps
/// (no sign-in: the secret is the key).
pub async fn calendar(
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let token = token.into_inner();
    let token = token.strip_suffix(".ics").unwrap_or(&token).to_owned();
    let host = state
        .base_url
        .split("://")
        .nth(1)
        .unwrap_or("hverdag")
        .to_owned();
    let body = state
        .db
        .run(move |c| {
            let (series, all) = meetings::calendar::feed(c, &token)?;
            let team = teams::find(c, series.org_id, series.team_id)?;
            let org = crate::domain::org::find(c, series.org_id)?;
            let kind =
                crate::text::mail::followup::series_name(org.locale(), &series, org.periods());
            let title = format!("{kind} · {}", team.name);
            Ok::<_, crate::domain::Error>(meetings::calendar::to_ics(&series, &all, &title, &host))
        })
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .insert_header(("Cache-Control", "private, max-age=300"))
        .body(body))
}

#[derive(Deserialize)]
pub struct ExportQuery {
    what: String,
    team: Option<i32>,
    period: String,
}

/// `GET /meetings/export.csv?what=meetings|attendance|check-ins&period=2027-Q1&team=`: one
/// team's (for those who may see its people) or the whole organisation's (for those who may
/// see everyone's): the rule of `domain::access`.
pub async fn export(
    state: web::Data<AppState>,
    Auth(me): Auth,
    query: web::Query<ExportQuery>,
) -> Result<HttpResponse, AppError> {
    let what = meetings::export::Export::parse(&query.what)
        .ok_or(AppError::BadRequest("error-bad-request"))?;
    let (from, to) =
        periods::days(&query.period).ok_or(AppError::BadRequest("error-bad-period"))?;
    let (org_id, team, today) = (me.org_id, query.team, me.today());
    let body = state
        .db
        .run(move |c| {
            match team {
                Some(team) => {
                    teams::find(c, org_id, team)?;
                    access::ensure_may_see_people(c, &me, team)?;
                }
                None => access::ensure_may_see_everyone(&me)?,
            }
            meetings::export::csv(c, org_id, team, what, from, to, today)
        })
        .await?;
    let name = format!(
        "{}-{}{}.csv",
        query.what,
        query.period,
        team.map(|t| format!("-team-{t}")).unwrap_or_default()
    );
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{name}\""),
        ))
        .body(body))
}

#[derive(actix_multipart::form::MultipartForm)]
pub struct HistoryUpload {
    csrf_token: actix_multipart::form::text::Text<String>,
    #[multipart(limit = "2MB")]
    file: Option<actix_multipart::form::bytes::Bytes>,
}

fn history_page(
    req: &HttpRequest,
    status: StatusCode,
    team: &teams::Team,
    file_error: Option<&str>,
    rows: &[meetings::history::RowError],
) -> Result<HttpResponse, AppError> {
    page_with_status(
        req,
        status,
        "meetings/import.html",
        context!("team" => team, "file_error" => file_error, "row_errors" => rows),
    )
}

async fn editable_team(state: &AppState, me: &Identity, id: i32) -> Result<teams::Team, AppError> {
    let org_id = me.org_id;
    let team = state.db.run(move |c| teams::find(c, org_id, id)).await?;
    super::check_team_edit(state, me, team.id).await?;
    Ok(team)
}

/// `GET /teams/{id}/meetings/import`
pub async fn history_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let team = editable_team(&state, &me, id.into_inner()).await?;
    history_page(&req, StatusCode::OK, &team, None, &[])
}

/// `POST /teams/{id}/meetings/import`: all rows or none.
pub async fn import_history(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<i32>,
    actix_multipart::form::MultipartForm(upload): actix_multipart::form::MultipartForm<
        HistoryUpload,
    >,
) -> Result<HttpResponse, AppError> {
    crate::web::forms::check_csrf(&req, &upload.csrf_token)?;
    let team = editable_team(&state, &me, id.into_inner()).await?;
    let text = match upload.file.filter(|f| !f.data.is_empty()) {
        Some(file) => String::from_utf8(file.data.to_vec())
            .map_err(|_| AppError::BadRequest("import-error-encoding"))?,
        None => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return history_page(&req, status, &team, Some("history-error-empty"), &[]);
        }
    };
    let (org_id, team_id, tz, today) = (me.org_id, team.id, me.time_zone.clone(), me.today());
    let imported = state
        .db
        .write(move |c| {
            Ok::<_, crate::domain::Error>(
                match meetings::history::plan(c, org_id, team_id, &text, today)? {
                    Ok(rows) => Ok(meetings::history::apply(c, org_id, team_id, &tz, &rows)?),
                    Err(problems) => Err(problems),
                },
            )
        })
        .await?;
    match imported {
        Ok(n) => Ok(redirect_with(
            &req,
            &format!("/teams/{team_id}/meetings"),
            Flash::success("flash-history-imported").arg("count", n),
        )),
        Err((file_error, rows)) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            history_page(&req, status, &team, file_error, &rows)
        }
    }
}
