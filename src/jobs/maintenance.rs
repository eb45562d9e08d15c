//! Periodic clean-up of expired sessions, login links and throttling records.

use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use crate::db::Db;
use crate::domain::auth;

/// The maintenance thread; it stops when this handle is dropped.
pub struct Maintenance {
    _stop: mpsc::Sender<()>,
}

/// Every `every`, removes expired sessions, login links and old throttling records. Runs on
/// its own thread (its queries block) until the returned handle is dropped.
pub fn spawn_maintenance(db: Db, every: Duration) -> Maintenance {
    let (stop, stopped) = mpsc::channel::<()>();
    let spawned = std::thread::Builder::new()
        .name("hverdag-maintenance".into())
        .spawn(move || {
            while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(every) {
                let result = db
                    .conn()
                    .map_err(crate::domain::Error::from)
                    .and_then(|mut conn| auth::prune(&mut conn));
                if let Err(e) = result {
                    tracing::warn!(error = %e, "maintenance failed");
                }
            }
        });
    if let Err(e) = spawned {
        tracing::warn!(error = %e, "could not start the maintenance thread");
    }
    Maintenance { _stop: stop }
}
