//! Check-ins: the weekly habit. A key result gets a new value, the owner's confidence that
//! it will reach its target — on track, at risk or off track (three words everyone reads
//! the same way, rather than a 0–10 score) — and a short note. The newest check-in sets the
//! key result's current value; together they are its history.

use diesel::prelude::*;
use serde::Serialize;

use super::key_results::{self, KeyResult};
use super::{Objective, Status};
use crate::db::schema::{check_ins, key_results as kr_table, objectives};
use crate::domain::ids::{CheckInId, KeyResultId, OrgId, PersonId};
use crate::domain::{DbConn, Error, FieldErrors, Result, now};

pub const MAX_NOTE: usize = 500;

crate::domain::codes::text_enum! {
    /// The owner's confidence that a key result will reach its target.
    #[derive(Serialize, utoipa::ToSchema)]
    #[serde(rename_all = "snake_case")]
    pub enum Confidence {
        OnTrack = "on_track",
        AtRisk = "at_risk",
        OffTrack = "off_track",
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = check_ins)]
pub struct CheckIn {
    pub id: CheckInId,
    #[serde(skip)]
    pub org_id: OrgId,
    pub key_result_id: KeyResultId,
    pub person_id: Option<PersonId>,
    pub value: f64,
    pub confidence: Confidence,
    pub note: String,
    pub created_at: chrono::NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CheckInInput {
    pub key_result_id: KeyResultId,
    pub value: f64,
    pub confidence: Confidence,
    pub note: String,
}

impl CheckInInput {
    pub fn validate(&self) -> FieldErrors {
        let mut errors = FieldErrors::default();
        if !self.value.is_finite() || self.value.abs() > 1e12 {
            errors.add("value", "field-decimal-invalid");
        }
        if self.note.trim().chars().count() > MAX_NOTE {
            errors.add("note", "field-note-length");
        }
        errors
    }
}

/// Whether a new value deserves a second look before it is saved: a percentage outside
/// 0…100, a negative value where the key result runs over positive numbers, or a value
/// further outside start…target than the whole distance between them (−5 on a 22 → 35 %
/// key result is likelier a typo for 25 than news). A yes/no key result takes anything.
pub fn implausible(kr: &KeyResult, value: f64) -> bool {
    let (lo, hi) = (
        kr.start_value.min(kr.target_value),
        kr.start_value.max(kr.target_value),
    );
    let span = hi - lo;
    match kr.kind {
        super::KrKind::YesNo => false,
        super::KrKind::Percent if !(0.0..=100.0).contains(&value) => true,
        _ => (value < 0.0 && lo >= 0.0) || value < lo - span || value > hi + span,
    }
}

/// Records a check-in by `person_id` and moves the key result to the new value. An archived
/// key result takes no check-ins.
pub fn record(
    conn: &mut DbConn,
    org_id: OrgId,
    person_id: PersonId,
    input: &CheckInInput,
) -> Result<CheckIn> {
    record_at(conn, org_id, person_id, input, now())
}

/// [`record`], made at `at` (history brought in, or the demo's past weeks). The key result
/// takes the value of its newest check-in.
pub fn record_at(
    conn: &mut DbConn,
    org_id: OrgId,
    person_id: PersonId,
    input: &CheckInInput,
    at: chrono::NaiveDateTime,
) -> Result<CheckIn> {
    let kr = key_results::find(conn, org_id, input.key_result_id)?;
    record_on(conn, &kr, person_id, input, at)
}

/// [`record_at`] on a key result the caller has already read (in the same transaction), as
/// the check-in use case does after its permission check: an insert and one update, nothing
/// read twice (the check-in path is the busiest write there is).
pub fn record_on(
    conn: &mut DbConn,
    kr: &KeyResult,
    person_id: PersonId,
    input: &CheckInInput,
    at: chrono::NaiveDateTime,
) -> Result<CheckIn> {
    input.validate().into_result()?;
    if kr.archived_at.is_some() {
        return Err(FieldErrors::single("value", "field-key-result-archived"));
    }
    // A yes/no key result is done (1) or not (0).
    let value = if kr.kind == super::KrKind::YesNo {
        if input.value >= 1.0 { 1.0 } else { 0.0 }
    } else {
        input.value
    };
    let check_in = diesel::insert_into(check_ins::table)
        .values((
            check_ins::org_id.eq(kr.org_id),
            check_ins::key_result_id.eq(kr.id),
            check_ins::person_id.eq(Some(person_id)),
            check_ins::value.eq(value),
            check_ins::confidence.eq(input.confidence),
            check_ins::note.eq(input.note.trim()),
            check_ins::created_at.eq(at),
        ))
        .returning(check_ins::all_columns)
        .get_result(conn)?;
    // The newest check-in sets the value: this one, unless one dated later exists.
    let newest = check_ins::table
        .filter(check_ins::key_result_id.eq(kr.id))
        .order((check_ins::created_at.desc(), check_ins::id.desc()))
        .select(check_ins::value)
        .limit(1)
        .single_value();
    diesel::update(kr_table::table.find(kr.id))
        .set(kr_table::current_value.eq(crate::db::coalesce(newest, value)))
        .execute(conn)?;
    Ok(check_in)
}

/// A key result's check-ins, oldest first.
pub fn history(
    conn: &mut DbConn,
    org_id: OrgId,
    key_result_id: KeyResultId,
) -> Result<Vec<CheckIn>> {
    Ok(check_ins::table
        .filter(check_ins::org_id.eq(org_id))
        .filter(check_ins::key_result_id.eq(key_result_id))
        .order((check_ins::created_at.asc(), check_ins::id.asc()))
        .select(CheckIn::as_select())
        .load(conn)?)
}

/// One of a person's key results on their check-in page.
#[derive(Debug, Clone, Serialize)]
pub struct Owned {
    pub objective: Objective,
    pub key_result: KeyResult,
    /// The newest check-in, if any.
    pub last: Option<CheckIn>,
    /// Checked in since `since` (the start of this week).
    pub done: bool,
    /// The values of the latest check-ins (at most [`RECENT`]), oldest first: the trend.
    pub recent: Vec<f64>,
}

/// How many check-ins make a key result's trend on the check-in and home pages.
pub const RECENT: usize = 8;

/// The key results a person owns in objectives that are in play (draft or active, not
/// archived), with their last check-in and whether it was made since `since`.
pub fn owned_by(
    conn: &mut DbConn,
    org_id: OrgId,
    person_id: PersonId,
    since: chrono::NaiveDateTime,
) -> Result<Vec<Owned>> {
    let rows: Vec<(KeyResult, Objective)> = kr_table::table
        .inner_join(objectives::table)
        .filter(kr_table::org_id.eq(org_id))
        .filter(kr_table::owner_id.eq(person_id))
        .filter(kr_table::archived_at.is_null())
        .filter(objectives::archived_at.is_null())
        .filter(objectives::status.eq_any([Status::Draft.code(), Status::Active.code()]))
        .order((
            objectives::period.asc(),
            objectives::id.asc(),
            kr_table::id.asc(),
        ))
        .select((KeyResult::as_select(), Objective::as_select()))
        .load(conn)?;
    let ids: Vec<KeyResultId> = rows.iter().map(|(k, _)| k.id).collect();
    let all: Vec<CheckIn> = check_ins::table
        .filter(check_ins::org_id.eq(org_id))
        .filter(check_ins::key_result_id.eq_any(&ids))
        .order((check_ins::created_at.asc(), check_ins::id.asc()))
        .select(CheckIn::as_select())
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(key_result, objective)| {
            let mut recent: Vec<&CheckIn> = all
                .iter()
                .rev()
                .filter(|c| c.key_result_id == key_result.id)
                .take(RECENT)
                .collect();
            recent.reverse();
            let last = recent.last().map(|c| (*c).clone());
            Owned {
                done: last.as_ref().is_some_and(|c| c.created_at >= since),
                recent: recent.iter().map(|c| c.value).collect(),
                objective,
                key_result,
                last,
            }
        })
        .collect())
}

