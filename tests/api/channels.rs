//! Teams and Slack channels: a leader connects one with its webhook URL (checked, tested with
//! a real post, sealed, never shown again); the scheduler posts reminders, nudges, alerts
//! and digests to the channels covering each team; the channel worker delivers them at least
//! once through rate limits, errors, timeouts and dropped connections, and turns a channel
//! that is gone off and tells the leaders. A local sink plays the webhook; Microsoft's
//! Adaptive Cards library parses the Teams cards.

use chrono::{Datelike, Days, TimeZone};
use diesel::prelude::*;
use hverdag::db::schema::{channels as channels_t, mail_outbox};
use hverdag::domain::channels::{self, ChannelStatus, Post};
use hverdag::domain::ids::{ChannelId, MailId, OrgId, TeamId};
use hverdag::domain::meetings;
use hverdag::domain::okrs::{self, KeyResultInput, ObjectiveInput, Status};
use hverdag::domain::outbox::{MailKind, MailStatus};
use hverdag::domain::people::Role;
use hverdag::domain::periods::Periods;
use hverdag::domain::teams::TeamKind;
use hverdag::jobs::{channel_posts, scheduler};
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::*;
use crate::page::Page;
use crate::webhook_sink::{Reply, Sink};

const LEADER: &str = "leader@fjord.example";

async fn spawn() -> TestApp {
    TestApp::spawn_with(|c| {
        c.allow_loopback_webhooks = true;
        c.webhook_timeout_seconds = 1;
    })
    .await
}

/// The channel worker on the app's database and key, as the server runs it.
fn worker(app: &TestApp) -> hverdag::jobs::channels::Context {
    let config = hverdag::Config::for_data_dir(app.data_dir.path());
    let context = app.scheduler_context();
    hverdag::jobs::channels::Context {
        db: app.db.clone(),
        hooks: hverdag::app::channels::Webhooks::new(
            hverdag::domain::sealed::SealKey::load(None, &config.secret_key_file())
                .expect("the server's key"),
            true,
            std::time::Duration::from_secs(1),
        )
        .expect("webhooks"),
        tera: context.tera,
        base_url: app.base_url.clone(),
        mail: context.mail,
        lease: std::time::Duration::from_secs(60),
    }
}

/// One round of the channel worker; how many posts were accepted.
async fn deliver(app: &TestApp) -> usize {
    let context = worker(app);
    tokio::task::spawn_blocking(move || {
        let runtime = actix_web::rt::System::new();
        hverdag::jobs::channels::deliver_due(&context, &runtime).expect("deliver")
    })
    .await
    .expect("the worker round")
}

fn connect_body(kind: &str, name: &str, url: &str, team: Option<TeamId>) -> Value {
    json!({ "kind": kind, "name": name, "url": url, "team_id": team,
            "posts_meetings": true, "posts_adoption": true })
}

fn post_row(app: &TestApp, id: MailId) -> (MailStatus, i32, chrono::NaiveDateTime) {
    app.read(|c| {
        Ok(mail_outbox::table
            .find(id)
            .select((
                mail_outbox::status,
                mail_outbox::attempts,
                mail_outbox::next_attempt_at,
            ))
            .first(c)?)
    })
}

fn queue_post(app: &TestApp, org: OrgId, channel: ChannelId, key: &str) -> Option<MailId> {
    app.write(|c| {
        let found = channels::find(c, org, channel)?;
        let post = Post {
            title: format!("Post {key}"),
            ..Post::default()
        };
        if !channels::queue(c, org, &found, MailKind::MeetingReminder, key, &post)? {
            return Ok(None);
        }
        Ok(mail_outbox::table
            .filter(mail_outbox::dedupe_key.eq(key))
            .filter(mail_outbox::channel_id.eq(channel))
            .select(mail_outbox::id)
            .first(c)
            .optional()?)
    })
}

