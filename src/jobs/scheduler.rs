//! Periodic work: automatic survey reminders, and clean-up of expired sessions, login links
//! and throttling records. Runs at start and then every interval, on its own thread (its
//! queries block), until its handle is dropped.

use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use crate::db::{Db, write_tx};
use crate::domain::outbox::MailKind;
use crate::domain::surveys::{answers, invitations};
use crate::domain::{auth, org};
use crate::jobs::mail::MailWorker;
use crate::web::errors::AppError;
use crate::web::survey_mail;

/// The scheduler thread; it stops when this handle is dropped.
pub struct Scheduler {
    _stop: mpsc::Sender<()>,
}

/// What the scheduled work needs.
pub struct Context {
    pub db: Db,
    pub tera: tera::Tera,
    pub base_url: String,
    pub mail: MailWorker,
}

pub fn spawn(context: Context, every: Duration) -> Scheduler {
    let (stop, stopped) = mpsc::channel::<()>();
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
    Scheduler { _stop: stop }
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
        Err(e) => tracing::warn!(error = %e, "survey reminders failed"),
    }
    let pruned = context
        .db
        .conn()
        .map_err(crate::domain::Error::from)
        .and_then(|mut conn| auth::prune(&mut conn));
    if let Err(e) = pruned {
        tracing::warn!(error = %e, "clean-up failed");
    }
}

/// Queues the automatic reminder of every survey that closes within its reminder days, to
/// those who have not answered. Each survey is reminded once.
pub fn send_due_reminders(
    context: &Context,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<usize, AppError> {
    let mut conn = context.db.conn()?;
    let due = invitations::due_reminders(&mut conn, now)?;
    let mut queued = 0;
    for (survey, today) in due {
        let sent = write_tx(&mut conn, |c| -> Result<usize, AppError> {
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
        });
        match sent {
            Ok(n) => queued += n,
            // One survey's problem must not stop the others' reminders.
            Err(e) => tracing::warn!(survey = survey.id, error = %e, "survey reminder failed"),
        }
    }
    Ok(queued)
}
