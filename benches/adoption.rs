//! Adoption-health benchmark: an organisation of 10,000 people in 1,000 teams with 52 weeks
//! of weekly meetings, attendance and check-ins, on SQLite and on PostgreSQL.
//!
//! ```text
//! cargo bench --bench adoption
//! HVERDAG_BENCH_TEAMS=200 HVERDAG_BENCH_BACKENDS=sqlite cargo bench --bench adoption
//! ```
//!
//! - `HVERDAG_BENCH_TEAMS` (default 1000; ten people per team), `HVERDAG_BENCH_WEEKS`
//!   (default 52), `HVERDAG_BENCH_REQUESTS` (default 30 per page).
//! - `HVERDAG_BENCH_BACKENDS`: `sqlite,postgres` by default. PostgreSQL uses
//!   `HVERDAG_BENCH_POSTGRES_URL` (default `postgres://127.0.0.1:5432/test`) to create a
//!   scratch database `hverdag_bench_adoption`, dropped afterwards.
//!
//! Reports per backend: the time to seed, the full rebuild of the rollup, absorbing one
//! more week incrementally (the new week alone, and the scheduler's two-week refresh), and
//! the dashboard latency over real HTTP (p50/p95 of repeated requests after a warm-up) for
//! the organisation view, the cohort view and team views: first quiet, then again while a
//! past week of one team after another is recomputed five times a second (meetings recorded
//! late), the way a working day looks.

mod support;

use std::time::{Duration, Instant};

use anyhow::Context;
use chrono::{Datelike, Days, NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use hverdag::db::schema::{
    accounts, attendance, check_ins, key_results, meeting_series, meetings, objectives, people,
    person_roles, team_memberships, teams,
};
use hverdag::db::{Db, DbConn, write_tx};
use hverdag::domain::Locale;
use hverdag::domain::adoption;
use hverdag::domain::ids::{
    AccountId, KeyResultId, MeetingId, ObjectiveId, OrgId, PersonId, SeriesId, TeamId,
};
use hverdag::domain::org::{self, NewOrg};
use hverdag::domain::periods::{self, Periods, monday};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use support::env_number;

const PASSWORD: &str = "bench-password-1";
const PER_TEAM: usize = 10;
const KRS_PER_OBJECTIVE: usize = 3;
/// How often a meeting is recorded late while the pages are read the second time.
const LATE_EVERY: Duration = Duration::from_millis(200);

#[derive(Insertable)]
#[diesel(table_name = accounts)]
struct NewAccount {
    id: AccountId,
    email: String,
    locale: String,
    password_hash: Option<String>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = people)]
struct NewPerson {
    id: PersonId,
    org_id: OrgId,
    account_id: AccountId,
    name: String,
    active: bool,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = teams)]
struct NewTeam {
    id: TeamId,
    org_id: OrgId,
    parent_id: Option<TeamId>,
    name: String,
    kind: String,
    created_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = team_memberships)]
struct NewMembership {
    id: i32,
    org_id: OrgId,
    team_id: TeamId,
    person_id: PersonId,
    joined_on: NaiveDate,
    left_on: Option<NaiveDate>,
}

#[derive(Insertable)]
#[diesel(table_name = meeting_series)]
struct NewSeries {
    id: i32,
    org_id: OrgId,
    team_id: TeamId,
    kind: String,
    weekday: i32,
    start_time: String,
    duration_minutes: i32,
    starts_on: NaiveDate,
    ends_on: Option<NaiveDate>,
    created_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = meetings)]
struct NewMeeting {
    id: i32,
    org_id: OrgId,
    series_id: SeriesId,
    team_id: TeamId,
    occurrence_on: NaiveDate,
    local_date: NaiveDate,
    starts_at: NaiveDateTime,
    status: String,
    notes: String,
    decisions: String,
    held_at: Option<NaiveDateTime>,
    created_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = attendance)]
struct NewAttendance {
    org_id: OrgId,
    meeting_id: MeetingId,
    person_id: PersonId,
    status: String,
}

