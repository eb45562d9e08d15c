//! The organisation's own objectives for a period, which team objectives align to. Everyone
//! reads; leaders add and archive them.

use crate::app::{Db, Identity, Result};
use crate::domain::audit::{self, Action, Entity, Entry};
use crate::domain::ids::OrgObjectiveId;
use crate::domain::okrs::company::{self, Aligned, OrgObjective, OrgObjectiveInput};
use crate::domain::people::Role;

/// The organisation objectives of a period, each with the team objectives aligned to it.
pub async fn overview(db: &Db, me: &Identity, period: String) -> Result<Vec<Aligned>> {
    let org_id = me.org_id;
    db.run(move |c| company::overview(c, org_id, &period)).await
}

/// Adds an organisation objective (leaders).
pub async fn create(db: &Db, me: &Identity, input: OrgObjectiveInput) -> Result<OrgObjective> {
    me.require(Role::Leader)?;
    let me = me.clone();
    db.write(move |c| {
        let made = company::create(c, me.org_id, &input)?;
        let entry = Entry::new(
            Entity::OrgObjective,
            made.id.0,
            &made.title,
            Action::Created,
        );
        audit::record(c, &me, entry.fields(&made))?;
        Ok(made)
    })
    .await
}

/// Archives an organisation objective (leaders).
pub async fn archive(db: &Db, me: &Identity, id: OrgObjectiveId) -> Result<OrgObjective> {
    me.require(Role::Leader)?;
    let me = me.clone();
    db.write(move |c| {
        let archived = company::set_archived(c, me.org_id, id, true)?;
        let entry = Entry::new(
            Entity::OrgObjective,
            id.0,
            &archived.title,
            Action::Archived,
        );
        audit::record(c, &me, entry)?;
        Ok(archived)
    })
    .await
}
