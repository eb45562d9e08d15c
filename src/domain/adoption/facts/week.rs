//! One team's week counted from the loaded rows: the weekly meeting's state, attendance, and
//! the key results checked in (on time or not).

use std::collections::HashSet;

use chrono::{Days, NaiveDate, NaiveDateTime};

use super::{Day, KrSpan, Loaded, MeetingRow};
use crate::domain::adoption::metrics::{WeekFacts, WeekState};
use crate::domain::ids::PersonId;
use crate::domain::meetings::{Presence, Status};

pub(super) fn count_week(
    data: &Loaded,
    meetings: &[&MeetingRow],
    krs: &[&KrSpan],
    members: &[(PersonId, NaiveDate, Option<NaiveDate>)],
    day: &Day,
) -> WeekFacts {
    let (week, today) = (day.week, day.today);
    let sunday = week + Days::new(6);
    let in_week: Vec<&&MeetingRow> = meetings
        .iter()
        .filter(|m| m.day >= week && m.day <= sunday)
        .collect();
    let weekly: Vec<&&&MeetingRow> = in_week.iter().filter(|m| m.weekly).collect();
    let held = weekly.iter().find(|m| m.status == Status::Held);
    let scheduled = || weekly.iter().filter(|m| m.status == Status::Scheduled);
    // Not held, and the organisation was closed that week or on each meeting's day.
    let closed = scheduled().next().is_some()
        && (day.calendar.closed_week(week).is_some()
            || scheduled().all(|m| day.calendar.closed(m.day).is_some()));
    let state = if held.is_some() {
        WeekState::Held
    } else if closed {
        WeekState::Closed
    } else if scheduled().next().is_some() && day.paused.contains(&week) {
        WeekState::Paused
    } else if scheduled().any(|m| m.day < today) {
        WeekState::Missed
    } else if scheduled().next().is_some() {
        WeekState::Pending
    } else if weekly.is_empty() {
        WeekState::NoMeeting
    } else {
        WeekState::Cancelled
    };
    let (mut expected, mut present) = (0, 0);
    if let Some(meeting) = held
        && let Some(rows) = data.attendance.get(&meeting.id)
    {
        let excused: HashSet<PersonId> = rows
            .iter()
            .filter(|(_, s)| *s == Presence::Excused)
            .map(|(p, _)| *p)
            .collect();
        let on_team: HashSet<PersonId> = members
            .iter()
            .filter(|(_, joined, left)| {
                *joined <= meeting.day && left.is_none_or(|l| l >= meeting.day)
            })
            .map(|(p, _, _)| *p)
            .filter(|p| !excused.contains(p))
            .collect();
        let came: HashSet<PersonId> = rows
            .iter()
            .filter(|(_, s)| *s == Presence::Present)
            .map(|(p, _)| *p)
            .collect();
        // Someone recorded as present who was not on the roster (an imported history with
        // a guest) is expected too: attendance never goes above one.
        expected = on_team.union(&came).count() as u32;
        present = came.len() as u32;
    }
    // Check-ins count by the end of the weekly meeting's day (Sunday without one).
    let deadline = weekly
        .iter()
        .filter(|m| m.status != Status::Cancelled)
        .map(|m| m.day)
        .max()
        .unwrap_or(sunday)
        .and_hms_opt(23, 59, 59)
        .unwrap_or(NaiveDateTime::MAX);
    let week_start = week.and_time(chrono::NaiveTime::MIN);
    let week_end = (sunday + Days::new(1)).and_time(chrono::NaiveTime::MIN);
    let (mut active, mut checked, mut on_time) = (0, 0, 0);
    // A key result counts in the weeks whose Thursday its period holds (as an ISO week
    // belongs to the year of its Thursday), so the week two periods share counts one.
    let thursday = week + Days::new(3);
    for kr in krs
        .iter()
        .filter(|k| k.first <= thursday && k.last >= thursday)
    {
        active += 1;
        let times = data.check_ins.get(&kr.id).map_or(&[][..], Vec::as_slice);
        let this_week = || times.iter().filter(|t| **t >= week_start && **t < week_end);
        if this_week().next().is_some() {
            checked += 1;
        }
        if this_week().any(|t| *t <= deadline) {
            on_time += 1;
        }
    }
    WeekFacts {
        week,
        state,
        expected,
        present,
        active_krs: active,
        checked_krs: checked,
        on_time_krs: on_time,
        quarterly_held: in_week
            .iter()
            .any(|m| !m.weekly && m.status == Status::Held),
    }
}