#[derive(Insertable)]
#[diesel(table_name = objectives)]
struct NewObjective {
    id: i32,
    org_id: OrgId,
    team_id: TeamId,
    period: String,
    title: String,
    description: String,
    status: String,
    created_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = key_results)]
struct NewKr {
    id: i32,
    org_id: OrgId,
    objective_id: ObjectiveId,
    title: String,
    unit: String,
    start_value: f64,
    target_value: f64,
    current_value: f64,
    created_at: NaiveDateTime,
    kind: String,
}

#[derive(Insertable)]
#[diesel(table_name = check_ins)]
struct NewCheckIn {
    id: i32,
    org_id: OrgId,
    key_result_id: KeyResultId,
    person_id: Option<PersonId>,
    value: f64,
    confidence: String,
    note: String,
    created_at: NaiveDateTime,
}

/// Inserts rows in chunks through the backend's own connection (batch inserts).
macro_rules! insert_all {
    ($conn:expr, $table:expr, $rows:expr) => {{
        for chunk in $rows.chunks(1000) {
            let q = diesel::insert_into($table).values(chunk);
            match $conn {
                DbConn::Sqlite(c) => q.execute(c)?,
                DbConn::Pg(c) => q.execute(c)?,
            };
        }
    }};
}

/// What was seeded.
struct Seeded {
    org: org::Org,
    team_ids: Vec<TeamId>,
    rows: usize,
}

/// Each team's habit: how likely its weekly meeting is held, how many come, how often key
/// results are checked in (a spread from teams at routine to teams that never started).
fn habit(rng: &mut StdRng) -> (f64, f64, f64) {
    match rng.random_range(0..10) {
        0..=3 => (0.92, 0.85, 0.85),
        4..=6 => (0.7, 0.7, 0.6),
        7..=8 => (0.35, 0.6, 0.3),
        _ => (0.05, 0.5, 0.05),
    }
}

