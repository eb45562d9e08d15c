//! The OKR use cases over a real SQLite database: who may do what, and that a refused or
//! invalid change leaves nothing behind.

use super::*;
use crate::app::okrs::check_ins;
use crate::app::testing::world;
use crate::domain::Error;
use crate::domain::ids::{ObjectiveId, TeamId};
use crate::domain::okrs::check_ins::{CheckInInput, Confidence};
use crate::domain::okrs::company::OrgObjectiveInput;
use crate::domain::okrs::{KeyResultInput, KrKind};

fn objective(team: TeamId, title: &str) -> ObjectiveInput {
    crate::app::testing::objective(team, title, Status::Active)
}

#[actix_web::test]
async fn the_team_changes_its_objectives_and_no_one_else_does() {
    let w = world();
    let db = &w.t.db;
    let okr = create(db, &w.member, objective(w.team, "Ship it"), None)
        .await
        .unwrap();
    let id = okr.objective.id;
    assert!(matches!(
        create(db, &w.outsider, objective(w.team, "Not mine"), None).await,
        Err(Error::Forbidden)
    ));
    let retitle = || Change {
        title: Some("Renamed".into()),
        ..Change::default()
    };
    assert!(matches!(
        update(db, &w.outsider, id, retitle()).await,
        Err(Error::Forbidden)
    ));
    // Another organisation does not learn that the objective exists.
    assert!(matches!(
        update(db, &w.stranger, id, retitle()).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        okr_of(db, &w.stranger, id).await,
        Err(Error::NotFound)
    ));
    let changed = update(db, &w.member, id, retitle()).await.unwrap();
    assert_eq!(changed.objective.title, "Renamed");
    assert_eq!(changed.objective.period, "2027-Q1", "the rest stays");
    let register = register(db, &w.member, None, "2027-Q1".into())
        .await
        .unwrap();
    assert_eq!(
        register.team.map(|t| t.id),
        Some(w.team),
        "the person's own team"
    );
    assert!(register.editable);
    assert_eq!(register.okrs.len(), 1);
}

async fn okr_of(db: &Db, me: &Identity, id: ObjectiveId) -> Result<Okr> {
    okr(db, me, id).await
}

#[actix_web::test]
async fn moving_an_objective_needs_the_right_to_change_both_teams_and_a_refusal_changes_nothing() {
    let w = world();
    let db = &w.t.db;
    let id = create(db, &w.member, objective(w.team, "Ship it"), None)
        .await
        .unwrap()
        .objective
        .id;
    let to_sales = || Change {
        team_id: Some(w.other_team),
        title: Some("Moved".into()),
        ..Change::default()
    };
    assert!(matches!(
        update(db, &w.member, id, to_sales()).await,
        Err(Error::Forbidden)
    ));
    let unchanged = okr_of(db, &w.member, id).await.unwrap().objective;
    assert_eq!(
        (unchanged.team_id, unchanged.title.as_str()),
        (w.team, "Ship it")
    );
    let moved = update(db, &w.leader, id, to_sales()).await.unwrap();
    assert_eq!(moved.objective.team_id, w.other_team);
}

#[actix_web::test]
async fn invalid_input_comes_back_as_field_errors_and_stores_nothing() {
    let w = world();
    let db = &w.t.db;
    match create(db, &w.member, objective(w.team, "  "), None).await {
        Err(Error::Invalid(errors)) => assert_eq!(errors.0[0].field, "title"),
        other => panic!("expected field errors, got {other:?}"),
    }
    let register = register(db, &w.member, Some(w.team), "2027-Q1".into())
        .await
        .unwrap();
    assert!(register.okrs.is_empty());
}

