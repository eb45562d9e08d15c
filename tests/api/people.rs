//! People pages: create, validate, edit, deactivate, list with pages and search.

use hverdag::domain::ids::{OrgId, PersonId};
use hverdag::domain::people::Role;
use reqwest::StatusCode;

use crate::helpers::*;
use crate::page::Page;

const LEADER: &str = "leader@fjord.example";

/// An app with one organisation and a signed-in leader.
async fn leader_session() -> (TestApp, OrgId, Session) {
    let app = TestApp::spawn().await;
    let org = app.create_org("fjord");
    app.create_person_named(org, "Astrid Leder", LEADER, &[Role::Leader], Some(PASSWORD));
    let s = app.session();
    s.login(LEADER, PASSWORD).await;
    (app, org, s)
}

#[tokio::test]
async fn leader_creates_a_person_who_shows_in_the_list() {
    let (app, org, s) = leader_session().await;
    text_with_status(s.get("/people/new").await, 200).await;
    let res = s
        .post_form(
            "/people",
            &[
                ("name", "Kari Nordmann"),
                ("email", " Kari@Fjord.example "),
                ("locale", "nb"),
                ("roles", "member"),
                ("roles", "facilitator"),
                ("password", ""),
            ],
        )
        .await;
    let id = id_from_location(&res, "/people/");

    let person = app.person(org, PersonId(id));
    assert_eq!(person.row.name, "Kari Nordmann");
    assert_eq!(
        person.row.email, "kari@fjord.example",
        "emails are trimmed and lower-cased"
    );
    assert_eq!(person.row.locale, "nb");
    assert_eq!(person.roles, vec![Role::Facilitator, Role::Member]);

    let list = Page::of(&text_with_status(s.get("/people").await, 200).await);
    assert_eq!(
        list.text_of(&format!("tr[data-person='{id}'] .person-name")),
        "Kari Nordmann"
    );
    assert_eq!(
        list.attr(&format!("tr[data-person='{id}'] .person-name a"), "href"),
        format!("/people/{id}")
    );
    let shown = Page::of(&text_with_status(s.get(&format!("/people/{id}")).await, 200).await);
    assert_eq!(shown.text_of("#person-email"), "kari@fjord.example");
}

#[tokio::test]
async fn a_person_a_leader_adds_gets_no_password_anyone_knows() {
    // Leaders set no passwords (the account may open other organisations): a password sent
    // with the form, as an old form would, is not used.
    let (app, _, s) = leader_session().await;
    let res = s
        .post_form(
            "/people",
            &[
                ("name", "Ola"),
                ("email", "ola@fjord.example"),
                ("roles", "member"),
                ("password", "a long enough password"),
            ],
        )
        .await;
    id_from_location::<PersonId>(&res, "/people/");
    let res = app
        .session()
        .try_login("ola@fjord.example", "a long enough password")
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let form = Page::of(&text_with_status(s.get("/people/new").await, 200).await);
    assert!(!form.has("input[name=password]"));
}

#[tokio::test]
async fn invalid_email_is_refused_and_the_form_keeps_what_was_typed() {
    let (app, org, s) = leader_session().await;
    let res = s
        .post_form(
            "/people",
            &[
                ("name", "Kari Nordmann"),
                ("email", "kari-at-fjord"),
                ("roles", "member"),
            ],
        )
        .await;
    let form = Page::of(&text_with_status(res, 422).await);
    assert_eq!(form.value_of("#name"), "Kari Nordmann", "the name is kept");
    assert_eq!(
        form.value_of("#email"),
        "kari-at-fjord",
        "the email is kept"
    );
    assert_eq!(
        form.attr("#email", "aria-invalid"),
        "true",
        "the field is marked"
    );
    assert!(form.has("#email-error"), "the error is shown");
    assert_eq!(app.people_count(org), 1);

    let res = s
        .post_form(
            "/people",
            &[("name", "   "), ("email", "blank@fjord.example")],
        )
        .await;
    text_with_status(res, 422).await;
    assert!(app.person_by_email("blank@fjord.example").is_none());
}

