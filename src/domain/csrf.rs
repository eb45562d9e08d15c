//! CSRF tokens bound to the visitor. A signed-in visitor's token is HMAC-SHA256 of their
//! session id under a server key, so a value an attacker plants in the CSRF cookie (and
//! repeats in a form) is never accepted; a visitor who is not signed in gets a random nonce
//! signed with the same key. The key lives in `server_secrets`, created on first use, so
//! every node behind a load balancer signs and checks alike.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use diesel::prelude::*;
use rand::RngCore;
use ring::hmac;

use super::tokens::constant_time_eq;
use super::{DbConn, Error, Result, now};
use crate::db::schema::server_secrets;

/// The row in `server_secrets` that holds the key.
const KEY_NAME: &str = "csrf_hmac_sha256";

/// The server key CSRF tokens are signed with.
#[derive(Clone)]
pub struct CsrfKey(hmac::Key);

impl std::fmt::Debug for CsrfKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CsrfKey(..)")
    }
}

impl CsrfKey {
    fn from_bytes(bytes: &[u8]) -> CsrfKey {
        CsrfKey(hmac::Key::new(hmac::HMAC_SHA256, bytes))
    }

    fn sign(&self, purpose: &str, value: &str) -> String {
        let mut message = Vec::with_capacity(purpose.len() + 1 + value.len());
        message.extend_from_slice(purpose.as_bytes());
        message.push(0);
        message.extend_from_slice(value.as_bytes());
        URL_SAFE_NO_PAD.encode(hmac::sign(&self.0, &message).as_ref())
    }

    /// The token of a signed-in visitor: bound to (and changing with) their session.
    pub fn for_session(&self, session_token: &str) -> String {
        self.sign("session", session_token)
    }

    /// A new token for a visitor who is not signed in: `nonce.signature`.
    pub fn new_anonymous(&self) -> String {
        let mut bytes = [0u8; 18];
        rand::rng().fill_bytes(&mut bytes);
        let nonce = URL_SAFE_NO_PAD.encode(bytes);
        let signature = self.sign("anonymous", &nonce);
        format!("{nonce}.{signature}")
    }

    /// True when `value` is an anonymous token this server signed.
    pub fn is_valid_anonymous(&self, value: &str) -> bool {
        value.split_once('.').is_some_and(|(nonce, signature)| {
            !nonce.is_empty() && constant_time_eq(signature, &self.sign("anonymous", nonce))
        })
    }
}

/// The expected token for a request: bound to the session when there is one, else the
/// visitor's signed anonymous token from their cookie (or a new one when it is missing or was
/// not signed here).
pub fn expected(key: &CsrfKey, session: Option<&str>, cookie: Option<&str>) -> String {
    match session {
        Some(session) => key.for_session(session),
        None => cookie
            .filter(|v| key.is_valid_anonymous(v))
            .map(str::to_owned)
            .unwrap_or_else(|| key.new_anonymous()),
    }
}

/// Whether a submitted token is the expected one (in constant time; an empty expectation
/// never matches).
pub fn matches(expected: &str, sent: &str) -> bool {
    !expected.is_empty() && constant_time_eq(sent, expected)
}

fn stored(conn: &mut DbConn) -> Result<Option<String>> {
    Ok(server_secrets::table
        .find(KEY_NAME)
        .select(server_secrets::value)
        .first(conn)
        .optional()?)
}

/// The shared key, created (32 random bytes) by whichever node asks first. Two nodes racing
/// both insert; one insert fails on the primary key and that node reads the winner's key.
pub fn load_or_create_key(conn: &mut DbConn) -> Result<CsrfKey> {
    let value = match stored(conn)? {
        Some(value) => value,
        None => {
            let (key, _) = super::tokens::new_token();
            let inserted = diesel::insert_into(server_secrets::table)
                .values((
                    server_secrets::name.eq(KEY_NAME),
                    server_secrets::value.eq(key),
                    server_secrets::created_at.eq(now()),
                ))
                .execute(conn);
            match (inserted, stored(conn)?) {
                (_, Some(value)) => value,
                (Err(e), None) => return Err(e.into()),
                (Ok(_), None) => return Err(Error::Internal("CSRF key not stored".into())),
            }
        }
    };
    let bytes = URL_SAFE_NO_PAD
        .decode(value.as_bytes())
        .map_err(|_| Error::Internal("the stored CSRF key is not base64".into()))?;
    if bytes.len() < 32 {
        return Err(Error::Internal("the stored CSRF key is too short".into()));
    }
    Ok(CsrfKey::from_bytes(&bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testing::TestDb;

    #[test]
    fn the_key_is_created_once_and_shared() {
        let t = TestDb::fresh();
        let mut c = t.conn();
        let a = load_or_create_key(&mut c).unwrap();
        let b = load_or_create_key(&mut c).unwrap();
        assert_eq!(a.for_session("s"), b.for_session("s"));
        let rows: i64 = server_secrets::table.count().get_result(&mut c).unwrap();
        assert_eq!(rows, 1);
    }

    #[test]
    fn tokens_are_bound_and_planted_values_are_refused() {
        let key = CsrfKey::from_bytes(&[7u8; 32]);
        let other = CsrfKey::from_bytes(&[8u8; 32]);
        let token = key.for_session("session-one");
        assert_eq!(token.len(), 43);
        assert_ne!(token, key.for_session("session-two"));
        assert_ne!(token, other.for_session("session-one"));
        // A signed-in visitor's token depends only on the session, never on the cookie.
        let planted = "a".repeat(43);
        assert_eq!(expected(&key, Some("session-one"), Some(&planted)), token);
        assert!(!matches(&token, &planted));
        assert!(matches(&token, &token));
        assert!(!matches("", ""));

        let anon = key.new_anonymous();
        assert!(key.is_valid_anonymous(&anon));
        assert!(!other.is_valid_anonymous(&anon));
        assert_eq!(expected(&key, None, Some(&anon)), anon);
        for forged in [planted.as_str(), "x.y", ".", "", &format!("{anon}x")] {
            assert!(!key.is_valid_anonymous(forged), "{forged}");
            assert_ne!(expected(&key, None, Some(forged)), forged);
        }
    }
}
