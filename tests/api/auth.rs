//! Signing in and out (password, emailed link), throttling, session cookies, CSRF on forms,
//! and who may open what.

use diesel::prelude::*;
use hverdag::db::schema::login_tokens;
use hverdag::domain::ids::{OrgId, PersonId};
use hverdag::domain::people::Role;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::*;

const LEADER: &str = "leader@fjord.example";
const MEMBER: &str = "member@fjord.example";

/// An app with one organisation, a leader and a member (both with [`PASSWORD`]).
async fn app_with_people() -> (TestApp, OrgId) {
    let app = TestApp::spawn().await;
    let org = app.create_org("fjord");
    app.create_person(org, LEADER, &[Role::Leader], Some(PASSWORD));
    app.create_person(org, MEMBER, &[Role::Member], Some(PASSWORD));
    (app, org)
}

// ----- Password login ----------------------------------------------------------------------

#[tokio::test]
async fn password_login_leads_to_the_organisation_page() {
    let (app, _) = app_with_people().await;
    let s = app.session();
    text_with_status(s.get("/login").await, 200).await;

    let res = s
        .post_form("/login", &[("email", LEADER), ("password", PASSWORD)])
        .await;
    assert_redirect(&res, "/home");

    let page = text_with_status(s.get("/org").await, 200).await;
    assert!(
        page.contains(&org_name("fjord")),
        "the overview names the organisation"
    );
    // A signed-in visitor who opens the login page goes straight on.
    assert_redirect(&s.get("/login").await, "/home");
}

#[tokio::test]
async fn login_ignores_case_and_spaces_in_the_email() {
    let (app, _) = app_with_people().await;
    let s = app.session();
    let res = s.try_login("  Leader@FJORD.example ", PASSWORD).await;
    assert_redirect(&res, "/home");
}

#[tokio::test]
async fn login_goes_on_to_a_safe_next_page() {
    let (app, _) = app_with_people().await;
    let s = app.session();
    s.csrf().await;
    let res = s
        .post_form(
            "/login",
            &[
                ("email", LEADER),
                ("password", PASSWORD),
                ("next", "/teams"),
            ],
        )
        .await;
    assert_redirect(&res, "/teams");

    let other = app.session();
    let res = other
        .post_form(
            "/login",
            &[
                ("email", LEADER),
                ("password", PASSWORD),
                ("next", "//evil.example/x"),
            ],
        )
        .await;
    assert_redirect(&res, "/home");
}

#[tokio::test]
async fn wrong_password_is_refused_and_stays_logged_out() {
    let (app, _) = app_with_people().await;
    let s = app.session();
    let res = s.try_login(LEADER, "not the right password").await;
    assert!(set_cookies(res.headers(), SESSION_COOKIE).is_empty());
    text_with_status(res, 401).await;
    assert!(s.cookie(SESSION_COOKIE).is_none());
    assert_redirect(&s.get("/org").await, "/login?next=/org");
}

#[tokio::test]
async fn unknown_email_gets_the_same_refusal() {
    let (app, _) = app_with_people().await;
    let s = app.session();
    let res = s.try_login("nobody@fjord.example", PASSWORD).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert!(!s.is_logged_in().await);
}

