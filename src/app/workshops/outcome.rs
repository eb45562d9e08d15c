//! What a workshop leaves behind: reviewing its ranked objectives and saving the chosen ones
//! for a team (the workshop's own facilitator, or a leader), and its summary and export.
//! While a workshop runs its results are for those who steer it, since the tallies may still
//! be hidden from the room; once it has ended, anyone who runs workshops reads them.

use super::{steerable_in, steers, visible_in};
use crate::app::{Db, Error, Identity, Result};
use crate::db::DbConn;
use crate::domain::adoption;
use crate::domain::audit::{self, Action, Entity, Entry};
use crate::domain::ids::{TeamId, WorkshopId};
use crate::domain::okrs::{self, Okr};
use crate::domain::teams;
use crate::domain::workshops::outcome::{self, Choice, Summary};
use crate::domain::workshops::{self, Status, Workshop};

/// The workshop, if the person may read its results.
fn readable_in(c: &mut DbConn, me: &Identity, id: WorkshopId) -> Result<Workshop> {
    let w = visible_in(c, me, id)?;
    if w.status != Status::Ended && !steers(me, &w) {
        return Err(Error::Forbidden);
    }
    Ok(w)
}

/// The printable summary: the ranked objectives with their key results, the attendance,
/// and the objectives saved from it.
#[derive(Debug)]
pub struct Results {
    pub workshop: Workshop,
    pub summary: Summary,
    pub saved: Vec<Okr>,
}

pub async fn results(db: &Db, me: &Identity, id: WorkshopId) -> Result<Results> {
    let me = me.clone();
    db.run(move |c| {
        let workshop = readable_in(c, &me, id)?;
        Ok(Results {
            summary: outcome::summary(c, &workshop)?,
            saved: okrs::from_workshop(c, me.org_id, id)?,
            workshop,
        })
    })
    .await
}

/// Every card with its votes and key results, for the CSV and JSON export.
pub async fn export(db: &Db, me: &Identity, id: WorkshopId) -> Result<(Workshop, Summary)> {
    let me = me.clone();
    db.run(move |c| {
        let workshop = readable_in(c, &me, id)?;
        let summary = outcome::summary(c, &workshop)?;
        Ok((workshop, summary))
    })
    .await
}

/// The outcome to review before saving objectives from it.
#[derive(Debug)]
pub struct Review {
    pub workshop: Workshop,
    pub summary: Summary,
    /// The teams objectives may be saved for: the workshop's, or any when it names none.
    pub teams: Vec<(TeamId, String)>,
    pub saved: Vec<Okr>,
    /// What the form proposes: the top objectives and their key results, for the period
    /// after the current one.
    pub period: String,
    pub cards: Vec<i64>,
    pub key_results: Vec<i64>,
}

pub async fn review(db: &Db, me: &Identity, id: WorkshopId) -> Result<Review> {
    let me = me.clone();
    db.run(move |c| {
        let workshop = steerable_in(c, &me, id)?;
        let room = workshops::room(c, &workshop)?;
        let top = room.top_objectives();
        Ok(Review {
            summary: outcome::summary(c, &workshop)?,
            teams: outcome_teams(c, &workshop)?,
            saved: okrs::from_workshop(c, me.org_id, id)?,
            period: me.periods.after(me.today()),
            cards: top.iter().map(|card| card.id).collect(),
            key_results: top
                .iter()
                .flat_map(|card| room.key_results_of(card.id).map(|k| k.id))
                .collect(),
            workshop,
        })
    })
    .await
}

fn outcome_teams(c: &mut DbConn, w: &Workshop) -> Result<Vec<(TeamId, String)>> {
    let own = workshops::teams_of(c, w.org_id, w.id)?;
    if !own.is_empty() {
        return Ok(own);
    }
    Ok(teams::all(c, w.org_id)?
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect())
}

/// The objectives to keep from an ended workshop: for which team and period, which cards
/// and which of their key results.
#[derive(Debug, Clone)]
pub struct Keep {
    pub team_id: TeamId,
    pub period: String,
    pub choices: Vec<Choice>,
}

/// Saves the chosen cards as the team's objectives (drafts, for the team to confirm), and
/// brings the adoption figures up to date in the same transaction. Returns those created.
pub async fn save(db: &Db, me: &Identity, id: WorkshopId, keep: Keep) -> Result<Vec<Okr>> {
    let me = me.clone();
    db.write(move |c| {
        let workshop = steerable_in(c, &me, id)?;
        let saved = outcome::save(c, &workshop, keep.team_id, &keep.period, &keep.choices)?;
        let okrs = adoption::caught_up(c, saved)?;
        for okr in &okrs {
            let o = &okr.objective;
            let entry = Entry::new(Entity::Objective, o.id.0, &o.title, Action::Created)
                .fields(o)
                .field("workshop", None, Some(workshop.title.clone()));
            audit::record(c, &me, entry)?;
        }
        Ok(okrs)
    })
    .await
}
