//! What a channel's weekly nudge says: for each team it covers, how many of the key results
//! of its current objectives have no check-in yet this week.

use chrono::NaiveDateTime;
use serde::Serialize;

use super::Channel;
use crate::domain::ids::{KeyResultId, OrgId, TeamId};
use crate::domain::{DbConn, Result};

/// A team with key results still to check in this week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Open {
    pub team_id: TeamId,
    pub team: String,
    /// Key results without a check-in since the week began.
    pub open: usize,
    /// Key results of the team's current objectives.
    pub total: usize,
}

/// The teams under `channel` (its team and every team below it; every team for the
/// organisation's) with key results not checked in since `since`, by name.
pub fn open_for(
    conn: &mut DbConn,
    org_id: OrgId,
    channel: &Channel,
    since: NaiveDateTime,
) -> Result<Vec<Open>> {
    let under = super::teams_under(conn, org_id, channel)?;
    let krs: Vec<(TeamId, KeyResultId)> =
        crate::domain::meetings::reminders::in_play(conn, org_id)?
            .into_iter()
            .map(|kr| (kr.team, kr.id))
            .collect();
    let checked = crate::domain::meetings::reminders::checked_since(conn, org_id, since)?;
    Ok(under
        .iter()
        .filter_map(|(id, name)| {
            let own: Vec<KeyResultId> = krs.iter().filter(|k| k.0 == *id).map(|k| k.1).collect();
            let open = own.iter().filter(|kr| !checked.contains(kr)).count();
            (open > 0).then(|| Open {
                team_id: *id,
                team: name.clone(),
                open,
                total: own.len(),
            })
        })
        .collect())
}
