//! The test harness: [`TestApp::spawn`] starts the real server on a random port with its own
//! database (a SQLite file in a temporary directory, or a fresh PostgreSQL database cloned
//! from a migrated template when `HVERDAG_TEST_POSTGRES_URL` is set), seeds data through the
//! public domain functions, and hands out HTTP sessions that know about the CSRF cookie.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use hverdag::db::{Db, DbConn, write_tx};
use hverdag::domain::changes::Touched;
use hverdag::domain::ids::{ApiTokenId, MailId, MembershipId, OrgId, PersonId, TeamId};
use hverdag::domain::org::{self, NewOrg};
use hverdag::domain::outbox::{self, MailKind, NewMail};
use hverdag::domain::people::{self, Person, PersonInput, PersonRow, Role};
use hverdag::domain::teams::{self, Member, Team, TeamInput, TeamKind};
use hverdag::domain::{self, Locale, api_tokens, auth};
use reqwest::cookie::{CookieStore, Jar};
use reqwest::header::{HeaderMap, LOCATION, SET_COOKIE};
use reqwest::{Method, Response, StatusCode, Url};
use serde_json::Value;

pub use crate::mail::Mail;

/// The password every seeded person with a password gets (long enough for the rules).
pub const PASSWORD: &str = "correct horse battery staple";
pub use hverdag::web::context::{
    CSRF_COOKIE, HOST_CSRF_COOKIE, HOST_SESSION_COOKIE, SESSION_COOKIE,
};
pub use hverdag::web::i18n::LANG_COOKIE;

/// Set to a PostgreSQL URL (e.g. `postgres://postgres@127.0.0.1:5432/test`) to run every test
/// against its own PostgreSQL database instead of a SQLite file.
pub const POSTGRES_ENV: &str = "HVERDAG_TEST_POSTGRES_URL";

/// How long a test waits for something the server does in the background.
pub const WAIT: Duration = Duration::from_secs(10);

/// Asks `check` every 20 ms until it gives a value, and returns that; fails the test, naming
/// `what` it waited for, once `within` has passed. Tests wait for a condition, never for a
/// fixed time.
pub async fn eventually<T>(
    within: Duration,
    what: impl std::fmt::Display,
    mut check: impl FnMut() -> Option<T>,
) -> T {
    eventually_async(within, what, async || check()).await
}

