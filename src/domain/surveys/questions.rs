//! A survey's questions: written, edited, removed and reordered until the first invitation
//! goes out.

use diesel::prelude::*;
use serde::Deserialize;

use super::{Question, QuestionKind, find, invitation_count};
use crate::db::schema::survey_questions;
use crate::domain::ids::{OrgId, QuestionId, SurveyId};
use crate::domain::{DbConn, Error, FieldErrors, Result};

/// A question as written or edited.
#[derive(Debug, Clone, Deserialize)]
pub struct QuestionInput {
    pub kind: QuestionKind,
    pub prompt: String,
    /// One option per line (choice questions only).
    #[serde(default)]
    pub options: String,
    pub required: bool,
}

impl QuestionInput {
    fn validate(&self) -> Result<()> {
        let mut errors = FieldErrors::default();
        let n = self.prompt.trim().chars().count();
        if n == 0 || n > 500 {
            errors.add("prompt", "field-prompt-length");
        }
        let options: Vec<&str> = self
            .options
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        if self.kind.has_options()
            && (options.len() < 2
                || options.len() > 12
                || options.iter().any(|o| o.chars().count() > 200))
        {
            errors.add("options", "field-options");
        }
        errors.into_result()
    }

    fn clean_options(&self) -> String {
        if !self.kind.has_options() {
            return String::new();
        }
        self.options
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

pub fn questions(conn: &mut DbConn, org_id: OrgId, survey_id: SurveyId) -> Result<Vec<Question>> {
    Ok(survey_questions::table
        .filter(survey_questions::org_id.eq(org_id))
        .filter(survey_questions::survey_id.eq(survey_id))
        .order((survey_questions::position.asc(), survey_questions::id.asc()))
        .select(Question::as_select())
        .load(conn)?)
}

pub fn question(
    conn: &mut DbConn,
    org_id: OrgId,
    survey_id: SurveyId,
    id: QuestionId,
) -> Result<Question> {
    questions(conn, org_id, survey_id)?
        .into_iter()
        .find(|q| q.id == id)
        .ok_or(Error::NotFound)
}

/// Questions can change only until the first invitation goes out.
fn ensure_editable(conn: &mut DbConn, org_id: OrgId, survey_id: SurveyId) -> Result<()> {
    find(conn, org_id, survey_id)?;
    if invitation_count(conn, survey_id)? > 0 {
        return Err(FieldErrors::single("prompt", "field-questions-locked"));
    }
    Ok(())
}

pub fn add_question(
    conn: &mut DbConn,
    org_id: OrgId,
    survey_id: SurveyId,
    input: &QuestionInput,
) -> Result<i32> {
    ensure_editable(conn, org_id, survey_id)?;
    input.validate()?;
    let position = questions(conn, org_id, survey_id)?
        .last()
        .map_or(0, |q| q.position + 1);
    Ok(diesel::insert_into(survey_questions::table)
        .values((
            survey_questions::org_id.eq(org_id),
            survey_questions::survey_id.eq(survey_id),
            survey_questions::position.eq(position),
            survey_questions::kind.eq(input.kind),
            survey_questions::prompt.eq(input.prompt.trim()),
            survey_questions::options.eq(input.clean_options()),
            survey_questions::required.eq(input.required),
        ))
        .returning(survey_questions::id)
        .get_result(conn)?)
}

pub fn update_question(
    conn: &mut DbConn,
    org_id: OrgId,
    survey_id: SurveyId,
    id: QuestionId,
    input: &QuestionInput,
) -> Result<()> {
    question(conn, org_id, survey_id, id)?;
    ensure_editable(conn, org_id, survey_id)?;
    input.validate()?;
    diesel::update(survey_questions::table.find(id))
        .set((
            survey_questions::kind.eq(input.kind),
            survey_questions::prompt.eq(input.prompt.trim()),
            survey_questions::options.eq(input.clean_options()),
            survey_questions::required.eq(input.required),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn delete_question(
    conn: &mut DbConn,
    org_id: OrgId,
    survey_id: SurveyId,
    id: QuestionId,
) -> Result<()> {
    question(conn, org_id, survey_id, id)?;
    ensure_editable(conn, org_id, survey_id)?;
    diesel::delete(survey_questions::table.find(id)).execute(conn)?;
    Ok(())
}

/// Moves a question one place up or down.
pub fn move_question(
    conn: &mut DbConn,
    org_id: OrgId,
    survey_id: SurveyId,
    id: QuestionId,
    up: bool,
) -> Result<()> {
    ensure_editable(conn, org_id, survey_id)?;
    let mut order: Vec<QuestionId> = questions(conn, org_id, survey_id)?
        .iter()
        .map(|q| q.id)
        .collect();
    if crate::domain::move_one(&mut order, id, up)? {
        for (position, qid) in order.iter().enumerate() {
            diesel::update(survey_questions::table.find(qid))
                .set(survey_questions::position.eq(position as i32))
                .execute(conn)?;
        }
    }
    Ok(())
}
