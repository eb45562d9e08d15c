//! Single sign-on against a real OpenID Connect provider (`oidc_provider`): a leader connects
//! it; people sign in through the provider's own login and consent pages and land in the
//! organisation, joining as members or through an invitation; an organisation that
//! requires SSO turns passwords off but for its break-glass leader. Every bad answer — a
//! forged, replayed or stale state, a tampered code, a wrong nonce, an ID token for another
//! audience, expired or signed by an unknown key, a provider that is down, a domain another
//! organisation has — gets its page and signs nobody in.

use hverdag::domain::ids::OrgId;
use hverdag::domain::people::Role;
use reqwest::StatusCode;

use crate::helpers::*;
use crate::oidc_provider::{CLIENT_ID, CLIENT_SECRET, Provider};
use crate::page::Page;

const LEA: &str = "lea@acme.example";

/// Acme, its leader Lea signed in, and a provider connected for `acme.example`.
async fn connected(new_people: &str) -> (TestApp, Provider, OrgId, Session) {
    let app = TestApp::spawn().await;
    let provider = Provider::start(&app.base_url).await;
    let acme = app.create_org("acme");
    app.create_person(acme, LEA, &[Role::Leader], Some(PASSWORD));
    let lea = app.session();
    lea.login(LEA, PASSWORD).await;
    let res = lea
        .post_form(
            "/settings/sso",
            &[
                ("issuer", provider.issuer.as_str()),
                ("client_id", CLIENT_ID),
                ("client_secret", CLIENT_SECRET),
                ("domains", "Acme.example"),
                ("new_people", new_people),
            ],
        )
        .await;
    assert_redirect(&res, "/settings/sso");
    (app, provider, acme, lea)
}

/// Starts signing in as `email`, signs in at the provider's own pages and consents; the
/// path (with its query) the provider sends the browser back to.
async fn through_provider(app: &TestApp, who: &Session, email: &str) -> String {
    let res = who.post_form("/login/sso", &[("email", email)]).await;
    let page = Page::of(&text_with_status(res, 200).await);
    let mut url = page.attr("#sso-continue", "href");
    let idp = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client for the provider");
    let mut form: Option<Vec<(&str, &str)>> = None;
    for _ in 0..12 {
        let res = match form.take() {
            Some(fields) => idp.post(&url).form(&fields).send().await,
            None => idp.get(&url).send().await,
        }
        .expect("the provider answers");
        let base = res.url().clone();
        if res.status().is_redirection() {
            let location = res
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|l| l.to_str().ok())
                .expect("a redirect's location");
            let next = base.join(location).expect("a location").to_string();
            if let Some(path) = next.strip_prefix(&app.base_url) {
                return path.to_owned();
            }
            url = next;
            continue;
        }
        let html = res.text().await.expect("a page");
        let page = Page::of(&html);
        url = base
            .join(&page.attr("form", "action"))
            .expect("a form action")
            .to_string();
        form = Some(if page.has("input[name=login]") {
            vec![("prompt", "login"), ("login", email), ("password", "any")]
        } else {
            vec![("prompt", "consent")]
        });
    }
    panic!("the provider never sent the browser back");
}

fn problem(html: &str) -> String {
    Page::of(html).attr("#sso-problem", "data-problem")
}

#[tokio::test]
async fn people_sign_in_through_their_organisations_provider_and_land_in_it() {
    let (app, provider, acme, lea) = connected("member").await;
    // The secret is never shown again, and the audit log has the change without it.
    let settings = text_with_status(lea.get("/settings/sso").await, 200).await;
    assert!(Page::of(&settings).has("#sso-connected"));
    assert!(!settings.contains(CLIENT_SECRET));
    let audit = text_with_status(lea.get("/settings/audit.csv").await, 200).await;
    assert!(audit.contains("sso") && !audit.contains(CLIENT_SECRET));

    // Kari, unknown to Hverdag, signs in and joins as a member.
    let kari = app.session();
    let back = through_provider(&app, &kari, "kari@acme.example").await;
    assert_redirect(&kari.get(&back).await, "/home");
    let home = Page::of(&text_with_status(kari.get("/home").await, 200).await);
    assert_eq!(home.text_of("header a.org"), org_name("acme"));
    let person = app
        .read(|c| hverdag::domain::people::find_by_email(c, acme, "kari@acme.example"))
        .expect("Kari joined");
    assert_eq!(app.person(acme, person.id).roles, vec![Role::Member]);
    // She never got a password.
    let res = app.session().try_login("kari@acme.example", "any").await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);

    // Again, from another browser, after the provider rotated its signing key: the same
    // person (linked by the provider's subject), the new key fetched with the sign-in.
    let again = app.session();
    let back = through_provider(&app, &again, "kari@acme.example").await;
    provider.tamper("rotate").await;
    assert_redirect(&again.get(&back).await, "/home");
    assert_eq!(app.people_count(acme), 2);
    // Her joining is in the audit log, made by herself.
    let audit = text_with_status(lea.get("/settings/audit.csv").await, 200).await;
    assert!(
        audit
            .lines()
            .any(|l| l.contains("kari@acme.example") && l.contains("created"))
    );

    // An address outside any connected domain falls back to the usual sign-in.
    let res = app
        .session()
        .post_form("/login/sso", &[("email", "someone@elsewhere.example")])
        .await;
    assert!(Page::of(&text_with_status(res, 200).await).has("#sso-notice"));

    // Another organisation cannot claim the domain.
    let bravo = app.create_org("bravo");
    app.create_person(bravo, "bo@bravo.example", &[Role::Leader], Some(PASSWORD));
    let bo = app.session();
    bo.login("bo@bravo.example", PASSWORD).await;
    let res = bo
        .post_form(
            "/settings/sso",
            &[
                ("issuer", provider.issuer.as_str()),
                ("client_id", CLIENT_ID),
                ("client_secret", CLIENT_SECRET),
                ("domains", "acme.example"),
            ],
        )
        .await;
    let page = Page::of(&text_with_status(res, 422).await);
    assert!(page.has("#domains-error"));
}

