//! The mail outbox: every email is first a row, sent later by the mail worker
//! (`jobs::mail`) with retries and exponential backoff. Claims are leases, so a worker that
//! dies mid-send leaves nothing stuck, and several nodes can share one outbox.
//!
//! Delivery is at least once. A message is claimed (`sending`) before it is sent and marked
//! `sent` once the relay has accepted it. A worker that dies in between leaves its claim, and
//! the message goes out again when the lease has run out. If the relay already had it, that
//! is a repeat, with the same `Message-ID` ([`crate::mail::Mailer::message_id`]) so that the
//! receiving side can drop it. Note that the relay may have it even if the worker never saw
//! its `250`: once the final dot is written, the kernel delivers it after the process is
//! gone. A worker sends one message at a time, so one crash repeats at most one message
//! (`tests/crash` kills a sending server twenty times and counts).

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use super::{DbConn, FieldErrors, Page, Result, now};
use crate::db::schema::mail_outbox;
use crate::domain::ids::{ChannelId, MailId, OrgId};

/// After this many failed attempts a message is given up (status `failed`).
pub const MAX_ATTEMPTS: i32 = 8;
pub const PER_PAGE: i64 = 50;

crate::domain::codes::text_enum! {
    /// What kind of mail a row is; kinds marked secret carry a token and lose their bodies
    /// once sent, so that the outbox never keeps a usable link.
    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum MailKind {
        LoginLink = "login_link",
        SurveyInvitation = "survey_invitation",
        SurveyReminder = "survey_reminder",
        MeetingReminder = "meeting_reminder",
        CheckInNudge = "check_in_nudge",
        AdoptionDigest = "adoption_digest",
        Invite = "invite",
        /// The post that tests a channel as it is connected.
        ChannelTest = "channel_test",
        /// A new adoption alert, posted to the ambassadors' channel.
        AdoptionAlert = "adoption_alert",
        /// To leaders: a channel's URL was refused and the channel turned off.
        ChannelProblem = "channel_problem",
        /// A calendar invitation to a meeting series, its update or its cancel.
        CalendarInvitation = "calendar_invitation",
    }
}

impl MailKind {
    /// Kinds whose mail contains a personal link: their bodies go once sent or given up, and
    /// a failed one cannot be retried (the person asks for a new link instead).
    pub const SECRET: [MailKind; 6] = [
        MailKind::LoginLink,
        MailKind::MeetingReminder,
        MailKind::SurveyInvitation,
        MailKind::SurveyReminder,
        MailKind::Invite,
        MailKind::CheckInNudge,
    ];

    fn carries_secret(self) -> bool {
        Self::SECRET.contains(&self)
    }

    /// Kinds whose recipients the outbox page does not show: a survey reminder goes to those
    /// who have not answered, so its recipients would tell a leader who has.
    pub const RECIPIENT_HIDDEN: [MailKind; 1] = [MailKind::SurveyReminder];
}

crate::domain::codes::text_enum! {
    /// Where a message stands: waiting (`queued`, also after a failed attempt), claimed by a
    /// worker (`sending`), accepted by the relay (`sent`), or given up (`failed`).
    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum MailStatus {
        Queued = "queued",
        Sending = "sending",
        Sent = "sent",
        Failed = "failed",
    }
}

/// A message to queue.
#[derive(Debug, Clone)]
pub struct NewMail {
    pub org_id: Option<OrgId>,
    pub kind: MailKind,
    pub to_address: String,
    pub to_name: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
}

/// Which worker delivers a row: mail goes to the SMTP relay, channel posts to webhooks (a
/// slow webhook must not hold up sign-in links).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lane {
    Mail,
    Channels,
}

/// A queued message as the worker sends it.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = mail_outbox)]
pub struct OutboxMail {
    pub id: MailId,
    /// The channel a post goes to; `None` for mail.
    pub channel_id: Option<ChannelId>,
    pub to_address: String,
    pub to_name: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    pub attempts: i32,
    pub created_at: NaiveDateTime,
    /// A calendar invitation to send with it.
    pub calendar: Option<String>,
}

