//! The organisation calendar: the public holidays of its country and the closures a leader
//! keeps (fellesferie, Christmas, …). The adoption rollup asks it which days and weeks are not
//! working ones, so a team that does not meet then has neither held nor missed a meeting.
//!
//! Public holidays are computed, not typed in: Easter comes from the `computus` crate (MIT,
//! maintained, any year), and every movable holiday is an offset from it. The `holidays`
//! crate was considered and not used: it has no licence and covers a fixed range of years.
//! All rules work on local calendar dates (`NaiveDate`), so daylight-saving changes cannot
//! move a day into another week. Storage is in [`store`].

pub mod holidays;
pub mod store;
#[cfg(test)]
mod tests;

use chrono::{Datelike, Days, NaiveDate, Weekday};

use crate::domain::ids::{ClosureId, OrgId};

pub use store::{add, country, find, list, remove, set_country, update};

/// A country whose public holidays are built in. Norway first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Country {
    Norway,
}

impl Country {
    pub const ALL: [Country; 1] = [Country::Norway];

    /// The ISO 3166-1 code stored in `organisations.country`.
    pub fn code(self) -> &'static str {
        match self {
            Country::Norway => "NO",
        }
    }

    /// Reads an ISO code (any case); `None` for a country without built-in holidays.
    pub fn parse(code: &str) -> Option<Country> {
        match code.trim().to_ascii_uppercase().as_str() {
            "NO" => Some(Country::Norway),
            _ => None,
        }
    }

    /// The country an organisation in `time_zone` most likely keeps holidays of.
    pub fn of_time_zone(time_zone: &str) -> Option<Country> {
        match time_zone {
            "Europe/Oslo" => Some(Country::Norway),
            _ => None,
        }
    }
}

