//! The server under test as a child process: its database (a SQLite file in a temporary data
//! directory, or a PostgreSQL database of its own), starting it on a fixed port and killing
//! it with SIGKILL.

use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use hverdag::db::{Db, DbConn};
use rand::SeedableRng;
use rand::rngs::StdRng;

/// Set to a PostgreSQL URL to run against PostgreSQL (as the `api` tests do).
pub const POSTGRES_ENV: &str = "HVERDAG_TEST_POSTGRES_URL";

/// Kill cycles per test, unless `HVERDAG_CRASH_CYCLES` says otherwise.
pub const DEFAULT_CYCLES: usize = 20;

/// How many times to kill the server.
pub fn cycles() -> usize {
    std::env::var("HVERDAG_CRASH_CYCLES")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(DEFAULT_CYCLES)
}

/// A random generator seeded from `HVERDAG_CRASH_SEED` or at random; the seed is printed so
/// that a failing run can be replayed.
pub fn rng(test: &str) -> StdRng {
    let seed = std::env::var("HVERDAG_CRASH_SEED")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(rand::random::<u64>);
    println!("{test}: HVERDAG_CRASH_SEED={seed}");
    StdRng::seed_from_u64(seed)
}

/// The data directory and database one test's server runs on.
pub struct Store {
    pub data_dir: tempfile::TempDir,
    pub url: String,
    pg: Option<PgDatabase>,
}

impl Store {
    /// A fresh store, migrated. Blocking.
    pub fn new() -> Store {
        let data_dir = tempfile::tempdir().expect("create a temporary directory");
        let pg = std::env::var(POSTGRES_ENV)
            .ok()
            .filter(|u| !u.trim().is_empty())
            .map(|u| PgDatabase::create(u.trim()));
        let url = match &pg {
            Some(pg) => pg.url.clone(),
            None => data_dir
                .path()
                .join("hverdag.db")
                .to_string_lossy()
                .into_owned(),
        };
        hverdag::db::migrate(&url).expect("migrate the test database");
        Store { data_dir, url, pg }
    }

    pub fn is_sqlite(&self) -> bool {
        self.pg.is_none()
    }

    /// A small pool on the same database, for seeding and checking. Blocking.
    pub fn db(&self) -> Db {
        Db::open(&self.url, 2).expect("open the test pool")
    }

    /// `PRAGMA integrity_check` on a fresh connection, as a restarted server would open the
    /// file; `None` on PostgreSQL. Blocking.
    pub fn integrity_check(&self) -> Option<String> {
        if !self.is_sqlite() {
            return None;
        }
        #[derive(QueryableByName)]
        struct Row {
            #[diesel(sql_type = diesel::sql_types::Text)]
            integrity_check: String,
        }
        let mut conn = hverdag::db::establish(&self.url).expect("open the SQLite file");
        let DbConn::Sqlite(conn) = &mut conn else {
            return None;
        };
        let rows: Vec<Row> = diesel::sql_query("PRAGMA integrity_check")
            .load(conn)
            .expect("run the integrity check");
        Some(
            rows.into_iter()
                .map(|r| r.integrity_check)
                .collect::<Vec<_>>()
                .join("; "),
        )
    }

    /// How to start a server on this store, on a free port, with extra arguments.
    pub fn launcher(&self, extra: &[&str]) -> Launcher {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("find a free port")
            .port();
        let mut args: Vec<String> = ["serve", "--bind", &format!("127.0.0.1:{port}")]
            .iter()
            .map(|s| s.to_string())
            .collect();
        args.extend(["--database-url".into(), self.server_url()]);
        args.extend([
            "--data-dir".into(),
            self.data_dir.path().display().to_string(),
        ]);
        args.extend(extra.iter().map(|s| s.to_string()));
        Launcher {
            port,
            args,
            log: self.data_dir.path().join("server.log"),
            pg_url: self.pg.as_ref().map(|_| self.url.clone()),
        }
    }

    /// The URL the server gets: on PostgreSQL its sessions carry [`SERVER_APPLICATION`].
    fn server_url(&self) -> String {
        match &self.pg {
            Some(_) => format!("{}&application_name={SERVER_APPLICATION}", self.url),
            None => self.url.clone(),
        }
    }
}

/// The `application_name` of the server's PostgreSQL sessions.
const SERVER_APPLICATION: &str = "hverdag_crash_server";

