//! The emailed sign-in link, in the person's language, queued in the caller's transaction.

use super::Error;
use crate::context;
use crate::domain::auth::LOGIN_LINK_MINUTES;
use crate::domain::outbox::{self, MailKind, NewMail};
use crate::domain::people::PersonRow;
use crate::domain::{DbConn, Locale};
use crate::text::i18n::t;
use crate::text::templates::mail_bodies;

/// Queues the mail with the link to `{base_url}/login/link/{token}`.
pub fn queue_link(
    conn: &mut DbConn,
    tera: &tera::Tera,
    base_url: &str,
    person: &PersonRow,
    token: &str,
) -> Result<(), Error> {
    let locale = Locale::parse(&person.locale).unwrap_or_default();
    let ctx = context!(
        "name" => person.name,
        "url" => format!("{base_url}/login/link/{token}"),
        "minutes" => LOGIN_LINK_MINUTES,
    );
    let (text_body, html_body) = mail_bodies(tera, locale, "login_link", ctx)?;
    outbox::queue(
        conn,
        &NewMail {
            org_id: Some(person.org_id),
            kind: MailKind::LoginLink,
            to_address: person.email.clone(),
            to_name: person.name.clone(),
            subject: t(locale, "mail-login-subject"),
            text_body,
            html_body,
        },
    )?;
    Ok(())
}
