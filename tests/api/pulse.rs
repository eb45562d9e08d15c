//! Pulse surveys: a leader re-runs a closed survey with the same questions, and the results
//! are compared question by question, only once both surveys show them under their
//! anonymity rule.

use chrono::Days;
use hverdag::domain::ids::{OrgId, PersonId, SurveyId};
use hverdag::domain::org;
use hverdag::domain::people::Role;
use hverdag::domain::surveys::{
    self, QuestionInput, QuestionKind, SurveyInput, answers, invitations,
};

use crate::helpers::*;
use crate::page::Page;

fn question(kind: QuestionKind, prompt: &str, options: &str) -> QuestionInput {
    QuestionInput {
        kind,
        prompt: prompt.into(),
        options: options.into(),
        required: false,
    }
}

/// Invites `people` to `survey`, each answering the scale question with one of `scores` and
/// the choice question with option 0, then closes the survey.
fn answer_and_close(
    app: &TestApp,
    org_id: OrgId,
    survey: SurveyId,
    people: &[PersonId],
    scores: &[u8],
) {
    app.write(|c| {
        let today = org::today(c, org_id)?;
        let qs = surveys::questions(c, org_id, survey)?;
        for (recipient, score) in invitations::invite(c, org_id, survey, &[], people, today)?
            .iter()
            .zip(scores)
        {
            let submission = [
                (qs[0].id, vec![score.to_string()]),
                (qs[1].id, vec!["0".to_owned()]),
                (qs[2].id, vec!["More focus".to_owned()]),
            ]
            .into_iter()
            .collect();
            answers::submit(c, &recipient.token, &submission, chrono::Utc::now())?;
        }
        surveys::close(c, org_id, survey)
    });
}

#[tokio::test]
async fn a_pulse_survey_reruns_the_baseline_and_is_compared_with_it() {
    let app = TestApp::spawn().await;
    let acme = app.create_org("acme");
    app.create_person(acme, "leader@acme.example", &[Role::Leader], Some(PASSWORD));
    let people: Vec<PersonId> = ["a", "b", "c"]
        .iter()
        .map(|n| app.create_person(acme, &format!("{n}@acme.example"), &[Role::Member], None))
        .collect();
    let today = app.read(|c| org::today(c, acme));
    let baseline = app.write(|c| {
        surveys::create(
            c,
            acme,
            &SurveyInput {
                title: "Before the workshop".into(),
                intro: String::new(),
                anonymous: true,
                min_group_size: 3,
                opens_on: today - Days::new(10),
                closes_on: today + Days::new(4),
                reminder_days: 2,
                rollout_id: None,
            },
            &[
                question(QuestionKind::Scale, "How clear are our goals?", ""),
                question(QuestionKind::Single, "Do you know the OKRs?", "Yes\nNo"),
                question(QuestionKind::Text, "What do you need?", ""),
            ],
        )
    });
    answer_and_close(&app, acme, baseline.id, &people, &[2, 3, 4]);

    let s = app.session();
    s.login("leader@acme.example", PASSWORD).await;
    let page = text_with_status(s.get(&format!("/surveys/{}", baseline.id)).await, 200).await;
    let six_months = (today - Days::new(10))
        .checked_add_months(chrono::Months::new(6))
        .expect("a date");
    assert_eq!(
        Page::of(&page).value_of("#pulse-opens"),
        six_months.to_string()
    );

    let res = s
        .post_form(
            &format!("/surveys/{}/pulse", baseline.id),
            &[
                ("title", "Six months on"),
                ("opens_on", &today.to_string()),
                ("closes_on", "not a date"),
            ],
        )
        .await;
    assert_redirect(&res, &format!("/surveys/{}", baseline.id));
    let res = s
        .post_form(
            &format!("/surveys/{}/pulse", baseline.id),
            &[
                ("title", "Six months on"),
                ("opens_on", &today.to_string()),
                ("closes_on", &(today + Days::new(7)).to_string()),
            ],
        )
        .await;
    let pulse = id_from_location(&res, "/surveys/");
    let pulse_survey = app.read(|c| surveys::find(c, acme, pulse));
    assert_eq!(pulse_survey.baseline_id, Some(baseline.id));
    assert_eq!(pulse_survey.min_group_size, 3);
    assert!(pulse_survey.anonymous);
    let prompts = |id| {
        app.read(|c| surveys::questions(c, acme, id))
            .into_iter()
            .map(|q| (q.kind, q.prompt, q.options))
            .collect::<Vec<_>>()
    };
    assert_eq!(prompts(pulse), prompts(baseline.id), "the same questions");

    let waiting = text_with_status(s.get(&format!("/surveys/{pulse}/compare")).await, 200).await;
    assert!(
        Page::of(&waiting)
            .text_of("#comparison-hidden")
            .contains("The comparison shows once both surveys have closed")
    );

    answer_and_close(&app, acme, pulse, &people, &[4, 4, 5]);
    let compared = text_with_status(s.get(&format!("/surveys/{pulse}/compare")).await, 200).await;
    let compared = Page::of(&compared);
    assert_eq!(compared.text_of(".pulse-change"), "3.0 → 4.3 (+1.3)");
    assert!(compared.any_contains(".pulse-texts", "Free-text answers: 3 then, 3 now."));

    let leader = app
        .person_by_email("leader@acme.example")
        .expect("the leader")
        .id;
    let (_, token) = app.create_api_token(acme, leader, "api");
    let json = json_with_status(
        app.bearer(&token)
            .get(&format!("/api/v1/surveys/{pulse}/comparison"))
            .await,
        200,
    )
    .await;
    assert_eq!(json["shown"], true);
    assert_eq!(json["pairs"][0]["change"], 1.3);

    // A second pulse is suggested a year on; with one answer it stays hidden.
    let page = text_with_status(s.get(&format!("/surveys/{}", baseline.id)).await, 200).await;
    let a_year = (today - Days::new(10))
        .checked_add_months(chrono::Months::new(12))
        .expect("a date");
    assert_eq!(Page::of(&page).value_of("#pulse-opens"), a_year.to_string());
    let thin = app.write(|c| {
        surveys::pulse::create_pulse(c, acme, pulse, "A year on", today, today + Days::new(7))
    });
    assert_eq!(
        thin.baseline_id,
        Some(baseline.id),
        "pulses compare with the first survey"
    );
    answer_and_close(&app, acme, thin.id, &people[..1], &[5]);
    let hidden = text_with_status(s.get(&format!("/surveys/{}/compare", thin.id)).await, 200).await;
    let hidden = Page::of(&hidden);
    assert!(
        hidden
            .text_of("#comparison-hidden")
            .contains("each has at least 3 answers")
    );
    assert_eq!(hidden.count(".pulse-change"), 0);
    assert!(!hidden.main_text().contains("→"));

    // A survey that is no pulse has nothing to compare with.
    assert_eq!(
        s.get(&format!("/surveys/{}/compare", baseline.id))
            .await
            .status(),
        404
    );
}
