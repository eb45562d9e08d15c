//! What people do with the rollup: leaders set the stage thresholds, leaders and
//! ambassadors (and members, for their own teams) may look, and alerts are acknowledged.

use diesel::prelude::*;

use super::Thresholds;
use crate::db::schema::{adoption_alerts, organisations};
use crate::domain::identity::Identity;
use crate::domain::ids::{AlertId, OrgId, PersonId, TeamId};
use crate::domain::{DbConn, Error, FieldErrors, Result, now};

/// Stores an organisation's stage thresholds (`None`: back to the defaults).
pub fn set_thresholds(conn: &mut DbConn, org_id: OrgId, t: Option<&Thresholds>) -> Result<()> {
    let json = match t {
        Some(t) => {
            t.validate()
                .map_err(|key| FieldErrors::single("thresholds", key))?;
            Some(serde_json::to_string(t).map_err(|e| Error::Internal(e.to_string()))?)
        }
        None => None,
    };
    diesel::update(organisations::table.find(org_id))
        .set(organisations::adoption_thresholds.eq(json))
        .execute(conn)?;
    Ok(())
}

/// Leaders and ambassadors see every team's adoption; members their own teams'.
pub fn ensure_may_view(conn: &mut DbConn, me: &Identity, team_id: TeamId) -> Result<()> {
    crate::domain::teams::find(conn, me.org_id, team_id)?;
    if me.is_watcher()
        || crate::domain::teams::teams_of_person(conn, me.org_id, me.person_id)?.contains(&team_id)
    {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}

/// One team's adoption (see [`ensure_may_view`]), or every team's: leaders and ambassadors.
pub fn ensure_may_view_scope(conn: &mut DbConn, me: &Identity, team: Option<TeamId>) -> Result<()> {
    match team {
        Some(id) => ensure_may_view(conn, me, id),
        None if me.is_watcher() => Ok(()),
        None => Err(Error::Forbidden),
    }
}

/// Acknowledges an alert with a note for the team's support log; returns the team.
pub fn acknowledge(
    conn: &mut DbConn,
    org_id: OrgId,
    alert_id: AlertId,
    by: PersonId,
    note: &str,
) -> Result<TeamId> {
    let note = note.trim();
    if note.chars().count() > 500 {
        return Err(FieldErrors::single("note", "field-note-length"));
    }
    let changed = diesel::update(
        adoption_alerts::table
            .filter(adoption_alerts::org_id.eq(org_id))
            .filter(adoption_alerts::id.eq(alert_id))
            // The first acknowledgement stays in the log.
            .filter(adoption_alerts::acknowledged_at.is_null()),
    )
    .set((
        adoption_alerts::acknowledged_at.eq(now()),
        adoption_alerts::acknowledged_by.eq(by),
        adoption_alerts::note.eq(note),
    ))
    .execute(conn)?;
    let team: Option<TeamId> = adoption_alerts::table
        .filter(adoption_alerts::org_id.eq(org_id))
        .filter(adoption_alerts::id.eq(alert_id))
        .select(adoption_alerts::team_id)
        .first(conn)
        .optional()?;
    match team {
        Some(team) if changed == 1 => Ok(team),
        Some(_) => Err(FieldErrors::single("note", "field-alert-acknowledged")),
        None => Err(Error::NotFound),
    }
}
