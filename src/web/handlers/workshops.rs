//! Workshop set-up: the facilitator's list, the set-up form (agenda builder), a workshop's
//! page with its join code and QR code, and deleting a draft. The rooms are in
//! `workshop_rooms`, the outcome in `workshop_outcome`.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::{errors_value, form_errors};
use crate::context;
use crate::domain::cases;
use crate::domain::identity::Identity;
use crate::domain::ids::{RolloutId, TeamId, WorkshopId};
use crate::domain::okrs;
use crate::domain::workshops::{self, Workshop};
use crate::domain::{FieldErrors, Locale, rollouts, teams};
use crate::live::agenda::{Agenda, Step, StepKind};
use crate::web::AppState;
use crate::web::auth::Facilitator;
use crate::web::errors::AppError;
use crate::web::forms::Form;
use crate::web::render::{Flash, locale, page, page_with_status, redirect_with};

/// Empty step rows offered below the agenda's steps in the form.
const SPARE_ROWS: usize = 3;

#[derive(Deserialize)]
pub struct PageQuery {
    page: Option<i64>,
}

/// `GET /workshops`: the organisation's workshops, newest first.
pub async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    Facilitator(me): Facilitator,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let page_no = query.page;
    let found = state
        .db
        .run(move |c| workshops::list(c, me.org_id, page_no))
        .await?;
    page(
        &req,
        "workshops/list.html",
        context!(
            "workshops" => found.items,
            "page" => found.page,
            "pages" => found.pages(),
            "total" => found.total,
        ),
    )
}

/// One row of the agenda builder.
#[derive(Debug, Default, Clone, Serialize)]
struct StepRow {
    kind: String,
    minutes: String,
    text: String,
    case: String,
}

/// The set-up form as submitted: step rows come as parallel lists.
#[derive(Debug, Default, Deserialize)]
pub struct WorkshopForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    locale: String,
    #[serde(default)]
    rollout_id: String,
    #[serde(default)]
    team_id: Vec<TeamId>,
    #[serde(default)]
    votes_per_person: String,
    #[serde(default)]
    top_objectives: String,
    #[serde(default)]
    anonymous: Option<String>,
    #[serde(default)]
    hidden_tallies: Option<String>,
    #[serde(default)]
    participants_group: Option<String>,
    #[serde(default)]
    step_kind: Vec<String>,
    #[serde(default)]
    step_minutes: Vec<String>,
    #[serde(default)]
    step_text: Vec<String>,
    #[serde(default)]
    step_case: Vec<String>,
}

/// What the form needs to show, parsed or not.
struct Parsed {
    title: String,
    locale: Locale,
    rollout_id: Option<RolloutId>,
    team_ids: Vec<TeamId>,
    agenda: Agenda,
}

impl WorkshopForm {
    fn rows(&self) -> Vec<StepRow> {
        let at = |v: &Vec<String>, i: usize| v.get(i).cloned().unwrap_or_default();
        (0..self.step_kind.len())
            .map(|i| StepRow {
                kind: at(&self.step_kind, i),
                minutes: at(&self.step_minutes, i),
                text: at(&self.step_text, i),
                case: at(&self.step_case, i),
            })
            .collect()
    }

