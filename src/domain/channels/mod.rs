//! Channels in Microsoft Teams or Slack that an organisation, a department or a team
//! connects by pasting an incoming-webhook URL, and the posts queued for them.
//!
//! A channel covers its team and every team under it (the whole organisation when it has no
//! team), and takes the posts it was connected for: meeting reminders and weekly nudges
//! ([`Purpose::Meetings`]), adoption alerts and the weekly digest ([`Purpose::Adoption`]).
//! The URL is sealed ([`super::sealed`]); no page or API answer shows it after it is saved.
//! Posts are rows of the outbox, delivered by `jobs::channels` at least once; a `dedupe_key`
//! per channel queues each one once however many nodes try.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use super::ids::{ChannelId, OrgId, PersonId, TeamId};
use super::meetings::reminders::Recipient;
use super::outbox::{MailKind, MailStatus};
use super::people::Role;
use super::{DbConn, FieldErrors, Result, now};
use crate::db::schema::{accounts, channels, mail_outbox, people, person_roles, teams};

pub mod nudge;
pub mod payload;
pub mod url;

pub use payload::Post;

crate::domain::codes::text_enum! {
    /// Where a channel lives.
    #[derive(Serialize, Deserialize, utoipa::ToSchema)]
    #[serde(rename_all = "snake_case")]
    pub enum ChannelKind {
        /// A Teams channel, through a Workflows webhook (an Adaptive Card).
        Teams = "teams",
        /// A Slack channel, through an incoming webhook (Block Kit).
        Slack = "slack",
    }
}

crate::domain::codes::text_enum! {
    /// Whether a channel takes posts.
    #[derive(Serialize, Deserialize, utoipa::ToSchema)]
    #[serde(rename_all = "snake_case")]
    pub enum ChannelStatus {
        Active = "active",
        /// Its URL was refused (404 or 410: the channel or the flow is gone); a leader
        /// connects it again with a new URL.
        Disabled = "disabled",
        /// Disconnected by a leader; its URL is gone, its posts stay in the outbox.
        Removed = "removed",
    }
}

/// The posts a channel takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Meetings,
    Adoption,
}

/// A connected channel as pages and the API show it (never its URL).
#[derive(Debug, Clone, Queryable, Selectable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = channels)]
pub struct Channel {
    pub id: ChannelId,
    /// The team or department it covers (with the teams under it); none: the organisation.
    pub team_id: Option<TeamId>,
    pub kind: ChannelKind,
    pub name: String,
    /// The URL's host and last four characters.
    pub url_hint: String,
    pub posts_meetings: bool,
    pub posts_adoption: bool,
    pub status: ChannelStatus,
    /// Why it was disabled.
    pub problem: Option<String>,
    pub created_at: NaiveDateTime,
}

/// What a leader connects; the URL checked by [`url::check`] and sealed by the caller.
#[derive(Debug, Clone)]
pub struct NewChannel {
    pub team_id: Option<TeamId>,
    pub kind: ChannelKind,
    pub name: String,
    pub posts_meetings: bool,
    pub posts_adoption: bool,
}

impl NewChannel {
    /// The field errors of everything but the URL.
    pub fn check(&self, conn: &mut DbConn, org_id: OrgId) -> Result<()> {
        let mut errors = FieldErrors::default();
        let name = self.name.trim();
        if name.is_empty() {
            errors.add("name", "field-channel-name-required");
        } else if name.chars().count() > 100 {
            errors.add("name", "field-channel-name-length");
        }
        if !self.posts_meetings && !self.posts_adoption {
            errors.add("posts", "field-channel-posts-required");
        }
        if let Some(team) = self.team_id {
            let known: i64 = teams::table
                .filter(teams::org_id.eq(org_id))
                .filter(teams::id.eq(team))
                .count()
                .get_result(conn)?;
            if known == 0 {
                errors.add("team_id", "field-channel-team-unknown");
            }
        }
        errors.into_result()
    }
}

