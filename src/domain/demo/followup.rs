//! The demo organisation's follow-up: a year of weekly OKR results meetings, with
//! attendance and check-ins, and quarterly objectives per team, drawn by the adoption
//! signal's simulator ([`adoption::simulate`]) from courses chosen for the demo: teams that
//! formed the habit (fast and slowly), one that faded last spring and stopped, one fading
//! now, one that slipped and recovered, two that began this autumn, and two that never
//! started — with the Norwegian summer, Christmas and Easter, sick days and meetings
//! recorded days afterwards, so the first start shows the signal at work. Everything is
//! deterministic.

use chrono::{Datelike, Days, NaiveDate};

use crate::domain::adoption::simulate::write::{self, Kr, Setup, Stored};
use crate::domain::adoption::simulate::{self, Config, Course, Plan};
use crate::domain::ids::{OrgId, PersonId, TeamId};
use crate::domain::meetings::{self, SeriesInput, SeriesKind};
use crate::domain::okrs::{self, KeyResultInput, ObjectiveInput, Status};
use crate::domain::org::Org;
use crate::domain::periods::{self, Periods};
use crate::domain::{DbConn, Result, teams};

/// Weeks of history (a year, so it holds a summer).
const WEEKS: u32 = 52;

/// Team by team (the demo's twelve teams in creation order): its course, in weeks from the
/// first week of the history, and its days to a habit.
const COURSES: [(Course, f64); 12] = [
    (Course::Forms { start: 0 }, 40.0),
    (Course::Forms { start: 1 }, 60.0),
    (Course::Fades { start: 0, fade: 44 }, 50.0),
    (Course::Forms { start: 2 }, 90.0),
    (Course::Forms { start: 40 }, 45.0),
    (
        Course::Recovers {
            start: 0,
            fade: 18,
            back: 27,
        },
        55.0,
    ),
    (Course::Forms { start: 0 }, 70.0),
    (Course::Never, 66.0),
    (Course::Fades { start: 0, fade: 22 }, 80.0),
    (Course::Forms { start: 42 }, 35.0),
    (Course::Forms { start: 6 }, 150.0),
    (Course::Never, 66.0),
];

/// A key result: title, unit, start, target.
type KrText = (&'static str, &'static str, f64, f64);

