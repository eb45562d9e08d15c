//! The OKR register: a team's objectives for a period (`2027-Q1`) and their key results, each
//! measured from a start value towards a target. Workshops create them; the follow-up
//! (check-ins, meetings) moves `current_value`.

use chrono::{Datelike, NaiveDate};
use diesel::prelude::*;
use serde::Serialize;

use super::{DbConn, Error, FieldErrors, Result, now};
use crate::db::schema::{key_results, objectives, teams};

pub const MAX_TITLE: usize = 200;
pub const MAX_UNIT: usize = 20;

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = objectives)]
pub struct Objective {
    pub id: i32,
    #[serde(skip)]
    pub org_id: i32,
    pub team_id: i32,
    pub period: String,
    pub title: String,
    pub owner_id: Option<i32>,
    pub workshop_id: Option<i32>,
    pub created_at: chrono::NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = key_results)]
pub struct KeyResult {
    pub id: i32,
    #[serde(skip)]
    pub org_id: i32,
    pub objective_id: i32,
    pub title: String,
    pub unit: String,
    pub start_value: f64,
    pub target_value: f64,
    pub current_value: f64,
    pub owner_id: Option<i32>,
    pub created_at: chrono::NaiveDateTime,
}

/// A key result to create.
#[derive(Debug, Clone, PartialEq)]
pub struct NewKeyResult {
    pub title: String,
    pub unit: String,
    pub start: f64,
    pub target: f64,
}

/// An objective with its key results.
#[derive(Debug, Clone, Serialize)]
pub struct Okr {
    pub objective: Objective,
    pub key_results: Vec<KeyResult>,
}

/// Periods are quarters: `2027-Q1`.
pub fn valid_period(period: &str) -> bool {
    period.split_once("-Q").is_some_and(|(year, q)| {
        year.len() == 4
            && year
                .parse::<i32>()
                .is_ok_and(|y| super::rollouts::YEARS.contains(&y))
            && matches!(q, "1" | "2" | "3" | "4")
    })
}

/// The quarter a day falls in.
pub fn period_of(day: NaiveDate) -> String {
    format!("{}-Q{}", day.year(), day.month0() / 3 + 1)
}

/// The quarter after `day`'s (what a workshop late in a quarter usually plans for).
pub fn next_period(day: NaiveDate) -> String {
    let q = day.month0() / 3 + 1;
    if q == 4 {
        format!("{}-Q1", day.year() + 1)
    } else {
        format!("{}-Q{}", day.year(), q + 1)
    }
}

/// Creates an objective and its key results (in the caller's transaction).
pub fn create(
    conn: &mut DbConn,
    org_id: i32,
    team_id: i32,
    period: &str,
    title: &str,
    workshop_id: Option<i32>,
    key_results_: &[NewKeyResult],
) -> Result<Okr> {
    let mut errors = FieldErrors::default();
    let title = title.trim();
    if title.is_empty() || title.chars().count() > MAX_TITLE {
        errors.add("title", "field-title-length");
    }
    if !valid_period(period) {
        errors.add("period", "field-period-invalid");
    }
    for kr in key_results_ {
        let ok = !kr.title.trim().is_empty()
            && kr.title.trim().chars().count() <= MAX_TITLE
            && kr.unit.trim().chars().count() <= MAX_UNIT
            && kr.start.is_finite()
            && kr.target.is_finite()
            && kr.start != kr.target;
        if !ok {
            errors.add("key_results", "field-key-result-invalid");
            break;
        }
    }
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    let team: Option<i32> = teams::table
        .filter(teams::org_id.eq(org_id))
        .filter(teams::id.eq(team_id))
        .select(teams::id)
        .first(conn)
        .optional()?;
    if team.is_none() {
        return Err(FieldErrors::single("team", "field-teams-unknown"));
    }
    let objective: Objective = diesel::insert_into(objectives::table)
        .values((
            objectives::org_id.eq(org_id),
            objectives::team_id.eq(team_id),
            objectives::period.eq(period),
            objectives::title.eq(title),
            objectives::workshop_id.eq(workshop_id),
            objectives::created_at.eq(now()),
        ))
        .returning(objectives::all_columns)
        .get_result(conn)?;
    let mut created = Vec::with_capacity(key_results_.len());
    for kr in key_results_ {
        created.push(
            diesel::insert_into(key_results::table)
                .values((
                    key_results::org_id.eq(org_id),
                    key_results::objective_id.eq(objective.id),
                    key_results::title.eq(kr.title.trim()),
                    key_results::unit.eq(kr.unit.trim()),
                    key_results::start_value.eq(kr.start),
                    key_results::target_value.eq(kr.target),
                    key_results::current_value.eq(kr.start),
                    key_results::created_at.eq(now()),
                ))
                .returning(key_results::all_columns)
                .get_result::<KeyResult>(conn)?,
        );
    }
    Ok(Okr {
        objective,
        key_results: created,
    })
}