#[tokio::test]
async fn connecting_tests_the_url_seals_it_and_never_shows_it_again() {
    let app = spawn().await;
    let org = app.create_org("fjord");
    let leader = app.create_person(org, LEADER, &[Role::Leader], Some(PASSWORD));
    let member = app.create_person(org, "kari@fjord.example", &[Role::Member], Some(PASSWORD));
    let (_, token) = app.create_api_token(org, leader, "ci");
    let api = app.bearer(&token);
    let sink = Sink::start().await;

    // Refused: the wrong host for the kind, no https, and URLs that answer an error to the
    // first post; nothing is stored.
    let refusals: [(Value, &[Reply], &str); 5] = [
        (
            connect_body("slack", "#okr", "https://example.com/services/x", None),
            &[],
            "Slack",
        ),
        (
            connect_body("teams", "#okr", "http://teams.example/workflows/x", None),
            &[],
            "https://",
        ),
        (
            connect_body("slack", "#okr", &sink.url, None),
            &[Reply::Status(410, "channel_is_archived")],
            "does not exist",
        ),
        (
            connect_body("slack", "#okr", &sink.url, None),
            &[Reply::Status(403, "invalid_token")],
            "refused the first post",
        ),
        (
            connect_body("slack", "#okr", &sink.url, None),
            &[Reply::Hang],
            "did not answer in time",
        ),
    ];
    for (body, replies, message) in refusals {
        sink.script(replies);
        let refused = json_with_status(api.post_json("/api/v1/channels", &body).await, 422).await;
        let said = refused["error"]["fields"]["url"]
            .as_str()
            .unwrap_or_default();
        assert!(said.contains(message), "{body}: {refused}");
    }
    assert!(app.read(|c| channels::list(c, org)).is_empty());
    assert_eq!(sink.received().len(), 0);

    // Members cannot connect channels.
    let as_member = app.session_api(member).await;
    let body = connect_body("slack", "#okr", &sink.url, None);
    assert_eq!(
        as_member
            .post_json("/api/v1/channels", &body)
            .await
            .status(),
        403
    );

    // Connected: the first post arrived, the answer and the list show a hint, not the URL.
    let created = json_with_status(api.post_json("/api/v1/channels", &body).await, 201).await;
    assert_eq!(created["status"], "active");
    assert!(
        created["url_hint"].as_str().unwrap().ends_with("…sink"),
        "{created}"
    );
    let hello = &sink.received()[0];
    assert_eq!(hello["blocks"][0]["text"]["text"], "Hverdag is connected");
    let listed = text_with_status(api.get("/api/v1/channels").await, 200).await;
    assert!(!listed.contains(&sink.url) && !created.to_string().contains(&sink.url));
    let id: ChannelId = id_in(&created["id"]);
    let sealed: String = app.read(|c| {
        Ok(channels_t::table
            .find(id)
            .select(channels_t::url_sealed)
            .first(c)?)
    });
    assert!(
        sealed.starts_with("v1.") && !sealed.contains("127.0.0.1"),
        "{sealed}"
    );
    let audit = text_with_status(api.get("/api/v1/audit?entity=channel").await, 200).await;
    assert!(audit.contains("#okr"), "{audit}");

    // The page: a bad URL is refused with its reason, the typed name kept, the URL not.
    let web = app.session();
    web.login(LEADER, PASSWORD).await;
    let form = [
        ("kind", "slack"),
        ("name", "#okr-web"),
        ("url", "http://hooks.slack.com/services/x"),
        ("posts_meetings", "on"),
    ];
    let page =
        Page::of(&text_with_status(web.post_form("/settings/channels", &form).await, 422).await);
    assert!(
        page.has_field_error("must start with https://"),
        "{:?}",
        page.field_errors()
    );
    assert_eq!(page.value_of("#channel-name"), "#okr-web");
    assert_eq!(page.value_of("#channel-url"), "");
    let page = Page::of(&text_with_status(web.get("/settings/channels").await, 200).await);
    assert_eq!(page.count("tr.channel"), 1);
    assert!(!page.main_text().contains(&sink.url));

    // Disconnected: gone from the list, and its URL forgotten.
    assert_eq!(
        api.send(Method::DELETE, &format!("/api/v1/channels/{id}"), None)
            .await
            .status(),
        204
    );
    assert!(app.read(|c| channels::list(c, org)).is_empty());
    let sealed: String = app.read(|c| {
        Ok(channels_t::table
            .find(id)
            .select(channels_t::url_sealed)
            .first(c)?)
    });
    assert_eq!(sealed, "");
}

