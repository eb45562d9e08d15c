//! Error responses (pages for people, JSON for the API), static files and response headers.

use hverdag::domain::people::Role;
use reqwest::StatusCode;
use reqwest::header::CONTENT_TYPE;

use crate::helpers::*;

fn content_type(res: &reqwest::Response) -> String {
    res.headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned()
}

#[tokio::test]
async fn unknown_pages_get_a_translated_404_page() {
    let app = TestApp::spawn().await;
    let s = app.session();
    let res = s.get("/no-such-page").await;
    assert!(content_type(&res).starts_with("text/html"));
    let html = text_with_status(res, 404).await;
    assert!(html.contains("lang="));
    assert_eq!(html_lang(&html).as_deref(), Some("en"));

    let res = s
        .get_with_header("/no-such-page", "accept-language", "nb")
        .await;
    let html = text_with_status(res, 404).await;
    assert_eq!(html_lang(&html).as_deref(), Some("nb"));
}

#[tokio::test]
async fn unknown_api_paths_get_a_json_404() {
    let app = TestApp::spawn().await;
    let s = app.session();
    let res = s.get("/api/v1/nope").await;
    assert!(content_type(&res).starts_with("application/json"));
    let body = json_with_status(res, 404).await;
    assert_eq!(body["error"]["code"], "not_found");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty())
    );

    // A known path with a method it does not take is still answered in JSON.
    let res = s
        .json_without_csrf(reqwest::Method::PUT, "/api/v1/me", None)
        .await;
    assert!(
        res.status() == StatusCode::NOT_FOUND || res.status() == StatusCode::METHOD_NOT_ALLOWED,
        "PUT /api/v1/me: {}",
        res.status()
    );
    assert!(content_type(&res).starts_with("application/json"));
}

#[tokio::test]
async fn pages_carry_security_headers_and_are_not_cached() {
    let app = TestApp::spawn().await;
    let res = app.session().get("/login").await;
    assert_eq!(res.status(), StatusCode::OK);
    let h = res.headers();
    let csp = h
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    assert!(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"));
    assert_eq!(
        h.get("x-frame-options").map(|v| v.as_bytes()),
        Some(&b"DENY"[..])
    );
    assert_eq!(
        h.get("x-content-type-options").map(|v| v.as_bytes()),
        Some(&b"nosniff"[..])
    );
    assert_eq!(
        h.get("referrer-policy").map(|v| v.as_bytes()),
        Some(&b"no-referrer"[..])
    );
    assert_eq!(
        h.get("cache-control").map(|v| v.as_bytes()),
        Some(&b"no-store"[..])
    );
}

#[tokio::test]
async fn health_and_static_files() {
    let app = TestApp::spawn().await;
    let s = app.session();
    let res = s.get("/health").await;
    assert_eq!(text_with_status(res, 200).await, "ok");

    let res = s.get("/static/css/app.css").await;
    assert!(content_type(&res).starts_with("text/css"));
    text_with_status(res, 200).await;

    for path in [
        "/static/nope.css",
        "/static/..%2FCargo.toml",
        "/static/%2e%2e%2fCargo.toml",
        "/static/%2e%2e/%2e%2e/Cargo.toml",
    ] {
        let res = s.get(path).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
    }
}

#[tokio::test]
async fn the_backend_follows_the_environment() {
    let app = TestApp::spawn().await;
    let want_postgres = std::env::var(POSTGRES_ENV).is_ok_and(|v| !v.trim().is_empty());
    assert_eq!(app.is_postgres(), want_postgres);
    let expected = if want_postgres {
        hverdag::db::Backend::Postgres
    } else {
        hverdag::db::Backend::Sqlite
    };
    assert_eq!(app.db.backend(), expected);
    assert_eq!(app.address, format!("http://127.0.0.1:{}", app.port));
}

#[tokio::test]
async fn a_server_error_gives_a_reference_to_quote_and_nothing_else() {
    let app = TestApp::spawn().await;
    let org = app.create_org("acme");
    let leader = app.create_person(org, "leader@acme.example", &[Role::Leader], Some(PASSWORD));
    let s = app.session();
    s.login("leader@acme.example", PASSWORD).await;
    let api = app.session_api(leader).await;
    // A table gone from under the running server: every query on it fails.
    app.write(|c| {
        use diesel::RunQueryDsl;
        diesel::sql_query("ALTER TABLE teams RENAME TO teams_gone").execute(c)?;
        Ok(())
    });
    let reference = |res: &reqwest::Response| {
        res.headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
            .expect("a server error names its request")
    };

    let res = s.get("/teams").await;
    let id = reference(&res);
    assert_eq!(id.len(), 36, "a UUID: {id}");
    let html = text_with_status(res, 500).await;
    assert!(html.contains(&id), "the page shows the reference");
    assert!(!html.contains("teams_gone") && !html.contains("no such table"));

    let res = api.get("/api/v1/teams").await;
    let id = reference(&res);
    let body = json_with_status(res, 500).await;
    assert_eq!(body["error"]["code"], "internal");
    assert_eq!(body["error"]["request_id"], id.as_str());
    assert!(!body.to_string().contains("teams_gone"));

    // Client errors carry no reference: there is nothing to look up.
    let res = s.get("/no-such-page").await;
    assert!(res.headers().get("x-request-id").is_none());
    let body = json_with_status(api.get("/api/v1/nope").await, 404).await;
    assert!(body["error"].get("request_id").is_none());
}

#[tokio::test]
async fn static_files_and_the_health_check_ask_nothing_of_the_sessions() {
    let app = TestApp::spawn().await;
    let org = app.create_org("acme");
    app.create_person(org, "kari@acme.example", &[Role::Member], Some(PASSWORD));
    let s = app.session();
    s.login("kari@acme.example", PASSWORD).await;
    let csrf_before = s.cookie("hverdag_csrf");
    // Signed in, with the sessions table gone from under the server: a page needs it...
    app.write(|c| {
        use diesel::RunQueryDsl;
        diesel::sql_query("ALTER TABLE sessions RENAME TO sessions_gone").execute(c)?;
        Ok(())
    });
    text_with_status(s.get("/org").await, 500).await;
    // ...static files and the health check do not, and leave the CSRF cookie alone.
    text_with_status(s.get("/static/css/app.css").await, 200).await;
    text_with_status(s.get("/health").await, 200).await;
    assert_eq!(s.cookie("hverdag_csrf"), csrf_before);
}
