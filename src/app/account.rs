//! A person's own account: the organisations it belongs to and switching between them, its
//! password, and its sessions (which browsers are signed in, ending one of them or all but
//! the one in use); and a leader signing a person out everywhere (a lost phone, a laptop
//! left behind), which the audit log keeps.

use crate::app::{Db, Identity, Result};
use crate::domain::audit::{self, Action, Entity, Entry};
use crate::domain::ids::{PersonId, SessionId};
use crate::domain::people::accounts::{self, Organisation};
use crate::domain::people::{self, Role};
use crate::domain::sessions::{self, SessionInfo};
use crate::domain::{Error, FieldErrors, auth};

/// The account's open sessions, in any of its organisations, the most recently used first.
pub async fn sessions(db: &Db, me: &Identity) -> Result<Vec<SessionInfo>> {
    let account = me.account_id;
    db.run(move |c| sessions::list_of(c, account)).await
}

/// Ends one of the account's own sessions (`NotFound` for anyone else's).
pub async fn end_session(db: &Db, me: &Identity, id: SessionId) -> Result<()> {
    let account = me.account_id;
    db.write(move |c| sessions::end(c, account, id)).await
}

/// Ends every session of the account but the one in use; returns how many ended. Signed in
/// with an API token there is no session in use: `Forbidden`.
pub async fn end_other_sessions(db: &Db, me: &Identity) -> Result<usize> {
    let keep = me.session.ok_or(Error::Forbidden)?;
    let account = me.account_id;
    db.write(move |c| sessions::end_others(c, account, keep))
        .await
}

/// The organisations the signed-in account is an active person of, by name.
pub async fn organisations(db: &Db, me: &Identity) -> Result<Vec<Organisation>> {
    let (account, session) = (me.account_id, me.session);
    db.run(move |c| {
        let sso = match session {
            Some(id) => auth::session_sso_org(c, id)?,
            None => None,
        };
        accounts::organisations_of(c, account, sso)
    })
    .await
}

/// Moves the browser's session into another of the account's organisations: `person` is
/// the account's membership there (`NotFound` for any other, and with an API token, which
/// belongs to one organisation, `Forbidden`).
pub async fn switch(db: &Db, me: &Identity, person: PersonId) -> Result<()> {
    let session = me.session.ok_or(Error::Forbidden)?;
    let account = me.account_id;
    db.write(move |c| auth::switch_session(c, session, account, person))
        .await
}

/// Whether the account has a password (the password page asks for it before a new one).
pub async fn has_password(db: &Db, me: &Identity) -> Result<bool> {
    let account = me.account_id;
    db.run(move |c| accounts::has_password(c, account)).await
}

/// Sets the account's password: the current one must be given when there is one. Every
/// other session of the account ends; the audit log of the organisation in use notes that
/// the password was set, never what to.
pub async fn set_password(db: &Db, me: &Identity, current: String, new: String) -> Result<()> {
    people::validate_password(&new)?;
    let account = me.account_id;
    let stored = db.run(move |c| accounts::password_hash(c, account)).await?;
    let (hash, ok) = actix_web::rt::task::spawn_blocking(move || {
        let ok = stored
            .as_deref()
            .is_none_or(|h| auth::verify_password(&current, h));
        (auth::hash_password(&new), ok)
    })
    .await
    .map_err(|e| Error::Internal(format!("password hashing: {e}")))?;
    if !ok {
        return Err(FieldErrors::single("current", "field-password-current"));
    }
    let hash = hash?;
    let me = me.clone();
    db.write(move |c| {
        accounts::set_password_hash(c, account, &hash)?;
        if let Some(keep) = me.session {
            sessions::end_others(c, account, keep)?;
        }
        let entry = Entry::new(
            Entity::Person,
            me.person_id.0,
            &me.name,
            Action::PasswordSet,
        );
        audit::record(c, &me, entry)
    })
    .await
}

/// Signs a person of the organisation out of every browser (leaders).
pub async fn sign_out_everywhere(db: &Db, me: &Identity, id: PersonId) -> Result<()> {
    me.require(Role::Leader)?;
    let me = me.clone();
    db.write(move |c| {
        let person = people::find(c, me.org_id, id)?;
        auth::end_sessions_of(c, id)?;
        let entry = Entry::new(Entity::Person, id.0, &person.row.name, Action::SignedOut);
        audit::record(c, &me, entry)
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::testing::world;
    use crate::domain::sessions::Seen;

    #[actix_web::test]
    async fn a_person_ends_their_own_sessions_and_a_leader_ends_all_of_someones() {
        let w = world();
        let db = &w.t.db;
        let seen = Seen {
            user_agent: Some("Firefox".into()),
            address: Some("10.0.0.7".into()),
        };
        let (phone, laptop) = {
            let mut c = w.t.conn();
            let row = people::find(&mut c, w.member.org_id, w.member.person_id)
                .unwrap()
                .row;
            (
                auth::start_session(&mut c, &row, &Default::default()).unwrap(),
                auth::start_session(&mut c, &row, &Default::default()).unwrap(),
            )
        };
        let on_laptop = {
            let mut c = w.t.conn();
            auth::session_identity(&mut c, &laptop, Some(&seen))
                .unwrap()
                .unwrap()
        };
        let open = sessions(db, &on_laptop).await.unwrap();
        assert_eq!(open.len(), 2);
        assert_eq!(
            open[0].id,
            on_laptop.session.unwrap(),
            "the one just used first"
        );
        assert_eq!(open[0].user_agent.as_deref(), Some("Firefox"));
        assert_eq!(open[0].address.as_deref(), Some("10.0.0.7"));

        let theirs = sessions(db, &w.leader).await.unwrap();
        assert!(theirs.is_empty());
        assert!(matches!(
            end_session(db, &w.leader, open[1].id).await,
            Err(Error::NotFound)
        ));
        assert_eq!(end_other_sessions(db, &on_laptop).await.unwrap(), 1);
        let mut c = w.t.conn();
        assert!(
            auth::session_identity(&mut c, &phone, None)
                .unwrap()
                .is_none()
        );
        assert!(
            auth::session_identity(&mut c, &laptop, None)
                .unwrap()
                .is_some()
        );
        drop(c);

        assert!(matches!(
            sign_out_everywhere(db, &w.outsider, w.member.person_id).await,
            Err(Error::Forbidden)
        ));
        assert!(matches!(
            sign_out_everywhere(db, &w.stranger, w.member.person_id).await,
            Err(Error::NotFound)
        ));
        sign_out_everywhere(db, &w.leader, w.member.person_id)
            .await
            .unwrap();
        let mut c = w.t.conn();
        assert!(
            auth::session_identity(&mut c, &laptop, None)
                .unwrap()
                .is_none()
        );
        drop(c);
        let log = crate::app::audit::list(db, &w.leader, Default::default(), None)
            .await
            .unwrap();
        assert_eq!(log.items[0].action, Action::SignedOut);
    }
}