    fn parse(&self) -> Result<Parsed, FieldErrors> {
        let mut errors = FieldErrors::default();
        let locale = Locale::parse(&self.locale).unwrap_or_else(|| {
            errors.add("locale", "field-locale-invalid");
            Locale::En
        });
        let rollout_id = match self.rollout_id.trim() {
            "" => None,
            id => id.parse().ok().or_else(|| {
                errors.add("rollout_id", "field-rollout-unknown");
                None
            }),
        };
        let number = |errors: &mut FieldErrors, field, text: &str| -> u32 {
            text.trim().parse().unwrap_or_else(|_| {
                errors.add(field, "field-number-invalid");
                0
            })
        };
        let votes_per_person = number(&mut errors, "votes_per_person", &self.votes_per_person);
        let top_objectives = number(&mut errors, "top_objectives", &self.top_objectives);
        let mut steps = Vec::new();
        for row in self.rows() {
            let Some(kind) = StepKind::parse(row.kind.trim()) else {
                if !row.kind.trim().is_empty() {
                    errors.add("agenda", "field-agenda-kind");
                }
                continue;
            };
            let minutes = match row.minutes.trim() {
                "" => None,
                m => Some(number(&mut errors, "agenda", m)),
            };
            let text = Some(row.text.trim().to_owned()).filter(|t| !t.is_empty());
            let case = Some(row.case.trim().to_owned()).filter(|c| !c.is_empty());
            steps.push(Step {
                kind,
                minutes,
                text: text.filter(|_| kind == StepKind::Intro),
                case: case.filter(|_| kind == StepKind::Practice),
            });
        }
        let parsed = Parsed {
            title: self.title.clone(),
            locale,
            rollout_id,
            team_ids: self.team_id.clone(),
            agenda: Agenda {
                steps,
                votes_per_person,
                anonymous: self.anonymous.is_some(),
                hidden_tallies: self.hidden_tallies.is_some(),
                participants_group: self.participants_group.is_some(),
                top_objectives,
            },
        };
        if errors.is_empty() {
            Ok(parsed)
        } else {
            Err(errors)
        }
    }

    /// The form's agenda part filled in from an agenda.
    fn from_agenda(agenda: &Agenda) -> WorkshopForm {
        let on = |b: bool| b.then(|| "on".to_owned());
        let mut form = WorkshopForm {
            votes_per_person: agenda.votes_per_person.to_string(),
            top_objectives: agenda.top_objectives.to_string(),
            anonymous: on(agenda.anonymous),
            hidden_tallies: on(agenda.hidden_tallies),
            participants_group: on(agenda.participants_group),
            ..WorkshopForm::default()
        };
        for step in &agenda.steps {
            form.step_kind.push(step.kind.code().into());
            form.step_minutes
                .push(step.minutes.map(|m| m.to_string()).unwrap_or_default());
            form.step_text.push(step.text.clone().unwrap_or_default());
            form.step_case.push(step.case.clone().unwrap_or_default());
        }
        form
    }

    /// The form filled in from a stored workshop.
    fn of(w: &Workshop, team_ids: Vec<TeamId>) -> WorkshopForm {
        WorkshopForm {
            title: w.title.clone(),
            locale: w.locale.clone(),
            rollout_id: w.rollout_id.map(|r| r.to_string()).unwrap_or_default(),
            team_id: team_ids,
            ..WorkshopForm::from_agenda(&w.agenda())
        }
    }

    /// The default agenda, with the bakery as its practice case.
    fn standard(locale: Locale) -> WorkshopForm {
        let mut agenda = Agenda::standard();
        for step in &mut agenda.steps {
            if step.kind == StepKind::Practice {
                step.case = Some("builtin:bakery".into());
            }
        }
        WorkshopForm {
            locale: locale.code().into(),
            ..WorkshopForm::from_agenda(&agenda)
        }
    }
}

#[derive(Serialize)]
struct Choices {
    rollouts: Vec<(RolloutId, String)>,
    teams: Vec<(TeamId, String)>,
    cases: Vec<(String, String)>,
}

async fn choices(state: &AppState, me: &Identity, reader: Locale) -> Result<Choices, AppError> {
    let (org_id, today) = (me.org_id, me.today());
    Ok(state
        .db
        .run(move |c| {
            Ok::<_, crate::domain::Error>(Choices {
                rollouts: rollouts::list(c, org_id, today)?
                    .into_iter()
                    .map(|r| (r.rollout.id, r.rollout.name))
                    .collect(),
                teams: teams::all(c, org_id)?
                    .into_iter()
                    .map(|t| (t.id, t.name))
                    .collect(),
                cases: cases::list(c, org_id, reader)?
                    .into_iter()
                    .filter(|case| !case.archived)
                    .map(|case| (case.case_ref.to_string(), case.title))
                    .collect(),
            })
        })
        .await?)
}

