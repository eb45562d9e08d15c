//! The demo organisation's follow-up: nine months of weekly OKR results meetings, with
//! attendance and check-ins, and quarterly objectives per team. Teams differ the way real
//! ones do: some formed the habit, some started well and slipped, some never really started,
//! and two began late and are still forming — so the adoption dashboard has something to
//! show. Everything is deterministic.

use super::demo::Lcg;
use chrono::{Days, NaiveDate, NaiveDateTime};

use super::meetings::{self, MeetingRecord, Presence, SeriesInput, SeriesKind};
use super::okrs::check_ins::{CheckInInput, Confidence};
use super::okrs::{self, KeyResultInput, ObjectiveInput, Status};
use super::periods::{self, Periods};
use super::{DbConn, Result, teams};

/// How a team keeps its weekly meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Habit {
    /// Nine in ten weeks held, from the start.
    Routine,
    /// Held well for the first half, then less and less.
    Slipping,
    /// A few meetings early on, then nothing.
    NeverStarted,
    /// Started two months ago, mostly held since.
    Forming,
}

/// Team by team (the demo's twelve teams in creation order).
const HABITS: [Habit; 12] = [
    Habit::Routine,
    Habit::Routine,
    Habit::Slipping,
    Habit::Routine,
    Habit::Forming,
    Habit::Slipping,
    Habit::Routine,
    Habit::NeverStarted,
    Habit::Routine,
    Habit::Forming,
    Habit::Slipping,
    Habit::NeverStarted,
];

/// A key result: title, unit, start, target.
type Kr = (&'static str, &'static str, f64, f64);

const OBJECTIVES: [(&str, [Kr; 2]); 6] = [
    (
        "Kundene får svar samme dag",
        [
            ("Andel henvendelser besvart samme dag", "%", 55.0, 90.0),
            ("Ubesvarte henvendelser ved dagens slutt", "stk", 40.0, 5.0),
        ],
    ),
    (
        "Vi leverer oftere og tryggere",
        [
            ("Utrullinger per uke", "stk", 2.0, 10.0),
            ("Feil som når kundene per måned", "stk", 12.0, 3.0),
        ],
    ),
    (
        "Flere kunder kommer tilbake",
        [
            ("Gjenkjøpsrate", "%", 22.0, 35.0),
            ("Kundetilfredshet (NPS)", "poeng", 18.0, 40.0),
        ],
    ),
    (
        "Mindre tid på manuelt arbeid",
        [
            ("Timer manuelt arbeid per uke", "timer", 60.0, 20.0),
            ("Automatiserte rutiner", "stk", 3.0, 12.0),
        ],
    ),
    (
        "Tydelig oversikt over økonomien",
        [
            ("Dager til månedsrapporten er klar", "dager", 12.0, 4.0),
            ("Avvik i budsjettoppfølging", "stk", 9.0, 2.0),
        ],
    ),
    (
        "Nye kolleger kommer raskt i gang",
        [
            ("Dager til første selvstendige oppgave", "dager", 30.0, 10.0),
            ("Nyansatte som anbefaler oss", "%", 60.0, 90.0),
        ],
    ),
];

/// Weeks of history.
const WEEKS: u64 = 39;

/// Whether a team with this habit held its meeting in week `week` of `weeks` (0 = first).
fn held(habit: Habit, week: u64, weeks: u64, rng: &mut Lcg) -> bool {
    let roll = rng.next(100);
    match habit {
        Habit::Routine => roll < 90,
        Habit::Slipping => {
            let half = weeks / 2;
            if week < half {
                roll < 85
            } else {
                // From 85 % down to about 15 % by the end.
                let late = (week - half) * 70 / (weeks - half).max(1);
                roll < 85u64.saturating_sub(late)
            }
        }
        Habit::NeverStarted => week < 4 && roll < 50,
        Habit::Forming => week + 9 >= weeks && roll < 80,
    }
}

