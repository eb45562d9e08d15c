//! Issue #15 item 4, written as the attack: a member must not rank another team's absentees
//! (or see who checked in there) by looping over the API, an export or a page. The rule is
//! `domain::access`; the route table below says, for every JSON read, whether it can carry
//! per-person records, and the matrix checks each role against each of those endpoints.

use std::collections::BTreeSet;

use chrono::Datelike;
use serde_json::{Value, json};

use hverdag::domain::ids::{KeyResultId, OrgId, PersonId, TeamId};
use hverdag::domain::okrs::{self, KeyResultInput, ObjectiveInput, Status};
use hverdag::domain::people::Role;
use hverdag::domain::periods::Periods;
use hverdag::domain::teams::TeamKind;

use crate::helpers::*;
use crate::isolation::{assert_tables_match, normalise, routes_in_source};
use crate::page::Page;

/// What a JSON read (`GET /api/v1/…`) may show about people.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shows {
    /// Per-person records of a team (attendance, who checked in): only to those who may see
    /// the team's people. Checked for every role in the matrix below.
    PeopleOfTeam,
    /// The organisation's directory (names, roles, team memberships), as the people and team
    /// pages show it to everyone signed in.
    Directory,
    /// Team or organisation figures, plans and OKRs with owners: no one's records.
    NoPersonRecords,
    /// Leaders only (surveys: answers are anonymous and shown in groups of a minimum size).
    LeadersOnly,
}

const API_READS: &[(&str, Shows)] = &[
    ("/api/v1/meetings/{id}", Shows::PeopleOfTeam),
    ("/api/v1/key-results/{id}/check-ins", Shows::PeopleOfTeam),
    ("/api/v1/teams/{id}/meetings", Shows::NoPersonRecords),
    ("/api/v1/people", Shows::Directory),
    ("/api/v1/people/{id}", Shows::Directory),
    ("/api/v1/teams", Shows::Directory),
    ("/api/v1/teams/{id}", Shows::Directory),
    ("/api/v1/me", Shows::Directory),
    ("/api/v1/openapi.json", Shows::NoPersonRecords),
    ("/api/v1/adoption/teams", Shows::NoPersonRecords),
    ("/api/v1/adoption/weeks", Shows::NoPersonRecords),
    ("/api/v1/adoption/alerts", Shows::NoPersonRecords),
    ("/api/v1/adoption/recompute", Shows::NoPersonRecords),
    ("/api/v1/settings/follow-up", Shows::NoPersonRecords),
    ("/api/v1/cases", Shows::NoPersonRecords),
    ("/api/v1/cases/{ref}", Shows::NoPersonRecords),
    ("/api/v1/okrs", Shows::NoPersonRecords),
    ("/api/v1/organisation-objectives", Shows::NoPersonRecords),
    ("/api/v1/objectives/{id}", Shows::NoPersonRecords),
    ("/api/v1/rollouts", Shows::NoPersonRecords),
    ("/api/v1/rollouts/{id}", Shows::NoPersonRecords),
    ("/api/v1/surveys", Shows::LeadersOnly),
    ("/api/v1/surveys/{id}", Shows::LeadersOnly),
    ("/api/v1/surveys/{id}/results", Shows::LeadersOnly),
    ("/api/v1/surveys/{id}/comparison", Shows::LeadersOnly),
    ("/api/v1/audit", Shows::LeadersOnly),
    ("/api/v1/channels", Shows::LeadersOnly),
    ("/api/v1/agendas", Shows::NoPersonRecords),
    ("/api/v1/teams/{id}/agendas", Shows::NoPersonRecords),
];

#[test]
fn every_api_read_says_whether_it_shows_people() {
    let src = include_str!("../../src/web/routes.rs");
    let in_source: BTreeSet<(String, String)> = routes_in_source(src)
        .into_iter()
        .filter(|(m, p)| m == "GET" && p.starts_with("/api/v1"))
        .map(|(m, p)| (m, normalise(&p)))
        .collect();
    let covered: BTreeSet<(String, String)> = API_READS
        .iter()
        .map(|(p, _)| ("GET".to_owned(), normalise(p)))
        .collect();
    assert_tables_match(
        &in_source,
        &covered,
        "API reads missing from API_READS in tests/api/access.rs",
        "API_READS entries for routes that no longer exist",
    );
}