/// Why a day or week is not a working one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Closed {
    /// A public holiday: `key` is a Fluent message id, e.g. "holiday-no-easter-monday".
    Holiday { key: &'static str },
    /// A closure a leader set (or the proposed defaults), by its name.
    Closure { name: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Span {
    /// Every year, ISO weeks first..=last; first > last wraps the year end (52..=1 covers
    /// week 53 too in years that have one).
    YearlyWeeks { first: u32, last: u32 },
    /// Every year, from (month, day) to (month, day), both included; may wrap the year end.
    YearlyDates { first: (u32, u32), last: (u32, u32) },
    /// Once, from..=to.
    Dates { first: NaiveDate, last: NaiveDate },
}

impl Span {
    /// True when `day` lies inside the span.
    pub fn contains(&self, day: NaiveDate) -> bool {
        match *self {
            Span::YearlyWeeks { first, last } => {
                let week = day.iso_week().week();
                if first <= last {
                    (first..=last).contains(&week)
                } else {
                    week >= first || week <= last
                }
            }
            Span::YearlyDates { first, last } => {
                let md = (day.month(), day.day());
                if first <= last {
                    first <= md && md <= last
                } else {
                    md >= first || md <= last
                }
            }
            Span::Dates { first, last } => first <= day && day <= last,
        }
    }

    /// The days the span covers in its occurrence that starts in `year` (the ISO week year
    /// for weeks), as (first, last); `Dates` gives its one range whatever the year.
    pub fn occurrence(&self, year: i32) -> Option<(NaiveDate, NaiveDate)> {
        match *self {
            Span::YearlyWeeks { first, last } => {
                let end_year = if first <= last { year } else { year + 1 };
                // Week 53 of a year without one: the span starts after its week 52, or ends
                // with it (so 53..=53 has no days that year, as `contains` says).
                let start =
                    NaiveDate::from_isoywd_opt(year, first, Weekday::Mon).or_else(|| {
                        (first == 53).then_some(())?;
                        NaiveDate::from_isoywd_opt(year + 1, 1, Weekday::Mon)
                    })?;
                let end =
                    NaiveDate::from_isoywd_opt(end_year, last, Weekday::Sun).or_else(|| {
                        (last == 53).then_some(())?;
                        NaiveDate::from_isoywd_opt(end_year, 52, Weekday::Sun)
                    })?;
                (start <= end).then_some((start, end))
            }
            Span::YearlyDates { first, last } => {
                let end_year = if first <= last { year } else { year + 1 };
                // 29 February in a common year: the span starts on 1 March, or ends on 28 Feb.
                let start = NaiveDate::from_ymd_opt(year, first.0, first.1)
                    .or_else(|| NaiveDate::from_ymd_opt(year, first.0.saturating_add(1), 1))?;
                let end = NaiveDate::from_ymd_opt(end_year, last.0, last.1).or_else(|| {
                    NaiveDate::from_ymd_opt(end_year, last.0, last.1.checked_sub(1)?)
                })?;
                Some((start, end))
            }
            Span::Dates { first, last } => Some((first, last)),
        }
    }
}

/// The Monday of the week `day` lies in.
pub fn monday(day: NaiveDate) -> NaiveDate {
    day.checked_sub_days(Days::new(u64::from(day.weekday().num_days_from_monday())))
        .unwrap_or(day)
}

/// The Monday of the organisation's local week at `at` (its time zone; UTC when unknown).
pub fn local_week(time_zone: &str, at: chrono::DateTime<chrono::Utc>) -> NaiveDate {
    monday(super::periods::local_date(time_zone, at))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closure {
    pub id: Option<ClosureId>,
    pub name: String,
    pub span: Span,
}

/// The closures a Norwegian organisation starts with (a leader can change them):
/// "Fellesferie" YearlyWeeks 28..=30 and "Jul" (Christmas) YearlyDates (12,24)..=(1,1).
pub fn norwegian_defaults() -> Vec<Closure> {
    vec![
        Closure {
            id: None,
            name: "Fellesferie".into(),
            span: Span::YearlyWeeks {
                first: 28,
                last: 30,
            },
        },
        Closure {
            id: None,
            name: "Jul".into(),
            span: Span::YearlyDates {
                first: (12, 24),
                last: (1, 1),
            },
        },
    ]
}

/// An organisation's calendar: its country's public holidays and its closures.
#[derive(Debug, Clone, Default)]
pub struct Calendar {
    country: Option<Country>,
    closures: Vec<Closure>,
}

/// Of a week's five working days, this many closed make the whole week closed.
pub const CLOSED_WEEK_DAYS: usize = 3;

impl Calendar {
    pub fn new(country: Option<Country>, closures: Vec<Closure>) -> Calendar {
        Calendar { country, closures }
    }

    /// The organisation's calendar (its country and closures), scoped to org_id.
    pub fn load(conn: &mut super::DbConn, org_id: OrgId) -> super::Result<Calendar> {
        Ok(Calendar::new(
            store::country(conn, org_id)?,
            store::list(conn, org_id)?,
        ))
    }

    pub fn country(&self) -> Option<Country> {
        self.country
    }

    pub fn closures(&self) -> &[Closure] {
        &self.closures
    }

    /// The public holiday on `day`, if any.
    pub fn holiday(&self, day: NaiveDate) -> Option<&'static str> {
        let country = self.country?;
        holidays::of_year(country, day.year())
            .into_iter()
            .find(|(d, _)| *d == day)
            .map(|(_, key)| key)
    }

    /// The first closure that covers `day`, if any.
    pub fn closure(&self, day: NaiveDate) -> Option<&Closure> {
        self.closures.iter().find(|c| c.span.contains(day))
    }

    /// Why `day` is not a working day: a public holiday or inside a closure. Weekends are
    /// NOT reported (None) unless inside a closure. A holiday inside a closure is reported
    /// as the holiday (the more precise reason).
    pub fn closed(&self, day: NaiveDate) -> Option<Closed> {
        if let Some(key) = self.holiday(day) {
            return Some(Closed::Holiday { key });
        }
        self.closure(day).map(|c| Closed::Closure {
            name: c.name.clone(),
        })
    }

    /// A week (given its Monday) the organisation is closed for most of: at least 3 of its
    /// 5 working days (Mon–Fri) closed by holidays or closures. Returns the reason (the
    /// closure when one is involved, else the first holiday). Any other day of the week
    /// stands for its week.
    pub fn closed_week(&self, monday: NaiveDate) -> Option<Closed> {
        let start = self::monday(monday);
        let workdays: Vec<NaiveDate> = (0..5)
            .filter_map(|i| start.checked_add_days(Days::new(i)))
            .collect();
        let closed = workdays
            .iter()
            .filter(|d| self.closed(**d).is_some())
            .count();
        if closed < CLOSED_WEEK_DAYS {
            return None;
        }
        if let Some(c) = workdays.iter().find_map(|d| self.closure(*d)) {
            return Some(Closed::Closure {
                name: c.name.clone(),
            });
        }
        workdays
            .iter()
            .find_map(|d| self.holiday(*d))
            .map(|key| Closed::Holiday { key })
    }

    /// Public holidays and closure days from..=to, for listing on the page: one entry per
    /// closed day, with the reason [`Calendar::closed`] gives.
    pub fn closed_days(&self, from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, Closed)> {
        from.iter_days()
            .take_while(|d| *d <= to)
            .filter_map(|d| self.closed(d).map(|why| (d, why)))
            .collect()
    }

    /// The public holidays from..=to, by date.
    pub fn holidays(&self, from: NaiveDate, to: NaiveDate) -> Vec<holidays::Holiday> {
        let Some(country) = self.country else {
            return Vec::new();
        };
        (from.year()..=to.year())
            .flat_map(|year| holidays::of_year(country, year))
            .filter(|(d, _)| from <= *d && *d <= to)
            .collect()
    }
}
