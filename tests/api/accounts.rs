//! One account, several organisations: the same address is added to a second organisation
//! without failing or revealing the first; signing in asks which organisation, the switcher
//! moves the session, and each organisation sees only its own; ending a membership ends its
//! sessions there only; a leader changing an address never changes the account behind it;
//! an invitation to an address that has an account joins it without a new password. And the
//! migration that split people into accounts and memberships moves the demo organisation's
//! data both ways without loss, on the backend under test.

use hverdag::domain::people::Role;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::*;
use crate::page::Page;

const KARI: &str = "kari@consult.example";

/// Two organisations, each with a leader signed in; Kari is a member of Alpha with a
/// password. Returns (alpha, bravo, alpha's leader, bravo's leader, Kari in Alpha).
async fn two_organisations(
    app: &TestApp,
) -> (
    hverdag::domain::ids::OrgId,
    hverdag::domain::ids::OrgId,
    Session,
    Session,
    hverdag::domain::ids::PersonId,
) {
    let alpha = app.create_org("alpha");
    let bravo = app.create_org("bravo");
    app.create_person(alpha, "lea@alpha.example", &[Role::Leader], Some(PASSWORD));
    app.create_person(bravo, "bo@bravo.example", &[Role::Leader], Some(PASSWORD));
    let kari = app.create_person(alpha, KARI, &[Role::Member], Some(PASSWORD));
    let (lea, bo) = (app.session(), app.session());
    lea.login("lea@alpha.example", PASSWORD).await;
    bo.login("bo@bravo.example", PASSWORD).await;
    (alpha, bravo, lea, bo, kari)
}

#[tokio::test]
async fn one_account_works_in_two_organisations_and_each_sees_only_its_own() {
    let app = TestApp::spawn().await;
    let (alpha, bravo, _lea, bo, kari_a) = two_organisations(&app).await;

    // Bravo adds Kari's address: it works exactly as for a new address, and says nothing
    // of Alpha.
    let res = bo
        .post_form(
            "/people",
            &[("name", "Kari B."), ("email", KARI), ("locale", "nb")],
        )
        .await;
    assert!(res.status().is_redirection(), "{}", res.status());
    let kari_b = app
        .read(|c| hverdag::domain::people::find_by_email(c, bravo, KARI))
        .expect("Kari in Bravo");
    let shown = text_with_status(bo.get(&format!("/people/{}", kari_b.id)).await, 200).await;
    assert!(!shown.contains("alpha") && !shown.contains("Alpha"));
    // Adding the same address twice to one organisation is the usual refusal.
    let again = bo
        .post_form("/people", &[("name", "Kari"), ("email", KARI)])
        .await;
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // The account kept its password and language: Bravo's leader set neither.
    assert_eq!(kari_b.account_id, app.person(alpha, kari_a).row.account_id);
    assert_eq!(kari_b.locale, "en");

    // Kari signs in once and is asked which organisation.
    let kari = app.session();
    let res = kari.try_login(KARI, PASSWORD).await;
    assert_redirect(&res, "/account/organisations");
    let page = Page::of(&text_with_status(kari.get("/account/organisations").await, 200).await);
    assert_eq!(page.count("li.organisation"), 2);
    assert_eq!(
        page.attr("li.organisation[data-current=true]", "data-org"),
        alpha.to_string()
    );
    let people = text_with_status(kari.get("/people").await, 200).await;
    assert!(people.contains("lea@alpha.example") && !people.contains("bo@bravo.example"));

    // The switcher moves the session to Bravo, where only Bravo is seen.
    let res = kari
        .post_form(&format!("/account/organisations/{}", kari_b.id), &[])
        .await;
    assert_redirect(&res, "/home");
    let people = text_with_status(kari.get("/people").await, 200).await;
    assert!(people.contains("bo@bravo.example") && !people.contains("lea@alpha.example"));
    let home = Page::of(&text_with_status(kari.get("/home").await, 200).await);
    assert_eq!(home.text_of("header a.org"), org_name("bravo"));
    // Alpha's ids are not found from Bravo, and nobody switches into someone else's
    // membership (Lea's), known id or not.
    let res = kari.get(&format!("/people/{kari_a}")).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let lea_id = app.person_by_email("lea@alpha.example").expect("Lea").id;
    let res = kari
        .post_form(&format!("/account/organisations/{lea_id}"), &[])
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let people = text_with_status(kari.get("/people").await, 200).await;
    assert!(people.contains("bo@bravo.example"), "still in Bravo");

    // Her second browser works in Alpha. Bravo deactivating her ends her sessions in Bravo
    // only; she still signs in, to Alpha alone.
    let other = app.session();
    assert_redirect(
        &other.try_login(KARI, PASSWORD).await,
        "/account/organisations",
    );
    let res = bo
        .post_form(&format!("/people/{}/deactivate", kari_b.id), &[])
        .await;
    assert!(res.status().is_redirection(), "{}", res.status());
    assert!(!kari.is_logged_in().await, "her session in Bravo ended");
    assert!(other.is_logged_in().await, "her session in Alpha did not");
    let again = app.session();
    again.login(KARI, PASSWORD).await;
    let page = Page::of(&text_with_status(again.get("/account/organisations").await, 200).await);
    assert_eq!(page.count("li.organisation"), 1);
}

