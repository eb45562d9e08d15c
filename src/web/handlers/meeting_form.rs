//! The meeting page's one form, read from its pairs: attendance per member, inline check-ins
//! per key result, notes, decisions and "held"; and what was typed, to show again when a
//! save is refused.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::app::meetings as app;
use crate::domain::FieldErrors;
use crate::domain::ids::{KeyResultId, PersonId};
use crate::domain::meetings::Presence;
use crate::domain::okrs::check_ins::{CheckInInput, Confidence};
use crate::web::errors::AppError;
use crate::web::forms::parse_number;

/// The meeting page's form: for each member a radio group `presence-<person>`, inline
/// check-ins per key result (as parallel lists), notes and decisions, and which button was
/// pressed.
#[derive(Debug, Default)]
pub struct MeetingForm {
    person: Vec<PersonId>,
    presence: BTreeMap<PersonId, String>,
    kr: Vec<KeyResultId>,
    value: Vec<String>,
    confidence: Vec<String>,
    note: Vec<String>,
    notes: String,
    decisions: String,
    held: bool,
}

impl MeetingForm {
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Result<MeetingForm, AppError> {
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

    pub fn record(&self) -> Result<app::meeting::Record, FieldErrors> {
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
            Ok(app::meeting::Record {
                attendance,
                notes: Some(self.notes.clone()),
                decisions: Some(self.decisions.clone()),
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
pub struct Typed {
    presence: BTreeMap<String, String>,
    value: BTreeMap<String, String>,
    confidence: BTreeMap<String, String>,
    note: BTreeMap<String, String>,
    notes: Option<String>,
    decisions: Option<String>,
}

impl Typed {
    pub fn of(form: &MeetingForm) -> Typed {
        let by_kr = |list: &Vec<String>| super::keyed_by_text(form.kr.iter().zip(list.clone()));
        Typed {
            presence: super::keyed_by_text(form.presence.iter().map(|(p, v)| (p, v.clone()))),
            value: by_kr(&form.value),
            confidence: by_kr(&form.confidence),
            note: by_kr(&form.note),
            notes: Some(form.notes.clone()),
            decisions: Some(form.decisions.clone()),
        }
    }
}
