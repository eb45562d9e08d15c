//! Periodic work: automatic survey reminders, and clean-up of expired sessions, login links
//! and throttling records. Runs at start and then every interval, on its own thread (its
//! queries block), until its handle is dropped. A second thread looks for adoption
//! recomputes every few seconds, to finish those whose node died.

use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use crate::db::{Db, write_tx};
use crate::domain::outbox::MailKind;
use crate::domain::surveys::{answers, invitations};
use crate::domain::{adoption, auth, org};
use crate::jobs::channel_posts;
use crate::jobs::mail::MailWorker;
use crate::text::mail::followup as followup_mail;
use crate::text::mail::survey as survey_mail;

/// The scheduler's threads; they stop when this handle is dropped.
pub struct Scheduler {
    _stop: mpsc::Sender<()>,
    _stop_recomputes: mpsc::Sender<()>,
}

/// How often the scheduler looks for adoption recomputes nobody runs (queued on a node that
/// died, or whose lease ran out).
pub const RECOMPUTE_POLL: Duration = Duration::from_secs(5);

/// What the scheduled work needs.
pub struct Context {
    pub db: Db,
    pub tera: std::sync::Arc<tera::Tera>,
    pub base_url: String,
    pub mail: MailWorker,
    /// From this weekday (1 = Monday) owners without a check-in that week are nudged.
    pub nudge_weekday: u32,
}

pub fn spawn(context: Context, every: Duration) -> Scheduler {
    let (stop, stopped) = mpsc::channel::<()>();
    let stop_recomputes = spawn_recomputes(context.db.clone(), RECOMPUTE_POLL);
    let spawned = std::thread::Builder::new()
        .name("hverdag-scheduler".into())
        .spawn(move || {
            loop {
                run_once(&context, chrono::Utc::now());
                if !matches!(stopped.recv_timeout(every), Err(RecvTimeoutError::Timeout)) {
                    break;
                }
            }
        });
    if let Err(e) = spawned {
        tracing::warn!(error = %e, "could not start the scheduler thread");
    }
    Scheduler {
        _stop: stop,
        _stop_recomputes: stop_recomputes,
    }
}

/// Runs runnable adoption recomputes at start and then every `every`, on a thread of its own,
/// until the returned sender is dropped.
fn spawn_recomputes(db: Db, every: Duration) -> mpsc::Sender<()> {
    let (stop, stopped) = mpsc::channel::<()>();
    let spawned = std::thread::Builder::new()
        .name("hverdag-recompute".into())
        .spawn(move || {
            let runtime = actix_web::rt::System::new();
            loop {
                runtime.block_on(crate::jobs::recompute::work(&db));
                if !matches!(stopped.recv_timeout(every), Err(RecvTimeoutError::Timeout)) {
                    break;
                }
            }
        });
    if let Err(e) = spawned {
        tracing::warn!(error = %e, "could not start the adoption recompute thread");
    }
    stop
}

