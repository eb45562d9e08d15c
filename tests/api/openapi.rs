//! The OpenAPI document at `/api/v1/openapi.json`: it lists exactly the routes the `/api/v1`
//! scope in `src/web/routes.rs` has, every operation documents its error responses, and real
//! responses have the documented shape.

use std::collections::BTreeSet;

use hverdag::domain::people::Role;
use hverdag::domain::teams::TeamKind;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::*;

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// (method, path) of every route in the `/api/v1` scope, read from `src/web/routes.rs`, with
/// `{name}` segments as the document writes them.
fn routes_in_scope() -> BTreeSet<(String, String)> {
    let text = include_str!("../../src/web/routes.rs");
    let compact: String = text.split_whitespace().collect();
    let scope = compact
        .split_once("web::scope(\"/api/v1\")")
        .expect("routes.rs has the /api/v1 scope")
        .1;
    // The scope is a statement of its own: `cfg.service(web::scope("/api/v1")…);`.
    let scope = &scope[..scope.find(';').expect("the scope's statement ends")];
    assert!(
        !scope.contains(".service(") && !scope.contains("web::resource"),
        "the /api/v1 scope holds only .route(…) calls; teach this test about the others"
    );
    scope
        .split(".route(\"")
        .skip(1)
        .map(|chunk| {
            let (path, rest) = chunk.split_once('"').expect("a quoted path");
            let method = rest
                .strip_prefix(",web::")
                .and_then(|r| r.split_once('('))
                .expect("web::<method>()")
                .0;
            (method.to_owned(), format!("/api/v1{path}"))
        })
        .collect()
}

fn documented(doc: &Value) -> BTreeSet<(String, String)> {
    let paths = doc["paths"].as_object().expect("paths");
    paths
        .iter()
        .flat_map(|(path, item)| {
            METHODS
                .iter()
                .filter(|m| item.get(**m).is_some())
                .map(|m| ((*m).to_owned(), path.clone()))
        })
        .collect()
}

async fn document(app: &TestApp) -> Value {
    let res = reqwest::Client::new()
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .expect("request");
    json_with_status(res, 200).await
}

// ----- A small structural check of a value against a schema -------------------------------

/// The schema a `$ref` like `#/components/schemas/Person` names.
fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let pointer = r.strip_prefix('#').expect("a local $ref");
            resolve(
                doc,
                doc.pointer(pointer)
                    .unwrap_or_else(|| panic!("unresolved {r}")),
            )
        }
        None => schema,
    }
}