/// Stores a channel whose URL has answered its test post. `seal` seals the URL for the new
/// row's purpose ([`purpose`]).
pub fn create(
    conn: &mut DbConn,
    org_id: OrgId,
    by: PersonId,
    input: &NewChannel,
    url_hint: &str,
    seal: impl FnOnce(ChannelId) -> String,
) -> Result<Channel> {
    input.check(conn, org_id)?;
    let at = now();
    let id: ChannelId = diesel::insert_into(channels::table)
        .values((
            channels::org_id.eq(org_id),
            channels::team_id.eq(input.team_id),
            channels::kind.eq(input.kind),
            channels::name.eq(input.name.trim()),
            channels::url_sealed.eq(""),
            channels::url_hint.eq(url_hint),
            channels::posts_meetings.eq(input.posts_meetings),
            channels::posts_adoption.eq(input.posts_adoption),
            channels::status.eq(ChannelStatus::Active),
            channels::created_by.eq(Some(by)),
            channels::created_at.eq(at),
            channels::changed_at.eq(at),
        ))
        .returning(channels::id)
        .get_result(conn)?;
    diesel::update(channels::table.find(id))
        .set(channels::url_sealed.eq(seal(id)))
        .execute(conn)?;
    find(conn, org_id, id)
}

/// What a channel's URL is sealed for.
pub fn purpose(id: ChannelId) -> String {
    format!("channel-url:{id}")
}

/// The organisation's channels, removed ones left out, newest first.
pub fn list(conn: &mut DbConn, org_id: OrgId) -> Result<Vec<Channel>> {
    Ok(channels::table
        .filter(channels::org_id.eq(org_id))
        .filter(channels::status.ne(ChannelStatus::Removed))
        .order(channels::id.desc())
        .select(Channel::as_select())
        .load(conn)?)
}

pub fn find(conn: &mut DbConn, org_id: OrgId, id: ChannelId) -> Result<Channel> {
    Ok(channels::table
        .filter(channels::org_id.eq(org_id))
        .filter(channels::id.eq(id))
        .filter(channels::status.ne(ChannelStatus::Removed))
        .select(Channel::as_select())
        .first(conn)?)
}

/// Fails the posts still waiting for a channel (it was removed or disabled).
fn drop_waiting(conn: &mut DbConn, id: ChannelId, why: &str) -> Result<()> {
    diesel::update(
        mail_outbox::table
            .filter(mail_outbox::channel_id.eq(id))
            .filter(mail_outbox::status.eq_any([MailStatus::Queued, MailStatus::Sending])),
    )
    .set((
        mail_outbox::status.eq(MailStatus::Failed),
        mail_outbox::locked_until.eq(None::<NaiveDateTime>),
        mail_outbox::last_error.eq(Some(why)),
    ))
    .execute(conn)?;
    Ok(())
}

/// Disconnects a channel: its URL is forgotten, its waiting posts fail, its history stays.
pub fn remove(conn: &mut DbConn, org_id: OrgId, id: ChannelId) -> Result<Channel> {
    let channel = find(conn, org_id, id)?;
    diesel::update(channels::table.find(id))
        .set((
            channels::status.eq(ChannelStatus::Removed),
            channels::url_sealed.eq(""),
            channels::changed_at.eq(now()),
        ))
        .execute(conn)?;
    drop_waiting(conn, id, "the channel was disconnected")?;
    Ok(channel)
}

/// Turns a channel off after its URL was refused; `None` when it was not active any more
/// (another node did it, or a leader removed it).
pub fn disable(
    conn: &mut DbConn,
    id: ChannelId,
    problem: &str,
) -> Result<Option<(OrgId, Channel)>> {
    let n = diesel::update(
        channels::table
            .find(id)
            .filter(channels::status.eq(ChannelStatus::Active)),
    )
    .set((
        channels::status.eq(ChannelStatus::Disabled),
        channels::problem.eq(Some(problem)),
        channels::changed_at.eq(now()),
    ))
    .execute(conn)?;
    drop_waiting(conn, id, problem)?;
    if n == 0 {
        return Ok(None);
    }
    Ok(Some(
        channels::table
            .find(id)
            .select((channels::org_id, Channel::as_select()))
            .first(conn)?,
    ))
}

/// A channel's sealed URL and kind, if it takes posts.
pub fn target(conn: &mut DbConn, id: ChannelId) -> Result<Option<(ChannelKind, String)>> {
    Ok(channels::table
        .find(id)
        .filter(channels::status.eq(ChannelStatus::Active))
        .select((channels::kind, channels::url_sealed))
        .first(conn)
        .optional()?)
}

/// The active channels that take `purpose` posts about `team`: the team's own, its
/// departments', and the organisation's.
pub fn covering(
    conn: &mut DbConn,
    org_id: OrgId,
    team: TeamId,
    purpose: Purpose,
) -> Result<Vec<Channel>> {
    let tree: Vec<(TeamId, Option<TeamId>)> = teams::table
        .filter(teams::org_id.eq(org_id))
        .select((teams::id, teams::parent_id))
        .load(conn)?;
    let parent = |t: TeamId| tree.iter().find(|row| row.0 == t).and_then(|row| row.1);
    let line: Vec<TeamId> = std::iter::successors(Some(team), |t| parent(*t))
        .take(tree.len() + 1)
        .collect();
    Ok(active(conn, org_id, purpose)?
        .into_iter()
        .filter(|c| c.team_id.is_none_or(|t| line.contains(&t)))
        .collect())
}

