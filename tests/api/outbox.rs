//! The mail outbox end to end: delivery over a real SMTP exchange, failures kept for retry,
//! the outbox page, and a server killed while sending that loses nothing and repeats nothing.

use std::collections::BTreeSet;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use hverdag::config::SmtpTls;
use hverdag::db::{Db, write_tx};
use hverdag::domain::ids::{MailId, OrgId};
use hverdag::domain::org::{self, NewOrg};
use hverdag::domain::outbox::{self, MailKind, MailStatus, NewMail, OutboxQuery};
use hverdag::domain::people::Role;
use hverdag::domain::{Locale, now};
use reqwest::StatusCode;

use crate::helpers::*;
use crate::page::Page;
use crate::smtp_sink::SmtpSink;

const KARI: &str = "kari@acme.example";

async fn app_sending_through(sink: &SmtpSink) -> (TestApp, OrgId) {
    let port = sink.port;
    let app = TestApp::spawn_with(|c| {
        c.smtp_host = Some("127.0.0.1".into());
        c.smtp_port = port;
        c.smtp_tls = SmtpTls::None;
    })
    .await;
    let org = app.create_org("acme");
    app.create_person(org, KARI, &[Role::Member], None);
    (app, org)
}

/// Waits until the organisation's newest outbox row satisfies `done`.
async fn wait_for_outbox(
    app: &TestApp,
    org: OrgId,
    done: impl Fn(&outbox::OutboxEntry) -> bool,
) -> outbox::OutboxEntry {
    eventually(WAIT, "the outbox to reach the expected state", || {
        app.read(|c| outbox::list(c, org, &OutboxQuery::default()))
            .items
            .into_iter()
            .next()
            .filter(&done)
    })
    .await
}

#[tokio::test]
async fn login_links_are_delivered_over_smtp_and_then_forgotten() {
    let sink = SmtpSink::start(None).await;
    let (app, org) = app_sending_through(&sink).await;
    let s = app.session();
    let res = s.post_form("/login/link", &[("email", KARI)]).await;
    text_with_status(res, 200).await;

    let received = sink.wait_for(1).await;
    let mail = Mail::parse(0, &received[0]).expect("a parsable message");
    assert!(mail.is_to(KARI));
    assert_eq!(mail.subject, "Your sign-in link for Hverdag");
    assert!(
        mail.message_id.starts_with("outbox-"),
        "{}",
        mail.message_id
    );
    let token = mail.login_token().expect("a sign-in link");

    let entry = wait_for_outbox(&app, org, |e| e.status == MailStatus::Sent).await;
    assert_eq!(entry.attempts, 1);
    let bodies: (String, String) = app.read(|c| {
        use diesel::prelude::*;
        use hverdag::db::schema::mail_outbox;
        Ok(mail_outbox::table
            .find(entry.id)
            .select((mail_outbox::text_body, mail_outbox::html_body))
            .first(c)?)
    });
    assert_eq!(
        bodies,
        (String::new(), String::new()),
        "the link stays in the outbox"
    );

    let res = s
        .post_form("/login/link/confirm", &[("token", &token)])
        .await;
    assert_redirect(&res, "/home");
}

#[tokio::test]
async fn a_refusing_mail_server_leaves_the_mail_queued_with_its_reason() {
    let sink = SmtpSink::start(Some("451 4.3.0 mailbox busy, try later")).await;
    let (app, org) = app_sending_through(&sink).await;
    let res = app
        .session()
        .post_form("/login/link", &[("email", KARI)])
        .await;
    // The person is not told about the mail server: the mail waits in the outbox.
    text_with_status(res, 200).await;

    let entry = wait_for_outbox(&app, org, |e| e.last_error.is_some()).await;
    assert_eq!(entry.status, MailStatus::Queued);
    assert_eq!(entry.attempts, 1);
    assert!(entry.next_attempt_at > now(), "retried without a pause");
    assert!(
        entry
            .last_error
            .as_deref()
            .unwrap_or("")
            .contains("mailbox busy")
    );
    assert!(sink.messages().is_empty());

    app.create_person(org, "leader@acme.example", &[Role::Leader], Some(PASSWORD));
    let leader = app.session();
    leader.login("leader@acme.example", PASSWORD).await;
    let page = Page::of(&text_with_status(leader.get("/settings/outbox").await, 200).await);
    assert_eq!(page.select("tr.mail .mail-to"), [KARI]);
    assert!(
        page.text_of("tr.mail .mail-error").contains("mailbox busy"),
        "the reason is shown"
    );
}

#[tokio::test]
async fn only_leaders_see_the_outbox_and_only_their_organisations() {
    let app = TestApp::spawn().await;
    let acme = app.create_org("acme");
    let other = app.create_org("other");
    app.create_person(acme, "leader@acme.example", &[Role::Leader], Some(PASSWORD));
    app.create_person(acme, "member@acme.example", &[Role::Member], Some(PASSWORD));
    app.create_failed_mail(acme, "someone@acme.example");
    app.create_failed_mail(other, "secret@other.example");

    let member = app.session();
    member.login("member@acme.example", PASSWORD).await;
    assert_eq!(
        member.get("/settings/outbox").await.status(),
        StatusCode::FORBIDDEN
    );

    let leader = app.session();
    leader.login("leader@acme.example", PASSWORD).await;
    let html = text_with_status(leader.get("/settings/outbox?status=failed").await, 200).await;
    assert_eq!(
        Page::of(&html).select("tr.mail[data-status=failed] .mail-to"),
        ["someone@acme.example"]
    );
    // Nowhere on the page, not even in an attribute.
    assert!(!html.contains("secret@other.example"));
}

