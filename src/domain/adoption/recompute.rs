//! Recomputing an organisation's whole adoption rollup in the background, after its
//! thresholds, OKR periods or calendar changed. A recompute is a durable job: [`request`]
//! queues it (superseding an unfinished one of the same organisation), a node [`claim`]s it
//! with a lease, and [`step`] rebuilds the next few teams in id order in one write
//! transaction, moving the cursor and renewing the lease. A node that dies between steps
//! loses nothing: once its lease runs out another node claims the job and goes on after the
//! cursor, as the mail outbox does with its messages.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::{REBUILD_STEP, facts, has_rollup, rebuild_teams};
// Job bookkeeping of one organisation is serialised with its rollup work by the same lock,
// always taken first (organisation, then jobs).
use super::lock;
use crate::db::schema::adoption_jobs;
use crate::domain::ids::{JobId, OrgId, TeamId};
use crate::domain::{DbConn, Result, now, org};

/// How long a claim lasts without a step renewing it; a step takes well under a second on a
/// large organisation, so a lapsed lease means the node is gone.
pub const LEASE: Duration = Duration::seconds(60);

crate::domain::codes::text_enum! {
    /// Where a job stands.
    #[derive(Serialize, utoipa::ToSchema)]
    #[serde(rename_all = "snake_case")]
    #[schema(as = RecomputeJobStatus)]
    pub enum Status {
        Queued = "queued",
        Running = "running",
        Done = "done",
        Failed = "failed",
        /// Its input changed before it finished: a newer job of the organisation replaces it.
        Superseded = "superseded",
    }
}

impl Status {
    /// Queued or running: the rollup is still being recomputed.
    pub fn is_active(self) -> bool {
        matches!(self, Status::Queued | Status::Running)
    }
}

crate::domain::codes::text_enum! {
    /// Why a recompute was asked for.
    #[derive(Serialize, utoipa::ToSchema)]
    #[serde(rename_all = "snake_case")]
    #[schema(as = RecomputeJobReason)]
    pub enum Reason {
        Thresholds = "thresholds",
        Periods = "periods",
        Calendar = "calendar",
    }
}

/// A recompute of one organisation's rollup.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = adoption_jobs)]
pub struct Job {
    pub id: JobId,
    #[serde(skip)]
    pub org_id: OrgId,
    pub reason: Reason,
    pub status: Status,
    /// The organisation's teams (it may change while the job runs).
    pub teams_total: i32,
    pub teams_done: i32,
    /// The last team recomputed; teams go in id order.
    #[serde(skip)]
    pub cursor_team_id: Option<TeamId>,
    /// The node working on it, while it runs.
    #[serde(skip)]
    pub locked_by: Option<String>,
    #[serde(skip)]
    pub lease_until: Option<NaiveDateTime>,
    /// Why it failed.
    pub error: Option<String>,
    pub created_at: NaiveDateTime,
    pub started_at: Option<NaiveDateTime>,
    pub finished_at: Option<NaiveDateTime>,
}

impl Job {
    pub fn is_active(&self) -> bool {
        self.status.is_active()
    }
}

/// What a step did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Some teams recomputed; more to do.
    Advanced { done: i32, total: i32 },
    /// The last teams recomputed: the job is done.
    Done { total: i32 },
    /// The job is no longer this node's: superseded by a newer one, or its lease ran out and
    /// another node took it over. Nothing was written.
    Stopped,
}

fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

fn find(conn: &mut DbConn, id: JobId) -> Result<Job> {
    Ok(adoption_jobs::table
        .find(id)
        .select(Job::as_select())
        .first(conn)?)
}

