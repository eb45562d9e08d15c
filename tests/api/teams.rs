//! Team pages: the department/team tree, moving, cycle refusal, memberships, ambassadors.

use hverdag::domain::ids::{OrgId, TeamId};
use hverdag::domain::people::Role;
use hverdag::domain::teams::TeamKind;
use reqwest::StatusCode;

use crate::helpers::*;
use crate::page::Page;

const LEADER: &str = "leader@fjord.example";

async fn leader_session() -> (TestApp, OrgId, Session) {
    let app = TestApp::spawn().await;
    let org = app.create_org("fjord");
    app.create_person(org, LEADER, &[Role::Leader], Some(PASSWORD));
    let s = app.session();
    s.login(LEADER, PASSWORD).await;
    (app, org, s)
}

/// Creates a team through the form; returns its id.
async fn create_team(s: &Session, name: &str, kind: &str, parent: Option<TeamId>) -> TeamId {
    let parent = parent.map(|p| p.to_string()).unwrap_or_default();
    let res = s
        .post_form(
            "/teams",
            &[("name", name), ("kind", kind), ("parent_id", &parent)],
        )
        .await;
    TeamId(id_from_location(&res, "/teams/"))
}

/// Posts the edit form of a team.
async fn save_team(
    s: &Session,
    id: TeamId,
    name: &str,
    kind: &str,
    parent: Option<TeamId>,
) -> reqwest::Response {
    let parent = parent.map(|p| p.to_string()).unwrap_or_default();
    s.post_form(
        &format!("/teams/{id}"),
        &[("name", name), ("kind", kind), ("parent_id", &parent)],
    )
    .await
}

/// Follows a redirect and returns the page it leads to.
async fn follow(s: &Session, res: reqwest::Response) -> Page {
    let to = location(&res);
    Page::of(&text_with_status(s.get(&to).await, 200).await)
}

#[tokio::test]
async fn leader_builds_a_department_with_a_team() {
    let (app, org, s) = leader_session().await;
    text_with_status(s.get("/teams/new").await, 200).await;
    let dept = create_team(&s, "Produkt", "department", None).await;
    let team = create_team(&s, "  App  ", "team", Some(dept)).await;

    let stored = app.team(org, team);
    assert_eq!(stored.name, "App", "names are trimmed");
    assert_eq!(stored.kind, TeamKind::Team);
    assert_eq!(stored.parent_id, Some(dept));
    assert!(app.team(org, dept).is_department());

    let tree = json_with_status(s.get("/api/v1/teams").await, 200).await;
    let entries = tree.as_array().expect("a list");
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["name"], "Produkt");
    assert_eq!(entries[0]["depth"], 0);
    assert_eq!(entries[1]["name"], "App");
    assert_eq!(entries[1]["depth"], 1);

    let list = Page::of(&text_with_status(s.get("/teams").await, 200).await);
    assert_eq!(list.select("tr.team .team-name"), ["Produkt", "App"]);
    assert!(list.has("tr.team .team-name.depth-1"), "App under Produkt");
    let shown = Page::of(&text_with_status(s.get(&format!("/teams/{dept}")).await, 200).await);
    assert_eq!(
        shown.attrs("#child-teams a", "href"),
        [format!("/teams/{team}")],
        "the department links its team"
    );
    let shown = Page::of(&text_with_status(s.get(&format!("/teams/{team}")).await, 200).await);
    assert_eq!(
        shown.attr("#parent-team a", "href"),
        format!("/teams/{dept}"),
        "the team links its department"
    );
    text_with_status(s.get(&format!("/teams/{team}/edit")).await, 200).await;
}

#[tokio::test]
async fn invalid_teams_are_refused() {
    let (app, org, s) = leader_session().await;
    let app_team = create_team(&s, "App", "team", None).await;
    let cases: [(&str, &str, String); 5] = [
        ("", "team", String::new()),
        ("Web", "squad", String::new()),
        ("Web", "team", "999999".into()),
        ("Web", "team", "not-a-number".into()),
        // Only departments can hold teams.
        ("Web", "team", app_team.to_string()),
    ];
    for (name, kind, parent) in &cases {
        let res = s
            .post_form(
                "/teams",
                &[
                    ("name", *name),
                    ("kind", *kind),
                    ("parent_id", parent.as_str()),
                ],
            )
            .await;
        text_with_status(res, 422).await;
    }
    // Names are unique within the organisation.
    let res = s
        .post_form(
            "/teams",
            &[("name", "App"), ("kind", "team"), ("parent_id", "")],
        )
        .await;
    let form = Page::of(&text_with_status(res, 422).await);
    assert_eq!(form.value_of("#name"), "App");
    assert!(form.has("#name-error"));
    assert_eq!(app.teams(org).len(), 1);
    // And the next valid one still works.
    create_team(&s, "Web", "team", None).await;
}

