//! Organisations: the tenants. Every other org-owned row carries `org_id`.

use diesel::prelude::*;
use serde::Serialize;

use super::calendar::{self, Country};
use super::periods::Periods;
use super::{DbConn, Error, FieldErrors, Locale, Result, is_unique_violation, now};
use crate::db::schema::organisations;
use crate::domain::ids::OrgId;

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = organisations)]
pub struct Org {
    pub id: OrgId,
    pub name: String,
    pub slug: String,
    pub locale: String,
    pub time_zone: String,
    pub created_at: chrono::NaiveDateTime,
    /// From this weekday (1 = Monday) check-in nudges go out; `None`: the deployment's.
    pub nudge_weekday: Option<i32>,
    /// Months per OKR period (see [`Periods`]).
    pub period_months: i32,
    /// The adoption stage thresholds as JSON; `None`: the defaults.
    #[serde(skip)]
    pub adoption_thresholds: Option<String>,
    /// The country whose public holidays count (`NO`), see [`super::calendar`].
    pub country: Option<String>,
}

impl Org {
    /// The weekday (1 = Monday) check-in nudges start: the organisation's, else `default`.
    pub fn nudge_weekday_or(&self, default: u32) -> u32 {
        self.nudge_weekday
            .and_then(|d| u32::try_from(d).ok())
            .unwrap_or(default)
    }

    pub fn periods(&self) -> Periods {
        Periods::from_months(self.period_months).unwrap_or_default()
    }

    pub fn locale(&self) -> Locale {
        Locale::parse(&self.locale).unwrap_or_default()
    }

    /// The country whose public holidays the organisation keeps.
    pub fn country(&self) -> Option<Country> {
        self.country.as_deref().and_then(Country::parse)
    }
}

/// Input for a new organisation.
#[derive(Debug, Clone)]
pub struct NewOrg {
    pub name: String,
    pub slug: String,
    pub locale: Locale,
    pub time_zone: String,
}

impl NewOrg {
    pub fn validate(&self) -> Result<()> {
        let mut errors = FieldErrors::default();
        let name = self.name.trim();
        if name.is_empty() || name.chars().count() > 120 {
            errors.add("name", "field-name-length");
        }
        let slug_ok = (2..=40).contains(&self.slug.len())
            && self
                .slug
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !slug_ok {
            errors.add("slug", "field-slug-invalid");
        }
        if self.time_zone.parse::<chrono_tz::Tz>().is_err() {
            errors.add("time_zone", "field-time-zone-invalid");
        }
        errors.into_result()
    }
}

/// Creates an organisation. One in `Europe/Oslo` keeps Norway's public holidays and starts
/// with the usual Norwegian closures (fellesferie, Christmas), which a leader can change.
pub fn create(conn: &mut DbConn, new: &NewOrg) -> Result<Org> {
    new.validate()?;
    let country = Country::of_time_zone(&new.time_zone);
    conn.transaction(|c| {
        let org: Org = diesel::insert_into(organisations::table)
            .values((
                organisations::name.eq(new.name.trim()),
                organisations::slug.eq(&new.slug),
                organisations::locale.eq(new.locale.code()),
                organisations::time_zone.eq(&new.time_zone),
                organisations::created_at.eq(now()),
                organisations::country.eq(country.map(Country::code)),
            ))
            .returning(organisations::all_columns)
            .get_result(c)
            .map_err(|e| {
                if is_unique_violation(&e) {
                    FieldErrors::single("slug", "field-slug-taken")
                } else {
                    Error::from(e)
                }
            })?;
        calendar::store::start_with_defaults(c, org.id, country)?;
        Ok(org)
    })
}

pub fn find(conn: &mut DbConn, id: OrgId) -> Result<Org> {
    Ok(organisations::table
        .find(id)
        .select(Org::as_select())
        .first(conn)?)
}

pub fn find_by_slug(conn: &mut DbConn, slug: &str) -> Result<Option<Org>> {
    Ok(organisations::table
        .filter(organisations::slug.eq(slug))
        .select(Org::as_select())
        .first(conn)
        .optional()?)
}

/// Sets the weekday check-in nudges start (1–7), or `None` for the deployment's default.
pub fn set_nudge_weekday(conn: &mut DbConn, id: OrgId, weekday: Option<i32>) -> Result<()> {
    if weekday.is_some_and(|d| !(1..=7).contains(&d)) {
        return Err(FieldErrors::single(
            "nudge_weekday",
            "field-weekday-invalid",
        ));
    }
    diesel::update(organisations::table.find(id))
        .set(organisations::nudge_weekday.eq(weekday))
        .execute(conn)?;
    Ok(())
}

/// Every organisation, by id (for scheduled work).
pub fn all(conn: &mut DbConn) -> Result<Vec<Org>> {
    Ok(organisations::table
        .order(organisations::id.asc())
        .select(Org::as_select())
        .load(conn)?)
}

/// Sets how long the organisation's OKR periods are.
pub fn set_periods(conn: &mut DbConn, id: OrgId, periods: Periods) -> Result<()> {
    diesel::update(organisations::table.find(id))
        .set(organisations::period_months.eq(periods.months() as i32))
        .execute(conn)?;
    Ok(())
}

/// The organisation's OKR periods.
pub fn periods(conn: &mut DbConn, id: OrgId) -> Result<Periods> {
    let months: i32 = organisations::table
        .find(id)
        .select(organisations::period_months)
        .first(conn)?;
    Ok(Periods::from_months(months).unwrap_or_default())
}

/// Today in the organisation's time zone.
pub fn today(conn: &mut DbConn, org_id: OrgId) -> Result<chrono::NaiveDate> {
    let zone: String = organisations::table
        .find(org_id)
        .select(organisations::time_zone)
        .first(conn)?;
    Ok(super::periods::local_date(&zone, chrono::Utc::now()))
}