/// A row as the outbox page lists it (no bodies).
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = mail_outbox)]
pub struct OutboxEntry {
    pub id: MailId,
    pub kind: MailKind,
    /// Set for a post to a Teams or Slack channel (then `to_address` is the channel's name).
    pub channel_id: Option<ChannelId>,
    pub to_address: String,
    pub subject: String,
    pub status: MailStatus,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
}

impl OutboxEntry {
    /// Blanks the recipient of a kind in [`MailKind::RECIPIENT_HIDDEN`], and its delivery
    /// error (which may name the address).
    fn hide_recipient(mut self) -> Self {
        if MailKind::RECIPIENT_HIDDEN.contains(&self.kind) {
            self.to_address = String::new();
            self.last_error = None;
        }
        self
    }
}

/// Queues a message; it is sent by the worker after the surrounding transaction commits.
pub fn queue(conn: &mut DbConn, mail: &NewMail) -> Result<MailId> {
    insert(conn, mail, None)
}

/// Queues a message that carries a calendar invitation (an iCalendar object whose `METHOD`
/// says what it is), sent as a `text/calendar` part beside the text and HTML.
pub fn queue_invitation(conn: &mut DbConn, mail: &NewMail, calendar: &str) -> Result<MailId> {
    insert(conn, mail, Some(calendar))
}

fn insert(conn: &mut DbConn, mail: &NewMail, calendar: Option<&str>) -> Result<MailId> {
    let at = now();
    Ok(diesel::insert_into(mail_outbox::table)
        .values((
            mail_outbox::org_id.eq(mail.org_id),
            mail_outbox::kind.eq(mail.kind),
            mail_outbox::to_address.eq(&mail.to_address),
            mail_outbox::to_name.eq(&mail.to_name),
            mail_outbox::subject.eq(&mail.subject),
            mail_outbox::text_body.eq(&mail.text_body),
            mail_outbox::html_body.eq(&mail.html_body),
            mail_outbox::status.eq(MailStatus::Queued),
            mail_outbox::attempts.eq(0),
            mail_outbox::next_attempt_at.eq(at),
            mail_outbox::created_at.eq(at),
            mail_outbox::calendar.eq(calendar),
        ))
        .returning(mail_outbox::id)
        .get_result(conn)?)
}

/// How many messages of `kind` were queued for `address` in the last `minutes`.
pub fn recent_to(conn: &mut DbConn, kind: MailKind, address: &str, minutes: i64) -> Result<i64> {
    Ok(mail_outbox::table
        .filter(mail_outbox::kind.eq(kind))
        .filter(mail_outbox::to_address.eq(address.trim().to_lowercase()))
        .filter(mail_outbox::created_at.gt(now() - Duration::minutes(minutes)))
        .count()
        .get_result(conn)?)
}

/// Ids of the messages of `lane` due now: queued and due, or claimed by a worker whose
/// lease ran out.
pub fn due(conn: &mut DbConn, lane: Lane, at: NaiveDateTime, limit: i64) -> Result<Vec<MailId>> {
    let q = mail_outbox::table.into_boxed();
    let q = match lane {
        Lane::Mail => q.filter(mail_outbox::channel_id.is_null()),
        Lane::Channels => q.filter(mail_outbox::channel_id.is_not_null()),
    };
    Ok(q.filter(
        mail_outbox::status
            .eq(MailStatus::Queued)
            .and(mail_outbox::next_attempt_at.le(at))
            .or(mail_outbox::status
                .eq(MailStatus::Sending)
                .and(mail_outbox::locked_until.lt(at))),
    )
    .order(mail_outbox::id.asc())
    .limit(limit)
    .select(mail_outbox::id)
    .load(conn)?)
}

/// Takes a message for sending if it is still due; `None` when another worker has it. The
/// claim lasts `lease`: if the worker dies, the message is due again after it.
pub fn claim(
    conn: &mut DbConn,
    id: MailId,
    at: NaiveDateTime,
    lease: Duration,
) -> Result<Option<OutboxMail>> {
    let claimed = diesel::update(
        mail_outbox::table.filter(mail_outbox::id.eq(id)).filter(
            mail_outbox::status
                .eq(MailStatus::Queued)
                .and(mail_outbox::next_attempt_at.le(at))
                .or(mail_outbox::status
                    .eq(MailStatus::Sending)
                    .and(mail_outbox::locked_until.lt(at))),
        ),
    )
    .set((
        mail_outbox::status.eq(MailStatus::Sending),
        mail_outbox::locked_until.eq(Some(at + lease)),
        mail_outbox::attempts.eq(mail_outbox::attempts + 1),
    ))
    .execute(conn)?;
    if claimed == 0 {
        return Ok(None);
    }
    Ok(Some(
        mail_outbox::table
            .find(id)
            .select(OutboxMail::as_select())
            .first(conn)?,
    ))
}