#[tokio::test]
async fn a_post_arrives_once_through_rate_limits_errors_timeouts_and_dropped_connections() {
    let app = spawn().await;
    let org = app.create_org("fjord");
    let leader = app.create_person(org, LEADER, &[Role::Leader], Some(PASSWORD));
    let (_, token) = app.create_api_token(org, leader, "ci");
    let sink = Sink::start().await;
    let body = connect_body("slack", "#okr", &sink.url, None);
    let created = json_with_status(
        app.bearer(&token)
            .post_json("/api/v1/channels", &body)
            .await,
        201,
    )
    .await;
    let channel: ChannelId = id_in(&created["id"]);

    let id = queue_post(&app, org, channel, "test:1").expect("queued");
    assert_eq!(
        queue_post(&app, org, channel, "test:1"),
        None,
        "queued twice"
    );
    sink.script(&[
        Reply::RetryAfter(1),
        Reply::Status(500, "internal_error"),
        Reply::Hang,
        Reply::Die,
        Reply::Status(200, "ok"),
    ]);
    let mut rounds = Vec::new();
    for _ in 0..5 {
        let before = chrono::Utc::now().naive_utc();
        deliver(&app).await;
        let (status, attempts, next) = post_row(&app, id);
        rounds.push((status, attempts, (next - before).num_seconds()));
        if status == MailStatus::Sent {
            break;
        }
        // Time passes: the post is due again.
        app.write(|c| {
            diesel::update(mail_outbox::table.find(id))
                .set(mail_outbox::next_attempt_at.eq(chrono::Utc::now().naive_utc()))
                .execute(c)?;
            Ok(())
        });
    }
    // 429 waits as long as asked (1 s); the others back off (60 s after the second failure).
    assert_eq!(rounds[0].0, MailStatus::Queued);
    assert!((0..=2).contains(&rounds[0].2), "{rounds:?}");
    assert!((55..=65).contains(&rounds[1].2), "{rounds:?}");
    assert_eq!(
        rounds.last().map(|r| (r.0, r.1)),
        Some((MailStatus::Sent, 5)),
        "{rounds:?}"
    );
    // The connect post and this one, each accepted once; six requests in all.
    let titles: Vec<Value> = sink
        .received()
        .iter()
        .map(|p| p["blocks"][0]["text"]["text"].clone())
        .collect();
    assert_eq!(
        titles,
        [json!("Hverdag is connected"), json!("Post test:1")]
    );
    assert_eq!(sink.attempts(), 6);
    assert_eq!(deliver(&app).await, 0, "sent again");
}

