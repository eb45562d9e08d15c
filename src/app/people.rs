//! People: the directory everyone reads, and what leaders do — add people, change their
//! details and roles, deactivate and reactivate them. A leader cannot take away their own
//! leader role or deactivate themself (no organisation locks itself out by a slip). Whoever
//! loses access loses it at once: a deactivated person's sessions end and their API tokens
//! are revoked for good.
//!
//! Leaders never set passwords: a person's account may belong to other organisations too,
//! and a password someone else knows would open those. People set their own, when they
//! accept an invitation or on their account page, or sign in with emailed links.

use crate::app::{Db, Identity, Result};
use crate::domain::audit::{self, Action, Entity, Entry};
use crate::domain::ids::PersonId;
use crate::domain::people::{self, ListQuery, Person, PersonInput, Role};
use crate::domain::teams::{self, Team};
use crate::domain::{FieldErrors, Locale, Page, api_tokens, auth};

pub async fn list(db: &Db, me: &Identity, query: ListQuery) -> Result<Page<Person>> {
    let org_id = me.org_id;
    db.run(move |c| people::list(c, org_id, &query)).await
}

pub async fn find(db: &Db, me: &Identity, id: PersonId) -> Result<Person> {
    let org_id = me.org_id;
    db.run(move |c| people::find(c, org_id, id)).await
}

/// A person with the teams they are in.
pub struct Profile {
    pub person: Person,
    pub teams: Vec<Team>,
}

pub async fn profile(db: &Db, me: &Identity, id: PersonId) -> Result<Profile> {
    let org_id = me.org_id;
    db.run(move |c| {
        Ok(Profile {
            person: people::find(c, org_id, id)?,
            teams: teams::teams_of(c, org_id, id)?,
        })
    })
    .await
}

/// A person as a leader is about to edit them (`Forbidden` for everyone else).
pub async fn editable(db: &Db, me: &Identity, id: PersonId) -> Result<Person> {
    me.require(Role::Leader)?;
    find(db, me, id).await
}

/// The language a new person starts with: the organisation's (leaders).
pub async fn new_person_locale(db: &Db, me: &Identity) -> Result<Locale> {
    me.require(Role::Leader)?;
    let org_id = me.org_id;
    db.run(move |c| Ok(crate::domain::org::find(c, org_id)?.locale()))
        .await
}

/// Adds a person (leaders).
pub async fn create(db: &Db, me: &Identity, input: PersonInput) -> Result<Person> {
    me.require(Role::Leader)?;
    let me = me.clone();
    db.write(move |c| {
        let person = people::create(c, me.org_id, &input, None)?;
        let entry = Entry::new(
            Entity::Person,
            person.row.id.0,
            &person.row.name,
            Action::Created,
        );
        audit::record(c, &me, entry.fields(&person))?;
        Ok(person)
    })
    .await
}

/// A change to a person: what is `None` stays as it is.
#[derive(Debug, Default)]
pub struct Change {
    pub name: Option<String>,
    pub email: Option<String>,
    pub locale: Option<Locale>,
    pub roles: Option<Vec<Role>>,
    pub active: Option<bool>,
}

impl Change {
    /// Every field of the person's form.
    pub fn all(input: PersonInput) -> Change {
        Change {
            name: Some(input.name),
            email: Some(input.email),
            locale: Some(input.locale),
            roles: Some(input.roles),
            active: None,
        }
    }

    /// A leader keeps their own leader role and stays active.
    fn keeps_self_in(&self, me: &Identity, id: PersonId) -> Result<()> {
        if id != me.person_id {
            return Ok(());
        }
        if self.active == Some(false) {
            return Err(FieldErrors::single("active", "error-deactivate-self"));
        }
        if self
            .roles
            .as_ref()
            .is_some_and(|r| !r.contains(&Role::Leader))
        {
            return Err(FieldErrors::single("roles", "field-keep-own-leader"));
        }
        Ok(())
    }
}

