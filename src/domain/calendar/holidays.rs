//! Public holidays of the built-in countries, computed for any year.
//!
//! Easter comes from the `computus` crate (Gregorian computus); every movable Norwegian
//! holiday is a fixed offset from it.

use chrono::{Days, NaiveDate};

use super::Country;

/// A public holiday: its date and the Fluent message id of its name.
pub type Holiday = (NaiveDate, &'static str);

/// The Fluent ids of every Norwegian holiday, in calendar order.
pub const NORWEGIAN_KEYS: [&str; 12] = [
    "holiday-no-new-year",
    "holiday-no-maundy-thursday",
    "holiday-no-good-friday",
    "holiday-no-easter-sunday",
    "holiday-no-easter-monday",
    "holiday-no-labour-day",
    "holiday-no-constitution-day",
    "holiday-no-ascension",
    "holiday-no-whit-sunday",
    "holiday-no-whit-monday",
    "holiday-no-christmas-day",
    "holiday-no-boxing-day",
];

/// The public holidays of `country` in `year`, by date (empty for a year out of range).
pub fn of_year(country: Country, year: i32) -> Vec<Holiday> {
    match country {
        Country::Norway => norway(year),
    }
}

fn norway(year: i32) -> Vec<Holiday> {
    let (Ok(easter), Some(new_year), Some(may_day), Some(national), Some(christmas)) = (
        computus::gregorian_naive(year),
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year, 5, 1),
        NaiveDate::from_ymd_opt(year, 5, 17),
        NaiveDate::from_ymd_opt(year, 12, 25),
    ) else {
        return Vec::new();
    };
    let before = |n: u64| easter.checked_sub_days(Days::new(n));
    let after = |n: u64| easter.checked_add_days(Days::new(n));
    let days = [
        (Some(new_year), "holiday-no-new-year"),
        (before(3), "holiday-no-maundy-thursday"),
        (before(2), "holiday-no-good-friday"),
        (Some(easter), "holiday-no-easter-sunday"),
        (after(1), "holiday-no-easter-monday"),
        (Some(may_day), "holiday-no-labour-day"),
        (Some(national), "holiday-no-constitution-day"),
        (after(39), "holiday-no-ascension"),
        (after(49), "holiday-no-whit-sunday"),
        (after(50), "holiday-no-whit-monday"),
        (Some(christmas), "holiday-no-christmas-day"),
        (christmas.succ_opt(), "holiday-no-boxing-day"),
    ];
    let mut out: Vec<Holiday> = days
        .into_iter()
        .filter_map(|(day, key)| Some((day?, key)))
        .collect();
    // Ascension can fall on 1 or 17 May: keep calendar order.
    out.sort_by_key(|(day, _)| *day);
    out
}
