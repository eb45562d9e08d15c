//! Stores a simulated [`World`] through the domain functions the pages use: the organisation,
//! people, teams and memberships, objectives per period, and the weekly and quarterly
//! meeting series up front ([`setup`]; a team split off another gets its series from the
//! week it begins, and the people who move keep one person each); then what the teams do, as
//! [`Event`]s applied in the order they were entered ([`apply`]), down to a merged team's
//! series ending, so a replay can stop at any Monday and see exactly what the organisation
//! had entered by then.

use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use diesel::prelude::*;

use super::{Meeting, World};
use crate::db::schema::meetings as meeting_rows;
use crate::domain::ids::{KeyResultId, MeetingId, OrgId, PersonId, SeriesId, TeamId};
use crate::domain::meetings::{self, MeetingRecord, SeriesInput, SeriesKind};
use crate::domain::okrs::check_ins::{self, CheckInInput, Confidence};
use crate::domain::okrs::{self, KeyResultInput, ObjectiveInput, Status};
use crate::domain::org::{self, NewOrg, Org};
use crate::domain::people::{self, PersonInput, Role};
use crate::domain::periods::{self, Periods};
use crate::domain::teams::{self, TeamInput, TeamKind};
use crate::domain::{DbConn, Locale, Result};

/// What [`setup`] stored for one simulated team.
#[derive(Debug, Clone)]
pub struct Stored {
    pub team_id: TeamId,
    pub series_id: SeriesId,
    pub quarterly_id: SeriesId,
    /// The person behind each simulated member.
    pub people: Vec<PersonId>,
    /// Key results per period, in the simulated order.
    pub krs: Vec<(String, Vec<Kr>)>,
}

/// A stored key result: check-ins go from `start` (share 0) to `target` (share 1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Kr {
    pub id: KeyResultId,
    pub start: f64,
    pub target: f64,
}

impl Kr {
    pub fn of(kr: &okrs::KeyResult) -> Kr {
        Kr {
            id: kr.id,
            start: kr.start_value,
            target: kr.target_value,
        }
    }
}

pub struct Setup {
    pub org: Org,
    pub teams: Vec<Stored>,
}

const TIME_ZONE: &str = "Europe/Oslo";

/// Local time in the organisation, as stored (UTC).
pub fn utc(day: NaiveDate, time: NaiveTime) -> NaiveDateTime {
    let tz = meetings::zone(TIME_ZONE);
    let local = day.and_time(time);
    tz.from_local_datetime(&local)
        .earliest()
        .map_or(local, |t| t.naive_utc())
}

