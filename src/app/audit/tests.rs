use chrono::NaiveDate;
use diesel::prelude::*;

use super::*;
use crate::app::testing::{objective, world};
use crate::app::{Error, api_tokens, calendar, okrs, people, settings, teams};
use crate::db::schema::audit_log;
use crate::domain::adoption::Thresholds;
use crate::domain::api_tokens::Lifetime;
use crate::domain::audit::{Action, Entity};
use crate::domain::calendar::{Closure, Span};
use crate::domain::okrs::{KeyResultInput, Status};
use crate::domain::people::PersonInput;
use crate::domain::teams::{TeamInput, TeamKind};
use crate::domain::{Locale, Page};

const PASSWORD: &str = "a long enough passphrase";

async fn everything(w: &crate::app::testing::World) -> Page<Logged> {
    list(&w.t.db, &w.leader, Filter::default(), None)
        .await
        .unwrap()
}

#[actix_web::test]
async fn the_changes_that_matter_are_logged_and_no_secret_is() {
    let w = world();
    let (db, me) = (&w.t.db, &w.leader);
    let input = PersonInput {
        name: "Nora".into(),
        email: "nora@acme.no".into(),
        locale: Locale::Nb,
        roles: vec![Role::Member],
    };
    let nora = people::create(db, me, input).await.unwrap();
    crate::app::account::set_password(db, me, String::new(), PASSWORD.into())
        .await
        .unwrap();
    let promote = people::Change {
        roles: Some(vec![Role::Member, Role::Ambassador]),
        ..people::Change::default()
    };
    people::update(db, me, nora.row.id, promote).await.unwrap();
    people::set_active(db, me, nora.row.id, false)
        .await
        .unwrap();
    let team = teams::create(
        db,
        me,
        TeamInput {
            name: "Data".into(),
            kind: TeamKind::Team,
            parent_id: None,
        },
    )
    .await
    .unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let members = teams::add_member(
        db,
        me,
        team.id,
        w.member.person_id,
        day,
        crate::app::testing::mail(),
    )
    .await
    .unwrap();
    teams::end_membership(
        db,
        me,
        team.id,
        members[0].membership_id,
        day,
        crate::app::testing::mail(),
    )
    .await
    .unwrap();
    teams::add_ambassador(db, me, team.id, w.member.person_id)
        .await
        .unwrap();
    let mut thresholds = Thresholds::default();
    thresholds.practising.held += 1;
    settings::set_thresholds(db, me, Some(thresholds))
        .await
        .unwrap();
    let summer = Closure {
        id: None,
        name: "Sommer".into(),
        span: Span::YearlyWeeks {
            first: 28,
            last: 30,
        },
    };
    calendar::save_closure(db, me, None, summer, false)
        .await
        .unwrap();
    let secret = api_tokens::create(db, me, "CI".into(), Lifetime::Never)
        .await
        .unwrap();
    let o = okrs::create(
        db,
        me,
        objective(w.team, "Faster releases", Status::Active),
        None,
    )
    .await
    .unwrap();
    let kr = okrs::key_results::create(
        db,
        me,
        o.objective.id,
        KeyResultInput::number("Deploys a week", "", 1.0, 5.0),
    )
    .await
    .unwrap();
    let change = okrs::key_results::Change {
        target: Some(7.0),
        ..Default::default()
    };
    okrs::key_results::update(db, me, kr.id, change)
        .await
        .unwrap();
    okrs::set_archived(db, me, o.objective.id, true)
        .await
        .unwrap();

    let log = everything(&w).await;
    let done: Vec<(Entity, Action)> = log.items.iter().map(|e| (e.entity, e.action)).collect();
    for expected in [
        (Entity::Person, Action::Created),
        (Entity::Person, Action::Updated),
        (Entity::Person, Action::PasswordSet),
        (Entity::Person, Action::Deactivated),
        (Entity::Team, Action::Created),
        (Entity::Membership, Action::Added),
        (Entity::Membership, Action::Ended),
        (Entity::Ambassador, Action::Added),
        (Entity::Thresholds, Action::Updated),
        (Entity::Closure, Action::Created),
        (Entity::ApiToken, Action::Created),
        (Entity::Objective, Action::Created),
        (Entity::KeyResult, Action::Created),
        (Entity::KeyResult, Action::Updated),
        (Entity::Objective, Action::Archived),
    ] {
        assert!(
            done.contains(&expected),
            "{expected:?} missing from {done:?}"
        );
    }
    assert_eq!(log.items[0].action, Action::Archived, "newest first");
    let roles = log
        .items
        .iter()
        .find(|e| e.action == Action::Updated && e.entity == Entity::Person)
        .and_then(|e| e.changes.iter().find(|c| c.field == "roles"))
        .expect("the roles that changed");
    assert_eq!(roles.after.as_deref(), Some("ambassador, member"));
    let held = log
        .items
        .iter()
        .find(|e| e.entity == Entity::Thresholds)
        .and_then(|e| e.changes.first())
        .expect("the threshold that changed");
    assert_eq!(held.field, "practising.held");
    let target = log
        .items
        .iter()
        .find(|e| e.entity == Entity::KeyResult && e.action == Action::Updated)
        .map(|e| e.changes.clone())
        .unwrap_or_default();
    assert_eq!(target.len(), 1, "only the target changed: {target:?}");
    assert!(log.items.iter().all(|e| e.person_id == Some(me.person_id)));

    let text = serde_json::to_string(&log.items).unwrap();
    for secret in [PASSWORD, secret.as_str(), "argon2"] {
        assert!(!text.contains(secret), "a secret in the log: {secret}");
    }
    let csv = csv(db, me, Filter::default()).await.unwrap();
    assert!(csv.contains("practising.held") && !csv.contains(PASSWORD));
}

