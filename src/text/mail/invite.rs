//! The emailed invitation to join an organisation, in the organisation's language, queued
//! in the caller's transaction.

use super::Error;
use crate::context;
use crate::domain::DbConn;
use crate::domain::invites::{INVITE_DAYS, Invite};
use crate::domain::org::Org;
use crate::domain::outbox::{self, MailKind, NewMail};
use crate::text::i18n::t_args;
use crate::text::templates::mail_bodies;

/// Queues the invitation with the link to `{base_url}/invite/{token}`.
pub fn queue(
    conn: &mut DbConn,
    (tera, base_url): (&tera::Tera, &str),
    org: &Org,
    inviter: &str,
    (invite, token): (&Invite, &str),
) -> Result<(), Error> {
    let locale = org.locale();
    let ctx = context!(
        "name" => invite.name,
        "inviter" => inviter,
        "org" => org.name,
        "days" => INVITE_DAYS,
        "url" => format!("{base_url}/invite/{token}"),
    );
    let (text_body, html_body) = mail_bodies(tera, locale, "invite", ctx)?;
    outbox::queue(
        conn,
        &NewMail {
            org_id: Some(org.id),
            kind: MailKind::Invite,
            to_address: invite.email.clone(),
            to_name: invite.name.clone(),
            subject: t_args(
                locale,
                "mail-invite-subject",
                &[("org", org.name.clone().into())],
            ),
            text_body,
            html_body,
        },
    )?;
    Ok(())
}
