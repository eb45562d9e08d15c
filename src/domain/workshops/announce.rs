//! Announcing a stored workshop event (or a change of who is present) to the other nodes:
//! on PostgreSQL a `NOTIFY` that is delivered when the storing transaction commits; SQLite
//! runs on one node and needs none. The listening side is `live::notify`.

use diesel::prelude::*;

use crate::db::DbConn;
use crate::domain;
use crate::domain::ids::WorkshopId;

pub const CHANNEL: &str = "hverdag_workshop_events";

/// Announces a stored event to the other nodes (PostgreSQL only).
pub fn notify(conn: &mut DbConn, workshop_id: WorkshopId, seq: i64) -> domain::Result<()> {
    if let DbConn::Pg(pg) = conn {
        diesel::sql_query("SELECT pg_notify($1, $2)")
            .bind::<diesel::sql_types::Text, _>(CHANNEL)
            .bind::<diesel::sql_types::Text, _>(format!("{workshop_id}:{seq}"))
            .execute(pg)?;
    }
    Ok(())
}

/// Announces that someone came or went (PostgreSQL only); `node` is the sender's hub.
pub fn notify_presence(
    conn: &mut DbConn,
    workshop_id: WorkshopId,
    node: u64,
) -> domain::Result<()> {
    if let DbConn::Pg(pg) = conn {
        diesel::sql_query("SELECT pg_notify($1, $2)")
            .bind::<diesel::sql_types::Text, _>(CHANNEL)
            .bind::<diesel::sql_types::Text, _>(format!("{workshop_id}:p:{node}"))
            .execute(pg)?;
    }
    Ok(())
}