#[actix_web::test]
async fn only_the_organisations_leaders_read_it_filtered_and_paged() {
    let w = world();
    let (db, me) = (&w.t.db, &w.leader);
    for n in 0..(crate::domain::audit::PER_PAGE + 3) {
        let input = TeamInput {
            name: format!("Team {n}"),
            kind: TeamKind::Team,
            parent_id: None,
        };
        teams::create(db, me, input).await.unwrap();
    }
    let token = api_tokens::create(db, me, "CI".into(), Lifetime::Never).await;
    assert!(token.is_ok());
    let first = everything(&w).await;
    assert_eq!(first.total, crate::domain::audit::PER_PAGE + 4);
    assert_eq!(
        (first.items.len() as i64, first.pages()),
        (first.per_page, 2)
    );
    let second = list(db, me, Filter::default(), Some(2)).await.unwrap();
    assert_eq!(second.items.len(), 4);
    let tokens = Filter {
        entity: Some(Entity::ApiToken),
        ..Filter::default()
    };
    assert_eq!(list(db, me, tokens, None).await.unwrap().total, 1);
    let by_member = Filter {
        person: Some(w.member.person_id),
        ..Filter::default()
    };
    assert_eq!(list(db, me, by_member, None).await.unwrap().total, 0);
    let today = me.today();
    let later = Filter {
        from: today.succ_opt(),
        ..Filter::default()
    };
    assert_eq!(list(db, me, later, None).await.unwrap().total, 0);
    let today_only = Filter {
        from: Some(today),
        to: Some(today),
        ..Filter::default()
    };
    assert_eq!(
        list(db, me, today_only, None).await.unwrap().total,
        first.total
    );
    assert_eq!(
        actors(db, me).await.unwrap(),
        vec![(me.person_id, me.name.clone())]
    );

    assert!(matches!(
        list(db, &w.member, Filter::default(), None).await,
        Err(Error::Forbidden)
    ));
    let theirs = list(db, &w.stranger, Filter::default(), None)
        .await
        .unwrap();
    assert_eq!(theirs.total, 0, "another organisation's log is its own");
}

#[test]
fn an_entry_cannot_be_changed_or_removed() {
    let w = world();
    let mut c = w.t.conn();
    let entry = crate::domain::audit::Entry::new(Entity::Team, w.team.0, "Web", Action::Updated);
    crate::domain::audit::record(&mut c, &w.leader, entry).unwrap();
    let changed = diesel::update(audit_log::table)
        .set(audit_log::label.eq("Nothing happened"))
        .execute(&mut c);
    assert!(changed.is_err(), "an update went through");
    let removed = diesel::delete(audit_log::table).execute(&mut c);
    assert!(removed.is_err(), "a delete went through");
    let count: i64 = audit_log::table.count().get_result(&mut c).unwrap();
    assert_eq!(count, 1);
}

