//! What the scheduler posts to Teams and Slack channels, beside its mail: each meeting's
//! reminder to the channels covering its team, the weekly check-in nudge, new adoption
//! alerts and the Monday digest to the channels that take adoption posts. Each post has a
//! key per channel (`meeting:…`, `nudge:…`, `alert:…`, `digest:…`), so that every node and
//! every round of the scheduler queues it once.

use crate::db::{DbConn, write_tx};
use crate::domain::adoption::{digest, views};
use crate::domain::channels::{self, Purpose, nudge};
use crate::domain::ids::TeamId;
use crate::domain::meetings::reminders;
use crate::domain::org::{self, Org};
use crate::domain::outbox::MailKind;
use crate::domain::{Locale, periods};
use crate::jobs::scheduler::Context;
use crate::text::channels as posts;
use crate::text::mail::followup::MeetingMail;

fn locale(org: &Org) -> Locale {
    Locale::parse(&org.locale).unwrap_or_default()
}

/// Queues a meeting's reminder for the channels covering its team (in the reminder's
/// transaction); returns how many.
pub fn meeting_reminder(
    conn: &mut DbConn,
    context: &Context,
    org: &Org,
    about: &MeetingMail,
) -> Result<usize, anyhow::Error> {
    let covering = channels::covering(conn, org.id, about.meeting.team_id, Purpose::Meetings)?;
    if covering.is_empty() {
        return Ok(0);
    }
    let (meeting, kind) = (about.meeting, about.series.kind);
    let (agenda, _) =
        crate::text::agendas::for_team(conn, org.id, meeting.team_id, kind, locale(org))?;
    let post = posts::meeting_reminder(locale(org), &context.base_url, about, &agenda);
    let key = format!("meeting:{}", about.meeting.id);
    let mut queued = 0;
    for channel in &covering {
        queued += usize::from(channels::queue(
            conn,
            org.id,
            channel,
            MailKind::MeetingReminder,
            &key,
            &post,
        )?);
    }
    Ok(queued)
}

/// From the organisation's nudge weekday, one post a week to each channel that takes meeting
/// posts, naming its teams with key results still to check in (none when all are done).
pub fn nudges(
    context: &Context,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<usize, anyhow::Error> {
    let mut conn = context.db.conn()?;
    let mut queued = 0;
    for org in org::all(&mut conn)? {
        let from = org.nudge_weekday_or(context.nudge_weekday);
        let Some((monday, since)) = reminders::nudge_week(&org.time_zone, from, now) else {
            continue;
        };
        let key = format!("nudge:{monday}");
        for channel in channels::active(&mut conn, org.id, Purpose::Meetings)? {
            if channels::queued(&mut conn, channel.id, &key)? {
                continue;
            }
            queued += write_tx(&mut conn, |c| -> Result<usize, anyhow::Error> {
                let open = nudge::open_for(c, org.id, &channel, since)?;
                if open.is_empty() {
                    return Ok(0);
                }
                let post = posts::nudge(locale(&org), &context.base_url, &open);
                let kind = MailKind::CheckInNudge;
                Ok(usize::from(channels::queue(
                    c, org.id, &channel, kind, &key, &post,
                )?))
            })?;
        }
    }
    Ok(queued)
}

/// The alerts raised in the last two weeks and still open, each posted once to each
/// channel that takes adoption posts and covers its team. The key names the episode (team,
/// kind, first week), so that a recompute, which raises the same alert anew, does not post
/// it again.
pub fn alerts(
    context: &Context,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<usize, anyhow::Error> {
    let mut conn = context.db.conn()?;
    let mut queued = 0;
    for org in org::all(&mut conn)? {
        let adoption = channels::active(&mut conn, org.id, Purpose::Adoption)?;
        if adoption.is_empty() {
            continue;
        }
        let today = periods::local_date(&org.time_zone, now);
        let recent = periods::monday(today) - chrono::Days::new(14);
        let open = views::alerts(&mut conn, org.id, None, Some(views::open_since(today)))?;
        for channel in &adoption {
            let under = team_ids(&mut conn, &org, channel)?;
            for alert in open
                .iter()
                .filter(|a| a.first_week >= recent && under.contains(&a.team_id))
            {
                let key = format!(
                    "alert:{}:{}:{}",
                    alert.team_id,
                    alert.kind.code(),
                    alert.first_week
                );
                if channels::queued(&mut conn, channel.id, &key)? {
                    continue;
                }
                let post = posts::alert(
                    &context.tera,
                    locale(&org),
                    &context.base_url,
                    alert,
                    org.periods(),
                )?;
                queued += write_tx(&mut conn, |c| {
                    channels::queue(c, org.id, channel, MailKind::AdoptionAlert, &key, &post)
                })
                .map(usize::from)?;
            }
        }
    }
    Ok(queued)
}

fn team_ids(
    conn: &mut DbConn,
    org: &Org,
    channel: &channels::Channel,
) -> Result<Vec<TeamId>, anyhow::Error> {
    Ok(channels::teams_under(conn, org.id, channel)?
        .into_iter()
        .map(|(id, _)| id)
        .collect())
}

/// From Monday 07:00 (as the ambassadors' digest mail), the digest of last week's teams to
/// each channel that takes adoption posts, once a week.
pub fn digests(
    context: &Context,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<usize, anyhow::Error> {
    let mut conn = context.db.conn()?;
    let mut queued = 0;
    for org in org::all(&mut conn)? {
        let Some(monday) = digest::due_week(&org.time_zone, now) else {
            continue;
        };
        let key = format!("digest:{monday}");
        for channel in channels::active(&mut conn, org.id, Purpose::Adoption)? {
            if channels::queued(&mut conn, channel.id, &key)? {
                continue;
            }
            let teams = team_ids(&mut conn, &org, &channel)?;
            let reported = monday - chrono::Days::new(7);
            let composed = digest::compose(&mut conn, org.id, &teams, reported)?;
            let post = posts::digest(
                &context.tera,
                locale(&org),
                &context.base_url,
                &composed,
                org.periods(),
            )?;
            queued += write_tx(&mut conn, |c| {
                channels::queue(c, org.id, &channel, MailKind::AdoptionDigest, &key, &post)
            })
            .map(usize::from)?;
        }
    }
    Ok(queued)
}