#[actix_web::test]
async fn an_objective_and_a_key_result_whose_owner_left_can_still_be_archived() {
    let w = world();
    let db = &w.t.db;
    let mut input = objective(w.team, "Ship it");
    input.owner_id = Some(w.member.person_id);
    let id = create(db, &w.member, input, None)
        .await
        .unwrap()
        .objective
        .id;
    let kr_input = KeyResultInput {
        owner_id: Some(w.member.person_id),
        ..KeyResultInput::number("Users", "", 0.0, 100.0)
    };
    let kr = key_results::create(db, &w.member, id, kr_input)
        .await
        .unwrap();
    {
        let mut c = w.t.conn();
        people::set_active(&mut c, w.member.org_id, w.member.person_id, false).unwrap();
    }
    let kr = key_results::set_archived(db, &w.leader, kr.id, true)
        .await
        .unwrap();
    assert!(kr.archived_at.is_some());
    let o = set_archived(db, &w.leader, id, true).await.unwrap();
    assert!(o.archived_at.is_some());
    // Changing a field still checks the whole: the owner must be active.
    let retitle = key_results::Change {
        kind: Some(KrKind::Percent),
        ..key_results::Change::default()
    };
    assert!(matches!(
        key_results::update(db, &w.leader, kr.id, retitle).await,
        Err(Error::Invalid(_))
    ));
}

#[actix_web::test]
async fn a_key_results_owner_checks_in_even_from_another_team_and_others_do_not() {
    let w = world();
    let db = &w.t.db;
    let id = create(db, &w.member, objective(w.team, "Ship it"), None)
        .await
        .unwrap()
        .objective
        .id;
    let kr_input = KeyResultInput {
        owner_id: Some(w.outsider.person_id),
        ..KeyResultInput::number("Users", "", 0.0, 100.0)
    };
    let kr = key_results::create(db, &w.member, id, kr_input)
        .await
        .unwrap();
    let input = |value| CheckInInput {
        key_result_id: kr.id,
        value,
        confidence: Confidence::OnTrack,
        note: String::new(),
    };
    let (after, _) = check_ins::record(db, &w.outsider, input(40.0))
        .await
        .unwrap();
    assert_eq!(after.id, kr.id);
    check_ins::record(db, &w.member, input(45.0)).await.unwrap();
    assert!(matches!(
        check_ins::record(db, &w.stranger, input(99.0)).await,
        Err(Error::NotFound)
    ));
    // The weekly page saves only the person's own key results, all or nothing.
    assert!(matches!(
        check_ins::record_week(db, &w.member, vec![input(50.0)]).await,
        Err(Error::Forbidden)
    ));
    assert_eq!(
        check_ins::record_week(db, &w.outsider, vec![input(50.0)])
            .await
            .unwrap(),
        1
    );
    let history = check_ins::history(db, &w.member, kr.id).await.unwrap();
    let values: Vec<f64> = history.iter().map(|h| h.value).collect();
    assert_eq!(values, [40.0, 45.0, 50.0]);
}

#[actix_web::test]
async fn only_leaders_set_the_organisations_objectives() {
    let w = world();
    let db = &w.t.db;
    let input = || OrgObjectiveInput {
        period: "2027-Q1".into(),
        title: "Grow".into(),
        description: String::new(),
        owner_id: None,
    };
    assert!(matches!(
        company::create(db, &w.member, input()).await,
        Err(Error::Forbidden)
    ));
    let grow = company::create(db, &w.leader, input()).await.unwrap();
    let id = create(db, &w.member, objective(w.team, "Ship it"), Some(grow.id))
        .await
        .unwrap()
        .objective
        .id;
    assert_eq!(
        okr_of(db, &w.member, id)
            .await
            .unwrap()
            .objective
            .aligned_to,
        Some(grow.id)
    );
    assert!(matches!(
        company::archive(db, &w.member, grow.id).await,
        Err(Error::Forbidden)
    ));
    assert!(matches!(
        company::archive(db, &w.stranger, grow.id).await,
        Err(Error::NotFound)
    ));
    let overview = company::overview(db, &w.member, "2027-Q1".into())
        .await
        .unwrap();
    assert_eq!(overview.len(), 1);
}
