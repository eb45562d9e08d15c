//! Mail a person reads: composed in their language from `templates/mail/`, and queued in the
//! outbox ([`crate::domain::outbox`]) in the caller's transaction, for the mail worker to send.

pub mod channels;
pub mod followup;
pub mod invitation;
pub mod invite;
pub mod sign_in;
pub mod survey;

/// Why a mail could not be queued.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("could not render the mail")]
    Render(#[from] tera::Error),
    #[error(transparent)]
    Domain(#[from] crate::domain::Error),
}

/// For use cases, whose errors are the domain's: a template that does not render is a bug.
impl From<Error> for crate::domain::Error {
    fn from(e: Error) -> Self {
        match e {
            Error::Domain(e) => e,
            render => crate::domain::Error::Internal(format!("{render:#}")),
        }
    }
}

impl From<diesel::result::Error> for Error {
    fn from(e: diesel::result::Error) -> Self {
        Error::Domain(e.into())
    }
}