#[tokio::test]
async fn a_person_without_a_password_cannot_log_in_with_an_empty_one() {
    let (app, org) = app_with_people().await;
    app.create_person(org, "nopass@fjord.example", &[Role::Member], None);
    let s = app.session();
    let res = s.try_login("nopass@fjord.example", "").await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn five_failures_throttle_the_email_even_for_the_right_password() {
    let (app, _) = app_with_people().await;
    let s = app.session();
    for i in 1..=5 {
        let res = s.try_login(LEADER, "wrong password!").await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    let res = s.try_login(LEADER, PASSWORD).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(set_cookies(res.headers(), SESSION_COOKIE).is_empty());
    assert!(!s.is_logged_in().await);

    // Another email from the same address is not affected.
    app.session().login(MEMBER, PASSWORD).await;
}

// ----- Login links -------------------------------------------------------------------------

#[tokio::test]
async fn login_link_is_mailed_confirmed_and_single_use() {
    let (app, _) = app_with_people().await;
    let s = app.session();
    let res = s.post_form("/login/link", &[("email", MEMBER)]).await;
    text_with_status(res, 200).await;

    let mail = app.last_mail_to(MEMBER).await;
    let path = mail
        .login_link_path()
        .expect("the mail carries a login link");
    let token = mail.login_token().expect("a token");
    assert!(
        mail.text().contains(&format!("{}{path}", app.base_url)),
        "the link is absolute, on the server's base URL"
    );

    // Opening the link shows a confirmation page; it does not sign in by itself.
    let page = text_with_status(s.get(&path).await, 200).await;
    assert!(page.contains(&token), "the confirm form carries the token");
    assert!(!s.is_logged_in().await, "opening the link must not sign in");

    let res = s
        .post_form("/login/link/confirm", &[("token", &token)])
        .await;
    assert_redirect(&res, "/home");
    assert!(s.is_logged_in().await);
    let me = json_with_status(s.get("/api/v1/me").await, 200).await;
    assert_eq!(me["email"], MEMBER);

    // The link works once.
    let again = app.session();
    let res = again
        .post_form("/login/link/confirm", &[("token", &token)])
        .await;
    assert_eq!(res.status(), StatusCode::GONE);
    assert!(!again.is_logged_in().await);
}

#[tokio::test]
async fn unknown_login_link_token_is_not_found() {
    let (app, _) = app_with_people().await;
    let s = app.session();
    let res = s
        .post_form("/login/link/confirm", &[("token", "garbage-token")])
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(!s.is_logged_in().await);
}

#[tokio::test]
async fn expired_login_link_is_gone() {
    let (app, _) = app_with_people().await;
    let s = app.session();
    text_with_status(s.post_form("/login/link", &[("email", MEMBER)]).await, 200).await;
    let token = app
        .last_mail_to(MEMBER)
        .await
        .login_token()
        .expect("a token");
    let past = chrono::Utc::now().naive_utc() - chrono::Duration::minutes(1);
    app.write(|c| {
        diesel::update(login_tokens::table)
            .set(login_tokens::expires_at.eq(past))
            .execute(c)?;
        Ok(())
    });
    let res = s
        .post_form("/login/link/confirm", &[("token", &token)])
        .await;
    assert_eq!(res.status(), StatusCode::GONE);
    assert!(!s.is_logged_in().await);
}

#[tokio::test]
async fn login_link_for_an_unknown_or_inactive_email_sends_nothing_but_looks_the_same() {
    let (app, org) = app_with_people().await;
    let gone = app.create_person(org, "gone@fjord.example", &[Role::Member], None);
    app.write(|c| hverdag::domain::people::set_active(c, org, gone, false));
    let s = app.session();
    for email in ["nobody@fjord.example", "gone@fjord.example"] {
        let res = s.post_form("/login/link", &[("email", email)]).await;
        text_with_status(res, 200).await;
    }
    // The worker sends in queue order: once a later link has arrived, anything queued for
    // the two addresses above would have been delivered too.
    let res = s.post_form("/login/link", &[("email", MEMBER)]).await;
    text_with_status(res, 200).await;
    app.last_mail_to(MEMBER).await;
    for email in ["nobody@fjord.example", "gone@fjord.example"] {
        assert!(app.mails_to(email).is_empty(), "no mail to {email}");
    }
}

// ----- Logout and cookies ------------------------------------------------------------------

#[tokio::test]
async fn logout_ends_the_session_on_the_server() {
    let (app, _) = app_with_people().await;
    let s = app.session();
    s.login(LEADER, PASSWORD).await;
    let old_session = s.cookie(SESSION_COOKIE).expect("a session cookie");

    s.logout().await;
    assert!(s.cookie(SESSION_COOKIE).is_none(), "the cookie is removed");
    assert_redirect(&s.get("/org").await, "/login?next=/org");

    // Replaying the old cookie does not work either: the session is gone, not just forgotten.
    let replay = app.session();
    replay.set_cookie(SESSION_COOKIE, &old_session);
    assert_redirect(&replay.get("/org").await, "/login?next=/org");
}

#[tokio::test]
async fn logout_needs_the_csrf_token() {
    let (app, _) = app_with_people().await;
    let s = app.session();
    s.login(LEADER, PASSWORD).await;
    let res = s.post_form_without_csrf("/logout", &[]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(s.is_logged_in().await);
}

#[tokio::test]
async fn cookies_are_http_only_lax_and_not_secure_over_http() {
    let (app, _) = app_with_people().await;
    let s = app.session();
    let first = s.get("/login").await;
    let csrf = set_cookies(first.headers(), CSRF_COOKIE);
    assert_eq!(csrf.len(), 1, "the first visit sets the CSRF cookie");
    let res = s
        .post_form("/login", &[("email", LEADER), ("password", PASSWORD)])
        .await;
    assert_redirect(&res, "/home");
    let session = set_cookies(res.headers(), SESSION_COOKIE);
    assert_eq!(session.len(), 1, "login sets one session cookie");
    for cookie in csrf.iter().chain(session.iter()) {
        let attrs: Vec<String> = cookie
            .split(';')
            .skip(1)
            .map(|a| a.trim().to_lowercase())
            .collect();
        assert!(attrs.iter().any(|a| a == "httponly"), "HttpOnly: {cookie}");
        assert!(
            attrs.iter().any(|a| a == "samesite=lax"),
            "SameSite=Lax: {cookie}"
        );
        assert!(attrs.iter().any(|a| a == "path=/"), "Path=/: {cookie}");
        assert!(
            !attrs.iter().any(|a| a == "secure"),
            "not Secure over http: {cookie}"
        );
    }
}

#[tokio::test]
async fn an_https_base_url_makes_cookies_secure_and_links_absolute() {
    let app = TestApp::spawn_with(|config| {
        config.base_url = Some("https://hverdag.example/".into());
    })
    .await;
    let org = app.create_org("fjord");
    app.create_person(org, LEADER, &[Role::Leader], Some(PASSWORD));
    // The cookie jar would (rightly) not send Secure cookies over http, so carry them by hand.
    let (client, _) = client();
    let first = client.get(app.url("/login")).send().await.expect("GET");
    let csrf_cookie = set_cookies(first.headers(), HOST_CSRF_COOKIE)[0].to_owned();
    assert!(
        csrf_cookie.to_lowercase().contains("; secure"),
        "{csrf_cookie}"
    );
    let csrf = set_cookie_value(first.headers(), HOST_CSRF_COOKIE).expect("a CSRF cookie");
    let res = client
        .post(app.url("/login"))
        .header("cookie", format!("{HOST_CSRF_COOKIE}={csrf}"))
        .form(&[
            ("email", LEADER),
            ("password", PASSWORD),
            ("csrf_token", &csrf),
        ])
        .send()
        .await
        .expect("POST");
    assert_redirect(&res, "/home");
    let session = set_cookies(res.headers(), HOST_SESSION_COOKIE)[0].to_owned();
    assert!(session.to_lowercase().contains("; secure"), "{session}");

    let res = client
        .post(app.url("/login/link"))
        .header("cookie", format!("{HOST_CSRF_COOKIE}={csrf}"))
        .form(&[("email", LEADER), ("csrf_token", &csrf)])
        .send()
        .await
        .expect("POST");
    text_with_status(res, 200).await;
    let mail = app.last_mail_to(LEADER).await;
    let path = mail.login_link_path().expect("a link");
    assert_eq!(app.base_url, "https://hverdag.example");
    assert!(
        mail.text()
            .contains(&format!("https://hverdag.example{path}")),
        "links use the public base URL"
    );
}

#[tokio::test]
async fn the_link_page_escapes_what_is_in_the_url() {
    let (app, _) = app_with_people().await;
    let s = app.session();
    let html = text_with_status(
        s.get("/login/link/%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E")
            .await,
        200,
    )
    .await;
    assert!(!html.contains("<script>alert(1)"));
    assert!(!html.contains("\"><script>"));
}

#[tokio::test]
async fn every_login_gets_a_fresh_session_and_csrf_token() {
    let (app, _) = app_with_people().await;
    let s = app.session();
    // A session id planted before login (fixation) must not be the one used after it.
    s.set_cookie(SESSION_COOKIE, "planted-by-an-attacker");
    let csrf_before = s.csrf().await;
    s.login(LEADER, PASSWORD).await;
    let first = s.cookie(SESSION_COOKIE).expect("a session");
    assert_ne!(first, "planted-by-an-attacker");
    assert_ne!(
        s.cookie(CSRF_COOKIE).expect("a CSRF token"),
        csrf_before,
        "CSRF rotates"
    );

    let res = s
        .post_form("/login", &[("email", LEADER), ("password", PASSWORD)])
        .await;
    assert_redirect(&res, "/home");
    let second = s.cookie(SESSION_COOKIE).expect("a session");
    assert_ne!(first, second, "a second login issues a new session id");
}

// ----- CSRF on forms ---------------------------------------------------------------------------

#[tokio::test]
async fn forms_without_the_right_csrf_token_are_refused() {
    let (app, org) = app_with_people().await;
    let s = app.session();
    s.login(LEADER, PASSWORD).await;
    let person = [
        ("name", "Sneaky"),
        ("email", "sneaky@fjord.example"),
        ("roles", "member"),
    ];

    let res = s.post_form_without_csrf("/people", &person).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "no token");

    let mut wrong = person.to_vec();
    wrong.push(("csrf_token", "0123456789abcdef0123456789abcdef0123456789a"));
    let res = s.post_form_without_csrf("/people", &wrong).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "wrong token");

    // Another visitor's valid token is still the wrong one.
    let other = app.session().csrf().await;
    let mut foreign = person.to_vec();
    foreign.push(("csrf_token", other.as_str()));
    let res = s.post_form_without_csrf("/people", &foreign).await;
    assert_eq!(
        res.status(),
        StatusCode::FORBIDDEN,
        "another visitor's token"
    );

    assert!(app.person_by_email("sneaky@fjord.example").is_none());
    let list = json_with_status(s.get("/api/v1/people?q=sneaky").await, 200).await;
    assert_eq!(list["total"], 0);
    assert_eq!(app.people_count(org), 2);

    // The same form with the token goes through.
    let res = s.post_form("/people", &person).await;
    id_from_location::<PersonId>(&res, "/people/");
}

#[tokio::test]
async fn the_csrf_token_on_pages_matches_the_cookie() {
    let (app, _) = app_with_people().await;
    let s = app.session();
    let page = text_with_status(s.get("/login").await, 200).await;
    let hidden = hidden_csrf(&page).expect("the login form has a csrf_token field");
    assert_eq!(Some(hidden), s.cookie(CSRF_COOKIE));
}

#[tokio::test]
async fn the_login_form_needs_the_csrf_token() {
    let (app, _) = app_with_people().await;
    let s = app.session();
    s.csrf().await;
    let res = s
        .post_form_without_csrf("/login", &[("email", LEADER), ("password", PASSWORD)])
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(!s.is_logged_in().await);
}

// ----- Roles -------------------------------------------------------------------------------

#[tokio::test]
async fn members_cannot_use_leader_pages() {
    let (app, org) = app_with_people().await;
    let s = app.session();
    s.login(MEMBER, PASSWORD).await;

    for path in [
        "/people/new",
        "/settings/api-tokens",
        "/teams/new",
        "/people/import",
    ] {
        let res = s.get(path).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "GET {path}");
    }
    let res = s
        .post_form(
            "/people",
            &[
                ("name", "Nope"),
                ("email", "nope@fjord.example"),
                ("roles", "leader"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "POST /people");
    let res = s
        .post_form(
            "/teams",
            &[("name", "Nope"), ("kind", "team"), ("parent_id", "")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "POST /teams");
    let res = s
        .post_form("/settings/api-tokens", &[("name", "nope")])
        .await;
    assert_eq!(
        res.status(),
        StatusCode::FORBIDDEN,
        "POST /settings/api-tokens"
    );

    let res = s
        .post_json(
            "/api/v1/people",
            &json!({"name": "Nope", "email": "nope@fjord.example"}),
        )
        .await;
    let body = json_with_status(res, 403).await;
    assert_eq!(body["error"]["code"], "forbidden");

    assert!(app.person_by_email("nope@fjord.example").is_none());
    assert!(app.teams(org).is_empty());

    // What members may do still works.
    text_with_status(s.get("/people").await, 200).await;
    text_with_status(s.get("/teams").await, 200).await;
    json_with_status(s.get("/api/v1/people").await, 200).await;
}

#[tokio::test]
async fn anonymous_pages_redirect_to_login_with_next() {
    let (app, _) = app_with_people().await;
    let s = app.session();
    assert_redirect(&s.get("/people").await, "/login?next=/people");
    assert_redirect(
        &s.get("/people?page=2&q=a b").await,
        "/login?next=/people%3Fpage%3D2%26q%3Da%2520b",
    );
    assert_redirect(&s.get("/").await, "/login");
    // A form post without a session goes to the login page too (not a 403 or a 500).
    let res = s
        .post_form("/people", &[("name", "X"), ("email", "x@fjord.example")])
        .await;
    assert_redirect(&res, "/login?next=/people");
}

#[tokio::test]
async fn anonymous_api_calls_get_a_json_401() {
    let (app, _) = app_with_people().await;
    let s = app.session();
    let res = s.get("/api/v1/people").await;
    assert!(
        res.headers()
            .get("www-authenticate")
            .is_some_and(|v| v.to_str().unwrap_or("").starts_with("Bearer")),
        "401 names the Bearer scheme"
    );
    let body = json_with_status(res, 401).await;
    assert_eq!(body["error"]["code"], "unauthorized");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty())
    );

    let res = s
        .json_without_csrf(Method::POST, "/api/v1/people", Some(&json!({"name": "X"})))
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn link_requests_are_limited_on_their_own_and_never_lock_password_sign_in() {
    let (app, _) = app_with_people().await;
    let stranger = app.session();
    for _ in 0..6 {
        let res = stranger
            .post_form("/login/link", &[("email", MEMBER)])
            .await;
        text_with_status(res, 200).await;
    }
    // Three links at most per quarter hour; the rest are quietly not sent: each request
    // queued its mail, or not, before it answered, so the outbox is final now.
    let queued: i64 = app.read(|c| {
        use hverdag::db::schema::mail_outbox;
        Ok(mail_outbox::table
            .filter(mail_outbox::to_address.eq(MEMBER))
            .count()
            .get_result(c)?)
    });
    assert_eq!(queued, 3);
    assert_eq!(app.wait_for_mails(MEMBER, 3).await.len(), 3);
    // Someone else asking for links cannot lock the person out of their password.
    let s = app.session();
    s.login(MEMBER, PASSWORD).await;
    assert!(s.is_logged_in().await);
}
