//! Surveys: ordered questions (scale 1–5, single choice, multiple choice, free text), open and
//! close dates, anonymous by default. Invitations, answering and results live in the
//! submodules; anonymity is a property of the schema (see `answers`) and of the rules in
//! `anonymity` (smallest group, folding, finality).

pub mod anonymity;
pub mod answers;
pub mod export;
pub mod invitations;
pub mod pulse;
mod questions;
pub mod results;
mod template;

use chrono::NaiveDate;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

pub use questions::{
    QuestionInput, add_question, delete_question, move_question, question, questions,
    update_question,
};
pub use template::pre_workshop_template;

use super::{DbConn, FieldErrors, Result, now};
use crate::db::schema::{
    rollouts, survey_invitations, survey_questions, survey_responses, surveys,
};
use crate::domain::ids::{OrgId, QuestionId, RolloutId, SurveyId};

/// Smallest group whose results are shown by default.
pub const MIN_GROUP_SIZE_DEFAULT: i32 = 5;
pub const REMINDER_DAYS_DEFAULT: i32 = 2;

crate::domain::codes::text_enum! {
    #[derive(Serialize, Deserialize, utoipa::ToSchema)]
    #[serde(rename_all = "lowercase")]
    pub enum QuestionKind {
        Scale = "scale",
        Single = "single",
        Multiple = "multiple",
        Text = "text",
    }
}

impl QuestionKind {
    pub fn has_options(self) -> bool {
        matches!(self, QuestionKind::Single | QuestionKind::Multiple)
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = surveys)]
pub struct Survey {
    pub id: SurveyId,
    #[serde(skip)]
    pub org_id: OrgId,
    pub rollout_id: Option<RolloutId>,
    pub title: String,
    pub intro: String,
    pub anonymous: bool,
    pub min_group_size: i32,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    pub reminder_days: i32,
    pub reminder_sent_at: Option<chrono::NaiveDateTime>,
    pub closed_at: Option<chrono::NaiveDateTime>,
    pub created_at: chrono::NaiveDateTime,
    /// The survey this one re-runs (a pulse survey), if any.
    pub baseline_id: Option<SurveyId>,
}

/// Where a survey stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
#[schema(as = SurveyStatus)]
pub enum Status {
    /// Not yet open (before `opens_on`).
    Scheduled,
    Open,
    Closed,
}

impl Survey {
    pub fn status(&self, today: NaiveDate) -> Status {
        if self.closed_at.is_some() || today > self.closes_on {
            Status::Closed
        } else if today < self.opens_on {
            Status::Scheduled
        } else {
            Status::Open
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = survey_questions)]
pub struct Question {
    pub id: QuestionId,
    #[serde(skip)]
    pub org_id: OrgId,
    pub survey_id: SurveyId,
    pub position: i32,
    pub kind: QuestionKind,
    pub prompt: String,
    pub options: String,
    pub required: bool,
}

impl Question {
    /// The answer options of a choice question, one per line.
    pub fn option_list(&self) -> Vec<&str> {
        self.options
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect()
    }
}

/// Settings of a survey.
#[derive(Debug, Clone, Deserialize)]
pub struct SurveyInput {
    pub title: String,
    #[serde(default)]
    pub intro: String,
    pub anonymous: bool,
    pub min_group_size: i32,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    pub reminder_days: i32,
    pub rollout_id: Option<RolloutId>,
}

impl SurveyInput {
    fn validate(&self, conn: &mut DbConn, org_id: OrgId) -> Result<()> {
        let mut errors = FieldErrors::default();
        let n = self.title.trim().chars().count();
        if n == 0 || n > 200 {
            errors.add("title", "field-title-length");
        }
        if self.intro.chars().count() > 4000 {
            errors.add("intro", "field-intro-length");
        }
        anonymity::check_min_group(self.min_group_size, &mut errors);
        if self.closes_on < self.opens_on {
            errors.add("closes_on", "field-end-before-start");
        }
        if !(0..=30).contains(&self.reminder_days) {
            errors.add("reminder_days", "field-reminder-days");
        }
        if let Some(rollout_id) = self.rollout_id {
            let found: i64 = rollouts::table
                .filter(rollouts::org_id.eq(org_id))
                .filter(rollouts::id.eq(rollout_id))
                .count()
                .get_result(conn)?;
            if found == 0 {
                errors.add("rollout_id", "field-rollout-unknown");
            }
        }
        errors.into_result()
    }
}

/// The columns a survey's settings set, as created or changed.
#[derive(Insertable, AsChangeset)]
#[diesel(table_name = surveys, treat_none_as_null = true)]
struct Columns<'a> {
    rollout_id: Option<RolloutId>,
    title: &'a str,
    intro: &'a str,
    anonymous: bool,
    min_group_size: i32,
    opens_on: NaiveDate,
    closes_on: NaiveDate,
    reminder_days: i32,
}

