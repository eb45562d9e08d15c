//! Follow-up mail: the meeting reminder to a team the day before, the weekly check-in
//! nudge to key-result owners who have not checked in, and the weekly adoption digest to
//! ambassadors. Rendered in each person's language
//! and queued in the outbox in the caller's transaction.

use fluent_templates::fluent_bundle::FluentValue;

use super::Error;
use chrono::NaiveDate;

use crate::context;
use crate::domain::ids::{OrgId, PersonId};
use crate::domain::meetings::reminders::Recipient;
use crate::domain::meetings::{Meeting, Series};
use crate::domain::outbox::{self, MailKind, NewMail};
use crate::domain::periods::Periods;
use crate::domain::{DbConn, Locale};
use crate::text::i18n::{format_datetime, t, t_args};
use crate::text::templates::mail_bodies;

/// What a reminder is about.
pub struct MeetingMail<'a> {
    pub meeting: &'a Meeting,
    pub series: &'a Series,
    pub team: &'a str,
    pub time_zone: chrono_tz::Tz,
    pub periods: Periods,
}

/// A series' name ("Weekly OKR results meeting", "Tertial OKR meeting") in a language.
pub fn series_name(locale: Locale, series: &Series, periods: Periods) -> String {
    t_args(
        locale,
        &format!("series-kind-{}", series.kind.code()),
        &[("periods", FluentValue::from(periods.code()))],
    )
}

fn queue_one(
    conn: &mut DbConn,
    org_id: OrgId,
    kind: MailKind,
    (name, email, _): &Recipient,
    subject: String,
    (text_body, html_body): (String, String),
) -> Result<(), Error> {
    outbox::queue(
        conn,
        &NewMail {
            org_id: Some(org_id),
            kind,
            to_address: email.clone(),
            to_name: name.clone(),
            subject,
            text_body,
            html_body,
        },
    )?;
    Ok(())
}

pub fn queue_meeting_reminder(
    conn: &mut DbConn,
    tera: &tera::Tera,
    base_url: &str,
    about: &MeetingMail,
    recipients: &[(PersonId, Recipient)],
) -> Result<usize, Error> {
    let org_id = about.meeting.org_id;
    let people: Vec<PersonId> = recipients.iter().map(|(p, _)| *p).collect();
    let owners = crate::domain::meetings::reminders::key_result_owners(conn, org_id, &people)?;
    // A personal link for the meeting's week (Monday to Sunday): one click from the mail to
    // the person's check-ins, without signing in.
    let week = crate::domain::periods::monday(about.meeting.local_date);
    for (person, r) in recipients {
        let locale = Locale::parse(&r.2).unwrap_or_default();
        let link = if owners.contains(person) {
            let token = crate::domain::okrs::check_in_links::create(conn, org_id, *person, week)?;
            Some(format!("{base_url}/c/{token}"))
        } else {
            None
        };
        let kind = series_name(locale, about.series, about.periods);
        let (agenda, _) = crate::text::agendas::for_team(
            conn,
            about.meeting.org_id,
            about.meeting.team_id,
            about.series.kind,
            locale,
        )?;
        let ctx = context!(
            "agenda" => agenda,
            "name" => r.0,
            "team" => about.team,
            "kind" => kind,
            "when" => format_datetime(locale, about.meeting.starts_at, about.time_zone),
            "minutes" => about.series.duration_minutes,
            "check_ins_url" => link.unwrap_or_else(|| format!("{base_url}/check-ins")),
            "personal" => owners.contains(person),
            "meeting_url" => format!("{base_url}/meetings/{}", about.meeting.id),
        );
        let subject = t_args(
            locale,
            "mail-meeting-subject",
            &[
                ("kind", FluentValue::from(kind.clone())),
                ("team", FluentValue::from(about.team.to_owned())),
            ],
        );
        let bodies = mail_bodies(tera, locale, "meeting_reminder", ctx)?;
        queue_one(
            conn,
            about.meeting.org_id,
            MailKind::MeetingReminder,
            r,
            subject,
            bodies,
        )?;
    }
    Ok(recipients.len())
}

pub fn queue_nudge(
    conn: &mut DbConn,
    tera: &tera::Tera,
    base_url: &str,
    (org_id, person_id, week_start): (OrgId, PersonId, NaiveDate),
    recipient: &Recipient,
) -> Result<(), Error> {
    let locale = Locale::parse(&recipient.2).unwrap_or_default();
    // A personal link: the person checks in from the mail without signing in.
    let token = crate::domain::okrs::check_in_links::create(conn, org_id, person_id, week_start)?;
    let ctx = context!(
        "name" => recipient.0,
        "url" => format!("{base_url}/c/{token}"),
        "signed_in_url" => format!("{base_url}/check-ins"),
    );
    let bodies = mail_bodies(tera, locale, "check_in_nudge", ctx)?;
    queue_one(
        conn,
        org_id,
        MailKind::CheckInNudge,
        recipient,
        t(locale, "mail-nudge-subject"),
        bodies,
    )
}

/// The weekly adoption digest to one ambassador, in their language.
pub fn queue_digest(
    conn: &mut DbConn,
    tera: &tera::Tera,
    base_url: &str,
    org_id: OrgId,
    recipient: &Recipient,
    digest: &crate::domain::adoption::digest::Digest,
    periods: Periods,
) -> Result<(), Error> {
    let locale = Locale::parse(&recipient.2).unwrap_or_default();
    let routine = digest
        .counts
        .iter()
        .find(|(stage, _)| *stage == "routine")
        .map_or(0, |(_, n)| *n);
    let ctx = context!(
        "name" => recipient.0,
        "digest" => digest,
        "url" => format!("{base_url}/adoption"),
        "base_url" => base_url,
        "periods" => periods.code(),
    );
    let bodies = mail_bodies(tera, locale, "adoption_digest", ctx)?;
    let subject = t_args(
        locale,
        "mail-digest-subject",
        &[
            ("routine", FluentValue::from(routine)),
            ("teams", FluentValue::from(digest.teams)),
            ("alerts", FluentValue::from(digest.alerts.len())),
        ],
    );
    queue_one(
        conn,
        org_id,
        MailKind::AdoptionDigest,
        recipient,
        subject,
        bodies,
    )
}
