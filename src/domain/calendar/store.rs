//! The calendar's storage: an organisation's country (`organisations.country`) and its
//! closures (`closures`), every query scoped to the organisation. A closure's span is kept as
//! a kind and two weeks or two dates (yearly dates in the year 2000, a leap year).

use chrono::{Datelike, NaiveDate};
use diesel::prelude::*;

use super::{Closure, Country, Span, norwegian_defaults};
use crate::db::schema::{closures, organisations};
use crate::domain::ids::{ClosureId, OrgId};
use crate::domain::{DbConn, Error, FieldErrors, Result, now};

/// At most this many closures per organisation.
pub const MAX_CLOSURES: i64 = 50;
/// A closure's name has at most this many characters.
pub const NAME_MAX: usize = 80;
/// A one-off closure lasts at most this many days.
pub const MAX_DAYS: i64 = 366;
/// The year yearly dates are stored in: a leap year, so 29 February fits.
const YEARLY: i32 = 2000;

#[derive(Queryable, Selectable)]
#[diesel(table_name = closures)]
struct Row {
    id: ClosureId,
    name: String,
    kind: String,
    first_week: Option<i32>,
    last_week: Option<i32>,
    first_date: Option<NaiveDate>,
    last_date: Option<NaiveDate>,
}

impl Row {
    fn closure(self) -> Result<Closure> {
        let week = |w: Option<i32>| w.and_then(|w| u32::try_from(w).ok());
        let md = |d: Option<NaiveDate>| d.map(|d| (d.month(), d.day()));
        let span = match self.kind.as_str() {
            "yearly_weeks" => week(self.first_week)
                .zip(week(self.last_week))
                .map(|(first, last)| Span::YearlyWeeks { first, last }),
            "yearly_dates" => md(self.first_date)
                .zip(md(self.last_date))
                .map(|(first, last)| Span::YearlyDates { first, last }),
            "dates" => self
                .first_date
                .zip(self.last_date)
                .map(|(first, last)| Span::Dates { first, last }),
            _ => None,
        };
        let span =
            span.ok_or_else(|| Error::Internal(format!("closure {} is malformed", self.id)))?;
        Ok(Closure {
            id: Some(self.id),
            name: self.name,
            span,
        })
    }
}

/// The columns a closure sets, as added or changed (a change to another kind of span clears
/// the other kind's columns).
#[derive(Insertable, AsChangeset)]
#[diesel(table_name = closures, treat_none_as_null = true)]
struct Columns<'a> {
    name: &'a str,
    kind: &'static str,
    first_week: Option<i32>,
    last_week: Option<i32>,
    first_date: Option<NaiveDate>,
    last_date: Option<NaiveDate>,
}

/// The stored form of a (validated) closure.
fn columns(closure: &Closure) -> Columns<'_> {
    let week = |w: u32| i32::try_from(w).ok();
    let yearly = |(m, d): (u32, u32)| NaiveDate::from_ymd_opt(YEARLY, m, d);
    let (kind, first_week, last_week, first_date, last_date) = match closure.span {
        Span::YearlyWeeks { first, last } => ("yearly_weeks", week(first), week(last), None, None),
        Span::YearlyDates { first, last } => {
            ("yearly_dates", None, None, yearly(first), yearly(last))
        }
        Span::Dates { first, last } => ("dates", None, None, Some(first), Some(last)),
    };
    Columns {
        name: closure.name.trim(),
        kind,
        first_week,
        last_week,
        first_date,
        last_date,
    }
}

/// Checks a closure as a leader typed it: name 1–80 characters, weeks 1–53, real dates,
/// a one-off closure's first day on or before its last (and at most a year long).
pub fn validate(closure: &Closure) -> Result<()> {
    let mut errors = FieldErrors::default();
    let name = closure.name.trim();
    if name.is_empty() || name.chars().count() > NAME_MAX {
        errors.add("name", "field-closure-name-length");
    }
    match closure.span {
        Span::YearlyWeeks { first, last } => {
            if !(1..=53).contains(&first) {
                errors.add("first_week", "field-closure-week");
            }
            if !(1..=53).contains(&last) {
                errors.add("last_week", "field-closure-week");
            }
        }
        Span::YearlyDates { first, last } => {
            if NaiveDate::from_ymd_opt(YEARLY, first.0, first.1).is_none() {
                errors.add("first_day", "field-closure-day");
            }
            if NaiveDate::from_ymd_opt(YEARLY, last.0, last.1).is_none() {
                errors.add("last_day", "field-closure-day");
            }
        }
        Span::Dates { first, last } => {
            if last < first {
                errors.add("last_date", "field-closure-order");
            } else if (last - first).num_days() >= MAX_DAYS {
                errors.add("last_date", "field-closure-too-long");
            }
        }
    }
    errors.into_result()
}