#[tokio::test]
async fn teams_move_between_departments_and_to_the_top() {
    let (app, org, s) = leader_session().await;
    let produkt = create_team(&s, "Produkt", "department", None).await;
    let salg = create_team(&s, "Salg", "department", None).await;
    let team = create_team(&s, "App", "team", Some(produkt)).await;

    let res = save_team(&s, team, "App", "team", Some(salg)).await;
    assert_redirect(&res, &format!("/teams/{team}"));
    assert_eq!(app.team(org, team).parent_id, Some(salg));
    let json = json_with_status(s.get(&format!("/api/v1/teams/{team}")).await, 200).await;
    assert_eq!(json["parent_id"], salg.0);

    let res = save_team(&s, team, "App Team", "team", None).await;
    assert_redirect(&res, &format!("/teams/{team}"));
    let moved = app.team(org, team);
    assert_eq!(moved.parent_id, None);
    assert_eq!(moved.name, "App Team");
}

#[tokio::test]
async fn a_department_cannot_move_under_itself_or_its_descendants() {
    let (app, org, s) = leader_session().await;
    let top = create_team(&s, "Top", "department", None).await;
    let middle = create_team(&s, "Middle", "department", Some(top)).await;
    let bottom = create_team(&s, "Bottom", "department", Some(middle)).await;

    for parent in [bottom, middle, top] {
        let res = save_team(&s, top, "Top", "department", Some(parent)).await;
        let form = Page::of(&text_with_status(res, 422).await);
        assert_eq!(form.value_of("#name"), "Top", "the form is shown again");
        assert!(form.has("#parent-error"));
    }
    assert_eq!(app.team(org, top).parent_id, None);

    let res = save_team(&s, middle, "Middle", "department", Some(bottom)).await;
    text_with_status(res, 422).await;
    assert_eq!(app.team(org, middle).parent_id, Some(top));

    // The tree is still a tree.
    let tree = json_with_status(s.get("/api/v1/teams").await, 200).await;
    let depths: Vec<i64> = tree
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|t| t["depth"].as_i64())
        .collect();
    assert_eq!(depths, vec![0, 1, 2]);
}

#[tokio::test]
async fn a_department_with_children_cannot_become_a_team() {
    let (app, org, s) = leader_session().await;
    let dept = create_team(&s, "Produkt", "department", None).await;
    create_team(&s, "App", "team", Some(dept)).await;
    let res = save_team(&s, dept, "Produkt", "team", None).await;
    text_with_status(res, 422).await;
    assert!(app.team(org, dept).is_department());
}