/// When this week began (Monday 00:00 in the organisation's time zone), in UTC: check-ins
/// since then count for this week.
pub fn week_start_utc(time_zone: &str, today: chrono::NaiveDate) -> chrono::NaiveDateTime {
    use chrono::TimeZone;
    let monday = crate::domain::periods::monday(today);
    let midnight = monday.and_time(chrono::NaiveTime::MIN);
    let tz: chrono_tz::Tz = time_zone.parse().unwrap_or(chrono_tz::UTC);
    tz.from_local_datetime(&midnight)
        .earliest()
        .map(|t| t.naive_utc())
        .unwrap_or(midnight)
}

/// Records several check-ins at once (the weekly page's "save all"), all or nothing: run in
/// one transaction. Returns how many were recorded.
pub fn record_all(
    conn: &mut DbConn,
    org_id: OrgId,
    person_id: PersonId,
    inputs: &[CheckInInput],
) -> Result<usize> {
    for input in inputs {
        match record(conn, org_id, person_id, input) {
            Ok(_) => {}
            Err(Error::NotFound) => {
                return Err(FieldErrors::single("kr", "field-key-result-unknown"));
            }
            Err(e) => return Err(e),
        }
    }
    Ok(inputs.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::okrs::{KeyResultInput, KrKind};
    use crate::domain::people::Role;
    use crate::domain::teams::{self, TeamInput, TeamKind};
    use crate::domain::testing::{TestDb, objective, org, person};

    #[test]
    fn a_value_far_outside_the_range_is_implausible() {
        let kr = |kind, start, target| KeyResult {
            id: KeyResultId(1),
            org_id: OrgId(1),
            objective_id: crate::domain::ids::ObjectiveId(1),
            title: String::new(),
            unit: String::new(),
            start_value: start,
            target_value: target,
            current_value: start,
            owner_id: None,
            created_at: chrono::NaiveDateTime::default(),
            kind,
            archived_at: None,
        };
        let percent = kr(KrKind::Percent, 22.0, 35.0);
        assert!(implausible(&percent, -5.0), "a typo for 25");
        assert!(implausible(&percent, 120.0), "over 100 %");
        assert!(!implausible(&percent, 25.0) && !implausible(&percent, 40.0));
        let down = kr(KrKind::Number, 1200.0, 300.0);
        assert!(!implausible(&down, 1500.0), "within one span of the range");
        assert!(implausible(&down, 2200.0) && implausible(&down, -1.0));
        assert!(!implausible(&kr(KrKind::YesNo, 0.0, 1.0), 7.0));
    }

    #[test]
    fn the_week_starts_on_monday_in_the_organisations_time_zone() {
        let day = |m, d| chrono::NaiveDate::from_ymd_opt(2026, m, d).unwrap();
        // Thursday 26 November 2026 in Oslo (UTC+1): Monday 00:00 local is Sunday 23:00 UTC.
        assert_eq!(
            week_start_utc("Europe/Oslo", day(11, 26)).to_string(),
            "2026-11-22 23:00:00"
        );
        // A Monday in summer time (UTC+2).
        assert_eq!(
            week_start_utc("Europe/Oslo", day(6, 1)).to_string(),
            "2026-05-31 22:00:00"
        );
        assert_eq!(
            week_start_utc("Not/AZone", day(11, 26)).to_string(),
            "2026-11-23 00:00:00"
        );
    }

    #[test]
    fn check_ins_move_the_key_result_and_make_its_history() {
        let t = TestDb::fresh();
        let mut c = t.conn();
        let acme = org(&mut c, "acme");
        let kari = person(&mut c, acme, "kari@acme.no", vec![Role::Member])
            .row
            .id;
        let web = teams::create(
            &mut c,
            acme,
            &TeamInput {
                name: "Web".into(),
                kind: TeamKind::Team,
                parent_id: None,
            },
        )
        .unwrap();
        let owned = |title: &str, kind| KeyResultInput {
            owner_id: Some(kari),
            kind,
            ..KeyResultInput::number(title, "", 8.0, 2.0)
        };
        let okr = objective(
            &mut c,
            acme,
            web.id,
            "Calm operations",
            &[
                owned("Incidents", KrKind::Number),
                owned("Runbook", KrKind::YesNo),
            ],
        );
        let (incidents, runbook) = (okr.key_results[0].id, okr.key_results[1].id);
        let before = now() - chrono::Duration::seconds(1);
        let mine = owned_by(&mut c, acme, kari, before).unwrap();
        assert_eq!(mine.len(), 2);
        assert!(mine.iter().all(|o| !o.done && o.last.is_none()));

        let input = |kr, value| CheckInInput {
            key_result_id: kr,
            value,
            confidence: Confidence::AtRisk,
            note: " Two fewer than last week ".into(),
        };
        record_all(
            &mut c,
            acme,
            kari,
            &[input(incidents, 6.0), input(runbook, 7.0)],
        )
        .unwrap();
        record(&mut c, acme, kari, &input(incidents, 5.0)).unwrap();
        let kr = key_results::find(&mut c, acme, incidents).unwrap();
        assert_eq!(kr.current_value, 5.0);
        assert_eq!(kr.progress(), 0.5, "8 → 2, now 5");
        assert_eq!(
            key_results::find(&mut c, acme, runbook)
                .unwrap()
                .current_value,
            1.0
        );
        let values: Vec<f64> = history(&mut c, acme, incidents)
            .unwrap()
            .iter()
            .map(|c| c.value)
            .collect();
        assert_eq!(values, [6.0, 5.0]);
        let mine = owned_by(&mut c, acme, kari, before).unwrap();
        assert!(mine.iter().all(|o| o.done));
        assert_eq!(
            mine[0].last.as_ref().unwrap().note,
            "Two fewer than last week"
        );

        // Another organisation's key result is not there; an archived one takes none.
        let other = org(&mut c, "other");
        assert!(matches!(
            record(&mut c, other, kari, &input(incidents, 1.0)),
            Err(Error::NotFound)
        ));
        key_results::set_archived(&mut c, acme, runbook, true).unwrap();
        assert!(matches!(
            record(&mut c, acme, kari, &input(runbook, 1.0)),
            Err(Error::Invalid(_))
        ));
        assert_eq!(owned_by(&mut c, acme, kari, before).unwrap().len(), 1);
        let long = CheckInInput {
            note: "x".repeat(MAX_NOTE + 1),
            ..input(incidents, 4.0)
        };
        assert!(matches!(
            record(&mut c, acme, kari, &long),
            Err(Error::Invalid(_))
        ));
        assert_eq!(
            history(&mut c, acme, incidents).unwrap().len(),
            2,
            "nothing stored"
        );
    }
}
