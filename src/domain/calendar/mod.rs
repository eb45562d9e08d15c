//! STUB (replaced by the calendar branch): the organisation calendar's interface.

use chrono::{Datelike, Days, NaiveDate};

use super::{DbConn, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Country {
    Norway,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Closed {
    Holiday { key: &'static str },
    Closure { name: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Span {
    YearlyWeeks { first: u32, last: u32 },
    YearlyDates { first: (u32, u32), last: (u32, u32) },
    Dates { first: NaiveDate, last: NaiveDate },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closure {
    pub id: Option<i32>,
    pub name: String,
    pub span: Span,
}

#[derive(Debug, Clone, Default)]
pub struct Calendar {
    country: Option<Country>,
    closures: Vec<Closure>,
}

impl Calendar {
    pub fn new(country: Option<Country>, closures: Vec<Closure>) -> Calendar {
        Calendar { country, closures }
    }

    pub fn load(conn: &mut DbConn, org_id: i32) -> Result<Calendar> {
        let org = super::org::find(conn, org_id)?;
        Ok(if org.time_zone == "Europe/Oslo" {
            Calendar::new(Some(Country::Norway), norwegian_defaults())
        } else {
            Calendar::default()
        })
    }

    pub fn closed(&self, day: NaiveDate) -> Option<Closed> {
        for c in &self.closures {
            let inside = match c.span {
                Span::YearlyWeeks { first, last } => {
                    let w = day.iso_week().week();
                    if first <= last {
                        w >= first && w <= last
                    } else {
                        w >= first || w <= last
                    }
                }
                Span::YearlyDates { first, last } => {
                    let md = (day.month(), day.day());
                    if first <= last {
                        md >= first && md <= last
                    } else {
                        md >= first || md <= last
                    }
                }
                Span::Dates { first, last } => day >= first && day <= last,
            };
            if inside {
                return Some(Closed::Closure {
                    name: c.name.clone(),
                });
            }
        }
        self.country?;
        let easter = computus::gregorian_naive(day.year()).ok()?;
        let fixed = [(1, 1), (5, 1), (5, 17), (12, 25), (12, 26)];
        let moving = [-3i64, -2, 0, 1, 39, 49, 50];
        (fixed.contains(&(day.month(), day.day()))
            || moving
                .iter()
                .any(|o| easter + chrono::Duration::days(*o) == day))
        .then_some(Closed::Holiday { key: "holiday" })
    }

    pub fn closed_week(&self, monday: NaiveDate) -> Option<Closed> {
        let closed: Vec<Closed> = (0..5)
            .filter_map(|d| self.closed(monday + Days::new(d)))
            .collect();
        (closed.len() >= 3)
            .then(|| closed.into_iter().next())
            .flatten()
    }
}

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