/// Changes a person (leaders).
pub async fn update(db: &Db, me: &Identity, id: PersonId, change: Change) -> Result<Person> {
    me.require(Role::Leader)?;
    change.keeps_self_in(me, id)?;
    let me = me.clone();
    db.write(move |c| {
        let org_id = me.org_id;
        let current = people::find(c, org_id, id)?;
        let before = current.clone();
        let edits = change.name.is_some()
            || change.email.is_some()
            || change.locale.is_some()
            || change.roles.is_some();
        if edits {
            let input = PersonInput {
                name: change.name.unwrap_or(current.row.name),
                email: change.email.unwrap_or(current.row.email),
                locale: change
                    .locale
                    .unwrap_or_else(|| Locale::parse(&current.row.locale).unwrap_or_default()),
                roles: change.roles.unwrap_or(current.roles),
            };
            people::update(c, org_id, id, &input)?;
        }
        if let Some(active) = change.active {
            people::set_active(c, org_id, id, active)?;
            if !active {
                auth::end_sessions_of(c, id)?;
                api_tokens::revoke_all_of(c, id)?;
            }
        }
        let after = people::find(c, org_id, id)?;
        let action = match (before.row.active, after.row.active) {
            (true, false) => Action::Deactivated,
            (false, true) => Action::Reactivated,
            _ => Action::Updated,
        };
        let label = after.row.name.clone();
        let entry = Entry::new(Entity::Person, id.0, &label, action).changed(&before, &after);
        audit::record_changes(c, &me, entry)?;
        Ok(after)
    })
    .await
}

/// Deactivates a person (their sessions end and their API tokens are revoked) or
/// reactivates them (leaders; not themself).
pub async fn set_active(db: &Db, me: &Identity, id: PersonId, active: bool) -> Result<Person> {
    let change = Change {
        active: Some(active),
        ..Change::default()
    };
    update(db, me, id, change).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Error;
    use crate::app::testing::world;
    use crate::domain::api_tokens::{self, Lifetime};

    #[actix_web::test]
    async fn a_deactivated_person_loses_sessions_and_tokens_for_good() {
        let w = world();
        let db = &w.t.db;
        let (session, token) = {
            let mut c = w.t.conn();
            let row = people::find(&mut c, w.member.org_id, w.member.person_id)
                .unwrap()
                .row;
            let session = auth::start_session(&mut c, &row, &Default::default()).unwrap();
            let token = api_tokens::create(&mut c, w.member.org_id, row.id, "CI", Lifetime::Never)
                .unwrap()
                .secret;
            (session, token)
        };
        assert!(matches!(
            set_active(db, &w.member, w.member.person_id, false).await,
            Err(Error::Forbidden)
        ));
        set_active(db, &w.leader, w.member.person_id, false)
            .await
            .unwrap();
        set_active(db, &w.leader, w.member.person_id, true)
            .await
            .unwrap();
        let mut c = w.t.conn();
        assert!(
            auth::session_identity(&mut c, &session, None)
                .unwrap()
                .is_none()
        );
        assert!(api_tokens::identity(&mut c, &token).unwrap().is_none());
    }

    #[actix_web::test]
    async fn a_leader_cannot_lock_themself_out() {
        let w = world();
        let db = &w.t.db;
        let me = w.leader.person_id;
        let demote = Change {
            roles: Some(vec![Role::Member]),
            ..Change::default()
        };
        for refused in [
            set_active(db, &w.leader, me, false).await,
            update(db, &w.leader, me, demote).await,
        ] {
            assert!(matches!(refused, Err(Error::Invalid(_))));
        }
        let still = find(db, &w.leader, me).await.unwrap();
        assert!(still.row.active && still.has_role(Role::Leader));
        assert!(matches!(
            find(db, &w.stranger, me).await,
            Err(Error::NotFound)
        ));
    }
}
