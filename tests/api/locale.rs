//! Languages: the switcher (cookie, and the person's profile when signed in), the browser's
//! `Accept-Language`, and safe return addresses.

use hverdag::domain::ids::OrgId;
use hverdag::domain::people::Role;
use reqwest::{StatusCode, Url};

use crate::helpers::*;

const LEADER: &str = "leader@fjord.example";

async fn app() -> (TestApp, OrgId) {
    let app = TestApp::spawn().await;
    let org = app.create_org("fjord");
    app.create_person(org, LEADER, &[Role::Leader], Some(PASSWORD));
    (app, org)
}

async fn lang_of(s: &Session, path: &str) -> String {
    let html = text_with_status(s.get(path).await, 200).await;
    html_lang(&html).unwrap_or_else(|| panic!("{path} has no <html lang>"))
}

#[tokio::test]
async fn switching_language_sets_a_cookie_and_returns_to_the_page() {
    let (app, _) = app().await;
    let s = app.session();
    let english = text_with_status(s.get("/login").await, 200).await;
    assert!(english.contains("<html lang=\"en\""));

    let res = s
        .post_form("/locale", &[("lang", "nb"), ("next", "/login")])
        .await;
    assert_eq!(
        set_cookie_value(res.headers(), LANG_COOKIE).as_deref(),
        Some("nb")
    );
    assert_redirect(&res, "/login");
    let norsk = text_with_status(s.get("/login").await, 200).await;
    assert!(norsk.contains("<html lang=\"nb\""));
    assert!(norsk.contains("Logg inn"), "the page is translated");
    assert!(!english.contains("Logg inn"));

    let res = s
        .post_form("/locale", &[("lang", "en"), ("next", "/login")])
        .await;
    assert_redirect(&res, "/login");
    assert_eq!(lang_of(&s, "/login").await, "en");
}

#[tokio::test]
async fn switching_while_signed_in_saves_the_choice() {
    let (app, org) = app().await;
    let s = app.session();
    s.login(LEADER, PASSWORD).await;
    assert_eq!(lang_of(&s, "/org").await, "en");
    let res = s
        .post_form("/locale", &[("lang", "nb"), ("next", "/org")])
        .await;
    assert_redirect(&res, "/org");
    assert_eq!(lang_of(&s, "/org").await, "nb");
    let id = app.person_by_email(LEADER).expect("leader").id;
    assert_eq!(app.person(org, id).row.locale, "nb");

    // A fresh browser (whose own cookie says English) shows the person's language once
    // they sign in.
    let fresh = app.session();
    fresh.set_cookie(LANG_COOKIE, "en");
    assert_eq!(lang_of(&fresh, "/login").await, "en");
    fresh.login(LEADER, PASSWORD).await;
    assert_eq!(lang_of(&fresh, "/org").await, "nb");
    let me = json_with_status(fresh.get("/api/v1/me").await, 200).await;
    assert_eq!(me["locale"], "nb");
}

#[tokio::test]
async fn the_browser_language_is_used_for_visitors() {
    let (app, _) = app().await;
    for (accept, expected) in [
        ("nb-NO", "nb"),
        ("nn", "nb"),
        ("de-DE, nb;q=0.5", "nb"),
        ("en-GB,nb;q=0.8", "en"),
        ("fr", "en"),
    ] {
        let s = app.session();
        let res = s.get_with_header("/login", "accept-language", accept).await;
        let html = text_with_status(res, 200).await;
        assert_eq!(
            html_lang(&html).as_deref(),
            Some(expected),
            "Accept-Language: {accept}"
        );
    }
    let s = app.session();
    assert_eq!(
        lang_of(&s, "/login").await,
        "en",
        "English without a preference"
    );

    // The cookie beats the header.
    let s = app.session();
    s.set_cookie(LANG_COOKIE, "en");
    let res = s
        .get_with_header("/login", "accept-language", "nb-NO")
        .await;
    assert_eq!(
        html_lang(&text_with_status(res, 200).await).as_deref(),
        Some("en")
    );
}

#[tokio::test]
async fn unsafe_return_addresses_go_home() {
    let (app, _) = app().await;
    let s = app.session();
    for next in [
        "//evil.example",
        "//evil.example/login",
        "https://evil.example/",
        "/\\evil.example",
        "evil.example",
        "",
    ] {
        let res = s
            .post_form("/locale", &[("lang", "en"), ("next", next)])
            .await;
        assert_redirect(&res, "/");
    }
    let res = s.post_form("/locale", &[("lang", "en")]).await;
    assert_redirect(&res, "/");
}

#[tokio::test]
async fn return_addresses_cannot_leave_the_site_through_ignored_characters() {
    // Browsers drop tabs and newlines from URLs, so `/\t/evil.example` becomes
    // `//evil.example`: another host.
    let (app, _) = app().await;
    let s = app.session();
    let base = Url::parse(&app.address).expect("base URL");
    app.create_person(
        app.create_org("other"),
        "kari@other.example",
        &[Role::Member],
        Some(PASSWORD),
    );
    for next in ["/\t/evil.example", "/\t\\evil.example", "/\n/evil.example"] {
        let locale = s
            .post_form("/locale", &[("lang", "en"), ("next", next)])
            .await;
        // The login form takes a `next` too.
        let login = app
            .session()
            .post_form(
                "/login",
                &[
                    ("email", "kari@other.example"),
                    ("password", PASSWORD),
                    ("next", next),
                ],
            )
            .await;
        for res in [locale, login] {
            if res.status() == StatusCode::SEE_OTHER {
                let target = base.join(&location(&res)).expect("a URL");
                assert_eq!(
                    target.host_str(),
                    base.host_str(),
                    "next={next:?} from {} redirects to {target}",
                    res.url()
                );
            } else {
                assert!(
                    res.status().is_client_error(),
                    "next={next:?}: {}",
                    res.status()
                );
            }
        }
    }
}

#[tokio::test]
async fn unknown_languages_are_refused() {
    let (app, _) = app().await;
    let s = app.session();
    let res = s
        .post_form("/locale", &[("lang", "de"), ("next", "/login")])
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(s.cookie(LANG_COOKIE).is_none());
    let res = s
        .post_form_without_csrf("/locale", &[("lang", "nb"), ("next", "/login")])
        .await;
    assert_eq!(
        res.status(),
        StatusCode::FORBIDDEN,
        "the switcher is a form like any other"
    );
}