#[actix_web::test]
async fn surveys_the_calendar_and_organisation_objectives_are_logged_too() {
    use crate::app::surveys;
    use crate::domain::calendar::Country;
    use crate::domain::okrs::company::OrgObjectiveInput;
    use crate::domain::surveys::{SurveyInput, pre_workshop_template};
    let w = world();
    let (db, me) = (&w.t.db, &w.leader);
    let today = me.today();
    let input = SurveyInput {
        title: "Before the workshop".into(),
        intro: String::new(),
        anonymous: true,
        min_group_size: 5,
        opens_on: today,
        closes_on: today + chrono::Days::new(14),
        reminder_days: 3,
        rollout_id: None,
    };
    let questions = pre_workshop_template(Locale::En);
    let survey = surveys::create(db, me, input.clone(), questions.clone())
        .await
        .unwrap();
    let smaller = SurveyInput {
        min_group_size: 3,
        ..input
    };
    surveys::update(db, me, survey.id, smaller).await.unwrap();
    let extra = questions[0].clone();
    surveys::questions::save(db, me, (survey.id, None), extra)
        .await
        .unwrap();
    let page = surveys::page(db, me, survey.id).await.unwrap();
    let last = page.detail.questions.last().map(|q| q.id).unwrap();
    surveys::questions::delete(db, me, survey.id, last)
        .await
        .unwrap();
    surveys::close(db, me, survey.id).await.unwrap();
    // Whatever the country was, one of these two is a change (a save that changes nothing
    // is not logged).
    for country in [None, Some(Country::Norway)] {
        calendar::set_country(db, me, country).await.unwrap();
    }
    let company = OrgObjectiveInput {
        period: "2027-Q1".into(),
        title: "Customers who stay".into(),
        description: String::new(),
        owner_id: None,
    };
    let made = okrs::company::create(db, me, company).await.unwrap();
    okrs::company::archive(db, me, made.id).await.unwrap();

    let log = everything(&w).await;
    let done: Vec<(Entity, Action)> = log.items.iter().map(|e| (e.entity, e.action)).collect();
    for expected in [
        (Entity::Survey, Action::Created),
        (Entity::Survey, Action::Updated),
        (Entity::Question, Action::Created),
        (Entity::Question, Action::Deleted),
        (Entity::Survey, Action::Closed),
        (Entity::Calendar, Action::Updated),
        (Entity::OrgObjective, Action::Created),
        (Entity::OrgObjective, Action::Archived),
    ] {
        assert!(
            done.contains(&expected),
            "{expected:?} missing from {done:?}"
        );
    }
    let group = log
        .items
        .iter()
        .find(|e| (e.entity, e.action) == (Entity::Survey, Action::Updated))
        .map(|e| e.changes.clone())
        .unwrap_or_default();
    assert_eq!(group.len(), 1, "only the group size changed: {group:?}");
    assert_eq!(
        (group[0].before.as_deref(), group[0].after.as_deref()),
        (Some("5"), Some("3"))
    );
}

#[actix_web::test]
async fn every_delete_and_archive_leaves_its_entry() {
    use crate::app::{cases, meetings, rollouts, workshops};
    use crate::domain::cases::CaseInput;
    use crate::domain::meetings::{SeriesInput, SeriesKind};
    use crate::domain::rollouts::RolloutInput;
    use crate::domain::workshops::room::Agenda;
    let w = world();
    let (db, me) = (&w.t.db, &w.leader);
    let today = me.today();
    let day = |n: u64| today + chrono::Days::new(n);

    // A checklist item of a rollout.
    let rollout = rollouts::create(
        db,
        me,
        RolloutInput {
            name: "OKR 2027".into(),
            all_teams: true,
            team_ids: Vec::new(),
            prep_start: day(1),
            prep_end: day(10),
            workshop_start: day(11),
            workshop_end: day(20),
            followup_start: None,
            routine_months: 6,
        },
    )
    .await
    .unwrap();
    let item = rollout.items[0].id;
    rollouts::checklist::delete(db, me, rollout.rollout.id, item)
        .await
        .unwrap();
    // A draft workshop.
    let setup = workshops::setup::Setup {
        title: "Kick-off".into(),
        locale: Locale::En,
        rollout_id: None,
        team_ids: vec![w.team],
        agenda: Agenda::standard(),
    };
    let draft = workshops::setup::create(db, me, setup).await.unwrap();
    workshops::setup::delete(db, me, draft.id).await.unwrap();
    // An own practice case.
    let input = CaseInput {
        title: "The bakery".into(),
        situation: "A bakery wants more regulars.".into(),
        model_answer: String::new(),
        locale: Locale::En,
    };
    let case = cases::save(db, me, None, input).await.unwrap();
    cases::archive(db, me, case.id).await.unwrap();
    // A meeting series' calendar link, and the series itself.
    let weekly = SeriesInput {
        team_id: w.team,
        kind: SeriesKind::WeeklyResults,
        weekday: 1,
        start_time: "09:00".into(),
        duration_minutes: 15,
        starts_on: today,
        ends_on: None,
    };
    let series = meetings::create_series(db, &w.member, weekly)
        .await
        .unwrap();
    meetings::new_feed(db, &w.member, series.id).await.unwrap();
    meetings::revoke_feed(db, &w.member, series.id)
        .await
        .unwrap();
    meetings::end_series(db, &w.member, series.id, crate::app::testing::mail())
        .await
        .unwrap();

    let log = everything(&w).await;
    let done: Vec<(Entity, Action)> = log.items.iter().map(|e| (e.entity, e.action)).collect();
    for expected in [
        (Entity::ChecklistItem, Action::Deleted),
        (Entity::Workshop, Action::Deleted),
        (Entity::Case, Action::Archived),
        (Entity::CalendarFeed, Action::Revoked),
        (Entity::MeetingSeries, Action::Ended),
    ] {
        assert!(
            done.contains(&expected),
            "{expected:?} missing from {done:?}"
        );
    }
    // Each names who did it.
    assert!(
        log.items
            .iter()
            .any(|e| e.entity == Entity::MeetingSeries && e.person_id == Some(w.member.person_id))
    );
}
