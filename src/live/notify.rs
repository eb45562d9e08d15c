//! Cross-node fan-out on PostgreSQL: appending an event also sends `NOTIFY` with the
//! workshop id and `seq` (delivered when the transaction commits); every node listens on a
//! dedicated connection and brings the shared board of each room it has live up to date from
//! the log, which sends the events it had not folded in yet to the room. The listener polls `notifications_iter` (diesel only returns what libpq has already
//! received) every few milliseconds, on its own thread. SQLite runs on one node and needs
//! none of this. On both, [`spawn_healer`] checks each live room against the log once per
//! heartbeat, so an event whose notice was lost still arrives.

use std::sync::Arc;
use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::prelude::*;

use super::hub::Hub;
use crate::db::Db;
use crate::domain::ids::WorkshopId;
pub use crate::domain::workshops::announce::{CHANNEL, notify, notify_presence};
use crate::domain::{self, workshops};
use crate::live::room::Fold;

const POLL: Duration = Duration::from_millis(5);

#[derive(Debug, PartialEq, Eq)]
enum Notice {
    /// `workshop:seq` — an event was stored.
    Event(WorkshopId, i64),
    /// `workshop:p:node` — presence changed on that node.
    Presence(WorkshopId, u64),
}

fn parse(payload: &str) -> Option<Notice> {
    let (workshop, rest) = payload.split_once(':')?;
    let workshop = workshop.parse().ok()?;
    match rest.split_once(':') {
        Some(("p", node)) => Some(Notice::Presence(workshop, node.parse().ok()?)),
        Some(_) => None,
        None => Some(Notice::Event(workshop, rest.parse().ok()?)),
    }
}

/// Starts the listener thread for a PostgreSQL deployment. When its connection drops (a
/// database restart, a failover) it connects again, with growing pauses, and first brings
/// every live room up to date with what it missed meanwhile.
pub fn spawn_listener(url: String, db: Db, hub: Arc<Hub>) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name("hverdag-listen".into())
        .spawn(move || {
            let mut pause = Duration::from_millis(500);
            loop {
                match PgConnection::establish(&url).and_then(|mut conn| {
                    conn.batch_execute(&format!("LISTEN {CHANNEL}"))
                        .map_err(|e| diesel::ConnectionError::BadConnection(e.to_string()))?;
                    Ok(conn)
                }) {
                    Ok(mut conn) => {
                        pause = Duration::from_millis(500);
                        let rooms = hub.room_ids().into_iter().map(|w| (w, i64::MAX));
                        forward(&db, &hub, rooms.collect());
                        listen(&mut conn, &db, &hub);
                    }
                    Err(e) => tracing::error!(error = %e, "cannot listen for workshop events"),
                }
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_secs(30));
            }
        })?;
    Ok(())
}

/// Brings each woken room that is live on this node up to `seq` (its own events are usually
/// folded in already) and further, from the log.
fn forward(db: &Db, hub: &Hub, mut woken: Vec<(WorkshopId, i64)>) {
    // The highest seq per room first, so one read serves all of a room's notices.
    woken.sort_unstable_by(|a, b| b.cmp(a));
    woken.dedup_by_key(|(w, _)| *w);
    for (workshop_id, seq) in woken {
        let Some(live) = hub.room(workshop_id) else {
            continue;
        };
        // The lock before the connection, as writers take them: nobody holds a connection
        // while waiting for a room.
        let mut relay = live.relay();
        if relay.room().seq() >= seq {
            continue;
        }
        let caught_up = db
            .conn()
            .map_err(domain::Error::from)
            .and_then(|mut c| workshops::catch_up(&mut c, workshop_id, &mut relay));
        if let Err(e) = caught_up {
            tracing::warn!(error = %e, "could not read workshop events");
        }
    }
}

/// Forwards notifications until the connection fails.
fn listen(conn: &mut PgConnection, db: &Db, hub: &Hub) {
    let mut idle_polls = 0u32;
    loop {
        let mut woken: Vec<(WorkshopId, i64)> = Vec::new();
        let mut presence: Vec<WorkshopId> = Vec::new();
        for notification in conn.notifications_iter() {
            match notification {
                Ok(n) => match parse(&n.payload) {
                    Some(Notice::Event(w, seq)) => woken.push((w, seq)),
                    Some(Notice::Presence(w, node)) if node != hub.node => presence.push(w),
                    _ => {}
                },
                Err(e) => {
                    tracing::warn!(error = %e, "the event listener lost its connection");
                    return;
                }
            }
        }
        presence.sort_unstable();
        presence.dedup();
        for workshop_id in presence {
            let present = db
                .conn()
                .map_err(domain::Error::from)
                .and_then(|mut c| workshops::presence(&mut c, workshop_id));
            match present {
                Ok(present) => hub.publish_presence(workshop_id, present),
                Err(e) => tracing::warn!(error = %e, "could not read presence"),
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
        forward(db, hub, woken);
    }
}

/// Brings every live room on this node up to the log once per `every`: an event whose notice
/// never arrived (a listener reconnecting, a notice lost) still reaches the room's
/// connections, at most `every` late. One indexed read per room. Ends with the hub.
pub fn spawn_healer(db: Db, hub: std::sync::Weak<Hub>, every: Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            let Some(rooms) = hub.upgrade().map(|hub| {
                hub.room_ids()
                    .into_iter()
                    .filter_map(|id| Some((id, hub.room(id)?)))
                    .collect::<Vec<_>>()
            }) else {
                break;
            };
            for (workshop_id, live) in rooms {
                let seq = live.seq().await;
                let last = db.run(move |c| workshops::last_seq(c, workshop_id)).await;
                if !matches!(last, Ok(last) if last > seq) {
                    continue;
                }
                let mut relay = live.take().await;
                let healed = db
                    .run(move |c| workshops::catch_up(c, workshop_id, &mut relay))
                    .await;
                if let Err(e) = healed {
                    tracing::warn!(error = %e, "could not bring a room up to the log");
                }
            }
        }
    });
}

#[cfg(test)]
mod tests {
    #[test]
    fn payloads_name_the_workshop_and_seq() {
        use super::{Notice, WorkshopId, parse};
        assert_eq!(parse("12:345"), Some(Notice::Event(WorkshopId(12), 345)));
        assert_eq!(parse("12:p:99"), Some(Notice::Presence(WorkshopId(12), 99)));
        assert_eq!(parse("12"), None);
        assert_eq!(parse("x:1"), None);
        assert_eq!(parse("12:q:1"), None);
    }
}