/// Queues a recompute of the organisation's whole rollup. A queued or running job of the
/// organisation is superseded (its input changed): only the new one runs, from the first
/// team. Run it in the write transaction that changed the input.
pub fn request(conn: &mut DbConn, org_id: OrgId, reason: Reason) -> Result<Job> {
    lock(conn, org_id)?;
    let at = now();
    diesel::update(
        adoption_jobs::table
            .filter(adoption_jobs::org_id.eq(org_id))
            .filter(adoption_jobs::status.eq_any([Status::Queued, Status::Running])),
    )
    .set((
        adoption_jobs::status.eq(Status::Superseded),
        adoption_jobs::locked_by.eq(None::<String>),
        adoption_jobs::lease_until.eq(None::<NaiveDateTime>),
        adoption_jobs::finished_at.eq(Some(at)),
    ))
    .execute(conn)?;
    let total = count(facts::team_ids(conn, org_id)?.len());
    let id: JobId = diesel::insert_into(adoption_jobs::table)
        .values((
            adoption_jobs::org_id.eq(org_id),
            adoption_jobs::reason.eq(reason),
            adoption_jobs::status.eq(Status::Queued),
            adoption_jobs::teams_total.eq(total),
            adoption_jobs::teams_done.eq(0),
            adoption_jobs::created_at.eq(at),
        ))
        .returning(adoption_jobs::id)
        .get_result(conn)?;
    find(conn, id)
}

/// [`request`], when the organisation has a rollup to recompute (without one, the scheduler
/// builds it, with the new input, on its next round).
pub fn request_if_built(conn: &mut DbConn, org_id: OrgId, reason: Reason) -> Result<Option<Job>> {
    if !has_rollup(conn, org_id)? {
        return Ok(None);
    }
    request(conn, org_id, reason).map(Some)
}

/// Takes the oldest runnable job for `node` until `lease` from now (see [`claim_at`]).
pub fn claim(conn: &mut DbConn, node: &str, lease: Duration) -> Result<Option<Job>> {
    claim_at(conn, node, lease, now())
}

/// Takes the oldest job that is queued, or running under a lease that ran out before `at`,
/// for `node` until `at + lease`; `None` when there is none. The claim is a conditional
/// update, as the mail outbox's: of two nodes trying the same job, PostgreSQL re-checks the
/// condition for the second once the first committed, and SQLite runs write transactions one
/// at a time, so exactly one gets it. Run it in a write transaction.
pub fn claim_at(
    conn: &mut DbConn,
    node: &str,
    lease: Duration,
    at: NaiveDateTime,
) -> Result<Option<Job>> {
    // Queued jobs, and running ones whose node let the lease lapse.
    let due = |at: NaiveDateTime| {
        adoption_jobs::status
            .eq(Status::Queued)
            .or(adoption_jobs::status
                .eq(Status::Running)
                .and(adoption_jobs::lease_until.lt(at)))
    };
    let candidates: Vec<JobId> = adoption_jobs::table
        .filter(due(at))
        .order(adoption_jobs::id.asc())
        .limit(10)
        .select(adoption_jobs::id)
        .load(conn)?;
    for id in candidates {
        let claimed = diesel::update(
            adoption_jobs::table
                .filter(adoption_jobs::id.eq(id))
                .filter(due(at)),
        )
        .set((
            adoption_jobs::status.eq(Status::Running),
            adoption_jobs::locked_by.eq(Some(node)),
            adoption_jobs::lease_until.eq(Some(at + lease)),
        ))
        .execute(conn)?;
        if claimed == 0 {
            continue;
        }
        diesel::update(
            adoption_jobs::table
                .filter(adoption_jobs::id.eq(id))
                .filter(adoption_jobs::started_at.is_null()),
        )
        .set(adoption_jobs::started_at.eq(Some(at)))
        .execute(conn)?;
        return find(conn, id).map(Some);
    }
    Ok(None)
}

/// Recomputes the next [`REBUILD_STEP`] teams after the job's cursor as of `today` (the
/// organisation's date), moves the cursor and renews the lease; marks the job done after the
/// last team. Run it in one write transaction: if it fails, nothing of the step stays.
pub fn step(conn: &mut DbConn, job: &Job, today: NaiveDate) -> Result<Progress> {
    step_by(conn, job, today, REBUILD_STEP, now(), LEASE)
}

