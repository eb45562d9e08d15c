//! `hverdag simulate`: the adoption signal measured against simulated organisations with
//! known truth (see `domain::adoption::simulate` and `domain::adoption::evaluate`).

use std::time::Instant;

use crate::db::{self, Db};
use crate::domain::adoption::evaluate::{self, Report};
use crate::domain::adoption::simulate::{self, Config};

/// Simulates and evaluates one world per seed, printing a Markdown report for each.
pub fn run(
    teams: usize,
    weeks: u32,
    seeds: &[u64],
    database_url: Option<String>,
) -> anyhow::Result<()> {
    if teams == 0 || !(13..=104).contains(&weeks) {
        anyhow::bail!("--teams must be at least 1 and --weeks between 13 and 104");
    }
    let scratch = std::env::temp_dir().join(format!("hverdag-simulate-{}", std::process::id()));
    let url = match database_url {
        Some(url) => url,
        None => {
            std::fs::create_dir_all(&scratch)?;
            scratch.join("simulate.db").to_string_lossy().into_owned()
        }
    };
    db::migrate(&url)?;
    let db = Db::open(&url, 1)?;
    let mut conn = db.conn()?;
    let today = chrono::Utc::now().date_naive();
    let stamp = chrono::Utc::now().timestamp();
    println!(
        "# Adoption signal: {teams} teams, {weeks} weeks, seeds {seeds:?} ({})\n",
        if url.starts_with("postgres") {
            "PostgreSQL"
        } else {
            "SQLite"
        }
    );
    for &seed in seeds {
        let started = Instant::now();
        let config = Config {
            teams,
            weeks,
            seed,
            start: evaluate::start_for(today, weeks),
        };
        let world = simulate::world(config);
        let slug = format!("sim-{seed}-{stamp}");
        let replay =
            evaluate::replay(&mut conn, &world, &slug).map_err(|e| anyhow::anyhow!("{e}"))?;
        let report = Report::of(&world, &replay);
        if let Ok(trace) = std::env::var("HVERDAG_SIMULATE_TRACE") {
            for t in trace.split(',').filter_map(|t| t.parse::<usize>().ok()) {
                if let Some(team) = world.teams.get(t) {
                    println!(
                        "{} {:?} size {}",
                        team.name,
                        team.course,
                        team.members.len()
                    );
                    for (w, week) in team.weeks.iter().enumerate() {
                        println!(
                            "  {w:2} {} truth {:11} shown {:11} {:?}",
                            world.monday(w as u32),
                            week.truth.code(),
                            replay.shown[t][w].map_or("-", |s| s.code()),
                            week.meeting_summary()
                        );
                    }
                }
            }
        }
        println!("## Seed {seed}\n");
        println!("{}", report.markdown());
        println!(
            "({} team-weeks, replayed in {:.1} s)\n",
            report.team_weeks,
            started.elapsed().as_secs_f64()
        );
    }
    drop(conn);
    let _ = std::fs::remove_dir_all(&scratch);
    Ok(())
}