/// The organisation's closures, oldest first.
pub fn list(conn: &mut DbConn, org_id: OrgId) -> Result<Vec<Closure>> {
    closures::table
        .filter(closures::org_id.eq(org_id))
        .order(closures::id.asc())
        .select(Row::as_select())
        .load(conn)?
        .into_iter()
        .map(Row::closure)
        .collect()
}

/// One of the organisation's closures (`NotFound` for another organisation's).
pub fn find(conn: &mut DbConn, org_id: OrgId, id: ClosureId) -> Result<Closure> {
    closures::table
        .filter(closures::org_id.eq(org_id))
        .filter(closures::id.eq(id))
        .select(Row::as_select())
        .first(conn)?
        .closure()
}

/// Adds a closure after checking it (and that the organisation has room for one more).
pub fn add(conn: &mut DbConn, org_id: OrgId, closure: &Closure) -> Result<Closure> {
    validate(closure)?;
    let count: i64 = closures::table
        .filter(closures::org_id.eq(org_id))
        .count()
        .get_result(conn)?;
    if count >= MAX_CLOSURES {
        return Err(FieldErrors::single("name", "field-closure-too-many"));
    }
    insert(conn, org_id, closure)
}

fn insert(conn: &mut DbConn, org_id: OrgId, closure: &Closure) -> Result<Closure> {
    let id: ClosureId = diesel::insert_into(closures::table)
        .values((
            closures::org_id.eq(org_id),
            columns(closure),
            closures::created_at.eq(now()),
        ))
        .returning(closures::id)
        .get_result(conn)?;
    find(conn, org_id, id)
}

/// Changes one of the organisation's closures.
pub fn update(
    conn: &mut DbConn,
    org_id: OrgId,
    id: ClosureId,
    closure: &Closure,
) -> Result<Closure> {
    validate(closure)?;
    let changed = diesel::update(
        closures::table
            .filter(closures::org_id.eq(org_id))
            .filter(closures::id.eq(id)),
    )
    .set(columns(closure))
    .execute(conn)?;
    if changed == 0 {
        return Err(Error::NotFound);
    }
    find(conn, org_id, id)
}

/// Removes one of the organisation's closures; returns it as it was.
pub fn remove(conn: &mut DbConn, org_id: OrgId, id: ClosureId) -> Result<Closure> {
    let closure = find(conn, org_id, id)?;
    diesel::delete(
        closures::table
            .filter(closures::org_id.eq(org_id))
            .filter(closures::id.eq(id)),
    )
    .execute(conn)?;
    Ok(closure)
}

/// The country whose public holidays the organisation keeps.
pub fn country(conn: &mut DbConn, org_id: OrgId) -> Result<Option<Country>> {
    let code: Option<String> = organisations::table
        .find(org_id)
        .select(organisations::country)
        .first(conn)?;
    Ok(code.as_deref().and_then(Country::parse))
}

/// Sets the country whose public holidays count (`None`: none).
pub fn set_country(conn: &mut DbConn, org_id: OrgId, country: Option<Country>) -> Result<()> {
    let changed = diesel::update(organisations::table.find(org_id))
        .set(organisations::country.eq(country.map(Country::code)))
        .execute(conn)?;
    crate::domain::found(changed)
}

/// Gives a new organisation the closures its country starts with (Norway: fellesferie and
/// Christmas; others: none).
pub fn start_with_defaults(
    conn: &mut DbConn,
    org_id: OrgId,
    country: Option<Country>,
) -> Result<()> {
    if country == Some(Country::Norway) {
        for closure in norwegian_defaults() {
            insert(conn, org_id, &closure)?;
        }
    }
    Ok(())
}