#[tokio::test]
async fn members_join_and_leave_teams() {
    let (app, org, s) = leader_session().await;
    let dept = app.create_team(org, "Produkt", TeamKind::Department, None);
    let team = app.create_team(org, "App", TeamKind::Team, Some(dept));
    let kari = app.create_person_named(
        org,
        "Kari Nordmann",
        "kari@fjord.example",
        &[Role::Member],
        None,
    );
    let kari_id = kari.to_string();

    let res = s
        .post_form(
            &format!("/teams/{team}/members"),
            &[("person_id", &kari_id), ("date", "2026-01-05")],
        )
        .await;
    assert_redirect(&res, &format!("/teams/{team}"));
    let members = app.members(org, team);
    assert_eq!(members.len(), 1);
    assert_eq!(members[0].person_id, kari);
    assert_eq!(members[0].joined_on.to_string(), "2026-01-05");
    assert_eq!(members[0].left_on, None);
    let shown = Page::of(&text_with_status(s.get(&format!("/teams/{team}")).await, 200).await);
    assert_eq!(shown.select("tr.member .member-name"), ["Kari Nordmann"]);
    let person = Page::of(&text_with_status(s.get(&format!("/people/{kari}")).await, 200).await);
    assert_eq!(
        person.attrs("#person-teams a", "href"),
        [format!("/teams/{team}")],
        "the person page links the team"
    );

    // Joining twice is refused with a message, and nothing changes.
    let res = s
        .post_form(
            &format!("/teams/{team}/members"),
            &[("person_id", &kari_id)],
        )
        .await;
    assert_redirect(&res, &format!("/teams/{team}"));
    assert!(follow(&s, res).await.has(".flash-error"));
    assert_eq!(app.members(org, team).len(), 1);

    // Departments have no members.
    let res = s
        .post_form(
            &format!("/teams/{dept}/members"),
            &[("person_id", &kari_id)],
        )
        .await;
    assert!(follow(&s, res).await.has(".flash-error"));
    assert!(app.members(org, dept).is_empty());

    // Leaving before joining is refused; leaving afterwards is kept as history.
    let membership = members[0].membership_id;
    let end = format!("/teams/{team}/members/{membership}/end");
    let res = s.post_form(&end, &[("date", "2025-12-31")]).await;
    assert!(follow(&s, res).await.has(".flash-error"));
    assert_eq!(app.members(org, team)[0].left_on, None);

    let res = s.post_form(&end, &[("date", "2026-03-01")]).await;
    assert_redirect(&res, &format!("/teams/{team}"));
    let members = app.members(org, team);
    assert_eq!(members.len(), 1, "the membership is kept");
    assert_eq!(
        members[0].left_on.map(|d| d.to_string()).as_deref(),
        Some("2026-03-01")
    );

    // An ended membership cannot end again.
    let res = s.post_form(&end, &[("date", "")]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    // And the person can join again.
    let res = s
        .post_form(
            &format!("/teams/{team}/members"),
            &[("person_id", &kari_id)],
        )
        .await;
    assert_redirect(&res, &format!("/teams/{team}"));
    assert_eq!(app.members(org, team).len(), 2);
}

#[tokio::test]
async fn bad_member_input_is_a_bad_request() {
    let (app, org, s) = leader_session().await;
    let team = app.create_team(org, "App", TeamKind::Team, None);
    let kari = app
        .create_person(org, "kari@fjord.example", &[Role::Member], None)
        .to_string();
    let path = format!("/teams/{team}/members");
    let res = s.post_form(&path, &[("person_id", "")]).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let res = s
        .post_form(&path, &[("person_id", &kari), ("date", "31.12.2026")])
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let res = s.post_form(&path, &[("person_id", "999999")]).await;
    assert!(follow(&s, res).await.has(".flash-error"));
    assert!(app.members(org, team).is_empty());
}

#[tokio::test]
async fn ambassadors_are_assigned_and_removed() {
    let (app, org, s) = leader_session().await;
    let team = app.create_team(org, "App", TeamKind::Team, None);
    let ola = app.create_person_named(
        org,
        "Ola Nordmann",
        "ola@fjord.example",
        &[Role::Member],
        None,
    );
    assert!(!app.person(org, ola).has_role(Role::Ambassador));

    let res = s
        .post_form(
            &format!("/teams/{team}/ambassadors"),
            &[("person_id", &ola.to_string())],
        )
        .await;
    assert_redirect(&res, &format!("/teams/{team}"));
    assert_eq!(
        app.ambassadors(org, team),
        vec![(ola, "Ola Nordmann".to_owned())]
    );
    assert!(
        app.person(org, ola).has_role(Role::Ambassador),
        "the role comes with the job"
    );
    let shown = Page::of(&text_with_status(s.get(&format!("/teams/{team}")).await, 200).await);
    assert_eq!(
        shown.attr(
            &format!("#ambassadors li[data-person='{ola}'] form"),
            "action"
        ),
        format!("/teams/{team}/ambassadors/{ola}/remove")
    );

    // Twice is refused.
    let res = s
        .post_form(
            &format!("/teams/{team}/ambassadors"),
            &[("person_id", &ola.to_string())],
        )
        .await;
    assert!(follow(&s, res).await.has(".flash-error"));
    assert_eq!(app.ambassadors(org, team).len(), 1);

    let remove = format!("/teams/{team}/ambassadors/{ola}/remove");
    let res = s.post_form(&remove, &[]).await;
    assert_redirect(&res, &format!("/teams/{team}"));
    assert!(app.ambassadors(org, team).is_empty());
    let res = s.post_form(&remove, &[]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND, "removing again");
}

#[tokio::test]
async fn unknown_teams_are_not_found() {
    let (_app, _org, s) = leader_session().await;
    for path in ["/teams/999999", "/teams/999999/edit", "/teams/x"] {
        assert_eq!(s.get(path).await.status(), StatusCode::NOT_FOUND, "{path}");
    }
    let res = s
        .post_form(
            "/teams/999999",
            &[("name", "X"), ("kind", "team"), ("parent_id", "")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn team_names_are_unique_regardless_of_case() {
    let (app, org, s) = leader_session().await;
    create_team(&s, "Web", "team", None).await;
    create_team(&s, "Økonomi", "team", None).await;
    for name in ["web", "WEB", "Økonomi", "økonomi", "ØKONOMI"] {
        let res = s
            .post_form(
                "/teams",
                &[("name", name), ("kind", "team"), ("parent_id", "")],
            )
            .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{name}");
    }
    assert_eq!(app.teams(org).len(), 2);
}
