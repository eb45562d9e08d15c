//! The pre-workshop survey end to end: create, invite (mail through the outbox), answer by
//! personal link without an account, results within the anonymity rule, reminders only to
//! those who have not answered, and clear pages for links that cannot be used.

use diesel::prelude::*;
use hverdag::db::schema::{survey_invitations, survey_responses};
use hverdag::domain::ids::{QuestionId, SurveyId, TeamId};
use hverdag::domain::people::Role;
use hverdag::domain::teams::TeamKind;
use hverdag::jobs::scheduler;
use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::*;
use crate::page::Page;

const LEADER: &str = "leader@fjord.example";

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

struct Org {
    app: TestApp,
    leader: Session,
    /// Team name and its members' emails.
    teams: Vec<(TeamId, Vec<String>)>,
}

/// An organisation with three teams: Web (6 people), Data (5) and App (2).
async fn org() -> Org {
    let app = TestApp::spawn().await;
    let org = app.create_org("fjord");
    app.create_person(org, LEADER, &[Role::Leader], Some(PASSWORD));
    let mut teams = Vec::new();
    for (name, size) in [("Web", 6), ("Data", 5), ("App", 2)] {
        let team = app.create_team(org, name, TeamKind::Team, None);
        let mut emails = Vec::new();
        for i in 0..size {
            let email = format!("{}{i}@fjord.example", name.to_lowercase());
            let id = app.create_person(org, &email, &[Role::Member], None);
            app.add_member(org, team, id);
            emails.push(email);
        }
        teams.push((team, emails));
    }
    let leader = app.session();
    leader.login(LEADER, PASSWORD).await;
    Org { app, leader, teams }
}

async fn create_survey(o: &Org, anonymous: bool) -> SurveyId {
    let today = chrono::Utc::now().date_naive();
    let mut fields = vec![
        ("title", "Before we start".to_owned()),
        ("template", "pre-workshop".to_owned()),
        ("language", "en".to_owned()),
        ("min_group_size", "5".to_owned()),
        ("opens_on", today.to_string()),
        ("closes_on", (today + chrono::Days::new(10)).to_string()),
        ("reminder_days", "3".to_owned()),
        ("rollout_id", String::new()),
    ];
    if anonymous {
        fields.push(("anonymous", "on".to_owned()));
    }
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let res = o.leader.post_form("/surveys", &refs).await;
    id_from_location(&res, "/surveys/")
}

async fn invite_all(o: &Org, survey: SurveyId) {
    let ids: Vec<String> = o.teams.iter().map(|(t, _)| t.to_string()).collect();
    let fields: Vec<(&str, &str)> = ids.iter().map(|id| ("team_ids", id.as_str())).collect();
    let res = o
        .leader
        .post_form(&format!("/surveys/{survey}/invitations"), &fields)
        .await;
    assert_redirect(&res, &format!("/surveys/{survey}"));
}

/// Answers through the mailed link as an anonymous visitor; returns the status.
async fn answer(o: &Org, email: &str, fields: &[(&str, &str)]) -> StatusCode {
    let path = o
        .app
        .last_mail_to(email)
        .await
        .link_path("/s/")
        .expect("a survey link in the mail");
    let visitor = o.app.session();
    assert_eq!(visitor.get(&path).await.status(), StatusCode::OK);
    visitor.post_form(&path, fields).await.status()
}

/// A full answer to the pre-workshop template (questions 1–8 in order).
fn full(qs: &[QuestionId], scale: &'static str, text: &'static str) -> Vec<(String, String)> {
    vec![
        (format!("q{}", qs[0]), scale.into()),
        (format!("q{}", qs[1]), "1".into()),
        (format!("q{}", qs[2]), text.into()),
        (format!("q{}", qs[4]), "0".into()),
        (format!("q{}", qs[4]), "3".into()),
        (format!("q{}", qs[5]), "4".into()),
        (format!("q{}", qs[6]), "2".into()),
    ]
}

