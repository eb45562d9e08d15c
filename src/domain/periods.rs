//! OKR periods. Each organisation plans in quarters (`2027-Q1`, the default), tertials
//! (`2027-T1`, four months, common in Norwegian public bodies) or half-years (`2027-H1`).
//! A period's name says its length, so objectives planned before an organisation changed
//! its choice keep their period and stay reachable: validating, shifting and finding the
//! days of a period work for every kind; only "which period is today" needs the
//! organisation's choice.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// The years dates may fall in (a rollout's plan, a period's name): room for any real plan,
/// and far enough from the ends of chrono's calendar that "the day after" and "months
/// after" always exist.
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2199;

/// The date in a time zone at `now` (UTC when the zone is unknown).
pub fn local_date(time_zone: &str, now: chrono::DateTime<chrono::Utc>) -> NaiveDate {
    match time_zone.parse::<chrono_tz::Tz>() {
        Ok(tz) => now.with_timezone(&tz).date_naive(),
        Err(_) => now.date_naive(),
    }
}

/// When `day` begins in a time zone, in UTC (the day's midnight in UTC when the zone is
/// unknown; the first moment of the day where a clock change skips midnight).
pub fn utc_start_of(time_zone: &str, day: NaiveDate) -> chrono::NaiveDateTime {
    use chrono::TimeZone;
    let midnight = day.and_time(chrono::NaiveTime::MIN);
    let Ok(tz) = time_zone.parse::<chrono_tz::Tz>() else {
        return midnight;
    };
    (0..3)
        .find_map(|h| {
            tz.from_local_datetime(&(midnight + chrono::Duration::hours(h)))
                .earliest()
        })
        .map_or(midnight, |t| t.naive_utc())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Periods {
    #[default]
    Quarters,
    Tertials,
    Halves,
}

impl Periods {
    pub const ALL: [Periods; 3] = [Periods::Quarters, Periods::Tertials, Periods::Halves];

    pub fn code(self) -> &'static str {
        match self {
            Periods::Quarters => "quarters",
            Periods::Tertials => "tertials",
            Periods::Halves => "halves",
        }
    }

    /// How many months one period lasts (what the organisation row stores).
    pub fn months(self) -> u32 {
        match self {
            Periods::Quarters => 3,
            Periods::Tertials => 4,
            Periods::Halves => 6,
        }
    }

    pub fn from_months(months: i32) -> Option<Periods> {
        Periods::ALL
            .into_iter()
            .find(|p| p.months() as i32 == months)
    }

    fn letter(self) -> char {
        match self {
            Periods::Quarters => 'Q',
            Periods::Tertials => 'T',
            Periods::Halves => 'H',
        }
    }

    fn per_year(self) -> u32 {
        12 / self.months()
    }

    fn from_letter(letter: char) -> Option<Periods> {
        Periods::ALL.into_iter().find(|p| p.letter() == letter)
    }

    fn name(self, year: i32, number: u32) -> String {
        format!("{year}-{}{number}", self.letter())
    }

    /// The period a day falls in.
    pub fn of(self, day: NaiveDate) -> String {
        self.name(day.year(), day.month0() / self.months() + 1)
    }

    /// The period after `day`'s (what a workshop late in a period usually plans for).
    pub fn after(self, day: NaiveDate) -> String {
        shift(&self.of(day), 1).unwrap_or_else(|| self.of(day))
    }

    /// The first day of the period `day` falls in.
    pub fn start_of(self, day: NaiveDate) -> NaiveDate {
        days(&self.of(day)).map_or(day, |(first, _)| first)
    }
}

/// The Monday of `day`'s ISO week (weeks start on Monday everywhere in Hverdag).
pub fn monday(day: NaiveDate) -> NaiveDate {
    day - chrono::Days::new(u64::from(day.weekday().num_days_from_monday()))
}

