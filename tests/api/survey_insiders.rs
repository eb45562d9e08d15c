//! Issue #15: an anonymous survey must hold against a curious leader. Each test is written as
//! the attack: re-opening a survey whose results were shown to let one more person answer,
//! watching who gets reminded, linking rows of the export, and a "group" of two. See
//! docs/security.md, "Insiders: survey anonymity".

use chrono::Days;
use diesel::prelude::*;
use hverdag::db::schema::{mail_outbox, survey_invitations, surveys as surveys_table};
use hverdag::domain::ids::{OrgId, PersonId, SurveyId, TeamId};
use hverdag::domain::people::Role;
use hverdag::domain::surveys::{
    self, QuestionInput, QuestionKind, SurveyInput, answers, invitations,
};
use hverdag::domain::teams::TeamKind;
use hverdag::domain::{Error, org};
use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::*;
use crate::page::Page;

const LEADER: &str = "leader@insider.example";

struct Org {
    app: TestApp,
    org: OrgId,
    leader: Session,
    /// Per team: its id and its members' (person id, email).
    teams: Vec<(TeamId, Vec<(PersonId, String)>)>,
    /// Someone in the Web team who is not invited at first: the one the leader wants to expose.
    target: (PersonId, String),
}

/// Teams Web (6 people and the target) and App (2 people).
async fn org() -> Org {
    let app = TestApp::spawn().await;
    let org = app.create_org("insider");
    app.create_person(org, LEADER, &[Role::Leader], Some(PASSWORD));
    let mut teams = Vec::new();
    for (name, size) in [("Web", 6), ("App", 2)] {
        let team = app.create_team(org, name, TeamKind::Team, None);
        let mut members = Vec::new();
        for i in 0..size {
            let email = format!("{}{i}@insider.example", name.to_lowercase());
            let id = app.create_person(org, &email, &[Role::Member], None);
            app.add_member(org, team, id);
            members.push((id, email));
        }
        teams.push((team, members));
    }
    let target_email = "bob@insider.example".to_owned();
    let target = app.create_person(org, &target_email, &[Role::Member], None);
    app.add_member(org, teams[0].0, target);
    let leader = app.session();
    leader.login(LEADER, PASSWORD).await;
    Org {
        app,
        org,
        leader,
        teams,
        target: (target, target_email),
    }
}

fn question(kind: QuestionKind, prompt: &str, options: &str) -> QuestionInput {
    QuestionInput {
        kind,
        prompt: prompt.into(),
        options: options.into(),
        required: false,
    }
}

/// An open anonymous survey (smallest group 5) with a scale, a choice and two text questions.
fn survey(o: &Org) -> SurveyId {
    let today = o.app.read(|c| org::today(c, o.org));
    o.app.write(|c| {
        Ok(surveys::create(
            c,
            o.org,
            &SurveyInput {
                title: "Before the workshop".into(),
                intro: String::new(),
                anonymous: true,
                min_group_size: 5,
                opens_on: today - Days::new(7),
                closes_on: today + Days::new(7),
                reminder_days: 2,
                rollout_id: None,
            },
            &[
                question(QuestionKind::Scale, "How clear are our goals?", ""),
                question(QuestionKind::Single, "Have you used OKRs?", "Yes\nNo"),
                question(QuestionKind::Text, "What do you expect?", ""),
                question(QuestionKind::Text, "What worries you?", ""),
            ],
        )?
        .id)
    })
}

/// Invites `people` and has each answer with `score` and two texts naming them.
fn invite_and_answer(o: &Org, survey: SurveyId, people: &[(PersonId, String)], score: u8) {
    let ids: Vec<PersonId> = people.iter().map(|(id, _)| *id).collect();
    o.app.write(|c| {
        let today = org::today(c, o.org)?;
        let qs = surveys::questions(c, o.org, survey)?;
        for r in invitations::invite(c, o.org, survey, &[], &ids, today)? {
            let who = r.person.email.clone();
            let submission = [
                (qs[0].id, vec![score.to_string()]),
                (qs[1].id, vec!["0".to_owned()]),
                (qs[2].id, vec![format!("Expectation of {who}")]),
                (qs[3].id, vec![format!("Worry of {who}")]),
            ]
            .into_iter()
            .collect();
            answers::submit(c, &r.token, &submission, chrono::Utc::now())?;
        }
        Ok(())
    });
}

/// Moves a survey's closing date to yesterday: it closes by its date, as most surveys do.
fn close_by_date(o: &Org, survey: SurveyId) {
    let today = o.app.read(|c| org::today(c, o.org));
    o.app.write(|c| {
        diesel::update(surveys_table::table.find(survey))
            .set(surveys_table::closes_on.eq(today - Days::new(1)))
            .execute(c)?;
        Ok(())
    });
}