#[tokio::test]
async fn a_channel_that_is_gone_is_turned_off_and_the_leaders_are_told() {
    let app = spawn().await;
    let org = app.create_org("fjord");
    let leader = app.create_person(org, LEADER, &[Role::Leader], Some(PASSWORD));
    let (_, token) = app.create_api_token(org, leader, "ci");
    let api = app.bearer(&token);
    let sink = Sink::start().await;
    let body = connect_body("teams", "OKR Sales", &sink.url, None);
    let created = json_with_status(api.post_json("/api/v1/channels", &body).await, 201).await;
    let channel: ChannelId = id_in(&created["id"]);
    let first = queue_post(&app, org, channel, "a").expect("queued");
    let second = queue_post(&app, org, channel, "b").expect("queued");
    sink.script(&[Reply::Status(410, "Gone")]);
    assert_eq!(deliver(&app).await, 0);
    for id in [first, second] {
        assert_eq!(post_row(&app, id).0, MailStatus::Failed);
    }
    let listed = json_with_status(api.get("/api/v1/channels").await, 200).await;
    assert_eq!(listed[0]["status"], "disabled", "{listed}");
    assert!(
        listed[0]["problem"].as_str().unwrap().starts_with("410"),
        "{listed}"
    );
    let mail = app.wait_for_mails(LEADER, 1).await;
    assert!(mail[0].subject.contains("OKR Sales"), "{}", mail[0].subject);
    assert!(mail[0].text().contains("/settings/channels"));
    // Nothing more is posted to it.
    assert_eq!(
        queue_post(&app, org, channel, "c").map(|id| post_row(&app, id).0),
        Some(MailStatus::Queued)
    );
    assert_eq!(deliver(&app).await, 0);
    assert_eq!(sink.attempts(), 2, "posted to a channel turned off");
    // The outbox page shows the posts as channel posts.
    let web = app.session();
    web.login(LEADER, PASSWORD).await;
    let page = Page::of(&text_with_status(web.get("/settings/outbox").await, 200).await);
    assert!(page.any_contains("tr.mail .mail-to", "OKR Sales"));
    assert_eq!(
        app.read(|c| channels::find(c, org, channel)).status,
        ChannelStatus::Disabled
    );
}