fn seed(conn: &mut DbConn, teams_n: usize, weeks: u64, today: NaiveDate) -> anyhow::Result<Seeded> {
    let mut rng = StdRng::seed_from_u64(2026);
    let now = chrono::Utc::now().naive_utc();
    let org = org::create(
        conn,
        &NewOrg {
            name: "Bench AS".into(),
            slug: "bench".into(),
            locale: Locale::En,
            time_zone: "Europe/Oslo".into(),
        },
    )
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    let o = org.id;
    let hash =
        hverdag::domain::auth::hash_password(PASSWORD).map_err(|e| anyhow::anyhow!("{e}"))?;
    let people_n = teams_n * PER_TEAM;
    let new_accounts: Vec<NewAccount> = (1..=people_n as i32)
        .map(|i| NewAccount {
            id: AccountId(i),
            email: format!("p{i}@bench.example"),
            locale: "en".into(),
            password_hash: (i == 1).then(|| hash.clone()),
            created_at: now,
            updated_at: now,
        })
        .collect();
    insert_all!(conn, accounts::table, new_accounts);
    let persons: Vec<NewPerson> = (1..=people_n as i32)
        .map(|i| NewPerson {
            id: PersonId(i),
            org_id: o,
            account_id: AccountId(i),
            name: format!("Person {i}"),
            active: true,
            created_at: now,
            updated_at: now,
        })
        .collect();
    insert_all!(conn, people::table, persons);
    let roles = [(1, "leader"), (1, "ambassador")];
    for (person, role) in roles {
        diesel::insert_into(person_roles::table)
            .values((
                person_roles::org_id.eq(o),
                person_roles::person_id.eq(person),
                person_roles::role.eq(role),
            ))
            .execute(conn)?;
    }
    // Fifty departments of teams.
    let departments = (teams_n / 20).max(1);
    let mut all_teams: Vec<NewTeam> = (0..departments)
        .map(|d| NewTeam {
            id: TeamId(d as i32 + 1),
            org_id: o,
            parent_id: None,
            name: format!("Department {d:02}"),
            kind: "department".into(),
            created_at: now,
        })
        .collect();
    let team_ids: Vec<TeamId> = (0..teams_n)
        .map(|t| TeamId((departments + t) as i32 + 1))
        .collect();
    for (t, id) in team_ids.iter().enumerate() {
        all_teams.push(NewTeam {
            id: *id,
            org_id: o,
            parent_id: Some(TeamId((t % departments) as i32 + 1)),
            name: format!("Team {t:04}"),
            kind: "team".into(),
            created_at: now,
        });
    }
    insert_all!(conn, teams::table, all_teams);
    let first_monday = monday(today) - Days::new(7 * weeks);
    let memberships: Vec<NewMembership> = (0..people_n)
        .map(|p| NewMembership {
            id: p as i32 + 1,
            org_id: o,
            team_id: team_ids[p / PER_TEAM],
            person_id: PersonId(p as i32 + 1),
            joined_on: first_monday - Days::new(30),
            left_on: None,
        })
        .collect();
    insert_all!(conn, team_memberships::table, memberships);

    let series: Vec<NewSeries> = team_ids
        .iter()
        .enumerate()
        .flat_map(|(t, team)| {
            ["weekly_results", "quarterly"]
                .into_iter()
                .enumerate()
                .map(move |(k, kind)| NewSeries {
                    id: (2 * t + k) as i32 + 1,
                    org_id: o,
                    team_id: *team,
                    kind: kind.into(),
                    weekday: 1,
                    start_time: "09:00".into(),
                    duration_minutes: if k == 0 { 15 } else { 90 },
                    starts_on: first_monday,
                    ends_on: Some(monday(today) - Days::new(1)),
                    created_at: now,
                })
        })
        .collect();
    insert_all!(conn, meeting_series::table, series);

    let mut meeting_rows = Vec::new();
    let mut attendance_rows = Vec::new();
    let mut objective_rows = Vec::new();
    let mut kr_rows = Vec::new();
    let mut check_in_rows = Vec::new();
    let (mut meeting_id, mut objective_id, mut kr_id, mut check_in_id) = (0, 0, 0, 0);
    for (t, team) in team_ids.iter().enumerate() {
        let (held_p, present_p, check_p) = habit(&mut rng);
        let members: Vec<PersonId> = (0..PER_TEAM)
            .map(|m| PersonId((t * PER_TEAM + m) as i32 + 1))
            .collect();
        // Objectives and key results for every quarter the weeks touch.
        let mut team_krs: Vec<(i32, NaiveDate, NaiveDate)> = Vec::new();
        let mut period = Periods::Quarters.of(first_monday);
        while let Some((start, end)) = periods::days(&period) {
            if start > today {
                break;
            }
            objective_id += 1;
            objective_rows.push(NewObjective {
                id: objective_id,
                org_id: o,
                team_id: *team,
                period: period.clone(),
                title: format!("Objective {objective_id}"),
                description: String::new(),
                status: "active".into(),
                created_at: now,
            });
            for k in 0..KRS_PER_OBJECTIVE {
                kr_id += 1;
                kr_rows.push(NewKr {
                    id: kr_id,
                    org_id: o,
                    objective_id: ObjectiveId(objective_id),
                    title: format!("Key result {k}"),
                    unit: String::new(),
                    start_value: 0.0,
                    target_value: 10.0,
                    current_value: 0.0,
                    created_at: now,
                    kind: "number".into(),
                });
                team_krs.push((kr_id, start, end));
            }
            period = periods::shift(&period, 1).context("a next period")?;
        }
        for w in 0..weeks {
            let week = first_monday + Days::new(7 * w);
            let weekly = 2 * t as i32 + 1;
            let starts_at = week.and_hms_opt(8, 0, 0).context("a time")?;
            let roll: f64 = rng.random();
            let status = if roll < 0.03 {
                "cancelled"
            } else if roll < 0.03 + held_p {
                "held"
            } else {
                "scheduled"
            };
            meeting_id += 1;
            meeting_rows.push(NewMeeting {
                id: meeting_id,
                org_id: o,
                series_id: SeriesId(weekly),
                team_id: *team,
                occurrence_on: week,
                local_date: week,
                starts_at,
                status: status.into(),
                notes: String::new(),
                decisions: String::new(),
                held_at: (status == "held").then_some(starts_at),
                created_at: now,
            });
            if status == "held" {
                for m in &members {
                    let present = rng.random::<f64>() < present_p;
                    attendance_rows.push(NewAttendance {
                        org_id: o,
                        meeting_id: MeetingId(meeting_id),
                        person_id: *m,
                        status: if present { "present" } else { "absent" }.into(),
                    });
                }
            }
            // The quarterly meeting in the first week of each quarter.
            if week.day() <= 7 && (week.month() - 1).is_multiple_of(3) {
                meeting_id += 1;
                meeting_rows.push(NewMeeting {
                    id: meeting_id,
                    org_id: o,
                    series_id: SeriesId(weekly + 1),
                    team_id: *team,
                    occurrence_on: week,
                    local_date: week,
                    starts_at,
                    status: if rng.random::<f64>() < held_p {
                        "held"
                    } else {
                        "scheduled"
                    }
                    .into(),
                    notes: String::new(),
                    decisions: String::new(),
                    held_at: None,
                    created_at: now,
                });
            }
            for (kr, start, end) in &team_krs {
                if *start <= week + Days::new(6) && *end >= week && rng.random::<f64>() < check_p {
                    check_in_id += 1;
                    let day = week + Days::new(rng.random_range(0..5));
                    check_in_rows.push(NewCheckIn {
                        id: check_in_id,
                        org_id: o,
                        key_result_id: KeyResultId(*kr),
                        person_id: Some(members[0]),
                        value: 5.0,
                        confidence: "on_track".into(),
                        note: String::new(),
                        created_at: day.and_hms_opt(10, 0, 0).context("a time")?,
                    });
                }
            }
        }
    }
    insert_all!(conn, meetings::table, meeting_rows);
    insert_all!(conn, attendance::table, attendance_rows);
    insert_all!(conn, objectives::table, objective_rows);
    insert_all!(conn, key_results::table, kr_rows);
    insert_all!(conn, check_ins::table, check_in_rows);
    if let DbConn::Pg(c) = conn {
        // Explicit ids leave the sequences behind.
        for table in [
            "people",
            "teams",
            "team_memberships",
            "meeting_series",
            "meetings",
            "objectives",
            "key_results",
            "check_ins",
        ] {
            diesel::sql_query(format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
            ))
            .execute(c)?;
        }
    }
    let rows = people_n
        + all_teams_len(teams_n)
        + meeting_rows.len()
        + attendance_rows.len()
        + kr_rows.len()
        + check_in_rows.len();
    Ok(Seeded {
        org,
        team_ids,
        rows,
    })
}