/// [`step`] with a step size, at `at`, renewing the lease by `lease`.
pub fn step_by(
    conn: &mut DbConn,
    job: &Job,
    today: NaiveDate,
    size: usize,
    at: NaiveDateTime,
    lease: Duration,
) -> Result<Progress> {
    lock(conn, job.org_id)?;
    // Renew the lease first: it fails when the job is no longer ours, and on PostgreSQL it
    // holds the job's row until commit, so no other node claims or supersedes it meanwhile.
    let Some(node) = job.locked_by.as_deref() else {
        return Ok(Progress::Stopped);
    };
    let ours = diesel::update(
        adoption_jobs::table
            .filter(adoption_jobs::id.eq(job.id))
            .filter(adoption_jobs::status.eq(Status::Running))
            .filter(adoption_jobs::locked_by.eq(node)),
    )
    .set(adoption_jobs::lease_until.eq(Some(at + lease)))
    .execute(conn)?;
    if ours == 0 {
        return Ok(Progress::Stopped);
    }
    // Read the cursor again: the job value may be older than the last step.
    let current = find(conn, job.id)?;
    let remaining: Vec<TeamId> = facts::team_ids(conn, job.org_id)?
        .into_iter()
        .filter(|id| current.cursor_team_id.is_none_or(|last| *id > last))
        .collect();
    let batch = &remaining[..size.max(1).min(remaining.len())];
    if !batch.is_empty() {
        let org = org::find(conn, job.org_id)?;
        rebuild_teams(conn, &org, batch, today)?;
    }
    let done = current.teams_done.saturating_add(count(batch.len()));
    let total = done.saturating_add(count(remaining.len() - batch.len()));
    let cursor = batch.last().copied().or(current.cursor_team_id);
    let finished = batch.len() == remaining.len();
    let status = if finished {
        Status::Done
    } else {
        Status::Running
    };
    diesel::update(adoption_jobs::table.find(job.id))
        .set((
            adoption_jobs::status.eq(status),
            adoption_jobs::teams_done.eq(done),
            adoption_jobs::teams_total.eq(total),
            adoption_jobs::cursor_team_id.eq(cursor),
        ))
        .execute(conn)?;
    if !finished {
        return Ok(Progress::Advanced { done, total });
    }
    diesel::update(adoption_jobs::table.find(job.id))
        .set((
            adoption_jobs::locked_by.eq(None::<String>),
            adoption_jobs::lease_until.eq(None::<NaiveDateTime>),
            adoption_jobs::finished_at.eq(Some(at)),
        ))
        .execute(conn)?;
    Ok(Progress::Done { total })
}

/// Marks a job failed with `error` (a step's error; its transaction was rolled back), if
/// `node` still holds it.
pub fn fail(conn: &mut DbConn, job: &Job, error: &str) -> Result<()> {
    let Some(node) = job.locked_by.as_deref() else {
        return Ok(());
    };
    let error: String = error.chars().take(500).collect();
    diesel::update(
        adoption_jobs::table
            .filter(adoption_jobs::id.eq(job.id))
            .filter(adoption_jobs::status.eq(Status::Running))
            .filter(adoption_jobs::locked_by.eq(node)),
    )
    .set((
        adoption_jobs::status.eq(Status::Failed),
        adoption_jobs::locked_by.eq(None::<String>),
        adoption_jobs::lease_until.eq(None::<NaiveDateTime>),
        adoption_jobs::finished_at.eq(Some(now())),
        adoption_jobs::error.eq(Some(error)),
    ))
    .execute(conn)?;
    Ok(())
}

/// The organisation's newest recompute, for the pages and the API.
pub fn latest(conn: &mut DbConn, org_id: OrgId) -> Result<Option<Job>> {
    Ok(adoption_jobs::table
        .filter(adoption_jobs::org_id.eq(org_id))
        .order(adoption_jobs::id.desc())
        .select(Job::as_select())
        .first(conn)
        .optional()?)
}

#[cfg(test)]
mod tests;