#[tokio::test]
async fn the_scheduler_posts_to_the_channels_covering_each_team_and_teams_parses_the_cards() {
    let app = spawn().await;
    let org = app.create_org("fjord");
    let tz = app.read(|c| hverdag::domain::org::find(c, org)).time_zone;
    let leader = app.create_person(org, LEADER, &[Role::Leader], Some(PASSWORD));
    let kari = app.create_person(org, "kari@fjord.example", &[Role::Member], Some(PASSWORD));
    let sales = app.create_team(org, "Sales", TeamKind::Department, None);
    let web = app.create_team(org, "Web", TeamKind::Team, Some(sales));
    let ops = app.create_team(org, "Ops", TeamKind::Team, None);
    app.add_member(org, web, kari);
    let (_, token) = app.create_api_token(org, leader, "ci");
    let api = app.bearer(&token);
    let teams_sink = Sink::start().await;
    let slack_sink = Sink::start().await;
    // Teams on the Sales department (Web is under it): everything. Slack for the whole
    // organisation: adoption only.
    let body = connect_body("teams", "Sales OKR", &teams_sink.url, Some(sales));
    json_with_status(api.post_json("/api/v1/channels", &body).await, 201).await;
    let mut body = connect_body("slack", "#okr-ambassadors", &slack_sink.url, None);
    body["posts_meetings"] = json!(false);
    json_with_status(api.post_json("/api/v1/channels", &body).await, 201).await;

    // A weekly meeting of Web next Tuesday, and one of Ops (covered by no meeting channel).
    let today = app.read(|c| hverdag::domain::org::today(c, org));
    let tuesday = (1..=7)
        .map(|d| today + Days::new(d))
        .find(|d| d.weekday() == chrono::Weekday::Tue)
        .expect("a Tuesday");
    for team in [web, ops] {
        app.write(|c| {
            meetings::create_series(c, org, &weekly_results(team, 2, tuesday), &tz, today)
        });
    }
    let meeting =
        app.read(|c| meetings::team_meetings(c, org, web, &tz, today, tuesday, tuesday))[0].clone();
    let context = app.scheduler_context();
    let evening_before =
        chrono::DateTime::from_naive_utc_and_offset(meeting.starts_at, chrono::Utc)
            - chrono::Duration::hours(14);
    // Kari's mail, and one post (Web's, to the Teams channel).
    assert_eq!(
        scheduler::send_meeting_reminders(&context, evening_before).expect("reminders"),
        2
    );
    assert_eq!(
        scheduler::send_meeting_reminders(&context, evening_before).expect("reminders"),
        0
    );

    // A key result of Web owned by Kari, not checked in: Thursday's nudge names Web.
    app.write(|c| {
        caught_up(c, |c| {
            okrs::create(
                c,
                org,
                &ObjectiveInput {
                    team_id: web,
                    period: Periods::Quarters.of(today),
                    title: "Customers love us".into(),
                    description: String::new(),
                    owner_id: Some(kari),
                    status: Status::Active,
                },
                None,
                &[KeyResultInput {
                    owner_id: Some(kari),
                    ..KeyResultInput::number("NPS", "", 10.0, 40.0)
                }],
            )
        })
    });
    let monday = hverdag::domain::periods::monday(today);
    let at = |day: chrono::NaiveDate, hour| {
        chrono::Utc.from_utc_datetime(&day.and_hms_opt(hour, 0, 0).expect("a time"))
    };
    assert_eq!(
        channel_posts::nudges(&context, at(monday + Days::new(3), 12)).expect("nudges"),
        1
    );
    assert_eq!(
        channel_posts::nudges(&context, at(monday + Days::new(4), 12)).expect("nudges"),
        0,
        "once a week"
    );

    // A new alert on Web goes to both; Monday's digest to both.
    app.write(|c| {
        use hverdag::db::schema::adoption_alerts as a;
        diesel::insert_into(a::table)
            .values((
                a::org_id.eq(org),
                a::team_id.eq(web),
                a::kind.eq("missed"),
                a::first_week.eq(monday - Days::new(7)),
                a::last_week.eq(monday - Days::new(7)),
                a::weeks.eq(2),
                a::created_at.eq(chrono::Utc::now().naive_utc()),
                a::note.eq(""),
            ))
            .execute(c)?;
        Ok(())
    });
    let now = at(monday + Days::new(1), 9);
    assert_eq!(channel_posts::alerts(&context, now).expect("alerts"), 2);
    assert_eq!(
        channel_posts::alerts(&context, now).expect("alerts"),
        0,
        "once"
    );
    assert_eq!(channel_posts::digests(&context, now).expect("digests"), 2);
    assert_eq!(
        channel_posts::digests(&context, now).expect("digests"),
        0,
        "once"
    );

    assert_eq!(deliver(&app).await, 6);
    let cards = teams_sink.received();
    let titles: Vec<String> = cards
        .iter()
        .map(|m| {
            m["attachments"][0]["content"]["body"][0]["text"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    assert_eq!(titles.len(), 5, "{titles:?}");
    assert!(titles[1].contains("Web"), "the reminder: {titles:?}");
    let reminder = cards[1].to_string();
    assert!(
        reminder.contains("Agenda") && reminder.contains("/check-ins"),
        "{reminder}"
    );
    assert!(
        !reminder.contains("/c/"),
        "a personal link in a shared channel"
    );
    assert!(titles[2].contains("check-ins"), "the nudge: {titles:?}");
    assert!(
        cards[2].to_string().contains("1 of 1 key results"),
        "{}",
        cards[2]
    );
    assert!(titles[3].contains("Adoption alert: Web"), "{titles:?}");
    assert!(titles[4].contains("week in review"), "{titles:?}");
    let slack: Vec<Value> = slack_sink.received();
    assert_eq!(slack.len(), 3, "connect, alert, digest: {slack:#?}");
    assert!(
        slack
            .iter()
            .all(|m| m["blocks"].as_array().is_some_and(|b| b.len() <= 50))
    );

    // Microsoft's Adaptive Cards library reads every card without a warning.
    assert_eq!(crate::cards::problems(&cards), Vec::<String>::new());
}