fn settings(
    opens_on: chrono::NaiveDate,
    closes_on: chrono::NaiveDate,
    min: &str,
) -> Vec<(&'static str, String)> {
    vec![
        ("title", "Before the workshop".to_owned()),
        ("anonymous", "on".to_owned()),
        ("min_group_size", min.to_owned()),
        ("opens_on", opens_on.to_string()),
        ("closes_on", closes_on.to_string()),
        ("reminder_days", "2".to_owned()),
        ("rollout_id", String::new()),
    ]
}

async fn post(s: &Session, path: &str, fields: &[(&'static str, String)]) -> reqwest::Response {
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    s.post_form(path, &refs).await
}

async fn results(o: &Org, survey: SurveyId) -> Value {
    json_with_status(
        o.leader
            .get(&format!("/api/v1/surveys/{survey}/results"))
            .await,
        200,
    )
    .await
}

const FINAL: &str = "this survey is final";
/// Only in the refusal (not in the note on a final survey's page).
const REFUSED: &str = "invite more people or send reminders";

/// Finding 1: the results of a closed survey have been read; the leader extends the closing
/// date (or re-opens it), invites one chosen person, waits for the answer, and reads the
/// results again — the difference would be that person's answers. Every step is refused.
#[tokio::test]
async fn reopening_a_survey_whose_results_were_shown_to_single_out_one_answer_is_refused() {
    let o = org().await;
    let survey = survey(&o);
    let web: Vec<(PersonId, String)> = o.teams[0].1.clone();
    invite_and_answer(&o, survey, &web[..5], 3);
    close_by_date(&o, survey);
    let before = results(&o, survey).await;
    assert_eq!(
        (before["shown"].clone(), before["responses"].clone()),
        (Value::Bool(true), 5.into())
    );

    // Extending the closing date (which would re-open it) is refused, with the way forward.
    let today = o.app.read(|c| org::today(c, o.org));
    let opens = o.app.read(|c| surveys::find(c, o.org, survey)).opens_on;
    let page = text_with_status(
        post(
            &o.leader,
            &format!("/surveys/{survey}"),
            &settings(opens, today + Days::new(7), "5"),
        )
        .await,
        422,
    )
    .await;
    let form = Page::of(&page);
    assert!(form.has_field_error(FINAL), "{page}");
    assert!(form.has_field_error("make a new survey"));
    // So is lowering or raising the smallest group, which would regroup what was seen.
    let page = text_with_status(
        post(
            &o.leader,
            &format!("/surveys/{survey}"),
            &settings(opens, today - Days::new(1), "6"),
        )
        .await,
        422,
    )
    .await;
    assert!(Page::of(&page).has_field_error(FINAL));
    // The title may still change.
    let mut retitled = settings(opens, today - Days::new(1), "5");
    retitled[0].1 = "Before the workshop (done)".into();
    assert_redirect(
        &post(&o.leader, &format!("/surveys/{survey}"), &retitled).await,
        &format!("/surveys/{survey}"),
    );

    // Even if the date moved behind the application's back (or the time zone changed), the
    // survey stays closed: showing the results stamped it closed.
    o.app.write(|c| {
        diesel::update(surveys_table::table.find(survey))
            .set(surveys_table::closes_on.eq(today + Days::new(7)))
            .execute(c)?;
        Ok(())
    });
    // One invitation to the chosen person, and a reminder: both refused.
    let invite = o
        .leader
        .post_form(
            &format!("/surveys/{survey}/invitations"),
            &[("person_ids", &o.target.0.to_string())],
        )
        .await;
    assert_redirect(&invite, &format!("/surveys/{survey}"));
    let page = text_with_status(o.leader.get(&format!("/surveys/{survey}")).await, 200).await;
    assert!(
        Page::of(&page).flash().contains(REFUSED),
        "the refusal says why: {page}"
    );
    let remind = o
        .leader
        .post_form(&format!("/surveys/{survey}/remind"), &[])
        .await;
    assert_redirect(&remind, &format!("/surveys/{survey}"));
    let page = text_with_status(o.leader.get(&format!("/surveys/{survey}")).await, 200).await;
    let shown = Page::of(&page);
    assert!(shown.flash().contains(REFUSED));
    assert!(
        shown.main_text().contains(FINAL),
        "the page says the survey is final"
    );
    assert_eq!(
        shown.count("form[action$='/remind']"),
        0,
        "and offers no reminder"
    );
    let target = o.target.0;
    let invited: i64 = o.app.read(|c| {
        Ok(survey_invitations::table
            .filter(survey_invitations::person_id.eq(target))
            .count()
            .get_result(c)?)
    });
    assert_eq!(invited, 0, "the target was not invited");
    let reminders: i64 = o.app.read(|c| {
        Ok(mail_outbox::table
            .filter(mail_outbox::kind.eq("survey_reminder"))
            .count()
            .get_result(c)?)
    });
    assert_eq!(reminders, 0);
    // The domain refuses too, whatever the front end.
    let refused = o.app.read(|c| {
        let today = org::today(c, o.org)?;
        Ok(invitations::invite(c, o.org, survey, &[], &[target], today).err())
    });
    assert!(matches!(refused, Some(Error::Invalid(_))), "{refused:?}");
    let after = results(&o, survey).await;
    assert_eq!(after["responses"], 5);
    let counts = |r: &Value| -> Vec<(Value, Value, Value)> {
        r["questions"]
            .as_array()
            .map(|qs| {
                qs.iter()
                    .map(|q| {
                        (
                            q["answered"].clone(),
                            q["bars"].clone(),
                            q["average"].clone(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(counts(&after), counts(&before), "nothing changed");

    // The way forward the refusal names: a new survey with the same questions (a pulse).
    let res = o
        .leader
        .post_form(
            &format!("/surveys/{survey}/pulse"),
            &[
                ("title", "Asking again"),
                ("opens_on", &today.to_string()),
                ("closes_on", &(today + Days::new(7)).to_string()),
            ],
        )
        .await;
    let pulse: SurveyId = id_from_location(&res, "/surveys/");
    let invite = o
        .leader
        .post_form(
            &format!("/surveys/{pulse}/invitations"),
            &[("person_ids", &o.target.0.to_string())],
        )
        .await;
    assert_redirect(&invite, &format!("/surveys/{pulse}"));
    let invited: i64 = o.app.read(|c| {
        Ok(survey_invitations::table
            .filter(survey_invitations::survey_id.eq(pulse))
            .count()
            .get_result(c)?)
    });
    assert_eq!(invited, 1, "the new survey takes invitations");

    // A survey closed with too few answers showed nothing, so it may still be extended.
    let thin = self::survey(&o);
    invite_and_answer(&o, thin, &o.teams[1].1, 4);
    close_by_date(&o, thin);
    assert_eq!(results(&o, thin).await["shown"], false);
    let thin_opens = o.app.read(|c| surveys::find(c, o.org, thin)).opens_on;
    let extend = settings(thin_opens, today + Days::new(7), "5");
    assert_redirect(
        &post(&o.leader, &format!("/surveys/{thin}"), &extend).await,
        &format!("/surveys/{thin}"),
    );
}

/// Finding 1, reminders: a leader who sees who got a reminder knows who has not answered.
/// The outbox hides survey reminders' recipients, and response rates show no team so small
/// that its rate tells whether one person answered.
#[tokio::test]
async fn who_was_reminded_and_small_teams_rates_are_not_shown() {
    let o = org().await;
    let survey = survey(&o);
    let web = o.teams[0].1.clone();
    let app_team = o.teams[1].1.clone();
    // Everyone is invited; two of Web answer, App's two do not.
    invite_and_answer(&o, survey, &web[..2], 4);
    let rest: Vec<PersonId> = web[2..]
        .iter()
        .chain(app_team.iter())
        .map(|(id, _)| *id)
        .collect();
    let ids: Vec<String> = rest.iter().map(PersonId::to_string).collect();
    let fields: Vec<(&str, &str)> = ids.iter().map(|id| ("person_ids", id.as_str())).collect();
    let res = o
        .leader
        .post_form(&format!("/surveys/{survey}/invitations"), &fields)
        .await;
    assert_redirect(&res, &format!("/surveys/{survey}"));
    let res = o
        .leader
        .post_form(&format!("/surveys/{survey}/remind"), &[])
        .await;
    assert_redirect(&res, &format!("/surveys/{survey}"));
    let reminders: Vec<String> = o.app.read(|c| {
        Ok(mail_outbox::table
            .filter(mail_outbox::kind.eq("survey_reminder"))
            .select(mail_outbox::to_address)
            .load(c)?)
    });
    assert_eq!(reminders.len(), 6, "the reminders went out");

    let page = text_with_status(o.leader.get("/settings/outbox").await, 200).await;
    assert_eq!(
        page.matches("hidden (survey reminder").count(),
        6,
        "each reminder is listed without its recipient"
    );
    for (_, email) in web[2..].iter().chain(app_team.iter()) {
        // Invited by the leader's choice: listed once, for the invitation, never again for
        // the reminder that shows they have not answered.
        assert_eq!(page.matches(email.as_str()).count(), 1, "{email}");
    }

    // App (2 invited) has no rate of its own: it is counted under "other teams".
    let open = results(&o, survey).await;
    let rates = open["rates"].as_array().cloned().unwrap_or_default();
    assert!(
        rates
            .iter()
            .all(|r| r["team"] != "App" && r["invited"].as_i64().unwrap_or(0) >= 5),
        "a two-person team's rate would tell about each of them: {rates:?}"
    );
    // Web (6) alone would leave App's two as "other teams": Web folds in too, and the
    // overall rate is all there is.
    assert_eq!(rates.len(), 0, "{rates:?}");
    assert_eq!(open["responses"], 2);
}

/// Finding 2: the old `results.csv` had one row per respondent with their team and every
/// answer, so rows could be told apart and linked. Now it holds aggregates only, and the
/// written answers come in `texts.csv` with no team and no link between answers.
#[tokio::test]
async fn the_exports_have_no_row_per_respondent_and_texts_carry_no_team() {
    let o = org().await;
    let survey = survey(&o);
    let web = o.teams[0].1.clone();
    invite_and_answer(&o, survey, &web, 2);
    invite_and_answer(&o, survey, &o.teams[1].1, 5);
    close_by_date(&o, survey);

    let res = o
        .leader
        .get(&format!("/surveys/{survey}/results.csv"))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let csv = res.text().await.expect("CSV");
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("Group,Responses,No.,Question,Answer,Count,Percent,Average")
    );
    // Groups: everyone (8) and Web (6)? "Other" would be App alone (2), so Web folds in:
    // only "Everyone". Rows: 5 (scale) + 2 (choice) + 1 + 1 (texts), whatever the responses.
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 9, "{csv}");
    assert!(rows.iter().all(|r| r.starts_with("Everyone,8,")), "{csv}");
    assert!(
        rows.contains(&"Everyone,8,1,How clear are our goals?,2,6,75.0,2.8"),
        "{csv}"
    );
    assert!(
        !csv.contains("Expectation of") && !csv.contains("App"),
        "{csv}"
    );

    let res = o.leader.get(&format!("/surveys/{survey}/texts.csv")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let texts = res.text().await.expect("CSV");
    let mut lines = texts.lines();
    assert_eq!(
        lines.next(),
        Some("No.,Question,Answer"),
        "no team, no name"
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 16, "two texts from each of 8: {texts}");
    assert!(rows.iter().all(|r| r.split(',').count() == 3), "{texts}");
    assert!(!texts.contains("Web") && !texts.contains("App"), "{texts}");
    for (_, email) in &web {
        assert_eq!(texts.matches(&format!("Expectation of {email}")).count(), 1);
    }
    // The page offers the same and no more: both files, and no group below the size.
    let page = text_with_status(
        o.leader.get(&format!("/surveys/{survey}/results")).await,
        200,
    )
    .await;
    let results = Page::of(&page);
    assert!(results.has(&format!("a[href='/surveys/{survey}/texts.csv']")));
    let groups = results.attrs("#result-groups a", "href");
    assert!(!groups.is_empty());
    assert!(
        groups.iter().all(|g| !g.contains("?group=team-")),
        "no team shown on its own: {groups:?}"
    );
}

/// Finding 3: a "group" of two lets each of the two read the other's answers. Two is refused,
/// and once anyone is invited (so before anyone can answer) the size can only grow.
#[tokio::test]
async fn a_smallest_group_of_two_is_refused_and_never_lowered_after_answers() {
    let o = org().await;
    let today = o.app.read(|c| org::today(c, o.org));
    let mut fields = settings(today, today + Days::new(10), "2");
    fields.push(("template", "blank".to_owned()));
    let page = text_with_status(post(&o.leader, "/surveys", &fields).await, 422).await;
    assert!(
        Page::of(&page).has_field_error("Choose a number between 3 and 50"),
        "{page}"
    );
    let refused = o.app.read(|c| {
        Ok(surveys::create(
            c,
            o.org,
            &SurveyInput {
                title: "Pairs".into(),
                intro: String::new(),
                anonymous: true,
                min_group_size: 2,
                opens_on: today,
                closes_on: today + Days::new(7),
                reminder_days: 2,
                rollout_id: None,
            },
            &[],
        )
        .err())
    });
    assert!(matches!(refused, Some(Error::Invalid(_))));
    // The same in Norwegian.
    o.leader.post_form("/locale", &[("lang", "nb")]).await;
    let page = text_with_status(post(&o.leader, "/surveys", &fields).await, 422).await;
    assert!(
        Page::of(&page).has_field_error("Velg et tall mellom 3 og 50"),
        "{page}"
    );

    let survey = survey(&o);
    invite_and_answer(&o, survey, &o.teams[1].1[..1], 4);
    let opens = o.app.read(|c| surveys::find(c, o.org, survey)).opens_on;
    for min in ["4", "3"] {
        let lower = settings(opens, today + Days::new(7), min);
        let page = text_with_status(
            post(&o.leader, &format!("/surveys/{survey}"), &lower).await,
            422,
        )
        .await;
        assert!(
            Page::of(&page).has_field_error("minste gruppe kan bare bli større"),
            "{min}: {page}"
        );
    }
}
