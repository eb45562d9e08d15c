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
use hverdag::domain::periods::Periods;
use hyper_util::client::legacy::connect::HttpConnector;

#[path = "api/oidc_provider.rs"]
mod oidc_provider;

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
            // A retry's back-off while chromedriver starts.
            Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    }
}

/// Asks `check` every 100 ms until it gives a value, and returns that; fails the test,
/// naming `what` it waited for, once `within` has passed. The browser tests wait for
/// conditions, never for a fixed time.
async fn eventually<T>(
    within: Duration,
    what: impl std::fmt::Display,
    mut check: impl AsyncFnMut() -> Option<T>,
) -> T {
    let deadline = Instant::now() + within;
    loop {
        if let Some(found) = check().await {
            return found;
        }
        assert!(Instant::now() < deadline, "waited {within:?} for {what}");
        // The poll interval of this wait.
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Starts the server on a free port; its base URL.
async fn serve(config: &hverdag::Config) -> String {
    let app = hverdag::Application::build(config, "127.0.0.1:0")
        .await
        .expect("app builds");
    let base = app.base_url().to_owned();
    tokio::spawn(app.run_until_stopped());
    base
}

async fn wait_for_path(client: &Client, path: &str) {
    eventually(
        Duration::from_secs(10),
        format_args!("the page {path}"),
        async || {
            let url = client.current_url().await.expect("current url");
            (url.path() == path).then_some(())
        },
    )
    .await;
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
    let base = serve(&config).await;

    client.goto(&format!("{base}/")).await.expect("open");
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
    // A leader lands on their home: their week, and the teams they watch.
    wait_for_path(&client, "/home").await;
    assert_eq!(text_of(&client, "h1").await, "My week");
    assert!(
        !text_of(&client, "#home-watch h2").await.is_empty(),
        "a leader's home shows how the teams are doing"
    );
    // A phone-sized page must not scroll sideways.
    assert_no_sideways_scroll(&client, "the home").await;

    // On a phone the sections fold behind a menu button, so the page comes first.
    wait_until(
        &client,
        "the sections folded behind the menu button",
        "const nav = document.getElementById('mainnav');
         const button = document.querySelector('.nav-toggle');
         return getComputedStyle(nav).display === 'none'
             && getComputedStyle(button).display !== 'none';",
    )
    .await;
    click(&client, ".nav-toggle").await;
    // The organisation overview is one click away.
    click(&client, ".mainnav a[href='/org']").await;
    wait_for_path(&client, "/org").await;
    assert_eq!(text_of(&client, "h1").await, "Fjordlys AS");
    click(&client, ".nav-toggle").await;
    assert_eq!(
        text_of(&client, ".mainnav a[href='/people']").await,
        "People"
    );
    assert_no_sideways_scroll(&client, "the overview").await;

    client
        .find(Locator::Css(".lang-switch button[value=nb]"))
        .await
        .expect("language switch")
        .click()
        .await
        .expect("switch language");
    wait_for_path(&client, "/org").await;
    eventually(
        Duration::from_secs(10),
        "the page in Norwegian",
        async || {
            // Read in one script call: an element handle found while the page is replaced
            // would go stale. A failed read (mid-navigation) is just "not yet".
            let lang = client
                .execute("return document.documentElement.lang;", vec![])
                .await
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned));
            (lang.as_deref() == Some("nb")).then_some(())
        },
    )
    .await;
    click(&client, ".nav-toggle").await;
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
            let ambassador = people::find_by_email(c, demo.org.id, demo::DEMO_LOGINS[2].0)?
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
    let base = serve(&config).await;

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

/// Waits until `script` (a function body returning a boolean) returns true.
async fn wait_until(client: &Client, what: &str, script: &str) {
    eventually(Duration::from_secs(15), what, async || {
        let done = client.execute(script, vec![]).await.ok()?.as_bool()?;
        done.then_some(())
    })
    .await;
}

/// Clicks an element after scrolling it to the middle of the window (out from under the
/// workshop room's sticky bar).
async fn click(client: &Client, css: &str) {
    let element = client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css} not found: {e}"));
    client
        .execute(
            "arguments[0].scrollIntoView({block: 'center'});",
            vec![serde_json::to_value(&element).expect("an element reference")],
        )
        .await
        .unwrap_or_else(|e| panic!("scroll to {css}: {e}"));
    element
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {css}: {e}"));
}

/// Submits a form the way pressing Enter in it would.
async fn client_submit(client: &Client, css: &str) {
    client
        .execute(
            "document.querySelector(arguments[0]).requestSubmit();",
            vec![serde_json::json!(css)],
        )
        .await
        .unwrap_or_else(|e| panic!("submit {css}: {e}"));
}

async fn type_into(client: &Client, css: &str, text: &str) {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css} not found: {e}"))
        .send_keys(text)
        .await
        .unwrap_or_else(|e| panic!("type into {css}: {e}"));
}