#[tokio::test]
async fn bad_answers_sign_nobody_in_and_create_nothing() {
    let (app, provider, acme, _lea) = connected("member").await;
    let who = app.session();
    let count = || app.people_count(acme);
    let before = count();

    // A state we never sent.
    let res = who
        .get("/login/sso/callback?state=forged&code=anything")
        .await;
    assert_eq!(
        problem(&text_with_status(res, 400).await),
        "sso-problem-state"
    );

    // A tampered code.
    let back = through_provider(&app, &who, "kari@acme.example").await;
    let tampered = back.replace("code=", "code=x");
    let res = who.get(&tampered).await;
    assert_eq!(
        problem(&text_with_status(res, 400).await),
        "sso-problem-code"
    );

    // An answer that says another issuer sent it (a mix-up).
    let back = through_provider(&app, &who, "kari@acme.example").await;
    let mixed = back
        .split('&')
        .map(|p| match p.strip_prefix("iss=") {
            Some(_) => "iss=https%3A%2F%2Fevil.example".to_owned(),
            None => p.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("&");
    assert!(mixed.contains("evil.example"), "{back}");
    let res = who.get(&mixed).await;
    assert_eq!(
        problem(&text_with_status(res, 400).await),
        "sso-problem-state"
    );

    // A nonce that is not the one sent.
    let back = through_provider(&app, &who, "kari@acme.example").await;
    app.write(|c| {
        use diesel::prelude::*;
        use hverdag::db::schema::sso_requests;
        diesel::update(sso_requests::table)
            .set(sso_requests::nonce.eq("another nonce"))
            .execute(c)?;
        Ok(())
    });
    let res = who.get(&back).await;
    assert_eq!(
        problem(&text_with_status(res, 400).await),
        "sso-problem-token"
    );

    // ID tokens for another audience, expired, or signed by a key the provider does not
    // publish.
    for mode in ["audience", "expired", "unknown_key"] {
        let back = through_provider(&app, &who, "kari@acme.example").await;
        provider.tamper(mode).await;
        let res = who.get(&back).await;
        assert_eq!(
            problem(&text_with_status(res, 400).await),
            "sso-problem-token",
            "{mode}"
        );
    }

    // The provider answered with an error (the person cancelled there).
    let back = through_provider(&app, &who, "kari@acme.example").await;
    let state = back
        .split(['?', '&'])
        .find_map(|p| p.strip_prefix("state="))
        .expect("a state")
        .to_owned();
    let res = who
        .get(&format!(
            "/login/sso/callback?state={state}&error=access_denied"
        ))
        .await;
    assert_eq!(
        problem(&text_with_status(res, 400).await),
        "sso-problem-cancelled"
    );
    assert_eq!(count(), before, "nobody joined");
    assert!(!who.is_logged_in().await);

    // A good answer works once; replayed, it is refused.
    let back = through_provider(&app, &who, "kari@acme.example").await;
    assert_redirect(&who.get(&back).await, "/home");
    who.logout().await;
    let res = who.get(&back).await;
    assert_eq!(
        problem(&text_with_status(res, 400).await),
        "sso-problem-state"
    );
    assert!(!who.is_logged_in().await);

    // A provider that is down.
    drop(provider);
    let res = who
        .post_form("/login/sso", &[("email", "kari@acme.example")])
        .await;
    assert_eq!(
        problem(&text_with_status(res, 502).await),
        "sso-problem-provider-down"
    );
}

#[tokio::test]
async fn required_sso_turns_passwords_off_but_for_the_break_glass_leader() {
    let (app, provider, acme, lea) = connected("invited_only").await;
    let lea_id = app.person_by_email(LEA).expect("Lea").id;
    app.create_person(acme, "ola@acme.example", &[Role::Member], Some(PASSWORD));
    let ola = app.session();
    ola.login("ola@acme.example", PASSWORD).await;

    // Required without a break-glass leader is refused; with Lea, it is saved.
    let glass = lea_id.to_string();
    let mut fields = vec![
        ("issuer", provider.issuer.as_str()),
        ("client_id", CLIENT_ID),
        ("domains", "acme.example"),
        ("new_people", "invited_only"),
        ("required", "on"),
    ];
    let res = lea.post_form("/settings/sso", &fields).await;
    assert!(Page::of(&text_with_status(res, 422).await).has("#break_glass_id-error"));
    fields.push(("break_glass_id", glass.as_str()));
    assert_redirect(
        &lea.post_form("/settings/sso", &fields).await,
        "/settings/sso",
    );

    // Ola's password session ended, and his password now leads to the provider.
    assert!(!ola.is_logged_in().await);
    let res = app.session().try_login("ola@acme.example", PASSWORD).await;
    assert!(Page::of(&text_with_status(res, 200).await).has("#sso-continue"));
    // Lea, the break-glass leader, still signs in with her password.
    assert!(lea.is_logged_in().await);
    app.session().login(LEA, PASSWORD).await;
    // Through the provider, Ola lands in Acme; as a member, he cannot see its settings.
    let back = through_provider(&app, &ola, "ola@acme.example").await;
    assert_redirect(&ola.get(&back).await, "/home");
    assert_eq!(
        ola.get("/settings/sso").await.status(),
        StatusCode::FORBIDDEN
    );
    let res = ola.post_form("/settings/sso/remove", &[]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    // Nora is not invited: refused, and nothing is made.
    let nora = app.session();
    let back = through_provider(&app, &nora, "nora@acme.example").await;
    let res = nora.get(&back).await;
    assert_eq!(
        problem(&text_with_status(res, 403).await),
        "sso-problem-not-invited"
    );
    assert!(app.person_by_email("nora@acme.example").is_none());

    // Invited, she accepts through the provider, never with a password.
    let res = lea
        .post_form(
            "/people/invites",
            &[
                ("email", "nora@acme.example"),
                ("name", "Nora"),
                ("role", "facilitator"),
            ],
        )
        .await;
    assert_redirect(&res, "/people/invites");
    let path = app
        .last_mail_to("nora@acme.example")
        .await
        .link_path("/invite/")
        .expect("an invitation link");
    let page = Page::of(&text_with_status(nora.get(&path).await, 200).await);
    assert!(page.has("#accept-sso") && !page.has("input[name=password]"));
    let token = path.trim_start_matches("/invite/");
    let res = nora
        .post_form(
            "/invite/accept",
            &[
                ("token", token),
                ("name", "Nora"),
                ("password", "a long enough passphrase"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let back = through_provider(&app, &nora, "nora@acme.example").await;
    assert_redirect(&nora.get(&back).await, "/home");
    let joined = app
        .read(|c| hverdag::domain::people::find_by_email(c, acme, "nora@acme.example"))
        .expect("Nora joined");
    assert_eq!(app.person(acme, joined.id).roles, vec![Role::Facilitator]);
}

#[tokio::test]
async fn a_session_begun_through_a_provider_works_in_its_organisation_only() {
    // Kari is a person of Bravo (with a password) before Acme's provider vouches for her.
    let (app, _provider, acme, _lea) = connected("member").await;
    let bravo = app.create_org("bravo");
    let in_bravo = app.create_person(bravo, "kari@acme.example", &[Role::Member], Some(PASSWORD));
    let kari = app.session();
    let back = through_provider(&app, &kari, "kari@acme.example").await;
    assert_redirect(&kari.get(&back).await, "/home");
    assert!(
        app.read(|c| hverdag::domain::people::find_by_email(c, acme, "kari@acme.example"))
            .is_some()
    );
    // Acme's provider opens Acme only: Bravo is neither listed nor reachable.
    let page = Page::of(&text_with_status(kari.get("/account/organisations").await, 200).await);
    assert_eq!(page.count("li.organisation"), 1);
    let res = kari
        .post_form(&format!("/account/organisations/{in_bravo}"), &[])
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    // Her own password opens both.
    let other = app.session();
    assert_redirect(
        &other.try_login("kari@acme.example", PASSWORD).await,
        "/account/organisations",
    );
}

#[tokio::test]
async fn sign_in_starts_from_one_address_are_limited() {
    let (app, _provider, _acme, _lea) = connected("member").await;
    let who = app.session();
    let mut limited = None;
    for attempt in 0..40 {
        let res = who
            .post_form("/login/sso", &[("email", "kari@acme.example")])
            .await;
        if res.status() == StatusCode::TOO_MANY_REQUESTS {
            limited = Some(attempt);
            let page = text_with_status(res, 429).await;
            assert_eq!(problem(&page), "sso-problem-busy");
            break;
        }
    }
    assert_eq!(
        limited,
        Some(30),
        "the 31st start within a minute is refused"
    );
}
