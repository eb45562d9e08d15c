//! Check-ins: a person's key results with this week's check-in, saving them all at once,
//! and checking in on one key result, which its owner and whoever may change the team's
//! OKRs may do ([`okrs::may_check_in`]).

use super::{Names, names};
use crate::app::{Db, Error, Identity, Result};
use crate::domain::ids::KeyResultId;
use crate::domain::okrs::check_in_links;
use crate::domain::okrs::check_ins::{self, CheckIn, CheckInInput, Confidence, Owned};
use crate::domain::okrs::{self, KeyResult, Objective, key_results};
use crate::domain::teams::{self, Team};
use crate::domain::{access, meetings, org};

/// The person's check-in page.
pub struct Week {
    /// The key results the person owns, in objectives that are in play.
    pub items: Vec<Owned>,
    /// The person gets the weekly check-in reminder.
    pub nudges: bool,
    pub org: org::Org,
}

pub async fn week(db: &Db, me: &Identity) -> Result<Week> {
    let me = me.clone();
    db.run(move |c| {
        Ok(Week {
            items: owned(c, &me)?,
            nudges: meetings::reminders::nudges_on(c, me.person_id)?,
            org: org::find(c, me.org_id)?,
        })
    })
    .await
}

fn owned(c: &mut crate::db::DbConn, me: &Identity) -> Result<Vec<Owned>> {
    let since = check_ins::week_start_utc(&me.time_zone, me.today());
    check_ins::owned_by(c, me.org_id, me.person_id, since)
}

/// Saves several check-ins at once, all or nothing; each must be on a key result the person
/// owns (the others are not on their page). Returns how many were saved.
pub async fn record_week(db: &Db, me: &Identity, inputs: Vec<CheckInInput>) -> Result<usize> {
    let me = me.clone();
    db.write(move |c| {
        let mine: Vec<KeyResultId> = owned(c, &me)?.iter().map(|o| o.key_result.id).collect();
        if inputs.iter().any(|i| !mine.contains(&i.key_result_id)) {
            return Err(Error::Forbidden);
        }
        check_ins::record_all(c, me.org_id, me.person_id, &inputs)
    })
    .await
}

/// *No change this week*: one check-in, at its current value and last confidence (on track
/// if it has none), for every key result the person owns that has none this week yet.
/// Returns how many were recorded.
pub async fn no_change(db: &Db, me: &Identity) -> Result<usize> {
    let me = me.clone();
    db.write(move |c| {
        let inputs: Vec<CheckInInput> = owned(c, &me)?
            .into_iter()
            .filter(|o| !o.done)
            .map(|o| CheckInInput {
                key_result_id: o.key_result.id,
                value: o.key_result.current_value,
                confidence: o.last.map_or(Confidence::OnTrack, |l| l.confidence),
                note: String::new(),
            })
            .collect();
        check_ins::record_all(c, me.org_id, me.person_id, &inputs)
    })
    .await
}

/// Opens a personal check-in link (see `check_in_links`): whom it checks in as.
pub async fn open_link(
    db: &Db,
    token: String,
) -> Result<std::result::Result<check_in_links::Opened, check_in_links::LinkProblem>> {
    db.run(move |c| check_in_links::open(c, &token)).await
}

/// Revokes every check-in link of the person (the link's page offers it, for a mail that
/// went astray); returns how many were live.
pub async fn revoke_links(db: &Db, me: &Identity) -> Result<usize> {
    let person = me.person_id;
    db.write(move |c| check_in_links::revoke_all_of(c, person))
        .await
}

/// Turns the person's weekly check-in reminder on or off.
pub async fn set_nudges(db: &Db, me: &Identity, on: bool) -> Result<()> {
    let (org_id, person) = (me.org_id, me.person_id);
    db.write(move |c| meetings::reminders::set_nudges(c, org_id, person, on))
        .await
}

/// A key result as its page shows it.
pub struct KeyResultView {
    pub kr: KeyResult,
    pub objective: Objective,
    pub team: Team,
    /// Oldest first; who checked in only for those who may see the team's people.
    pub history: Vec<CheckIn>,
    pub names: Names,
    pub may_check_in: bool,
}

pub async fn key_result(db: &Db, me: &Identity, id: KeyResultId) -> Result<KeyResultView> {
    let me = me.clone();
    db.run(move |c| {
        let kr = key_results::find(c, me.org_id, id)?;
        let objective = okrs::find(c, me.org_id, kr.objective_id)?;
        let team = teams::find(c, me.org_id, objective.team_id)?;
        let history = check_ins::history(c, me.org_id, kr.id)?;
        Ok(KeyResultView {
            history: access::check_ins_for(c, &me, team.id, history)?,
            names: names(c, me.org_id)?,
            may_check_in: okrs::may_check_in(c, &me, &kr)?,
            kr,
            objective,
            team,
        })
    })
    .await
}

/// A key result's check-ins, oldest first; who checked in only for those who may see the
/// team's people.
pub async fn history(db: &Db, me: &Identity, id: KeyResultId) -> Result<Vec<CheckIn>> {
    let me = me.clone();
    db.run(move |c| {
        let kr = key_results::find(c, me.org_id, id)?;
        let team = okrs::find(c, me.org_id, kr.objective_id)?.team_id;
        let history = check_ins::history(c, me.org_id, id)?;
        access::check_ins_for(c, &me, team, history)
    })
    .await
}

/// Records a check-in by the person; returns the key result it was on and the check-in.
pub async fn record(db: &Db, me: &Identity, input: CheckInInput) -> Result<(KeyResult, CheckIn)> {
    let me = me.clone();
    db.write(move |c| {
        let kr = key_results::find(c, me.org_id, input.key_result_id)?;
        if !okrs::may_check_in(c, &me, &kr)? {
            return Err(Error::Forbidden);
        }
        let check_in = check_ins::record_on(c, &kr, me.person_id, &input, crate::domain::now())?;
        Ok((kr, check_in))
    })
    .await
}

/// `Forbidden` unless the person may check in on the key result.
pub fn ensure_may_check_in(view: &KeyResultView) -> Result<()> {
    if view.may_check_in {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}