/// The id of the workshop card showing `text` on this page.
async fn card_id(client: &Client, text: &str) -> String {
    let id = client
        .execute(
            "return [...document.querySelectorAll('#room-board .room-card')]
                .find(li => li.querySelector('.room-card-text').textContent === arguments[0])
                ?.dataset.cardId ?? null;",
            vec![serde_json::json!(text)],
        )
        .await
        .expect("read the card id");
    id.as_str()
        .unwrap_or_else(|| panic!("no card {text:?}"))
        .to_owned()
}

fn save_screenshot(png: Vec<u8>, name: &str) {
    let _ = std::fs::write(
        std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(name),
        png,
    );
}

#[tokio::test]
async fn a_facilitator_and_two_participants_run_a_short_workshop_to_saved_objectives() {
    use hverdag::domain::people::{self, PersonInput, Role};
    use hverdag::domain::teams::{self, TeamInput, TeamKind};
    use hverdag::domain::{Locale, auth, okrs, org, workshops};
    use hverdag::live::agenda::{Agenda, Step, StepKind};

    const PASSWORD: &str = "a long enough password";
    let dir = tempfile::tempdir().expect("temp dir");
    let config = hverdag::Config::for_data_dir(dir.path());
    let db = Db::open(&config.database_url(), 1).expect("database");
    let (org_id, workshop_id, code, team_id) = {
        let mut conn = db.conn().expect("connection");
        write_tx(&mut conn, |c| {
            let org = org::create(
                c,
                &org::NewOrg {
                    name: "Fjord".into(),
                    slug: "fjord".into(),
                    locale: Locale::En,
                    time_zone: "Europe/Oslo".into(),
                },
            )?;
            let hash = auth::hash_password(PASSWORD)?;
            let per = people::create(
                c,
                org.id,
                &PersonInput {
                    name: "Per Fasilitator".into(),
                    email: "per@fjord.example".into(),
                    locale: Locale::En,
                    roles: vec![Role::Facilitator],
                },
                Some(&hash),
            )?;
            let team = teams::create(
                c,
                org.id,
                &TeamInput {
                    name: "Platform".into(),
                    kind: TeamKind::Team,
                    parent_id: None,
                },
            )?;
            let agenda = Agenda {
                steps: vec![
                    Step::new(StepKind::Brainstorm, Some(10)),
                    Step::new(StepKind::Group, Some(5)),
                    Step::new(StepKind::Vote, Some(5)),
                    Step::new(StepKind::DraftKeyResults, Some(15)),
                    Step::new(StepKind::Commit, Some(5)),
                ],
                votes_per_person: 3,
                anonymous: false,
                hidden_tallies: false,
                participants_group: false,
                top_objectives: 2,
            };
            let w = workshops::create(
                c,
                org.id,
                per.row.id,
                "Platform kick-off",
                Locale::En,
                &agenda,
                None,
            )?;
            workshops::set_teams(c, &w, &[team.id])?;
            Ok::<_, hverdag::domain::Error>((org.id, w.id, w.join_code, team.id))
        })
        .expect("a workshop to run")
    };

    let Some((_per_driver, per)) = start_browser(&dir.path().join("per")).await else {
        return;
    };
    let (_kari_driver, kari) = start_browser(&dir.path().join("kari"))
        .await
        .expect("a second browser");
    let (_ola_driver, ola) = start_browser(&dir.path().join("ola"))
        .await
        .expect("a third browser");
    let base = serve(&config).await;

    // The facilitator signs in on a laptop-sized screen and opens the room.
    per.set_window_size(1280, 900).await.expect("resize");
    per.goto(&format!("{base}/login")).await.expect("open");
    type_into(&per, "#email", "per@fjord.example").await;
    type_into(&per, "#password", PASSWORD).await;
    click(&per, "form[action='/login'] button[type=submit]").await;
    wait_for_path(&per, "/home").await;
    per.goto(&format!("{base}/workshops/{workshop_id}/run"))
        .await
        .expect("open the room");
    wait_until(
        &per,
        "the facilitator's room",
        "return document.querySelector('#room')?.dataset.connection === 'open';",
    )
    .await;
    assert_eq!(text_of(&per, "#room-code").await, code);
    assert!(text_of(&per, "#room-step-of").await.contains("Brainstorm"));

    // Two participants join on their phones, by name, and post ideas.
    for (client, name, idea) in [
        (&kari, "Kari", "Happier customers"),
        (&ola, "Ola", "Faster delivery"),
    ] {
        client
            .goto(&format!("{base}/w/{code}"))
            .await
            .expect("open the join link");
        client
            .wait()
            .for_element(Locator::Css("#room-name"))
            .await
            .expect("the name field");
        wait_until(
            client,
            "the name form",
            "return !document.querySelector('#room-join').hidden;",
        )
        .await;
        type_into(client, "#room-name", name).await;
        click(client, "#room-join-form button[type=submit]").await;
        wait_until(
            client,
            "joining",
            "const r = document.querySelector('#room');
             return r.dataset.connection === 'open' && r.dataset.stepKind === 'brainstorm';",
        )
        .await;
        type_into(client, "#room-card-text", idea).await;
        click(client, "#room-add-card button[type=submit]").await;
        wait_until(
            client,
            "my card on the board",
            &format!(
                "return [...document.querySelectorAll('#room-board .room-card-text')]
                    .some(e => e.textContent === {idea:?});"
            ),
        )
        .await;
        assert_no_sideways_scroll(client, "the workshop room while brainstorming").await;
    }
    let left_in_form = kari
        .find(Locator::Css("#room-card-text"))
        .await
        .expect("the idea field")
        .prop("value")
        .await
        .expect("its value");
    assert_eq!(
        left_in_form.as_deref(),
        Some(""),
        "the add form is empty again"
    );
    // Each sees both cards, and only their own can be edited.
    wait_until(
        &kari,
        "Ola's card at Kari's",
        "return document.querySelectorAll('#room-board .room-card').length === 2;",
    )
    .await;
    let happier = card_id(&per, "Happier customers").await;
    let faster = card_id(&per, "Faster delivery").await;
    let kari_can_edit = kari
        .execute(
            "return [...document.querySelectorAll('#room-board .room-card')]
                .filter(li => !li.querySelector('.room-edit').hidden)
                .map(li => li.dataset.cardId);",
            vec![],
        )
        .await
        .expect("editable cards");
    assert_eq!(kari_can_edit, serde_json::json!([happier]));
    wait_until(
        &per,
        "both participants in the presence list",
        "return document.querySelectorAll('#room-presence-list li.room-online').length === 3;",
    )
    .await;
    // Participants have no list of who is here: each card names its author.
    wait_until(
        &kari,
        "Ola's name on his card at Kari's",
        "return [...document.querySelectorAll('#room-board .room-card-author')]
            .some(a => a.textContent.includes('Ola'));",
    )
    .await;

    // The facilitator groups: makes a group and drags Ola's card into it; the participants
    // see it move.
    click(&per, "#room-next").await;
    wait_until(
        &per,
        "the group step",
        "return document.querySelector('#room').dataset.stepKind === 'group';",
    )
    .await;
    type_into(&per, "#room-group-name", "Delivery").await;
    client_submit(&per, "#room-group-form").await;
    wait_until(
        &per,
        "the new group",
        "return document.querySelector('#room-groups .room-group[data-group-id]:not([data-group-id=\"\"])') !== null;",
    )
    .await;
    per.execute(
        "const card = document.querySelector(`#room-board .room-card[data-card-id='${arguments[0]}']`);
         const group = document.querySelector('#room-groups .room-group:not([data-group-id=\"\"])');
         const data = new DataTransfer();
         card.dispatchEvent(new DragEvent('dragstart', {bubbles: true, dataTransfer: data}));
         group.dispatchEvent(new DragEvent('dragover', {bubbles: true, cancelable: true, dataTransfer: data}));
         group.dispatchEvent(new DragEvent('drop', {bubbles: true, cancelable: true, dataTransfer: data}));
         card.dispatchEvent(new DragEvent('dragend', {bubbles: true, dataTransfer: data}));",
        vec![serde_json::json!(faster)],
    )
    .await
    .expect("drag a card onto the group");
    let grouped = format!(
        "return document.querySelector(`#room-groups .room-group:not([data-group-id=\"\"]) .room-card[data-card-id='{faster}']`) !== null;"
    );
    for client in [&per, &kari, &ola] {
        wait_until(client, "the card in its group", &grouped).await;
    }

    // The facilitator moves on to the vote; Kari gives both of her votes to her own idea, Ola
    // splits his.
    click(&per, "#room-next").await;
    for client in [&kari, &ola] {
        wait_until(
            client,
            "the vote step",
            "return document.querySelector('#room').dataset.stepKind === 'vote';",
        )
        .await;
    }
    let vote = |card: &str| format!("#room-board .room-card[data-card-id='{card}'] .room-vote");
    for (client, card) in [
        (&kari, &happier),
        (&kari, &happier),
        (&ola, &happier),
        (&ola, &faster),
    ] {
        let before = client
            .execute(
                "return document.querySelectorAll('#room-votes-left .room-dot-used').length;",
                vec![],
            )
            .await
            .expect("used votes")
            .as_i64()
            .unwrap_or(0);
        click(client, &vote(card)).await;
        wait_until(
            client,
            "the vote to count",
            &format!(
                "return document.querySelectorAll('#room-votes-left .room-dot-used').length === {};",
                before + 1
            ),
        )
        .await;
    }
    assert_eq!(
        text_of(&kari, "#room-votes-left .room-votes-left-text").await,
        "You have 1 vote left"
    );
    assert_eq!(
        text_of(
            &kari,
            &format!("#room-board .room-card[data-card-id='{happier}'] .room-my-votes")
        )
        .await,
        "●●"
    );
    assert_no_sideways_scroll(&kari, "the workshop room while voting").await;
    if let Ok(png) = kari.screenshot().await {
        save_screenshot(png, "browser-workshop-vote.png");
    }
    wait_until(
        &per,
        "the tally at the facilitator's",
        &format!(
            "return document.querySelector(\"#room-board .room-card[data-card-id='{happier}'] .room-card-votes\")
                ?.textContent === '3 votes';"
        ),
    )
    .await;
    assert!(
        text_of(&per, "#room-presence-list")
            .await
            .contains("voted 2 of 3"),
        "the facilitator sees who has voted"
    );

    // Drafting key results for the top objectives: Kari proposes one for her idea.
    click(&per, "#room-next").await;
    let form = format!("#room-objectives .room-objective[data-card-id='{happier}'] .room-kr-form");
    kari.wait()
        .for_element(Locator::Css(&form))
        .await
        .expect("the key result form");
    wait_until(
        &kari,
        "the draft step",
        "return document.querySelector('#room').dataset.stepKind === 'draft_key_results';",
    )
    .await;
    let first_objective = kari
        .execute(
            "return document.querySelector('#room-objective-list .room-objective')?.dataset.cardId;",
            vec![],
        )
        .await
        .expect("the first objective");
    assert_eq!(
        first_objective,
        serde_json::json!(happier),
        "ranked by votes"
    );
    type_into(
        &kari,
        &format!("#room-kr-{happier}-metric"),
        "Customer satisfaction",
    )
    .await;
    type_into(&kari, &format!("#room-kr-{happier}-start"), "3.9").await;
    type_into(&kari, &format!("#room-kr-{happier}-target"), "4.5").await;
    type_into(&kari, &format!("#room-kr-{happier}-unit"), "points").await;
    assert_no_sideways_scroll(&kari, "the workshop room while drafting key results").await;
    click(&kari, &format!("{form} button[type=submit]")).await;
    let kr_css = format!("#room-objectives .room-objective[data-card-id='{happier}'] .room-kr");
    wait_until(
        &per,
        "the key result at the facilitator's",
        &format!("return !!document.querySelector(\"{kr_css}\");"),
    )
    .await;
    assert_eq!(
        text_of(&per, &format!("{kr_css} .room-kr-text")).await,
        "Customer satisfaction: 3.9 → 4.5 points"
    );
    let kr_id = per
        .find(Locator::Css(&kr_css))
        .await
        .expect("the key result")
        .attr("data-kr-id")
        .await
        .expect("its id")
        .expect("an id");
    if let Ok(png) = per.screenshot().await {
        save_screenshot(png, "browser-workshop-facilitator.png");
    }

    // The facilitator ends the workshop (after confirming) and saves the outcome.
    click(&per, "#room-end").await;
    per.accept_alert().await.expect("confirm ending");
    for client in [&per, &kari, &ola] {
        wait_until(
            client,
            "the end",
            "return !document.querySelector('#room-ended').hidden;",
        )
        .await;
    }
    click(&per, "#room-outcome-link").await;
    wait_for_path(&per, &format!("/workshops/{workshop_id}/outcome")).await;
    // Keep exactly Kari's objective and its key result.
    for checkbox in per
        .find_all(Locator::Css("input[name=card], input[name=kr]"))
        .await
        .expect("the choices")
    {
        let value = checkbox
            .attr("value")
            .await
            .expect("value")
            .unwrap_or_default();
        let name = checkbox
            .attr("name")
            .await
            .expect("name")
            .unwrap_or_default();
        let wanted = (name == "card" && value == happier) || (name == "kr" && value == kr_id);
        let checked = checkbox.prop("checked").await.expect("checked").as_deref() == Some("true");
        if checked != wanted {
            checkbox.click().await.expect("tick");
        }
    }
    per.find(Locator::Css("select[name=team_id]"))
        .await
        .expect("the team")
        .select_by_value(&team_id.to_string())
        .await
        .expect("choose the team");
    let period = per
        .find(Locator::Css("input[name=period]"))
        .await
        .expect("the period");
    period.clear().await.expect("clear the period");
    period.send_keys("2027-Q1").await.expect("type the period");
    click(&per, "#save-outcome").await;
    wait_for_path(&per, &format!("/workshops/{workshop_id}/summary")).await;

    let saved = {
        let mut conn = db.conn().expect("connection");
        okrs::from_workshop(&mut conn, org_id, workshop_id).expect("saved objectives")
    };
    assert_eq!(saved.len(), 1, "one objective: {saved:?}");
    let okr = &saved[0];
    assert_eq!(okr.objective.title, "Happier customers");
    assert_eq!(okr.objective.team_id, team_id);
    assert_eq!(okr.objective.period, "2027-Q1");
    assert_eq!(okr.key_results.len(), 1);
    let kr = &okr.key_results[0];
    assert_eq!(kr.title, "Customer satisfaction");
    assert_eq!(kr.unit, "points");
    assert_eq!((kr.start_value, kr.target_value), (3.9, 4.5));

    for client in [per, kari, ola] {
        client.close().await.expect("close the browser");
    }
}