/// One round of scheduled work at `now`.
pub fn run_once(context: &Context, now: chrono::DateTime<chrono::Utc>) {
    let sealed = context
        .db
        .conn()
        .map_err(crate::domain::Error::from)
        .and_then(|mut conn| answers::seal(&mut conn));
    if let Err(e) = sealed {
        tracing::warn!(error = %e, "sealing survey responses failed");
    }
    match send_due_reminders(context, now) {
        Ok(0) => {}
        Ok(n) => {
            tracing::info!(reminders = n, "survey reminders queued");
            context.mail.kick();
        }
        Err(e) => tracing::warn!(error = %format!("{e:#}"), "survey reminders failed"),
    }
    match send_meeting_reminders(context, now) {
        Ok(0) => {}
        Ok(n) => {
            tracing::info!(reminders = n, "meeting reminders queued");
            context.mail.kick();
        }
        Err(e) => tracing::warn!(error = %format!("{e:#}"), "meeting reminders failed"),
    }
    match send_nudges(context, now) {
        Ok(0) => {}
        Ok(n) => {
            tracing::info!(nudges = n, "check-in nudges queued");
            context.mail.kick();
        }
        Err(e) => tracing::warn!(error = %format!("{e:#}"), "check-in nudges failed"),
    }
    if let Err(e) = refresh_adoption(context, now) {
        tracing::warn!(error = %e, "adoption rollup failed");
    }
    post_to_channels(context, now);
    match send_digests(context, now) {
        Ok(0) => {}
        Ok(n) => {
            tracing::info!(digests = n, "adoption digests queued");
            context.mail.kick();
        }
        Err(e) => tracing::warn!(error = %format!("{e:#}"), "adoption digests failed"),
    }
    let pruned = context
        .db
        .conn()
        .map_err(crate::domain::Error::from)
        .and_then(|mut conn| {
            auth::prune(&mut conn)?;
            crate::domain::okrs::check_in_links::prune(&mut conn)?;
            crate::domain::sso::requests::prune(&mut conn)
        });
    if let Err(e) = pruned {
        tracing::warn!(error = %e, "clean-up failed");
    }
}

/// Queues the week's nudges, new alerts and digests for Teams and Slack channels (meeting
/// reminders go with their mail).
fn post_to_channels(context: &Context, now: chrono::DateTime<chrono::Utc>) {
    type Round = fn(&Context, chrono::DateTime<chrono::Utc>) -> anyhow::Result<usize>;
    let rounds: [(&str, Round); 3] = [
        ("nudges", channel_posts::nudges),
        ("alerts", channel_posts::alerts),
        ("digests", channel_posts::digests),
    ];
    let mut queued = 0;
    for (what, round) in rounds {
        match round(context, now) {
            Ok(n) => queued += n,
            Err(e) => tracing::warn!(error = %format!("{e:#}"), what, "channel posts failed"),
        }
    }
    if queued > 0 {
        tracing::info!(posts = queued, "channel posts queued");
        context.mail.kick();
    }
}

