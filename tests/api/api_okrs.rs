//! The OKR register and check-ins over the JSON API, with bearer tokens: the same rules as
//! the pages (team members write, others read, owners check in) and 422s with fields.

use reqwest::Method;
use serde_json::json;

use hverdag::domain::people::Role;
use hverdag::domain::teams::TeamKind;

use crate::helpers::*;

#[tokio::test]
async fn objectives_key_results_and_check_ins_over_the_api() {
    let app = TestApp::spawn().await;
    let org = app.create_org("fjord");
    let web = app.create_team(org, "Web", TeamKind::Team, None);
    let data = app.create_team(org, "Data", TeamKind::Team, None);
    let kari = app.create_person(org, "kari@fjord.example", &[Role::Member], None);
    let per = app.create_person(org, "per@fjord.example", &[Role::Member], None);
    app.add_member(org, web, kari);
    app.add_member(org, data, per);
    // Only leaders hold API tokens; members use the API through their sessions.
    let kari_api = app.session_api(kari).await;
    let per_api = app.session_api(per).await;

    let bad = kari_api
        .post_json(
            "/api/v1/objectives",
            &json!({"team_id": web, "period": "2027-Q7", "title": ""}),
        )
        .await;
    let body = json_with_status(bad, 422).await;
    assert!(body.to_string().contains("period"), "{body}");
    let created = kari_api
        .post_json(
            "/api/v1/objectives",
            &json!({"team_id": web, "period": "2027-Q1", "title": "Faster releases", "owner_id": kari}),
        )
        .await;
    let objective = json_with_status(created, 201).await;
    let id = objective["objective"]["id"].as_i64().expect("an id");
    assert_eq!(objective["objective"]["status"], "active");

    // Per, in another team, reads but does not write.
    let denied = per_api
        .post_json(
            &format!("/api/v1/objectives/{id}/key-results"),
            &json!({"title": "X", "start": 1, "target": 2}),
        )
        .await;
    assert_eq!(denied.status(), 403);
    let kr = json_with_status(
        kari_api
            .post_json(
                &format!("/api/v1/objectives/{id}/key-results"),
                &json!({"title": "Deploys per week", "start": 3, "target": 15, "owner_id": kari}),
            )
            .await,
        201,
    )
    .await;
    let kr_id = kr["id"].as_i64().expect("an id");
    let check_in = kari_api
        .post_json(
            &format!("/api/v1/key-results/{kr_id}/check-ins"),
            &json!({"value": 9, "confidence": "at_risk", "note": "Pipeline flaky"}),
        )
        .await;
    json_with_status(check_in, 201).await;
    let wrong = kari_api
        .post_json(
            &format!("/api/v1/key-results/{kr_id}/check-ins"),
            &json!({"value": 9, "confidence": "maybe"}),
        )
        .await;
    json_with_status(wrong, 422).await;
    assert_eq!(
        per_api
            .post_json(
                &format!("/api/v1/key-results/{kr_id}/check-ins"),
                &json!({"value": 1, "confidence": "on_track"})
            )
            .await
            .status(),
        403
    );

    let history = json_with_status(
        per_api
            .get(&format!("/api/v1/key-results/{kr_id}/check-ins"))
            .await,
        200,
    )
    .await;
    assert_eq!(history[0]["value"], 9.0);
    let register = json_with_status(
        per_api
            .get(&format!("/api/v1/okrs?team={web}&period=2027-Q1"))
            .await,
        200,
    )
    .await;
    assert_eq!(register[0]["key_results"][0]["current_value"], 9.0);
    assert_eq!(register[0]["key_results"][0]["progress"], 0.5);
    assert_eq!(register[0]["progress"], 0.5);

    // Organisation objectives: leaders only; a team objective aligns to one.
    let lead = app.create_person(org, "lead@fjord.example", &[Role::Leader], None);
    let lead_api = app.bearer(&app.create_api_token(org, lead, "lead").1);
    let company = json!({"period": "2027-Q1", "title": "Customers choose us again"});
    assert_eq!(
        kari_api
            .post_json("/api/v1/organisation-objectives", &company)
            .await
            .status(),
        403
    );
    let created = json_with_status(
        lead_api
            .post_json("/api/v1/organisation-objectives", &company)
            .await,
        201,
    )
    .await;
    let aligned = kari_api
        .send(
            Method::PUT,
            &format!("/api/v1/objectives/{id}/alignment"),
            Some(&json!({"aligned_to": created["id"]})),
        )
        .await;
    assert_eq!(
        json_with_status(aligned, 200).await["objective"]["aligned_to"],
        created["id"]
    );
    let overview = json_with_status(
        per_api
            .get("/api/v1/organisation-objectives?period=2027-Q1")
            .await,
        200,
    )
    .await;
    assert_eq!(
        overview[0]["teams"][0][1]["objective"]["title"],
        "Faster releases"
    );
    assert_eq!(overview[0]["progress"], 0.5);

    // Patches change only what they name; archiving takes it out of the register.
    let patched = kari_api
        .send(
            Method::PATCH,
            &format!("/api/v1/objectives/{id}"),
            Some(&json!({"status": "done", "owner_id": null})),
        )
        .await;
    let patched = json_with_status(patched, 200).await;
    assert_eq!(patched["objective"]["status"], "done");
    assert_eq!(patched["objective"]["owner_id"], json!(null));
    assert_eq!(patched["objective"]["title"], "Faster releases");
    let archived = kari_api
        .send(
            Method::PATCH,
            &format!("/api/v1/key-results/{kr_id}"),
            Some(&json!({"archived": true})),
        )
        .await;
    assert!(json_with_status(archived, 200).await["archived_at"].is_string());
    let register = json_with_status(
        kari_api
            .get(&format!("/api/v1/okrs?team={web}&period=2027-Q1"))
            .await,
        200,
    )
    .await;
    assert_eq!(register[0]["key_results"].as_array().map(Vec::len), Some(0));
    assert_eq!(
        kari_api
            .get(&format!("/api/v1/okrs?team={web}&period=soon"))
            .await
            .status(),
        400
    );
}