/// The organisation of the matrix: teams Web and Data; a held Data meeting in which `per`
/// was absent and checked in on a Data key result.
struct Fixture {
    app: TestApp,
    org: OrgId,
    data: TeamId,
    per: PersonId,
    ola: PersonId,
    kari: PersonId,
    meeting: i64,
    key_result: KeyResultId,
    period: String,
}

async fn fixture() -> Fixture {
    let app = TestApp::spawn().await;
    let org = app.create_org("fjord");
    let web = app.create_team(org, "Web", TeamKind::Team, None);
    let data = app.create_team(org, "Data", TeamKind::Team, None);
    let leader = app.create_person(org, "lead@fjord.example", &[Role::Leader], None);
    let per = app.create_person_named(
        org,
        "Per Absent",
        "per@fjord.example",
        &[Role::Member],
        None,
    );
    let ola = app.create_person(org, "ola@fjord.example", &[Role::Member], None);
    let kari = app.create_person(org, "kari@fjord.example", &[Role::Member], None);
    app.add_member(org, data, per);
    app.add_member(org, data, ola);
    app.add_member(org, web, kari);
    let today = app.read(|c| hverdag::domain::org::today(c, org));
    let period = Periods::Quarters.of(today);
    let okr = app.write(|c| {
        caught_up(c, |c| {
            okrs::create(
                c,
                org,
                &ObjectiveInput {
                    team_id: data,
                    period: period.clone(),
                    title: "Clean data".into(),
                    description: String::new(),
                    owner_id: None,
                    status: Status::Active,
                },
                None,
                &[KeyResultInput::number("Pipelines", "", 1.0, 10.0)],
            )
        })
    });
    let key_result = okr.key_results[0].id;
    let lead = app.session_api(leader).await;
    let series = json!({
        "kind": "weekly_results",
        "weekday": today.weekday().number_from_monday(),
        "start_time": "09:00",
        "duration_minutes": 15,
        "starts_on": today.to_string(),
    });
    let res = lead
        .post_json(&format!("/api/v1/teams/{data}/meeting-series"), &series)
        .await;
    json_with_status(res, 201).await;
    let list = json_with_status(
        lead.get(&format!("/api/v1/teams/{data}/meetings")).await,
        200,
    )
    .await;
    let meeting = list[0]["id"].as_i64().expect("a meeting");
    // Per checks in through the API, then the meeting is recorded with Per absent.
    let per_api = app.session_api(per).await;
    let res = per_api
        .post_json(
            &format!("/api/v1/meetings/{meeting}/record"),
            &json!({
                "attendance": [{"person_id": per, "presence": "absent"},
                               {"person_id": ola, "presence": "present"}],
                "check_ins": [{"key_result_id": key_result, "value": 3, "confidence": "at_risk"}],
                "held": true
            }),
        )
        .await;
    json_with_status(res, 200).await;
    Fixture {
        app,
        org,
        data,
        per,
        ola,
        kari,
        meeting,
        key_result,
        period,
    }
}

/// Whether a JSON answer carries per-person records: an `attendance` map, or a check-in that
/// names who made it.
fn json_shows_people(value: &Value) -> bool {
    match value {
        Value::Object(map) => {
            map.get("attendance").is_some_and(|a| !a.is_null())
                || map.get("person_id").is_some_and(|p| !p.is_null())
                    && map.contains_key("confidence")
                || map.values().any(json_shows_people)
        }
        Value::Array(items) => items.iter().any(json_shows_people),
        _ => false,
    }
}

