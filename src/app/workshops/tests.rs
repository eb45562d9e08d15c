//! The workshop use cases over a real SQLite database: who may set up, change, run and read
//! a workshop, that another organisation's workshop is not found, and that a refused or
//! invalid change leaves nothing behind.

use super::outcome::{self, Keep};
use super::rooms;
use super::setup::{self, Setup};
use super::*;
use crate::app::testing::{World, world};
use crate::domain::Locale;
use crate::domain::ids::TeamId;
use crate::domain::people::Role;
use crate::domain::testing::{identity, person};
use crate::domain::workshops::agenda::{Agenda, StepKind};
use crate::domain::workshops::outcome::Choice;
use crate::domain::workshops::protocol::ClientMessage as M;

/// The standard agenda, practising on the bakery.
fn setup_of(title: &str, teams: Vec<TeamId>) -> Setup {
    let mut agenda = Agenda::standard();
    for step in &mut agenda.steps {
        if step.kind == StepKind::Practice {
            step.case = Some("builtin:bakery".into());
        }
    }
    Setup {
        title: title.into(),
        locale: Locale::En,
        rollout_id: None,
        team_ids: teams,
        agenda,
    }
}

/// A facilitator of the world's organisation.
fn facilitator(w: &World, email: &str) -> Identity {
    let mut c = w.t.conn();
    identity(&person(
        &mut c,
        w.member.org_id,
        email,
        vec![Role::Facilitator],
    ))
}

fn is<T: std::fmt::Debug>(result: Result<T>, expected: impl Fn(&Error) -> bool, what: &str) {
    match result {
        Err(e) if expected(&e) => {}
        other => panic!("{what}: got {other:?}"),
    }
}

fn forbidden(e: &Error) -> bool {
    matches!(e, Error::Forbidden)
}

fn not_found(e: &Error) -> bool {
    matches!(e, Error::NotFound)
}

fn invalid(field: &'static str) -> impl Fn(&Error) -> bool {
    move |e| matches!(e, Error::Invalid(errors) if errors.0.iter().any(|f| f.field == field))
}

#[actix_web::test]
async fn facilitators_and_leaders_set_workshops_up_and_members_do_not() {
    let w = world();
    let db = &w.t.db;
    let per = facilitator(&w, "per@acme.no");
    is(
        setup::create(db, &w.member, setup_of("Kick-off", vec![])).await,
        forbidden,
        "a member creates",
    );
    is(list(db, &w.member, None).await, forbidden, "a member lists");
    is(
        setup::choices(db, &w.member, Locale::En).await,
        forbidden,
        "a member opens the form",
    );
    let kickoff = setup::create(db, &per, setup_of("Kick-off", vec![w.team]))
        .await
        .unwrap();
    assert_eq!(kickoff.facilitator_id, per.person_id);
    setup::create(db, &w.leader, setup_of("Review", vec![]))
        .await
        .unwrap();
    assert_eq!(list(db, &per, None).await.unwrap().total, 2);
    let choices = setup::choices(db, &per, Locale::En).await.unwrap();
    assert_eq!(choices.teams.len(), 2);
    assert!(!choices.cases.is_empty(), "the built-in cases");

    let own = setup::detail(db, &per, kickoff.id).await.unwrap();
    assert!(own.is_facilitator);
    assert_eq!(own.teams.len(), 1);
    let seen = setup::detail(db, &w.leader, kickoff.id).await.unwrap();
    assert!(!seen.is_facilitator);
    is(
        setup::detail(db, &w.member, kickoff.id).await,
        forbidden,
        "a member reads it",
    );
    // Another organisation does not learn that it exists.
    is(find(db, &w.stranger, kickoff.id).await, not_found, "find");
    is(
        setup::detail(db, &w.stranger, kickoff.id).await,
        not_found,
        "detail",
    );
    assert_eq!(list(db, &w.stranger, None).await.unwrap().total, 0);
}

