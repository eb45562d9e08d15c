//! Neutral practice cases: the built-in ones and the organisation's own. Everyone reads;
//! leaders write and archive their own (an archived case stays readable, since workshops may
//! link to it).

use crate::app::{Db, Identity, Result};
use crate::domain::Locale;
use crate::domain::audit::{self, Action, Entity, Entry};
use crate::domain::cases::{self, Case, CaseInput, CaseRef, CustomCase};
use crate::domain::ids::CaseId;
use crate::domain::people::Role;

/// The built-in cases and the organisation's active own ones, in `locale`.
pub async fn list(db: &Db, me: &Identity, locale: Locale) -> Result<Vec<Case>> {
    let org_id = me.org_id;
    db.run(move |c| cases::list(c, org_id, locale)).await
}

/// The organisation's own active cases.
pub async fn own(db: &Db, me: &Identity) -> Result<Vec<Case>> {
    let org_id = me.org_id;
    Ok(db
        .run(move |c| cases::list_custom(c, org_id, false))
        .await?
        .into_iter()
        .map(|row| row.into_case())
        .collect())
}

/// A case by reference (`builtin:<key>` or `custom:<id>`), archived own ones too.
pub async fn find(db: &Db, me: &Identity, case_ref: CaseRef, locale: Locale) -> Result<Case> {
    let org_id = me.org_id;
    db.run(move |c| cases::find(c, org_id, &case_ref, locale))
        .await
}

/// An own active case, to edit or archive (leaders).
pub async fn editable(db: &Db, me: &Identity, id: CaseId) -> Result<CustomCase> {
    me.require(Role::Leader)?;
    let org_id = me.org_id;
    db.run(move |c| cases::find_active(c, org_id, id)).await
}

/// Writes a new own case (`id: None`) or changes an active one (leaders).
pub async fn save(
    db: &Db,
    me: &Identity,
    id: Option<CaseId>,
    input: CaseInput,
) -> Result<CustomCase> {
    me.require(Role::Leader)?;
    let (org_id, person_id) = (me.org_id, me.person_id);
    db.write(move |c| match id {
        Some(id) => {
            // Someone else's (or an archived) case is not there, whatever the form says.
            cases::find_active(c, org_id, id)?;
            cases::update(c, org_id, id, &input)
        }
        None => cases::create(c, org_id, Some(person_id), &input),
    })
    .await
}

/// Archives an own case (leaders).
pub async fn archive(db: &Db, me: &Identity, id: CaseId) -> Result<CustomCase> {
    me.require(Role::Leader)?;
    let me = me.clone();
    db.write(move |c| {
        let case = cases::archive(c, me.org_id, id)?;
        audit::record(
            c,
            &me,
            Entry::new(Entity::Case, id.0, &case.title, Action::Archived),
        )?;
        Ok(case)
    })
    .await
}
