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
    let overflow = client
        .execute(
            "return document.documentElement.scrollWidth - window.innerWidth;",
            vec![],
        )
        .await
        .expect("measure width");
    assert!(
        overflow.as_i64().unwrap_or(1) <= 0,
        "the overview scrolls sideways on a phone by {overflow}px"
    );

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
        let lang = client
            .find(Locator::Css("html"))
            .await
            .expect("html")
            .attr("lang")
            .await
            .expect("lang attribute");
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