impl SurveyInput {
    fn columns(&self) -> Columns<'_> {
        Columns {
            rollout_id: self.rollout_id,
            title: self.title.trim(),
            intro: self.intro.trim(),
            anonymous: self.anonymous,
            min_group_size: self.min_group_size,
            opens_on: self.opens_on,
            closes_on: self.closes_on,
            reminder_days: self.reminder_days,
        }
    }
}

/// Creates a survey, with `questions` (e.g. from [`pre_workshop_template`]) in order.
pub fn create(
    conn: &mut DbConn,
    org_id: OrgId,
    input: &SurveyInput,
    questions: &[QuestionInput],
) -> Result<Survey> {
    input.validate(conn, org_id)?;
    let survey: Survey = diesel::insert_into(surveys::table)
        .values((
            surveys::org_id.eq(org_id),
            input.columns(),
            surveys::created_at.eq(now()),
        ))
        .returning(surveys::all_columns)
        .get_result(conn)?;
    for q in questions {
        add_question(conn, org_id, survey.id, q)?;
    }
    Ok(survey)
}

/// Changes a survey's settings. Once invitations are out, anonymity cannot change and the
/// smallest group can only grow; once the survey is final (see [`anonymity::is_final`]), its
/// dates, anonymity and smallest group cannot change at all — only title, introduction,
/// rollout and reminder days.
pub fn update(
    conn: &mut DbConn,
    org_id: OrgId,
    id: SurveyId,
    input: &SurveyInput,
) -> Result<Survey> {
    let current = find(conn, org_id, id)?;
    input.validate(conn, org_id)?;
    let today = super::org::today(conn, org_id)?;
    if anonymity::is_final(conn, &current, today)? {
        anonymity::fixed_once_final(&current, input).into_result()?;
    }
    // Once invitations are out, nothing may weaken the anonymity people were promised.
    if invitation_count(conn, id)? > 0 {
        let mut errors = FieldErrors::default();
        if current.anonymous != input.anonymous {
            errors.add("anonymous", "field-anonymity-locked");
        }
        if input.min_group_size < current.min_group_size {
            errors.add("min_group_size", "field-min-group-locked");
        }
        errors.into_result()?;
    }
    Ok(diesel::update(surveys::table.find(id))
        .set(input.columns())
        .returning(surveys::all_columns)
        .get_result(conn)?)
}

/// Closes a survey now: its links stop working. Seal the responses afterwards (outside this
/// transaction, see [`answers::seal`]) before anyone sees results.
pub fn close(conn: &mut DbConn, org_id: OrgId, id: SurveyId) -> Result<()> {
    find(conn, org_id, id)?;
    diesel::update(surveys::table.find(id))
        .set(surveys::closed_at.eq(Some(now())))
        .execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConn, org_id: OrgId, id: SurveyId) -> Result<Survey> {
    crate::domain::find_in_org!(surveys, Survey, conn, org_id, id)
}

/// A survey with its counts, for lists.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SurveySummary {
    #[serde(flatten)]
    pub survey: Survey,
    pub status: Status,
    pub invited: i64,
    pub responses: i64,
}

pub fn list(conn: &mut DbConn, org_id: OrgId, today: NaiveDate) -> Result<Vec<SurveySummary>> {
    let all: Vec<Survey> = surveys::table
        .filter(surveys::org_id.eq(org_id))
        .order(surveys::opens_on.desc())
        .select(Survey::as_select())
        .load(conn)?;
    all.into_iter()
        .map(|survey| {
            Ok(SurveySummary {
                status: survey.status(today),
                invited: invitation_count(conn, survey.id)?,
                responses: response_count(conn, survey.id)?,
                survey,
            })
        })
        .collect()
}

pub fn invitation_count(conn: &mut DbConn, survey_id: SurveyId) -> Result<i64> {
    Ok(survey_invitations::table
        .filter(survey_invitations::survey_id.eq(survey_id))
        .count()
        .get_result(conn)?)
}

pub fn response_count(conn: &mut DbConn, survey_id: SurveyId) -> Result<i64> {
    Ok(survey_responses::table
        .filter(survey_responses::survey_id.eq(survey_id))
        .count()
        .get_result(conn)?)
}