async fn question_ids(o: &Org, survey: SurveyId) -> Vec<QuestionId> {
    let detail = json_with_status(
        o.leader.get(&format!("/api/v1/surveys/{survey}")).await,
        200,
    )
    .await;
    detail["questions"]
        .as_array()
        .expect("questions")
        .iter()
        .map(|q| id_in(&q["id"]))
        .collect()
}

async fn answer_full(
    o: &Org,
    qs: &[QuestionId],
    email: &str,
    scale: &'static str,
    text: &'static str,
) {
    let fields = full(qs, scale, text);
    let refs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        answer(o, email, &refs).await,
        StatusCode::OK,
        "{email} could not answer"
    );
}

#[tokio::test]
async fn the_pre_workshop_survey_from_invitation_to_results() {
    let o = org().await;
    let survey = create_survey(&o, true).await;
    let qs = question_ids(&o, survey).await;
    assert_eq!(qs.len(), 8, "the template's questions");
    invite_all(&o, survey).await;
    let page = text_with_status(o.leader.get(&format!("/surveys/{survey}")).await, 200).await;
    assert_eq!(
        Page::of(&page).text_of("[data-stat=invited] .stat-value"),
        "13",
        "13 invited"
    );

    // Web: 5 answer, Data: 5 answer, App: 2 answer.
    let (web, data, app) = (&o.teams[0].1, &o.teams[1].1, &o.teams[2].1);
    for email in web.iter().take(5) {
        answer_full(&o, &qs, email, "5", "Clearer priorities").await;
    }
    for email in data.iter().chain(app.iter()) {
        answer_full(&o, &qs, email, "2", "More meetings").await;
    }

    // While people are still answering, nothing but counts is shown.
    let open = json_with_status(
        o.leader
            .get(&format!("/api/v1/surveys/{survey}/results"))
            .await,
        200,
    )
    .await;
    assert_eq!(
        (open["closed"].clone(), open["shown"].clone()),
        (Value::Bool(false), Value::Bool(false))
    );
    assert_eq!(open["questions"], Value::Array(vec![]));
    assert_eq!(
        o.leader
            .get(&format!("/surveys/{survey}/results.csv"))
            .await
            .status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let res = o
        .leader
        .post_form(&format!("/surveys/{survey}/close"), &[])
        .await;
    assert_redirect(&res, &format!("/surveys/{survey}"));

    let results = json_with_status(
        o.leader
            .get(&format!("/api/v1/surveys/{survey}/results"))
            .await,
        200,
    )
    .await;
    assert_eq!(results["responses"], 12);
    assert_eq!(results["invited"], 13);
    // "Other" alone (App, 2) would be too small and derivable from "all" minus the teams, so
    // one five-person team folds into it: one team shows on its own, plus "other" (7).
    let groups: Vec<(String, i64, bool)> = results["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .map(|g| {
            (
                g["key"].as_str().unwrap_or("").to_owned(),
                g["responses"].as_i64().unwrap_or(0),
                g["shown"].as_bool().unwrap_or(false),
            )
        })
        .collect();
    assert_eq!(groups.len(), 2, "{groups:?}");
    assert!(
        groups.iter().all(|(_, n, shown)| *shown && *n >= 5),
        "{groups:?}"
    );
    assert_eq!(groups.iter().find(|g| g.0 == "other").map(|g| g.1), Some(7));
    let app_team = format!("team-{}", o.teams[2].0);
    let res = o
        .leader
        .get(&format!("/surveys/{survey}/results?group={app_team}"))
        .await;
    assert_eq!(
        res.status(),
        StatusCode::NOT_FOUND,
        "a two-person team is never shown alone"
    );

    // The scale question: five 5s and seven 2s.
    let first = &results["questions"][0];
    assert_eq!(first["answered"], 12);
    assert_eq!(first["bars"][4]["count"], 5);
    assert_eq!(first["bars"][1]["count"], 7);
    assert_eq!(first["average"], 3.3);
    let page = text_with_status(
        o.leader.get(&format!("/surveys/{survey}/results")).await,
        200,
    )
    .await;
    let results = Page::of(&page);
    let texts = results.select("ul.texts li");
    assert!(
        texts.iter().any(|t| t.contains("Clearer priorities")),
        "{texts:?}"
    );
    assert!(
        texts.iter().any(|t| t.contains("More meetings")),
        "{texts:?}"
    );
    assert!(results.has(".bar-table .bar-label"), "choices are listed");
    assert!(results.has(".bar-table .bar-cell svg"), "charts are drawn");

    let csv = o
        .leader
        .get(&format!("/surveys/{survey}/results.csv"))
        .await;
    assert_eq!(csv.status(), StatusCode::OK);
    let text = csv.text().await.expect("CSV");
    // Aggregates, not respondents: per group shown (everyone, one team, other teams) the 26
    // answer rows of the template's 8 questions (5 + 3 + 1 + 1 + 5 + 5 + 5 + 1).
    assert_eq!(text.lines().count(), 1 + 3 * 26, "{text}");
    assert!(
        text.contains("Everyone,12,1,\"How well do you know OKRs today? (1 = not at all, 5 = very well)\",5,5,41.7,3.3"),
        "{text}"
    );
    assert!(
        !text.contains("App,"),
        "App is below the group size and only counted in other"
    );
    let texts = o
        .leader
        .get(&format!("/surveys/{survey}/texts.csv"))
        .await
        .text()
        .await
        .expect("CSV");
    assert_eq!(
        texts.matches("Clearer priorities").count(),
        5,
        "every written answer, once: {texts}"
    );
    assert!(!texts.contains("Web") && !texts.contains("Data"), "{texts}");
}