/// The teams and departments a channel covers (its own and every one below it; all of them
/// for the organisation's), by name.
pub fn teams_under(
    conn: &mut DbConn,
    org_id: OrgId,
    channel: &Channel,
) -> Result<Vec<(TeamId, String)>> {
    let tree: Vec<(TeamId, Option<TeamId>, String)> = teams::table
        .filter(teams::org_id.eq(org_id))
        .order(teams::name.asc())
        .select((teams::id, teams::parent_id, teams::name))
        .load(conn)?;
    let parent = |t: TeamId| tree.iter().find(|row| row.0 == t).and_then(|row| row.1);
    let under = |team: TeamId| match channel.team_id {
        None => true,
        // At most as many steps up as there are teams (the tree has no cycles).
        Some(root) => std::iter::successors(Some(team), |t| parent(*t))
            .take(tree.len())
            .any(|t| t == root),
    };
    Ok(tree
        .iter()
        .filter(|(id, ..)| under(*id))
        .map(|(id, _, name)| (*id, name.clone()))
        .collect())
}

/// Whether a post with `key` was queued for `channel` already.
pub fn queued(conn: &mut DbConn, channel: ChannelId, key: &str) -> Result<bool> {
    let n: i64 = mail_outbox::table
        .filter(mail_outbox::channel_id.eq(channel))
        .filter(mail_outbox::dedupe_key.eq(key))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// The organisation's active channels that take `purpose` posts.
pub fn active(conn: &mut DbConn, org_id: OrgId, purpose: Purpose) -> Result<Vec<Channel>> {
    let mut q = channels::table
        .filter(channels::org_id.eq(org_id))
        .filter(channels::status.eq(ChannelStatus::Active))
        .into_boxed();
    q = match purpose {
        Purpose::Meetings => q.filter(channels::posts_meetings.eq(true)),
        Purpose::Adoption => q.filter(channels::posts_adoption.eq(true)),
    };
    Ok(q.order(channels::id.asc())
        .select(Channel::as_select())
        .load(conn)?)
}

/// The organisation's active leaders, who are told when a channel is turned off.
pub fn leaders(conn: &mut DbConn, org_id: OrgId) -> Result<Vec<Recipient>> {
    Ok(people::table
        .inner_join(accounts::table)
        .inner_join(person_roles::table.on(person_roles::person_id.eq(people::id)))
        .filter(people::org_id.eq(org_id))
        .filter(people::active.eq(true))
        .filter(person_roles::role.eq(Role::Leader))
        .order(people::name.asc())
        .select((people::name, accounts::email, accounts::locale))
        .load(conn)?)
}

/// Queues `post` for `channel`, once per `key`: a second call with the same key (another
/// node, a retried job) adds nothing. Returns whether it was queued now.
pub fn queue(
    conn: &mut DbConn,
    org_id: OrgId,
    channel: &Channel,
    kind: MailKind,
    key: &str,
    post: &Post,
) -> Result<bool> {
    let at = now();
    let insert = diesel::insert_into(mail_outbox::table)
        .values((
            mail_outbox::org_id.eq(Some(org_id)),
            mail_outbox::kind.eq(kind),
            mail_outbox::to_address.eq(&channel.name),
            mail_outbox::to_name.eq(channel.kind.code()),
            mail_outbox::subject.eq(&post.title),
            mail_outbox::text_body.eq(post.plain()),
            mail_outbox::html_body.eq(post.payload(channel.kind).to_string()),
            mail_outbox::status.eq(MailStatus::Queued),
            mail_outbox::attempts.eq(0),
            mail_outbox::next_attempt_at.eq(at),
            mail_outbox::created_at.eq(at),
            mail_outbox::channel_id.eq(Some(channel.id)),
            mail_outbox::dedupe_key.eq(Some(key)),
        ))
        .on_conflict_do_nothing();
    // A multi-connection cannot say ON CONFLICT; each backend's own connection can.
    let n = match conn {
        DbConn::Sqlite(c) => insert.execute(c)?,
        DbConn::Pg(c) => insert.execute(c)?,
    };
    Ok(n > 0)
}

#[cfg(test)]
mod tests;
