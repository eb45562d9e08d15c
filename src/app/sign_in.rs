//! Signing in with a password or an emailed single-use link, and out. Every way in ends
//! the same: a new session (a fresh id, so nothing known before survives it) that replaces
//! the one the browser had. An account that is a person of several organisations starts in
//! the first by name and is asked which it wants ([`SignedIn::choose`]).

use crate::app::{Db, Mail, Result};
use crate::domain::auth::{self, LinkProblem};
use crate::domain::outbox::{self, MailKind};
use crate::domain::people::PersonRow;
use crate::domain::people::accounts::{self, SignIn};
use crate::domain::sessions::Seen;
use crate::text::mail::sign_in as sign_in_mail;

/// Why a password sign-in was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// Too many failures for the address or from the client: try again later, or by link.
    Throttled,
    /// Unknown address, wrong password or a deactivated person (the answer does not say).
    Failed,
}

/// A password sign-in: the address and password typed, and the client's address (for
/// throttling) and browser (for the person's list of sessions).
pub struct Attempt {
    pub email: String,
    pub password: String,
    pub ip: String,
    pub user_agent: Option<String>,
}

/// A new session, and whether its account has organisations to choose between.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub token: String,
    pub choose: bool,
}

/// A hash to verify against when the email is unknown, so both cases take as long.
fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| auth::hash_password("not a real password").unwrap_or_default())
}

/// Signs in with an email address and password. Every attempt is recorded for throttling.
pub async fn with_password(
    db: &Db,
    attempt: Attempt,
    replaced: Option<String>,
) -> Result<std::result::Result<SignedIn, Refused>> {
    let Attempt {
        email,
        password,
        ip,
        user_agent,
    } = attempt;
    let seen = Seen {
        user_agent,
        address: Some(ip.clone()),
    };
    let (e, i) = (email.clone(), ip.clone());
    if db.run(move |c| auth::is_throttled(c, &e, &i)).await? {
        return Ok(Err(Refused::Throttled));
    }
    let e = email.clone();
    let found = db.run(move |c| accounts::for_sign_in(c, &e)).await?;
    // Verifying is slow on purpose: off the async executor.
    let person = actix_web::rt::task::spawn_blocking(move || -> Option<(PersonRow, bool)> {
        match found {
            Some(SignIn {
                password_hash: Some(hash),
                first,
                choose,
            }) => auth::verify_password(&password, &hash).then_some((first, choose)),
            _ => {
                auth::verify_password(&password, dummy_hash());
                None
            }
        }
    })
    .await
    .map_err(|e| crate::domain::Error::Internal(format!("password check: {e}")))?;
    let ok = person.is_some();
    db.run(move |c| auth::record_attempt(c, &email, &ip, ok))
        .await?;
    match person {
        Some((person, choose)) => {
            let token = db
                .write(move |c| {
                    auth::replace_session(c, &person, &seen, replaced.as_deref(), false)
                })
                .await?;
            Ok(Ok(SignedIn { token, choose }))
        }
        None => Ok(Err(Refused::Failed)),
    }
}

/// Mails a sign-in link to the address, if a person with it may sign in. Links are the way
/// back in when password sign-in is throttled, so they are limited on their own, never by
/// password failures: a few per address and some per client address per quarter hour,
/// quietly (the caller's page is the same whether a link went or not).
pub async fn request_link(db: &Db, email: String, ip: String, mail: Mail) -> Result<()> {
    db.write(move |c| {
        let throttled = auth::link_requests_throttled(c, &ip)?;
        auth::record_link_request(c, &email, &ip)?;
        if throttled
            || outbox::recent_to(
                c,
                MailKind::LoginLink,
                &email,
                auth::THROTTLE_WINDOW_MINUTES,
            )? >= auth::MAX_LINKS_PER_EMAIL
        {
            return Ok(());
        }
        let Some(SignIn { first: person, .. }) = accounts::for_sign_in(c, &email)? else {
            return Ok(());
        };
        let token = auth::create_login_link(c, &person)?;
        Ok(sign_in_mail::queue_link(
            c,
            &mail.tera,
            &mail.base_url,
            &person,
            &token,
        )?)
    })
    .await
}

/// Signs in with an emailed link's token (used up by this).
pub async fn with_link(
    db: &Db,
    token: String,
    replaced: Option<String>,
    seen: Seen,
) -> Result<std::result::Result<SignedIn, LinkProblem>> {
    db.write(move |c| match auth::consume_login_link(c, &token)? {
        Ok(person) => {
            let choose = accounts::usable(c, person.account_id, None)?.len() > 1;
            let token = auth::replace_session(c, &person, &seen, replaced.as_deref(), false)?;
            Ok(Ok(SignedIn { token, choose }))
        }
        Err(problem) => Ok(Err(problem)),
    })
    .await
}

/// Ends the session.
pub async fn sign_out(db: &Db, session: String) -> Result<()> {
    db.run(move |c| auth::end_session(c, &session)).await
}