#[tokio::test]
async fn duplicate_email_is_refused_whatever_its_case() {
    let (app, org, s) = leader_session().await;
    app.create_person(org, "kari@fjord.example", &[Role::Member], None);
    let res = s
        .post_form(
            "/people",
            &[
                ("name", "Kari Again"),
                ("email", "KARI@fjord.example"),
                ("roles", "member"),
            ],
        )
        .await;
    let form = Page::of(&text_with_status(res, 422).await);
    assert_eq!(form.value_of("#name"), "Kari Again");
    assert!(form.has("#email-error"), "the error is shown");
    assert_eq!(app.people_count(org), 2);

    // The page still works afterwards (on PostgreSQL a failed statement must not leave a
    // broken transaction behind in the pool).
    let res = s
        .post_form(
            "/people",
            &[
                ("name", "Kari Two"),
                ("email", "kari2@fjord.example"),
                ("roles", "member"),
            ],
        )
        .await;
    id_from_location::<PersonId>(&res, "/people/");
}

#[tokio::test]
async fn leader_edits_a_person() {
    let (app, org, s) = leader_session().await;
    let id = app.create_person(org, "ola@fjord.example", &[Role::Member], None);
    let form = Page::of(&text_with_status(s.get(&format!("/people/{id}/edit")).await, 200).await);
    assert_eq!(form.value_of("#email"), "ola@fjord.example");

    let res = s
        .post_form(
            &format!("/people/{id}"),
            &[
                ("name", "Ola Nordmann"),
                ("email", "ola.nordmann@fjord.example"),
                ("locale", "nb"),
                ("roles", "ambassador"),
                ("roles", "member"),
            ],
        )
        .await;
    assert_redirect(&res, &format!("/people/{id}"));
    let person = app.person(org, id);
    assert_eq!(person.row.name, "Ola Nordmann");
    assert_eq!(person.row.email, "ola.nordmann@fjord.example");
    assert_eq!(person.row.locale, "nb");
    assert_eq!(person.roles, vec![Role::Ambassador, Role::Member]);

    // Taking someone else's email is a field error.
    let res = s
        .post_form(
            &format!("/people/{id}"),
            &[("name", "Ola"), ("email", LEADER), ("roles", "member")],
        )
        .await;
    text_with_status(res, 422).await;
    assert_eq!(app.person(org, id).row.email, "ola.nordmann@fjord.example");
}

#[tokio::test]
async fn a_leader_cannot_drop_their_own_leader_role() {
    let (app, org, s) = leader_session().await;
    let me = app.person_by_email(LEADER).expect("the leader").id;
    let res = s
        .post_form(
            &format!("/people/{me}"),
            &[
                ("name", "Astrid Leder"),
                ("email", LEADER),
                ("roles", "member"),
            ],
        )
        .await;
    text_with_status(res, 422).await;
    assert!(app.person(org, me).has_role(Role::Leader));
}

#[tokio::test]
async fn deactivated_people_cannot_log_in_and_lose_their_sessions() {
    let (app, org, s) = leader_session().await;
    let ola = app.create_person(org, "ola@fjord.example", &[Role::Member], Some(PASSWORD));
    let ola_session = app.session();
    ola_session.login("ola@fjord.example", PASSWORD).await;

    text_with_status(s.get(&format!("/people/{ola}/deactivate")).await, 200).await;
    let res = s.post_form(&format!("/people/{ola}/deactivate"), &[]).await;
    assert_redirect(&res, &format!("/people/{ola}"));
    assert!(!app.person(org, ola).row.active);

    assert!(
        !ola_session.is_logged_in().await,
        "the running session ended"
    );
    let res = app.session().try_login("ola@fjord.example", PASSWORD).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);

    // Hidden from the list unless asked for.
    let list = json_with_status(s.get("/api/v1/people").await, 200).await;
    assert_eq!(list["total"], 1);
    let list = json_with_status(s.get("/api/v1/people?include_inactive=true").await, 200).await;
    assert_eq!(list["total"], 2);
    let list = Page::of(&text_with_status(s.get("/people?include_inactive=true").await, 200).await);
    assert_eq!(
        list.text_of(&format!(
            "tr.person.inactive[data-person='{ola}'] .person-email"
        )),
        "ola@fjord.example"
    );

    // Activating again lets them back in.
    let res = s.post_form(&format!("/people/{ola}/activate"), &[]).await;
    assert_redirect(&res, &format!("/people/{ola}"));
    app.session().login("ola@fjord.example", PASSWORD).await;
}

