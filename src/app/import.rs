//! Importing people from CSV (leaders): a preview with each row's problems, then the
//! import, all or nothing.

use crate::app::{Db, Error, Identity, Result};
use crate::db::DbConn;
use crate::domain::audit::{self, Action, Entity, Entry};
use crate::domain::import::{self, ImportPlan, ImportSummary, RowAction};
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
    let who = me.clone();
    let applied = db.write(move |c| {
        let (plan, summary) = import::apply(c, org_id, &t)?;
        log_import(c, &who, &plan)?;
        Ok((plan, summary))
    });
    match applied.await {
        Ok((_, summary)) => Ok(Imported::Done(summary)),
        Err(Error::Invalid(_)) => Ok(Imported::Changed(
            db.run(move |c| import::plan(c, org_id, &text)).await?,
        )),
        Err(e) => Err(e),
    }
}

/// One entry for each team the file created and each person it added or changed.
fn log_import(c: &mut DbConn, me: &Identity, plan: &ImportPlan) -> Result<()> {
    for team in &plan.new_teams {
        audit::record(c, me, Entry::about(Entity::Team, team, Action::Imported))?;
    }
    for row in &plan.rows {
        let action = match row.action {
            RowAction::Create => Action::Created,
            RowAction::Update => Action::Updated,
        };
        let roles: Vec<&str> = row.roles.iter().map(|r| r.code()).collect();
        let entry = Entry::about(Entity::Person, &row.name, action)
            .field("email", None, Some(row.email.clone()))
            .field("team", None, row.team.clone())
            .field(
                "roles",
                None,
                Some(roles.join(", ")).filter(|r| !r.is_empty()),
            )
            .field("source", None, Some(format!("CSV line {}", row.line)));
        audit::record(c, me, entry)?;
    }
    Ok(())
}
