//! Check-in throughput benchmark: key-result owners post check-ins through the JSON API
//! (`POST /api/v1/key-results/{id}/check-ins` with their bearer tokens) to the real server
//! binary in its own process, on SQLite and on PostgreSQL.
//!
//! ```text
//! cargo bench --bench checkins
//! HVERDAG_BENCH_CONNECTIONS=16 HVERDAG_BENCH_SECONDS=10 HVERDAG_BENCH_BACKENDS=sqlite cargo bench --bench checkins
//! ```
//!
//! - `HVERDAG_BENCH_PEOPLE` (default 500; ten people per team, each owning one key result of
//!   the team's objective for the current period and holding one API token).
//! - `HVERDAG_BENCH_CONNECTIONS` (default 64 keep-alive connections, each sending one request
//!   after another), `HVERDAG_BENCH_SECONDS` (default 30, measured) after
//!   `HVERDAG_BENCH_WARMUP` (default 5 s, not measured).
//! - `HVERDAG_BENCH_CLIENT_THREADS` (default 1): the generator's threads.
//! - `HVERDAG_BENCH_DB_POOL`: the server's connection pool (its own default when unset).
//! - `HVERDAG_BENCH_PERF=<file>`: records the server with `perf record -g` over the measured
//!   window into `<file>.<backend>` (for `perf report`).
//! - `HVERDAG_BENCH_BACKENDS`: `sqlite,postgres` by default. PostgreSQL uses
//!   `HVERDAG_BENCH_POSTGRES_URL` (default `postgres://postgres@127.0.0.1:5432/test`) to
//!   create a scratch database `hverdag_bench_checkins`, dropped afterwards.
//!
//! Reports per backend: check-ins per second (201s within the measured window), latency
//! p50/p95/p99/max, responses other than 201 by status, the server's and the generator's CPU
//! and the server's memory (from `/proc`). Afterwards, with the server killed, it checks that
//! nothing was lost: the stored check-ins are exactly the ids the 201 responses returned.

mod support;

use std::collections::{BTreeMap, HashSet};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use diesel::prelude::*;
use http_body_util::{BodyExt, Full};
use hverdag::db::schema::check_ins;
use hverdag::db::{DbConn, write_tx};
use hverdag::domain::Locale;
use hverdag::domain::api_tokens;
use hverdag::domain::ids::OrgId;
use hverdag::domain::okrs::{self, KeyResultInput, KrKind, ObjectiveInput, Status};
use hverdag::domain::org::{self, NewOrg};
use hverdag::domain::people::{self, PersonInput, Role};
use hverdag::domain::teams::{self, TeamInput, TeamKind};
use hyper::body::Bytes;
use hyper::{Request, StatusCode, header};
use hyper_util::rt::TokioIo;
use support::env_number;

const PER_TEAM: usize = 10;
const SCRATCH: &str = "hverdag_bench_checkins";

/// The settings of one run.
struct Knobs {
    people: usize,
    connections: usize,
    seconds: u64,
    warmup: u64,
    client_threads: usize,
    db_pool: Option<u32>,
    perf: Option<String>,
}

/// One key result to check in on, and its owner's `Authorization` header.
struct Target {
    path: String,
    authorization: String,
}