#[tokio::test]
async fn a_team_lead_runs_the_weekly_okr_meeting_on_a_phone() {
    use chrono::Datelike;
    use hverdag::domain::meetings::{self, SeriesInput, SeriesKind};
    use hverdag::domain::okrs::{self, KeyResultInput, ObjectiveInput};
    use hverdag::domain::people::{self, PersonInput, Role};
    use hverdag::domain::teams::{self, TeamInput, TeamKind};
    use hverdag::domain::{Locale, auth, org};

    const PASSWORD: &str = "a long enough password";
    const TZ: &str = "Europe/Oslo";
    let dir = tempfile::tempdir().expect("temp dir");
    let config = hverdag::Config::for_data_dir(dir.path());
    let db = Db::open(&config.database_url(), 1).expect("database");
    let (org_id, team_id, kari_id, ola_id, kr_id, replies_id, meeting_id) = {
        let mut conn = db.conn().expect("connection");
        write_tx(&mut conn, |c| {
            let org = org::create(
                c,
                &org::NewOrg {
                    name: "Fjord".into(),
                    slug: "fjord".into(),
                    locale: Locale::En,
                    time_zone: TZ.into(),
                },
            )?;
            let today = org::today(c, org.id)?;
            let hash = auth::hash_password(PASSWORD)?;
            let kari = people::create(
                c,
                org.id,
                &PersonInput {
                    name: "Kari Nordmann".into(),
                    email: "kari@fjord.example".into(),
                    locale: Locale::En,
                    roles: vec![Role::Member],
                },
                Some(&hash),
            )?;
            let ola = people::create(
                c,
                org.id,
                &PersonInput {
                    name: "Ola Nordmann".into(),
                    email: "ola@fjord.example".into(),
                    locale: Locale::En,
                    roles: vec![Role::Member],
                },
                None,
            )?;
            let team = teams::create(
                c,
                org.id,
                &TeamInput {
                    name: "Web".into(),
                    kind: TeamKind::Team,
                    parent_id: None,
                },
            )?;
            let joined = today - chrono::Days::new(30);
            for person in [kari.row.id, ola.row.id] {
                teams::add_member(c, org.id, team.id, person, joined)?;
            }
            let (okr, _) = okrs::create(
                c,
                org.id,
                &ObjectiveInput {
                    team_id: team.id,
                    period: Periods::Quarters.of(today),
                    title: "Delighted customers".into(),
                    description: String::new(),
                    owner_id: None,
                    status: okrs::Status::Active,
                },
                None,
                &[
                    KeyResultInput {
                        owner_id: Some(kari.row.id),
                        ..KeyResultInput::number("NPS", "points", 20.0, 40.0)
                    },
                    KeyResultInput {
                        kind: okrs::KrKind::Percent,
                        owner_id: Some(kari.row.id),
                        ..KeyResultInput::number("Replies within a day", "", 60.0, 90.0)
                    },
                ],
            )?;
            meetings::create_series(
                c,
                org.id,
                &SeriesInput {
                    team_id: team.id,
                    kind: SeriesKind::WeeklyResults,
                    weekday: today.weekday().number_from_monday() as i32,
                    start_time: "09:00".into(),
                    duration_minutes: 15,
                    starts_on: today,
                    ends_on: None,
                },
                TZ,
                today,
            )?;
            let todays = meetings::team_meetings(c, org.id, team.id, TZ, today, today, today)?;
            assert_eq!(todays.len(), 1, "one meeting today: {todays:?}");
            Ok::<_, hverdag::domain::Error>((
                org.id,
                team.id,
                kari.row.id,
                ola.row.id,
                okr.key_results[0].id,
                okr.key_results[1].id,
                todays[0].id,
            ))
        })
        .expect("a team with a weekly meeting today")
    };

    let Some((_driver, kari)) = start_browser(&dir.path().join("kari")).await else {
        return;
    };
    let base = serve(&config).await;

    // Kari signs in on her phone and finds today's meeting in the team's list.
    kari.set_window_size(390, 844).await.expect("resize");
    kari.goto(&format!("{base}/login")).await.expect("open");
    type_into(&kari, "#email", "kari@fjord.example").await;
    type_into(&kari, "#password", PASSWORD).await;
    click(&kari, "form[action='/login'] button[type=submit]").await;
    // Her home says what to check in and when the team meets next.
    wait_for_path(&kari, "/home").await;
    wait_until(
        &kari,
        "today's meeting and two key results on the home",
        &format!(
            "return document.querySelector(\".home-next a[href='/meetings/{meeting_id}']\") !== null
                && document.querySelectorAll('li.home-kr').length === 2;"
        ),
    )
    .await;
    assert_no_sideways_scroll(&kari, "the member's home").await;
    kari.goto(&format!("{base}/teams/{team_id}/meetings"))
        .await
        .expect("open the team's meetings");
    wait_for_path(&kari, &format!("/teams/{team_id}/meetings")).await;
    let todays_link = format!("tr.today a[href='/meetings/{meeting_id}']");
    wait_until(
        &kari,
        "today's meeting in the list",
        &format!("return document.querySelector(\"{todays_link}\") !== null;"),
    )
    .await;
    assert_no_sideways_scroll(&kari, "the team's meetings").await;
    click(&kari, &todays_link).await;
    wait_for_path(&kari, &format!("/meetings/{meeting_id}")).await;
    wait_until(
        &kari,
        "the meeting page",
        "return document.querySelector('#mark-held') !== null
            && document.readyState === 'complete';",
    )
    .await;
    assert!(
        text_of(&kari, "h1").await.contains("Web"),
        "the team's meeting"
    );
    assert_eq!(
        text_of(&kari, ".page-head .badge").await,
        "Scheduled",
        "not held yet"
    );
    // Everyone starts as present.
    let checked = kari
        .execute(
            "return [...document.querySelectorAll('.roster input[type=radio]:checked')]
                .map(i => i.name + '=' + i.value);",
            vec![],
        )
        .await
        .expect("the roster");
    assert_eq!(
        checked,
        serde_json::json!([
            format!("presence-{kari_id}=present"),
            format!("presence-{ola_id}=present"),
        ])
    );
    assert_no_sideways_scroll(&kari, "the meeting page").await;

    // One tap marks Ola excused.
    let ola_excused = format!("input[name='presence-{ola_id}'][value=excused]");
    kari.execute(
        "arguments[0].scrollIntoView({block: 'center'});",
        vec![
            serde_json::to_value(
                kari.find(Locator::Css(&ola_excused))
                    .await
                    .expect("Ola's excused choice"),
            )
            .expect("an element reference"),
        ],
    )
    .await
    .expect("scroll to Ola");
    let label = kari
        .find(Locator::XPath(&format!(
            "//label[contains(@class, 'tap')][input[@name='presence-{ola_id}' and @value='excused']]"
        )))
        .await
        .expect("the label around Ola's excused choice");
    assert_eq!(label.text().await.expect("label text").trim(), "Excused");
    label.click().await.expect("tap excused");
    let excused = kari
        .find(Locator::Css(&ola_excused))
        .await
        .expect("Ola's excused choice")
        .prop("checked")
        .await
        .expect("checked?");
    assert_eq!(excused.as_deref(), Some("true"), "Ola is marked excused");

    // An inline check-in: NPS is now 27, at risk.
    let value = format!("#value-{kr_id}");
    click(&kari, &value).await;
    type_into(&kari, &value, "27").await;
    kari.find(Locator::Css(&format!("#confidence-{kr_id}")))
        .await
        .expect("the confidence")
        .select_by_label("At risk")
        .await
        .expect("choose at risk");
    click(&kari, "#notes").await;
    type_into(
        &kari,
        "#notes",
        "NPS dipped after the release; Kari follows up.",
    )
    .await;
    assert_no_sideways_scroll(&kari, "the meeting page, filled in").await;
    if let Ok(png) = kari.screenshot().await {
        save_screenshot(png, "browser-meeting-filled-in.png");
    }

    // Save and mark as held; the page comes back with the news.
    kari.execute("document.documentElement.dataset.beforeSave = '1';", vec![])
        .await
        .expect("mark the old page");
    click(&kari, "#mark-held").await;
    wait_until(
        &kari,
        "the saved meeting page",
        "return document.readyState === 'complete'
            && !document.documentElement.dataset.beforeSave
            && document.querySelector('.flash') !== null;",
    )
    .await;
    wait_for_path(&kari, &format!("/meetings/{meeting_id}")).await;
    assert_eq!(
        text_of(&kari, ".flash").await,
        "Meeting saved and marked as held."
    );
    assert_eq!(text_of(&kari, ".page-head .badge").await, "Held");
    assert!(
        kari.find(Locator::Css("#mark-held")).await.is_err(),
        "no second 'mark as held'"
    );
    let shown = kari
        .execute(
            "return [document.querySelector(arguments[0]).checked,
                     document.querySelector('#notes').value];",
            vec![serde_json::json!(ola_excused)],
        )
        .await
        .expect("the saved form");
    assert_eq!(
        shown,
        serde_json::json!([true, "NPS dipped after the release; Kari follows up."]),
        "the page shows what was saved"
    );
    assert_no_sideways_scroll(&kari, "the held meeting").await;
    if let Ok(png) = kari.screenshot().await {
        save_screenshot(png, "browser-meeting-held.png");
    }

    let mut conn = db.conn().expect("connection");
    let meeting = meetings::find(&mut conn, org_id, meeting_id).expect("the meeting");
    assert_eq!(meeting.status, hverdag::domain::meetings::Status::Held);
    assert!(meeting.held_at.is_some(), "when it was held");
    assert_eq!(
        meeting.notes,
        "NPS dipped after the release; Kari follows up."
    );
    let mut attendance =
        meetings::attendance_of(&mut conn, org_id, meeting_id).expect("attendance");
    attendance.sort_by_key(|(person, _)| *person);
    let mut expected = vec![
        (kari_id, meetings::Presence::Present),
        (ola_id, meetings::Presence::Excused),
    ];
    expected.sort_by_key(|(person, _)| *person);
    assert_eq!(attendance, expected);
    let check_ins = meetings::check_ins_of(&mut conn, org_id, meeting_id).expect("check-ins");
    assert_eq!(check_ins.len(), 1, "one check-in: {check_ins:?}");
    assert_eq!(check_ins[0].key_result_id, kr_id);
    assert_eq!(check_ins[0].value, 27.0);
    assert_eq!(
        check_ins[0].confidence,
        hverdag::domain::okrs::check_ins::Confidence::AtRisk
    );
    assert_eq!(check_ins[0].person_id, Some(kari_id), "made by Kari");
    let kr = okrs::key_results::find(&mut conn, org_id, kr_id).expect("the key result");
    assert_eq!(kr.current_value, 27.0);
    drop(conn);

    // The weekly check-in on the phone: a bad value beside a good one saves nothing, and
    // says so at the top and beside the field at fault; the good value stays as typed.
    kari.goto(&format!("{base}/check-ins"))
        .await
        .expect("open the check-ins");
    wait_for_path(&kari, "/check-ins").await;
    click(&kari, &format!("#value-{kr_id}")).await;
    type_into(&kari, &format!("#value-{kr_id}"), "27 points").await;
    click(&kari, &format!("#value-{replies_id}")).await;
    type_into(&kari, &format!("#value-{replies_id}"), "75").await;
    click(&kari, "#save-check-ins").await;
    wait_until(
        &kari,
        "the refused check-ins with their summary",
        "return document.readyState === 'complete'
            && document.getElementById('check-in-summary') !== null;",
    )
    .await;
    let shown = kari
        .execute(
            &format!(
                "const field = document.getElementById('value-{kr_id}').getBoundingClientRect();
                 const error = document.getElementById('value-error-{kr_id}').getBoundingClientRect();
                 const good = document.getElementById('value-{replies_id}');
                 return [error.top - field.bottom, good.value, good.hasAttribute('aria-invalid')];"
            ),
            vec![],
        )
        .await
        .expect("measure the error");
    let gap = shown[0].as_f64().unwrap_or(f64::MAX);
    assert!(
        (0.0..60.0).contains(&gap),
        "the error sits under its field: {gap}px"
    );
    assert_eq!(shown[1], "75", "the good value is kept");
    assert_eq!(shown[2], false, "and not marked");
    assert_no_sideways_scroll(&kari, "the refused check-ins").await;
    kari.find(Locator::Css(&format!("#value-{kr_id}")))
        .await
        .expect("the value")
        .clear()
        .await
        .expect("clear");
    type_into(&kari, &format!("#value-{kr_id}"), "31,5").await;
    click(&kari, "#save-check-ins").await;
    wait_until(
        &kari,
        "the saved check-ins",
        "return document.readyState === 'complete'
            && document.querySelector('.flash-success') !== null;",
    )
    .await;
    let mut conn = db.conn().expect("connection");
    let replies = okrs::key_results::find(&mut conn, org_id, replies_id).expect("replies");
    assert_eq!(replies.current_value, 75.0);

    kari.close().await.expect("close the browser");
}

