//! Inviting people (leaders): invite by address with a role and team, send an invitation
//! again, withdraw it; and accepting one (the invitee, not signed in yet), which creates the
//! person, signs them in and is kept in the audit log with the rest.

use crate::app::{Db, Error, Identity, Mail, Result};
use crate::db::DbConn;
use crate::domain::audit::{self, Action, Actor, Entity, Entry};
use crate::domain::ids::InviteId;
use crate::domain::invites::{self, Invite, InviteInput, InviteProblem, Opened};
use crate::domain::people::{self, Role};
use crate::domain::sessions::Seen;
use crate::domain::{auth, org};
use crate::text::mail::invite as invite_mail;

/// The organisation's invitations, newest first, each with its status now.
pub async fn list(db: &Db, me: &Identity) -> Result<Vec<(Invite, &'static str)>> {
    me.require(Role::Leader)?;
    let org_id = me.org_id;
    let at = crate::domain::now();
    Ok(db
        .run(move |c| invites::list(c, org_id))
        .await?
        .into_iter()
        .map(|i| {
            let status = i.status(at);
            (i, status)
        })
        .collect())
}

/// Mails the invitation's link (a new one each time).
fn send(
    c: &mut DbConn,
    me: &Identity,
    mail: &Mail,
    (invite, token): (&Invite, &str),
) -> Result<()> {
    let org = org::find(c, me.org_id)?;
    Ok(invite_mail::queue(
        c,
        (&mail.tera, &mail.base_url),
        &org,
        &me.name,
        (invite, token),
    )?)
}

fn entry(invite: &Invite, action: Action) -> Entry {
    Entry::new(Entity::Invitation, invite.id.0, &invite.email, action)
}

/// Invites someone (leaders): the invitation is stored and its mail queued together.
pub async fn invite(db: &Db, me: &Identity, input: InviteInput, mail: Mail) -> Result<Invite> {
    me.require(Role::Leader)?;
    let me = me.clone();
    db.write(move |c| {
        let (invite, token) = invites::create(c, me.org_id, me.person_id, &input)?;
        send(c, &me, &mail, (&invite, &token))?;
        let role = Some(invite.role.code().to_owned());
        let logged = entry(&invite, Action::Created)
            .field("name", None, Some(invite.name.clone()))
            .field("role", None, role)
            .field("team_id", None, invite.team_id.map(|t| t.to_string()));
        audit::record(c, &me, logged)?;
        Ok(invite)
    })
    .await
}

/// What inviting from a file did.
pub enum FromFile {
    /// Invitations sent, and rows that were people already in the organisation.
    Sent(usize, usize),
    /// The data changed since the preview and the file no longer imports cleanly (or an
    /// address has an invitation waiting): the preview against today's data.
    Changed(crate::domain::import::ImportPlan),
}

/// Invites everyone a previewed CSV file names who is not in the organisation yet (leaders),
/// all or nothing.
pub async fn from_file(db: &Db, me: &Identity, text: String, mail: Mail) -> Result<FromFile> {
    me.require(Role::Leader)?;
    let who = me.clone();
    let t = text.clone();
    let sent = db.write(move |c| {
        let (sent, members) = invites::from_file(c, who.org_id, who.person_id, &t)?;
        for (invite, token) in &sent {
            send(c, &who, &mail, (invite, token))?;
            audit::record(c, &who, entry(invite, Action::Created))?;
        }
        Ok((sent.len(), members))
    });
    match sent.await {
        Ok((sent, members)) => Ok(FromFile::Sent(sent, members)),
        Err(Error::Invalid(_)) => {
            let org_id = me.org_id;
            let mut plan = db
                .run(move |c| crate::domain::import::plan(c, org_id, &text))
                .await?;
            if plan.is_clean() {
                // The file is fine; an address in it has an invitation waiting.
                plan.file_error = Some("import-error-invite-pending");
            }
            Ok(FromFile::Changed(plan))
        }
        Err(e) => Err(e),
    }
}

/// Sends an open invitation again with a new link (leaders); the old link stops working.
pub async fn resend(db: &Db, me: &Identity, id: InviteId, mail: Mail) -> Result<Invite> {
    me.require(Role::Leader)?;
    let me = me.clone();
    db.write(move |c| {
        let (invite, token) = invites::renew(c, me.org_id, id)?;
        send(c, &me, &mail, (&invite, &token))?;
        audit::record(c, &me, entry(&invite, Action::Sent))?;
        Ok(invite)
    })
    .await
}

/// Withdraws an open invitation (leaders): its link stops working.
pub async fn withdraw(db: &Db, me: &Identity, id: InviteId) -> Result<Invite> {
    me.require(Role::Leader)?;
    let me = me.clone();
    db.write(move |c| {
        let invite = invites::withdraw(c, me.org_id, id)?;
        audit::record(c, &me, entry(&invite, Action::Withdrawn))?;
        Ok(invite)
    })
    .await
}

/// The invitation a link opens, with the organisation's name, or why it does not.
pub async fn open(db: &Db, token: String) -> Result<std::result::Result<Opened, InviteProblem>> {
    db.run(move |c| invites::open(c, &token)).await
}

/// Accepts an invitation: the person is created with the name they chose (and the password,
/// for an address that has no account yet) and signed in from `seen`; returns the new
/// session's token.
pub async fn accept(
    db: &Db,
    token: String,
    name: String,
    password: Option<String>,
    seen: Seen,
) -> Result<std::result::Result<String, InviteProblem>> {
    let hash = match password.filter(|p| !p.is_empty()) {
        Some(password) => {
            people::validate_password(&password)?;
            let hashed =
                actix_web::rt::task::spawn_blocking(move || auth::hash_password(&password))
                    .await
                    .map_err(|e| Error::Internal(format!("password hashing: {e}")))??;
            Some(hashed)
        }
        None => None,
    };
    db.write(move |c| {
        let (invite, person) = match invites::accept(c, &token, &name, hash.as_deref())? {
            Ok(done) => done,
            Err(problem) => return Ok(Err(problem)),
        };
        let who = Actor {
            org_id: invite.org_id,
            person_id: person.row.id,
            name: &person.row.name,
            api_token: None,
            address: seen.address.as_deref(),
        };
        audit::record_as(c, who, entry(&invite, Action::Accepted))?;
        Ok(Ok(auth::start_session(c, &person.row, &seen)?))
    })
    .await
}
