//! Importing people from CSV (leaders): a preview with each row's problems, then the
//! import, all or nothing.

use crate::app::{Db, Error, Identity, Result};
use crate::domain::import::{self, ImportPlan, ImportSummary};
use crate::domain::people::Role;

/// What importing `text` would do, row by row.
pub async fn preview(db: &Db, me: &Identity, text: String) -> Result<ImportPlan> {
    me.require(Role::Leader)?;
    let org_id = me.org_id;
    db.run(move |c| import::plan(c, org_id, &text)).await
}

/// The outcome of importing.
pub enum Imported {
    Done(ImportSummary),
    /// The data changed since the preview and the file no longer imports cleanly: the
    /// preview against today's data.
    Changed(ImportPlan),
}

/// Imports `text` if it still imports cleanly.
pub async fn apply(db: &Db, me: &Identity, text: String) -> Result<Imported> {
    me.require(Role::Leader)?;
    let org_id = me.org_id;
    let t = text.clone();
    match db.write(move |c| import::apply(c, org_id, &t)).await {
        Ok((_, summary)) => Ok(Imported::Done(summary)),
        Err(Error::Invalid(_)) => Ok(Imported::Changed(
            db.run(move |c| import::plan(c, org_id, &text)).await?,
        )),
        Err(e) => Err(e),
    }
}
