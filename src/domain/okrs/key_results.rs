//! Key results: what is measured (a number, a percentage, an amount of money, or done / not
//! done), from a start value towards a target. Progress is how far the current value has come,
//! whichever way the target lies (fewer incidents counts as well as more customers).

use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{key_results, objectives};
use crate::domain::ids::{KeyResultId, ObjectiveId, OrgId, PersonId};
use crate::domain::{DbConn, Error, FieldErrors, Result, now};

pub const MAX_TITLE: usize = 200;
pub const MAX_UNIT: usize = 20;

crate::domain::codes::text_enum! {
    #[derive(Serialize, utoipa::ToSchema)]
    #[serde(rename_all = "snake_case")]
    pub enum KrKind {
        Number = "number",
        Percent = "percent",
        Currency = "currency",
        YesNo = "yes_no",
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = key_results)]
pub struct KeyResult {
    pub id: KeyResultId,
    #[serde(skip)]
    pub org_id: OrgId,
    pub objective_id: ObjectiveId,
    pub title: String,
    pub unit: String,
    pub start_value: f64,
    pub target_value: f64,
    pub current_value: f64,
    pub owner_id: Option<PersonId>,
    pub created_at: chrono::NaiveDateTime,
    pub kind: KrKind,
    pub archived_at: Option<chrono::NaiveDateTime>,
}

impl KeyResult {
    /// How far from start to target the current value is, from 0 to 1. A yes/no key result
    /// is done (1) or not (0).
    pub fn progress(&self) -> f64 {
        progress(
            self.kind,
            self.start_value,
            self.target_value,
            self.current_value,
        )
    }
}

pub fn progress(kind: KrKind, start: f64, target: f64, current: f64) -> f64 {
    if kind == KrKind::YesNo {
        return if current >= 1.0 { 1.0 } else { 0.0 };
    }
    if target == start {
        return if current == target { 1.0 } else { 0.0 };
    }
    ((current - start) / (target - start)).clamp(0.0, 1.0)
}

/// A key result as a form or the API gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyResultInput {
    pub title: String,
    pub kind: KrKind,
    pub unit: String,
    pub start: f64,
    pub target: f64,
    pub owner_id: Option<PersonId>,
}

impl KeyResultInput {
    /// A plain number key result, as a workshop drafts them.
    pub fn number(title: &str, unit: &str, start: f64, target: f64) -> KeyResultInput {
        KeyResultInput {
            title: title.into(),
            kind: KrKind::Number,
            unit: unit.into(),
            start,
            target,
            owner_id: None,
        }
    }

    /// Start and target as stored: a yes/no key result goes from 0 (no) to 1 (yes).
    fn values(&self) -> (f64, f64) {
        match self.kind {
            KrKind::YesNo => (0.0, 1.0),
            _ => (self.start, self.target),
        }
    }

    pub fn validate(&self) -> FieldErrors {
        let mut errors = FieldErrors::default();
        let title = self.title.trim();
        if title.is_empty() || title.chars().count() > MAX_TITLE {
            errors.add("title", "field-title-length");
        }
        if self.unit.trim().chars().count() > MAX_UNIT {
            errors.add("unit", "field-unit-length");
        }
        let (start, target) = self.values();
        if !start.is_finite() || !target.is_finite() || start.abs() > 1e12 || target.abs() > 1e12 {
            errors.add("target", "field-decimal-invalid");
        } else if start == target {
            errors.add("target", "field-target-same");
        }
        errors
    }
}

pub fn find(conn: &mut DbConn, org_id: OrgId, id: KeyResultId) -> Result<KeyResult> {
    crate::domain::find_in_org!(key_results, KeyResult, conn, org_id, id)
}