/// Seeds one organisation through the domain: teams of ten, one objective per team for the
/// current period with one key result per member (owned by them), one API token each.
fn seed(conn: &mut DbConn, people_n: usize) -> hverdag::domain::Result<(OrgId, Vec<Target>)> {
    let org = org::create(
        conn,
        &NewOrg {
            name: "Bench AS".into(),
            slug: "bench".into(),
            locale: Locale::En,
            time_zone: "Europe/Oslo".into(),
        },
    )?;
    let today = hverdag::domain::periods::local_date(&org.time_zone, chrono::Utc::now());
    let period = org.periods().of(today);
    let mut targets = Vec::with_capacity(people_n);
    for (t, first) in (0..people_n).step_by(PER_TEAM).enumerate() {
        let team = teams::create(
            conn,
            org.id,
            &TeamInput {
                name: format!("Team {t:03}"),
                kind: TeamKind::Team,
                parent_id: None,
            },
        )?;
        let mut members = Vec::new();
        for i in first..(first + PER_TEAM).min(people_n) {
            let person = people::create(
                conn,
                org.id,
                &PersonInput {
                    name: format!("Person {i}"),
                    email: format!("p{i}@bench.example"),
                    locale: Locale::En,
                    // API tokens work only for leaders (`domain::api_tokens`), and each owner
                    // checks in with their own token.
                    roles: vec![Role::Leader],
                },
                None,
            )?;
            teams::add_member(conn, org.id, team.id, person.row.id, today)?;
            members.push(person.row.id);
        }
        let key_results: Vec<KeyResultInput> = members
            .iter()
            .map(|m| KeyResultInput {
                title: format!("Key result of {m}"),
                kind: KrKind::Number,
                unit: String::new(),
                start: 0.0,
                target: 100.0,
                owner_id: Some(*m),
            })
            .collect();
        // A fresh organisation: no adoption rollup to catch up.
        let (okr, _) = okrs::create(
            conn,
            org.id,
            &ObjectiveInput {
                team_id: team.id,
                period: period.clone(),
                title: format!("Objective of team {t}"),
                description: String::new(),
                owner_id: None,
                status: Status::Active,
            },
            None,
            &key_results,
        )?;
        for kr in okr.key_results {
            let owner = kr.owner_id.ok_or(hverdag::domain::Error::NotFound)?;
            let token =
                api_tokens::create(conn, org.id, owner, "bench", api_tokens::Lifetime::Never)?
                    .secret;
            targets.push(Target {
                path: format!("/api/v1/key-results/{}/check-ins", kr.id),
                authorization: format!("Bearer {token}"),
            });
        }
    }
    Ok((org.id, targets))
}

/// The server binary, running; killed when dropped.
struct Server {
    child: Child,
}

impl Server {
    fn start(
        data_dir: &Path,
        database_url: Option<&str>,
        db_pool: Option<u32>,
    ) -> anyhow::Result<(Server, SocketAddr)> {
        // A free port: bound by us, released, then handed to the server.
        let addr = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?;
        let log = std::fs::File::create(data_dir.join("server.log"))?;
        let mut command = Command::new(env!("CARGO_BIN_EXE_hverdag"));
        command
            .arg("serve")
            .arg("--bind")
            .arg(addr.to_string())
            .arg("--data-dir")
            .arg(data_dir)
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log);
        if let Some(url) = database_url {
            command.arg("--database-url").arg(url);
        }
        if let Some(pool) = db_pool {
            command.env("HVERDAG_DB_POOL", pool.to_string());
        }
        let server = Server {
            child: command.spawn().context("starting the server binary")?,
        };
        Ok((server, addr))
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Kills the server at once (SIGKILL): whatever it acknowledged must already be stored.
    fn kill(mut self) -> anyhow::Result<()> {
        self.child.kill()?;
        self.child.wait()?;
        Ok(())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// CPU time (user + system) a process has used so far, from `/proc/<pid>/stat`.
fn cpu_time(pid: &str) -> anyhow::Result<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
    // Fields after the command name, which is in parentheses and may contain spaces.
    let rest = stat.rsplit_once(')').context("a /proc stat line")?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields
        .get(11)
        .zip(fields.get(12))
        .context("utime and stime")
        .and_then(|(u, s)| Ok(u.parse::<u64>()? + s.parse::<u64>()?))?;
    Ok(Duration::from_secs_f64(ticks as f64 / clock_ticks() as f64))
}

fn clock_ticks() -> u64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(100)
}

/// A `/proc/<pid>/status` figure in MiB (`VmRSS`, `VmHWM`).
fn memory_mib(pid: u32, field: &str) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        })
        .map_or(0.0, |kib| kib / 1024.0)
}

type Sender = hyper::client::conn::http1::SendRequest<Full<Bytes>>;

async fn connect(addr: SocketAddr) -> anyhow::Result<Sender> {
    let stream = tokio::net::TcpStream::connect(addr).await?;
    stream.set_nodelay(true)?;
    let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
    tokio::spawn(connection);
    Ok(sender)
}

/// Waits until the server answers `/health`.
async fn wait_until_up(addr: SocketAddr, server: &mut Server) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Some(status) = server.child.try_wait()? {
            anyhow::bail!("the server exited at start ({status}); see server.log");
        }
        if let Ok(mut sender) = connect(addr).await {
            let req = Request::get("/health")
                .header(header::HOST, addr.to_string())
                .body(Full::default())?;
            if let Ok(res) = sender.send_request(req).await
                && res.status() == StatusCode::OK
            {
                return Ok(());
            }
        }
        anyhow::ensure!(Instant::now() < deadline, "the server did not come up");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// What one connection saw.
