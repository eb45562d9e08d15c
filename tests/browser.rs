//! Browser smoke test: headless Chromium (through chromedriver) signs in to the demo
//! organisation on a phone-sized screen, sees the organisation page and switches to Norwegian.
//!
//! Skipped when chromedriver is not installed, unless `HVERDAG_REQUIRE_BROWSER=1` (as in CI),
//! which turns a missing browser into a failure.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use hverdag::db::{Db, write_tx};
use hverdag::domain::demo;
use hyper_util::client::legacy::connect::HttpConnector;

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn chromedriver_path() -> Option<String> {
    ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
        .map(str::to_owned)
}

async fn start_browser(profile: &std::path::Path) -> Option<(Driver, Client)> {
    let Some(path) = chromedriver_path() else {
        assert!(
            std::env::var("HVERDAG_REQUIRE_BROWSER").as_deref() != Ok("1"),
            "HVERDAG_REQUIRE_BROWSER=1 but chromedriver is not installed \
             (apt-get install chromium chromium-driver)"
        );
        eprintln!("skipping the browser test: chromedriver is not installed");
        return None;
    };
    let port = free_port();
    let driver = Driver(
        Command::new(path)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts"),
    );
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": "/usr/bin/chromium",
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                "--window-size=390,844",
                format!("--user-data-dir={}", profile.display()),
            ]
        }),
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        // chromedriver speaks plain HTTP on loopback: no TLS stack needed.
        let attempt = ClientBuilder::new(HttpConnector::new())
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await;
        match attempt {
            Ok(client) => return Some((driver, client)),
            Err(e) if Instant::now() > deadline => panic!("chromedriver did not answer: {e}"),
            Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    }
}

async fn wait_for_path(client: &Client, path: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let url = client.current_url().await.expect("current url");
        if url.path() == path {
            return;
        }
        assert!(Instant::now() < deadline, "expected {path}, still at {url}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn text_of(client: &Client, css: &str) -> String {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css} not found: {e}"))
        .text()
        .await
        .expect("element text")
}

#[tokio::test]
async fn sign_in_see_the_organisation_and_switch_to_norwegian() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = hverdag::Config::for_data_dir(dir.path());
    {
        let db = Db::open(&config.database_url(), 1).expect("database");
        let mut conn = db.conn().expect("connection");
        write_tx(&mut conn, demo::load).expect("demo loads");
    }
    let Some((_driver, client)) = start_browser(&dir.path().join("profile")).await else {
        return;
    };
    let app = hverdag::Application::build(&config, "127.0.0.1:0")
        .await
        .expect("app builds");
    let base = app.base_url().to_owned();
    tokio::spawn(app.run_until_stopped());

    client.goto(&format!("{base}/org")).await.expect("open");
    wait_for_path(&client, "/login").await;
    client
        .find(Locator::Css("#email"))
        .await
        .expect("email field")
        .send_keys(demo::DEMO_LOGINS[0].0)
        .await
        .expect("type email");
    client
        .find(Locator::Css("#password"))
        .await
        .expect("password field")
        .send_keys(demo::DEMO_PASSWORD)
        .await
        .expect("type password");
    client
        .find(Locator::Css("form[action='/login'] button[type=submit]"))
        .await
        .expect("sign-in button")
        .click()
        .await
        .expect("click sign in");
    wait_for_path(&client, "/org").await;
    assert_eq!(text_of(&client, "h1").await, "Fjordlys AS");
    assert_eq!(
        text_of(&client, ".mainnav a[href='/people']").await,
        "People"
    );

    // A phone-sized page must not scroll sideways.
    assert_no_sideways_scroll(&client, "the overview").await;

    client
        .find(Locator::Css(".lang-switch button[value=nb]"))
        .await
        .expect("language switch")
        .click()
        .await
        .expect("switch language");
    wait_for_path(&client, "/org").await;
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        // Read in one script call: an element handle found while the page is replaced
        // would go stale. A failed read (mid-navigation) is just "not yet".
        let lang = client
            .execute("return document.documentElement.lang;", vec![])
            .await
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned));
        if lang.as_deref() == Some("nb") {
            break;
        }
        assert!(Instant::now() < deadline, "the page stayed in {lang:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        text_of(&client, ".mainnav a[href='/people']").await,
        "Personer"
    );
    assert_eq!(
        text_of(&client, ".mainnav a[href='/org']").await,
        "Oversikt"
    );

    if let Ok(png) = client.screenshot().await {
        let _ = std::fs::write(
            std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser-org-nb.png"),
            png,
        );
    }
    client.close().await.expect("close the browser");
}

