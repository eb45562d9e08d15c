//! Single sign-on over OpenID Connect through the `openidconnect` crate: the authorization
//! code flow with PKCE, `state` and `nonce`. [`start`] finds the organisation from the
//! address's domain, discovers its provider and sends the person there; [`finish`] takes
//! the provider's answer, exchanges the code, checks the ID token (signature against the
//! provider's current keys, fetched anew for every sign-in so rotated keys are followed;
//! issuer, audience, expiry, nonce) and signs in whom it vouches for
//! (`domain::sso::sign_in`). Every refusal is a [`Problem`] with a page of its own, logged
//! without secrets, and creates nothing. Leaders configure the provider ([`save`]); the
//! client secret is never shown again.

use std::time::Duration;

use openidconnect::core::CoreAuthenticationFlow;
use openidconnect::{CsrfToken, Nonce, PkceCodeChallenge, Scope};

use crate::app::{Db, Identity, Result};
use crate::domain::audit::{self, Action, Actor, Entity, Entry};
use crate::domain::people::Role;
use crate::domain::sessions::Seen;
use crate::domain::sso::requests::{self, Taken};
use crate::domain::sso::sign_in::{self, Joined, Refusal, Signed};
use crate::domain::sso::{self, SsoConfig, SsoInput};
use crate::domain::{Error, auth};

mod oidc;
use oidc::{discover, vouched};

/// How long a provider may take to answer one request.
const PROVIDER_TIMEOUT: Duration = Duration::from_secs(10);

/// What talks to providers: an HTTP client that follows no redirects (a provider's answer
/// must not lead the server elsewhere) and the address providers send people back to.
#[derive(Clone)]
pub struct SsoClient {
    http: openidconnect::reqwest::Client,
    redirect_url: String,
}

impl SsoClient {
    /// `base_url`: the service's public address; providers send people back to
    /// `{base_url}/login/sso/callback`, which must be registered with them.
    pub fn new(base_url: &str) -> anyhow::Result<SsoClient> {
        let http = openidconnect::reqwest::ClientBuilder::new()
            .redirect(openidconnect::reqwest::redirect::Policy::none())
            .timeout(PROVIDER_TIMEOUT)
            .build()?;
        Ok(SsoClient {
            http,
            redirect_url: callback_url(base_url),
        })
    }
}

/// Where providers send people back to.
pub fn callback_url(base_url: &str) -> String {
    format!("{}/login/sso/callback", base_url.trim_end_matches('/'))
}

/// Why single sign-on did not sign someone in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// The provider could not be reached, or its discovery document or keys did not read.
    ProviderDown,
    /// The answer's `state` names no request waiting: never sent, answered already
    /// (replayed), tampered with, or too old.
    State,
    /// The person stopped at the provider, or it answered with an error.
    Cancelled,
    /// The provider would not exchange the code (tampered, replayed or expired).
    Code,
    /// The ID token failed a check: signature or key, issuer, audience, expiry, nonce.
    Token,
    /// The token was good, but the organisation's rules say no.
    Refused(Refusal),
}

impl Problem {
    /// The message's key in the translations.
    pub fn key(self) -> &'static str {
        match self {
            Problem::ProviderDown => "sso-problem-provider-down",
            Problem::State => "sso-problem-state",
            Problem::Cancelled => "sso-problem-cancelled",
            Problem::Code => "sso-problem-code",
            Problem::Token => "sso-problem-token",
            Problem::Refused(Refusal::NoEmail) => "sso-problem-no-email",
            Problem::Refused(Refusal::Domain) => "sso-problem-domain",
            Problem::Refused(Refusal::NotInvited) => "sso-problem-not-invited",
            Problem::Refused(Refusal::Deactivated) => "sso-problem-deactivated",
        }
    }
}

/// Where signing in with an address goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Start {
    /// The address's domain has no single sign-on: sign in with a password or a link.
    NoSso,
    /// To the provider's sign-in page.
    Provider { url: String },
}

/// Starts signing in with the organisation the address's domain belongs to.
pub async fn start(
    db: &Db,
    client: &SsoClient,
    email: String,
) -> Result<std::result::Result<Start, Problem>> {
    let email_hint = email.clone();
    let Some(config) = db.run(move |c| sso::for_email(c, &email)).await? else {
        return Ok(Ok(Start::NoSso));
    };
    let (provider, profile) = match discover(client, &config).await {
        Ok(found) => found,
        Err(problem) => return Ok(Err(problem)),
    };
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let mut request = provider
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .add_scope(Scope::new("email".into()))
        .add_extra_param("login_hint", email_hint)
        .set_pkce_challenge(challenge);
    if profile {
        request = request.add_scope(Scope::new("profile".into()));
    }
    let (url, state, nonce) = request.url();
    let org_id = config.org_id;
    db.write(move |c| {
        requests::create(c, org_id, state.secret(), nonce.secret(), verifier.secret())
    })
    .await?;
    Ok(Ok(Start::Provider { url: url.into() }))
}

/// The provider's answer, as it came back to the callback.
#[derive(Debug, Clone, Default)]
pub struct Answer {
    pub state: Option<String>,
    pub code: Option<String>,
    /// Set when the provider answered with an error instead of a code.
    pub error: Option<String>,
    /// The issuer that answered (RFC 9207), when the provider says: it must be the one the
    /// request went to.
    pub iss: Option<String>,
}