#[derive(Default)]
struct Tally {
    /// Ids of every check-in a 201 returned (warm-up included).
    created: Vec<i32>,
    /// 201s completed within the measured window.
    measured: u64,
    /// Latencies in microseconds of requests sent within the measured window.
    latencies: Vec<u32>,
    /// Responses other than 201, by status.
    statuses: BTreeMap<u16, u64>,
    /// Requests that got no response (connection errors).
    failures: u64,
}

#[derive(serde::Deserialize)]
struct Created {
    id: i32,
}

/// One keep-alive connection sending check-ins back to back until `stop`, cycling through
/// the targets `first`, `first + step`, ….
async fn connection(
    addr: SocketAddr,
    targets: Arc<Vec<Target>>,
    first: usize,
    step: usize,
    measure_from: Instant,
    stop: Instant,
) -> anyhow::Result<Tally> {
    let mut tally = Tally::default();
    let mut sender: Option<Sender> = None;
    let mut k = first;
    let host = addr.to_string();
    while Instant::now() < stop {
        let target = &targets[k % targets.len()];
        let body = format!(
            r#"{{"value": {}, "confidence": "on_track", "note": "bench check-in {k}"}}"#,
            k % 101
        );
        k += step;
        let req = Request::post(target.path.as_str())
            .header(header::HOST, host.as_str())
            .header(header::AUTHORIZATION, target.authorization.as_str())
            .header(header::CONTENT_TYPE, "application/json")
            .body(Full::new(Bytes::from(body)))?;
        if sender.is_none() {
            sender = Some(connect(addr).await?);
        }
        let Some(s) = sender.as_mut() else {
            continue;
        };
        let sent = Instant::now();
        let outcome = async {
            s.ready().await?;
            let res = s.send_request(req).await?;
            let status = res.status();
            let body = res.into_body().collect().await?.to_bytes();
            anyhow::Ok((status, body))
        }
        .await;
        let done = Instant::now();
        let in_window = sent >= measure_from;
        match outcome {
            Ok((StatusCode::CREATED, body)) => {
                let created: Created =
                    serde_json::from_slice(&body).context("a created check-in")?;
                tally.created.push(created.id);
                if in_window && done <= stop {
                    tally.measured += 1;
                }
            }
            Ok((status, _)) => *tally.statuses.entry(status.as_u16()).or_default() += 1,
            Err(_) => {
                tally.failures += 1;
                sender = None;
            }
        }
        if in_window {
            let micros = done.duration_since(sent).as_micros();
            tally
                .latencies
                .push(u32::try_from(micros).unwrap_or(u32::MAX));
        }
    }
    Ok(tally)
}

/// The figures of one backend.
struct Figures {
    backend: &'static str,
    per_second: f64,
    p50: f64,
    p95: f64,
    p99: f64,
    max: f64,
    others: String,
    server_cpu: f64,
    generator_cpu: f64,
    rss: f64,
    peak_rss: f64,
    created: usize,
    stored: i64,
    lost: usize,
}

fn percentile_ms(sorted: &[u32], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() - 1) as f64 * q).round() as usize;
    f64::from(sorted[i]) / 1000.0
}