#[actix_web::test]
async fn its_facilitator_or_a_leader_changes_and_deletes_a_draft_and_no_one_else() {
    let w = world();
    let db = &w.t.db;
    let per = facilitator(&w, "per@acme.no");
    let eva = facilitator(&w, "eva@acme.no");
    let id = setup::create(db, &per, setup_of("Kick-off", vec![]))
        .await
        .unwrap()
        .id;
    let renamed = || setup_of("Renamed", vec![w.team]);
    is(
        setup::update(db, &eva, id, renamed()).await,
        forbidden,
        "another facilitator changes it",
    );
    is(
        setup::editable(db, &eva, id).await,
        forbidden,
        "another facilitator edits it",
    );
    is(
        setup::delete(db, &eva, id).await,
        forbidden,
        "another facilitator deletes it",
    );
    is(
        setup::update(db, &w.stranger, id, renamed()).await,
        not_found,
        "another organisation changes it",
    );
    is(
        setup::delete(db, &w.stranger, id).await,
        not_found,
        "another organisation deletes it",
    );
    let draft = setup::editable(db, &per, id).await.unwrap();
    assert_eq!(draft.workshop.title, "Kick-off");
    assert!(draft.team_ids.is_empty());
    let changed = setup::update(db, &w.leader, id, renamed()).await.unwrap();
    assert_eq!(changed.title, "Renamed");
    assert_eq!(
        setup::editable(db, &per, id).await.unwrap().team_ids,
        vec![w.team]
    );
    let deleted = setup::delete(db, &per, id).await.unwrap();
    assert_eq!(deleted.title, "Renamed");
    is(find(db, &per, id).await, not_found, "deleted");
}

#[actix_web::test]
async fn an_invalid_setup_comes_back_as_field_errors_and_stores_nothing() {
    let w = world();
    let db = &w.t.db;
    let per = facilitator(&w, "per@acme.no");
    is(
        setup::create(db, &per, setup_of("  ", vec![])).await,
        invalid("title"),
        "a blank title",
    );
    let mut no_steps = setup_of("Kick-off", vec![]);
    no_steps.agenda.steps.clear();
    is(
        setup::create(db, &per, no_steps).await,
        invalid("agenda"),
        "an agenda without steps",
    );
    // A team of another organisation is not one of this organisation's.
    let theirs = {
        let mut c = w.t.conn();
        let input = crate::domain::teams::TeamInput {
            name: "Theirs".into(),
            kind: crate::domain::teams::TeamKind::Team,
            parent_id: None,
        };
        crate::domain::teams::create(&mut c, w.stranger.org_id, &input)
            .unwrap()
            .id
    };
    is(
        setup::create(db, &per, setup_of("Kick-off", vec![theirs])).await,
        invalid("teams"),
        "another organisation's team",
    );
    assert_eq!(list(db, &per, None).await.unwrap().total, 0);
    let id = setup::create(db, &per, setup_of("Kick-off", vec![]))
        .await
        .unwrap()
        .id;
    is(
        setup::update(db, &per, id, setup_of("Kick-off", vec![theirs])).await,
        invalid("teams"),
        "another organisation's team",
    );
    assert!(
        setup::editable(db, &per, id)
            .await
            .unwrap()
            .team_ids
            .is_empty(),
        "the refused change left nothing behind"
    );
}

/// Starts the workshop: the facilitator takes their seat, a guest adds two cards and votes.
fn run(w: &World, id: WorkshopId, facilitator: &Identity) {
    let mut c = w.t.conn();
    let ws = workshops::find(&mut c, facilitator.org_id, id).unwrap();
    let (fac, _) = workshops::join(&mut c, &ws, "Per", Some(facilitator.person_id), true).unwrap();
    let (guest, _) = workshops::join(&mut c, &ws, "Guest", None, false).unwrap();
    let mut send = |who: &workshops::Participant, m: M| {
        workshops::command(&mut c, &ws, who, &m, 0)
            .unwrap()
            .expect("accepted");
    };
    send(&fac, M::SetStep { step: 2 });
    for text in ["Happier customers", "Faster releases"] {
        send(&guest, M::AddCard { text: text.into() });
    }
    send(&fac, M::SetStep { step: 4 });
    send(&guest, M::Vote { card: 2 });
}

/// Ends the workshop, as its facilitator.
fn end(w: &World, id: WorkshopId, facilitator: &Identity) {
    let mut c = w.t.conn();
    let ws = workshops::find(&mut c, facilitator.org_id, id).unwrap();
    let fac = workshops::seat_of(&mut c, id, facilitator.person_id)
        .unwrap()
        .unwrap();
    workshops::command(&mut c, &ws, &fac, &M::End, 0)
        .unwrap()
        .expect("ended");
}

