//! The demo organisation's workshops: team Plattform's, which ran and left objectives and key
//! results for this quarter (so the summary, export and OKR register have something real),
//! and team App's, ready for the demo facilitator to run.

use crate::domain::ids::{OrgId, PersonId, TeamId};
use crate::domain::okrs;
use crate::domain::periods::Periods;
use crate::domain::workshops::protocol::ClientMessage as M;
use crate::domain::workshops::room::{Agenda, StepKind};
use crate::domain::workshops::{self, Participant};
use crate::domain::{DbConn, Locale, Result, teams};

const CARDS: [&str; 6] = [
    "Plattformen er så stabil at teamene kan levere når de vil",
    "Utviklerne bruker tiden på produkt, ikke på oppsett",
    "Raskere vei fra idé til produksjon",
    "Færre overraskelser i drift",
    "Vi forstår hva kundene faktisk bruker",
    "Sikkerhet som en naturlig del av hverdagen",
];

/// (objective card, metric, unit, start, target)
const KEY_RESULTS: [(i64, &str, &str, f64, f64); 5] = [
    (3, "Ledetid fra commit til produksjon", "timer", 48.0, 4.0),
    (3, "Utrullinger per uke", "stk", 3.0, 15.0),
    (1, "Oppetid for plattformen", "%", 99.2, 99.9),
    (1, "Alvorlige hendelser per måned", "stk", 4.0, 1.0),
    (2, "Tid til første commit for nyansatte", "dager", 5.0, 1.0),
];

/// Runs the Plattform workshop (facilitated by `facilitator`) with the team's members and
/// saves its top objectives; creates App's workshop in draft.
pub fn load(
    conn: &mut DbConn,
    org_id: OrgId,
    facilitator: PersonId,
    plattform: TeamId,
    app: TeamId,
    today: chrono::NaiveDate,
) -> Result<()> {
    let mut agenda = Agenda::standard();
    if let Some(step) = agenda
        .steps
        .iter_mut()
        .find(|s| s.kind == StepKind::Practice)
    {
        step.case = Some("builtin:bakery".into());
    }
    let w = workshops::create(
        conn,
        org_id,
        facilitator,
        "Plattform – OKR-workshop",
        Locale::Nb,
        &agenda,
        None,
    )?;
    workshops::set_teams(conn, &w, &[plattform])?;
    let (fac, _) = workshops::join(conn, &w, "Fasilitator", Some(facilitator), true)?;
    let mut people: Vec<Participant> = Vec::new();
    for m in teams::members(conn, org_id, plattform)?
        .into_iter()
        .filter(|m| m.left_on.is_none())
        .take(8)
    {
        people.push(workshops::join(conn, &w, &m.name, Some(m.person_id), false)?.0);
    }
    let mut send = |who: &Participant, m: M| -> Result<()> {
        // The demo's own script: a refusal would be a bug in it, not a user's mistake.
        workshops::command(conn, &w, who, &m, 0)?
            .map(|_| ())
            .map_err(|code| crate::domain::Error::Internal(format!("demo workshop: {code}")))
    };
    let step = |kind| {
        agenda
            .steps
            .iter()
            .position(|s| s.kind == kind)
            .unwrap_or(0)
    };
    send(
        &fac,
        M::SetStep {
            step: step(StepKind::Brainstorm),
        },
    )?;
    for (i, text) in CARDS.iter().enumerate() {
        send(
            &people[i % people.len()],
            M::AddCard {
                text: (*text).into(),
            },
        )?;
    }
    send(
        &fac,
        M::SetStep {
            step: step(StepKind::Vote),
        },
    )?;
    // Everyone spends their three votes; cards 3, 1 and 2 come out on top.
    let ballots: [[i64; 3]; 8] = [
        [3, 3, 1],
        [3, 1, 2],
        [1, 2, 3],
        [3, 5, 1],
        [2, 3, 6],
        [1, 3, 4],
        [3, 2, 1],
        [2, 1, 5],
    ];
    for (who, ballot) in people.iter().zip(ballots) {
        for card in ballot {
            send(who, M::Vote { card })?;
        }
    }
    send(
        &fac,
        M::SetStep {
            step: step(StepKind::DraftKeyResults),
        },
    )?;
    for (i, (objective, metric, unit, start, target)) in KEY_RESULTS.iter().enumerate() {
        send(
            &people[i % people.len()],
            M::ProposeKeyResult {
                objective: *objective,
                metric: (*metric).into(),
                unit: (*unit).into(),
                start: *start,
                target: *target,
            },
        )?;
    }
    send(
        &fac,
        M::SetStep {
            step: step(StepKind::Commit),
        },
    )?;
    send(&fac, M::End)?;

    let ended = workshops::find(conn, org_id, w.id)?;
    let room = workshops::room(conn, &ended)?;
    let choices: Vec<workshops::outcome::Choice> = room
        .top_objectives()
        .iter()
        .map(|card| workshops::outcome::Choice {
            card: card.id,
            key_results: room.key_results_of(card.id).map(|k| k.id).collect(),
        })
        .collect();
    // The team confirmed them at its first weekly meeting. (The demo builds the adoption
    // rollup once everything is in, so what these touch needs no catching up.)
    let (saved, _) = workshops::outcome::save(
        conn,
        &ended,
        plattform,
        &Periods::default().of(today),
        &choices,
    )?;
    for okr in saved {
        let (_, _) = okrs::set_status(conn, org_id, okr.objective.id, okrs::Status::Active)?;
    }

    let ready = workshops::create(
        conn,
        org_id,
        facilitator,
        "App – OKR-workshop",
        Locale::Nb,
        &agenda,
        None,
    )?;
    workshops::set_teams(conn, &ready, &[app])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::domain::testing::TestDb;
    use crate::domain::{okrs, workshops};

    #[test]
    fn the_demo_has_a_workshop_that_ran_and_one_ready_to_run() {
        let t = TestDb::fresh();
        let mut c = t.conn();
        let org = crate::domain::demo::load(&mut c).unwrap().org.id;
        let all = workshops::list(&mut c, org, None).unwrap().items;
        let statuses: Vec<&str> = all.iter().map(|w| w.status.code()).collect();
        assert_eq!(statuses, ["draft", "ended"], "newest first");
        let ran = &all[1];
        let saved = okrs::from_workshop(&mut c, org, ran.id).unwrap();
        let titles: Vec<&str> = saved.iter().map(|o| o.objective.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Raskere vei fra idé til produksjon",
                "Plattformen er så stabil at teamene kan levere når de vil",
                "Utviklerne bruker tiden på produkt, ikke på oppsett",
            ]
        );
        assert_eq!(saved[0].key_results.len(), 2);
        assert!(
            saved
                .iter()
                .all(|o| o.objective.status == crate::domain::okrs::Status::Active)
        );
        let summary = workshops::outcome::summary(&mut c, ran).unwrap();
        assert_eq!(summary.participants, 8);
        assert_eq!(summary.total_votes, 24);
        assert_eq!(
            summary.attendance.len(),
            9,
            "eight members and the facilitator"
        );
    }
}
