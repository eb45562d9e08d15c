//! API tokens (leaders): create one with a lifetime (its secret is returned once, and only
//! its hash is stored), list them with their status, revoke one.

use crate::app::{Db, Identity, Result};
use crate::domain::api_tokens::{self, ApiTokenInfo, Lifetime};
use crate::domain::audit::{self, Action, Entity, Entry};
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
    let me = me.clone();
    db.write(move |c| {
        let made = api_tokens::create(c, me.org_id, me.person_id, &name, lifetime)?;
        // The log keeps its name and lifetime, never the secret.
        let expires = made.expires_at.map(|t| t.date().to_string());
        let entry = Entry::new(Entity::ApiToken, made.id.0, name.trim(), Action::Created).field(
            "expires_at",
            None,
            expires,
        );
        audit::record(c, &me, entry)?;
        Ok(made.secret)
    })
    .await
}

pub async fn revoke(db: &Db, me: &Identity, id: ApiTokenId) -> Result<()> {
    me.require(Role::Leader)?;
    let me = me.clone();
    db.write(move |c| {
        let name = api_tokens::revoke(c, me.org_id, id)?;
        audit::record(
            c,
            &me,
            Entry::new(Entity::ApiToken, id.0, name, Action::Revoked),
        )
    })
    .await
}