#[tokio::test]
async fn a_leader_changing_an_address_moves_the_membership_never_the_account() {
    let app = TestApp::spawn().await;
    let (alpha, bravo, lea, bo, kari_a) = two_organisations(&app).await;
    let res = bo
        .post_form("/people", &[("name", "Kari"), ("email", KARI)])
        .await;
    assert!(res.status().is_redirection());
    let kari = app.session();
    assert_redirect(
        &kari.try_login(KARI, PASSWORD).await,
        "/account/organisations",
    );

    // Alpha's leader gives Kari's person in Alpha another address (a typo, say): her account
    // is untouched, her session in Alpha ends, and she keeps Bravo.
    let res = lea
        .post_form(
            &format!("/people/{kari_a}"),
            &[
                ("name", "Kari"),
                ("email", "kari.n@consult.example"),
                ("locale", "nb"),
                ("roles", "member"),
            ],
        )
        .await;
    assert!(res.status().is_redirection(), "{}", res.status());
    assert!(!kari.is_logged_in().await);
    let moved = app.person(alpha, kari_a);
    assert_eq!(moved.row.email, "kari.n@consult.example");
    let kept = app
        .read(|c| hverdag::domain::people::find_by_email(c, bravo, KARI))
        .expect("Kari in Bravo");
    assert_ne!(moved.row.account_id, kept.account_id);
    assert_eq!(
        kept.locale, "en",
        "Alpha's choice of language stayed in Alpha"
    );
    let back = app.session();
    back.login(KARI, PASSWORD).await;
    let people = text_with_status(back.get("/people").await, 200).await;
    assert!(people.contains("bo@bravo.example"));
    // The new address has no password anyone set: it signs in by emailed link.
    let res = app
        .session()
        .try_login("kari.n@consult.example", PASSWORD)
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);

    // Leaders set no passwords, in the form or through the API.
    let page =
        Page::of(&text_with_status(lea.get(&format!("/people/{kari_a}/edit")).await, 200).await);
    assert!(!page.has("input[name=password]"));
}

#[tokio::test]
async fn an_invitation_to_an_address_with_an_account_joins_it_without_a_new_password() {
    let app = TestApp::spawn().await;
    let (_alpha, bravo, _lea, bo, _kari_a) = two_organisations(&app).await;
    let res = bo
        .post_form(
            "/people/invites",
            &[("email", KARI), ("name", "Kari"), ("role", "facilitator")],
        )
        .await;
    assert_redirect(&res, "/people/invites");
    let path = app
        .last_mail_to(KARI)
        .await
        .link_path("/invite/")
        .expect("an invitation link");
    let kari = app.session();
    let page = Page::of(&text_with_status(kari.get(&path).await, 200).await);
    assert!(page.has("#has-account") && !page.has("input[name=password]"));
    let token = path.trim_start_matches("/invite/").to_owned();
    let res = kari
        .post_form("/invite/accept", &[("token", &token), ("name", "Kari K.")])
        .await;
    assert_redirect(&res, "/home");
    // Signed in, in Bravo, as a facilitator; the old password still opens both.
    let me = json_with_status(
        app.session_api(
            app.read(|c| hverdag::domain::people::find_by_email(c, bravo, KARI))
                .expect("Kari in Bravo")
                .id,
        )
        .await
        .get("/api/v1/me")
        .await,
        200,
    )
    .await;
    assert_eq!(me["roles"], json!(["facilitator"]));
    let again = app.session();
    assert_redirect(
        &again.try_login(KARI, PASSWORD).await,
        "/account/organisations",
    );
}

