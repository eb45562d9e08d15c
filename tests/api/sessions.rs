//! Sessions a person can see and end: each browser is listed with its address and when it
//! was last used; ending one or all the others signs those browsers out at once; a leader
//! signs a person out everywhere, which the audit log keeps; nobody ends another's session.

use hverdag::domain::people::Role;
use reqwest::StatusCode;

use crate::helpers::*;
use crate::page::Page;

#[tokio::test]
async fn a_person_sees_their_browsers_and_signs_the_others_out() {
    let app = TestApp::spawn().await;
    let org = app.create_org("acme");
    let kari = app.create_person(org, "kari@acme.example", &[Role::Member], Some(PASSWORD));
    app.create_person(org, "lea@acme.example", &[Role::Leader], Some(PASSWORD));
    let (laptop, phone, tablet) = (app.session(), app.session(), app.session());
    for s in [&laptop, &phone, &tablet] {
        s.login("kari@acme.example", PASSWORD).await;
    }

    let page = Page::of(&laptop.get("/account/sessions").await.text().await.unwrap());
    assert_eq!(page.count("tr.session"), 3);
    assert_eq!(page.count("tr.session[data-current]"), 1);
    assert!(
        page.text_of("tr.session[data-current]")
            .contains("127.0.0.1")
    );
    // One of the others, ended from the list.
    let other = page.attrs("tr.session:not([data-current])", "data-session");
    let res = laptop
        .post_form(&format!("/account/sessions/{}/end", other[0]), &[])
        .await;
    assert_redirect(&res, "/account/sessions");
    let signed_in = [phone.is_logged_in().await, tablet.is_logged_in().await];
    assert_eq!(
        signed_in.iter().filter(|s| **s).count(),
        1,
        "one of the two ended"
    );

    let res = laptop.post_form("/account/sessions/end-others", &[]).await;
    assert_redirect(&res, "/account/sessions");
    assert!(!phone.is_logged_in().await && !tablet.is_logged_in().await);
    assert!(laptop.is_logged_in().await, "this browser stays signed in");

    // Someone else's session is not theirs to end.
    let lea = app.session();
    lea.login("lea@acme.example", PASSWORD).await;
    let page = Page::of(&laptop.get("/account/sessions").await.text().await.unwrap());
    let mine = page.attr("tr.session[data-current]", "data-session");
    let res = lea
        .post_form(&format!("/account/sessions/{mine}/end"), &[])
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(laptop.is_logged_in().await);

    // A leader signs Kari out everywhere; a member may not do that to anyone.
    let res = laptop
        .post_form(&format!("/people/{kari}/sessions/end"), &[])
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = lea
        .post_form(&format!("/people/{kari}/sessions/end"), &[])
        .await;
    assert_redirect(&res, &format!("/people/{kari}"));
    assert!(!laptop.is_logged_in().await);
    let audit = Page::of(&lea.get("/settings/audit").await.text().await.unwrap());
    assert!(
        audit
            .text_of("tr.audit-entry")
            .contains("signed out everywhere")
    );
}