/// Stores the organisation `slug` and its teams as they are at the start.
pub fn setup(conn: &mut DbConn, world: &World, slug: &str) -> Result<Setup> {
    let org = org::create(
        conn,
        &NewOrg {
            name: format!("Simulated {slug}"),
            slug: slug.into(),
            locale: Locale::Nb,
            time_zone: TIME_ZONE.into(),
        },
    )?;
    let start = world.config.start;
    let end = world.monday(world.config.weeks);
    // Everyone first (a person moved in a reorganisation is on two teams), then the teams.
    let mut people_of: Vec<Vec<PersonId>> = Vec::with_capacity(world.teams.len());
    for (index, team) in world.teams.iter().enumerate() {
        let mut ids = Vec::with_capacity(team.members.len());
        for (i, member) in team.members.iter().enumerate() {
            if member.moved_from.is_some() {
                ids.push(PersonId(0)); // the person is stored with the team they came from
                continue;
            }
            let person = people::create(
                conn,
                org.id,
                &PersonInput {
                    name: format!("Person {}-{}", index + 1, i + 1),
                    email: format!("p{}-{}@{slug}.example", index + 1, i + 1),
                    locale: Locale::Nb,
                    roles: vec![Role::Member],
                },
                None,
            )?;
            ids.push(person.row.id);
        }
        people_of.push(ids);
    }
    for (t, team) in world.teams.iter().enumerate() {
        for (i, member) in team.members.iter().enumerate() {
            if let Some((from, j)) = member.moved_from {
                people_of[t][i] = people_of[from][j];
            }
        }
    }
    let mut stored = Vec::with_capacity(world.teams.len());
    for (team, people_ids) in world.teams.iter().zip(people_of) {
        let created = teams::create(
            conn,
            org.id,
            &TeamInput {
                name: team.name.clone(),
                kind: TeamKind::Team,
                parent_id: None,
            },
        )?;
        for (member, &person) in team.members.iter().zip(&people_ids) {
            let joined = world.monday(member.joins);
            teams::add_member(conn, org.id, created.id, person, joined)?;
            if let Some(leaves) = member.leaves {
                let membership = teams::members(conn, org.id, created.id)?
                    .into_iter()
                    .find(|m| m.person_id == person)
                    .map(|m| m.membership_id)
                    .ok_or(crate::domain::Error::NotFound)?;
                let left_on = world.monday(leaves) - Days::new(1);
                teams::end_membership(conn, org.id, created.id, membership, left_on.max(joined))?;
            }
        }
        let owner = people_ids.first().copied();
        let mut krs = Vec::new();
        let mut period = Periods::default().of(start);
        loop {
            let inputs: Vec<KeyResultInput> = (0..team.krs)
                .map(|k| KeyResultInput {
                    owner_id: people_ids.get(k % people_ids.len().max(1)).copied(),
                    ..KeyResultInput::number(&format!("Resultat {}", k + 1), "stk", 0.0, 100.0)
                })
                .collect();
            let created = okrs::create(
                conn,
                org.id,
                &ObjectiveInput {
                    team_id: created.id,
                    period: period.clone(),
                    title: format!("Mål for {period}"),
                    description: String::new(),
                    owner_id: owner,
                    status: Status::Active,
                },
                None,
                &inputs,
            )?;
            let okr = super::super::caught_up(conn, created)?;
            krs.push((
                period.clone(),
                okr.key_results.iter().map(|k| Kr::of(k)).collect(),
            ));
            let Some((_, last)) = periods::days(&period) else {
                break;
            };
            match periods::shift(&period, 1) {
                Some(next) if last < end => period = next,
                _ => break,
            }
        }
        let series = |kind, weekday, time: &str, minutes| SeriesInput {
            team_id: created.id,
            kind,
            weekday,
            start_time: time.into(),
            duration_minutes: minutes,
            starts_on: world.monday(team.from),
            ends_on: None,
        };
        let weekly = meetings::create_series(
            conn,
            org.id,
            &series(SeriesKind::WeeklyResults, team.weekday as i32, "09:00", 15),
            TIME_ZONE,
            start,
        )?;
        let quarterly = meetings::create_series(
            conn,
            org.id,
            &series(SeriesKind::Quarterly, 2, "13:00", 90),
            TIME_ZONE,
            start,
        )?;
        stored.push(Stored {
            team_id: created.id,
            series_id: weekly.id,
            quarterly_id: quarterly.id,
            people: people_ids,
            krs,
        });
    }
    Ok(Setup { org, teams: stored })
}

/// Something a team enters, at a local time.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub at: NaiveDateTime,
    pub team: usize,
    pub week: u32,
    pub kind: Kind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The week's meeting cancelled ahead of time.
    Cancel,
    /// The week's meeting recorded as held, with its in-meeting check-ins.
    Record,
    /// A check-in made on the check-in page (index into the week's check-ins).
    CheckIn(usize),
    /// The quarterly OKR meeting recorded as held, if the team has one this week.
    Quarterly,
    /// The team merged into another this week: its meeting series end the day before.
    Dissolve,
}

/// Every event of the world, in the order entered.
pub fn events(world: &World) -> Vec<Event> {
    let mut out = Vec::new();
    for (t, team) in world.teams.iter().enumerate() {
        if let Some(until) = team.until.filter(|u| *u < world.config.weeks) {
            out.push(Event {
                at: world.monday(until).and_hms_opt(7, 0, 0).unwrap_or_default(),
                team: t,
                week: until,
                kind: Kind::Dissolve,
            });
        }
        for (w, week) in team.weeks.iter().enumerate() {
            let w = w as u32;
            let monday = world.monday(w);
            let day = monday + Days::new(u64::from(team.weekday - 1));
            let event = |at: NaiveDateTime, kind| Event {
                at,
                team: t,
                week: w,
                kind,
            };
            match &week.meeting {
                Meeting::Cancelled => out.push(event(
                    monday.and_hms_opt(7, 0, 0).unwrap_or_default(),
                    Kind::Cancel,
                )),
                Meeting::Held { late_days, .. } => {
                    let at = (day + Days::new(u64::from(*late_days)))
                        .and_hms_opt(9, 30, 0)
                        .unwrap_or_default();
                    out.push(event(at, Kind::Record));
                }
                Meeting::Skipped => {}
            }
            if week.quarterly {
                let at = (monday + Days::new(1))
                    .and_hms_opt(15, 0, 0)
                    .unwrap_or_default();
                out.push(event(at, Kind::Quarterly));
            }
            for (i, c) in week.check_ins.iter().enumerate() {
                if !c.in_meeting {
                    let at = (monday + Days::new(u64::from(c.day)))
                        .and_hms_opt(8, 15, 0)
                        .unwrap_or_default();
                    out.push(event(at, Kind::CheckIn(i)));
                }
            }
        }
    }
    out.sort_by_key(|e| (e.at, e.team, e.week));
    out
}

