//! The organisation's calendar (leaders): the country whose public holidays count, and the
//! closures (summer, Christmas, a company day). Each change, with the meetings it cancels
//! when asked, and a recompute of the adoption rollup queued, is one transaction; the
//! caller wakes the recompute worker when one was queued.

use chrono::{Days, NaiveDate};

use crate::app::{Db, Identity, Result};
use crate::db::DbConn;
use crate::domain::adoption::recompute::{self, Reason};
use crate::domain::adoption::{HISTORY_WEEKS, pause};
use crate::domain::audit::{self, Action, Entity, Entry};
use crate::domain::calendar::{self, Calendar, Closure, Country};
use crate::domain::ids::{ClosureId, OrgId};
use crate::domain::org;
use crate::domain::people::Role;

/// The calendar and the organisation's today (leaders).
pub async fn calendar(db: &Db, me: &Identity) -> Result<(Calendar, NaiveDate)> {
    me.require(Role::Leader)?;
    let org_id = me.org_id;
    db.run(move |c| Ok((Calendar::load(c, org_id)?, org::today(c, org_id)?)))
        .await
}

/// The weeks of the last two years (as far back as the adoption rollup goes) that the rollup
/// treated as organisation-wide pauses and the calendar does not close, newest first: weeks a
/// leader may want to add as a closure (leaders).
pub async fn pause_weeks(db: &Db, me: &Identity) -> Result<Vec<NaiveDate>> {
    me.require(Role::Leader)?;
    let org_id = me.org_id;
    db.run(move |c| {
        let today = org::today(c, org_id)?;
        let cal = Calendar::load(c, org_id)?;
        let from = today - Days::new(7 * HISTORY_WEEKS);
        let mut weeks: Vec<NaiveDate> = pause::stored(c, org_id, (from, today))?
            .into_iter()
            .filter(|monday| cal.closed_week(*monday).is_none())
            .collect();
        weeks.sort_unstable();
        weeks.reverse();
        Ok(weeks)
    })
    .await
}

/// A closure, to edit (leaders).
pub async fn closure(db: &Db, me: &Identity, id: ClosureId) -> Result<Closure> {
    me.require(Role::Leader)?;
    let org_id = me.org_id;
    db.run(move |c| calendar::find(c, org_id, id)).await
}

/// What a change did.
pub struct Changed {
    /// Meetings cancelled on the closed days (when asked to).
    pub cancelled: Option<i64>,
    /// A recompute of the rollup was queued.
    pub recompute: bool,
}

fn after_change(c: &mut DbConn, org_id: OrgId, cancel: Option<&Closure>) -> Result<Changed> {
    let cancelled = match cancel {
        Some(closure) => Some(crate::domain::meetings::closures::cancel_in(
            c, org_id, closure,
        )?),
        None => None,
    };
    let job = recompute::request_if_built(c, org_id, Reason::Calendar)?;
    Ok(Changed {
        cancelled,
        recompute: job.is_some(),
    })
}

/// Sets the country whose public holidays count, or none (leaders).
pub async fn set_country(db: &Db, me: &Identity, country: Option<Country>) -> Result<Changed> {
    me.require(Role::Leader)?;
    let me = me.clone();
    db.write(move |c| {
        let org_id = me.org_id;
        let before = org::find(c, org_id)?.country;
        calendar::set_country(c, org_id, country)?;
        let entry = Entry::about(Entity::Calendar, "", Action::Updated).field(
            "country",
            before,
            country.map(|c| c.code().to_owned()),
        );
        audit::record_changes(c, &me, entry)?;
        after_change(c, org_id, None)
    })
    .await
}

/// Adds a closure (`id: None`) or changes one; with `cancel_meetings`, the team meetings on
/// its days are cancelled too (leaders).
pub async fn save_closure(
    db: &Db,
    me: &Identity,
    id: Option<ClosureId>,
    closure: Closure,
    cancel_meetings: bool,
) -> Result<Changed> {
    me.require(Role::Leader)?;
    let me = me.clone();
    db.write(move |c| {
        let org_id = me.org_id;
        let (saved, before) = match id {
            Some(id) => {
                // Another organisation's closure is not there, whatever the form says.
                let before = calendar::find(c, org_id, id)?;
                (calendar::update(c, org_id, id, &closure)?, Some(before))
            }
            None => (calendar::add(c, org_id, &closure)?, None),
        };
        let action = if before.is_some() {
            Action::Updated
        } else {
            Action::Created
        };
        let id = saved.id.map_or(0, |i| i.0);
        let entry = Entry::new(Entity::Closure, id, &saved.name, action)
            .field(
                "name",
                before.as_ref().map(|b| b.name.clone()),
                Some(saved.name.clone()),
            )
            .field(
                "span",
                before.as_ref().map(|b| format!("{:?}", b.span)),
                Some(format!("{:?}", saved.span)),
            );
        audit::record(c, &me, entry)?;
        after_change(c, org_id, cancel_meetings.then_some(&saved))
    })
    .await
}

/// Removes a closure (leaders).
pub async fn remove_closure(db: &Db, me: &Identity, id: ClosureId) -> Result<Changed> {
    me.require(Role::Leader)?;
    let me = me.clone();
    db.write(move |c| {
        let org_id = me.org_id;
        let gone = calendar::find(c, org_id, id)?;
        calendar::remove(c, org_id, id)?;
        let entry = Entry::new(Entity::Closure, id.0, &gone.name, Action::Deleted).field(
            "span",
            Some(format!("{:?}", gone.span)),
            None,
        );
        audit::record(c, &me, entry)?;
        after_change(c, org_id, None)
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Error;
    use crate::app::meetings;
    use crate::app::testing::world;
    use crate::domain::calendar::Span;
    use crate::domain::meetings::{SeriesInput, SeriesKind};

    #[actix_web::test]
    async fn a_closure_with_its_cancelled_meetings_is_one_change_by_a_leader() {
        let w = world();
        let db = &w.t.db;
        let today = w.leader.today();
        let weekly = SeriesInput {
            team_id: w.team,
            kind: SeriesKind::WeeklyResults,
            weekday: 1,
            start_time: "09:00".into(),
            duration_minutes: 15,
            starts_on: today,
            ends_on: None,
        };
        meetings::create_series(db, &w.member, weekly)
            .await
            .unwrap();
        let closed = || Closure {
            id: None,
            name: "Company days".into(),
            span: Span::Dates {
                first: today,
                last: today + chrono::Days::new(20),
            },
        };
        assert!(matches!(
            save_closure(db, &w.member, None, closed(), true).await,
            Err(Error::Forbidden)
        ));
        let done = save_closure(db, &w.leader, None, closed(), true)
            .await
            .unwrap();
        assert!(
            done.cancelled.is_some_and(|n| n >= 2),
            "three Mondays in 21 days"
        );
        let listed = meetings::of_team(db, &w.member, w.team, Some(today), None)
            .await
            .unwrap();
        // Meetings after today, that is: today's may already be under way.
        let in_closure = |m: &meetings::Listed| {
            m.meeting.local_date > today && m.meeting.local_date <= today + chrono::Days::new(20)
        };
        assert!(
            listed
                .meetings
                .iter()
                .filter(|m| in_closure(m))
                .all(|m| m.state == "cancelled")
        );
        let (cal, _) = calendar(db, &w.leader).await.unwrap();
        let id = cal.closures().iter().find_map(|c| c.id).unwrap();
        assert!(matches!(
            remove_closure(db, &w.stranger, id).await,
            Err(Error::NotFound)
        ));
        remove_closure(db, &w.leader, id).await.unwrap();
    }
}
