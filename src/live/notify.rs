//! Cross-node fan-out on PostgreSQL: appending an event also sends `NOTIFY` with the
//! workshop id and `seq` (delivered when the transaction commits); every node listens on a
//! dedicated connection, reads the events it has not published yet and hands them to its
//! hub. The listener polls `notifications_iter` (diesel only returns what libpq has already
//! received) every few milliseconds, on its own thread. SQLite runs on one node and needs
//! none of this.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::prelude::*;

use super::hub::Hub;
use crate::db::{Db, DbConn};
use crate::domain::{self, workshops};

pub const CHANNEL: &str = "hverdag_workshop_events";
const POLL: Duration = Duration::from_millis(5);

/// Announces a stored event to the other nodes (PostgreSQL only).
pub fn notify(conn: &mut DbConn, workshop_id: i32, seq: i64) -> domain::Result<()> {
    if let DbConn::Pg(pg) = conn {
        diesel::sql_query("SELECT pg_notify($1, $2)")
            .bind::<diesel::sql_types::Text, _>(CHANNEL)
            .bind::<diesel::sql_types::Text, _>(format!("{workshop_id}:{seq}"))
            .execute(pg)?;
    }
    Ok(())
}

fn parse(payload: &str) -> Option<(i32, i64)> {
    let (workshop, seq) = payload.split_once(':')?;
    Some((workshop.parse().ok()?, seq.parse().ok()?))
}

/// Starts the listener thread for a PostgreSQL deployment. It ends when its connection does.
pub fn spawn_listener(url: String, db: Db, hub: Arc<Hub>) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name("hverdag-listen".into())
        .spawn(move || {
            let mut conn = match PgConnection::establish(&url) {
                Ok(conn) => conn,
                Err(e) => {
                    tracing::error!(error = %e, "cannot listen for workshop events");
                    return;
                }
            };
            if let Err(e) = conn.batch_execute(&format!("LISTEN {CHANNEL}")) {
                tracing::error!(error = %e, "cannot listen for workshop events");
                return;
            }
            let mut published: HashMap<i32, i64> = HashMap::new();
            let mut idle_polls = 0u32;
            loop {
                let mut woken: Vec<(i32, i64)> = Vec::new();
                for notification in conn.notifications_iter() {
                    match notification {
                        Ok(n) => woken.extend(parse(&n.payload)),
                        Err(e) => {
                            tracing::warn!(error = %e, "the event listener lost its connection");
                            return;
                        }
                    }
                }
                if woken.is_empty() {
                    // About once a second, make sure the connection is still there (a dropped
                    // one would otherwise stay silent).
                    idle_polls += 1;
                    if idle_polls.is_multiple_of(200) && conn.batch_execute("SELECT 1").is_err() {
                        return;
                    }
                    std::thread::sleep(POLL);
                    continue;
                }
                for (workshop_id, seq) in woken {
                    let after = published.get(&workshop_id).copied().unwrap_or(seq - 1);
                    if seq <= after {
                        continue;
                    }
                    let events = db
                        .conn()
                        .map_err(domain::Error::from)
                        .and_then(|mut c| workshops::events_since(&mut c, workshop_id, after));
                    match events {
                        Ok(events) => {
                            for (seq, event) in events {
                                published.insert(workshop_id, seq);
                                hub.publish(workshop_id, seq, event);
                            }
                        }
                        Err(e) => tracing::warn!(error = %e, "could not read workshop events"),
                    }
                }
            }
        })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn payloads_name_the_workshop_and_seq() {
        assert_eq!(super::parse("12:345"), Some((12, 345)));
        assert_eq!(super::parse("12"), None);
        assert_eq!(super::parse("x:1"), None);
    }
}
