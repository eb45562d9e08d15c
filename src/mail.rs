//! Delivery of outbox messages through lettre: SMTP when configured, otherwise one `.eml`
//! file per message in `<data-dir>/mail/`, named by its outbox id. Both are idempotent for a
//! message sent again after a crash: the file is rewritten in place, and over SMTP the
//! message keeps its `Message-ID`, by which receiving systems recognise a repeat.

use std::path::PathBuf;

use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::config::{Config, SmtpTls};
use crate::domain::outbox::OutboxMail;

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("invalid address: {0}")]
    Address(#[from] lettre::address::AddressError),
    #[error("could not build the message: {0}")]
    Build(#[from] lettre::error::Error),
    #[error("SMTP error: {0}")]
    Smtp(#[from] lettre::transport::smtp::Error),
    #[error("could not write the mail file: {0}")]
    Io(#[from] std::io::Error),
    #[error("a content type: {0}")]
    ContentType(#[from] lettre::message::header::ContentTypeErr),
}

enum Transport {
    Files(PathBuf),
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

/// Sends outbox messages through the configured transport.
pub struct Mailer {
    transport: Transport,
    from: Mailbox,
}

impl Mailer {
    pub fn from_config(config: &Config) -> Result<Mailer, MailError> {
        let from: Mailbox = config.mail_from.parse()?;
        let transport = match &config.smtp_host {
            Some(host) => {
                let mut builder = match config.smtp_tls {
                    SmtpTls::None => {
                        AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host.as_str())
                    }
                    SmtpTls::Starttls => {
                        AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host)?
                    }
                    SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(host)?,
                }
                .port(config.smtp_port)
                // Well inside the lease, so a slow server cannot make two nodes send.
                .timeout(Some(std::time::Duration::from_secs(
                    (config.mail_lease_seconds / 2).max(1).into(),
                )));
                if let (Some(user), Some(pass)) = (&config.smtp_username, &config.smtp_password) {
                    builder = builder.credentials(Credentials::new(user.clone(), pass.clone()));
                }
                Transport::Smtp(builder.build())
            }
            None => {
                std::fs::create_dir_all(config.mail_dir())?;
                Transport::Files(config.mail_dir())
            }
        };
        Ok(Mailer { transport, from })
    }

    /// The stable `Message-ID` of an outbox message.
    pub fn message_id(mail: &OutboxMail) -> String {
        format!(
            "<outbox-{}-{}@hverdag>",
            mail.id,
            mail.created_at.and_utc().timestamp()
        )
    }

    fn build(&self, mail: &OutboxMail) -> Result<Message, MailError> {
        let to = Mailbox::new(Some(mail.to_name.clone()), mail.to_address.parse()?);
        Ok(Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject.clone())
            .message_id(Some(Self::message_id(mail)))
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("Auto-Submitted"),
                "auto-generated".to_owned(),
            ))
            .multipart(match &mail.calendar {
                None => MultiPart::alternative_plain_html(
                    mail.text_body.clone(),
                    mail.html_body.clone(),
                ),
                // An invitation: the calendar part last (the richest alternative), with its
                // method in the content type, as Outlook, Google and Apple Calendar expect.
                Some(calendar) => MultiPart::alternative_plain_html(
                    mail.text_body.clone(),
                    mail.html_body.clone(),
                )
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::parse(&format!(
                            "text/calendar; charset=utf-8; method={}",
                            itip_method(calendar)
                        ))?)
                        .body(calendar.clone()),
                ),
            })?)
    }

    /// Delivers one message.
    pub async fn deliver(&self, mail: &OutboxMail) -> Result<(), MailError> {
        let message = self.build(mail)?;
        match &self.transport {
            Transport::Files(dir) => {
                // Write then rename, so a reader never sees half a message.
                let tmp = dir.join(format!(".{}.eml.tmp", mail.id));
                std::fs::write(&tmp, message.formatted())?;
                std::fs::rename(&tmp, dir.join(format!("{}.eml", mail.id)))?;
            }
            Transport::Smtp(t) => {
                t.send(message).await?;
            }
        }
        Ok(())
    }
}

/// The `METHOD` of an iCalendar object (`REQUEST` when it names none).
fn itip_method(calendar: &str) -> &str {
    calendar
        .lines()
        .find_map(|l| l.strip_prefix("METHOD:"))
        .map_or("REQUEST", str::trim)
}