/// Queues the automatic reminder of every survey that closes within its reminder days, to
/// those who have not answered. Each survey is reminded once.
pub fn send_due_reminders(
    context: &Context,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<usize, anyhow::Error> {
    let mut conn = context.db.conn()?;
    let due = invitations::due_reminders(&mut conn, now)?;
    let mut queued = 0;
    for (survey, today) in due {
        let sent = write_tx(&mut conn, |c| -> Result<usize, anyhow::Error> {
            // Claim the reminder first: with several nodes, only one sends it.
            if !invitations::mark_reminded(c, survey.id)? {
                return Ok(0);
            }
            let recipients = invitations::remind(c, survey.org_id, survey.id, today)?;
            let org = org::find(c, survey.org_id)?;
            survey_mail::queue(
                c,
                &context.tera,
                &context.base_url,
                &org.name,
                &survey,
                &recipients,
                MailKind::SurveyReminder,
            )
            .map_err(Into::into)
        });
        match sent {
            Ok(n) => queued += n,
            // One survey's problem must not stop the others' reminders.
            Err(e) => {
                tracing::warn!(survey = %survey.id, error = %format!("{e:#}"), "survey reminder failed")
            }
        }
    }
    Ok(queued)
}

/// Queues the reminder of every meeting starting within the next day, to the team's members.
/// Each meeting is reminded once (claimed first, so one node sends it).
pub fn send_meeting_reminders(
    context: &Context,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<usize, anyhow::Error> {
    use crate::domain::meetings::{self, reminders};
    let mut conn = context.db.conn()?;
    let due = reminders::due_meetings(&mut conn, now.naive_utc(), chrono::Duration::hours(24))?;
    let mut queued = 0;
    for meeting in due {
        let sent = write_tx(&mut conn, |c| -> Result<usize, anyhow::Error> {
            if !reminders::claim(c, meeting.id)? {
                return Ok(0);
            }
            let series = meetings::find_series(c, meeting.org_id, meeting.series_id)?;
            let team = crate::domain::teams::find(c, meeting.org_id, meeting.team_id)?;
            let org = org::find(c, meeting.org_id)?;
            let recipients = reminders::attendees(c, &meeting)?;
            let about = followup_mail::MeetingMail {
                meeting: &meeting,
                series: &series,
                team: &team.name,
                time_zone: meetings::zone(&org.time_zone),
                periods: org.periods(),
            };
            let mailed = followup_mail::queue_meeting_reminder(
                c,
                &context.tera,
                &context.base_url,
                &about,
                &recipients,
            )?;
            Ok(mailed + channel_posts::meeting_reminder(c, context, &org, &about)?)
        });
        match sent {
            Ok(n) => queued += n,
            Err(e) => {
                tracing::warn!(meeting = %meeting.id, error = %format!("{e:#}"), "meeting reminder failed")
            }
        }
    }
    Ok(queued)
}

/// From the nudge weekday on (in each organisation's time zone), nudges key-result owners
/// who have not checked in that week; once per person and week.
pub fn send_nudges(
    context: &Context,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<usize, anyhow::Error> {
    use crate::domain::meetings::reminders;
    let mut conn = context.db.conn()?;
    let mut queued = 0;
    for org in org::all(&mut conn)? {
        let from = org.nudge_weekday_or(context.nudge_weekday);
        let Some((monday, since)) = reminders::nudge_week(&org.time_zone, from, now) else {
            continue;
        };
        let sent = write_tx(&mut conn, |c| -> Result<usize, anyhow::Error> {
            let due = reminders::claim_nudges(c, org.id, monday, since)?;
            for (person, recipient) in &due {
                let whose = (org.id, *person, monday);
                followup_mail::queue_nudge(c, &context.tera, &context.base_url, whose, recipient)?;
            }
            Ok(due.len())
        });
        match sent {
            Ok(n) => queued += n,
            Err(e) => {
                tracing::warn!(org = %org.id, error = %format!("{e:#}"), "check-in nudges failed")
            }
        }
    }
    Ok(queued)
}

/// Brings every organisation's adoption rollup up to date: the last two weeks (meetings
/// become missed as days pass), or everything for an organisation without a rollup yet.
pub fn refresh_adoption(
    context: &Context,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<usize, crate::domain::Error> {
    let mut conn = context.db.conn()?;
    let mut weeks = 0;
    for o in org::all(&mut conn)? {
        let today = crate::domain::periods::local_date(&o.time_zone, now);
        let done = write_tx(&mut conn, |c| adoption::scheduled(c, &o, today))?;
        weeks += done.weeks;
    }
    Ok(weeks)
}

/// From Monday 07:00 in the organisation's time zone, queues each ambassador's digest of
/// the week before (once per person and week).
pub fn send_digests(
    context: &Context,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<usize, anyhow::Error> {
    let mut conn = context.db.conn()?;
    let mut queued = 0;
    for o in org::all(&mut conn)? {
        let Some(monday) = adoption::digest::due_week(&o.time_zone, now) else {
            continue;
        };
        let reported = monday - chrono::Days::new(7);
        // One transaction per person: one failing digest does not hold back the others.
        for due in adoption::digest::due(&mut conn, o.id, monday)? {
            let sent = write_tx(&mut conn, |c| -> Result<bool, anyhow::Error> {
                if !adoption::digest::claim(c, o.id, due.person_id, monday)? {
                    return Ok(false);
                }
                let digest = adoption::digest::compose(c, o.id, &due.teams, reported)?;
                followup_mail::queue_digest(
                    c,
                    &context.tera,
                    &context.base_url,
                    o.id,
                    &due.recipient,
                    &digest,
                    o.periods(),
                )?;
                Ok(true)
            });
            match sent {
                Ok(true) => queued += 1,
                Ok(false) => {}
                Err(e) => {
                    tracing::warn!(org = %o.id, error = %format!("{e:#}"), "an adoption digest failed")
                }
            }
        }
    }
    Ok(queued)
}