const OBJECTIVES: [(&str, [KrText; 2]); 6] = [
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

/// Loads the follow-up for the demo's teams. `owners` gives, per team index, a person who
/// owns that team's first key result (the demo logins, so "my check-ins" has something).
pub fn load(
    conn: &mut DbConn,
    org: &Org,
    team_ids: &[TeamId],
    owners: &[(usize, PersonId)],
    today: NaiveDate,
) -> Result<()> {
    let this_monday = today - Days::new(u64::from(today.weekday().num_days_from_monday()));
    let config = Config {
        teams: team_ids.len(),
        weeks: WEEKS,
        seed: 2027,
        start: this_monday - Days::new(7 * u64::from(WEEKS)),
    };
    // Per team: its current members, the one who records meetings and makes check-ins
    // first (the demo login where there is one), and its key results by period.
    let mut teams_now = Vec::with_capacity(team_ids.len());
    for (index, team_id) in team_ids.iter().enumerate() {
        let mut people: Vec<PersonId> = teams::members(conn, org.id, *team_id)?
            .into_iter()
            .filter(|m| m.left_on.is_none())
            .map(|m| m.person_id)
            .collect();
        let owner = owners.iter().find(|(i, _)| *i == index).map(|(_, p)| *p);
        if let Some(at) = owner.and_then(|o| people.iter().position(|p| *p == o)) {
            people.swap(0, at);
        }
        let owner = people.first().copied();
        let krs = objectives(
            conn,
            org.id,
            index,
            *team_id,
            owner,
            &people,
            config.start,
            today,
        )?;
        teams_now.push((people, krs));
    }
    let plans: Vec<Plan> = teams_now
        .iter()
        .enumerate()
        .map(|(index, (people, krs))| {
            let (course, days_to_habit) = COURSES[index % COURSES.len()];
            Plan {
                name: format!("demo-{index}"),
                course,
                members: people.len(),
                krs: krs.iter().map(|(_, k)| k.len()).max().unwrap_or(0),
                days_to_habit,
            }
        })
        .collect();
    let mut world = simulate::planned(config, &plans);
    // The model lets a team that never starts hold a meeting now and then (one in 25 weeks),
    // which shows it as *forming* for the twelve weeks after; whether that happens in the
    // last twelve weeks depends on the week the demo is loaded. The demo promises teams that
    // never started, so its own never hold one.
    for team in world.teams.iter_mut().filter(|t| t.course == Course::Never) {
        for week in &mut team.weeks {
            week.meeting = simulate::Meeting::Skipped;
            week.check_ins.clear();
            week.quarterly = false;
        }
    }
    let mut stored = Vec::with_capacity(team_ids.len());
    for (index, (team_id, (people, krs))) in team_ids.iter().zip(teams_now).enumerate() {
        let series = |kind, weekday, time: &str, minutes| SeriesInput {
            team_id: *team_id,
            kind,
            weekday,
            start_time: time.into(),
            duration_minutes: minutes,
            starts_on: config.start,
            ends_on: None,
        };
        let weekday = world.teams[index].weekday as i32;
        let weekly = meetings::create_series(
            conn,
            org.id,
            &series(SeriesKind::WeeklyResults, weekday, "09:00", 15),
            &org.time_zone,
            today,
        )?;
        let quarterly = meetings::create_series(
            conn,
            org.id,
            &series(SeriesKind::Quarterly, 2, "13:00", 90),
            &org.time_zone,
            today,
        )?;
        stored.push(Stored {
            team_id: *team_id,
            series_id: weekly.id,
            quarterly_id: quarterly.id,
            people,
            krs,
        });
    }
    let setup = Setup {
        org: org.clone(),
        teams: stored,
    };
    // What was entered before today (a meeting of last week may not be recorded yet).
    for event in write::events(&world) {
        if event.at.date() < today {
            write::apply(conn, &world, &setup, &event)?;
        }
    }
    Ok(())
}

/// A team's objectives for each quarter of the history, with their key results by period
/// (Plattform's current quarter came from its workshop).
#[allow(clippy::too_many_arguments)]
fn objectives(
    conn: &mut DbConn,
    org_id: OrgId,
    index: usize,
    team_id: TeamId,
    owner: Option<PersonId>,
    members: &[PersonId],
    first_day: NaiveDate,
    today: NaiveDate,
) -> Result<Vec<(String, Vec<Kr>)>> {
    let mut out = Vec::new();
    let mut quarter = Periods::default().of(first_day);
    let current = Periods::default().of(today);
    for n in 0.. {
        if !(index == 0 && quarter == current) {
            let (title, krs) = OBJECTIVES[(index + n) % OBJECTIVES.len()];
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
            // The demo builds the adoption rollup once everything is in.
            let (_, _) = okrs::create(
                conn,
                org_id,
                &ObjectiveInput {
                    team_id,
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
        let krs = okrs::for_team(conn, org_id, team_id, &quarter)?
            .iter()
            .flat_map(|okr| okr.key_results.iter().map(|k| Kr::of(k)))
            .collect();
        out.push((quarter.clone(), krs));
        if quarter == current {
            break;
        }
        match periods::shift(&quarter, 1) {
            Some(next) => quarter = next,
            None => break,
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::schema::adoption_alerts;
    use crate::domain::adoption::Stage;
    use crate::domain::adoption::views;
    use crate::domain::calendar::{self, Calendar};
    use crate::domain::testing::TestDb;
    use diesel::prelude::*;

    #[test]
    fn the_demo_year_shows_the_signal_at_work_through_a_summer() {
        let t = TestDb::fresh();
        let mut c = t.conn();
        let org = crate::domain::demo::load(&mut c).unwrap().org.id;
        let today = crate::domain::org::today(&mut c, org).unwrap();

        // Teams at different places: some hold the routine, one is slipping now, one has
        // stopped, and some never started.
        let stages: Vec<Stage> = views::standings(&mut c, org)
            .unwrap()
            .into_iter()
            .map(|s| s.stage)
            .collect();
        for wanted in [
            Stage::Routine,
            Stage::Slipping,
            Stage::Stopped,
            Stage::NotStarted,
        ] {
            assert!(stages.contains(&wanted), "a {wanted:?} team: {stages:?}");
        }

        // The year holds a summer, and the organisation's closures raise no alert.
        let calendar = Calendar::load(&mut c, org).unwrap();
        let first = today - Days::new(7 * u64::from(WEEKS));
        let closed: Vec<NaiveDate> = (0..WEEKS)
            .map(|w| calendar::monday(first) + Days::new(7 * u64::from(w)))
            .filter(|m| calendar.closed_week(*m).is_some())
            .collect();
        assert!(
            closed.iter().any(|m| m.month() == 7),
            "fellesferie in the year: {closed:?}"
        );
        let alert_weeks: Vec<NaiveDate> = adoption_alerts::table
            .filter(adoption_alerts::org_id.eq(org))
            .select(adoption_alerts::first_week)
            .load(&mut c)
            .unwrap();
        assert!(!alert_weeks.is_empty(), "the fading teams raised alerts");
        assert!(
            alert_weeks.iter().all(|w| !closed.contains(w)),
            "no alert starts in a closed week: {alert_weeks:?} {closed:?}"
        );

        // Check-ins are spread over the months, not all made today.
        let member = crate::domain::people::find_by_email(&mut c, org, "member@fjordlys.example")
            .unwrap()
            .unwrap();
        let mine =
            okrs::check_ins::owned_by(&mut c, org, member.id, today.and_hms_opt(0, 0, 0).unwrap())
                .unwrap();
        assert!(
            !mine.is_empty(),
            "the demo member owns key results this quarter"
        );
        let history = okrs::check_ins::history(&mut c, org, mine[0].key_result.id).unwrap();
        assert!(history.iter().all(|h| h.created_at.date() < today));
    }
}
