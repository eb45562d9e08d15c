//! Extractors that enforce who may call a handler: [`Auth`] (anyone signed in), [`Leader`],
//! and their API twins, which also demand the CSRF header when a browser session (not a
//! bearer token) makes a state-changing API call.

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::http::Method;
use actix_web::{FromRequest, HttpRequest};

use super::context::RequestContext;
use super::errors::AppError;
use crate::domain::csrf;
use crate::domain::identity::Identity;
use crate::domain::people::Role;

/// Header a browser session must send with the CSRF token on state-changing API calls.
pub const CSRF_HEADER: &str = "x-csrf-token";

fn identity(req: &HttpRequest) -> Result<Identity, AppError> {
    RequestContext::of(req)
        .and_then(|c| c.identity)
        .ok_or(AppError::Unauthorized)
}

fn with_role(req: &HttpRequest, role: Role) -> Result<Identity, AppError> {
    let id = identity(req)?;
    if id.has_role(role) {
        Ok(id)
    } else {
        Err(AppError::Forbidden)
    }
}

/// Browser sessions must send the CSRF header on state-changing API calls. Bearer-token calls
/// need none: a browser never adds an `Authorization` header to a cross-site request by
/// itself, and a request that carries a bearer token is identified by the token alone (its
/// cookies are not read), so a forged request cannot borrow the victim's session.
fn api_csrf(req: &HttpRequest, id: &Identity) -> Result<(), AppError> {
    if id.api_token.is_some()
        || matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
    {
        return Ok(());
    }
    let expected = RequestContext::of(req).map(|c| c.csrf).unwrap_or_default();
    let sent = req
        .headers()
        .get(CSRF_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if csrf::matches(&expected, sent) {
        Ok(())
    } else {
        Err(AppError::Csrf)
    }
}

macro_rules! extractor {
    ($(#[$doc:meta])* $name:ident, $check:expr) => {
        $(#[$doc])*
        pub struct $name(pub Identity);

        impl FromRequest for $name {
            type Error = AppError;
            type Future = Ready<Result<Self, AppError>>;

            fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
                let check: fn(&HttpRequest) -> Result<Identity, AppError> = $check;
                ready(check(req).map($name))
            }
        }
    };
}

extractor!(
    /// Anyone signed in to the organisation.
    Auth,
    identity
);
extractor!(
    /// A signed-in leader.
    Leader,
    |req| with_role(req, Role::Leader)
);
extractor!(
    /// Anyone signed in, on the API.
    ApiAuth,
    |req| {
        let id = identity(req)?;
        api_csrf(req, &id)?;
        Ok(id)
    }
);
extractor!(
    /// A leader, on the API.
    ApiLeader,
    |req| {
        let id = with_role(req, Role::Leader)?;
        api_csrf(req, &id)?;
        Ok(id)
    }
);
