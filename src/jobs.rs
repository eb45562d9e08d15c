//! Background work that runs beside the server.

use std::time::Duration;

use crate::db::Db;
use crate::domain::auth;

/// Every hour, removes expired sessions, login links and old throttling records. Runs on its
/// own thread, since its queries block.
pub fn spawn_maintenance(db: Db) {
    let spawned = std::thread::Builder::new()
        .name("hverdag-maintenance".into())
        .spawn(move || {
            loop {
                std::thread::sleep(Duration::from_secs(3600));
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
}