/// Loads the follow-up for the demo's teams. `owners` gives, per team index, a person who
/// owns that team's first key result (the demo logins, so "my check-ins" has something).
pub fn load(
    conn: &mut DbConn,
    org_id: i32,
    team_ids: &[i32],
    owners: &[(usize, i32)],
    time_zone: &str,
    today: NaiveDate,
) -> Result<()> {
    let mut rng = Lcg(2027);
    let first_day = today - Days::new(WEEKS * 7);
    for (index, team_id) in team_ids.iter().enumerate() {
        let habit = HABITS[index % HABITS.len()];
        let members: Vec<i32> = teams::members(conn, org_id, *team_id)?
            .into_iter()
            .filter(|m| m.left_on.is_none())
            .map(|m| m.person_id)
            .collect();
        let owner = owners
            .iter()
            .find(|(i, _)| *i == index)
            .map(|(_, p)| *p)
            .or_else(|| members.first().copied());
        // Objectives for each quarter of the history (Plattform's current quarter came from
        // its workshop).
        let mut quarter = Periods::default().of(first_day);
        let current = Periods::default().of(today);
        loop {
            if !(index == 0 && quarter == current) {
                let (title, krs) =
                    OBJECTIVES[(index + quarter.len() + rng.next(6) as usize) % OBJECTIVES.len()];
                let key_results: Vec<KeyResultInput> = krs
                    .iter()
                    .enumerate()
                    .map(|(i, (t, unit, start, target))| KeyResultInput {
                        owner_id: if i == 0 {
                            owner
                        } else {
                            members.get(1).copied().or(owner)
                        },
                        ..KeyResultInput::number(t, unit, *start, *target)
                    })
                    .collect();
                let done = quarter != current;
                okrs::create(
                    conn,
                    org_id,
                    &ObjectiveInput {
                        team_id: *team_id,
                        period: quarter.clone(),
                        title: title.into(),
                        description: String::new(),
                        owner_id: owner,
                        status: if done { Status::Done } else { Status::Active },
                    },
                    None,
                    &key_results,
                )?;
            }
            if quarter == current {
                break;
            }
            match periods::shift(&quarter, 1) {
                Some(next) => quarter = next,
                None => break,
            }
        }
        let series = meetings::create_series(
            conn,
            org_id,
            &SeriesInput {
                team_id: *team_id,
                kind: SeriesKind::WeeklyResults,
                weekday: 1 + (index % 5) as i32,
                start_time: "09:00".into(),
                duration_minutes: 15,
                starts_on: first_day,
                ends_on: None,
            },
            time_zone,
            today,
        )?;
        meetings::create_series(
            conn,
            org_id,
            &SeriesInput {
                team_id: *team_id,
                kind: SeriesKind::Quarterly,
                weekday: 2,
                start_time: "13:00".into(),
                duration_minutes: 90,
                starts_on: first_day,
                ends_on: None,
            },
            time_zone,
            today,
        )?;
        let past = meetings::team_meetings(
            conn,
            org_id,
            *team_id,
            time_zone,
            today,
            first_day,
            today - Days::new(1),
        )?;
        let weekly: Vec<_> = past.iter().filter(|m| m.series_id == series.id).collect();
        let weeks = weekly.len() as u64;
        for (week, meeting) in weekly.into_iter().enumerate() {
            if !held(habit, week as u64, weeks, &mut rng) {
                continue;
            }
            let attendance = members
                .iter()
                .map(|p| {
                    let roll = rng.next(100);
                    let presence = if roll < 82 {
                        Presence::Present
                    } else if roll < 92 {
                        Presence::Excused
                    } else {
                        Presence::Absent
                    };
                    (*p, presence)
                })
                .collect();
            let period = Periods::default().of(meeting.local_date);
            let mut check_ins = Vec::new();
            for okr in okrs::for_team(conn, org_id, *team_id, &period)? {
                for kr in &okr.key_results {
                    // Progress through the quarter, with some noise and the odd setback.
                    let into = quarter_progress(meeting.local_date);
                    let noise = rng.next(30) as f64 / 100.0 - 0.1;
                    let share = (into * 0.9 + noise).clamp(0.0, 1.0);
                    let value = kr.start_value + (kr.target_value - kr.start_value) * share;
                    let confidence = match (share * 10.0) as u64 {
                        s if s + 1 >= (into * 10.0) as u64 => Confidence::OnTrack,
                        s if s + 3 >= (into * 10.0) as u64 => Confidence::AtRisk,
                        _ => Confidence::OffTrack,
                    };
                    check_ins.push(CheckInInput {
                        key_result_id: kr.id,
                        value: (value * 10.0).round() / 10.0,
                        confidence,
                        note: String::new(),
                    });
                }
            }
            let at: NaiveDateTime = meeting.starts_at + chrono::Duration::minutes(15);
            meetings::record_at(
                conn,
                org_id,
                meeting.id,
                owner.unwrap_or_default(),
                &MeetingRecord {
                    attendance,
                    notes: String::new(),
                    decisions: String::new(),
                    held: true,
                    check_ins,
                },
                at,
            )?;
        }
    }
    Ok(())
}

