//! Survey invitations and reminders as mail: rendered in each invitee's language and queued
//! in the outbox in the caller's transaction.

use fluent_templates::fluent_bundle::FluentValue;

use super::Error;
use crate::context;
use crate::domain::outbox::{self, MailKind, NewMail};
use crate::domain::surveys::Survey;
use crate::domain::surveys::invitations::Recipient;
use crate::domain::{DbConn, Locale};
use crate::text::i18n::{format_date, t_args};
use crate::text::templates::mail_bodies;

/// Queues one mail per recipient; returns how many.
pub fn queue(
    conn: &mut DbConn,
    tera: &tera::Tera,
    base_url: &str,
    org_name: &str,
    survey: &Survey,
    recipients: &[Recipient],
    kind: MailKind,
) -> Result<usize, Error> {
    let (template, subject_key) = match kind {
        MailKind::SurveyReminder => ("survey_reminder", "mail-survey-reminder-subject"),
        _ => ("survey_invitation", "mail-survey-subject"),
    };
    for r in recipients {
        let locale = Locale::parse(&r.person.locale).unwrap_or_default();
        let ctx = context!(
            "name" => r.person.name,
            "org" => org_name,
            "title" => survey.title,
            "intro" => survey.intro,
            "anonymous" => survey.anonymous,
            "closes" => format_date(locale, survey.closes_on),
            "url" => format!("{base_url}/s/{}", r.token),
        );
        let (text_body, html_body) = mail_bodies(tera, locale, template, ctx)?;
        outbox::queue(
            conn,
            &NewMail {
                org_id: Some(survey.org_id),
                kind,
                to_address: r.person.email.clone(),
                to_name: r.person.name.clone(),
                subject: t_args(
                    locale,
                    subject_key,
                    &[("title", FluentValue::from(survey.title.clone()))],
                ),
                text_body,
                html_body,
            },
        )?;
    }
    Ok(recipients.len())
}