#[tokio::test]
async fn a_leaders_edit_never_changes_a_persons_password_or_sessions() {
    let (app, org, s) = leader_session().await;
    let ola = app.create_person(org, "ola@fjord.example", &[Role::Member], Some(PASSWORD));
    let ola_session = app.session();
    ola_session.login("ola@fjord.example", PASSWORD).await;
    let res = s
        .post_form(
            &format!("/people/{ola}"),
            &[
                ("name", "Ola"),
                ("email", "ola@fjord.example"),
                ("roles", "member"),
                ("password", "a brand new password"),
            ],
        )
        .await;
    assert_redirect(&res, &format!("/people/{ola}"));
    assert!(ola_session.is_logged_in().await);
    app.session().login("ola@fjord.example", PASSWORD).await;
}

#[tokio::test]
async fn a_leader_cannot_deactivate_themselves() {
    let (app, org, s) = leader_session().await;
    let me = app.person_by_email(LEADER).expect("the leader").id;
    let res = s.post_form(&format!("/people/{me}/deactivate"), &[]).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(app.person(org, me).row.active);
    assert!(s.is_logged_in().await);
}

#[tokio::test]
async fn people_come_fifty_to_a_page() {
    let (app, org, s) = leader_session().await;
    let people: Vec<(String, String)> = (1..=60)
        .map(|i| {
            (
                format!("Person {i:02}"),
                format!("person{i:02}@fjord.example"),
            )
        })
        .collect();
    app.create_people(org, &people);

    let first = json_with_status(s.get("/api/v1/people").await, 200).await;
    assert_eq!(first["total"], 61);
    assert_eq!(first["page"], 1);
    assert_eq!(first["per_page"], 50);
    let items = first["items"].as_array().expect("items");
    assert_eq!(items.len(), 50);
    assert_eq!(items[0]["name"], "Astrid Leder", "sorted by name");
    assert_eq!(items[1]["name"], "Person 01");

    let second = json_with_status(s.get("/api/v1/people?page=2").await, 200).await;
    let names: Vec<&str> = second["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    let expected: Vec<String> = (50..=60).map(|i| format!("Person {i:02}")).collect();
    assert_eq!(names, expected);

    let third = json_with_status(s.get("/api/v1/people?page=3").await, 200).await;
    assert_eq!(third["items"].as_array().map(Vec::len), Some(0));
    assert_eq!(third["total"], 61);
    let zero = json_with_status(s.get("/api/v1/people?page=0").await, 200).await;
    assert_eq!(zero["page"], 1);

    // The page shows the same split.
    let emails = |html: &str| Page::of(html).select("tr.person .person-email");
    let second = emails(&text_with_status(s.get("/people?page=2").await, 200).await);
    assert!(second.contains(&"person60@fjord.example".to_owned()));
    assert!(!second.contains(&"person49@fjord.example".to_owned()));
    let first = emails(&text_with_status(s.get("/people").await, 200).await);
    assert!(first.contains(&"person49@fjord.example".to_owned()));
    assert!(!first.contains(&"person50@fjord.example".to_owned()));

    // The pager's links keep the filters.
    let page = Page::of(
        &text_with_status(
            s.get("/people?q=Person%20&role=member&include_inactive=true")
                .await,
            200,
        )
        .await,
    );
    assert_eq!(page.text_of("nav.pager span"), "Page 1 of 2");
    let next = page.attr("nav.pager a[rel=next]", "href");
    assert_eq!(
        next,
        "/people?q=Person%20&role=member&include_inactive=true&page=2"
    );
    let page = Page::of(&text_with_status(s.get(&next).await, 200).await);
    assert_eq!(
        page.attr("nav.pager a[rel=prev]", "href"),
        "/people?q=Person%20&role=member&include_inactive=true&page=1"
    );
    assert!(!page.has("nav.pager a[rel=next]"));
}

#[tokio::test]
async fn an_absurd_page_number_is_not_a_server_error() {
    let (_app, _org, s) = leader_session().await;
    for page in [
        "9223372036854775807",
        "-9223372036854775808",
        "184467440737095516",
    ] {
        let res = s.get(&format!("/api/v1/people?page={page}")).await;
        assert!(
            res.status() == StatusCode::OK || res.status() == StatusCode::BAD_REQUEST,
            "page={page} gave {}",
            res.status()
        );
        if res.status() == StatusCode::OK {
            let body = json_with_status(res, 200).await;
            assert!(
                body["items"].as_array().is_some_and(|i| i.len() <= 1),
                "page={page}"
            );
        }
    }
}

#[tokio::test]
async fn search_filters_by_name_or_email_ignoring_case() {
    let (app, org, s) = leader_session().await;
    app.create_people(
        org,
        &[
            ("Zebra Zahl".to_owned(), "zz@fjord.example".to_owned()),
            ("Ola Nordmann".to_owned(), "ola@zoo.example".to_owned()),
            ("Kari Hansen".to_owned(), "kari@fjord.example".to_owned()),
        ],
    );
    let found = json_with_status(s.get("/api/v1/people?q=ZEBRA").await, 200).await;
    assert_eq!(found["total"], 1);
    assert_eq!(found["items"][0]["name"], "Zebra Zahl");

    let found = json_with_status(s.get("/api/v1/people?q=zoo.example").await, 200).await;
    assert_eq!(found["total"], 1);
    assert_eq!(found["items"][0]["email"], "ola@zoo.example");

    let found = json_with_status(s.get("/api/v1/people?q=o_a").await, 200).await;
    assert_eq!(found["total"], 0, "an underscore is not a wildcard");

    let found = json_with_status(s.get("/api/v1/people?role=leader").await, 200).await;
    assert_eq!(found["total"], 1);

    let names = |html: &str| Page::of(html).select("tr.person .person-name");
    let found = names(&text_with_status(s.get("/people?q=hansen").await, 200).await);
    assert_eq!(found, ["Kari Hansen"]);

    // What the filter form sends when nothing is chosen.
    let found = names(&text_with_status(s.get("/people?q=&role=").await, 200).await);
    assert!(found.contains(&"Zebra Zahl".to_owned()) && found.contains(&"Kari Hansen".to_owned()));
}

#[tokio::test]
async fn names_are_escaped_in_flash_messages() {
    let (_app, _org, s) = leader_session().await;
    let res = s
        .post_form(
            "/people",
            &[
                ("name", "<img src=x onerror=alert(1)>"),
                ("email", "img@fjord.example"),
                ("roles", "member"),
            ],
        )
        .await;
    let to = location(&res);
    let html = text_with_status(s.get(&to).await, 200).await;
    assert!(Page::of(&html).has(".flash-success"), "the flash is shown");
    assert!(!html.contains("<img src=x"), "the flash is escaped");
}

#[tokio::test]
async fn names_are_escaped_on_pages() {
    let (app, org, s) = leader_session().await;
    let id = app.create_person_named(
        org,
        "<script>alert(1)</script>",
        "xss@fjord.example",
        &[Role::Member],
        None,
    );
    for path in [
        "/people".to_owned(),
        format!("/people/{id}"),
        format!("/people/{id}/edit"),
    ] {
        let html = text_with_status(s.get(&path).await, 200).await;
        assert!(
            !html.contains("<script>alert(1)</script>"),
            "{path} is not escaped"
        );
        assert!(
            html.contains("&lt;script&gt;"),
            "{path} shows the name escaped"
        );
    }
}

#[tokio::test]
async fn unknown_or_malformed_person_ids_are_not_found() {
    let (_app, _org, s) = leader_session().await;
    for path in ["/people/999999", "/people/abc", "/people/999999/edit"] {
        assert_eq!(s.get(path).await.status(), StatusCode::NOT_FOUND, "{path}");
    }
}

#[tokio::test]
async fn search_handles_norwegian_letters() {
    let (app, org, s) = leader_session().await;
    app.create_people(
        org,
        &[
            ("Åse Ødegård".to_owned(), "aase@fjord.example".to_owned()),
            ("Ola Nordmann".to_owned(), "ola@fjord.example".to_owned()),
        ],
    );
    for q in ["Ødegård", "ødegård", "ÅSE", "åse"] {
        let found = json_with_status(s.get(&format!("/api/v1/people?q={q}")).await, 200).await;
        assert_eq!(found["total"], 1, "q={q}");
        assert_eq!(found["items"][0]["name"], "Åse Ødegård", "q={q}");
    }
}