fn with_key_results(conn: &mut DbConn, objectives_: Vec<Objective>) -> Result<Vec<Okr>> {
    let ids: Vec<i32> = objectives_.iter().map(|o| o.id).collect();
    let mut krs: Vec<KeyResult> = key_results::table
        .filter(key_results::objective_id.eq_any(&ids))
        .order(key_results::id.asc())
        .select(KeyResult::as_select())
        .load(conn)?;
    Ok(objectives_
        .into_iter()
        .map(|objective| {
            let (mine, rest) = krs.drain(..).partition(|k| k.objective_id == objective.id);
            krs = rest;
            Okr {
                objective,
                key_results: mine,
            }
        })
        .collect())
}

/// A team's objectives for a period, oldest first.
pub fn for_team(conn: &mut DbConn, org_id: i32, team_id: i32, period: &str) -> Result<Vec<Okr>> {
    let found = objectives::table
        .filter(objectives::org_id.eq(org_id))
        .filter(objectives::team_id.eq(team_id))
        .filter(objectives::period.eq(period))
        .order(objectives::id.asc())
        .select(Objective::as_select())
        .load(conn)?;
    with_key_results(conn, found)
}

/// The objectives saved from a workshop.
pub fn from_workshop(conn: &mut DbConn, org_id: i32, workshop_id: i32) -> Result<Vec<Okr>> {
    let found = objectives::table
        .filter(objectives::org_id.eq(org_id))
        .filter(objectives::workshop_id.eq(workshop_id))
        .order(objectives::id.asc())
        .select(Objective::as_select())
        .load(conn)?;
    with_key_results(conn, found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::teams::{self, TeamInput, TeamKind};
    use crate::domain::testing::{TestDb, org};

    #[test]
    fn periods_are_quarters() {
        assert!(valid_period("2027-Q1"));
        assert!(!valid_period("2027-Q5"));
        assert!(!valid_period("27-Q1"));
        assert!(!valid_period("2027Q1"));
        let day = |m| NaiveDate::from_ymd_opt(2026, m, 15).unwrap();
        assert_eq!(period_of(day(11)), "2026-Q4");
        assert_eq!(next_period(day(11)), "2027-Q1");
        assert_eq!(next_period(day(2)), "2026-Q2");
    }

    #[test]
    fn objectives_are_created_with_key_results_and_scoped_to_their_organisation() {
        let t = TestDb::fresh();
        let mut c = t.conn();
        let acme = org(&mut c, "acme");
        let other = org(&mut c, "other");
        let input = |name: &str| TeamInput {
            name: name.into(),
            kind: TeamKind::Team,
            parent_id: None,
        };
        let web = teams::create(&mut c, acme, &input("Web")).unwrap();
        let kr = NewKeyResult {
            title: "Weekly active users".into(),
            unit: "users".into(),
            start: 120.0,
            target: 300.0,
        };
        let okr = create(
            &mut c,
            acme,
            web.id,
            "2027-Q1",
            " Delight users ",
            None,
            std::slice::from_ref(&kr),
        )
        .unwrap();
        assert_eq!(okr.objective.title, "Delight users");
        assert_eq!(okr.key_results[0].current_value, 120.0);
        let listed = for_team(&mut c, acme, web.id, "2027-Q1").unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].key_results.len(), 1);
        // Another organisation cannot attach objectives to this team.
        assert!(matches!(
            create(&mut c, other, web.id, "2027-Q1", "X", None, &[]),
            Err(Error::Invalid(_))
        ));
        let flat = NewKeyResult {
            target: 120.0,
            ..kr
        };
        assert!(matches!(
            create(&mut c, acme, web.id, "2027-Q9", "X", None, &[flat]),
            Err(Error::Invalid(e)) if e.0.len() == 2
        ));
    }
}