/// Fails when the page scrolls sideways at the window's (phone) width.
async fn assert_no_sideways_scroll(client: &Client, what: &str) {
    let overflow = client
        .execute(
            "return document.documentElement.scrollWidth - window.innerWidth;",
            vec![],
        )
        .await
        .expect("measure width");
    assert!(
        overflow.as_i64().unwrap_or(1) <= 0,
        "{what} scrolls sideways on a phone by {overflow}px"
    );
}

#[tokio::test]
async fn an_invitee_answers_the_survey_on_a_phone() {
    use hverdag::domain::surveys::{self, SurveyInput, invitations, pre_workshop_template};
    use hverdag::domain::{Locale, people};

    let dir = tempfile::tempdir().expect("temp dir");
    let config = hverdag::Config::for_data_dir(dir.path());
    let token = {
        let db = Db::open(&config.database_url(), 1).expect("database");
        let mut conn = db.conn().expect("connection");
        write_tx(&mut conn, |c| {
            let demo = demo::load(c)?;
            let today = chrono::Utc::now().date_naive();
            let survey = surveys::create(
                c,
                demo.org.id,
                &SurveyInput {
                    title: "Før vi starter".into(),
                    intro: String::new(),
                    anonymous: true,
                    min_group_size: 5,
                    opens_on: today,
                    closes_on: today + chrono::Days::new(7),
                    reminder_days: 2,
                    rollout_id: None,
                },
                &pre_workshop_template(Locale::Nb),
            )?;
            // The ambassador's language is Norwegian.
            let (ambassador, _) = people::find_for_login(c, demo::DEMO_LOGINS[2].0)?
                .ok_or(hverdag::domain::Error::NotFound)?;
            let invited =
                invitations::invite(c, demo.org.id, survey.id, &[], &[ambassador.id], today)?;
            Ok::<_, hverdag::domain::Error>(invited[0].token.clone())
        })
        .expect("a survey and an invitation")
    };
    let Some((_driver, client)) = start_browser(&dir.path().join("profile")).await else {
        return;
    };
    let app = hverdag::Application::build(&config, "127.0.0.1:0")
        .await
        .expect("app builds");
    let base = app.base_url().to_owned();
    tokio::spawn(app.run_until_stopped());

    client
        .goto(&format!("{base}/s/{token}"))
        .await
        .expect("open the link");
    let lang = client
        .find(Locator::Css("html"))
        .await
        .expect("html")
        .attr("lang")
        .await
        .expect("lang");
    assert_eq!(lang.as_deref(), Some("nb"), "the invitee's language");
    assert!(text_of(&client, ".privacy").await.contains("anonym"));
    assert_no_sideways_scroll(&client, "the survey").await;

    // Answer only the first question, then send: the required ones are pointed out.
    client
        .find(Locator::Css(
            "fieldset.question .scale label:nth-child(4) span",
        ))
        .await
        .expect("the scale")
        .click()
        .await
        .expect("tap 4");
    let send = || async {
        client
            .find(Locator::Css("form button[type=submit].primary"))
            .await
            .expect("the send button")
            .click()
            .await
            .expect("send");
    };
    send().await;
    client
        .wait()
        .for_element(Locator::Css("#errors"))
        .await
        .expect("the page with the problems");
    let errors = text_of(&client, "#errors").await;
    assert!(errors.contains("spørsmål må ses på"), "{errors}");
    let kept = client
        .find(Locator::Css(
            "fieldset.question .scale label:nth-child(4) input",
        ))
        .await
        .expect("the scale input")
        .prop("checked")
        .await
        .expect("checked?");
    assert_eq!(kept.as_deref(), Some("true"), "the answer given is kept");

    // Fill in the rest the way a person would: tap a choice in every required question.
    for css in [
        "fieldset.question:nth-of-type(2) label.check:nth-of-type(1) input",
        "fieldset.question:nth-of-type(5) label.check:nth-of-type(2) input",
        "fieldset.question:nth-of-type(6) .scale label:nth-child(3) span",
        "fieldset.question:nth-of-type(7) .scale label:nth-child(5) span",
    ] {
        client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"))
            .click()
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"));
    }
    client
        .find(Locator::Css("fieldset.question:nth-of-type(3) textarea"))
        .await
        .expect("a text answer")
        .send_keys("Tydeligere prioriteringer")
        .await
        .expect("type");
    send().await;
    client
        .wait()
        .for_element(Locator::Css("section[role=status]"))
        .await
        .expect("the thank-you page");
    assert_eq!(text_of(&client, "h1").await, "Takk!");
    client.close().await.expect("close the browser");
}
