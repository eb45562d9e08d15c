//! API tokens (leaders): create one with a lifetime (its secret is returned once, and only
//! its hash is stored), list them with their status, revoke one.

use crate::app::{Db, Identity, Result};
use crate::domain::api_tokens::{self, ApiTokenInfo, Lifetime};
use crate::domain::ids::ApiTokenId;
use crate::domain::people::Role;

/// The organisation's tokens, each with its status now (`active`, `expired`, `revoked`).
pub async fn list(db: &Db, me: &Identity) -> Result<Vec<(ApiTokenInfo, &'static str)>> {
    me.require(Role::Leader)?;
    let org_id = me.org_id;
    let at = crate::domain::now();
    Ok(db
        .run(move |c| api_tokens::list(c, org_id))
        .await?
        .into_iter()
        .map(|t| {
            let status = t.status(at);
            (t, status)
        })
        .collect())
}

/// Creates a token acting as the person; returns its secret, to be shown once.
pub async fn create(db: &Db, me: &Identity, name: String, lifetime: Lifetime) -> Result<String> {
    me.require(Role::Leader)?;
    let (org_id, person_id) = (me.org_id, me.person_id);
    db.write(move |c| api_tokens::create(c, org_id, person_id, &name, lifetime))
        .await
}

pub async fn revoke(db: &Db, me: &Identity, id: ApiTokenId) -> Result<()> {
    me.require(Role::Leader)?;
    let org_id = me.org_id;
    db.write(move |c| api_tokens::revoke(c, org_id, id)).await
}