fn all_teams_len(teams_n: usize) -> usize {
    teams_n + (teams_n / 20).max(1)
}

/// The current week: every team's weekly meeting held, everyone present, every key result
/// checked in.
fn add_this_week(conn: &mut DbConn, s: &Seeded, today: NaiveDate) -> anyhow::Result<()> {
    let week = monday(today);
    let now = chrono::Utc::now().naive_utc();
    let next_id: i32 = meetings::table
        .select(diesel::dsl::max(meetings::id))
        .first::<Option<i32>>(conn)?
        .unwrap_or(0);
    let mut rows = Vec::new();
    let mut present = Vec::new();
    for (t, team) in s.team_ids.iter().enumerate() {
        let id = next_id + t as i32 + 1;
        rows.push(NewMeeting {
            id,
            org_id: s.org.id,
            series_id: SeriesId(2 * t as i32 + 1),
            team_id: *team,
            occurrence_on: week,
            local_date: week,
            starts_at: week.and_hms_opt(8, 0, 0).context("a time")?,
            status: "held".into(),
            notes: String::new(),
            decisions: String::new(),
            held_at: Some(now),
            created_at: now,
        });
        for m in 0..PER_TEAM {
            present.push(NewAttendance {
                org_id: s.org.id,
                meeting_id: MeetingId(id),
                person_id: PersonId((t * PER_TEAM + m) as i32 + 1),
                status: "present".into(),
            });
        }
    }
    insert_all!(conn, meetings::table, rows);
    insert_all!(conn, attendance::table, present);
    Ok(())
}

fn percentile(sorted: &[Duration], q: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() - 1) as f64 * q).round() as usize;
    sorted[i]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