/// `(kind, year, number)` of a period name such as `2027-Q1`.
fn parse(period: &str) -> Option<(Periods, i32, u32)> {
    let (year, rest) = period.split_once('-')?;
    let mut chars = rest.chars();
    let kind = Periods::from_letter(chars.next()?)?;
    let number = chars.as_str();
    if year.len() != 4 || number.len() != 1 {
        return None;
    }
    let (year, number): (i32, u32) = (year.parse().ok()?, number.parse().ok()?);
    (YEARS.contains(&year) && (1..=kind.per_year()).contains(&number))
        .then_some((kind, year, number))
}

/// A period name of any kind, within the years we keep.
pub fn valid(period: &str) -> bool {
    parse(period).is_some()
}

/// The first and last day of a period such as `2027-Q1` or `2027-T3`.
pub fn days(period: &str) -> Option<(NaiveDate, NaiveDate)> {
    let (kind, year, number) = parse(period)?;
    let first = NaiveDate::from_ymd_opt(year, (number - 1) * kind.months() + 1, 1)?;
    let last = first.checked_add_months(Months::new(kind.months()))? - chrono::Days::new(1);
    Some((first, last))
}

/// The period `by` periods of the same kind after (or before) `period`.
pub fn shift(period: &str, by: i32) -> Option<String> {
    let (kind, year, number) = parse(period)?;
    let per_year = i32::try_from(kind.per_year()).ok()?;
    let index = year * per_year + i32::try_from(number).ok()? - 1 + by;
    let shifted = kind.name(
        index.div_euclid(per_year),
        u32::try_from(index.rem_euclid(per_year)).ok()? + 1,
    );
    valid(&shifted).then_some(shifted)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    #[test]
    fn quarters() {
        let q = Periods::Quarters;
        assert!(valid("2027-Q1"));
        assert!(!valid("2027-Q5"));
        assert!(!valid("27-Q1"));
        assert!(!valid("2027Q1"));
        assert!(!valid("2027-X1"));
        assert_eq!(q.of(day(11, 15)), "2026-Q4");
        assert_eq!(q.after(day(11, 15)), "2027-Q1");
        assert_eq!(q.after(day(2, 15)), "2026-Q2");
        assert_eq!(shift("2027-Q1", -1).as_deref(), Some("2026-Q4"));
        assert_eq!(shift("2026-Q4", 5).as_deref(), Some("2028-Q1"));
        assert_eq!(shift("2199-Q4", 1), None, "outside the years we keep");
        assert_eq!(days("2026-Q4"), Some((day(10, 1), day(12, 31))));
        assert_eq!(q.start_of(day(8, 20)), day(7, 1));
    }

    #[test]
    fn tertials_and_halves() {
        let t = Periods::Tertials;
        assert_eq!(t.of(day(4, 30)), "2026-T1");
        assert_eq!(t.of(day(5, 1)), "2026-T2");
        assert_eq!(t.of(day(12, 31)), "2026-T3");
        assert!(!valid("2026-T4"));
        assert_eq!(days("2026-T2"), Some((day(5, 1), day(8, 31))));
        assert_eq!(shift("2026-T3", 1).as_deref(), Some("2027-T1"));
        assert_eq!(t.after(day(11, 1)), "2027-T1");
        let h = Periods::Halves;
        assert_eq!(h.of(day(6, 30)), "2026-H1");
        assert_eq!(h.of(day(7, 1)), "2026-H2");
        assert!(!valid("2026-H3"));
        assert_eq!(days("2026-H2"), Some((day(7, 1), day(12, 31))));
        assert_eq!(shift("2026-H1", -3).as_deref(), Some("2024-H2"));
        assert_eq!(h.start_of(day(3, 3)), day(1, 1));
    }

    #[test]
    fn every_period_covers_the_year_without_gaps() {
        for kind in Periods::ALL {
            assert_eq!(Periods::from_months(kind.months() as i32), Some(kind));
            let mut period = kind.of(day(1, 1));
            let mut expected_first = day(1, 1);
            for _ in 0..kind.per_year() * 3 {
                let (first, last) = days(&period).unwrap();
                assert_eq!(first, expected_first, "{period}");
                assert_eq!(kind.of(first), period);
                assert_eq!(kind.of(last), period);
                expected_first = last + chrono::Days::new(1);
                period = shift(&period, 1).unwrap();
            }
        }
        assert_eq!(Periods::from_months(5), None);
    }
}