/// Adds a key result to an objective of the organisation; it starts at its start value.
pub fn create(
    conn: &mut DbConn,
    org_id: OrgId,
    objective_id: ObjectiveId,
    input: &KeyResultInput,
) -> Result<KeyResult> {
    input.validate().into_result()?;
    let objective: Option<i32> = objectives::table
        .filter(objectives::org_id.eq(org_id))
        .filter(objectives::id.eq(objective_id))
        .select(objectives::id)
        .first(conn)
        .optional()?;
    if objective.is_none() {
        return Err(Error::NotFound);
    }
    super::check_owner(conn, org_id, input.owner_id)?;
    let (start, target) = input.values();
    Ok(diesel::insert_into(key_results::table)
        .values((
            key_results::org_id.eq(org_id),
            key_results::objective_id.eq(objective_id),
            key_results::title.eq(input.title.trim()),
            key_results::unit.eq(input.unit.trim()),
            key_results::kind.eq(input.kind.code()),
            key_results::start_value.eq(start),
            key_results::target_value.eq(target),
            key_results::current_value.eq(start),
            key_results::owner_id.eq(input.owner_id),
            key_results::created_at.eq(now()),
        ))
        .returning(key_results::all_columns)
        .get_result(conn)?)
}

/// Changes what a key result measures; its current value stays (check-ins move it).
pub fn update(
    conn: &mut DbConn,
    org_id: OrgId,
    id: KeyResultId,
    input: &KeyResultInput,
) -> Result<KeyResult> {
    input.validate().into_result()?;
    let kr = find(conn, org_id, id)?;
    super::check_owner(conn, org_id, input.owner_id)?;
    let (start, target) = input.values();
    Ok(diesel::update(key_results::table.find(kr.id))
        .set((
            key_results::title.eq(input.title.trim()),
            key_results::unit.eq(input.unit.trim()),
            key_results::kind.eq(input.kind.code()),
            key_results::start_value.eq(start),
            key_results::target_value.eq(target),
            key_results::owner_id.eq(input.owner_id),
        ))
        .returning(key_results::all_columns)
        .get_result(conn)?)
}

/// Archives (or brings back) a key result; its history stays.
pub fn set_archived(
    conn: &mut DbConn,
    org_id: OrgId,
    id: KeyResultId,
    archived: bool,
) -> Result<KeyResult> {
    let kr = find(conn, org_id, id)?;
    Ok(diesel::update(key_results::table.find(kr.id))
        .set(key_results::archived_at.eq(archived.then(now)))
        .returning(key_results::all_columns)
        .get_result(conn)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_runs_from_start_to_target_either_way() {
        assert_eq!(progress(KrKind::Number, 100.0, 300.0, 200.0), 0.5);
        assert_eq!(progress(KrKind::Number, 100.0, 300.0, 50.0), 0.0);
        assert_eq!(progress(KrKind::Number, 100.0, 300.0, 400.0), 1.0);
        // Fewer incidents: 8 → 2, now 5 is half way.
        assert_eq!(progress(KrKind::Number, 8.0, 2.0, 5.0), 0.5);
        assert_eq!(progress(KrKind::Percent, 99.2, 99.9, 99.9), 1.0);
        assert_eq!(progress(KrKind::YesNo, 0.0, 1.0, 0.0), 0.0);
        assert_eq!(progress(KrKind::YesNo, 0.0, 1.0, 1.0), 1.0);
    }

    #[test]
    fn inputs_need_a_title_and_a_target_that_differs_from_the_start() {
        let ok = KeyResultInput::number("Weekly active users", "users", 120.0, 300.0);
        assert!(ok.validate().is_empty());
        let same = KeyResultInput {
            target: 120.0,
            ..ok.clone()
        };
        assert_eq!(same.validate().0[0].key, "field-target-same");
        // Yes/no ignores the numbers typed: it runs from no to yes.
        let done = KeyResultInput {
            kind: KrKind::YesNo,
            start: 5.0,
            target: 5.0,
            ..ok.clone()
        };
        assert!(done.validate().is_empty());
        assert_eq!(done.values(), (0.0, 1.0));
        let blank = KeyResultInput {
            title: "  ".into(),
            start: f64::NAN,
            ..ok
        };
        assert_eq!(blank.validate().0.len(), 2);
    }
}
