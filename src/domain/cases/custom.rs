//! An organisation's own cases: rows of `practice_cases`, each written in one language, checked
//! and stored, listed, found, changed and archived.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use super::{Case, CaseRef, TEXT_MAX, TITLE_MAX};
use crate::db::schema::practice_cases;
use crate::domain::ids::{CaseId, OrgId, PersonId};
use crate::domain::{DbConn, Error, FieldErrors, Locale, Result, now};

/// A case an organisation wrote itself.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Serialize)]
#[diesel(table_name = practice_cases)]
pub struct CustomCase {
    pub id: CaseId,
    #[serde(skip)]
    pub org_id: OrgId,
    pub title: String,
    pub situation: String,
    pub model_answer: String,
    pub locale: String,
    pub created_by: Option<PersonId>,
    pub created_at: NaiveDateTime,
    pub archived: bool,
}

impl CustomCase {
    pub fn into_case(self) -> Case {
        Case {
            case_ref: CaseRef::Custom(self.id),
            kind: "custom",
            key: None,
            id: Some(self.id),
            locale: Locale::parse(&self.locale).unwrap_or_default(),
            title: self.title,
            situation: self.situation,
            model_answer: self.model_answer,
            answer: None,
            archived: self.archived,
            created_at: Some(self.created_at),
        }
    }
}

/// Input for writing or editing a custom case.
#[derive(Debug, Clone, Deserialize)]
pub struct CaseInput {
    pub title: String,
    pub situation: String,
    #[serde(default)]
    pub model_answer: String,
    pub locale: Locale,
}

/// Trims a text and turns Windows and old Mac line endings (as browsers send them) into `\n`.
fn clean_text(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .trim()
        .to_owned()
}

impl CaseInput {
    /// The input as it is stored: trimmed, with `\n` line endings.
    pub fn normalised(&self) -> CaseInput {
        CaseInput {
            title: self.title.trim().to_owned(),
            situation: clean_text(&self.situation),
            model_answer: clean_text(&self.model_answer),
            locale: self.locale,
        }
    }

    /// Problems with the (normalised) input.
    pub fn validate(&self) -> FieldErrors {
        let mut errors = FieldErrors::default();
        let title = self.title.trim().chars().count();
        if title == 0 || title > TITLE_MAX || self.title.contains(['\n', '\r']) {
            errors.add("title", "field-case-title-length");
        }
        let situation = clean_text(&self.situation).chars().count();
        if situation == 0 || situation > TEXT_MAX {
            errors.add("situation", "field-case-situation-length");
        }
        if clean_text(&self.model_answer).chars().count() > TEXT_MAX {
            errors.add("model_answer", "field-case-answer-length");
        }
        errors
    }
}

/// The organisation's own cases, newest first; archived ones only when asked for.
pub fn list_custom(
    conn: &mut DbConn,
    org_id: OrgId,
    include_archived: bool,
) -> Result<Vec<CustomCase>> {
    let mut query = practice_cases::table
        .filter(practice_cases::org_id.eq(org_id))
        .into_boxed();
    if !include_archived {
        query = query.filter(practice_cases::archived.eq(false));
    }
    Ok(query
        .order((practice_cases::created_at.desc(), practice_cases::id.desc()))
        .select(CustomCase::as_select())
        .load(conn)?)
}
/// One of the organisation's own cases, archived or not.
pub fn find_custom(conn: &mut DbConn, org_id: OrgId, id: CaseId) -> Result<CustomCase> {
    crate::domain::find_in_org!(practice_cases, CustomCase, conn, org_id, id)
}

/// One of the organisation's own cases that is not archived (the ones that can change).
pub fn find_active(conn: &mut DbConn, org_id: OrgId, id: CaseId) -> Result<CustomCase> {
    let case = find_custom(conn, org_id, id)?;
    if case.archived {
        return Err(Error::NotFound);
    }
    Ok(case)
}
/// Writes a new case for the organisation.
pub fn create(
    conn: &mut DbConn,
    org_id: OrgId,
    created_by: Option<PersonId>,
    input: &CaseInput,
) -> Result<CustomCase> {
    input.validate().into_result()?;
    let input = input.normalised();
    Ok(diesel::insert_into(practice_cases::table)
        .values((
            practice_cases::org_id.eq(org_id),
            practice_cases::title.eq(&input.title),
            practice_cases::situation.eq(&input.situation),
            practice_cases::model_answer.eq(&input.model_answer),
            practice_cases::locale.eq(input.locale.code()),
            practice_cases::created_by.eq(created_by),
            practice_cases::created_at.eq(now()),
            practice_cases::archived.eq(false),
        ))
        .returning(practice_cases::all_columns)
        .get_result(conn)?)
}

/// Changes one of the organisation's active cases.
pub fn update(
    conn: &mut DbConn,
    org_id: OrgId,
    id: CaseId,
    input: &CaseInput,
) -> Result<CustomCase> {
    find_active(conn, org_id, id)?;
    input.validate().into_result()?;
    let input = input.normalised();
    Ok(diesel::update(
        practice_cases::table
            .filter(practice_cases::org_id.eq(org_id))
            .filter(practice_cases::id.eq(id)),
    )
    .set((
        practice_cases::title.eq(&input.title),
        practice_cases::situation.eq(&input.situation),
        practice_cases::model_answer.eq(&input.model_answer),
        practice_cases::locale.eq(input.locale.code()),
    ))
    .returning(practice_cases::all_columns)
    .get_result(conn)?)
}

/// Archives one of the organisation's active cases: it leaves the lists but stays readable for
/// whatever already refers to it.
pub fn archive(conn: &mut DbConn, org_id: OrgId, id: CaseId) -> Result<CustomCase> {
    find_active(conn, org_id, id)?;
    Ok(diesel::update(
        practice_cases::table
            .filter(practice_cases::org_id.eq(org_id))
            .filter(practice_cases::id.eq(id)),
    )
    .set(practice_cases::archived.eq(true))
    .returning(practice_cases::all_columns)
    .get_result(conn)?)
}
