//! Cohorts: teams lined up by months since they started with OKRs, so one can see whether
//! this year's teams are further along at month six than last year's. A team starts at its
//! workshop (the first time a workshop it took part in ran), or, without one, in the week of
//! its first held weekly OKR meeting. Teams that started in the same OKR period form a
//! cohort; per month since the start the cohort shows the median and the spread (25th to
//! 75th percentile) of a routine metric across its teams. Months are calendar months, read
//! from the stored [`super::months`]: month 0 is the one the team started in.

use std::collections::BTreeMap;

use chrono::{Days, Months, NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::metrics::ratio;
use super::months::{self, Month, month_of};
use crate::db::schema::{workshop_events, workshop_teams, workshops};
use crate::domain::ids::{OrgId, TeamId, WorkshopId};
use crate::domain::periods::{Periods, monday};
use crate::domain::{DbConn, Result};

/// Months after the start a cohort is followed (0 to 12).
pub const MONTHS: u32 = 12;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    Held,
    Attendance,
    Coverage,
    Routine,
}

impl Metric {
    pub const ALL: [Metric; 4] = [
        Metric::Held,
        Metric::Attendance,
        Metric::Coverage,
        Metric::Routine,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Metric::Held => "held",
            Metric::Attendance => "attendance",
            Metric::Coverage => "coverage",
            Metric::Routine => "routine",
        }
    }

    pub fn parse(code: &str) -> Option<Metric> {
        Metric::ALL.into_iter().find(|m| m.code() == code)
    }

    /// One team's value in a month.
    fn of(self, m: &Month) -> Option<f64> {
        let s = &m.sums;
        match self {
            Metric::Held => ratio(s.held, s.due),
            Metric::Attendance => ratio(s.present, s.expected),
            Metric::Coverage => ratio(s.checked, s.active),
            // At routine by the month's last week.
            Metric::Routine => Some(if m.routine_at_end { 1.0 } else { 0.0 }),
        }
    }
}

/// The organisation's cohorts over its stored history (the [`super::HISTORY_WEEKS`] before
/// `today`), for the cohort view.
pub fn view(
    conn: &mut DbConn,
    org_id: OrgId,
    tz: chrono_tz::Tz,
    today: NaiveDate,
    periods: Periods,
    metric: Metric,
) -> Result<Vec<Cohort>> {
    let since = monday(today) - Days::new(7 * super::HISTORY_WEEKS);
    let months = months::stored(conn, org_id, since)?;
    let starts = team_starts(conn, org_id, tz, &months)?;
    Ok(cohorts(&starts, &months, periods, metric))
}

/// When each team started: its first workshop (in the organisation's time zone `tz`), or
/// the week of its first held weekly meeting.
pub fn team_starts(
    conn: &mut DbConn,
    org_id: OrgId,
    tz: chrono_tz::Tz,
    months: &[Month],
) -> Result<BTreeMap<TeamId, NaiveDate>> {
    let ran: Vec<(WorkshopId, Option<NaiveDateTime>)> = workshop_events::table
        .filter(workshop_events::org_id.eq(org_id))
        .group_by(workshop_events::workshop_id)
        .select((
            workshop_events::workshop_id,
            diesel::dsl::min(workshop_events::created_at),
        ))
        .load(conn)?;
    let ran: BTreeMap<WorkshopId, NaiveDate> = ran
        .into_iter()
        .filter_map(|(id, at)| {
            use chrono::TimeZone;
            at.map(|at| (id, tz.from_utc_datetime(&at).date_naive()))
        })
        .collect();
    let links: Vec<(TeamId, WorkshopId)> = workshop_teams::table
        .inner_join(workshops::table.on(workshops::id.eq(workshop_teams::workshop_id)))
        .filter(workshop_teams::org_id.eq(org_id))
        .filter(workshops::status.eq(crate::domain::workshops::Status::Ended))
        .select((workshop_teams::team_id, workshop_teams::workshop_id))
        .load(conn)?;
    let mut starts: BTreeMap<TeamId, NaiveDate> = BTreeMap::new();
    for (team, workshop) in links {
        if let Some(day) = ran.get(&workshop) {
            let entry = starts.entry(team).or_insert(*day);
            *entry = (*entry).min(*day);
        }
    }
    for m in months {
        if let Some(week) = m.first_held {
            starts.entry(m.team_id).or_insert(week);
        }
    }
    Ok(starts)
}

/// The median and spread of one month of a cohort.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Spread {
    pub month: u32,
    /// Teams with a value that month.
    pub teams: usize,
    pub median: f64,
    pub p25: f64,
    pub p75: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cohort {
    /// The OKR period the teams started in, e.g. `2026-Q1`.
    pub period: String,
    pub teams: usize,
    /// Months 0 to 12; `None` where no team has data (yet).
    pub months: Vec<Option<Spread>>,
}