async fn login(base: &str) -> anyhow::Result<reqwest::Client> {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let page = client
        .get(format!("{base}/login"))
        .send()
        .await?
        .text()
        .await?;
    let token = page
        .split("name=\"csrf_token\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .context("a CSRF token on the login page")?
        .to_owned();
    let res = client
        .post(format!("{base}/login"))
        .form(&[
            ("csrf_token", token.as_str()),
            ("email", "p1@bench.example"),
            ("password", PASSWORD),
        ])
        .send()
        .await?;
    anyhow::ensure!(
        res.status().is_redirection(),
        "login failed: {}",
        res.status()
    );
    Ok(client)
}

async fn latency(
    client: &reqwest::Client,
    urls: &[String],
    requests: usize,
) -> anyhow::Result<(Duration, Duration, usize)> {
    let mut times = Vec::new();
    let mut bytes = 0;
    for (i, url) in urls.iter().cycle().take(requests + 2).enumerate() {
        let started = Instant::now();
        let res = client.get(url).send().await?;
        anyhow::ensure!(res.status().is_success(), "{url}: {}", res.status());
        let body = res.bytes().await?;
        if i >= 2 {
            times.push(started.elapsed());
            bytes = body.len();
        }
    }
    times.sort();
    Ok((percentile(&times, 0.5), percentile(&times, 0.95), bytes))
}

async fn run(
    backend: &str,
    url: Option<String>,
    teams_n: usize,
    weeks: u64,
    requests: usize,
) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let mut config = hverdag::Config::for_data_dir(dir.path());
    config.database_url = url;
    let db_url = config.database_url();
    hverdag::db::migrate(&db_url)?;
    let db = Db::open(&db_url, 2)?;
    let mut conn = db.conn()?;
    let today = periods::local_date("Europe/Oslo", chrono::Utc::now());

    let started = Instant::now();
    let seeded = write_tx(&mut conn, |c| seed(c, teams_n, weeks, today))?;
    let seed_time = started.elapsed();

    let started = Instant::now();
    let built = write_tx(&mut conn, |c| adoption::rebuild(c, &seeded.org, today))?;
    let rebuild = started.elapsed();

    write_tx(&mut conn, |c| add_this_week(c, &seeded, today))?;
    let started = Instant::now();
    let one = write_tx(&mut conn, |c| {
        adoption::refresh(c, &seeded.org, None, monday(today), today)
    })?;
    let one_week = started.elapsed();
    let started = Instant::now();
    write_tx(&mut conn, |c| {
        adoption::refresh(c, &seeded.org, None, monday(today) - Days::new(7), today)
    })?;
    let two_weeks = started.elapsed();
    drop(conn);

    let app = hverdag::Application::build(&config, "127.0.0.1:0").await?;
    let base = format!("http://127.0.0.1:{}", app.port());
    let server = app.handle();
    tokio::spawn(app.run_until_stopped());
    // The scheduler's first round (a two-week refresh) runs at start; let it finish.
    tokio::time::sleep(two_weeks + Duration::from_millis(500)).await;
    let client = login(&base).await?;
    let team_urls: Vec<String> = seeded
        .team_ids
        .iter()
        .step_by((seeded.team_ids.len() / 10).max(1))
        .map(|t| format!("{base}/adoption/teams/{t}"))
        .collect();
    let views = |client: reqwest::Client| {
        let (base, team_urls) = (base.clone(), team_urls.clone());
        async move {
            let org_view = latency(&client, &[format!("{base}/adoption")], requests).await?;
            let cohorts = latency(&client, &[format!("{base}/adoption/cohorts")], requests).await?;
            let team_view = latency(&client, &team_urls, requests).await?;
            anyhow::Ok([
                ("organisation", org_view),
                ("cohorts", cohorts),
                ("team", team_view),
            ])
        }
    };
    let quiet = views(client.clone()).await?;
    // Meetings get recorded late: while the pages are read again, a past week of one team
    // after another is recomputed every LATE_EVERY (what recording a meeting afterwards does).
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let late = {
        let (stop, db, org, teams) = (
            stop.clone(),
            db.clone(),
            seeded.org.clone(),
            seeded.team_ids.clone(),
        );
        std::thread::spawn(move || -> anyhow::Result<usize> {
            let mut conn = db.conn()?;
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let team = teams[n % teams.len()];
                let last_week = monday(today) - Days::new(7);
                write_tx(&mut conn, |c| {
                    adoption::refresh(c, &org, Some(&[team]), last_week, today)
                })?;
                n += 1;
                std::thread::sleep(LATE_EVERY);
            }
            Ok(n)
        })
    };
    let busy = views(client).await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let late_entries = late
        .join()
        .map_err(|_| anyhow::anyhow!("the late-entry thread panicked"))??;
    let busy = busy?;
    server.stop(false).await;

    println!(
        "{backend:>9} | seeded {} rows in {:.1} s | rebuild {} teams × {} weeks ({} rows, {} alerts): {:.2} s | one more week: {:.0} ms ({} rows), two-week refresh: {:.0} ms",
        seeded.rows,
        seed_time.as_secs_f64(),
        built.teams,
        weeks + 1,
        built.weeks,
        built.alerts,
        rebuild.as_secs_f64(),
        ms(one_week),
        one.weeks,
        ms(two_weeks),
    );
    for (load, measured) in [("quiet", quiet), ("late entries", busy)] {
        for (name, (p50, p95, bytes)) in measured {
            println!(
                "{:>9} | {name:>12} view, {load:>12}: p50 {:.1} ms, p95 {:.1} ms ({} KiB, {requests} requests)",
                "",
                ms(p50),
                ms(p95),
                bytes / 1024
            );
        }
    }
    println!(
        "{:>9} | late entries while the pages were read again: {late_entries} (one every {} ms)",
        "",
        LATE_EVERY.as_millis()
    );
    Ok(())
}