/// Whether a row is a mail whose bodies carry a personal link (channel posts never do).
fn carries_secret(conn: &mut DbConn, id: MailId) -> Result<bool> {
    let (kind, channel): (MailKind, Option<ChannelId>) = mail_outbox::table
        .find(id)
        .select((mail_outbox::kind, mail_outbox::channel_id))
        .first(conn)?;
    Ok(channel.is_none() && kind.carries_secret())
}

fn forget_bodies(conn: &mut DbConn, id: MailId) -> Result<()> {
    diesel::update(mail_outbox::table.find(id))
        .set((mail_outbox::text_body.eq(""), mail_outbox::html_body.eq("")))
        .execute(conn)?;
    Ok(())
}

/// Marks a message sent; bodies that carried a secret are blanked.
pub fn mark_sent(conn: &mut DbConn, id: MailId) -> Result<()> {
    diesel::update(mail_outbox::table.find(id))
        .set((
            mail_outbox::status.eq(MailStatus::Sent),
            mail_outbox::sent_at.eq(Some(now())),
            mail_outbox::locked_until.eq(None::<NaiveDateTime>),
            mail_outbox::last_error.eq(None::<String>),
        ))
        .execute(conn)?;
    if carries_secret(conn, id)? {
        forget_bodies(conn, id)?;
    }
    Ok(())
}

/// The wait before the next try after `attempts` failures: 30 s, 1 min, 2 min, … up to 1 h.
pub fn backoff(attempts: i32) -> Duration {
    let exp = attempts.clamp(1, 12) - 1;
    Duration::seconds((30i64 << exp).min(3600))
}

/// When a failed attempt is tried again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    /// After [`backoff`], until [`MAX_ATTEMPTS`].
    Backoff,
    /// At this time (a `Retry-After` the receiver asked for), until [`MAX_ATTEMPTS`].
    At(NaiveDateTime),
    /// Never: the receiver refused the message itself.
    Never,
}

/// Records a failed attempt: retried later with backoff, or given up after
/// [`MAX_ATTEMPTS`]. A message given up loses bodies that carried a secret, as a sent one does.
pub fn mark_failed(conn: &mut DbConn, id: MailId, attempts: i32, error: &str) -> Result<()> {
    mark_failed_with(conn, id, attempts, error, Retry::Backoff)
}

/// [`mark_failed`], with the retry chosen by the caller.
pub fn mark_failed_with(
    conn: &mut DbConn,
    id: MailId,
    attempts: i32,
    error: &str,
    retry: Retry,
) -> Result<()> {
    let give_up = attempts >= MAX_ATTEMPTS || retry == Retry::Never;
    let next = match retry {
        Retry::At(at) => at,
        Retry::Backoff | Retry::Never => now() + backoff(attempts),
    };
    let error: String = error.chars().take(500).collect();
    diesel::update(mail_outbox::table.find(id))
        .set((
            mail_outbox::status.eq(if give_up {
                MailStatus::Failed
            } else {
                MailStatus::Queued
            }),
            mail_outbox::next_attempt_at.eq(next),
            mail_outbox::locked_until.eq(None::<NaiveDateTime>),
            mail_outbox::last_error.eq(Some(error)),
        ))
        .execute(conn)?;
    if give_up && carries_secret(conn, id)? {
        forget_bodies(conn, id)?;
    }
    Ok(())
}

/// Filters for the outbox page.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct OutboxQuery {
    /// A status code; an unknown one lists every message.
    pub status: Option<String>,
    pub page: Option<i64>,
}