fn type_matches(name: &str, value: &Value) -> bool {
    match name {
        "null" => value.is_null(),
        "boolean" => value.is_boolean(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "string" => value.is_string(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        other => panic!("unknown type {other}"),
    }
}

/// Problems with `value` against `schema` (types, required properties, enums, items,
/// `allOf`/`oneOf`/`anyOf`), each with the path to it.
fn check(doc: &Value, schema: &Value, value: &Value, at: &str, problems: &mut Vec<String>) {
    let schema = resolve(doc, schema);
    for all in schema["allOf"].as_array().into_iter().flatten() {
        check(doc, all, value, at, problems);
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(options) = schema[key].as_array() {
            let fits = options.iter().any(|o| {
                let mut p = Vec::new();
                check(doc, o, value, at, &mut p);
                p.is_empty()
            });
            if !fits {
                problems.push(format!("{at}: fits none of {key}: {value}"));
            }
        }
    }
    let types: Vec<&str> = match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    if !types.is_empty() && !types.iter().any(|t| type_matches(t, value)) {
        problems.push(format!("{at}: {value} is not {types:?}"));
        return;
    }
    if let Some(allowed) = schema["enum"].as_array()
        && !allowed.contains(value)
    {
        problems.push(format!("{at}: {value} is not one of {allowed:?}"));
    }
    if let Some(object) = value.as_object() {
        for name in schema["required"].as_array().into_iter().flatten() {
            let name = name.as_str().expect("a property name");
            if !object.contains_key(name) {
                problems.push(format!("{at}: `{name}` is missing"));
            }
        }
        if let Some(properties) = schema["properties"].as_object() {
            for (name, property) in properties {
                if let Some(v) = object.get(name) {
                    check(doc, property, v, &format!("{at}.{name}"), problems);
                }
            }
        }
    }
    if let (Some(items), Some(values)) = (schema.get("items"), value.as_array()) {
        for (i, v) in values.iter().enumerate() {
            check(doc, items, v, &format!("{at}[{i}]"), problems);
        }
    }
}

/// Asserts that `body` has the shape the document gives `method path` for `status`.
#[track_caller]
fn assert_documented(doc: &Value, method: &str, path: &str, status: u16, body: &Value) {
    let response = &doc["paths"][path][method]["responses"][status.to_string()];
    assert!(
        response.is_object(),
        "{method} {path} does not document {status}"
    );
    let response = resolve(doc, response);
    let schema = &response["content"]["application/json"]["schema"];
    assert!(schema.is_object(), "{method} {path} {status} has no schema");
    let mut problems = Vec::new();
    check(doc, schema, body, "$", &mut problems);
    assert!(
        problems.is_empty(),
        "{method} {path} {status}: {problems:#?}\nbody: {body:#}"
    );
}

// ----- Tests ------------------------------------------------------------------------------

#[tokio::test]
async fn the_document_lists_exactly_the_routes_of_the_api_scope() {
    let app = TestApp::spawn().await;
    let doc = document(&app).await;
    assert!(
        doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")),
        "an OpenAPI 3 document"
    );

    let routes = routes_in_scope();
    assert!(routes.len() > 40, "found the routes: {routes:?}");
    let documented = documented(&doc);
    let undocumented: Vec<_> = routes.difference(&documented).collect();
    let unknown: Vec<_> = documented.difference(&routes).collect();
    assert!(
        undocumented.is_empty(),
        "routes missing from the document: {undocumented:?}"
    );
    assert!(unknown.is_empty(), "documented but not routed: {unknown:?}");
}

#[tokio::test]
async fn every_operation_documents_its_errors_and_the_bearer_scheme() {
    let app = TestApp::spawn().await;
    let doc = document(&app).await;
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"],
        json!({ "type": "http", "scheme": "bearer" })
    );
    assert_eq!(doc["security"], json!([{ "bearer": [] }]));
    for (method, path) in documented(&doc) {
        let op = &doc["paths"][&path][&method];
        let responses = op["responses"].as_object().expect("responses");
        assert!(
            responses.keys().any(|s| s.starts_with('2')),
            "{method} {path}: no success response"
        );
        if path == "/api/v1/openapi.json" {
            assert_eq!(op["security"], json!([{}]), "the document is public");
            continue;
        }
        for status in ["400", "401", "403", "404", "422"] {
            let schema = &responses
                .get(status)
                .unwrap_or_else(|| panic!("{method} {path}: {status} undocumented"))["content"]["application/json"]
                ["schema"];
            assert_eq!(
                schema["$ref"], "#/components/schemas/ApiError",
                "{method} {path} {status}"
            );
        }
        assert_eq!(
            responses.contains_key("413"),
            op.get("requestBody").is_some(),
            "{method} {path}: 413 exactly when there is a body"
        );
    }
}

#[tokio::test]
async fn real_responses_have_the_documented_shape() {
    let app = TestApp::spawn().await;
    let org = app.create_org("fjord");
    let leader = app.create_person_named(
        org,
        "Astrid Leder",
        "leader@fjord.example",
        &[Role::Leader],
        None,
    );
    let dept = app.create_team(org, "Drift", TeamKind::Department, None);
    let team = app.create_team(org, "Kundeservice", TeamKind::Team, Some(dept));
    app.add_member(org, team, leader);
    app.add_ambassador(org, team, leader);
    let (_, token) = app.create_api_token(org, leader, "docs");
    let api = app.bearer(&token);
    let doc = document(&app).await;

    for path in [
        "/api/v1/me",
        "/api/v1/people",
        "/api/v1/teams",
        "/api/v1/cases",
        "/api/v1/rollouts",
        "/api/v1/settings/follow-up",
        "/api/v1/adoption/teams",
        "/api/v1/adoption/recompute",
        "/api/v1/organisation-objectives",
    ] {
        let body = json_with_status(api.get(path).await, 200).await;
        assert_documented(&doc, "get", path, 200, &body);
    }
    let body = json_with_status(api.get(&format!("/api/v1/teams/{team}")).await, 200).await;
    assert!(!body["members"].as_array().expect("members").is_empty());
    assert_documented(&doc, "get", "/api/v1/teams/{id}", 200, &body);

    // A rollout (with its seeded checklist) and an objective with a key result.
    let rollout = json_with_status(
        api.post_json(
            "/api/v1/rollouts",
            &json!({
                "name": "Våren", "all_teams": true,
                "prep_start": "2027-01-04", "prep_end": "2027-02-26",
                "workshop_start": "2027-03-01", "workshop_end": "2027-03-05",
            }),
        )
        .await,
        201,
    )
    .await;
    assert!(!rollout["items"].as_array().expect("items").is_empty());
    assert_documented(&doc, "post", "/api/v1/rollouts", 201, &rollout);
    let okr = json_with_status(
        api.post_json(
            "/api/v1/objectives",
            &json!({ "team_id": team, "period": "2027-Q1", "title": "Fornøyde kunder" }),
        )
        .await,
        201,
    )
    .await;
    assert_documented(&doc, "post", "/api/v1/objectives", 201, &okr);
    let objective = okr["objective"]["id"].as_i64().expect("an id");
    let kr = json_with_status(
        api.post_json(
            &format!("/api/v1/objectives/{objective}/key-results"),
            &json!({ "title": "Svartid under 2 timer", "start": 8, "target": 2 }),
        )
        .await,
        201,
    )
    .await;
    assert_documented(
        &doc,
        "post",
        "/api/v1/objectives/{id}/key-results",
        201,
        &kr,
    );
    let body = json_with_status(
        api.get(&format!("/api/v1/okrs?team={team}&period=2027-Q1"))
            .await,
        200,
    )
    .await;
    assert_eq!(body[0]["key_results"][0]["title"], "Svartid under 2 timer");
    assert_documented(&doc, "get", "/api/v1/okrs", 200, &body);

    // Errors: not found, invalid (with fields), malformed JSON, no token.
    let body = json_with_status(api.get("/api/v1/people/999999").await, 404).await;
    assert_documented(&doc, "get", "/api/v1/people/{id}", 404, &body);
    let body = json_with_status(
        api.post_json("/api/v1/people", &json!({ "name": "", "email": "nope" }))
            .await,
        422,
    )
    .await;
    assert!(body["error"]["fields"].is_object());
    assert_documented(&doc, "post", "/api/v1/people", 422, &body);
    let res = api
        .client
        .post(app.url("/api/v1/teams"))
        .bearer_auth(&api.token)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .expect("request");
    let body = json_with_status(res, 400).await;
    assert_documented(&doc, "post", "/api/v1/teams", 400, &body);
    let res = reqwest::Client::new()
        .get(app.url("/api/v1/me"))
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let body: Value = res.json().await.expect("JSON");
    assert_documented(&doc, "get", "/api/v1/me", 401, &body);

    // The checker itself: a wrong shape is caught.
    let mut problems = Vec::new();
    let schema = &doc["paths"]["/api/v1/me"]["get"]["responses"]["200"]["content"]["application/json"]
        ["schema"];
    check(
        &doc,
        schema,
        &json!({ "id": "7", "roles": ["boss"] }),
        "$",
        &mut problems,
    );
    assert!(
        problems.iter().any(|p| p.contains("`email` is missing")),
        "{problems:?}"
    );
    assert!(problems.iter().any(|p| p.contains("$.id")), "{problems:?}");
    assert!(
        problems.iter().any(|p| p.contains("$.roles[0]")),
        "{problems:?}"
    );
}
