//! Starting background adoption recomputes from a request: the use case that changes the
//! stages (thresholds, OKR periods, calendar: `app::settings`, `app::calendar`) queues a job
//! in its own transaction, and the handler calls [`kick`] so this node starts on it at once
//! while the request answers (see `jobs::recompute`).

use crate::web::AppState;

/// Starts working on runnable recomputes on this node, in a task of its own: the request
/// does not wait for it. With `--no-scheduler` as well (the job is the request's doing).
pub fn kick(state: &AppState) {
    let db = state.db.clone();
    actix_web::rt::spawn(async move {
        crate::jobs::recompute::work(&db).await;
    });
}
