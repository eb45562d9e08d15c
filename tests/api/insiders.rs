//! Issue #15 items 5-8, each written as the attack: inbox bombing with sign-in links, API
//! tokens that outlive their owner's role or account, a planted CSRF token, and signed-in
//! answers left in caches.

use diesel::prelude::*;
use reqwest::Method;
use reqwest::header::{CACHE_CONTROL, SET_COOKIE};
use serde_json::json;

use hverdag::db::schema::{api_tokens, mail_outbox};
use hverdag::domain::people::Role;
use hverdag::domain::teams::TeamKind;

use crate::helpers::*;

fn link_mails(app: &TestApp) -> i64 {
    app.read(|c| {
        Ok(mail_outbox::table
            .filter(mail_outbox::kind.eq("login_link"))
            .count()
            .get_result(c)?)
    })
}

#[tokio::test]
async fn one_client_cannot_bomb_inboxes_with_sign_in_links() {
    let app = TestApp::spawn().await;
    let org = app.create_org("fjord");
    let victims: Vec<String> = (0..12).map(|i| format!("p{i}@fjord.example")).collect();
    for v in &victims {
        app.create_person(org, v, &[Role::Member], Some(PASSWORD));
    }
    let attacker = app.session();
    let mut pages = Vec::new();
    for v in &victims {
        let res = attacker.post_form("/login/link", &[("email", v)]).await;
        let page = text_with_status(res, 200).await;
        pages.push(page.replace(v.as_str(), "ADDRESS"));
    }
    // Ten links went out (one per address: each address is under its own cap), then none.
    assert_eq!(link_mails(&app), 10);
    // The answer never says which: the page is the same before and after the limit.
    assert!(
        pages.iter().all(|p| p == &pages[0]),
        "the same page every time"
    );
    // An unknown address counts too (the limit does not tell who has an account).
    let res = attacker
        .post_form("/login/link", &[("email", "nobody@fjord.example")])
        .await;
    let page = text_with_status(res, 200).await;
    assert_eq!(page.replace("nobody@fjord.example", "ADDRESS"), pages[0]);
    assert_eq!(link_mails(&app), 10);
    // Link requests never lock password sign-in: the flooding client may still sign in.
    attacker.login(&victims[0], PASSWORD).await;
}

