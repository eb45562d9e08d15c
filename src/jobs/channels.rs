//! The channel worker: posts the outbox's channel rows to their Teams and Slack webhooks, on
//! a thread of its own so that a slow webhook never holds up mail. Delivery is at least once,
//! with the mail outbox's leases and backoff: a worker that dies after the webhook took a
//! post but before marking it sent posts it again when the lease runs out (the one case of a
//! repeat). A `Retry-After` on 429 is followed; 404 and 410 turn the channel off, fail what
//! waits for it and mail the organisation's leaders; another 4xx fails that post only.

use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use crate::app::channels::{Delivery, Webhooks};
use crate::db::{Db, write_tx};
use crate::domain::channels;
use crate::domain::ids::MailId;
use crate::domain::outbox::{self, Lane, OutboxMail, Retry};
use crate::domain::{self, now};
use crate::jobs::mail::MailWorker;

/// What the worker needs.
#[derive(Clone)]
pub struct Context {
    pub db: Db,
    pub hooks: Webhooks,
    pub tera: std::sync::Arc<tera::Tera>,
    pub base_url: String,
    /// Woken after a leader was mailed about a channel turned off.
    pub mail: MailWorker,
    /// How long one post may take before another worker may take it over.
    pub lease: Duration,
}

/// Starts the worker thread; it looks for due posts every `poll`, and at once when the
/// returned sender is sent to. It stops when every sender is dropped.
pub fn spawn(context: Context, poll: Duration) -> std::io::Result<mpsc::Sender<()>> {
    let (kick, kicked) = mpsc::channel::<()>();
    std::thread::Builder::new()
        .name("hverdag-channels".into())
        .spawn(move || {
            let runtime = actix_web::rt::System::new();
            loop {
                if let Err(e) = deliver_due(&context, &runtime) {
                    tracing::warn!(error = %e, "channel worker could not read the outbox");
                }
                match kicked.recv_timeout(poll) {
                    Ok(()) => while kicked.try_recv().is_ok() {},
                    Err(RecvTimeoutError::Timeout) => {}
                    Err(RecvTimeoutError::Disconnected) => break,
                }
            }
        })?;
    Ok(kick)
}

/// Posts every channel row that is due now; returns how many were accepted.
pub fn deliver_due(
    context: &Context,
    runtime: &actix_web::rt::SystemRunner,
) -> domain::Result<usize> {
    let lease = chrono::Duration::from_std(context.lease)
        .map_err(|e| domain::Error::Internal(format!("channel lease: {e}")))?;
    let mut conn = context.db.conn()?;
    let mut sent = 0;
    loop {
        let ids = outbox::due(&mut conn, Lane::Channels, now(), 50)?;
        if ids.is_empty() {
            return Ok(sent);
        }
        for id in ids {
            let Some(post) = write_tx(&mut conn, |c| outbox::claim(c, id, now(), lease))? else {
                continue;
            };
            let delivery = deliver(context, runtime, &mut conn, &post)?;
            if delivery == Delivery::Sent {
                sent += 1;
            }
            settle(context, &mut conn, &post, delivery)?;
        }
    }
}

/// Posts one claimed row.
fn deliver(
    context: &Context,
    runtime: &actix_web::rt::SystemRunner,
    conn: &mut domain::DbConn,
    post: &OutboxMail,
) -> domain::Result<Delivery> {
    let Some(channel) = post.channel_id else {
        return Ok(Delivery::Refused("not a channel post".into()));
    };
    let Some((kind, sealed)) = channels::target(conn, channel)? else {
        return Ok(Delivery::Refused("the channel is not connected".into()));
    };
    let Ok(url) = context.hooks.open(channel, &sealed) else {
        // Another key than the one it was sealed with: every node needs the same.
        return Ok(Delivery::Refused(
            "the channel's address cannot be opened with this server's secret key".into(),
        ));
    };
    let Ok(body) = serde_json::from_str::<serde_json::Value>(&post.html_body) else {
        return Ok(Delivery::Refused("the post is not JSON".into()));
    };
    Ok(runtime.block_on(context.hooks.post(kind, &url, &body)))
}

/// Records what became of a post.
fn settle(
    context: &Context,
    conn: &mut domain::DbConn,
    post: &OutboxMail,
    delivery: Delivery,
) -> domain::Result<()> {
    let id: MailId = post.id;
    match delivery {
        Delivery::Sent => write_tx(conn, |c| outbox::mark_sent(c, id)),
        Delivery::Later(wait, why) => {
            tracing::warn!(outbox_id = %id, attempt = post.attempts, error = %why, "channel post not sent");
            let retry = match wait {
                Some(wait) => {
                    Retry::At(now() + chrono::Duration::from_std(wait).unwrap_or_default())
                }
                None => Retry::Backoff,
            };
            write_tx(conn, |c| {
                outbox::mark_failed_with(c, id, post.attempts, &why, retry)
            })
        }
        Delivery::Refused(why) => {
            tracing::warn!(outbox_id = %id, error = %why, "channel post refused");
            write_tx(conn, |c| {
                outbox::mark_failed_with(c, id, post.attempts, &why, Retry::Never)
            })
        }
        Delivery::Gone(why) => {
            tracing::warn!(outbox_id = %id, error = %why, "channel gone; turned off");
            let told = write_tx(conn, |c| -> domain::Result<usize> {
                outbox::mark_failed_with(c, id, post.attempts, &why, Retry::Never)?;
                let off = match post.channel_id {
                    Some(channel) => channels::disable(c, channel, &why)?,
                    None => None,
                };
                let Some((org_id, off)) = off else {
                    return Ok(0);
                };
                let leaders = channels::leaders(c, org_id)?;
                Ok(crate::text::mail::channels::queue_problem(
                    c,
                    &context.tera,
                    &context.base_url,
                    org_id,
                    &off,
                    &leaders,
                )?)
            })?;
            if told > 0 {
                context.mail.kick();
            }
            Ok(())
        }
    }
}