/// The stored weekly meeting of a team on a day.
fn meeting_on(
    conn: &mut DbConn,
    org_id: OrgId,
    series_id: SeriesId,
    day: NaiveDate,
) -> Result<MeetingId> {
    Ok(meeting_rows::table
        .filter(meeting_rows::org_id.eq(org_id))
        .filter(meeting_rows::series_id.eq(series_id))
        .filter(meeting_rows::local_date.eq(day))
        .select(meeting_rows::id)
        .first(conn)?)
}

/// The key results a team works on in the period holding `day`.
fn krs_on(stored: &Stored, day: NaiveDate) -> &[Kr] {
    let period = Periods::default().of(day);
    stored
        .krs
        .iter()
        .find(|(p, _)| *p == period)
        .map_or(&[][..], |(_, ids)| ids.as_slice())
}

fn check_in(krs: &[Kr], c: &super::CheckIn) -> Option<CheckInInput> {
    let kr = krs.get(c.kr)?;
    let value = kr.start + (kr.target - kr.start) * c.share;
    Some(CheckInInput {
        key_result_id: kr.id,
        value: (value * 10.0).round() / 10.0,
        confidence: if c.share > 0.4 {
            Confidence::OnTrack
        } else {
            Confidence::AtRisk
        },
        note: String::new(),
    })
}

/// Enters one event through the domain functions.
pub fn apply(conn: &mut DbConn, world: &World, setup: &Setup, event: &Event) -> Result<()> {
    let team = &world.teams[event.team];
    let stored = &setup.teams[event.team];
    let week = &team.weeks[event.week as usize];
    let day = world.monday(event.week) + Days::new(u64::from(team.weekday - 1));
    let org_id = setup.org.id;
    let owner = stored.people.first().copied().unwrap_or(PersonId(0));
    let krs = krs_on(stored, day);
    let at = utc(event.at.date(), event.at.time());
    match event.kind {
        Kind::Cancel => {
            let id = meeting_on(conn, org_id, stored.series_id, day)?;
            let cancelled = meetings::set_cancelled(conn, org_id, id, true)?;
            super::super::caught_up(conn, cancelled)?;
        }
        Kind::Record => {
            let Meeting::Held { attendance, .. } = &week.meeting else {
                return Ok(());
            };
            let id = meeting_on(conn, org_id, stored.series_id, day)?;
            let record = MeetingRecord {
                attendance: attendance
                    .iter()
                    .map(|(i, p)| (stored.people[*i], *p))
                    .collect(),
                notes: String::new(),
                decisions: String::new(),
                held: true,
                check_ins: week
                    .check_ins
                    .iter()
                    .filter(|c| c.in_meeting)
                    .filter_map(|c| check_in(krs, c))
                    .collect(),
            };
            let recorded = meetings::record_at(conn, org_id, id, owner, &record, at)?;
            super::super::caught_up(conn, recorded)?;
        }
        Kind::Quarterly => {
            let monday = world.monday(event.week);
            let id: Option<MeetingId> = meeting_rows::table
                .filter(meeting_rows::org_id.eq(org_id))
                .filter(meeting_rows::series_id.eq(stored.quarterly_id))
                .filter(meeting_rows::local_date.between(monday, monday + Days::new(6)))
                .select(meeting_rows::id)
                .first(conn)
                .optional()?;
            if let Some(id) = id {
                let record = MeetingRecord {
                    attendance: Vec::new(),
                    notes: String::new(),
                    decisions: String::new(),
                    held: true,
                    check_ins: Vec::new(),
                };
                let recorded = meetings::record_at(conn, org_id, id, owner, &record, at)?;
                super::super::caught_up(conn, recorded)?;
            }
        }
        Kind::Dissolve => {
            let last_day = world.monday(event.week) - Days::new(1);
            for series in [stored.series_id, stored.quarterly_id] {
                meetings::end_series(conn, org_id, series, last_day)?;
            }
        }
        Kind::CheckIn(i) => {
            if let Some(input) = week.check_ins.get(i).and_then(|c| check_in(krs, c)) {
                check_ins::record_at(conn, org_id, owner, &input, at)?;
            }
        }
    }
    Ok(())
}
