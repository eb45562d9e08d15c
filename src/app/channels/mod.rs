//! Teams and Slack channels (leaders): connecting one (its URL checked, then tested with a
//! real post before it is stored), listing them, disconnecting one.

use crate::app::{Db, Identity, Result};
use crate::domain::audit::{self, Action, Entity, Entry};
use crate::domain::channels::{self, Channel, NewChannel, Post};
use crate::domain::ids::ChannelId;
use crate::domain::people::Role;
use crate::domain::{FieldErrors, Locale, org};
use crate::text::i18n::{t, t_args};

pub mod webhook;

pub use webhook::{Delivery, Webhooks};

/// What a leader connects.
#[derive(Debug, Clone)]
pub struct Connect {
    pub channel: NewChannel,
    /// The webhook URL as pasted.
    pub url: String,
}

pub async fn list(db: &Db, me: &Identity) -> Result<Vec<Channel>> {
    me.require(Role::Leader)?;
    let org_id = me.org_id;
    db.run(move |c| channels::list(c, org_id)).await
}

/// Connects a channel. The URL must fit its kind ([`channels::url::check`]) and accept a
/// first post saying it is connected; only then is the channel stored, its URL sealed.
pub async fn connect(db: &Db, hooks: &Webhooks, me: &Identity, input: Connect) -> Result<Channel> {
    me.require(Role::Leader)?;
    let kind = input.channel.kind;
    let url = channels::url::check(kind, &input.url, hooks.allow_loopback)
        .map_err(|key| FieldErrors::single("url", key))?;
    let org_id = me.org_id;
    let checked = input.channel.clone();
    let locale = db
        .run(move |c| {
            checked.check(c, org_id)?;
            Ok::<_, crate::domain::Error>(org::find(c, org_id)?.locale)
        })
        .await?;
    let locale = Locale::parse(&locale).unwrap_or_default();
    let hello = Post {
        title: t(locale, "channel-test-title"),
        lines: vec![t_args(
            locale,
            "channel-test-body",
            &[("name", input.channel.name.trim().to_owned().into())],
        )],
        ..Post::default()
    };
    match hooks.post(kind, url.as_str(), &hello.payload(kind)).await {
        Delivery::Sent => {}
        Delivery::Gone(_) => return Err(FieldErrors::single("url", "field-channel-url-gone")),
        Delivery::Refused(_) => {
            return Err(FieldErrors::single("url", "field-channel-url-refused"));
        }
        Delivery::Later(..) => {
            return Err(FieldErrors::single("url", "field-channel-url-unreachable"));
        }
    }
    let hint = channels::url::hint(&url);
    let hooks = hooks.clone();
    let me = me.clone();
    db.write(move |c| {
        let channel = channels::create(c, me.org_id, me.person_id, &input.channel, &hint, |id| {
            hooks.seal(id, url.as_str())
        })?;
        let entry = Entry::new(Entity::Channel, channel.id.0, &channel.name, Action::Added);
        audit::record(c, &me, entry.fields(&channel))?;
        Ok(channel)
    })
    .await
}

/// Disconnects a channel: its URL is forgotten at once.
pub async fn remove(db: &Db, me: &Identity, id: ChannelId) -> Result<Channel> {
    me.require(Role::Leader)?;
    let me = me.clone();
    db.write(move |c| {
        let channel = channels::remove(c, me.org_id, id)?;
        let entry = Entry::new(Entity::Channel, id.0, &channel.name, Action::Removed);
        audit::record(c, &me, entry)?;
        Ok(channel)
    })
    .await
}