#[tokio::test]
async fn an_ambassador_sees_the_demo_organisations_adoption_dashboard() {
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
    let base = serve(&config).await;

    // The ambassador signs in on a phone and opens the adoption dashboard.
    client.goto(&format!("{base}/login")).await.expect("open");
    type_into(&client, "#email", demo::DEMO_LOGINS[2].0).await;
    type_into(&client, "#password", demo::DEMO_PASSWORD).await;
    click(&client, "form[action='/login'] button[type=submit]").await;
    wait_for_path(&client, "/home").await;
    // An ambassador's home lists the teams they support, those to look at first.
    assert!(
        !text_of(&client, "#home-watch .home-standings li")
            .await
            .is_empty(),
        "the ambassador's home lists their teams"
    );
    assert_no_sideways_scroll(&client, "the ambassador's home").await;
    client
        .goto(&format!("{base}/adoption"))
        .await
        .expect("open the dashboard");
    wait_for_path(&client, "/adoption").await;
    wait_until(
        &client,
        "the adoption dashboard",
        "return document.readyState === 'complete'
            && document.querySelector('table.standings') !== null;",
    )
    .await;

    // The stage cards add up to the teams in the standings.
    let numbers = client
        .execute(
            "return {
                cards: [...document.querySelectorAll('ul.stage-counts li.stat .stat-value')]
                    .map(v => parseInt(v.textContent.trim(), 10)),
                teams: document.querySelectorAll(
                    \"table.standings tbody tr a[href^='/adoption/teams/']\").length,
            };",
            vec![],
        )
        .await
        .expect("the stage cards and the standings");
    let cards: Vec<i64> = numbers["cards"]
        .as_array()
        .expect("the stage counts")
        .iter()
        .map(|n| n.as_i64().unwrap_or_else(|| panic!("a count: {numbers}")))
        .collect();
    let teams = numbers["teams"].as_i64().expect("the number of teams");
    assert!(cards.len() >= 3, "at least three stage cards: {numbers}");
    assert!(teams > 0, "teams in the standings: {numbers}");
    assert_eq!(
        cards.iter().sum::<i64>(),
        teams,
        "the stage cards count every team in the standings: {numbers}"
    );

    // The charts are drawn from real data.
    let charts = client
        .execute(
            "const charts = [...document.querySelectorAll('svg.chart')];
            const stage = charts.find(c => c.querySelector('path.series-routine, path.series-forming'));
            return {
                charts: charts.length,
                stage_series: stage
                    ? [...stage.querySelectorAll('path.series')]
                        .filter(p => (p.getAttribute('d') || '').includes('L')).length
                    : 0,
                held: document.querySelectorAll(\"svg.chart path.series-held[d*='L']\").length,
                tables: document.querySelectorAll('details table').length,
                alerts: document.querySelectorAll('ul.alert-list li').length,
            };",
            vec![],
        )
        .await
        .expect("the charts");
    assert!(
        charts["charts"].as_i64().unwrap_or(0) >= 2,
        "a stage chart and a trend chart: {charts}"
    );
    assert!(
        charts["stage_series"].as_i64().unwrap_or(0) >= 2,
        "at least two drawn stage areas: {charts}"
    );
    assert!(
        charts["held"].as_i64().unwrap_or(0) >= 1,
        "the trend chart draws the held meetings: {charts}"
    );
    assert!(
        charts["tables"].as_i64().unwrap_or(0) >= 2,
        "the charts' data tables: {charts}"
    );
    assert!(
        charts["alerts"].as_i64().unwrap_or(0) >= 1,
        "at least one open alert: {charts}"
    );
    assert_no_sideways_scroll(&client, "the adoption dashboard").await;
    if let Ok(png) = client.screenshot().await {
        save_screenshot(png, "browser-adoption.png");
    }

    // The first team in the standings opens its year as a heat map.
    let first_team = "table.standings tbody tr a[href^='/adoption/teams/']";
    let href = client
        .find(Locator::Css(first_team))
        .await
        .expect("the first team")
        .attr("href")
        .await
        .expect("its link")
        .expect("an href");
    click(&client, first_team).await;
    wait_for_path(&client, &href).await;
    wait_until(
        &client,
        "the team's adoption page",
        "return document.readyState === 'complete'
            && document.querySelector('#support-log') !== null;",
    )
    .await;
    let heat_map = client
        .execute(
            "return {
                cells: document.querySelectorAll('svg.heat-map g.cell').length,
                held: document.querySelectorAll('svg.heat-map g.cell-held').length,
            };",
            vec![],
        )
        .await
        .expect("the heat map");
    assert!(
        heat_map["cells"].as_i64().unwrap_or(0) >= 30,
        "a cell for each week: {heat_map}"
    );
    assert!(
        heat_map["held"].as_i64().unwrap_or(0) >= 1,
        "weeks with a held meeting: {heat_map}"
    );
    assert_no_sideways_scroll(&client, "the team's adoption page").await;
    if let Ok(png) = client.screenshot().await {
        save_screenshot(png, "browser-adoption-team.png");
    }
    client.close().await.expect("close the browser");
}

