//! The mail that tells an organisation's leaders a channel was turned off because its URL
//! was refused, in each leader's language.

use crate::context;
use crate::domain::channels::Channel;
use crate::domain::ids::OrgId;
use crate::domain::meetings::reminders::Recipient;
use crate::domain::outbox::{self, MailKind, NewMail};
use crate::domain::{DbConn, Locale};
use crate::text::i18n::t_args;
use crate::text::templates::mail_bodies;

use super::Error;

pub fn queue_problem(
    conn: &mut DbConn,
    tera: &tera::Tera,
    base_url: &str,
    org_id: OrgId,
    channel: &Channel,
    leaders: &[Recipient],
) -> Result<usize, Error> {
    for (name, email, locale) in leaders {
        let locale = Locale::parse(locale).unwrap_or_default();
        let ctx = context!(
            "name" => name,
            "channel" => channel.name,
            "problem" => channel.problem.clone().unwrap_or_default(),
            "url" => format!("{base_url}/settings/channels"),
        );
        let (text_body, html_body) = mail_bodies(tera, locale, "channel_problem", ctx)?;
        outbox::queue(
            conn,
            &NewMail {
                org_id: Some(org_id),
                kind: MailKind::ChannelProblem,
                to_address: email.clone(),
                to_name: name.clone(),
                subject: t_args(
                    locale,
                    "mail-channel-problem-subject",
                    &[("channel", channel.name.clone().into())],
                ),
                text_body,
                html_body,
            },
        )?;
    }
    Ok(leaders.len())
}
