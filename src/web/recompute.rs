//! Starting background adoption recomputes from a request: the setting that changes the
//! stages (thresholds, OKR periods, calendar) queues a job in its own transaction and this
//! node starts on it at once, while the request answers (see `jobs::recompute`).

use crate::domain::adoption::recompute::{self, Reason};
use crate::web::AppState;
use crate::web::errors::AppError;

/// Starts working on runnable recomputes on this node, in a task of its own: the request
/// does not wait for it. With `--no-scheduler` as well (the job is the request's doing).
pub fn kick(state: &AppState) {
    let db = state.db.clone();
    actix_web::rt::spawn(async move {
        crate::jobs::recompute::work(&db).await;
    });
}

/// Queues a recompute of the organisation's adoption rollup (when it has one; otherwise the
/// scheduler builds it with the new settings) and starts it on this node. Call it after the
/// change is committed, or queue with `recompute::request_if_built` inside the change's own
/// transaction and call [`kick`] after it. Returns whether a recompute was queued: say so in
/// the flash (`flash-adoption-recompute-started`).
pub async fn start(state: &AppState, org_id: i32, reason: Reason) -> Result<bool, AppError> {
    let job = state
        .db
        .write(move |c| recompute::request_if_built(c, org_id, reason))
        .await?;
    if job.is_some() {
        kick(state);
    }
    Ok(job.is_some())
}
