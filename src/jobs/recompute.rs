//! The worker for background adoption recomputes (`domain::adoption::recompute`): claims
//! runnable jobs and steps through them, one write transaction per step. A request that
//! queues a job starts it on its node at once; the scheduler's poller finishes jobs whose
//! node died.

use std::sync::atomic::{AtomicU64, Ordering};

use crate::db::Db;
use crate::domain::adoption::recompute::{self, LEASE, Progress};
use crate::domain::{Error, org};

/// A name for one run of the worker, unique across nodes and within this process: a job's
/// lease belongs to one run, so two runs on one node never step the same job.
fn worker_name() -> String {
    static RUNS: AtomicU64 = AtomicU64::new(0);
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "node".into());
    let run = RUNS.fetch_add(1, Ordering::Relaxed);
    let salt: u32 = rand::random();
    format!("{host}:{}:{run}:{salt:08x}", std::process::id())
}

/// Claims and runs runnable jobs until there are none left; returns how many it finished.
/// The queries run on the blocking pool (`Db::run`), so it may run on any async executor.
pub async fn work(db: &Db) -> usize {
    let node = worker_name();
    let mut finished = 0;
    loop {
        let who = node.clone();
        let claimed = db.write(move |c| recompute::claim(c, &who, LEASE)).await;
        let job = match claimed {
            Ok(Some(job)) => job,
            Ok(None) => return finished,
            Err(e) => {
                tracing::warn!(error = %e, "could not claim an adoption recompute");
                return finished;
            }
        };
        tracing::info!(job = %job.id, org = %job.org_id, "adoption recompute started");
        match run(db, &job).await {
            Ok(Progress::Done { total }) => {
                finished += 1;
                tracing::info!(job = %job.id, teams = total, "adoption recompute done");
            }
            Ok(_) => tracing::info!(job = %job.id, "adoption recompute stopped (superseded)"),
            Err(e) => {
                tracing::warn!(job = %job.id, error = %e, "adoption recompute failed");
                let failed = job.clone();
                let message = e.to_string();
                if let Err(e) = db
                    .write(move |c| recompute::fail(c, &failed, &message))
                    .await
                {
                    tracing::warn!(job = %job.id, error = %e, "could not mark the recompute failed");
                }
            }
        }
    }
}

/// Steps through one claimed job until it is done or no longer ours.
async fn run(db: &Db, job: &recompute::Job) -> Result<Progress, Error> {
    loop {
        let job = job.clone();
        let progress = db
            .write(move |c| {
                let o = org::find(c, job.org_id)?;
                let today = crate::domain::periods::local_date(&o.time_zone, chrono::Utc::now());
                recompute::step(c, &job, today)
            })
            .await?;
        if !matches!(progress, Progress::Advanced { .. }) {
            return Ok(progress);
        }
    }
}
