//! The organisation's follow-up settings (the length of its OKR periods, the weekday
//! check-in nudges start) and the adoption thresholds. Everyone reads the follow-up
//! settings; leaders change them. A change that moves stages or period alerts queues a
//! recompute in the background (the caller wakes the worker).

use crate::app::{Db, Identity, Result};
use crate::db::DbConn;
use crate::domain::adoption::recompute::{self, Job, Reason};
use crate::domain::adoption::{self, Thresholds};
use crate::domain::audit::{self, Action, Entity, Entry};
use crate::domain::ids::OrgId;
use crate::domain::org::{self, Org};
use crate::domain::people::Role;
use crate::domain::periods::Periods;

pub async fn organisation(db: &Db, me: &Identity) -> Result<Org> {
    let org_id = me.org_id;
    db.run(move |c| org::find(c, org_id)).await
}

/// A change to the follow-up settings: what is `None` stays; `nudge_weekday: Some(None)`
/// falls back to the deployment's default.
#[derive(Debug, Default)]
pub struct FollowUpChange {
    pub periods: Option<Periods>,
    pub nudge_weekday: Option<Option<i32>>,
}

/// Stores the follow-up settings (leaders). When the periods change, the coming period
/// meetings move to the new periods and the period alerts are recomputed: returns whether a
/// recompute was queued.
pub async fn save_follow_up(db: &Db, me: &Identity, change: FollowUpChange) -> Result<bool> {
    me.require(Role::Leader)?;
    let me = me.clone();
    db.write(move |c| {
        let org_id = me.org_id;
        let before = org::find(c, org_id)?;
        if let Some(weekday) = change.nudge_weekday {
            org::set_nudge_weekday(c, org_id, weekday)?;
        }
        let queued = change
            .periods
            .map_or(Ok(false), |p| change_periods(c, org_id, p))?;
        let after = org::find(c, org_id)?;
        let entry = Entry::about(Entity::Settings, &after.name, Action::Updated);
        audit::record_changes(c, &me, entry.changed(&before, &after))?;
        Ok(queued)
    })
    .await
}

fn change_periods(c: &mut DbConn, org_id: OrgId, periods: Periods) -> Result<bool> {
    let before = org::find(c, org_id)?;
    if before.periods() == periods {
        return Ok(false);
    }
    org::set_periods(c, org_id, periods)?;
    let today = crate::domain::periods::local_date(&before.time_zone, chrono::Utc::now());
    crate::domain::meetings::reschedule_period_meetings(c, org_id, &before.time_zone, today)?;
    Ok(recompute::request_if_built(c, org_id, Reason::Periods)?.is_some())
}

/// The thresholds in force and the latest recompute (leaders).
pub async fn thresholds(db: &Db, me: &Identity) -> Result<(Thresholds, Option<Job>)> {
    me.require(Role::Leader)?;
    let org_id = me.org_id;
    db.run(move |c| {
        Ok((
            Thresholds::of(&org::find(c, org_id)?),
            recompute::latest(c, org_id)?,
        ))
    })
    .await
}

/// Stores the thresholds (`None`: back to the defaults) and queues a recompute of every
/// team's stages if the rollup has been built (leaders). Returns the queued job.
pub async fn set_thresholds(
    db: &Db,
    me: &Identity,
    chosen: Option<Thresholds>,
) -> Result<Option<Job>> {
    me.require(Role::Leader)?;
    let me = me.clone();
    db.write(move |c| {
        let org_id = me.org_id;
        let before = Thresholds::of(&org::find(c, org_id)?);
        adoption::set_thresholds(c, org_id, chosen.as_ref())?;
        let after = Thresholds::of(&org::find(c, org_id)?);
        let entry = Entry::about(Entity::Thresholds, "", Action::Updated);
        audit::record_changes(c, &me, entry.changed(&before, &after))?;
        recompute::request_if_built(c, org_id, Reason::Thresholds)
    })
    .await
}
