//! The protocol with one provider, through the `openidconnect` crate: discovery (endpoints
//! and current signing keys, fetched anew for every sign-in), the code exchange with the
//! PKCE verifier, and the ID token's checks (signature, issuer, audience, expiry, nonce,
//! the access token's hash), with the UserInfo endpoint for an address the token leaves
//! out.

use openidconnect::core::{CoreClient, CoreProviderMetadata, CoreUserInfoClaims};
use openidconnect::{
    AccessTokenHash, AuthorizationCode, ClientId, ClientSecret, EndpointMaybeSet, EndpointNotSet,
    EndpointSet, IssuerUrl, Nonce, OAuth2TokenResponse, PkceCodeVerifier, RedirectUrl,
    TokenResponse,
};

use super::{Problem, SsoClient};
use crate::domain::sso::SsoConfig;
use crate::domain::sso::sign_in::Vouched;

/// The client for a provider, as discovery describes it.
pub(super) type Provider = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// Discovers the organisation's provider (its endpoints and current signing keys).
pub(super) async fn discover(
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

/// Exchanges the code and checks the ID token; what it vouches for.
pub(super) async fn vouched(
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