#[tokio::test]
async fn a_person_signs_in_through_the_providers_own_login_page_and_lands_in_the_organisation() {
    use hverdag::domain::org::{self, NewOrg};
    use hverdag::domain::sso::{self, NewPeople, SsoInput};
    let dir = tempfile::tempdir().expect("temp dir");
    let config = hverdag::Config::for_data_dir(dir.path());
    let Some((_driver, client)) = start_browser(&dir.path().join("profile")).await else {
        return;
    };
    let base = serve(&config).await;
    let provider = oidc_provider::Provider::start(&base).await;
    {
        let db = Db::open(&config.database_url(), 1).expect("database");
        let mut conn = db.conn().expect("connection");
        write_tx(&mut conn, |c| {
            let acme = org::create(
                c,
                &NewOrg {
                    name: "Acme AS".into(),
                    slug: "acme".into(),
                    locale: hverdag::domain::Locale::En,
                    time_zone: "Europe/Oslo".into(),
                },
            )?;
            let input = SsoInput {
                issuer: provider.issuer.clone(),
                client_id: oidc_provider::CLIENT_ID.into(),
                client_secret: oidc_provider::CLIENT_SECRET.into(),
                domains: "acme.example".into(),
                new_people: Some(NewPeople::Member),
                ..SsoInput::default()
            };
            sso::save(c, acme.id, &input)
        })
        .expect("Acme with its provider");
    }

    client.goto(&format!("{base}/login")).await.expect("open");
    type_into(&client, "#sso-email", "kari@acme.example").await;
    client_submit(&client, "#sso-form").await;
    // The provider's own login page (the address already filled in from the login hint).
    let provider_port = provider
        .issuer
        .rsplit(':')
        .next()
        .unwrap_or_default()
        .to_owned();
    eventually(
        Duration::from_secs(10),
        "the provider's login page",
        async || {
            let url = client.current_url().await.ok()?;
            let on_provider = url.port().map(|p| p.to_string()) == Some(provider_port.clone());
            let form = client.find(Locator::Css("input[name=password]")).await.ok();
            (on_provider && form.is_some()).then_some(())
        },
    )
    .await;
    type_into(&client, "input[name=password]", "any password").await;
    client_submit(&client, "form").await;
    // Its consent page, then back to Hverdag.
    eventually(
        Duration::from_secs(10),
        "the provider's consent page",
        async || {
            let prompt = client
                .find(Locator::Css("input[name=prompt][value=consent]"))
                .await
                .ok();
            prompt.map(|_| ())
        },
    )
    .await;
    client_submit(&client, "form").await;
    wait_for_path(&client, "/home").await;
    assert_eq!(text_of(&client, "header a.org").await, "Acme AS");
    assert_no_sideways_scroll(&client, "the home after single sign-on").await;
}
