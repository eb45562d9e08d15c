//! Meetings over the JSON API: a team's meetings, recording one (attendance, check-ins,
//! held), cancelling, and the same rules as the pages.

use chrono::Datelike;
use serde_json::json;

use hverdag::domain::okrs::{self, KeyResultInput, ObjectiveInput, Status};
use hverdag::domain::people::Role;
use hverdag::domain::periods::Periods;
use hverdag::domain::teams::TeamKind;

use crate::helpers::*;

#[tokio::test]
async fn a_team_records_its_meetings_over_the_api() {
    let app = TestApp::spawn().await;
    let org = app.create_org("fjord");
    let web = app.create_team(org, "Web", TeamKind::Team, None);
    let data = app.create_team(org, "Data", TeamKind::Team, None);
    let kari = app.create_person(org, "kari@fjord.example", &[Role::Member], None);
    let per = app.create_person(org, "per@fjord.example", &[Role::Member], None);
    app.add_member(org, web, kari);
    app.add_member(org, data, per);
    let kari_api = app.session_api(kari).await;
    let per_api = app.session_api(per).await;
    let today = app.read(|c| hverdag::domain::org::today(c, org));
    let okr = app.write(|c| {
        caught_up(c, |c| {
            okrs::create(
                c,
                org,
                &ObjectiveInput {
                    team_id: web,
                    period: Periods::Quarters.of(today),
                    title: "Ship".into(),
                    description: String::new(),
                    owner_id: None,
                    status: Status::Active,
                },
                None,
                &[KeyResultInput::number("Deploys", "", 1.0, 10.0)],
            )
        })
    });
    let series = json!({
        "kind": "weekly_results",
        "weekday": today.weekday().number_from_monday(),
        "start_time": "09:00",
        "duration_minutes": 15,
        "starts_on": today.to_string(),
    });
    assert_eq!(
        per_api
            .post_json(&format!("/api/v1/teams/{web}/meeting-series"), &series)
            .await
            .status(),
        403
    );
    json_with_status(
        kari_api
            .post_json(&format!("/api/v1/teams/{web}/meeting-series"), &series)
            .await,
        201,
    )
    .await;
    let list = json_with_status(
        kari_api.get(&format!("/api/v1/teams/{web}/meetings")).await,
        200,
    )
    .await;
    let meeting = list[0]["id"].as_i64().expect("a meeting");
    assert_eq!(list[0]["local_date"], today.to_string());
    assert_eq!(list[0]["state"], "scheduled");

    let bad = kari_api
        .post_json(
            &format!("/api/v1/meetings/{meeting}/record"),
            &json!({"attendance": [{"person_id": kari, "presence": "asleep"}]}),
        )
        .await;
    json_with_status(bad, 422).await;
    let recorded = kari_api
        .post_json(
            &format!("/api/v1/meetings/{meeting}/record"),
            &json!({
                "attendance": [{"person_id": kari, "presence": "present"}],
                "check_ins": [{"key_result_id": okr.key_results[0].id, "value": 4, "confidence": "on_track"}],
                "notes": "Short and sweet",
                "held": true
            }),
        )
        .await;
    let detail = json_with_status(recorded, 200).await;
    assert_eq!(detail["state"], "held");
    assert_eq!(detail["attendance"][kari.to_string()], "present");
    assert_eq!(detail["check_ins"][0]["value"], 4.0);
    let read = json_with_status(
        per_api.get(&format!("/api/v1/meetings/{meeting}")).await,
        200,
    )
    .await;
    assert_eq!(read["notes"], "Short and sweet");
    assert_eq!(
        per_api
            .post_json(
                &format!("/api/v1/meetings/{meeting}/cancel"),
                &json!({"cancelled": true})
            )
            .await
            .status(),
        403
    );
    let held = kari_api
        .post_json(
            &format!("/api/v1/meetings/{meeting}/cancel"),
            &json!({"cancelled": true}),
        )
        .await;
    json_with_status(held, 422).await;
}