/// [`eventually`] for a check that has to await (an HTTP request).
pub async fn eventually_async<T>(
    within: Duration,
    what: impl std::fmt::Display,
    mut check: impl AsyncFnMut() -> Option<T>,
) -> T {
    let deadline = std::time::Instant::now() + within;
    loop {
        if let Some(found) = check().await {
            return found;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "waited {within:?} for {what}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// [`eventually`] for a plain thread (no async runtime), e.g. one holding a transaction open.
pub fn eventually_blocking<T>(
    within: Duration,
    what: impl std::fmt::Display,
    mut check: impl FnMut() -> Option<T>,
) -> T {
    let deadline = std::time::Instant::now() + within;
    loop {
        if let Some(found) = check() {
            return found;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "waited {within:?} for {what}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A running server with its own database.
pub struct TestApp {
    /// Where the server listens, e.g. `http://127.0.0.1:41234` (no trailing slash).
    pub address: String,
    /// The public base URL the server puts in links (the address unless configured).
    pub base_url: String,
    pub port: u16,
    /// A pool on the same database, for seeding and for checking what the server stored.
    pub db: Db,
    pub data_dir: tempfile::TempDir,
    /// Declared last so that it is dropped after the pool above (it drops the database).
    pg: Option<PgDatabase>,
}

fn init_tracing() {
    static INIT: OnceLock<()> = OnceLock::new();
    INIT.get_or_init(|| {
        // `TEST_LOG=debug cargo test --test api` shows the server's logs.
        if let Ok(filter) = std::env::var("TEST_LOG") {
            let _ = tracing_subscriber::fmt()
                .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
                .with_test_writer()
                .try_init();
        }
    });
}

/// A fresh data directory and database (SQLite in the directory, or a PostgreSQL database of
/// its own when `HVERDAG_TEST_POSTGRES_URL` is set) with a configuration pointing at them.
pub struct TestEnv {
    pub data_dir: tempfile::TempDir,
    pub config: hverdag::Config,
    pg: Option<PgDatabase>,
}

impl TestEnv {
    pub async fn new(configure: impl FnOnce(&mut hverdag::Config)) -> TestEnv {
        init_tracing();
        let data_dir = tempfile::tempdir().expect("create a temporary directory");
        let mut config = hverdag::Config::for_data_dir(data_dir.path());
        // Small pools: several apps may run at once against one PostgreSQL server.
        config.db_pool = Some(4);
        // A server built from this configuration runs no scheduler: its first round could run
        // late, once a test has seeded data, and claim reminders or digests, or rewrite the
        // adoption rollup, while the test inspects them. Tests run scheduled work themselves
        // (`scheduler_context`), at the times they choose.
        config.no_scheduler = true;
        configure(&mut config);
        let pg = match std::env::var(POSTGRES_ENV) {
            Ok(url) if !url.trim().is_empty() => Some(
                tokio::task::spawn_blocking(move || PgDatabase::create(&without_tls(url.trim())))
                    .await
                    .expect("create the test database"),
            ),
            _ => None,
        };
        if let Some(pg) = &pg {
            config.database_url = Some(pg.url.clone());
        }
        TestEnv {
            data_dir,
            config,
            pg,
        }
    }
}

impl TestApp {
    /// Starts the server on `127.0.0.1:0` with a fresh database.
    pub async fn spawn() -> TestApp {
        TestApp::spawn_with(|_| {}).await
    }

    /// Like [`TestApp::spawn`], with the configuration adjusted by `configure` first.
    pub async fn spawn_with(configure: impl FnOnce(&mut hverdag::Config)) -> TestApp {
        let TestEnv {
            data_dir,
            config,
            pg,
        } = TestEnv::new(configure).await;
        let app = hverdag::Application::build(&config, "127.0.0.1:0")
            .await
            .expect("build the application");
        let port = app.port();
        let address = format!("http://127.0.0.1:{port}");
        let base_url = app.base_url().to_owned();
        tokio::spawn(app.run_until_stopped());
        let url = config.database_url();
        let db = tokio::task::spawn_blocking(move || Db::open(&url, 2))
            .await
            .expect("open the test pool")
            .expect("open the test pool");
        TestApp {
            address,
            base_url,
            port,
            db,
            data_dir,
            pg,
        }
    }

    pub fn is_postgres(&self) -> bool {
        self.pg.is_some()
    }

    /// The URL of the test's PostgreSQL database (none on SQLite), for a test that needs a
    /// connection of its own beside the small pool in [`TestApp::db`].
    pub fn postgres_url(&self) -> Option<&str> {
        self.pg.as_ref().map(|pg| pg.url.as_str())
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// A new browser-like session (own cookie jar, redirects not followed).
    pub fn session(&self) -> Session {
        Session::new(&self.address)
    }

    /// A client that authenticates with an API token.
    pub fn bearer(&self, token: &str) -> Bearer {
        Bearer {
            client: plain_client(),
            address: self.address.clone(),
            token: token.to_owned(),
            session: None,
        }
    }

    /// An API client signed in as `person_id` through a browser session (session cookie and
    /// CSRF header): how people who may not hold API tokens (only leaders may) use the API.
    pub async fn session_api(&self, person_id: PersonId) -> Bearer {
        let row = self.read(|c| {
            Ok(hverdag::db::schema::people::table
                .inner_join(hverdag::db::schema::accounts::table)
                .filter(hverdag::db::schema::people::id.eq(person_id))
                .select(PersonRow::as_select())
                .first(c)?)
        });
        let session = self.write(|c| auth::start_session(c, &row, &Default::default()));
        let cookie = format!("{SESSION_COOKIE}={session}");
        let res = plain_client()
            .get(self.url("/api/v1/me"))
            .header("Cookie", cookie.as_str())
            .send()
            .await
            .expect("GET /api/v1/me");
        let csrf = set_cookie_value(res.headers(), CSRF_COOKIE).expect("a CSRF cookie");
        Bearer {
            client: plain_client(),
            address: self.address.clone(),
            token: String::new(),
            session: Some((cookie, csrf)),
        }
    }

    // ----- Seeding and checking through the domain -------------------------------------

    /// The scheduler's context on this app's database and mail directory (Thursday nudges).
    pub fn scheduler_context(&self) -> hverdag::jobs::scheduler::Context {
        hverdag::jobs::scheduler::Context {
            db: self.db.clone(),
            tera: hverdag::web::render::build_tera()
                .expect("templates")
                .into(),
            base_url: self.base_url.clone(),
            mail: hverdag::jobs::mail::spawn(
                self.db.clone(),
                hverdag::mail::Mailer::from_config(&hverdag::Config::for_data_dir(
                    self.data_dir.path(),
                ))
                .expect("mailer"),
                std::time::Duration::from_secs(1),
                std::time::Duration::from_secs(60),
            )
            .expect("a mail worker"),
            nudge_weekday: 4,
        }
    }

    /// Runs `f` in a write transaction on the test pool.
    pub fn write<T>(&self, f: impl FnOnce(&mut DbConn) -> domain::Result<T>) -> T {
        let mut conn = self.db.conn().expect("a test connection");
        write_tx(&mut conn, f).expect("seeding failed")
    }

    /// Runs `f` on the test pool.
    pub fn read<T>(&self, f: impl FnOnce(&mut DbConn) -> domain::Result<T>) -> T {
        let mut conn = self.db.conn().expect("a test connection");
        f(&mut conn).expect("query failed")
    }

    /// Creates an organisation named [`org_name`]`(slug)`; returns its id.
    pub fn create_org(&self, slug: &str) -> OrgId {
        let new = NewOrg {
            name: org_name(slug),
            slug: slug.to_owned(),
            locale: Locale::En,
            time_zone: "Europe/Oslo".into(),
        };
        self.write(|c| org::create(c, &new)).id
    }

    /// Creates a person named after the email's local part; returns their id.
    pub fn create_person(
        &self,
        org_id: OrgId,
        email: &str,
        roles: &[Role],
        password: Option<&str>,
    ) -> PersonId {
        let name = email.split('@').next().unwrap_or(email);
        self.create_person_named(org_id, name, email, roles, password)
    }

    pub fn create_person_named(
        &self,
        org_id: OrgId,
        name: &str,
        email: &str,
        roles: &[Role],
        password: Option<&str>,
    ) -> PersonId {
        let hash = password.map(|pw| auth::hash_password(pw).expect("hash a password"));
        let input = PersonInput {
            name: name.to_owned(),
            email: email.to_owned(),
            locale: Locale::En,
            roles: roles.to_vec(),
        };
        self.write(|c| people::create(c, org_id, &input, hash.as_deref()))
            .row
            .id
    }

    /// Creates many people without passwords in one transaction; returns their ids.
    pub fn create_people(&self, org_id: OrgId, people_: &[(String, String)]) -> Vec<PersonId> {
        self.write(|c| {
            people_
                .iter()
                .map(|(name, email)| {
                    let input = PersonInput {
                        name: name.clone(),
                        email: email.clone(),
                        locale: Locale::En,
                        roles: vec![Role::Member],
                    };
                    people::create(c, org_id, &input, None).map(|p| p.row.id)
                })
                .collect()
        })
    }

    pub fn create_team(
        &self,
        org_id: OrgId,
        name: &str,
        kind: TeamKind,
        parent: Option<TeamId>,
    ) -> TeamId {
        let input = TeamInput {
            name: name.to_owned(),
            kind,
            parent_id: parent,
        };
        self.write(|c| teams::create(c, org_id, &input)).id
    }

    /// Adds a person to a team from today; returns the membership id.
    pub fn add_member(&self, org_id: OrgId, team_id: TeamId, person_id: PersonId) -> MembershipId {
        let today = chrono::Utc::now().date_naive();
        self.write(|c| {
            teams::add_member(c, org_id, team_id, person_id, today)?;
            teams::members(c, org_id, team_id)
        })
        .into_iter()
        .find(|m| m.person_id == person_id && m.left_on.is_none())
        .expect("the new membership")
        .membership_id
    }

    pub fn add_ambassador(&self, org_id: OrgId, team_id: TeamId, person_id: PersonId) {
        self.write(|c| teams::add_ambassador(c, org_id, team_id, person_id));
    }

    /// Creates an API token acting as `person_id`; returns (token id, secret).
    pub fn create_api_token(
        &self,
        org_id: OrgId,
        person_id: PersonId,
        name: &str,
    ) -> (ApiTokenId, String) {
        let made = self.write(|c| {
            api_tokens::create(c, org_id, person_id, name, api_tokens::Lifetime::DEFAULT)
        });
        (made.id, made.secret)
    }

    /// The id of the organisation's newest API token called `name`.
    /// An outbox message to `to` that failed for good (queued, claimed and failed in one
    /// transaction, so the mail worker never sees it due).
    pub fn create_failed_mail(&self, org_id: OrgId, to: &str) -> MailId {
        self.write(|c| {
            let id = outbox::queue(
                c,
                &NewMail {
                    org_id: Some(org_id),
                    kind: MailKind::LoginLink,
                    to_address: to.to_owned(),
                    to_name: "Test".into(),
                    subject: "Test".into(),
                    text_body: "Test".into(),
                    html_body: "<p>Test</p>".into(),
                },
            )?;
            outbox::claim(c, id, domain::now(), chrono::Duration::seconds(60))?;
            outbox::mark_failed(c, id, outbox::MAX_ATTEMPTS, "test failure")?;
            Ok(id)
        })
    }

    pub fn api_token_id(&self, org_id: OrgId, name: &str) -> ApiTokenId {
        self.read(|c| api_tokens::list(c, org_id))
            .into_iter()
            .find(|t| t.name == name)
            .unwrap_or_else(|| panic!("no API token called {name}"))
            .id
    }

    pub fn person(&self, org_id: OrgId, id: PersonId) -> Person {
        self.read(|c| people::find(c, org_id, id))
    }

    /// A person by email: the address's first membership, in whichever organisation.
    pub fn person_by_email(&self, email: &str) -> Option<PersonRow> {
        use hverdag::db::schema::{accounts, people as p};
        self.read(|c| {
            Ok(p::table
                .inner_join(accounts::table)
                .filter(accounts::email.eq(email.trim().to_lowercase()))
                .order(p::id)
                .select(PersonRow::as_select())
                .first(c)
                .optional()?)
        })
    }

    pub fn team(&self, org_id: OrgId, id: TeamId) -> Team {
        self.read(|c| teams::find(c, org_id, id))
    }

    pub fn team_by_name(&self, org_id: OrgId, name: &str) -> Option<Team> {
        self.read(|c| teams::find_by_name(c, org_id, name))
    }

    pub fn teams(&self, org_id: OrgId) -> Vec<Team> {
        self.read(|c| teams::all(c, org_id))
    }

    pub fn members(&self, org_id: OrgId, team_id: TeamId) -> Vec<Member> {
        self.read(|c| teams::members(c, org_id, team_id))
    }

    pub fn ambassadors(&self, org_id: OrgId, team_id: TeamId) -> Vec<(PersonId, String)> {
        self.read(|c| teams::ambassadors(c, org_id, team_id))
    }

    /// Number of people in the organisation, active or not.
    pub fn people_count(&self, org_id: OrgId) -> i64 {
        let query = people::ListQuery {
            include_inactive: true,
            ..Default::default()
        };
        self.read(|c| people::list(c, org_id, &query)).total
    }

    // ----- Mail ----------------------------------------------------------------------------

    pub fn mail_dir(&self) -> PathBuf {
        self.data_dir.path().join("mail")
    }

    /// Every mail written so far to `address`, in the order it was queued.
    pub fn mails_to(&self, address: &str) -> Vec<Mail> {
        let Ok(entries) = std::fs::read_dir(self.mail_dir()) else {
            return Vec::new();
        };
        let mut found: Vec<Mail> = entries
            .filter_map(Result::ok)
            .filter_map(|e| Mail::read(&e.path()))
            .filter(|mail| mail.is_to(address))
            .collect();
        found.sort_by_key(|mail| mail.outbox_id);
        found
    }

    /// Waits up to 10 s until `address` has received `n` mails, and returns them.
    pub async fn wait_for_mails(&self, address: &str, n: usize) -> Vec<Mail> {
        eventually(WAIT, format!("{address} to receive {n} mails"), || {
            let mails = self.mails_to(address);
            (mails.len() >= n).then_some(mails)
        })
        .await
    }

    /// The newest mail to `address`, waiting up to 10 s for the mail worker to send it.
    pub async fn last_mail_to(&self, address: &str) -> Mail {
        eventually(WAIT, format!("a mail to {address}"), || {
            self.mails_to(address).pop()
        })
        .await
    }
}

/// A weekly OKR results meeting of `team_id` on `weekday` (1 = Monday) at 09:00 for 15
/// minutes, from `starts_on` on.
pub fn weekly_results(
    team_id: TeamId,
    weekday: i32,
    starts_on: chrono::NaiveDate,
) -> hverdag::domain::meetings::SeriesInput {
    hverdag::domain::meetings::SeriesInput {
        team_id,
        kind: hverdag::domain::meetings::SeriesKind::WeeklyResults,
        weekday,
        start_time: "09:00".into(),
        duration_minutes: 15,
        starts_on,
        ends_on: None,
    }
}

pub fn org_name(slug: &str) -> String {
    format!("Organisation {slug}")
}

// ----- HTTP ----------------------------------------------------------------------------------

fn plain_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        // Drop idle connections before the server's 5 s keep-alive closes them, so a request
        // never goes out on a connection the server is closing at that moment.
        .pool_idle_timeout(Duration::from_secs(2))
        .build()
        .expect("build an HTTP client")
}

/// A client with a cookie store that does not follow redirects, plus the jar behind it.
pub fn client() -> (reqwest::Client, Arc<Jar>) {
    let jar = Arc::new(Jar::default());
    let client = reqwest::Client::builder()
        .cookie_provider(jar.clone())
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        // Drop idle connections before the server's 5 s keep-alive closes them, so a request
        // never goes out on a connection the server is closing at that moment.
        .pool_idle_timeout(Duration::from_secs(2))
        .build()
        .expect("build an HTTP client");
    (client, jar)
}

/// A browser-like visitor: cookies persist between requests; forms carry the CSRF token.
pub struct Session {
    pub client: reqwest::Client,
    pub jar: Arc<Jar>,
    address: String,
}

impl Session {
    pub fn new(address: &str) -> Session {
        let (client, jar) = client();
        Session {
            client,
            jar,
            address: address.to_owned(),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// The value of a cookie the jar would send.
    pub fn cookie(&self, name: &str) -> Option<String> {
        let url = Url::parse(&self.address).expect("base URL");
        let header = self.jar.cookies(&url)?;
        header
            .to_str()
            .ok()?
            .split(';')
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_owned())
    }

    /// Puts a cookie into the jar as if the server had set it.
    pub fn set_cookie(&self, name: &str, value: &str) {
        let url = Url::parse(&self.address).expect("base URL");
        self.jar
            .add_cookie_str(&format!("{name}={value}; Path=/"), &url);
    }

    /// The CSRF token of this visitor (visiting the site first if there is none yet).
    pub async fn csrf(&self) -> String {
        if let Some(token) = self.cookie(CSRF_COOKIE) {
            return token;
        }
        // Any page does (not static files or /health, which set no cookies).
        let res = self.get("/login").await;
        assert!(
            res.status().is_success() || res.status().is_redirection(),
            "GET /login: {}",
            res.status()
        );
        self.cookie(CSRF_COOKIE)
            .expect("the first visit sets the CSRF cookie")
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("GET failed")
    }

    pub async fn get_with_header(&self, path: &str, name: &str, value: &str) -> Response {
        self.client
            .get(self.url(path))
            .header(name, value)
            .send()
            .await
            .expect("GET failed")
    }

    /// Posts a form with this visitor's CSRF token added.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        let csrf = self.csrf().await;
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        all.push(("csrf_token", &csrf));
        self.post_form_without_csrf(path, &all).await
    }

    /// Posts a form exactly as given.
    pub async fn post_form_without_csrf(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        self.client
            .post(self.url(path))
            .form(fields)
            .send()
            .await
            .expect("POST failed")
    }

    /// Posts a multipart form with this visitor's CSRF token added.
    pub async fn post_multipart(&self, path: &str, form: reqwest::multipart::Form) -> Response {
        let csrf = self.csrf().await;
        self.client
            .post(self.url(path))
            .multipart(form.text("csrf_token", csrf))
            .send()
            .await
            .expect("POST failed")
    }

    /// A JSON call with the `X-CSRF-Token` header a browser session needs for writes.
    pub async fn json(&self, method: Method, path: &str, body: Option<&Value>) -> Response {
        let csrf = self.csrf().await;
        let mut req = self
            .client
            .request(method, self.url(path))
            .header("X-CSRF-Token", csrf);
        if let Some(body) = body {
            req = req.json(body);
        }
        req.send().await.expect("JSON request failed")
    }

    /// A JSON call without the CSRF header.
    pub async fn json_without_csrf(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Response {
        let mut req = self.client.request(method, self.url(path));
        if let Some(body) = body {
            req = req.json(body);
        }
        req.send().await.expect("JSON request failed")
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> Response {
        self.json(Method::POST, path, Some(body)).await
    }

    /// Posts the login form (after opening the login page, as a browser would).
    pub async fn try_login(&self, email: &str, password: &str) -> Response {
        let page = self.get("/login").await;
        assert!(
            page.status() == StatusCode::OK || page.status() == StatusCode::SEE_OTHER,
            "GET /login: {}",
            page.status()
        );
        self.post_form("/login", &[("email", email), ("password", password)])
            .await
    }

    /// Logs in and asserts the redirect to the person's home.
    pub async fn login(&self, email: &str, password: &str) {
        let res = self.try_login(email, password).await;
        assert_redirect(&res, "/home");
        assert!(
            self.cookie(SESSION_COOKIE).is_some(),
            "no session cookie after login"
        );
    }

    pub async fn logout(&self) {
        let res = self.post_form("/logout", &[]).await;
        assert_redirect(&res, "/login");
    }

    /// True when `GET /org` is served (rather than redirecting to the login page).
    pub async fn is_logged_in(&self) -> bool {
        let res = self.get("/org").await;
        match res.status() {
            StatusCode::OK => true,
            StatusCode::SEE_OTHER => false,
            other => panic!("GET /org gave {other}"),
        }
    }
}

/// A client that sends `Authorization: Bearer <token>` and no cookies.
pub struct Bearer {
    pub client: reqwest::Client,
    address: String,
    pub token: String,
    /// Headers sent instead of a bearer token (a browser session: cookie and CSRF header).
    session: Option<(String, String)>,
}

impl Bearer {
    pub async fn send(&self, method: Method, path: &str, body: Option<&Value>) -> Response {
        let mut req = self
            .client
            .request(method, format!("{}{}", self.address, path));
        req = match &self.session {
            Some((cookie, csrf)) => req
                .header("Cookie", cookie.as_str())
                .header("X-CSRF-Token", csrf.as_str()),
            None => req.bearer_auth(&self.token),
        };
        if let Some(body) = body {
            req = req.json(body);
        }
        req.send().await.expect("API request failed")
    }

    pub async fn get(&self, path: &str) -> Response {
        self.send(Method::GET, path, None).await
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> Response {
        self.send(Method::POST, path, Some(body)).await
    }
}

// ----- Response helpers ------------------------------------------------------------------------

pub fn location(res: &Response) -> String {
    res.headers()
        .get(LOCATION)
        .unwrap_or_else(|| panic!("no Location header on a {} response", res.status()))
        .to_str()
        .expect("Location is text")
        .to_owned()
}

#[track_caller]
pub fn assert_redirect(res: &Response, to: &str) {
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "expected a 303 to {to} from {}",
        res.url()
    );
    assert_eq!(location(res), to, "redirect target from {}", res.url());
}

/// The number at the end of a redirect such as `/people/12`.
#[track_caller]
pub fn id_from_location<T: std::str::FromStr>(res: &Response, prefix: &str) -> T {
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "expected a redirect from {}",
        res.url()
    );
    let loc = location(res);
    loc.strip_prefix(prefix)
        .and_then(|rest| rest.parse().ok())
        .unwrap_or_else(|| panic!("redirect to {loc} is not {prefix}<id>"))
}

/// A domain change made the way a use case makes it: with the adoption rollup caught up on
/// the teams it touched, in the same transaction.
pub fn caught_up<T>(
    c: &mut DbConn,
    change: impl FnOnce(&mut DbConn) -> hverdag::domain::Result<(T, Touched)>,
) -> hverdag::domain::Result<T> {
    let changed = change(c)?;
    hverdag::domain::adoption::caught_up(c, changed)
}

/// A typed id read from a JSON value (`body["id"]`).
pub fn id_in<T: serde::de::DeserializeOwned>(value: &Value) -> T {
    serde_json::from_value(value.clone()).unwrap_or_else(|_| panic!("{value} is not an id"))
}

/// The body as text, after checking the status.
pub async fn text_with_status(res: Response, status: u16) -> String {
    let got = res.status();
    let url = res.url().clone();
    let body = res.text().await.expect("read the body");
    assert_eq!(
        got.as_u16(),
        status,
        "{url}: unexpected status; body starts: {}",
        body.chars().take(600).collect::<String>()
    );
    body
}

/// The body as JSON, after checking the status.
pub async fn json_with_status(res: Response, status: u16) -> Value {
    let body = text_with_status(res, status).await;
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"))
}

/// All `Set-Cookie` headers that set `name`.
pub fn set_cookies<'a>(headers: &'a HeaderMap, name: &str) -> Vec<&'a str> {
    headers
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter(|v| v.starts_with(&format!("{name}=")))
        .collect()
}

/// The value of the `Set-Cookie` for `name` on a response.
pub fn set_cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    set_cookies(headers, name).first().map(|c| {
        c[name.len() + 1..]
            .split(';')
            .next()
            .unwrap_or("")
            .to_owned()
    })
}

/// The `lang` attribute of the page's `<html>` element.
pub fn html_lang(html: &str) -> Option<String> {
    let start = html.find("<html")?;
    let tag = &html[start..start + html[start..].find('>')?];
    let rest = &tag[tag.find("lang=\"")? + 6..];
    Some(rest[..rest.find('"')?].to_owned())
}

/// The first API token (`hvd_…`) shown on a page.
pub fn find_api_token(html: &str) -> Option<String> {
    let start = html.find("hvd_")?;
    let token: String = html[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .collect();
    (token.len() > 20).then_some(token)
}

/// The value of the hidden `csrf_token` input on a page.
pub fn hidden_csrf(html: &str) -> Option<String> {
    input_value(html, "csrf_token")
}

/// The (unescaped) value of the first `<input name="…">` on a page.
pub fn input_value(html: &str, name: &str) -> Option<String> {
    let at = html.find(&format!("name=\"{name}\""))?;
    let tag_start = html[..at].rfind('<')?;
    let tag_end = at + html[at..].find('>')?;
    let tag = &html[tag_start..tag_end];
    let rest = &tag[tag.find("value=\"")? + 7..];
    Some(html_unescape(&rest[..rest.find('"')?]))
}

/// Undoes the escaping a template applies to text (the common named and numeric entities).
pub fn html_unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest.find(';').filter(|i| *i <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Line numbers of the rows an import preview marks as wrong.
pub fn preview_error_lines(html: &str) -> Vec<usize> {
    crate::page::Page::of(html)
        .attrs("tr.import-row.row-error", "data-line")
        .iter()
        .map(|line| line.parse().expect("a line number"))
        .collect()
}

// ----- PostgreSQL: one database per test, cloned from a migrated template --------------------------

/// A database created for one test and dropped with it.
struct PgDatabase {
    admin_url: String,
    name: String,
    url: String,
}

/// Key for `pg_advisory_lock` while the template is built (any constant shared by all processes).
const TEMPLATE_LOCK: i64 = 0x6876_6467_7470_6c00;

impl PgDatabase {
    fn create(admin_url: &str) -> PgDatabase {
        let template = template_database(admin_url);
        let name = format!("hverdag_t_{:016x}", rand::random::<u64>());
        let mut admin = PgConnection::establish(admin_url)
            .unwrap_or_else(|e| panic!("connect to {admin_url}: {e}"));
        // Copying a template fails while anyone is connected to it; nobody should be, but
        // another process may be finishing its set-up, so retry a few times.
        let mut attempt = 0;
        loop {
            match admin.batch_execute(&format!(
                "CREATE DATABASE \"{name}\" TEMPLATE \"{template}\""
            )) {
                Ok(()) => break,
                Err(e) if attempt < 10 => {
                    attempt += 1;
                    eprintln!("CREATE DATABASE {name} failed ({e}); retrying");
                    // A retry's back-off, not a wait for anything: the other process's
                    // connection is not ours to see, so try again a moment later.
                    std::thread::sleep(Duration::from_millis(200));
                }
                Err(e) => panic!("CREATE DATABASE {name} TEMPLATE {template}: {e}"),
            }
        }
        PgDatabase {
            admin_url: admin_url.to_owned(),
            url: with_database(admin_url, &name),
            name,
        }
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        // Best effort: FORCE ends the server's pooled connections.
        match PgConnection::establish(&self.admin_url) {
            Ok(mut admin) => {
                if let Err(e) = admin.batch_execute(&format!(
                    "DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)",
                    self.name
                )) {
                    eprintln!("could not drop test database {}: {e}", self.name);
                }
            }
            Err(e) => eprintln!("could not drop test database {}: {e}", self.name),
        }
    }
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// The name of a migrated template database, created once per process (and shared between
/// processes: its name carries a hash of the migrations, and an advisory lock guards its
/// creation, which happens under a temporary name that is renamed when complete).
fn template_database(admin_url: &str) -> &'static str {
    static TEMPLATE: OnceLock<String> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let name = format!("hverdag_tpl_{}", migrations_hash());
        let building = format!("{name}_tmp");
        let mut admin = PgConnection::establish(admin_url)
            .unwrap_or_else(|e| panic!("connect to {admin_url}: {e}"));
        admin
            .batch_execute(&format!("SELECT pg_advisory_lock({TEMPLATE_LOCK})"))
            .expect("take the template lock");
        let exists = diesel::sql_query("SELECT count(*) AS n FROM pg_database WHERE datname = $1")
            .bind::<diesel::sql_types::Text, _>(&name)
            .get_result::<Count>(&mut admin)
            .expect("look for the template")
            .n
            > 0;
        if !exists {
            // A leftover from a process that died half-way is safe to drop: we hold the lock.
            // (Two statements: several in one batch would run as one transaction, which
            // neither may.)
            admin
                .batch_execute(&format!(
                    "DROP DATABASE IF EXISTS \"{building}\" WITH (FORCE)"
                ))
                .expect("drop a half-built template database");
            admin
                .batch_execute(&format!("CREATE DATABASE \"{building}\""))
                .expect("create the template database");
            // `migrate` closes its connection before returning, as renaming requires.
            hverdag::db::migrate(&with_database(admin_url, &building))
                .expect("migrate the template database");
            admin
                .batch_execute(&format!(
                    "ALTER DATABASE \"{building}\" RENAME TO \"{name}\""
                ))
                .expect("rename the template database");
        }
        admin
            .batch_execute(&format!("SELECT pg_advisory_unlock({TEMPLATE_LOCK})"))
            .expect("release the template lock");
        name
    })
}

/// A short hash of every file under `migrations/postgres`, so a changed migration gets a
/// new template.
fn migrations_hash() -> String {
    use sha2::{Digest, Sha256};
    fn files(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("read the migrations directory") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                files(&path, out);
            } else {
                out.push(path);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations/postgres");
    let mut all = Vec::new();
    files(&root, &mut all);
    all.sort();
    let mut hasher = Sha256::new();
    for path in all {
        hasher.update(
            path.strip_prefix(&root)
                .unwrap_or(&path)
                .to_string_lossy()
                .as_bytes(),
        );
        hasher.update(std::fs::read(&path).expect("read a migration"));
    }
    hasher.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `url` with `sslmode=disable` unless it names an `sslmode` itself.
///
/// The servers these tests start are never shut down (the application has no stop handle, and
/// its pools and maintenance thread outlive the test), so libpq connections are still open when
/// the test process exits; with TLS on, OpenSSL's exit-time cleanup then races the threads that
/// still hold TLS state and the process sometimes dies with SIGSEGV after every test passed.
/// A local test database needs no TLS; pass `sslmode=require` explicitly to test over TLS.
fn without_tls(url: &str) -> String {
    if url.contains("sslmode=") {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&sslmode=disable")
    } else {
        format!("{url}?sslmode=disable")
    }
}

/// `url` with its database name replaced by `name` (query parameters kept).
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let host_start = base.find("://").map_or(0, |i| i + 3);
    let path_start = base[host_start..]
        .find('/')
        .map_or(base.len(), |i| host_start + i);
    let mut out = format!("{}/{name}", &base[..path_start]);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

#[test]
fn database_names_are_replaced_in_urls() {
    assert_eq!(
        with_database("postgres://postgres@127.0.0.1:5432/test", "x"),
        "postgres://postgres@127.0.0.1:5432/x"
    );
    assert_eq!(
        with_database("postgres://u:p@h/test?sslmode=disable", "x"),
        "postgres://u:p@h/x?sslmode=disable"
    );
    assert_eq!(
        with_database("postgres://h:5432", "x"),
        "postgres://h:5432/x"
    );
}
