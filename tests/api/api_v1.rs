//! The JSON API: bearer tokens (created and revoked on the settings page), CSRF for browser
//! sessions, error bodies, and the people and team endpoints.

use diesel::prelude::*;
use hverdag::db::schema::api_tokens;
use hverdag::domain::ids::{ApiTokenId, OrgId, PersonId, TeamId};
use hverdag::domain::people::Role;
use hverdag::domain::teams::TeamKind;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::*;

const LEADER: &str = "leader@fjord.example";

async fn leader_session() -> (TestApp, OrgId, Session) {
    let app = TestApp::spawn().await;
    let org = app.create_org("fjord");
    app.create_person_named(org, "Astrid Leder", LEADER, &[Role::Leader], Some(PASSWORD));
    let s = app.session();
    s.login(LEADER, PASSWORD).await;
    (app, org, s)
}

/// The id in the first `/settings/api-tokens/<id>/revoke` form on a page.
fn revoke_id(html: &str) -> Option<ApiTokenId> {
    let prefix = "/settings/api-tokens/";
    html.match_indices(prefix).find_map(|(at, _)| {
        let rest = &html[at + prefix.len()..];
        let end = rest.find("/revoke")?;
        rest[..end].parse().ok()
    })
}

#[tokio::test]
async fn api_tokens_are_shown_once_work_without_csrf_and_can_be_revoked() {
    let (app, org, s) = leader_session().await;
    text_with_status(s.get("/settings/api-tokens").await, 200).await;
    let res = s
        .post_form("/settings/api-tokens", &[("name", "Payroll sync")])
        .await;
    let html = text_with_status(res, 201).await;
    let token = find_api_token(&html).expect("the new token is shown");
    assert!(token.starts_with("hvd_"));

    // Only its hash is stored, and the list does not show it again.
    let hashes: Vec<String> = app.read(|c| {
        Ok(api_tokens::table
            .select(api_tokens::token_hash)
            .load::<String>(c)?)
    });
    assert_eq!(hashes.len(), 1);
    assert!(!hashes[0].contains(&token[4..]));
    let list = text_with_status(s.get("/settings/api-tokens").await, 200).await;
    assert!(!list.contains(&token), "the secret is shown only once");
    assert!(list.contains("Payroll sync"));

    let api = app.bearer(&token);
    let me = json_with_status(api.get("/api/v1/me").await, 200).await;
    assert_eq!(me["email"], LEADER);
    assert_eq!(me["roles"], json!(["leader"]));

    // Writes with a token need no CSRF header.
    let res = api
        .post_json(
            "/api/v1/people",
            &json!({"name": "Kari Nordmann", "email": "kari@fjord.example", "roles": ["member"]}),
        )
        .await;
    let created = json_with_status(res, 201).await;
    assert_eq!(created["email"], "kari@fjord.example");
    let id = created["id"].as_i64().expect("an id") as i32;
    assert_eq!(app.person(org, PersonId(id)).row.name, "Kari Nordmann");

    // Revoking it from the settings page stops it.
    let token_id = revoke_id(&list).expect("a revoke form");
    assert_eq!(token_id, app.api_token_id(org, "Payroll sync"));
    let res = s
        .post_form(&format!("/settings/api-tokens/{token_id}/revoke"), &[])
        .await;
    assert_redirect(&res, "/settings/api-tokens");
    let body = json_with_status(api.get("/api/v1/me").await, 401).await;
    assert_eq!(body["error"]["code"], "unauthorized");
    let res = api
        .post_json(
            "/api/v1/people",
            &json!({"name": "Late", "email": "late@fjord.example"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert!(app.person_by_email("late@fjord.example").is_none());

    // Revoking twice finds nothing to revoke.
    let res = s
        .post_form(&format!("/settings/api-tokens/{token_id}/revoke"), &[])
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_token_needs_a_name() {
    let (app, org, s) = leader_session().await;
    let res = s
        .post_form("/settings/api-tokens", &[("name", "   ")])
        .await;
    let html = text_with_status(res, 422).await;
    assert!(find_api_token(&html).is_none());
    assert!(
        app.read(|c| hverdag::domain::api_tokens::list(c, org))
            .is_empty()
    );
}

#[tokio::test]
async fn bearer_tokens_do_not_open_pages_and_bad_tokens_are_refused() {
    let (app, org, _s) = leader_session().await;
    let leader = app.person_by_email(LEADER).expect("leader").id;
    let (_, token) = app.create_api_token(org, leader, "ci");
    let api = app.bearer(&token);
    // Tokens are for the API only.
    let res = api.get("/people").await;
    assert_redirect(&res, "/login?next=/people");

    for bad in ["hvd_not-a-real-token", &format!("{token}x")] {
        let res = app.bearer(bad).get("/api/v1/me").await;
        let body = json_with_status(res, 401).await;
        assert_eq!(body["error"]["code"], "unauthorized");
    }
}

#[tokio::test]
async fn a_deactivated_persons_token_stops_working() {
    let (app, org, s) = leader_session().await;
    let other = app.create_person(org, "other.leader@fjord.example", &[Role::Leader], None);
    let (_, token) = app.create_api_token(org, other, "theirs");
    json_with_status(app.bearer(&token).get("/api/v1/me").await, 200).await;
    let res = s
        .post_form(&format!("/people/{other}/deactivate"), &[])
        .await;
    assert_redirect(&res, &format!("/people/{other}"));
    assert_eq!(
        app.bearer(&token).get("/api/v1/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn session_writes_need_the_csrf_header() {
    let (app, _org, s) = leader_session().await;
    let person = json!({"name": "Kari", "email": "kari@fjord.example"});
    // Reads need no header.
    json_with_status(s.get("/api/v1/people").await, 200).await;

    let res = s
        .json_without_csrf(Method::POST, "/api/v1/people", Some(&person))
        .await;
    let body = json_with_status(res, 403).await;
    assert_eq!(body["error"]["code"], "csrf");

    let res = s
        .client
        .post(s.url("/api/v1/people"))
        .header(
            "X-CSRF-Token",
            "0123456789abcdef0123456789abcdef0123456789a",
        )
        .json(&person)
        .send()
        .await
        .expect("POST");
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(app.person_by_email("kari@fjord.example").is_none());

    let res = s.post_json("/api/v1/people", &person).await;
    let created = json_with_status(res, 201).await;
    assert_eq!(created["name"], "Kari");
    assert_eq!(created["roles"], json!(["member"]), "member by default");
    assert!(
        created.get("org_id").is_none(),
        "internal fields stay internal"
    );
}

#[tokio::test]
async fn malformed_json_is_a_400_with_a_code() {
    let (app, org, s) = leader_session().await;
    let leader = app.person_by_email(LEADER).expect("leader").id;
    let (_, token) = app.create_api_token(org, leader, "ci");
    let api = app.bearer(&token);
    for body in [
        "{not json",
        "{\"name\": 5, \"email\": \"x@y.example\"}",
        "[]",
    ] {
        let res = api
            .client
            .post(app.url("/api/v1/people"))
            .bearer_auth(&token)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .expect("POST");
        let json = json_with_status(res, 400).await;
        assert_eq!(json["error"]["code"], "bad_request", "{body}");
        assert!(
            json["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty())
        );
    }
    // The same through a browser session with the CSRF header.
    let csrf = s.csrf().await;
    let res = s
        .client
        .post(s.url("/api/v1/teams"))
        .header("X-CSRF-Token", csrf)
        .header("content-type", "application/json")
        .body("{")
        .send()
        .await
        .expect("POST");
    let json = json_with_status(res, 400).await;
    assert_eq!(json["error"]["code"], "bad_request");
}

#[tokio::test]
async fn validation_errors_name_the_fields() {
    let (app, org, s) = leader_session().await;
    let res = s
        .post_json(
            "/api/v1/people",
            &json!({"name": "", "email": "not-an-email"}),
        )
        .await;
    let body = json_with_status(res, 422).await;
    assert_eq!(body["error"]["code"], "invalid");
    assert!(
        body["error"]["fields"]["email"]
            .as_str()
            .is_some_and(|m| !m.is_empty())
    );
    assert!(body["error"]["fields"]["name"].is_string());

    let res = s
        .post_json(
            "/api/v1/people",
            &json!({"name": "Copy", "email": LEADER.to_uppercase()}),
        )
        .await;
    let body = json_with_status(res, 422).await;
    assert!(
        body["error"]["fields"]["email"].is_string(),
        "taken: {body}"
    );
    assert_eq!(app.people_count(org), 1);
}

#[tokio::test]
async fn people_are_read_and_patched() {
    let (app, org, s) = leader_session().await;
    let kari = app.create_person_named(org, "Kari", "kari@fjord.example", &[Role::Member], None);
    let me = app.person_by_email(LEADER).expect("leader").id;

    let got = json_with_status(s.get(&format!("/api/v1/people/{kari}")).await, 200).await;
    assert_eq!(got["name"], "Kari");
    assert_eq!(got["active"], true);

    let res = s
        .json(
            Method::PATCH,
            &format!("/api/v1/people/{kari}"),
            Some(&json!({"name": "Kari Nordmann", "roles": ["facilitator"], "locale": "nb"})),
        )
        .await;
    let patched = json_with_status(res, 200).await;
    assert_eq!(patched["name"], "Kari Nordmann");
    assert_eq!(
        patched["email"], "kari@fjord.example",
        "unchanged fields stay"
    );
    assert_eq!(patched["roles"], json!(["facilitator"]));
    assert_eq!(patched["locale"], "nb");

    let res = s
        .json(
            Method::PATCH,
            &format!("/api/v1/people/{kari}"),
            Some(&json!({"active": false})),
        )
        .await;
    let patched = json_with_status(res, 200).await;
    assert_eq!(patched["active"], false);
    assert!(!app.person(org, kari).row.active);

    // A leader cannot lock themselves out: the field at fault is named.
    for (patch, field) in [
        (json!({"active": false}), "active"),
        (json!({"roles": ["member"]}), "roles"),
    ] {
        let res = s
            .json(Method::PATCH, &format!("/api/v1/people/{me}"), Some(&patch))
            .await;
        let body = json_with_status(res, 422).await;
        assert!(
            body["error"]["fields"][field].is_string(),
            "{patch}: {body}"
        );
    }
    assert!(app.person(org, me).has_role(Role::Leader));
    assert!(app.person(org, me).row.active);

    let res = s.get("/api/v1/people/999999").await;
    let body = json_with_status(res, 404).await;
    assert_eq!(body["error"]["code"], "not_found");
}

#[tokio::test]
async fn teams_members_and_ambassadors_through_the_api() {
    let (app, org, s) = leader_session().await;
    let kari = app.create_person_named(org, "Kari", "kari@fjord.example", &[Role::Member], None);

    let dept = json_with_status(
        s.post_json(
            "/api/v1/teams",
            &json!({"name": "Produkt", "kind": "department", "parent_id": null}),
        )
        .await,
        201,
    )
    .await;
    let dept_id = dept["id"].as_i64().expect("id");
    let team = json_with_status(
        s.post_json(
            "/api/v1/teams",
            &json!({"name": "App", "kind": "team", "parent_id": dept_id}),
        )
        .await,
        201,
    )
    .await;
    let team_id = team["id"].as_i64().expect("id");
    assert_eq!(team["parent_id"], dept_id);

    // A cycle is refused with the field named.
    let sub = app.create_team(
        org,
        "Sub",
        TeamKind::Department,
        Some(TeamId(dept_id as i32)),
    );
    let res = s
        .json(
            Method::PATCH,
            &format!("/api/v1/teams/{dept_id}"),
            Some(&json!({"parent_id": sub})),
        )
        .await;
    let body = json_with_status(res, 422).await;
    assert!(body["error"]["fields"]["parent_id"].is_string());

    // Move to the top level with an explicit null; a missing field leaves it alone.
    let res = s
        .json(
            Method::PATCH,
            &format!("/api/v1/teams/{team_id}"),
            Some(&json!({"name": "App 2"})),
        )
        .await;
    assert_eq!(json_with_status(res, 200).await["parent_id"], dept_id);
    let res = s
        .json(
            Method::PATCH,
            &format!("/api/v1/teams/{team_id}"),
            Some(&json!({"parent_id": null})),
        )
        .await;
    assert_eq!(json_with_status(res, 200).await["parent_id"], Value::Null);

    let res = s
        .post_json(
            &format!("/api/v1/teams/{team_id}/members"),
            &json!({"person_id": kari, "date": "2026-02-01"}),
        )
        .await;
    let members = json_with_status(res, 201).await;
    assert_eq!(members[0]["person_id"], kari.0);
    assert_eq!(members[0]["joined_on"], "2026-02-01");
    let membership = members[0]["membership_id"].as_i64().expect("membership id");

    let res = s
        .post_json(
            &format!("/api/v1/teams/{team_id}/members/{membership}/end"),
            &json!({"date": "2026-03-01"}),
        )
        .await;
    let members = json_with_status(res, 200).await;
    assert_eq!(members[0]["left_on"], "2026-03-01");

    let res = s
        .post_json(
            &format!("/api/v1/teams/{team_id}/ambassadors"),
            &json!({"person_id": kari}),
        )
        .await;
    json_with_status(res, 201).await;
    let detail = json_with_status(s.get(&format!("/api/v1/teams/{team_id}")).await, 200).await;
    assert_eq!(detail["ambassadors"][0]["person_id"], kari.0);
    assert_eq!(detail["members"].as_array().map(Vec::len), Some(1));
    let person = json_with_status(s.get(&format!("/api/v1/people/{kari}")).await, 200).await;
    assert!(
        person["roles"]
            .as_array()
            .expect("roles")
            .contains(&json!("ambassador"))
    );

    let path = format!("/api/v1/teams/{team_id}/ambassadors/{kari}");
    let res = s.json(Method::DELETE, &path, None).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = s.json(Method::DELETE, &path, None).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(app.ambassadors(org, TeamId(team_id as i32)).is_empty());
}