#[tokio::test]
async fn tokens_expire_and_do_not_outlive_their_owners_role_or_account() {
    let app = TestApp::spawn().await;
    let org = app.create_org("fjord");
    let boss = app.create_person(org, "boss@fjord.example", &[Role::Leader], Some(PASSWORD));
    app.create_person(org, "lead@fjord.example", &[Role::Leader], Some(PASSWORD));
    let lead = app.session();
    lead.login("lead@fjord.example", PASSWORD).await;

    // A lifetime outside the choices is refused; 30 days is shown on the page and in /me.
    let res = lead
        .post_form("/settings/api-tokens", &[("name", "ci"), ("lifetime", "7")])
        .await;
    text_with_status(res, 422).await;
    let res = lead
        .post_form(
            "/settings/api-tokens",
            &[("name", "ci"), ("lifetime", "30")],
        )
        .await;
    let page = text_with_status(res, 201).await;
    let secret = page
        .split("<code class=\"token\">")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .expect("the new token on the page")
        .to_owned();
    let in_30_days = (chrono::Utc::now() + chrono::Duration::days(30)).date_naive();
    let me = json_with_status(app.bearer(&secret).get("/api/v1/me").await, 200).await;
    assert_eq!(me["token"]["name"], "ci");
    let expires = me["token"]["expires_at"].as_str().expect("an expiry");
    assert!(expires.starts_with(&in_30_days.to_string()), "{expires}");
    // Without a choice: 90 days.
    let res = lead
        .post_form("/settings/api-tokens", &[("name", "default")])
        .await;
    text_with_status(res, 201).await;
    let default_expiry: Option<chrono::NaiveDateTime> = app.read(|c| {
        Ok(api_tokens::table
            .filter(api_tokens::name.eq("default"))
            .select(api_tokens::expires_at)
            .first(c)?)
    });
    let days = (default_expiry.expect("an expiry") - chrono::Utc::now().naive_utc()).num_days();
    assert!((89..=90).contains(&days), "{days}");

    let lead_id = me["id"].as_i64().expect("an id");
    let boss_api = app.session_api(boss).await;
    let token = app.bearer(&secret);
    // No longer a leader: the token stops working (it does not act as a member).
    let res = boss_api
        .send(
            Method::PATCH,
            &format!("/api/v1/people/{lead_id}"),
            Some(&json!({"roles": ["member"]})),
        )
        .await;
    json_with_status(res, 200).await;
    assert_eq!(token.get("/api/v1/me").await.status(), 401);
    // A leader again (and an ambassador): it works, with the roles of now.
    let res = boss_api
        .send(
            Method::PATCH,
            &format!("/api/v1/people/{lead_id}"),
            Some(&json!({"roles": ["leader", "ambassador"]})),
        )
        .await;
    json_with_status(res, 200).await;
    let me = json_with_status(token.get("/api/v1/me").await, 200).await;
    assert_eq!(me["roles"], json!(["leader", "ambassador"]));
    // Deactivated and reactivated: the token is revoked for good.
    for active in [false, true] {
        let res = boss_api
            .send(
                Method::PATCH,
                &format!("/api/v1/people/{lead_id}"),
                Some(&json!({"active": active})),
            )
            .await;
        json_with_status(res, 200).await;
    }
    assert_eq!(token.get("/api/v1/me").await.status(), 401);
    let revoked: Vec<Option<chrono::NaiveDateTime>> =
        app.read(|c| Ok(api_tokens::table.select(api_tokens::revoked_at).load(c)?));
    assert!(revoked.iter().all(Option::is_some), "{revoked:?}");

    // An expired token is refused.
    let (_, fresh) = app.create_api_token(org, boss, "fresh");
    let fresh = app.bearer(&fresh);
    json_with_status(fresh.get("/api/v1/me").await, 200).await;
    app.write(|c| {
        diesel::update(api_tokens::table.filter(api_tokens::name.eq("fresh")))
            .set(api_tokens::expires_at.eq(Some(chrono::Utc::now().naive_utc())))
            .execute(c)?;
        Ok(())
    });
    assert_eq!(fresh.get("/api/v1/me").await.status(), 401);
    let page = text_with_status(boss_api.get("/settings/api-tokens").await, 200).await;
    assert!(page.contains("expired"), "the tokens page says so");
}