/// Kills a real server process (SIGKILL) several times while it works through a queue of
/// mail, then lets it finish: every message is delivered, exactly once, to its recipient.
#[tokio::test]
async fn a_server_killed_while_sending_loses_no_mail_and_sends_none_twice() {
    const MAILS: usize = 400;
    // A short lease, so that mail a killed server had claimed is taken over quickly.
    let env = TestEnv::new(|c| c.mail_lease_seconds = 2).await;
    let url = env.config.database_url();
    let data_dir = env.data_dir.path().to_owned();
    let mail_dir = data_dir.join("mail");

    let queued: Vec<(MailId, String)> = {
        let db = Db::open(&url, 1).expect("open the database");
        let mut conn = db.conn().expect("a connection");
        write_tx(&mut conn, |c| {
            let org = org::create(
                c,
                &NewOrg {
                    name: "Crash".into(),
                    slug: "crash".into(),
                    locale: Locale::En,
                    time_zone: "Europe/Oslo".into(),
                },
            )?;
            (0..MAILS)
                .map(|i| {
                    let to = format!("person{i}@crash.example");
                    let id = outbox::queue(
                        c,
                        &NewMail {
                            org_id: Some(org.id),
                            kind: MailKind::SurveyInvitation,
                            to_address: to.clone(),
                            to_name: format!("Person {i}"),
                            subject: format!("Message {i}"),
                            text_body: format!("Body {i}"),
                            html_body: format!("<p>Body {i}</p>"),
                        },
                    )?;
                    Ok::<_, hverdag::domain::Error>((id, to))
                })
                .collect()
        })
        .expect("queue the mail")
    };

    let delivered = || -> usize {
        std::fs::read_dir(&mail_dir)
            .map(|d| {
                d.filter_map(Result::ok)
                    .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
                    .count()
            })
            .unwrap_or(0)
    };
    let start = || {
        Command::new(env!("CARGO_BIN_EXE_hverdag"))
            .args(["serve", "--bind", "127.0.0.1:0", "--database-url", &url])
            .args(["--mail-lease-seconds", "2"])
            .arg("--data-dir")
            .arg(&data_dir)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the server")
    };

    let mut kills = 0;
    while kills < 5 && delivered() < MAILS {
        let before = delivered();
        let mut server = start();
        let deadline = Instant::now() + Duration::from_secs(30);
        // Deliberate timing, not a wait for a condition to hold: kill the server within a
        // few milliseconds of a delivery, at a random moment of its next ones (a tight 2 ms
        // poll, so that the kill lands mid-batch).
        while delivered() == before && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        tokio::time::sleep(Duration::from_millis(rand::random::<u64>() % 15)).await;
        server.kill().expect("SIGKILL the server");
        server.wait().expect("reap the server");
        kills += 1;
    }
    assert!(
        kills >= 2,
        "the queue emptied before the server could be killed twice"
    );

    // A last run sends whatever is left.
    let mut server = start();
    let db = Db::open(&url, 1).expect("open the database");
    eventually(
        Duration::from_secs(60),
        "the last run to send what is left",
        || {
            let mut conn = db.conn().expect("a connection");
            let pending = outbox::due(
                &mut conn,
                outbox::Lane::Mail,
                now() + chrono::Duration::hours(1),
                1,
            )
            .expect("read the outbox");
            pending.is_empty().then_some(())
        },
    )
    .await;
    server.kill().expect("stop the server");
    server.wait().expect("reap the server");

    let mut seen = BTreeSet::new();
    for entry in std::fs::read_dir(&mail_dir).expect("the mail directory") {
        let path = entry.expect("a directory entry").path();
        let Some(mail) = Mail::read(&path) else {
            continue; // a temporary file left by a kill mid-write
        };
        let id = MailId(i32::try_from(mail.outbox_id).expect("an outbox id"));
        assert!(seen.insert(id), "message {id} delivered twice");
        let (_, to) = queued
            .iter()
            .find(|(queued_id, _)| *queued_id == id)
            .unwrap_or_else(|| panic!("a file for unknown message {id}"));
        assert!(
            mail.is_to(to),
            "message {id} went to {} instead of {to}",
            mail.to
        );
        assert!(mail.message_id.starts_with(&format!("outbox-{id}-")));
    }
    let expected: BTreeSet<MailId> = queued.iter().map(|(id, _)| *id).collect();
    assert_eq!(seen, expected, "lost mail");
    let mut conn = db.conn().expect("a connection");
    let unsent: i64 = {
        use diesel::prelude::*;
        use hverdag::db::schema::mail_outbox;
        mail_outbox::table
            .filter(mail_outbox::status.ne("sent"))
            .count()
            .get_result(&mut conn)
            .expect("count the outbox")
    };
    assert_eq!(unsent, 0, "every row is marked sent");
}
