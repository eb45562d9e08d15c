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

use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreProviderMetadata, CoreUserInfoClaims,
};
use openidconnect::{
    AccessTokenHash, AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointMaybeSet,
    EndpointNotSet, EndpointSet, IssuerUrl, Nonce, OAuth2TokenResponse, PkceCodeChallenge,
    PkceCodeVerifier, RedirectUrl, Scope, TokenResponse,
};

use crate::app::{Db, Identity, Result};
use crate::domain::audit::{self, Action, Actor, Entity, Entry};
use crate::domain::people::Role;
use crate::domain::sessions::Seen;
use crate::domain::sso::requests::{self, Taken};
use crate::domain::sso::sign_in::{self, Joined, Refusal, Signed, Vouched};
use crate::domain::sso::{self, SsoConfig, SsoInput};
use crate::domain::{Error, auth};

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

/// The client for a provider, as discovery describes it.
type Provider = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// Discovers the organisation's provider (its endpoints and current signing keys).
async fn discover(
    client: &SsoClient,
    config: &SsoConfig,
) -> std::result::Result<(Provider, bool), Problem> {
    let down = |e: &dyn std::fmt::Display| {
        tracing::warn!(org = %config.org_id, issuer = %config.issuer, "SSO provider unavailable: {e}");
        Problem::ProviderDown
    };
    let issuer = IssuerUrl::new(config.issuer.clone()).map_err(|e| down(&e))?;
    let redirect = RedirectUrl::new(client.redirect_url.clone()).map_err(|e| down(&e))?;
    let metadata = CoreProviderMetadata::discover_async(issuer, &client.http)
        .await
        .map_err(|e| down(&e))?;
    let profile = metadata
        .scopes_supported()
        .is_some_and(|s| s.iter().any(|s| s.as_str() == "profile"));
    let provider = CoreClient::from_provider_metadata(
        metadata,
        ClientId::new(config.client_id.clone()),
        Some(ClientSecret::new(config.client_secret.clone())),
    )
    .set_redirect_uri(redirect);
    Ok((provider, profile))
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
        if let Some(old) = replaced {
            auth::end_session(c, &old)?;
        }
        Ok(Ok(auth::start_sso_session(c, &person, &seen)?))
    })
    .await
}

/// Exchanges the code and checks the ID token; what it vouches for.
async fn vouched(
    provider: &Provider,
    client: &SsoClient,
    config: &SsoConfig,
    code: String,
    verifier: String,
    nonce: String,
) -> std::result::Result<Vouched, Problem> {
    let org = config.org_id;
    let token = |what: &str, e: &dyn std::fmt::Display| {
        tracing::warn!(org = %org, "SSO ID token refused ({what}): {e}");
        Problem::Token
    };
    let exchange = provider
        .exchange_code(AuthorizationCode::new(code))
        .map_err(|e| token("no token endpoint", &e))?
        .set_pkce_verifier(PkceCodeVerifier::new(verifier));
    let response = exchange.request_async(&client.http).await.map_err(|e| {
        tracing::warn!(org = %org, "SSO code exchange refused: {e}");
        Problem::Code
    })?;
    let id_token = response
        .id_token()
        .ok_or_else(|| token("none in the answer", &"missing"))?;
    let checker = provider.id_token_verifier();
    let claims = id_token
        .claims(&checker, &Nonce::new(nonce))
        .map_err(|e| token("claims", &e))?;
    if let Some(expected) = claims.access_token_hash() {
        let algorithm = id_token.signing_alg().map_err(|e| token("algorithm", &e))?;
        let key = id_token
            .signing_key(&checker)
            .map_err(|e| token("key", &e))?;
        let actual = AccessTokenHash::from_token(response.access_token(), algorithm, key)
            .map_err(|e| token("access token hash", &e))?;
        if actual != *expected {
            return Err(token("access token hash", &"does not match"));
        }
    }
    let mut vouched = Vouched {
        issuer: claims.issuer().as_str().to_owned(),
        subject: claims.subject().as_str().to_owned(),
        email: claims.email().map(|e| e.as_str().to_owned()),
        email_verified: claims.email_verified().unwrap_or(false),
        name: claims
            .name()
            .and_then(|n| n.get(None))
            .map(|n| n.as_str().to_owned()),
    };
    if vouched.email.is_none() {
        // Providers that keep the ID token small give the address at the UserInfo endpoint,
        // for the subject the checked ID token names.
        let info: CoreUserInfoClaims = provider
            .user_info(
                response.access_token().clone(),
                Some(claims.subject().clone()),
            )
            .map_err(|e| token("no userinfo endpoint", &e))?
            .request_async(&client.http)
            .await
            .map_err(|e| token("userinfo", &e))?;
        vouched.email = info.email().map(|e| e.as_str().to_owned());
        vouched.email_verified = info.email_verified().unwrap_or(false);
        if vouched.name.is_none() {
            vouched.name = info
                .name()
                .and_then(|n| n.get(None))
                .map(|n| n.as_str().to_owned());
        }
    }
    Ok(vouched)
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
