//! The demo organisation's rollout, "OKR-innføring 2026": preparation began about eight months
//! ago and the workshops about six months ago, so the follow-up is running today. Most of the
//! checklist is ticked at plausible past dates; some follow-up items are open and one open
//! item is overdue, so every part of the rollout page has something to show.

use chrono::{Days, Months, NaiveDate, NaiveDateTime, NaiveTime};
use diesel::prelude::*;

use crate::db::schema::checklist_items;
use crate::domain::ids::{OrgId, PersonId};
use crate::domain::rollouts::{self, ItemInput, Phase, RolloutInput};
use crate::domain::{DbConn, Error, Result};

pub const NAME: &str = "OKR-innføring 2026";

/// What happened to a seeded item: who owns it, when it was done (days after the start of
/// its phase), and a due date to replace the seeded one (days from today).
struct Plan {
    key: &'static str,
    owner: Owner,
    done_after: Option<u64>,
    due_in: Option<i64>,
}

#[derive(Clone, Copy)]
enum Owner {
    Leader,
    Ambassador,
}

const PLANS: [Plan; 10] = [
    plan("explain-why", Owner::Leader, Some(9), None),
    plan("survey", Owner::Ambassador, Some(24), None),
    plan("basics", Owner::Ambassador, Some(31), None),
    plan("ambassadors", Owner::Leader, Some(17), None),
    plan("practice", Owner::Ambassador, Some(46), None),
    plan("agenda", Owner::Leader, Some(3), None),
    // Still open, and past its (moved) due date: the overdue highlight.
    plan("adapt", Owner::Ambassador, None, Some(-12)),
    plan("weekly", Owner::Ambassador, Some(16), None),
    plan("quarterly", Owner::Leader, None, Some(24)),
    plan("platform", Owner::Ambassador, None, None),
];

const fn plan(
    key: &'static str,
    owner: Owner,
    done_after: Option<u64>,
    due_in: Option<i64>,
) -> Plan {
    Plan {
        key,
        owner,
        done_after,
        due_in,
    }
}

fn months_back(today: NaiveDate, months: u32) -> Result<NaiveDate> {
    today
        .checked_sub_months(Months::new(months))
        .ok_or_else(|| Error::Internal("demo dates out of range".into()))
}

fn days_from(day: NaiveDate, days: i64) -> NaiveDate {
    if days >= 0 {
        day + Days::new(days as u64)
    } else {
        day - Days::new(days.unsigned_abs())
    }
}

/// A time of the working day on `day` (UTC), for when an item was ticked.
fn at_work(day: NaiveDate, minutes: u64) -> NaiveDateTime {
    day.and_time(NaiveTime::MIN) + chrono::Duration::minutes(8 * 60 + 15 + minutes as i64 % 420)
}

/// Creates the demo rollout for the whole organisation with its checklist history.
pub fn load(
    conn: &mut DbConn,
    org_id: OrgId,
    leader: PersonId,
    ambassador: PersonId,
    today: NaiveDate,
) -> Result<()> {
    let prep_start = months_back(today, 8)?;
    let workshop_start = months_back(today, 6)?;
    let input = RolloutInput {
        name: NAME.into(),
        all_teams: true,
        team_ids: Vec::new(),
        prep_start,
        prep_end: workshop_start - Days::new(3),
        workshop_start,
        workshop_end: workshop_start + Days::new(4),
        followup_start: None,
        routine_months: 9,
    };
    let rollout = rollouts::create(conn, org_id, &input)?;
    for (i, item) in rollouts::items(conn, org_id, rollout.id)?
        .into_iter()
        .enumerate()
    {
        let Some(plan) = PLANS
            .iter()
            .find(|p| Some(p.key) == item.seed_key.as_deref())
        else {
            continue;
        };
        let owner = match plan.owner {
            Owner::Leader => leader,
            Owner::Ambassador => ambassador,
        };
        let phase_start = Some(item.phase)
            .map(|p| rollout.dates(p).0)
            .unwrap_or(rollout.prep_start);
        let done_at = plan
            .done_after
            .map(|days| at_work(phase_start + Days::new(days), 37 * i as u64))
            .filter(|at| at.date() < today);
        let due_on = plan
            .due_in
            .map(|days| days_from(today, days))
            .or(item.due_on);
        diesel::update(checklist_items::table.find(item.id))
            .set((
                checklist_items::owner_id.eq(Some(owner)),
                checklist_items::due_on.eq(due_on),
                checklist_items::done_at.eq(done_at),
                checklist_items::done_by.eq(done_at.map(|_| owner)),
            ))
            .execute(conn)?;
    }
    // One item of the organisation's own, planned ahead.
    rollouts::add_item(
        conn,
        org_id,
        rollout.id,
        &ItemInput {
            phase: Phase::Followup,
            title: "Evaluer første kvartal med ambassadørene".into(),
            notes: "Hva fungerte i resultatmøtene, og hva justerer vi?".into(),
            owner_id: Some(leader),
            due_on: Some(days_from(today, 38)),
        },
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rollouts::Stage;
    use crate::domain::testing::TestDb;

    #[test]
    fn the_demo_rollout_is_in_its_follow_up_with_history() {
        let t = TestDb::fresh();
        let mut c = t.conn();
        let outcome = crate::domain::demo::load(&mut c).unwrap();
        let today = chrono::Utc::now().date_naive();
        let all = rollouts::list(&mut c, outcome.org.id, today).unwrap();
        assert_eq!(all.len(), 1);
        let r = &all[0];
        assert_eq!(r.rollout.name, NAME);
        assert_eq!(r.stage, Stage::Followup);
        assert!(r.rollout.all_teams);
        assert!(r.rollout.followup_end > today);
        let items = rollouts::items(&mut c, outcome.org.id, r.rollout.id).unwrap();
        assert_eq!(items.len(), 11);
        assert!(items.iter().all(|i| i.owner_id.is_some()));
        assert!(
            items
                .iter()
                .filter_map(|i| i.done_at)
                .all(|d| d.date() < today),
            "done in the past"
        );
        let progress = rollouts::progress(&items);
        assert_eq!(progress[0], (Phase::Preparation, 5, 5));
        assert_eq!(progress[1], (Phase::Workshop, 1, 2));
        assert_eq!(progress[2], (Phase::Followup, 1, 4));
        let overdue: Vec<_> = items.iter().filter(|i| i.is_overdue(today)).collect();
        assert_eq!(overdue.len(), 1);
        assert_eq!(overdue[0].seed_key.as_deref(), Some("adapt"));

        // Loading again changes nothing.
        assert!(!crate::domain::demo::load(&mut c).unwrap().created);
        assert_eq!(
            rollouts::list(&mut c, outcome.org.id, today).unwrap().len(),
            1
        );
    }
}
