//! A survey's results (leaders), always under its anonymity rule
//! (`domain::surveys::anonymity`): the results of a group, the CSV exports, and a pulse
//! against its baseline. Showing results makes a survey final, so each is a write.

use crate::app::{Db, Identity, Result};
use crate::domain::ids::SurveyId;
use crate::domain::people::Role;
use crate::domain::surveys::export::{self, Labels};
use crate::domain::surveys::pulse::{self, Comparison};
use crate::domain::surveys::results::{self, Results};

/// The results of `group` (`all`, `other` or `team-<id>`; everyone when none).
pub async fn of_group(
    db: &Db,
    me: &Identity,
    id: SurveyId,
    group: Option<String>,
) -> Result<Results> {
    me.require(Role::Leader)?;
    let org_id = me.org_id;
    db.write(move |c| results::results(c, org_id, id, group.as_deref()))
        .await
}

/// A pulse survey against its baseline, for groups both show.
pub async fn comparison(
    db: &Db,
    me: &Identity,
    id: SurveyId,
    group: Option<String>,
) -> Result<Comparison> {
    me.require(Role::Leader)?;
    let org_id = me.org_id;
    db.write(move |c| pulse::compare(c, org_id, id, group.as_deref()))
        .await
}

/// Which CSV export.
#[derive(Debug, Clone, Copy)]
pub enum Csv {
    /// Counts, shares and averages per group shown and question.
    Results,
    /// The free-text answers, shuffled per question, with no team.
    Texts,
}

pub async fn csv(
    db: &Db,
    me: &Identity,
    id: SurveyId,
    which: Csv,
    labels: Labels,
) -> Result<String> {
    me.require(Role::Leader)?;
    let org_id = me.org_id;
    db.write(move |c| match which {
        Csv::Results => export::results_csv(c, org_id, id, &labels),
        Csv::Texts => export::texts_csv(c, org_id, id, &labels),
    })
    .await
}