#[tokio::test]
async fn a_csrf_token_planted_by_an_attacker_is_refused() {
    let app = TestApp::spawn().await;
    let org = app.create_org("fjord");
    app.create_person(org, "lead@fjord.example", &[Role::Leader], Some(PASSWORD));
    let victim = app.session();
    victim.login("lead@fjord.example", PASSWORD).await;
    let teams_before = app.read(|c| hverdag::domain::teams::all(c, org)).len();

    // The attack: a value of the attacker's choosing in the cookie (set from a sibling host
    // or over plain http) and the same value in the forged form.
    let planted = "A".repeat(43);
    victim.set_cookie(CSRF_COOKIE, &planted);
    let res = victim
        .post_form_without_csrf(
            "/teams",
            &[
                ("name", "Forged"),
                ("kind", "team"),
                ("csrf_token", &planted),
            ],
        )
        .await;
    assert_eq!(res.status(), 403);
    let res = victim
        .client
        .post(victim.url("/api/v1/teams"))
        .header("X-CSRF-Token", &planted)
        .json(&json!({"name": "Forged", "kind": "team"}))
        .send()
        .await
        .expect("POST");
    assert_eq!(res.status(), 403);
    assert_eq!(
        app.read(|c| hverdag::domain::teams::all(c, org)).len(),
        teams_before,
        "nothing was stored"
    );
    // A visitor who is not signed in: a planted value is not a token either.
    let stranger = app.session();
    stranger.set_cookie(CSRF_COOKIE, &planted);
    let res = stranger
        .post_form_without_csrf(
            "/login",
            &[
                ("email", "lead@fjord.example"),
                ("password", PASSWORD),
                ("csrf_token", &planted),
            ],
        )
        .await;
    assert_eq!(res.status(), 403);

    // The victim's own token is bound to their session: it changes at sign-in, and one
    // session's token does not work with another session.
    let page = text_with_status(victim.get("/teams/new").await, 200).await;
    let token = hidden_csrf(&page).expect("a token on the page");
    assert_ne!(token, planted);
    let other = app.session();
    other.login("lead@fjord.example", PASSWORD).await;
    let res = other
        .post_form_without_csrf(
            "/teams",
            &[("name", "Cross"), ("kind", "team"), ("csrf_token", &token)],
        )
        .await;
    assert_eq!(res.status(), 403);
    let res = victim
        .post_form_without_csrf(
            "/teams",
            &[("name", "Real"), ("kind", "team"), ("csrf_token", &token)],
        )
        .await;
    assert_eq!(res.status(), 303);

    // Bearer-token writes need no CSRF token (no cookie is read).
    let leader = app.create_person(org, "ci@fjord.example", &[Role::Leader], None);
    let (_, secret) = app.create_api_token(org, leader, "ci");
    let res = app
        .bearer(&secret)
        .post_json(
            "/api/v1/teams",
            &json!({"name": "By token", "kind": "team"}),
        )
        .await;
    json_with_status(res, 201).await;
}

#[tokio::test]
async fn https_sites_send_hsts_and_host_only_cookie_names() {
    for (base_url, hsts) in [(Some("https://hverdag.example"), true), (None, false)] {
        let app = TestApp::spawn_with(|config| {
            config.base_url = base_url.map(str::to_owned);
        })
        .await;
        let (client, _) = client();
        let res = client.get(app.url("/login")).send().await.expect("GET");
        assert_eq!(
            res.headers()
                .get("strict-transport-security")
                .map(|v| v.to_str().unwrap_or("").to_owned()),
            hsts.then(|| "max-age=31536000".to_owned()),
            "{base_url:?}"
        );
        let csrf: Vec<&str> = res
            .headers()
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter(|l| l.contains("hverdag_csrf="))
            .collect();
        assert_eq!(csrf.len(), 1, "{csrf:?}");
        assert_eq!(
            csrf[0].starts_with("__Host-hverdag_csrf="),
            hsts,
            "{csrf:?}"
        );
    }
}

#[tokio::test]
async fn signed_in_answers_are_marked_no_store() {
    let app = TestApp::spawn().await;
    let org = app.create_org("fjord");
    let team = app.create_team(org, "Web", TeamKind::Team, None);
    let leader = app.create_person(org, "lead@fjord.example", &[Role::Leader], Some(PASSWORD));
    let (_, secret) = app.create_api_token(org, leader, "ci");
    let api = app.bearer(&secret);
    let s = app.session();
    s.login("lead@fjord.example", PASSWORD).await;
    let period = app.read(|c| {
        let today = hverdag::domain::org::today(c, org)?;
        Ok(hverdag::domain::periods::Periods::Quarters.of(today))
    });
    let csv = format!("/meetings/export.csv?what=attendance&team={team}&period={period}");
    let answers = [
        ("bearer JSON", api.get("/api/v1/people").await),
        (
            "bearer JSON by id",
            api.get(&format!("/api/v1/teams/{team}")).await,
        ),
        ("session JSON", s.get("/api/v1/me").await),
        ("CSV export", s.get(&csv).await),
        ("page", s.get("/people").await),
        ("error", s.get("/api/v1/teams/99999").await),
    ];
    for (what, res) in answers {
        assert_eq!(
            res.headers().get(CACHE_CONTROL).map(|v| v.as_bytes()),
            Some(&b"no-store"[..]),
            "{what}: {}",
            res.status()
        );
    }
}