#[tokio::test]
async fn each_role_sees_per_person_records_exactly_where_the_pages_show_them() {
    let f = fixture().await;
    let (app, org) = (&f.app, f.org);
    let viewers = [
        (
            "leader",
            app.create_person(org, "boss@fjord.example", &[Role::Leader], None),
        ),
        (
            "ambassador",
            app.create_person(org, "amb@fjord.example", &[Role::Ambassador], None),
        ),
        (
            "facilitator",
            app.create_person(org, "fac@fjord.example", &[Role::Facilitator], None),
        ),
        ("member of Data", f.ola),
        ("member of Web", f.kari),
    ];
    // (what, expected per viewer in the order above)
    let sees = [true, true, false, true, false];
    let everyone = [true, true, false, false, false];
    let meeting_api = format!("/api/v1/meetings/{}", f.meeting);
    let check_ins_api = format!("/api/v1/key-results/{}/check-ins", f.key_result);
    let list_api = format!("/api/v1/teams/{}/meetings", f.data);
    let team_csv = format!(
        "/meetings/export.csv?what=attendance&team={}&period={}",
        f.data, f.period
    );
    let org_csv = format!("/meetings/export.csv?what=attendance&period={}", f.period);
    let meeting_page = format!("/meetings/{}", f.meeting);
    let kr_page = format!("/okrs/key-results/{}", f.key_result);
    let person_page = format!("/adoption/people/{}", f.per);
    for (i, (role, id)) in viewers.iter().enumerate() {
        let api = app.session_api(*id).await;
        // The JSON reads: whole for those who may see Data's people, without people else.
        for (path, expected) in [
            (&meeting_api, sees[i]),
            (&check_ins_api, sees[i]),
            (&list_api, false),
        ] {
            let body = json_with_status(api.get(path).await, 200).await;
            assert_eq!(json_shows_people(&body), expected, "{role}: {path}: {body}");
        }
        // Exports: a refusal where people may not be seen.
        for (path, expected) in [(&team_csv, sees[i]), (&org_csv, everyone[i])] {
            let res = api.get(path).await;
            if expected {
                let csv = text_with_status(res, 200).await;
                assert!(csv.contains("absent"), "{role}: {path}: {csv}");
            } else {
                assert_eq!(res.status(), 403, "{role}: {path}");
            }
        }
        // The pages show the same.
        let page = text_with_status(api.get(&meeting_page).await, 200).await;
        assert_eq!(
            Page::of(&page).any_contains("#attendance li", "Per Absent"),
            sees[i],
            "{role}: the meeting's roster"
        );
        // Where the name may not be seen, it is nowhere on the page (not even an attribute).
        assert!(
            sees[i] || !page.contains("Per Absent"),
            "{role}: the meeting page"
        );
        let page = text_with_status(api.get(&kr_page).await, 200).await;
        assert_eq!(
            Page::of(&page).any_contains("tr.check-in .check-in-by", "Per Absent"),
            sees[i],
            "{role}: who checked in"
        );
        assert!(
            sees[i] || !page.contains("Per Absent"),
            "{role}: the key result's page"
        );
        let res = api.get(&person_page).await;
        assert_eq!(
            res.status() == 200,
            everyone[i],
            "{role}: one person's routine"
        );
    }
}

#[tokio::test]
async fn a_member_cannot_loop_over_other_teams_meetings_to_rank_absentees() {
    let f = fixture().await;
    let kari = f.app.session_api(f.kari).await;
    // The attack: every team, every meeting, every attendance map.
    let teams = json_with_status(kari.get("/api/v1/teams").await, 200).await;
    let mut absentees = Vec::new();
    for team in teams.as_array().expect("teams") {
        let id = team["id"].as_i64().expect("an id");
        let meetings =
            json_with_status(kari.get(&format!("/api/v1/teams/{id}/meetings")).await, 200).await;
        for meeting in meetings.as_array().expect("meetings") {
            let id = meeting["id"].as_i64().expect("an id");
            let detail =
                json_with_status(kari.get(&format!("/api/v1/meetings/{id}")).await, 200).await;
            assert!(detail.get("attendance").is_none(), "{detail}");
            assert!(detail.get("check_ins").is_none(), "{detail}");
            if let Some(map) = detail["attendance"].as_object() {
                absentees.extend(
                    map.iter()
                        .filter(|(_, v)| *v == "absent")
                        .map(|(k, _)| k.clone()),
                );
            }
        }
    }
    assert!(absentees.is_empty(), "{absentees:?}");
    // Nor who checked in on another team's key result.
    let history = json_with_status(
        kari.get(&format!("/api/v1/key-results/{}/check-ins", f.key_result))
            .await,
        200,
    )
    .await;
    assert_eq!(history[0]["value"], 3.0, "the figures stay open");
    assert!(history[0]["person_id"].is_null(), "{history}");
}
