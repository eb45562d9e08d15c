//! Calendar invitations by mail: each [`Send`] becomes, for each of its people, a mail in
//! their language with a `text/calendar` part (iTIP, [`itip`]) that their calendar takes as
//! an ordinary meeting, with the team's agenda and a link to the meeting page.

use chrono::{NaiveDateTime, NaiveTime};

use super::Error;
use crate::context;
use crate::domain::meetings::invitations::{self, Send};
use crate::domain::meetings::itip::{self, Invitation, Method};
use crate::domain::meetings::{self, Series};
use crate::domain::outbox::{self, MailKind, NewMail};
use crate::domain::{DbConn, Locale, now, org, people, teams};
use crate::text::i18n::{format_datetime, t_args};
use crate::text::mail::followup::series_name;
use crate::text::templates::mail_bodies;

/// The series' local start on `day`.
fn at(series: &Series, day: chrono::NaiveDate) -> NaiveDateTime {
    let time = NaiveTime::parse_from_str(&series.start_time, "%H:%M").unwrap_or(NaiveTime::MIN);
    day.and_time(time)
}

/// Queues the mail of every send; returns how many mails.
pub fn queue(
    conn: &mut DbConn,
    tera: &tera::Tera,
    base_url: &str,
    sends: &[Send],
) -> Result<usize, Error> {
    let url = url::Url::parse(base_url).ok();
    let host = url.as_ref().and_then(|u| u.host_str()).unwrap_or("hverdag");
    let mut queued = 0;
    for send in sends {
        let series = meetings::find_series(conn, send.org_id, send.series)?;
        let org = org::find(conn, send.org_id)?;
        let team = teams::find(conn, send.org_id, series.team_id)?;
        let organiser = people::find(conn, send.org_id, send.organiser)?;
        let zone = meetings::zone(&org.time_zone);
        let (series_seq, meeting_seq) = invitations::sequences(conn, series.id, send.meeting)?;
        let meeting = send
            .meeting
            .map(|id| meetings::find(conn, send.org_id, id))
            .transpose()?;
        let today = crate::domain::periods::local_date(&org.time_zone, chrono::Utc::now());
        let first = invitations::first_from(conn, series.id, today)?;
        let exceptions: Vec<NaiveDateTime> = match send.meeting {
            Some(_) => Vec::new(),
            None => invitations::cancelled_from(conn, series.id, today)?
                .into_iter()
                .map(|day| at(&series, day))
                .collect(),
        };
        let (start, occurrence, url) = match &meeting {
            Some(m) => (
                m.starts_at.and_utc().with_timezone(&zone).naive_local(),
                Some(at(&series, m.occurrence_on)),
                format!("{base_url}/meetings/{}", m.id),
            ),
            None => (
                at(&series, first.map_or(series.starts_on, |m| m.occurrence_on)),
                None,
                format!("{base_url}/teams/{}/meetings", team.id),
            ),
        };
        for (_, (name, email, locale)) in &send.to {
            let locale = Locale::parse(locale).unwrap_or_default();
            let kind = series_name(locale, &series, org.periods());
            let summary = format!("{kind} · {}", team.name);
            let (agenda, _) =
                crate::text::agendas::for_team(conn, org.id, team.id, series.kind, locale)?;
            let lines: Vec<String> = agenda
                .iter()
                .enumerate()
                .map(|(i, item)| format!("{}. {} ({} min)", i + 1, item.text, item.minutes))
                .collect();
            let description = format!("{}\n\n{url}", lines.join("\n"));
            let attendee = [(name.clone(), email.clone())];
            let calendar = itip::render(&Invitation {
                method: if send.cancel {
                    Method::Cancel
                } else {
                    Method::Request
                },
                uid: format!("series-{}@{host}", series.id),
                sequence: series_seq + meeting_seq,
                summary: &summary,
                description: &description,
                url: &url,
                organiser: (&organiser.row.name, &organiser.row.email),
                attendees: &attendee,
                zone,
                start,
                minutes: series.duration_minutes,
                until: series.ends_on,
                occurrence,
                exceptions: &exceptions,
                stamp: now().and_utc(),
            });
            let when = format_datetime(
                locale,
                meeting
                    .as_ref()
                    .map_or_else(|| zone_start(zone, start), |m| m.starts_at),
                zone,
            );
            let what = match (send.cancel, meeting.is_some()) {
                (false, false) => "mail-invitation-series",
                (false, true) => "mail-invitation-moved",
                (true, false) => "mail-invitation-series-cancelled",
                (true, true) => "mail-invitation-cancelled",
            };
            let ctx = context!(
                "name" => name,
                "what" => what,
                "summary" => summary,
                "when" => when,
                "agenda" => agenda,
                "url" => url,
                "cancel" => send.cancel,
            );
            let (text_body, html_body) = mail_bodies(tera, locale, "invitation", ctx)?;
            let subject = t_args(
                locale,
                &format!("{what}-subject"),
                &[("summary", summary.clone().into())],
            );
            outbox::queue_invitation(
                conn,
                &NewMail {
                    org_id: Some(org.id),
                    kind: MailKind::CalendarInvitation,
                    to_address: email.clone(),
                    to_name: name.clone(),
                    subject,
                    text_body,
                    html_body,
                },
                &calendar,
            )?;
            queued += 1;
        }
    }
    Ok(queued)
}

/// A local start as UTC (the earlier one across a change of clocks).
fn zone_start(zone: chrono_tz::Tz, local: NaiveDateTime) -> NaiveDateTime {
    use chrono::TimeZone;
    zone.from_local_datetime(&local)
        .earliest()
        .map_or(local, |t| t.naive_utc())
}
