//! What the rollup covers: an organisation's teams, the teams under a department, and the
//! first day anything happened.

use std::collections::HashSet;

use chrono::{NaiveDate, NaiveDateTime};
use chrono_tz::Tz;
use diesel::prelude::*;

use super::local;
use crate::db::schema::{check_ins, meetings, teams};
use crate::domain::ids::{OrgId, TeamId};
use crate::domain::teams::TeamKind;
use crate::domain::{DbConn, Result};

/// The teams (not departments) of an organisation, by id.
pub fn team_ids(conn: &mut DbConn, org_id: OrgId) -> Result<Vec<TeamId>> {
    Ok(teams::table
        .filter(teams::org_id.eq(org_id))
        .filter(teams::kind.eq(TeamKind::Team))
        .order(teams::id.asc())
        .select(teams::id)
        .load(conn)?)
}

/// The teams in and under `ids` (teams themselves, or departments at any depth).
pub fn teams_under(conn: &mut DbConn, org_id: OrgId, ids: &[TeamId]) -> Result<Vec<TeamId>> {
    let all: Vec<(TeamId, Option<TeamId>, TeamKind)> = teams::table
        .filter(teams::org_id.eq(org_id))
        .select((teams::id, teams::parent_id, teams::kind))
        .load(conn)?;
    let mut inside: HashSet<TeamId> = ids.iter().copied().collect();
    loop {
        let before = inside.len();
        for (id, parent, _) in &all {
            if parent.is_some_and(|p| inside.contains(&p)) {
                inside.insert(*id);
            }
        }
        if inside.len() == before {
            break;
        }
    }
    Ok(all
        .into_iter()
        .filter(|(id, _, kind)| *kind == TeamKind::Team && inside.contains(id))
        .map(|(id, _, _)| id)
        .collect())
}

/// The first day anything happened in the organisation's follow-up (a meeting or a
/// check-in), if anything did.
pub fn first_activity(conn: &mut DbConn, org_id: OrgId, tz: Tz) -> Result<Option<NaiveDate>> {
    let meeting: Option<NaiveDate> = meetings::table
        .filter(meetings::org_id.eq(org_id))
        .select(diesel::dsl::min(meetings::local_date))
        .first(conn)?;
    let check_in: Option<NaiveDateTime> = check_ins::table
        .filter(check_ins::org_id.eq(org_id))
        .select(diesel::dsl::min(check_ins::created_at))
        .first(conn)?;
    let check_in = check_in.map(|at| local(tz, at).date());
    Ok(meeting.into_iter().chain(check_in).min())
}
