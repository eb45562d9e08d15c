//! The audit log (leaders): who changed what, when and from where, a page at a time or as
//! CSV. The entries themselves are written by the use cases that make the changes, in their
//! transactions (see [`crate::domain::audit`]).

use crate::app::{Db, Identity, Result};
use crate::domain::Page;
use crate::domain::audit::{self, Filter, Logged};
use crate::domain::ids::PersonId;
use crate::domain::people::Role;

/// One page of the organisation's log, newest first.
pub async fn list(
    db: &Db,
    me: &Identity,
    filter: Filter,
    page: Option<i64>,
) -> Result<Page<Logged>> {
    me.require(Role::Leader)?;
    let (org_id, tz) = (me.org_id, me.time_zone.clone());
    db.run(move |c| audit::list(c, org_id, &tz, &filter, page))
        .await
}

/// The log as `filter` keeps it, as CSV.
pub async fn csv(db: &Db, me: &Identity, filter: Filter) -> Result<String> {
    me.require(Role::Leader)?;
    let (org_id, tz) = (me.org_id, me.time_zone.clone());
    db.run(move |c| audit::csv(c, org_id, &tz, &filter)).await
}

/// The people the log can be filtered by: whoever appears in it, by name.
pub async fn actors(db: &Db, me: &Identity) -> Result<Vec<(PersonId, String)>> {
    me.require(Role::Leader)?;
    let org_id = me.org_id;
    db.run(move |c| audit::actors(c, org_id)).await
}

#[cfg(test)]
mod tests;