/// A page of the organisation's outbox, newest first.
pub fn list(conn: &mut DbConn, org_id: OrgId, query: &OutboxQuery) -> Result<Page<OutboxEntry>> {
    let status = query.status.as_deref().and_then(MailStatus::parse);
    let build = || {
        let mut q = mail_outbox::table
            .filter(mail_outbox::org_id.eq(org_id))
            .into_boxed();
        if let Some(status) = status {
            q = q.filter(mail_outbox::status.eq(status));
        }
        q
    };
    let total: i64 = build().count().get_result(conn)?;
    let page = super::page_number(query.page, PER_PAGE);
    let items = build()
        .order(mail_outbox::id.desc())
        .limit(PER_PAGE)
        .offset((page - 1) * PER_PAGE)
        .select(OutboxEntry::as_select())
        .load::<OutboxEntry>(conn)?
        .into_iter()
        .map(OutboxEntry::hide_recipient)
        .collect();
    Ok(Page {
        items,
        page,
        per_page: PER_PAGE,
        total,
    })
}

/// Puts a failed message of the organisation back in the queue, due now. A message that
/// carried a secret lost its bodies when it was given up, so it cannot be sent again: the
/// person has to ask for a new link.
pub fn retry(conn: &mut DbConn, org_id: OrgId, id: MailId) -> Result<()> {
    mail_outbox::table
        .filter(mail_outbox::org_id.eq(org_id))
        .filter(mail_outbox::id.eq(id))
        .filter(mail_outbox::status.eq(MailStatus::Failed))
        .select(mail_outbox::id)
        .first::<MailId>(conn)?;
    if carries_secret(conn, id)? {
        return Err(FieldErrors::single("mail", "field-mail-expired"));
    }
    let n = diesel::update(
        mail_outbox::table
            .filter(mail_outbox::org_id.eq(org_id))
            .filter(mail_outbox::id.eq(id))
            .filter(mail_outbox::status.eq(MailStatus::Failed)),
    )
    .set((
        mail_outbox::status.eq(MailStatus::Queued),
        mail_outbox::attempts.eq(0),
        mail_outbox::next_attempt_at.eq(now()),
    ))
    .execute(conn)?;
    crate::domain::found(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Error;
    use crate::domain::testing::{TestDb, org};

    const LEASE: Duration = Duration::seconds(60);

    fn mail(org_id: OrgId, to: &str) -> NewMail {
        NewMail {
            org_id: Some(org_id),
            kind: MailKind::LoginLink,
            to_address: to.into(),
            to_name: "Kari".into(),
            subject: "Hi".into(),
            text_body: "secret link".into(),
            html_body: "<p>secret link</p>".into(),
        }
    }

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        assert_eq!(backoff(1), Duration::seconds(30));
        assert_eq!(backoff(2), Duration::seconds(60));
        assert_eq!(backoff(5), Duration::seconds(480));
        assert_eq!(backoff(8), Duration::seconds(3600));
        assert_eq!(backoff(100), Duration::seconds(3600));
    }

    #[test]
    fn a_message_is_claimed_once_and_a_lapsed_lease_frees_it() {
        let t = TestDb::fresh();
        let mut c = t.conn();
        let acme = org(&mut c, "acme");
        let id = queue(&mut c, &mail(acme, "kari@acme.no")).unwrap();
        let at = now();
        assert_eq!(due(&mut c, Lane::Mail, at, 10).unwrap(), vec![id]);
        assert!(claim(&mut c, id, at, LEASE).unwrap().is_some());
        assert!(
            claim(&mut c, id, at, LEASE).unwrap().is_none(),
            "claimed twice"
        );
        assert!(due(&mut c, Lane::Mail, at, 10).unwrap().is_empty());
        // The worker died: after the lease, the message is due again.
        let later = at + LEASE + Duration::seconds(1);
        assert_eq!(due(&mut c, Lane::Mail, later, 10).unwrap(), vec![id]);
        let again = claim(&mut c, id, later, LEASE).unwrap().unwrap();
        assert_eq!(again.attempts, 2);
        mark_sent(&mut c, id).unwrap();
        assert!(
            due(&mut c, Lane::Mail, later + Duration::hours(2), 10)
                .unwrap()
                .is_empty()
        );
        let (text, html): (String, String) = mail_outbox::table
            .find(id)
            .select((mail_outbox::text_body, mail_outbox::html_body))
            .first(&mut c)
            .unwrap();
        assert_eq!(
            (text.as_str(), html.as_str()),
            ("", ""),
            "secret kept after sending"
        );
    }

    fn bodies(c: &mut DbConn, id: MailId) -> (String, String) {
        mail_outbox::table
            .find(id)
            .select((mail_outbox::text_body, mail_outbox::html_body))
            .first(c)
            .unwrap()
    }

    #[test]
    fn failures_back_off_then_give_up_and_leaders_can_retry() {
        let t = TestDb::fresh();
        let mut c = t.conn();
        let acme = org(&mut c, "acme");
        let other = org(&mut c, "other");
        let id = queue(&mut c, &mail(acme, "kari@acme.no")).unwrap();
        // A kind without a link (an adoption digest) keeps its bodies.
        diesel::update(mail_outbox::table.find(id))
            .set(mail_outbox::kind.eq(MailKind::AdoptionDigest))
            .execute(&mut c)
            .unwrap();
        let mut at = now();
        for attempt in 1..=MAX_ATTEMPTS {
            let m = claim(&mut c, id, at, LEASE).unwrap().expect("due");
            assert_eq!(m.attempts, attempt);
            mark_failed(&mut c, id, m.attempts, "connection refused").unwrap();
            assert!(
                due(&mut c, Lane::Mail, now(), 10).unwrap().is_empty(),
                "retried without backoff"
            );
            at = now() + backoff(attempt) + Duration::seconds(1);
        }
        let entry = &list(&mut c, acme, &OutboxQuery::default()).unwrap().items[0];
        assert_eq!(entry.status, MailStatus::Failed);
        assert_eq!(entry.last_error.as_deref(), Some("connection refused"));
        assert!(
            due(&mut c, Lane::Mail, at + Duration::days(1), 10)
                .unwrap()
                .is_empty()
        );
        assert!(matches!(retry(&mut c, other, id), Err(Error::NotFound)));
        assert!(
            list(&mut c, other, &OutboxQuery::default())
                .unwrap()
                .items
                .is_empty()
        );
        assert_eq!(
            bodies(&mut c, id),
            ("secret link".to_owned(), "<p>secret link</p>".to_owned()),
            "a message without a secret keeps its bodies for a retry"
        );
        retry(&mut c, acme, id).unwrap();
        assert_eq!(due(&mut c, Lane::Mail, now(), 10).unwrap(), vec![id]);
    }

    #[test]
    fn a_message_with_a_secret_given_up_loses_its_bodies_and_cannot_be_retried() {
        let t = TestDb::fresh();
        let mut c = t.conn();
        let acme = org(&mut c, "acme");
        let other = org(&mut c, "other");
        let id = queue(&mut c, &mail(acme, "kari@acme.no")).unwrap();
        let mut at = now();
        for attempt in 1..=MAX_ATTEMPTS {
            let m = claim(&mut c, id, at, LEASE).unwrap().expect("due");
            assert_eq!(
                m.text_body, "secret link",
                "bodies blanked before giving up"
            );
            mark_failed(&mut c, id, m.attempts, "connection refused").unwrap();
            at = now() + backoff(attempt) + Duration::seconds(1);
        }
        let entry = &list(&mut c, acme, &OutboxQuery::default()).unwrap().items[0];
        assert_eq!(entry.status, MailStatus::Failed);
        assert_eq!(
            bodies(&mut c, id),
            (String::new(), String::new()),
            "the link stays in the outbox after giving up"
        );

        // Another organisation still sees nothing; the owner is told why it cannot be sent.
        assert!(matches!(retry(&mut c, other, id), Err(Error::NotFound)));
        match retry(&mut c, acme, id) {
            Err(Error::Invalid(errors)) => {
                assert_eq!(errors.by_field().get("mail"), Some(&"field-mail-expired"));
            }
            result => panic!("an empty message was retried: {result:?}"),
        }
        let entry = &list(&mut c, acme, &OutboxQuery::default()).unwrap().items[0];
        assert_eq!(entry.status, MailStatus::Failed);
        assert!(
            due(&mut c, Lane::Mail, now() + Duration::days(1), 10)
                .unwrap()
                .is_empty()
        );
    }
}
