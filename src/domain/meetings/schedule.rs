//! When a series' meetings fall. Weekly OKR results meetings are on one weekday every week;
//! quarterly OKR meetings on that weekday in the first week of each OKR period (a quarter
//! unless the organisation plans in tertials or half-years). Times are local
//! to the organisation: a 09:00 meeting stays at 09:00 across daylight-saving changes (so
//! its UTC time moves), and a local time that does not exist on the night the clocks go
//! forward moves to the first time that does.

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Weekday};
use chrono_tz::Tz;

use crate::domain::periods::Periods;

crate::domain::codes::text_enum! {
    #[derive(serde::Serialize, utoipa::ToSchema)]
    #[serde(rename_all = "snake_case")]
    pub enum SeriesKind {
        WeeklyResults = "weekly_results",
        Quarterly = "quarterly",
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recurrence {
    pub kind: SeriesKind,
    pub weekday: Weekday,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    /// The organisation's OKR periods, which quarterly meetings open.
    pub periods: Periods,
}

/// The first `weekday` on or after `day`.
fn on_or_after(day: NaiveDate, weekday: Weekday) -> NaiveDate {
    let ahead = (7 + weekday.num_days_from_monday() - day.weekday().num_days_from_monday()) % 7;
    day + Days::new(u64::from(ahead))
}

/// The series' meeting dates from `from` to `to` (both included).
pub fn dates(rec: &Recurrence, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    let from = from.max(rec.starts_on);
    let to = rec.ends_on.map_or(to, |end| to.min(end));
    let mut out = Vec::new();
    if from > to {
        return out;
    }
    match rec.kind {
        SeriesKind::WeeklyResults => {
            let mut day = on_or_after(from, rec.weekday);
            while day <= to {
                out.push(day);
                day = day + Days::new(7);
            }
        }
        SeriesKind::Quarterly => {
            let step = chrono::Months::new(rec.periods.months());
            let mut period = Some(rec.periods.start_of(from));
            while let Some(first) = period.filter(|p| *p <= to) {
                let day = on_or_after(first, rec.weekday);
                if day >= from && day <= to {
                    out.push(day);
                }
                period = first.checked_add_months(step);
            }
        }
    }
    out
}

/// The UTC instant of a local date and time in `tz`. In the hour skipped when clocks go
/// forward, the meeting starts at the first valid minute after; in the hour repeated when
/// they go back, at the first of the two.
pub fn utc_start(tz: Tz, date: NaiveDate, time: NaiveTime) -> NaiveDateTime {
    let local = date.and_time(time);
    for minutes in 0..=180 {
        let candidate = local + chrono::Duration::minutes(minutes);
        if let Some(t) = tz.from_local_datetime(&candidate).earliest() {
            return t.naive_utc();
        }
    }
    local
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn weekly_meetings_keep_their_local_time_across_daylight_saving_changes() {
        let rec = Recurrence {
            kind: SeriesKind::WeeklyResults,
            weekday: Weekday::Mon,
            starts_on: day(2027, 3, 17),
            ends_on: Some(day(2027, 4, 5)),
            periods: Periods::Quarters,
        };
        let dates = dates(&rec, day(2027, 1, 1), day(2027, 12, 31));
        assert_eq!(dates, [day(2027, 3, 22), day(2027, 3, 29), day(2027, 4, 5)]);
        let oslo: Tz = "Europe/Oslo".parse().unwrap();
        let nine = NaiveTime::from_hms_opt(9, 0, 0).unwrap();
        let utc: Vec<String> = dates
            .iter()
            .map(|d| utc_start(oslo, *d, nine).to_string())
            .collect();
        // Clocks go forward on Sunday 28 March 2027: 09:00 is 08:00 UTC before, 07:00 after.
        assert_eq!(
            utc,
            [
                "2027-03-22 08:00:00",
                "2027-03-29 07:00:00",
                "2027-04-05 07:00:00"
            ]
        );
        // Back again on 31 October 2027.
        assert_eq!(
            utc_start(oslo, day(2027, 10, 25), nine).to_string(),
            "2027-10-25 07:00:00"
        );
        assert_eq!(
            utc_start(oslo, day(2027, 11, 1), nine).to_string(),
            "2027-11-01 08:00:00"
        );
    }

    #[test]
    fn times_in_the_skipped_or_repeated_hour_have_one_answer() {
        let oslo: Tz = "Europe/Oslo".parse().unwrap();
        let half_past_two = NaiveTime::from_hms_opt(2, 30, 0).unwrap();
        // 02:30 does not exist on 28 March 2027; the meeting starts at 03:00 local (01:00 UTC).
        assert_eq!(
            utc_start(oslo, day(2027, 3, 28), half_past_two).to_string(),
            "2027-03-28 01:00:00"
        );
        // 02:30 happens twice on 31 October 2027; the first is 00:30 UTC.
        assert_eq!(
            utc_start(oslo, day(2027, 10, 31), half_past_two).to_string(),
            "2027-10-31 00:30:00"
        );
    }

    #[test]
    fn quarterly_meetings_fall_in_the_first_week_of_each_quarter() {
        let rec = Recurrence {
            kind: SeriesKind::Quarterly,
            weekday: Weekday::Tue,
            starts_on: day(2026, 11, 28),
            ends_on: None,
            periods: Periods::Quarters,
        };
        assert_eq!(
            dates(&rec, day(2026, 1, 1), day(2027, 12, 31)),
            [
                day(2027, 1, 5),
                day(2027, 4, 6),
                day(2027, 7, 6),
                day(2027, 10, 5)
            ]
        );
        let tertials = Recurrence {
            periods: Periods::Tertials,
            ..rec.clone()
        };
        assert_eq!(
            dates(&tertials, day(2026, 1, 1), day(2027, 12, 31)),
            [day(2027, 1, 5), day(2027, 5, 4), day(2027, 9, 7)]
        );
        let halves = Recurrence {
            periods: Periods::Halves,
            ..rec
        };
        assert_eq!(
            dates(&halves, day(2026, 1, 1), day(2027, 12, 31)),
            [day(2027, 1, 5), day(2027, 7, 6)]
        );
        for kind in SeriesKind::ALL {
            assert_eq!(SeriesKind::parse(kind.code()), Some(kind));
        }
    }
}