/// How far into its quarter a day is, from 0 to 1.
fn quarter_progress(day: NaiveDate) -> f64 {
    let start = Periods::default().start_of(day);
    (day - start).num_days() as f64 / 91.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testing::TestDb;

    #[test]
    fn the_demo_has_months_of_meetings_and_check_ins_with_varied_habits() {
        let t = TestDb::fresh();
        let mut c = t.conn();
        let org = crate::domain::demo::load(&mut c).unwrap().org.id;
        let today = crate::domain::org::today(&mut c, org).unwrap();
        let all_teams: Vec<i32> = teams::all(&mut c, org)
            .unwrap()
            .into_iter()
            .filter(|t| !t.is_department())
            .map(|t| t.id)
            .collect();
        let held_share = |c: &mut DbConn, team: i32| {
            let past = meetings::team_meetings(
                c,
                org,
                team,
                "Europe/Oslo",
                today,
                today - Days::new(WEEKS * 7),
                today - Days::new(1),
            )
            .unwrap();
            let weekly: Vec<_> = past
                .iter()
                .filter(|m| m.state(today) != "cancelled")
                .collect();
            weekly.iter().filter(|m| m.status == "held").count() as f64 / weekly.len().max(1) as f64
        };
        let shares: Vec<f64> = all_teams.iter().map(|t| held_share(&mut c, *t)).collect();
        assert!(
            shares.iter().any(|s| *s > 0.7),
            "some teams have the habit: {shares:?}"
        );
        assert!(
            shares.iter().any(|s| *s < 0.1),
            "some never started: {shares:?}"
        );
        // Check-ins are spread over the months, not all made today.
        let member = crate::domain::people::find_for_login(&mut c, "member@fjordlys.example")
            .unwrap()
            .unwrap();
        let mine = okrs::check_ins::owned_by(
            &mut c,
            org,
            member.0.id,
            today.and_hms_opt(0, 0, 0).unwrap(),
        )
        .unwrap();
        assert!(
            !mine.is_empty(),
            "the demo member owns key results this quarter"
        );
        let history = okrs::check_ins::history(&mut c, org, mine[0].key_result.id).unwrap();
        assert!(history.iter().all(|h| h.created_at.date() < today));
    }

    #[test]
    fn habits_shape_the_history() {
        let mut rng = Lcg(1);
        let count = |habit, rng: &mut Lcg| (0..39).filter(|w| held(habit, *w, 39, rng)).count();
        assert!(count(Habit::Routine, &mut rng) >= 30);
        assert!(count(Habit::NeverStarted, &mut rng) <= 4);
        let forming = count(Habit::Forming, &mut rng);
        assert!((3..=9).contains(&forming), "{forming}");
        let late_slipping = (30..39)
            .filter(|w| held(Habit::Slipping, *w, 39, &mut rng))
            .count();
        assert!(late_slipping <= 5);
    }
}