/// Waits (at most 10 s) until PostgreSQL has ended every session of a killed server. A
/// session whose process died may still be working through what it had received, such as a
/// `COMMIT`; only once it is gone does the database show all the dead server did.
fn wait_for_sessions_to_end(url: &str) {
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let mut conn = PgConnection::establish(url).expect("connect to the test database");
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let left = diesel::sql_query(
            "SELECT count(*) AS n FROM pg_stat_activity \
             WHERE datname = current_database() AND application_name = $1",
        )
        .bind::<diesel::sql_types::Text, _>(SERVER_APPLICATION)
        .get_result::<Count>(&mut conn)
        .expect("count the server's sessions")
        .n;
        if left == 0 {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{left} sessions of a killed server still open after 10 s"
        );
        // The poll interval of this wait.
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Starts the same server again and again: same arguments, data and port.
pub struct Launcher {
    pub port: u16,
    args: Vec<String>,
    log: PathBuf,
    /// The test database on PostgreSQL.
    pg_url: Option<String>,
}

/// A running server process.
pub struct Server {
    child: tokio::process::Child,
    pg_url: Option<String>,
    /// From spawning the process until it answered.
    pub startup: Duration,
}

impl Launcher {
    /// Starts the server and waits (at most 60 s) until it answers `GET /health`.
    pub async fn start(&self) -> Server {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)
            .expect("open the server log");
        let started = Instant::now();
        let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_hverdag"))
            .args(&self.args)
            .env_remove("DATABASE_URL")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::from(log))
            .kill_on_drop(true)
            .spawn()
            .expect("start the server");
        let health = format!("http://127.0.0.1:{}/health", self.port);
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(2))
            .build()
            .expect("an HTTP client");
        loop {
            if let Ok(res) = client.get(&health).send().await
                && res.status().is_success()
            {
                return Server {
                    child,
                    pg_url: self.pg_url.clone(),
                    startup: started.elapsed(),
                };
            }
            if let Ok(Some(status)) = child.try_wait() {
                panic!("the server exited with {status}: {}", self.log_tail());
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "the server did not answer within 60 s: {}",
                self.log_tail()
            );
            // The poll interval of this wait.
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    fn log_tail(&self) -> String {
        let log = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        lines[lines.len().saturating_sub(20)..].join("\n")
    }
}

impl Server {
    /// SIGKILL, then reap: when this returns the process is gone, its sockets are closed
    /// and (on PostgreSQL) its database sessions have ended.
    pub async fn kill(mut self) {
        self.child.kill().await.expect("SIGKILL the server");
        if let Some(url) = &self.pg_url {
            tokio::task::block_in_place(|| wait_for_sessions_to_end(url));
        }
    }
}

/// A PostgreSQL database for one test, dropped with it.
struct PgDatabase {
    admin_url: String,
    name: String,
    url: String,
}

impl PgDatabase {
    fn create(admin_url: &str) -> PgDatabase {
        let admin_url = if admin_url.contains("sslmode=") {
            admin_url.to_owned()
        } else if admin_url.contains('?') {
            format!("{admin_url}&sslmode=disable")
        } else {
            format!("{admin_url}?sslmode=disable")
        };
        let name = format!("hverdag_crash_{:016x}", rand::random::<u64>());
        let mut admin = PgConnection::establish(&admin_url)
            .unwrap_or_else(|e| panic!("connect to {admin_url}: {e}"));
        admin
            .batch_execute(&format!("CREATE DATABASE \"{name}\""))
            .expect("create the test database");
        let (base, query) = admin_url.split_once('?').unwrap_or((&admin_url, ""));
        let host_start = base.find("://").map_or(0, |i| i + 3);
        let path_start = base[host_start..]
            .find('/')
            .map_or(base.len(), |i| host_start + i);
        let url = format!("{}/{name}?{query}", &base[..path_start]);
        PgDatabase {
            admin_url,
            name,
            url,
        }
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        let dropped = PgConnection::establish(&self.admin_url)
            .map_err(|e| e.to_string())
            .and_then(|mut admin| {
                admin
                    .batch_execute(&format!(
                        "DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)",
                        self.name
                    ))
                    .map_err(|e| e.to_string())
            });
        if let Err(e) = dropped {
            eprintln!("could not drop test database {}: {e}", self.name);
        }
    }
}
