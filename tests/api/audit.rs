//! The audit log end to end: changes made in the pages and through the API appear on the
//! leaders' page, in its CSV and under `/api/v1/audit`, with who, how and from where; the
//! filters refuse nonsense with a message; members and other organisations see nothing.

use hverdag::domain::people::Role;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::*;
use crate::page::Page;

#[tokio::test]
async fn a_leader_sees_who_changed_what_on_the_page_in_the_csv_and_in_the_api() {
    let app = TestApp::spawn().await;
    let org = app.create_org("acme");
    let leader = app.create_person(org, "lea@acme.example", &[Role::Leader], Some(PASSWORD));
    let ola = app.create_person(org, "ola@acme.example", &[Role::Member], Some(PASSWORD));
    let s = app.session();
    s.login("lea@acme.example", PASSWORD).await;

    // A page form: deactivating Ola.
    let res = s.post_form(&format!("/people/{ola}/deactivate"), &[]).await;
    assert_redirect(&res, &format!("/people/{ola}"));
    // The API, with a token: renaming a team it creates.
    let (_, secret) = app.create_api_token(org, leader, "Nightly sync");
    let api = app.bearer(&secret);
    let res = api
        .post_json("/api/v1/teams", &json!({"name": "Data", "kind": "team"}))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let team: Value = res.json().await.unwrap();
    let path = format!("/api/v1/teams/{}", team["id"]);
    let res = api
        .send(Method::PATCH, &path, Some(&json!({"name": "Data & AI"})))
        .await;
    assert_eq!(res.status(), StatusCode::OK);

    let res = s.get("/settings/audit").await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = Page::of(&res.text().await.unwrap());
    assert_eq!(page.count("tr.audit-entry"), 3);
    let rows = page.select("tr.audit-entry");
    assert!(
        rows[0].contains("Data & AI") && rows[0].contains("Nightly sync"),
        "{rows:?}"
    );
    assert!(rows[0].contains("name: Data → Data & AI"), "{rows:?}");
    assert!(
        rows[2].contains("deactivated") && rows[2].contains("ola"),
        "{rows:?}"
    );
    assert!(
        page.text_of("tr.audit-entry:last-child .audit-who")
            .contains("127.0.0.1")
    );

    let filtered = s.get("/settings/audit?entity=person&from=&to=").await;
    let filtered = Page::of(&filtered.text().await.unwrap());
    assert_eq!(filtered.count("tr.audit-entry"), 1);
    assert_eq!(
        filtered.attr("#audit-export", "href"),
        "/settings/audit.csv?entity=person"
    );

    let res = s.get("/settings/audit?from=last+week").await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(res.text().await.unwrap().contains("YYYY-MM-DD"));

    let res = s.get("/settings/audit.csv?entity=team").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = res.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 3, "a header and two entries: {csv}");
    assert!(lines[0].starts_with("at_utc,who,api_token,address,entity"));
    assert!(lines[1].contains("Nightly sync") && lines[1].contains("name: Data → Data & AI"));

    let res = api.get("/api/v1/audit?entity=team").await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["total"], 2);
    let newest = &body["items"][0];
    assert_eq!(newest["action"], "updated");
    assert_eq!(newest["api_token_name"], "Nightly sync");
    assert_eq!(newest["changes"][0]["field"], "name");
    assert_eq!(newest["changes"][0]["after"], "Data & AI");
    let res = api.get("/api/v1/audit?entity=nothing").await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let text = res.text().await.unwrap();
    assert!(!text.contains(&secret), "never the secret");

    let everything = api.get("/api/v1/audit").await.text().await.unwrap();
    assert!(!everything.contains(&secret) && !everything.contains(PASSWORD));
}

#[tokio::test]
async fn members_and_other_organisations_see_none_of_it() {
    let app = TestApp::spawn().await;
    let org = app.create_org("acme");
    app.create_person(org, "lea@acme.example", &[Role::Leader], Some(PASSWORD));
    app.create_person(org, "kari@acme.example", &[Role::Member], Some(PASSWORD));
    let other = app.create_org("other");
    app.create_person(other, "boss@other.example", &[Role::Leader], Some(PASSWORD));

    let lea = app.session();
    lea.login("lea@acme.example", PASSWORD).await;
    let res = lea
        .post_form("/teams", &[("name", "Secret project"), ("kind", "team")])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);

    let kari = app.session();
    kari.login("kari@acme.example", PASSWORD).await;
    assert_eq!(
        kari.get("/settings/audit").await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        kari.get("/settings/audit.csv").await.status(),
        StatusCode::FORBIDDEN
    );

    let boss = app.session();
    boss.login("boss@other.example", PASSWORD).await;
    let res = boss.get("/settings/audit").await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = Page::of(&res.text().await.unwrap());
    assert_eq!(page.count("tr.audit-entry"), 0);
    assert!(page.main_text().contains("Nothing has been logged yet"));
    let csv = boss.get("/settings/audit.csv").await.text().await.unwrap();
    assert!(!csv.contains("Secret project"));
}

/// The trigger that keeps the log append-only, on the backend under test (PostgreSQL in CI's
/// second run; the use-case tests cover SQLite).
#[tokio::test]
async fn the_database_refuses_to_change_or_remove_an_entry() {
    use diesel::prelude::*;
    use hverdag::db::schema::audit_log;
    let app = TestApp::spawn().await;
    let org = app.create_org("acme");
    app.create_person(org, "lea@acme.example", &[Role::Leader], Some(PASSWORD));
    let lea = app.session();
    lea.login("lea@acme.example", PASSWORD).await;
    let res = lea
        .post_form("/teams", &[("name", "Data"), ("kind", "team")])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let mut c = app.db.conn().expect("a test connection");
    let changed = diesel::update(audit_log::table)
        .set(audit_log::label.eq("Nothing happened"))
        .execute(&mut c);
    assert!(changed.is_err(), "an update went through");
    let removed = diesel::delete(audit_log::table).execute(&mut c);
    assert!(removed.is_err(), "a delete went through");
    drop(c);
    let page = Page::of(&lea.get("/settings/audit").await.text().await.unwrap());
    assert_eq!(page.text_of("tr.audit-entry .audit-what strong"), "Data");
}
