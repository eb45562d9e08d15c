//! Calendar invitations for a team's weekly meeting series: whoever may change the team's
//! meetings turns them on (and becomes the organiser) or off. The changes that follow —
//! a meeting moved or cancelled, a member joining or leaving, the series ending — send their
//! updates from the use cases that make them ([`queue`]).

use crate::app::{Db, Identity, Mail, Result};
use crate::db::DbConn;
use crate::domain::ids::{SeriesId, TeamId};
use crate::domain::meetings::invitations::{self, Send};
use crate::domain::{meetings, okrs};

/// Queues the mail of `sends` in the caller's transaction; how many mails.
pub(crate) fn queue(c: &mut DbConn, mail: &Mail, sends: &[Send]) -> Result<usize> {
    Ok(crate::text::mail::invitation::queue(
        c,
        &mail.tera,
        &mail.base_url,
        sends,
    )?)
}

/// The team a series belongs to (to go back to its meetings).
pub async fn team_of(db: &Db, me: &Identity, id: SeriesId) -> Result<TeamId> {
    let org_id = me.org_id;
    db.run(move |c| Ok(meetings::find_series(c, org_id, id)?.team_id))
        .await
}

/// Turns a weekly series' invitations on (`on`) or off; returns how many mails were queued
/// (the caller wakes the mail worker).
pub async fn set(db: &Db, me: &Identity, id: SeriesId, on: bool, mail: Mail) -> Result<usize> {
    let me = me.clone();
    db.write(move |c| {
        let series = meetings::find_series(c, me.org_id, id)?;
        okrs::ensure_may_edit(c, &me, series.team_id)?;
        let sends = if on {
            invitations::turn_on(c, &series, me.person_id, me.today())?
        } else {
            invitations::turn_off(c, &series)?
        };
        queue(c, &mail, &sends)
    })
    .await
}