#[tokio::test]
async fn a_person_sets_their_own_password() {
    let app = TestApp::spawn().await;
    let (_alpha, _bravo, lea, _bo, _kari) = two_organisations(&app).await;
    let other = app.session();
    other.login("lea@alpha.example", PASSWORD).await;
    let wrong = lea
        .post_form(
            "/account/password",
            &[
                ("current", "not my password"),
                ("new", "a new long passphrase"),
            ],
        )
        .await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(Page::of(&wrong.text().await.unwrap()).has("#current-error"));
    let short = lea
        .post_form(
            "/account/password",
            &[("current", PASSWORD), ("new", "short")],
        )
        .await;
    assert_eq!(short.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = lea
        .post_form(
            "/account/password",
            &[("current", PASSWORD), ("new", "a new long passphrase")],
        )
        .await;
    assert_redirect(&res, "/account/sessions");
    assert!(lea.is_logged_in().await && !other.is_logged_in().await);
    let res = app.session().try_login("lea@alpha.example", PASSWORD).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    app.session()
        .login("lea@alpha.example", "a new long passphrase")
        .await;
}

/// What the migration must keep: every person with their address, name, language,
/// password hash and state, every session, and the rows that hang off people.
#[derive(Debug, PartialEq, diesel::QueryableByName)]
struct PersonRecord {
    #[diesel(sql_type = diesel::sql_types::Integer)]
    id: i32,
    #[diesel(sql_type = diesel::sql_types::Integer)]
    org_id: i32,
    #[diesel(sql_type = diesel::sql_types::Text)]
    email: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    locale: String,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    password_hash: Option<String>,
    #[diesel(sql_type = diesel::sql_types::Bool)]
    active: bool,
}

#[derive(Debug, PartialEq, diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// Tables whose rows point at people: a careless rebuild of `people` would cascade into them.
const DEPENDENT: &[&str] = &[
    "person_roles",
    "team_memberships",
    "team_ambassadors",
    "sessions",
    "api_tokens",
    "attendance",
    "check_ins",
    "objectives",
    "survey_invitations",
    "audit_log",
];

fn counts(c: &mut hverdag::db::DbConn) -> Vec<(String, i64)> {
    use diesel::RunQueryDsl;
    DEPENDENT
        .iter()
        .map(|t| {
            let n: Count = diesel::sql_query(format!("SELECT COUNT(*) AS n FROM {t}"))
                .get_result(c)
                .expect("a count");
            ((*t).to_owned(), n.n)
        })
        .collect()
}

#[tokio::test]
async fn the_accounts_migration_moves_the_demo_data_both_ways_without_loss() {
    use diesel::RunQueryDsl;
    use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};
    const SQLITE: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
    const POSTGRES: EmbeddedMigrations = embed_migrations!("migrations/postgres");

    let app = TestApp::spawn().await;
    app.write(hverdag::domain::demo::load);
    let leader = app
        .person_by_email(hverdag::domain::demo::DEMO_LOGINS[0].0)
        .expect("the demo leader");
    let session =
        app.write(|c| hverdag::domain::auth::start_session(c, &leader, &Default::default()));
    let migrations = || if app.is_postgres() { POSTGRES } else { SQLITE };
    let now_query = "SELECT p.id, p.org_id, a.email, p.name, a.locale, a.password_hash, p.active \
                     FROM people p JOIN accounts a ON a.id = p.account_id ORDER BY p.id";
    let before: Vec<PersonRecord> = app.read(|c| Ok(diesel::sql_query(now_query).load(c)?));
    let before_counts = app.read(|c| Ok(counts(c)));
    assert!(before.len() > 20, "the demo has its people");

    // Back to one organisation per address: the old `people` holds the same people.
    app.read(|c| {
        // Later migrations first, down to (and including) the accounts one.
        loop {
            let reverted = c
                .revert_last_migration(migrations())
                .map_err(|e| hverdag::domain::Error::Internal(e.to_string()))?;
            if reverted.to_string().contains("000038") {
                return Ok(());
            }
        }
    });
    let old: Vec<PersonRecord> = app.read(|c| {
        Ok(diesel::sql_query(
            "SELECT id, org_id, email, name, locale, password_hash, active FROM people ORDER BY id",
        )
        .load(c)?)
    });
    assert_eq!(old, before);
    assert_eq!(app.read(|c| Ok(counts(c))), before_counts);

    // And forward again, from the old layout, as a deployment upgrading would.
    app.read(|c| {
        c.run_pending_migrations(migrations())
            .map_err(|e| hverdag::domain::Error::Internal(e.to_string()))?;
        Ok(())
    });
    let after: Vec<PersonRecord> = app.read(|c| Ok(diesel::sql_query(now_query).load(c)?));
    assert_eq!(after, before);
    assert_eq!(app.read(|c| Ok(counts(c))), before_counts);
    // The session survived, and the demo leader signs in with the same password.
    let who = app.read(|c| hverdag::domain::auth::session_identity(c, &session, None));
    assert_eq!(who.map(|i| i.person_id), Some(leader.id));
    app.session()
        .login(
            hverdag::domain::demo::DEMO_LOGINS[0].0,
            hverdag::domain::demo::DEMO_PASSWORD,
        )
        .await;
    // New accounts continue after the copied ids.
    let bravo = app.create_org("bravo");
    let new = app.create_person(bravo, "new@bravo.example", &[Role::Member], None);
    let account = app.person(bravo, new).row.account_id;
    assert!(account.0 > before.iter().map(|p| p.id).max().unwrap_or(0));
}
