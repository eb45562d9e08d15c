//! What each person's home gathers, over a real SQLite database.

use super::*;
use crate::app::okrs::{self as app_okrs, key_results as app_key_results};
use crate::app::testing::{objective, world};
use crate::db::write_tx;
use crate::domain::Locale;
use crate::domain::ids::PersonId;
use crate::domain::meetings::{SeriesInput, SeriesKind};
use crate::domain::okrs::check_ins::{CheckInInput, Confidence};
use crate::domain::okrs::{KeyResultInput, Status};
use crate::domain::workshops::room::Agenda;
use crate::domain::workshops::{self, SeatRequest};

fn key_result(owner: PersonId) -> KeyResultInput {
    KeyResultInput {
        owner_id: Some(owner),
        ..KeyResultInput::number("Weekly releases", "", 0.0, 10.0)
    }
}

#[actix_web::test]
async fn a_member_sees_what_to_check_in_when_the_team_meets_and_what_to_join() {
    let w = world();
    let db = &w.t.db;
    let empty = home(db, &w.member).await.unwrap();
    assert!(empty.key_results.is_empty() && empty.workshops.is_empty());
    assert_eq!(empty.teams.len(), 1, "the member's one team");
    assert!(empty.teams[0].1.next.is_none() && empty.teams[0].1.last.is_none());
    assert!(empty.watch.is_none(), "a member watches no teams");

    let active = app_okrs::create(
        db,
        &w.member,
        objective(w.team, "Ship", Status::Active),
        None,
    )
    .await
    .unwrap();
    let kr = app_key_results::create(
        db,
        &w.member,
        active.objective.id,
        key_result(w.member.person_id),
    )
    .await
    .unwrap();
    app_okrs::create(
        db,
        &w.member,
        objective(w.team, "Draft", Status::Draft),
        None,
    )
    .await
    .unwrap();
    app_okrs::create(
        db,
        &w.outsider,
        objective(w.other_team, "Theirs", Status::Draft),
        None,
    )
    .await
    .unwrap();
    crate::app::meetings::create_series(
        db,
        &w.member,
        SeriesInput {
            team_id: w.team,
            kind: SeriesKind::WeeklyResults,
            weekday: 1,
            start_time: "09:00".into(),
            duration_minutes: 30,
            starts_on: w.member.today(),
            ends_on: None,
        },
    )
    .await
    .unwrap();
    for value in [2.0, 3.5] {
        let input = CheckInInput {
            key_result_id: kr.id,
            value,
            confidence: Confidence::AtRisk,
            note: String::new(),
        };
        crate::app::okrs::check_ins::record(db, &w.member, input)
            .await
            .unwrap();
    }

    let mine = home(db, &w.member).await.unwrap();
    assert_eq!(mine.key_results.len(), 1);
    let owned = &mine.key_results[0];
    assert!(owned.done, "checked in this week");
    assert_eq!(owned.recent, vec![2.0, 3.5], "the trend, oldest first");
    let drafts: Vec<&str> = mine.drafts.iter().map(|(o, _)| o.title.as_str()).collect();
    assert_eq!(drafts, ["Draft"], "only the member's own team's drafts");
    assert_eq!(mine.drafts[0].1, "Web");
    let next = mine.teams[0]
        .1
        .next
        .as_ref()
        .expect("the next weekly meeting");
    assert_eq!(next.1, SeriesKind::WeeklyResults);
    assert!(next.0.local_date >= w.member.today());

    // A workshop for the team, running: the member can join it; the outsider cannot see it.
    let mut c = w.t.conn();
    let facilitator = crate::domain::testing::person(
        &mut c,
        w.member.org_id,
        "fac@acme.no",
        vec![crate::domain::people::Role::Facilitator],
    );
    let workshop = workshops::create(
        &mut c,
        w.member.org_id,
        facilitator.row.id,
        "Kick-off",
        Locale::En,
        &Agenda::standard(),
        None,
    )
    .unwrap();
    workshops::set_teams(&mut c, &workshop, &[w.team]).unwrap();
    let request = SeatRequest {
        resume_token: None,
        person: Some((facilitator.row.id, "Fac".into())),
        name: String::new(),
        capacity: 10,
    };
    let (seat, _) = write_tx(&mut c, |c| workshops::take_seat(c, &workshop, &request))
        .unwrap()
        .unwrap();
    let step = crate::domain::workshops::protocol::ClientMessage::SetStep { step: 2 };
    write_tx(&mut c, |c| {
        workshops::command(c, &workshop, &seat, &step, 0)
    })
    .unwrap()
    .unwrap();
    drop(c);
    let joined = home(db, &w.member).await.unwrap();
    assert_eq!(joined.workshops.len(), 1);
    assert_eq!(joined.workshops[0].id, workshop.id);
    assert!(home(db, &w.outsider).await.unwrap().workshops.is_empty());
    assert!(home(db, &w.stranger).await.unwrap().workshops.is_empty());
}

#[actix_web::test]
async fn a_leader_watches_every_team_and_an_ambassador_only_theirs() {
    let w = world();
    let db = &w.t.db;
    let lead = home(db, &w.leader).await.unwrap();
    let watch = lead.watch.expect("a leader watches");
    assert!(watch.whole_org);
    assert_eq!(watch.standings.len(), 2);

    let mut c = w.t.conn();
    let amb = crate::domain::testing::person(
        &mut c,
        w.member.org_id,
        "amb@acme.no",
        vec![crate::domain::people::Role::Ambassador],
    );
    crate::domain::teams::add_ambassador(&mut c, w.member.org_id, w.team, amb.row.id).unwrap();
    drop(c);
    let amb = crate::domain::testing::identity(&amb);
    let watch = home(db, &amb)
        .await
        .unwrap()
        .watch
        .expect("an ambassador watches");
    assert!(!watch.whole_org);
    let teams: Vec<TeamId> = watch.standings.iter().map(|s| s.team_id).collect();
    assert_eq!(teams, [w.team]);
}

#[actix_web::test]
async fn a_new_organisations_leader_sees_the_path_ahead_until_it_is_walked() {
    let w = world();
    let db = &w.t.db;
    let path = home(db, &w.leader)
        .await
        .unwrap()
        .first_run
        .expect("a path");
    let done: Vec<(&str, bool)> = path.iter().map(|s| (s.name, s.done)).collect();
    assert_eq!(
        done,
        [
            ("people", true),
            ("ambassadors", false),
            ("facilitators", false),
            ("rollout", false),
            ("survey", false),
            ("workshop", false),
            ("meetings", false),
        ],
        "the world has people and teams already"
    );
    assert!(
        home(db, &w.member).await.unwrap().first_run.is_none(),
        "a leader's path"
    );
    let all = FirstSteps {
        people: 2,
        teams: 1,
        ambassadors: 1,
        facilitators: 1,
        rollouts: 1,
        surveys: 1,
        workshops: 1,
        series: 1,
    };
    assert!(steps(all).iter().all(|s| s.done));
}