fn postgres_scratch(admin_url: &str) -> anyhow::Result<String> {
    let mut admin = diesel::PgConnection::establish(admin_url)
        .with_context(|| format!("PostgreSQL at {admin_url}"))?;
    diesel::sql_query("DROP DATABASE IF EXISTS hverdag_bench_adoption").execute(&mut admin)?;
    diesel::sql_query("CREATE DATABASE hverdag_bench_adoption").execute(&mut admin)?;
    let base = admin_url.rsplit_once('/').map_or(admin_url, |(b, _)| b);
    Ok(format!("{base}/hverdag_bench_adoption"))
}

async fn bench() -> anyhow::Result<()> {
    let teams_n: usize = env_number("HVERDAG_BENCH_TEAMS", 1000)?;
    let weeks: u64 = env_number("HVERDAG_BENCH_WEEKS", 52)?;
    let requests: usize = env_number("HVERDAG_BENCH_REQUESTS", 30)?;
    let backends =
        std::env::var("HVERDAG_BENCH_BACKENDS").unwrap_or_else(|_| "sqlite,postgres".into());
    println!(
        "adoption: {teams_n} teams, {} people, {weeks} weeks of history, {} CPUs",
        teams_n * PER_TEAM,
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    for backend in backends.split(',').map(str::trim) {
        match backend {
            "sqlite" => run("SQLite", None, teams_n, weeks, requests).await?,
            "postgres" => {
                let admin = std::env::var("HVERDAG_BENCH_POSTGRES_URL")
                    .unwrap_or_else(|_| "postgres://127.0.0.1:5432/test".into());
                match postgres_scratch(&admin) {
                    Ok(url) => {
                        run("PostgreSQL", Some(url), teams_n, weeks, requests).await?;
                        let mut conn = diesel::PgConnection::establish(&admin)?;
                        diesel::sql_query(
                            "DROP DATABASE IF EXISTS hverdag_bench_adoption WITH (FORCE)",
                        )
                        .execute(&mut conn)?;
                    }
                    Err(e) => println!("PostgreSQL skipped: {e:#}"),
                }
            }
            other => anyhow::bail!("unknown backend {other:?}"),
        }
    }
    Ok(())
}

fn main() -> anyhow::Result<()> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?
        .block_on(bench())
}
