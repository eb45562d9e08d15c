//! The mail worker: sends due outbox messages, retrying failures with backoff. Queueing code
//! calls [`MailWorker::kick`] after its transaction commits, so mail goes out at once; the
//! worker also polls, for retries and for messages queued by other nodes.

use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use crate::db::{Db, write_tx};
use crate::domain::{self, now, outbox};
use crate::mail::Mailer;

/// Handle to the worker thread; the thread stops when every handle is dropped.
#[derive(Clone)]
pub struct MailWorker {
    kick: mpsc::Sender<()>,
    /// The channel worker's wake-up, once it runs ([`crate::jobs::channels`]).
    channels: Option<mpsc::Sender<()>>,
}

impl MailWorker {
    /// Asks the workers to look for due mail and channel posts now.
    pub fn kick(&self) {
        let _ = self.kick.send(());
        if let Some(channels) = &self.channels {
            let _ = channels.send(());
        }
    }

    /// This handle, waking the channel worker too.
    pub fn with_channels(mut self, channels: mpsc::Sender<()>) -> MailWorker {
        self.channels = Some(channels);
        self
    }
}

/// Starts the worker thread. `lease` is how long one message may take before another worker
/// may take it over.
pub fn spawn(
    db: Db,
    mailer: Mailer,
    poll: Duration,
    lease: Duration,
) -> std::io::Result<MailWorker> {
    let (kick, kicked) = mpsc::channel::<()>();
    std::thread::Builder::new()
        .name("hverdag-mail".into())
        .spawn(move || {
            let runtime = actix_web::rt::System::new();
            loop {
                if let Err(e) = deliver_due(&db, &mailer, &runtime, lease) {
                    tracing::warn!(error = %e, "mail worker could not read the outbox");
                }
                match kicked.recv_timeout(poll) {
                    Ok(()) => while kicked.try_recv().is_ok() {},
                    Err(RecvTimeoutError::Timeout) => {}
                    Err(RecvTimeoutError::Disconnected) => break,
                }
            }
        })?;
    Ok(MailWorker {
        kick,
        channels: None,
    })
}

/// Sends every message that is due now; returns how many were sent.
pub fn deliver_due(
    db: &Db,
    mailer: &Mailer,
    runtime: &actix_web::rt::SystemRunner,
    lease: Duration,
) -> domain::Result<usize> {
    let lease = chrono::Duration::from_std(lease)
        .map_err(|e| domain::Error::Internal(format!("mail lease: {e}")))?;
    let mut conn = db.conn()?;
    let mut sent = 0;
    loop {
        let ids = outbox::due(&mut conn, outbox::Lane::Mail, now(), 50)?;
        if ids.is_empty() {
            return Ok(sent);
        }
        for id in ids {
            let Some(mail) = write_tx(&mut conn, |c| outbox::claim(c, id, now(), lease))? else {
                continue;
            };
            match runtime.block_on(mailer.deliver(&mail)) {
                Ok(()) => {
                    write_tx(&mut conn, |c| outbox::mark_sent(c, id))?;
                    sent += 1;
                }
                Err(e) => {
                    tracing::warn!(outbox_id = %id, attempt = mail.attempts, error = %e, "mail not sent");
                    write_tx(&mut conn, |c| {
                        outbox::mark_failed(c, id, mail.attempts, &e.to_string())
                    })?;
                }
            }
        }
    }
}