/// Finishes signing in with the provider's answer; returns the new session's token.
pub async fn finish(
    db: &Db,
    client: &SsoClient,
    answer: Answer,
    replaced: Option<String>,
    seen: Seen,
) -> Result<std::result::Result<String, Problem>> {
    let Some(state) = answer.state.filter(|s| !s.is_empty()) else {
        return Ok(Err(Problem::State));
    };
    let pending = match db.write(move |c| requests::take(c, &state)).await? {
        Taken::Found(pending) => pending,
        Taken::Unknown | Taken::Expired => {
            tracing::warn!("SSO answer with an unknown, used or expired state");
            return Ok(Err(Problem::State));
        }
    };
    let org_id = pending.org_id;
    if let Some(error) = answer.error {
        tracing::info!(org = %org_id, "SSO provider answered with an error: {error}");
        return Ok(Err(Problem::Cancelled));
    }
    let Some(code) = answer.code.filter(|c| !c.is_empty()) else {
        return Ok(Err(Problem::Code));
    };
    let Some(config) = db.run(move |c| sso::find(c, org_id)).await? else {
        return Ok(Err(Problem::State));
    };
    let same = |iss: &String| iss.trim_end_matches('/') == config.issuer.trim_end_matches('/');
    if !answer.iss.as_ref().is_none_or(same) {
        tracing::warn!(org = %org_id, "SSO answer from another issuer than asked");
        return Ok(Err(Problem::State));
    }
    let (provider, _) = match discover(client, &config).await {
        Ok(found) => found,
        Err(problem) => return Ok(Err(problem)),
    };
    let vouched = match vouched(
        &provider,
        client,
        &config,
        code,
        pending.pkce_verifier,
        pending.nonce,
    )
    .await
    {
        Ok(vouched) => vouched,
        Err(problem) => return Ok(Err(problem)),
    };
    db.write(move |c| {
        let Signed { person, joined } = match sign_in::resolve(c, &config, &vouched)? {
            Ok(signed) => signed,
            Err(refusal) => {
                tracing::warn!(org = %org_id, "SSO sign-in refused: {refusal:?}");
                return Ok(Err(Problem::Refused(refusal)));
            }
        };
        // Joining is a change the organisation's log keeps, made by the person themself.
        let joined = match joined {
            Joined::Before => None,
            Joined::Invited(invite) => Some(Entry::new(
                Entity::Invitation,
                invite.id.0,
                &invite.email,
                Action::Accepted,
            )),
            Joined::AsMember => Some(
                Entry::new(Entity::Person, person.id.0, &person.name, Action::Created)
                    .fields(&person),
            ),
        };
        if let Some(entry) = joined {
            let who = Actor {
                org_id,
                person_id: person.id,
                name: &person.name,
                api_token: None,
                address: seen.address.as_deref(),
            };
            audit::record_as(c, who, entry)?;
        }
        let replaced = replaced.as_deref();
        Ok(Ok(auth::replace_session(
            c, &person, &seen, replaced, true,
        )?))
    })
    .await
}

/// The organisation's provider (leaders), if it has one.
pub async fn config(db: &Db, me: &Identity) -> Result<Option<SsoConfig>> {
    me.require(Role::Leader)?;
    let org_id = me.org_id;
    db.run(move |c| sso::find(c, org_id)).await
}

/// Saves the organisation's provider (leaders), audited without the secret.
pub async fn save(db: &Db, me: &Identity, input: SsoInput) -> Result<SsoConfig> {
    me.require(Role::Leader)?;
    let me = me.clone();
    db.write(move |c| {
        let before = sso::find(c, me.org_id)?;
        let after = sso::save(c, me.org_id, &input)?;
        let entry = match &before {
            Some(before) => Entry::new(Entity::Sso, me.org_id.0, &after.issuer, Action::Updated)
                .changed(before, &after),
            None => {
                Entry::new(Entity::Sso, me.org_id.0, &after.issuer, Action::Created).fields(&after)
            }
        };
        audit::record_changes(c, &me, entry)?;
        Ok(after)
    })
    .await
}

/// Disconnects the organisation's provider (leaders).
pub async fn remove(db: &Db, me: &Identity) -> Result<()> {
    me.require(Role::Leader)?;
    let me = me.clone();
    db.write(move |c| {
        let before = sso::find(c, me.org_id)?.ok_or(Error::NotFound)?;
        sso::remove(c, me.org_id)?;
        let entry = Entry::new(Entity::Sso, me.org_id.0, &before.issuer, Action::Deleted);
        audit::record(c, &me, entry)
    })
    .await
}

/// Whether the address must sign in through its organisation's provider: the organisation
/// requires it, and the address is not its break-glass leader's.
pub async fn required_for(db: &Db, email: String) -> Result<bool> {
    db.run(move |c| {
        let Some(config) = sso::for_email(c, &email)?.filter(|c| c.required) else {
            return Ok(false);
        };
        let glass = match config.break_glass_id {
            Some(id) => Some(crate::domain::people::find(c, config.org_id, id)?.row.email),
            None => None,
        };
        Ok(glass.as_deref() != Some(email.trim().to_lowercase().as_str()))
    })
    .await
}