async fn load(
    backend: &str,
    addr: SocketAddr,
    server_pid: u32,
    targets: Arc<Vec<Target>>,
    knobs: &Knobs,
) -> anyhow::Result<(Tally, f64, f64, f64)> {
    let measure_from = Instant::now() + Duration::from_secs(knobs.warmup);
    let stop = measure_from + Duration::from_secs(knobs.seconds);
    let tasks: Vec<_> = (0..knobs.connections)
        .map(|i| {
            tokio::spawn(connection(
                addr,
                targets.clone(),
                i,
                knobs.connections,
                measure_from,
                stop,
            ))
        })
        .collect();
    let (server, me) = (server_pid.to_string(), "self".to_owned());
    tokio::time::sleep_until(measure_from.into()).await;
    let profiler = match &knobs.perf {
        Some(file) => Some(
            tokio::process::Command::new("perf")
                .args(["record", "-F", "499", "-g", "-p", &server, "-o"])
                .arg(format!("{file}.{}", backend.to_lowercase()))
                .args(["--", "sleep", &knobs.seconds.to_string()])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .context("starting perf")?,
        ),
        None => None,
    };
    let (server_from, me_from, wall_from) = (cpu_time(&server)?, cpu_time(&me)?, Instant::now());
    tokio::time::sleep_until(stop.into()).await;
    let wall = wall_from.elapsed().as_secs_f64();
    let server_cpu = (cpu_time(&server)? - server_from).as_secs_f64() / wall * 100.0;
    let generator_cpu = (cpu_time(&me)? - me_from).as_secs_f64() / wall * 100.0;
    let rss = memory_mib(server_pid, "VmRSS");
    if let Some(mut perf) = profiler {
        perf.wait().await?;
    }
    let mut all = Tally::default();
    for task in tasks {
        let t = task.await??;
        all.created.extend(t.created);
        all.measured += t.measured;
        all.latencies.extend(t.latencies);
        for (status, n) in t.statuses {
            *all.statuses.entry(status).or_default() += n;
        }
        all.failures += t.failures;
    }
    Ok((all, server_cpu, generator_cpu, rss))
}

fn run(
    backend: &'static str,
    database_url: Option<String>,
    knobs: &Knobs,
) -> anyhow::Result<Figures> {
    let dir = tempfile::tempdir()?;
    let mut config = hverdag::Config::for_data_dir(dir.path());
    config.database_url = database_url.clone();
    let url = config.database_url();
    hverdag::db::migrate(&url)?;
    let mut conn = hverdag::db::establish(&url)?;
    let started = Instant::now();
    let (org_id, targets) = write_tx(&mut conn, |c| seed(c, knobs.people))
        .map_err(|e| anyhow::anyhow!("seeding: {e}"))?;
    println!(
        "{backend}: seeded {} people, key results and tokens in {:.1} s",
        targets.len(),
        started.elapsed().as_secs_f64()
    );
    drop(conn);

    let (mut server, addr) = Server::start(dir.path(), database_url.as_deref(), knobs.db_pool)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(knobs.client_threads.max(1))
        .enable_all()
        .build()?;
    let targets = Arc::new(targets);
    let (tally, server_cpu, generator_cpu, rss) = runtime.block_on(async {
        wait_until_up(addr, &mut server).await?;
        load(backend, addr, server.pid(), targets, knobs).await
    })?;
    drop(runtime);
    let peak_rss = memory_mib(server.pid(), "VmHWM");
    server.kill()?;

    // Nothing lost: the stored check-ins are exactly those the 201s returned.
    let mut conn = hverdag::db::establish(&url)?;
    let stored_ids: HashSet<i32> = check_ins::table
        .filter(check_ins::org_id.eq(org_id))
        .select(check_ins::id)
        .load::<i32>(&mut conn)?
        .into_iter()
        .collect();
    let stored = stored_ids.len() as i64;
    let returned: HashSet<i32> = tally.created.iter().copied().collect();
    anyhow::ensure!(
        returned.len() == tally.created.len(),
        "{backend}: the same check-in id was returned twice"
    );
    let lost = returned.difference(&stored_ids).count();
    let unacknowledged = stored_ids.difference(&returned).count();

    let mut latencies = tally.latencies;
    latencies.sort_unstable();
    let mut others: Vec<String> = tally
        .statuses
        .iter()
        .map(|(status, n)| format!("{n}× {status}"))
        .collect();
    if tally.failures > 0 {
        others.push(format!("{}× no response", tally.failures));
    }
    if unacknowledged > 0 {
        others.push(format!("{unacknowledged} stored without a 201"));
    }
    Ok(Figures {
        backend,
        per_second: tally.measured as f64 / knobs.seconds as f64,
        p50: percentile_ms(&latencies, 0.50),
        p95: percentile_ms(&latencies, 0.95),
        p99: percentile_ms(&latencies, 0.99),
        max: latencies.last().map_or(0.0, |m| f64::from(*m) / 1000.0),
        others: if others.is_empty() {
            "none".into()
        } else {
            others.join(", ")
        },
        server_cpu,
        generator_cpu,
        rss,
        peak_rss,
        created: tally.created.len(),
        stored,
        lost,
    })
}