async fn form_page(
    req: &HttpRequest,
    state: &AppState,
    me: &Identity,
    status: StatusCode,
    id: Option<WorkshopId>,
    form: &WorkshopForm,
    errors: &FieldErrors,
) -> Result<HttpResponse, AppError> {
    let mut rows = form.rows();
    rows.extend(std::iter::repeat_n(StepRow::default(), SPARE_ROWS));
    let kinds: Vec<&str> = StepKind::ALL.iter().map(|k| k.code()).collect();
    page_with_status(
        req,
        status,
        "workshops/form.html",
        context!(
            "id" => id,
            "form_title" => form.title,
            "form_locale" => form.locale,
            "rollout_id" => form.rollout_id,
            "team_ids" => form.team_id,
            "votes_per_person" => form.votes_per_person,
            "top_objectives" => form.top_objectives,
            "anonymous" => form.anonymous.is_some(),
            "hidden_tallies" => form.hidden_tallies.is_some(),
            "participants_group" => form.participants_group.is_some(),
            "rows" => rows,
            "kinds" => kinds,
            "choices" => choices(state, me, locale(req)).await?,
            "errors" => errors_value(errors),
        ),
    )
}

/// `GET /workshops/new`: the set-up form with the default agenda.
pub async fn new_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    Facilitator(me): Facilitator,
) -> Result<HttpResponse, AppError> {
    let mut form = WorkshopForm::standard(locale(&req));
    if let Some(rollout) =
        web::Query::<std::collections::HashMap<String, String>>::from_query(req.query_string())
            .ok()
            .and_then(|q| q.get("rollout").cloned())
    {
        form.rollout_id = rollout;
    }
    let no_errors = FieldErrors::default();
    form_page(&req, &state, &me, StatusCode::OK, None, &form, &no_errors).await
}

/// `POST /workshops`
pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    Facilitator(me): Facilitator,
    Form(form): Form<WorkshopForm>,
) -> Result<HttpResponse, AppError> {
    let (org_id, person_id) = (me.org_id, me.person_id);
    let result = super::save_form(&state, form.parse(), move |c, p: Parsed| {
        let w = workshops::create(
            c,
            org_id,
            person_id,
            &p.title,
            p.locale,
            &p.agenda,
            p.rollout_id,
        )?;
        workshops::set_teams(c, &w, &p.team_ids)?;
        Ok(w)
    })
    .await?;
    match result {
        Ok(w) => Ok(redirect_with(
            &req,
            &format!("/workshops/{}", w.id),
            Flash::success("flash-workshop-created").arg("name", w.title),
        )),
        Err(errors) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            form_page(&req, &state, &me, status, None, &form, &errors).await
        }
    }
}

/// `GET /workshops/{id}/edit`: change a workshop that has not started.
pub async fn edit_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    Facilitator(me): Facilitator,
    id: web::Path<WorkshopId>,
) -> Result<HttpResponse, AppError> {
    let w = find(&state, &me, id.into_inner()).await?;
    may_steer(&me, &w)?;
    if w.status != workshops::Status::Draft {
        return Ok(redirect_with(
            &req,
            &format!("/workshops/{}", w.id),
            Flash::error("flash-workshop-started"),
        ));
    }
    let (org_id, wid) = (me.org_id, w.id);
    let teams_ = state
        .db
        .run(move |c| workshops::teams_of(c, org_id, wid))
        .await?;
    let form = WorkshopForm::of(&w, teams_.into_iter().map(|(id, _)| id).collect());
    let no_errors = FieldErrors::default();
    form_page(
        &req,
        &state,
        &me,
        StatusCode::OK,
        Some(w.id),
        &form,
        &no_errors,
    )
    .await
}

/// `POST /workshops/{id}`
pub async fn update(
    req: HttpRequest,
    state: web::Data<AppState>,
    Facilitator(me): Facilitator,
    id: web::Path<WorkshopId>,
    Form(form): Form<WorkshopForm>,
) -> Result<HttpResponse, AppError> {
    let w = find(&state, &me, id.into_inner()).await?;
    may_steer(&me, &w)?;
    let (org_id, wid) = (me.org_id, w.id);
    let result = super::save_form(&state, form.parse(), move |c, p: Parsed| {
        let w =
            workshops::update_draft(c, org_id, wid, &p.title, p.locale, &p.agenda, p.rollout_id)?;
        workshops::set_teams(c, &w, &p.team_ids)?;
        Ok(w)
    })
    .await?;
    match result {
        Ok(w) => Ok(redirect_with(
            &req,
            &format!("/workshops/{}", w.id),
            Flash::success("flash-workshop-saved").arg("name", w.title),
        )),
        Err(errors) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            form_page(&req, &state, &me, status, Some(wid), &form, &errors).await
        }
    }
}