/// The `q` quantile (0–1) of sorted values, interpolating between neighbours.
pub fn quantile(sorted: &[f64], q: f64) -> Option<f64> {
    let last = sorted.len().checked_sub(1)?;
    let pos = q.clamp(0.0, 1.0) * last as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    let frac = pos - lo as f64;
    Some(sorted[lo] + (sorted[hi] - sorted[lo]) * frac)
}

/// Cohorts by the period their teams started in, oldest first.
pub fn cohorts(
    starts: &BTreeMap<TeamId, NaiveDate>,
    months: &[Month],
    periods: Periods,
    metric: Metric,
) -> Vec<Cohort> {
    let by_month: BTreeMap<(TeamId, NaiveDate), &Month> =
        months.iter().map(|m| ((m.team_id, m.month), m)).collect();
    let mut members: BTreeMap<NaiveDate, (String, Vec<TeamId>)> = BTreeMap::new();
    for (team, start) in starts {
        let period = periods.of(*start);
        let first = periods.start_of(*start);
        members
            .entry(first)
            .or_insert_with(|| (period, Vec::new()))
            .1
            .push(*team);
    }
    members
        .into_values()
        .map(|(period, teams)| {
            let months = (0..=MONTHS)
                .map(|m| {
                    let mut values: Vec<f64> = teams
                        .iter()
                        .filter_map(|team| {
                            let start = month_of(*starts.get(team)?);
                            let month = start.checked_add_months(Months::new(m))?;
                            metric.of(by_month.get(&(*team, month))?)
                        })
                        .collect();
                    values.sort_by(f64::total_cmp);
                    Some(Spread {
                        month: m,
                        teams: values.len(),
                        median: quantile(&values, 0.5)?,
                        p25: quantile(&values, 0.25)?,
                        p75: quantile(&values, 0.75)?,
                    })
                })
                .collect();
            Cohort {
                period,
                teams: teams.len(),
                months,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::adoption::metrics::{Thresholds, WeekFacts, WeekState};
    use crate::domain::adoption::stage::extend;

    #[test]
    fn quantiles_interpolate() {
        assert_eq!(quantile(&[], 0.5), None);
        assert_eq!(quantile(&[3.0], 0.25), Some(3.0));
        assert_eq!(quantile(&[0.0, 1.0], 0.5), Some(0.5));
        assert_eq!(quantile(&[0.0, 0.5, 1.0, 1.0], 0.25), Some(0.375));
    }

    fn team_months(team: i32, start: NaiveDate, held: &[bool]) -> Vec<Month> {
        let facts: Vec<WeekFacts> = held
            .iter()
            .enumerate()
            .map(|(i, h)| WeekFacts {
                state: if *h {
                    WeekState::Held
                } else {
                    WeekState::Missed
                },
                expected: 4,
                present: if *h { 4 } else { 0 },
                ..WeekFacts::empty(start + chrono::Days::new(7 * i as u64))
            })
            .collect();
        let weeks = extend(&[], &facts, &Thresholds::default());
        months::of_weeks(TeamId(team), &weeks, start)
    }

    #[test]
    fn teams_line_up_by_months_since_their_start() {
        let jan = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
        let feb = NaiveDate::from_ymd_opt(2026, 2, 2).unwrap();
        let jul = NaiveDate::from_ymd_opt(2026, 7, 6).unwrap();
        let mut months = team_months(1, jan, &[true; 9]);
        months.extend(team_months(
            2,
            feb,
            &[true, false, true, false, true, true, true, true],
        ));
        months.extend(team_months(3, jul, &[false, false, false, false]));
        let starts: BTreeMap<TeamId, NaiveDate> =
            [(TeamId(1), jan), (TeamId(2), feb), (TeamId(3), jul)].into();
        let found = cohorts(&starts, &months, Periods::Quarters, Metric::Held);
        assert_eq!(found.len(), 2);
        assert_eq!((found[0].period.as_str(), found[0].teams), ("2026-Q1", 2));
        // Month 0: team 1 held all four weeks of January, team 2 two of four in February.
        let m0 = found[0].months[0].as_ref().unwrap();
        assert_eq!(
            (m0.teams, m0.median, m0.p25, m0.p75),
            (2, 0.75, 0.625, 0.875)
        );
        assert_eq!(found[0].months[12], None, "no data a year on");
        assert_eq!(found[1].period, "2026-Q3");
        assert_eq!(found[1].months[0].as_ref().unwrap().median, 0.0);
    }
}
