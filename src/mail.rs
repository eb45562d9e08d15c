//! Outgoing mail through lettre: SMTP when configured, otherwise `.eml` files written to
//! `<data-dir>/mail/` (lettre's file transport), which is what development and tests read.

use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::config::{Config, SmtpTls};

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("invalid address: {0}")]
    Address(#[from] lettre::address::AddressError),
    #[error("could not build the message: {0}")]
    Build(#[from] lettre::error::Error),
    #[error("SMTP error: {0}")]
    Smtp(#[from] lettre::transport::smtp::Error),
    #[error("could not write the mail file: {0}")]
    File(#[from] lettre::transport::file::Error),
    #[error("could not create the mail directory: {0}")]
    Io(#[from] std::io::Error),
}

/// One email, with a plain-text and an HTML body.
#[derive(Debug, Clone)]
pub struct Email {
    pub to_name: String,
    pub to_address: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

enum Transport {
    File(AsyncFileTransport<Tokio1Executor>),
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

/// Sends [`Email`]s through the configured transport.
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
                .port(config.smtp_port);
                if let (Some(user), Some(pass)) = (&config.smtp_username, &config.smtp_password) {
                    builder = builder.credentials(Credentials::new(user.clone(), pass.clone()));
                }
                Transport::Smtp(builder.build())
            }
            None => {
                std::fs::create_dir_all(config.mail_dir())?;
                Transport::File(AsyncFileTransport::new(config.mail_dir()))
            }
        };
        Ok(Mailer { transport, from })
    }

    pub async fn send(&self, email: &Email) -> Result<(), MailError> {
        let to = Mailbox::new(Some(email.to_name.clone()), email.to_address.parse()?);
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(email.subject.clone())
            .multipart(MultiPart::alternative_plain_html(
                email.text.clone(),
                email.html.clone(),
            ))?;
        match &self.transport {
            Transport::File(t) => {
                t.send(message).await?;
            }
            Transport::Smtp(t) => {
                t.send(message).await?;
            }
        }
        Ok(())
    }
}