#[actix_web::test]
async fn only_its_own_facilitator_opens_the_room_and_the_code_opens_it_to_anyone() {
    let w = world();
    let db = &w.t.db;
    let per = facilitator(&w, "per@acme.no");
    let ws = setup::create(db, &per, setup_of("Kick-off", vec![]))
        .await
        .unwrap();
    let room = rooms::facilitator(db, &per, ws.id).await.unwrap();
    assert_eq!(room.workshop.id, ws.id);
    assert_eq!(room.cases.len(), 1, "the standard agenda's practice case");
    for (who, me) in [("a leader", &w.leader), ("a member", &w.member)] {
        is(rooms::facilitator(db, me, ws.id).await, forbidden, who);
    }
    is(
        rooms::facilitator(db, &w.stranger, ws.id).await,
        not_found,
        "another organisation",
    );
    let typed = ws.join_code.to_lowercase();
    let found = rooms::participant(db, typed).await.unwrap().unwrap();
    assert_eq!(found.workshop.id, ws.id);
    assert!(rooms::by_code(db, "ZZZZZZ".into()).await.unwrap().is_none());
    assert!(rooms::facilitates(Some(&per), &ws));
    assert!(!rooms::facilitates(Some(&w.leader), &ws));
    assert!(!rooms::facilitates(None, &ws));
}

#[actix_web::test]
async fn a_workshop_that_ran_keeps_its_agenda_and_its_results_are_read_and_saved_by_the_right_people()
 {
    let w = world();
    let db = &w.t.db;
    let per = facilitator(&w, "per@acme.no");
    let eva = facilitator(&w, "eva@acme.no");
    let id = setup::create(db, &per, setup_of("Kick-off", vec![w.team]))
        .await
        .unwrap()
        .id;
    run(&w, id, &per);
    is(
        setup::editable(db, &per, id).await,
        invalid("workshop"),
        "a running workshop's form",
    );
    is(
        setup::delete(db, &per, id).await,
        invalid("workshop"),
        "deleting a running workshop",
    );
    // While it runs, its tallies are for those who steer it.
    is(
        outcome::results(db, &eva, id).await,
        forbidden,
        "another facilitator reads a running workshop",
    );
    is(
        outcome::export(db, &eva, id).await,
        forbidden,
        "another facilitator exports a running workshop",
    );
    let results = outcome::results(db, &w.leader, id).await.unwrap();
    assert_eq!(results.summary.cards.len(), 2);
    let keep = |team| Keep {
        team_id: team,
        period: "2027-Q1".into(),
        choices: vec![Choice {
            card: 2,
            key_results: vec![],
        }],
    };
    is(
        outcome::save(db, &per, id, keep(w.team)).await,
        invalid("workshop"),
        "saving before the end",
    );

    end(&w, id, &per);
    let (_, summary) = outcome::export(db, &eva, id).await.unwrap();
    assert_eq!(summary.cards[0].text, "Faster releases", "most votes first");
    is(
        outcome::review(db, &eva, id).await,
        forbidden,
        "another facilitator reviews it",
    );
    is(
        outcome::save(db, &eva, id, keep(w.team)).await,
        forbidden,
        "another facilitator saves it",
    );
    is(
        outcome::save(db, &w.stranger, id, keep(w.team)).await,
        not_found,
        "another organisation saves it",
    );
    is(
        outcome::save(db, &per, id, keep(w.other_team)).await,
        invalid("team"),
        "a team the workshop is not for",
    );
    let review = outcome::review(db, &per, id).await.unwrap();
    assert_eq!(review.cards, vec![2, 1], "the top objectives are proposed");
    assert_eq!(review.teams.len(), 1);
    assert!(review.saved.is_empty());
    let saved = outcome::save(db, &per, id, keep(w.team)).await.unwrap();
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].objective.title, "Faster releases");
    let again = outcome::save(db, &w.leader, id, keep(w.team))
        .await
        .unwrap();
    assert!(again.is_empty(), "a card is saved once");
    assert_eq!(outcome::results(db, &eva, id).await.unwrap().saved.len(), 1);
    let log = crate::app::audit::list(db, &w.leader, Default::default(), None)
        .await
        .unwrap();
    let made: Vec<_> = log
        .items
        .iter()
        .filter(|e| e.entity == crate::domain::audit::Entity::Objective)
        .collect();
    assert_eq!(made.len(), 1, "the saved objective is in the audit log");
    assert_eq!(
        (made[0].label.as_str(), made[0].person_id),
        ("Faster releases", Some(per.person_id))
    );
}