#[tokio::test]
async fn anonymous_answers_are_stored_without_any_link_to_the_person() {
    let o = org().await;
    let anonymous = create_survey(&o, true).await;
    let named = create_survey(&o, false).await;
    for (n, survey) in [anonymous, named].into_iter().enumerate() {
        let qs = question_ids(&o, survey).await;
        invite_all(&o, survey).await;
        o.app.wait_for_mails(&o.teams[0].1[0], n + 1).await;
        answer_full(&o, &qs, &o.teams[0].1[0], "4", "Fine").await;
    }
    // On PostgreSQL the row written with an invitation's "used" flag shares its transaction
    // id (xmin): until sealed, the two could be matched. Sealing rewrites them apart.
    let linked = || {
        o.app.read(|c| match c {
            hverdag::db::DbConn::Pg(pg) => Ok(diesel::sql_query(
                "SELECT COUNT(*) AS n FROM survey_invitations i \
                 JOIN survey_responses r ON r.xmin::text = i.xmin::text",
            )
            .get_result::<Count>(pg)?
            .n),
            _ => Ok(0),
        })
    };
    if o.app.is_postgres() {
        assert_eq!(linked(), 2, "the check can see the link before sealing");
    }
    // Closing seals the responses: rewritten in one batch, apart from the invitations' writes.
    for survey in [anonymous, named] {
        let res = o
            .leader
            .post_form(&format!("/surveys/{survey}/close"), &[])
            .await;
        assert_redirect(&res, &format!("/surveys/{survey}"));
    }
    let sealed: Vec<bool> = o.app.read(|c| {
        Ok(survey_responses::table
            .select(survey_responses::sealed)
            .load(c)?)
    });
    assert_eq!(sealed, vec![true, true]);
    assert_eq!(
        linked(),
        0,
        "no response shares a transaction with an invitation"
    );
    let rows: Vec<(SurveyId, Option<i32>, Option<chrono::NaiveDateTime>)> = o.app.read(|c| {
        Ok(survey_responses::table
            .select((
                survey_responses::survey_id,
                survey_responses::person_id,
                survey_responses::submitted_at,
            ))
            .load(c)?)
    });
    let anon: Vec<_> = rows.iter().filter(|r| r.0 == anonymous).collect();
    assert_eq!(anon.len(), 1);
    assert_eq!(
        (anon[0].1, anon[0].2),
        (None, None),
        "no person and no time on an anonymous response"
    );
    let signed: Vec<_> = rows.iter().filter(|r| r.0 == named).collect();
    assert!(
        signed[0].1.is_some() && signed[0].2.is_some(),
        "a named survey keeps the person"
    );
    // The invitation only knows it was used: no time of answering to match responses against.
    let used: Vec<(bool, Option<chrono::NaiveDateTime>)> = o.app.read(|c| {
        Ok(survey_invitations::table
            .filter(survey_invitations::survey_id.eq(anonymous))
            .filter(survey_invitations::used.eq(true))
            .select((survey_invitations::used, survey_invitations::reminded_at))
            .load(c)?)
    });
    assert_eq!(used, vec![(true, None)]);
    // Below the group size nothing is shown, and nothing can be exported.
    let results = json_with_status(
        o.leader
            .get(&format!("/api/v1/surveys/{anonymous}/results"))
            .await,
        200,
    )
    .await;
    assert_eq!(results["shown"], false);
    assert_eq!(results["questions"], Value::Array(vec![]));
    let csv = o
        .leader
        .get(&format!("/surveys/{anonymous}/results.csv"))
        .await;
    assert_eq!(csv.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn reminders_reach_only_those_who_have_not_answered() {
    let o = org().await;
    let survey = create_survey(&o, true).await;
    let qs = question_ids(&o, survey).await;
    invite_all(&o, survey).await;
    let answered = o.teams[2].1[0].clone();
    let waiting = o.teams[2].1[1].clone();
    answer_full(&o, &qs, &answered, "3", "").await;

    let res = o
        .leader
        .post_form(&format!("/surveys/{survey}/remind"), &[])
        .await;
    assert_redirect(&res, &format!("/surveys/{survey}"));
    // The reminder is the second mail to those waiting; the one who answered gets none.
    assert_eq!(o.app.wait_for_mails(&waiting, 2).await.len(), 2);
    let reminder = o.app.last_mail_to(&waiting).await;
    assert!(
        reminder.subject.starts_with("Reminder"),
        "{}",
        reminder.subject
    );
    // The reminder's new link works too.
    assert_eq!(
        answer(
            &o,
            &waiting,
            &full(&qs, "3", "")
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect::<Vec<_>>()
        )
        .await,
        StatusCode::OK
    );
    assert_eq!(
        o.app.mails_to(&answered).len(),
        1,
        "no reminder to someone who answered"
    );

    // The automatic reminder: not yet 3 days before closing, then once.
    let context = o.app.scheduler_context();
    assert_eq!(
        scheduler::send_due_reminders(&context, chrono::Utc::now()).expect("reminders"),
        0,
        "too early"
    );
    let day = chrono::Utc::now() + chrono::Days::new(8);
    assert_eq!(
        scheduler::send_due_reminders(&context, day).expect("reminders"),
        11,
        "13 invited, 2 answered"
    );
    assert_eq!(
        scheduler::send_due_reminders(&context, day).expect("reminders"),
        0,
        "only once"
    );
}

#[tokio::test]
async fn links_that_cannot_be_used_get_a_clear_page_and_answers_are_kept() {
    let o = org().await;
    let survey = create_survey(&o, true).await;
    let qs = question_ids(&o, survey).await;
    invite_all(&o, survey).await;
    let email = &o.teams[0].1[0];
    let path = o
        .app
        .last_mail_to(email)
        .await
        .link_path("/s/")
        .expect("a link");
    let visitor = o.app.session();

    // Half filled: the required questions are flagged, and what was written stays.
    let first = format!("q{}", qs[0]);
    let text = format!("q{}", qs[2]);
    let multi = format!("q{}", qs[4]);
    let res = visitor
        .post_form(
            &path,
            &[
                (&first, "2"),
                (&text, "Less <guessing> & more focus"),
                (&multi, "3"),
            ],
        )
        .await;
    let page = text_with_status(res, 422).await;
    assert!(
        page.contains("Less &lt;guessing&gt; &amp; more focus"),
        "the text is kept, escaped"
    );
    let form = Page::of(&page);
    assert_eq!(
        form.value_of(&format!("textarea[name={text}]")),
        "Less <guessing> & more focus"
    );
    assert_eq!(
        form.attrs(&format!("input[name={first}][checked]"), "value"),
        ["2"]
    );
    assert_eq!(
        form.attrs(&format!("input[name={multi}][checked]"), "value"),
        ["3"]
    );
    assert_eq!(form.field_errors(), vec!["Please answer this question."; 3]);

    let fields = full(&qs, "2", "");
    let refs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        visitor.post_form(&path, &refs).await.status(),
        StatusCode::OK
    );
    // Used: the same link cannot answer again.
    let again = visitor.post_form(&path, &refs).await;
    let page = Page::of(&text_with_status(again, 410).await);
    assert!(
        page.text_of("main section p")
            .contains("This link has been used")
    );
    let count: i64 = o.app.read(|c| {
        Ok(survey_responses::table
            .filter(survey_responses::survey_id.eq(survey))
            .count()
            .get_result(c)?)
    });
    assert_eq!(count, 1, "a reused token stores nothing");

    // Unknown, and closed.
    let page = Page::of(&text_with_status(visitor.get("/s/not-a-real-token").await, 404).await);
    assert!(
        page.text_of("main section p")
            .contains("We do not recognise this link")
    );
    let other = o
        .app
        .last_mail_to(&o.teams[0].1[1])
        .await
        .link_path("/s/")
        .expect("a link");
    let res = o
        .leader
        .post_form(&format!("/surveys/{survey}/close"), &[])
        .await;
    assert_redirect(&res, &format!("/surveys/{survey}"));
    let page = Page::of(&text_with_status(visitor.get(&other).await, 410).await);
    assert!(page.text_of("main section p").contains("The survey closed"));
}

#[tokio::test]
async fn the_answer_page_speaks_the_invitees_language() {
    let o = org().await;
    let survey = create_survey(&o, true).await;
    let email = o.teams[1].1[0].clone();
    let account = o.app.person_by_email(&email).expect("a member").account_id;
    o.app.write(|c| {
        hverdag::domain::people::accounts::set_locale(c, account, hverdag::domain::Locale::Nb)
    });
    invite_all(&o, survey).await;
    let mail = o.app.last_mail_to(&email).await;
    assert!(
        mail.subject.starts_with("Dine tanker om OKR"),
        "{}",
        mail.subject
    );
    let page = text_with_status(
        o.app
            .session()
            .get(&mail.link_path("/s/").expect("a link"))
            .await,
        200,
    )
    .await;
    assert_eq!(html_lang(&page).as_deref(), Some("nb"));
    assert!(
        Page::of(&page)
            .text_of(".privacy")
            .contains("Denne undersøkelsen er anonym.")
    );
}

#[tokio::test]
async fn questions_lock_once_invitations_go_out_and_members_cannot_manage_surveys() {
    let o = org().await;
    let survey = create_survey(&o, true).await;
    let res = o
        .leader
        .post_form(
            &format!("/surveys/{survey}/questions"),
            &[
                ("kind", "single"),
                ("prompt", "Pick one"),
                ("options", "only one"),
            ],
        )
        .await;
    let page = Page::of(&text_with_status(res, 422).await);
    assert!(page.has_field_error("Give between 2 and 12 choices"));
    let res = o
        .leader
        .post_form(
            &format!("/surveys/{survey}/questions"),
            &[
                ("kind", "single"),
                ("prompt", "Pick one"),
                ("options", "A\nB"),
                ("required", "on"),
            ],
        )
        .await;
    assert_redirect(&res, &format!("/surveys/{survey}"));
    assert_eq!(question_ids(&o, survey).await.len(), 9);
    invite_all(&o, survey).await;
    let qs = question_ids(&o, survey).await;
    let res = o
        .leader
        .post_form(
            &format!("/surveys/{survey}/questions/{}", qs[0]),
            &[("kind", "text"), ("prompt", "Changed")],
        )
        .await;
    let page = Page::of(&text_with_status(res, 422).await);
    assert!(page.has_field_error("the questions can no longer change"));
    // Nor may the promise of anonymity be weakened.
    let today = chrono::Utc::now().date_naive();
    let settings = |anonymous: bool, min: &'static str| {
        let mut f = vec![
            ("title", "Before we start".to_owned()),
            ("min_group_size", min.to_owned()),
            ("opens_on", today.to_string()),
            ("closes_on", (today + chrono::Days::new(10)).to_string()),
            ("reminder_days", "3".to_owned()),
            ("rollout_id", String::new()),
        ];
        if anonymous {
            f.push(("anonymous", "on".to_owned()));
        }
        f
    };
    for (anonymous, min, problem) in [
        (false, "5", "anonymity cannot change"),
        (true, "4", "smallest group can only grow"),
        (true, "2", "Choose a number between 3 and 50"),
    ] {
        let fields = settings(anonymous, min);
        let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let page = text_with_status(
            o.leader
                .post_form(&format!("/surveys/{survey}"), &refs)
                .await,
            422,
        )
        .await;
        assert!(Page::of(&page).has_field_error(problem), "{problem}");
    }
    let fields = settings(true, "7");
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_redirect(
        &o.leader
            .post_form(&format!("/surveys/{survey}"), &refs)
            .await,
        &format!("/surveys/{survey}"),
    );

    let member = o.app.session();
    let account = o
        .app
        .person_by_email(&o.teams[0].1[0])
        .expect("a member")
        .account_id;
    o.app.write(|c| {
        hverdag::domain::people::accounts::set_password_hash(
            c,
            account,
            &hverdag::domain::auth::hash_password(PASSWORD)?,
        )
    });
    member.login(&o.teams[0].1[0], PASSWORD).await;
    for path in [
        "/surveys".to_owned(),
        format!("/surveys/{survey}"),
        format!("/surveys/{survey}/results"),
    ] {
        assert_eq!(
            member.get(&path).await.status(),
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    assert_eq!(
        member.get("/api/v1/surveys").await.status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn a_rollout_page_lists_its_surveys() {
    let o = org().await;
    let org_id = o.app.read(|c| {
        Ok(hverdag::domain::org::find_by_slug(c, "fjord")?
            .ok_or(hverdag::domain::Error::NotFound)?
            .id)
    });
    let today = chrono::Utc::now().date_naive();
    let rollout = o.app.write(|c| {
        hverdag::domain::rollouts::create(
            c,
            org_id,
            &hverdag::domain::rollouts::RolloutInput {
                name: "OKR 2027".into(),
                all_teams: true,
                team_ids: vec![],
                prep_start: today,
                prep_end: today + chrono::Days::new(30),
                workshop_start: today + chrono::Days::new(31),
                workshop_end: today + chrono::Days::new(32),
                followup_start: None,
                routine_months: 9,
            },
        )
    });
    let page = text_with_status(
        o.leader.get(&format!("/rollouts/{}", rollout.id)).await,
        200,
    )
    .await;
    assert!(Page::of(&page).main_text().contains("No survey yet"));
    let fields = [
        ("title", "Expectations before the workshop".to_owned()),
        ("template", "blank".to_owned()),
        ("anonymous", "on".to_owned()),
        ("min_group_size", "5".to_owned()),
        ("opens_on", today.to_string()),
        ("closes_on", (today + chrono::Days::new(10)).to_string()),
        ("reminder_days", "2".to_owned()),
        ("rollout_id", rollout.id.to_string()),
    ];
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let survey: SurveyId =
        id_from_location(&o.leader.post_form("/surveys", &refs).await, "/surveys/");
    let page = text_with_status(
        o.leader.get(&format!("/rollouts/{}", rollout.id)).await,
        200,
    )
    .await;
    assert_eq!(
        Page::of(&page).text_of(&format!("main a[href='/surveys/{survey}']")),
        "Expectations before the workshop"
    );
}
