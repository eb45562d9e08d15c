//! The workshop set-up form (the agenda builder): what was submitted, parsed into a
//! [`Setup`], and the form page, filled in from a stored workshop, from the default agenda, or
//! with what was typed when a save is refused.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};

use super::errors_value;
use crate::app::workshops::setup::{self as app, Setup};
use crate::context;
use crate::domain::identity::Identity;
use crate::domain::ids::{TeamId, WorkshopId};
use crate::domain::workshops::Workshop;
use crate::domain::{FieldErrors, Locale};
use crate::live::agenda::{Agenda, Step, StepKind};
use crate::web::AppState;
use crate::web::errors::AppError;
use crate::web::render::{locale, page_with_status};

/// Empty step rows offered below the agenda's steps in the form.
const SPARE_ROWS: usize = 3;

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
    pub(super) rollout_id: String,
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

    pub(super) fn parse(&self) -> Result<Setup, FieldErrors> {
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
        let parsed = Setup {
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
    pub(super) fn of(w: &Workshop, team_ids: Vec<TeamId>) -> WorkshopForm {
        WorkshopForm {
            title: w.title.clone(),
            locale: w.locale.clone(),
            rollout_id: w.rollout_id.map(|r| r.to_string()).unwrap_or_default(),
            team_id: team_ids,
            ..WorkshopForm::from_agenda(&w.agenda())
        }
    }

    /// The default agenda, with the bakery as its practice case.
    pub(super) fn standard(locale: Locale) -> WorkshopForm {
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

pub(super) async fn form_page(
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
            "choices" => app::choices(&state.db, me, locale(req)).await?,
            "errors" => errors_value(errors),
        ),
    )
}