pub(super) async fn find(
    state: &AppState,
    me: &Identity,
    id: WorkshopId,
) -> Result<Workshop, AppError> {
    let org_id = me.org_id;
    Ok(state
        .db
        .run(move |c| workshops::find(c, org_id, id))
        .await?)
}

/// The workshop's own facilitator, or a leader, may change its outcome.
pub(super) fn may_steer(me: &Identity, w: &Workshop) -> Result<(), AppError> {
    if me.person_id == w.facilitator_id || me.has_role(crate::domain::people::Role::Leader) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

pub(super) fn join_url(state: &AppState, w: &Workshop) -> String {
    format!("{}/w/{}", state.base_url, w.join_code)
}

/// `GET /workshops/{id}`: the workshop, its agenda, join code and QR code.
pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    Facilitator(me): Facilitator,
    id: web::Path<WorkshopId>,
) -> Result<HttpResponse, AppError> {
    let w = find(&state, &me, id.into_inner()).await?;
    let (org_id, wid) = (me.org_id, w.id);
    let (teams_, participants, saved) = state
        .db
        .run(move |c| {
            Ok::<_, crate::domain::Error>((
                workshops::teams_of(c, org_id, wid)?,
                workshops::participants(c, wid)?.len(),
                okrs::from_workshop(c, org_id, wid)?.len(),
            ))
        })
        .await?;
    page(
        &req,
        "workshops/show.html",
        context!(
            "workshop" => w,
            "agenda" => w.agenda(),
            "teams" => teams_,
            "participants" => participants,
            "saved" => saved,
            "join_url" => join_url(&state, &w),
            "is_facilitator" => me.person_id == w.facilitator_id,
        ),
    )
}

/// `GET /workshops/{id}/qr.svg`: the join URL as a QR code.
pub async fn qr(
    state: web::Data<AppState>,
    Facilitator(me): Facilitator,
    id: web::Path<WorkshopId>,
) -> Result<HttpResponse, AppError> {
    let w = find(&state, &me, id.into_inner()).await?;
    let code = qrcode::QrCode::new(join_url(&state, &w).as_bytes()).map_err(AppError::internal)?;
    let svg = code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(240, 240)
        .quiet_zone(true)
        .build();
    Ok(HttpResponse::Ok()
        .content_type("image/svg+xml")
        .insert_header(("Cache-Control", "private, max-age=3600"))
        .body(svg))
}

/// `GET /workshops/{id}/delete`: confirm deleting a draft.
pub async fn confirm_delete(
    req: HttpRequest,
    state: web::Data<AppState>,
    Facilitator(me): Facilitator,
    id: web::Path<WorkshopId>,
) -> Result<HttpResponse, AppError> {
    let w = find(&state, &me, id.into_inner()).await?;
    may_steer(&me, &w)?;
    page(&req, "workshops/delete.html", context!("workshop" => w))
}

/// `POST /workshops/{id}/delete`
pub async fn delete(
    req: HttpRequest,
    state: web::Data<AppState>,
    Facilitator(me): Facilitator,
    id: web::Path<WorkshopId>,
    Form(_): Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    let w = find(&state, &me, id.into_inner()).await?;
    may_steer(&me, &w)?;
    let (org_id, wid) = (me.org_id, w.id);
    match form_errors(
        state
            .db
            .write(move |c| workshops::delete_draft(c, org_id, wid))
            .await,
    )? {
        Ok(()) => Ok(redirect_with(
            &req,
            "/workshops",
            Flash::success("flash-workshop-deleted").arg("name", w.title),
        )),
        Err(_) => Ok(redirect_with(
            &req,
            &format!("/workshops/{wid}"),
            Flash::error("flash-workshop-not-draft"),
        )),
    }
}
