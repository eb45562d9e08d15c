//! Invitations end to end: a leader invites by email with a role and a team; the mail's
//! link (single use, through the outbox) opens a page that does not sign in by itself; the
//! invitee chooses a name and password and lands in the organisation in that role and team.
//! Sending again makes a new link and kills the old one; a withdrawn or used link says so;
//! bad input gets a message; members cannot invite; everything lands in the audit log.

use hverdag::domain::people::Role;
use reqwest::StatusCode;

use crate::helpers::*;
use crate::page::Page;

const NORA: &str = "nora@acme.example";

#[tokio::test]
async fn an_invited_person_joins_in_the_role_and_team_chosen() {
    let app = TestApp::spawn().await;
    let org = app.create_org("acme");
    app.create_person(org, "lea@acme.example", &[Role::Leader], Some(PASSWORD));
    let team = app.create_team(org, "Data", hverdag::domain::teams::TeamKind::Team, None);
    let lea = app.session();
    lea.login("lea@acme.example", PASSWORD).await;

    let team_id = team.to_string();
    let invite = [
        ("email", NORA),
        ("name", "Nora"),
        ("role", "facilitator"),
        ("team_id", team_id.as_str()),
    ];
    let res = lea.post_form("/people/invites", &invite).await;
    assert_redirect(&res, "/people/invites");
    let again = lea.post_form("/people/invites", &invite).await;
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = Page::of(&again.text().await.unwrap());
    assert!(
        page.text_of("#email-error")
            .contains("already has an invitation waiting")
    );

    let first = app.last_mail_to(NORA).await;
    let first_path = first.link_path("/invite/").expect("an invitation link");
    // Sending again: a new link, and the first one stops working.
    let page = Page::of(&lea.get("/people/invites").await.text().await.unwrap());
    let id = page.attr("tr.invite[data-status=pending]", "data-invite");
    let res = lea
        .post_form(&format!("/people/invites/{id}/resend"), &[])
        .await;
    assert_redirect(&res, "/people/invites");
    let mails = app.wait_for_mails(NORA, 2).await;
    let path = mails[1].link_path("/invite/").expect("a new link");
    assert_ne!(path, first_path);

    let nora = app.session();
    let res = nora.get(&first_path).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let page = Page::of(&nora.get(&path).await.text().await.unwrap());
    assert!(page.main_text().contains("Join"));
    assert!(
        !nora.is_logged_in().await,
        "opening the link signs nobody in"
    );
    let token = path.trim_start_matches("/invite/").to_owned();

    let short = [
        ("token", token.as_str()),
        ("name", "Nora N."),
        ("password", "short"),
    ];
    let res = nora.post_form("/invite/accept", &short).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = Page::of(&res.text().await.unwrap());
    assert!(page.has("#password-error"));

    let good = [
        ("token", token.as_str()),
        ("name", "Nora N."),
        ("password", "a long enough passphrase"),
    ];
    let res = nora.post_form("/invite/accept", &good).await;
    assert_redirect(&res, "/home");
    assert!(nora.is_logged_in().await);
    let person = app.person_by_email(NORA).expect("Nora is a person now");
    assert_eq!(person.name, "Nora N.");
    let roles = app.person(org, person.id).roles;
    assert_eq!(roles, vec![Role::Facilitator]);
    assert!(
        app.members(org, team)
            .iter()
            .any(|m| m.person_id == person.id)
    );

    let used = app.session().get(&path).await;
    assert_eq!(used.status(), StatusCode::GONE);
    assert!(used.text().await.unwrap().contains("already been accepted"));
    let page = Page::of(&lea.get("/people/invites").await.text().await.unwrap());
    assert_eq!(page.attr("tr.invite", "data-status"), "accepted");

    let audit = Page::of(
        &lea.get("/settings/audit?entity=invitation")
            .await
            .text()
            .await
            .unwrap(),
    );
    let actions = audit.attrs("tr.audit-entry", "data-action");
    assert_eq!(actions, ["accepted", "sent", "created"]);
    assert!(!audit.main_text().contains(&token));
}

#[tokio::test]
async fn a_withdrawn_invitation_stops_working_and_members_cannot_invite() {
    let app = TestApp::spawn().await;
    let org = app.create_org("acme");
    app.create_person(org, "lea@acme.example", &[Role::Leader], Some(PASSWORD));
    app.create_person(org, "kari@acme.example", &[Role::Member], Some(PASSWORD));
    let lea = app.session();
    lea.login("lea@acme.example", PASSWORD).await;

    let bad = [("email", "not an address"), ("name", ""), ("role", "king")];
    let res = lea.post_form("/people/invites", &bad).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = Page::of(&res.text().await.unwrap());
    assert!(page.has("#role-error"));
    let member = [
        ("email", "kari@acme.example"),
        ("name", "Kari"),
        ("role", "member"),
    ];
    let res = lea.post_form("/people/invites", &member).await;
    let page = Page::of(&res.text().await.unwrap());
    assert!(
        page.text_of("#email-error")
            .contains("already in the organisation")
    );

    let ok = [("email", NORA), ("name", "Nora"), ("role", "member")];
    assert_redirect(
        &lea.post_form("/people/invites", &ok).await,
        "/people/invites",
    );
    let path = app
        .last_mail_to(NORA)
        .await
        .link_path("/invite/")
        .expect("a link");
    let page = Page::of(&lea.get("/people/invites").await.text().await.unwrap());
    let id = page.attr("tr.invite", "data-invite");
    let res = lea
        .post_form(&format!("/people/invites/{id}/withdraw"), &[])
        .await;
    assert_redirect(&res, "/people/invites");
    let res = app.session().get(&path).await;
    assert_eq!(res.status(), StatusCode::GONE);
    assert!(res.text().await.unwrap().contains("withdrawn"));
    let token = path.trim_start_matches("/invite/");
    let accept = [
        ("token", token),
        ("name", "Nora"),
        ("password", "a long enough passphrase"),
    ];
    let res = app.session().post_form("/invite/accept", &accept).await;
    assert_eq!(res.status(), StatusCode::GONE);
    assert!(app.person_by_email(NORA).is_none());

    let kari = app.session();
    kari.login("kari@acme.example", PASSWORD).await;
    assert_eq!(
        kari.get("/people/invites").await.status(),
        StatusCode::FORBIDDEN
    );
    let res = kari.post_form("/people/invites", &ok).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}