fn postgres_scratch(admin_url: &str) -> anyhow::Result<String> {
    let mut admin = diesel::PgConnection::establish(admin_url)
        .with_context(|| format!("PostgreSQL at {admin_url}"))?;
    diesel::sql_query(format!("DROP DATABASE IF EXISTS {SCRATCH} WITH (FORCE)"))
        .execute(&mut admin)?;
    diesel::sql_query(format!("CREATE DATABASE {SCRATCH}")).execute(&mut admin)?;
    let base = admin_url.rsplit_once('/').map_or(admin_url, |(b, _)| b);
    Ok(format!("{base}/{SCRATCH}"))
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find_map(|l| l.strip_prefix("model name")?.split_once(':'))
                .map(|(_, model)| model.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into())
}

fn main() -> anyhow::Result<()> {
    let knobs = Knobs {
        people: env_number("HVERDAG_BENCH_PEOPLE", 500)?,
        connections: env_number("HVERDAG_BENCH_CONNECTIONS", 64)?,
        seconds: env_number("HVERDAG_BENCH_SECONDS", 30)?,
        warmup: env_number("HVERDAG_BENCH_WARMUP", 5)?,
        client_threads: env_number("HVERDAG_BENCH_CLIENT_THREADS", 1)?,
        db_pool: match std::env::var("HVERDAG_BENCH_DB_POOL") {
            Ok(_) => Some(env_number("HVERDAG_BENCH_DB_POOL", 8)?),
            Err(_) => None,
        },
        perf: std::env::var("HVERDAG_BENCH_PERF").ok(),
    };
    anyhow::ensure!(
        knobs.people > 0 && knobs.connections > 0 && knobs.seconds > 0,
        "people, connections and seconds must be positive"
    );
    let backends =
        std::env::var("HVERDAG_BENCH_BACKENDS").unwrap_or_else(|_| "sqlite,postgres".into());
    println!(
        "checkins: {} people, {} connections, {} s after {} s warm-up, {} generator thread(s), server pool {}",
        knobs.people,
        knobs.connections,
        knobs.seconds,
        knobs.warmup,
        knobs.client_threads,
        knobs
            .db_pool
            .map_or_else(|| "default".to_owned(), |p| p.to_string()),
    );
    println!(
        "machine: {}, {} CPUs, load average {}; {}",
        cpu_model(),
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" "),
        chrono::Utc::now().format("%Y-%m-%d %H:%M UTC"),
    );
    let mut rows = Vec::new();
    for backend in backends.split(',').map(str::trim) {
        match backend {
            "sqlite" => rows.push(run("SQLite", None, &knobs)?),
            "postgres" => {
                let admin = std::env::var("HVERDAG_BENCH_POSTGRES_URL")
                    .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
                match postgres_scratch(&admin) {
                    Ok(url) => {
                        let figures = run("PostgreSQL", Some(url), &knobs);
                        let mut conn = diesel::PgConnection::establish(&admin)?;
                        diesel::sql_query(format!(
                            "DROP DATABASE IF EXISTS {SCRATCH} WITH (FORCE)"
                        ))
                        .execute(&mut conn)?;
                        rows.push(figures?);
                    }
                    Err(e) => println!("PostgreSQL skipped: {e:#}"),
                }
            }
            other => anyhow::bail!("unknown backend {other:?}"),
        }
    }
    println!();
    println!(
        "| backend | check-ins/s | p50 ms | p95 ms | p99 ms | max ms | other responses | server CPU % | generator CPU % | server RSS MiB (peak) | 201s / stored / lost |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    for f in &rows {
        println!(
            "| {} | {:.0} | {:.1} | {:.1} | {:.1} | {:.1} | {} | {:.0} | {:.0} | {:.0} ({:.0}) | {} / {} / {} |",
            f.backend,
            f.per_second,
            f.p50,
            f.p95,
            f.p99,
            f.max,
            f.others,
            f.server_cpu,
            f.generator_cpu,
            f.rss,
            f.peak_rss,
            f.created,
            f.stored,
            f.lost,
        );
    }
    for f in &rows {
        anyhow::ensure!(
            f.lost == 0 && f.stored == f.created as i64,
            "{}: {} check-ins acknowledged but {} stored ({} lost)",
            f.backend,
            f.created,
            f.stored,
            f.lost
        );
    }
    Ok(())
}
