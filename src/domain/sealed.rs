//! Secrets the database has to keep in a form it can give back (a webhook URL is a password
//! that has to be sent as it is), sealed so that someone who reads the database, a backup or
//! an export cannot use them: ChaCha20-Poly1305 under a key that is **not** in the database
//! (`HVERDAG_SECRET_KEY`, or the file `<data-dir>/secret.key` made on first start).
//!
//! A sealed value is bound to what it belongs to (the `purpose`, e.g. `channel:7`, as
//! associated data), so it cannot be copied to another row or organisation and still open.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use ring::aead::{self, Aad, CHACHA20_POLY1305, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};

use super::{Error, Result};

const PREFIX: &str = "v1.";

/// The server's sealing key.
#[derive(Clone)]
pub struct SealKey(Arc<LessSafeKey>);

impl std::fmt::Debug for SealKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SealKey(..)")
    }
}

impl SealKey {
    fn from_bytes(bytes: &[u8]) -> std::result::Result<SealKey, String> {
        let key = UnboundKey::new(&CHACHA20_POLY1305, bytes)
            .map_err(|_| "the secret key must be 32 bytes, base64url-encoded".to_owned())?;
        Ok(SealKey(Arc::new(LessSafeKey::new(key))))
    }

    /// The key given as text (43 characters of base64url, 32 bytes).
    pub fn from_text(text: &str) -> std::result::Result<SealKey, String> {
        let bytes = URL_SAFE_NO_PAD
            .decode(text.trim().trim_end_matches('='))
            .map_err(|_| "the secret key is not base64url".to_owned())?;
        SealKey::from_bytes(&bytes)
    }

    /// A new random key (tests, and the first start without a key).
    pub fn generate() -> (SealKey, String) {
        let mut bytes = [0u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        let text = URL_SAFE_NO_PAD.encode(bytes);
        match SealKey::from_bytes(&bytes) {
            Ok(key) => (key, text),
            // 32 bytes is the key length; unreachable.
            Err(e) => unreachable!("{e}"),
        }
    }

    /// The key given (`HVERDAG_SECRET_KEY`), or the one in `file`, which is made (readable by
    /// this user only) when it does not exist. Several nodes must share one key: give it to
    /// each of them.
    pub fn load(given: Option<&str>, file: &Path) -> std::result::Result<SealKey, String> {
        if let Some(text) = given.filter(|t| !t.trim().is_empty()) {
            return SealKey::from_text(text);
        }
        match std::fs::read_to_string(file) {
            Ok(text) => SealKey::from_text(&text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let (key, text) = SealKey::generate();
                write_private(file, &text)
                    .map_err(|e| format!("could not write {}: {e}", file.display()))?;
                Ok(key)
            }
            Err(e) => Err(format!("could not read {}: {e}", file.display())),
        }
    }

    /// Seals `secret` for `purpose`.
    pub fn seal(&self, purpose: &str, secret: &str) -> String {
        let mut nonce = [0u8; NONCE_LEN];
        rand::rng().fill_bytes(&mut nonce);
        let mut data = secret.as_bytes().to_vec();
        let sealed = self.0.seal_in_place_append_tag(
            Nonce::assume_unique_for_key(nonce),
            Aad::from(purpose.as_bytes()),
            &mut data,
        );
        if sealed.is_err() {
            // Only for inputs over 256 GiB.
            unreachable!("sealing failed");
        }
        let mut out = nonce.to_vec();
        out.extend_from_slice(&data);
        format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(out))
    }

    /// Opens what [`SealKey::seal`] sealed for the same `purpose`; an error when the key is
    /// another one, the value was changed or moved, or it is not sealed at all.
    pub fn open(&self, purpose: &str, sealed: &str) -> Result<String> {
        let refused =
            || Error::Internal("a sealed secret could not be opened (another key?)".into());
        let bytes = sealed
            .strip_prefix(PREFIX)
            .and_then(|b| URL_SAFE_NO_PAD.decode(b).ok())
            .filter(|b| b.len() > NONCE_LEN + aead::MAX_TAG_LEN)
            .ok_or_else(refused)?;
        let (nonce, rest) = bytes.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| refused())?;
        let mut data = rest.to_vec();
        let plain = self
            .0
            .open_in_place(nonce, Aad::from(purpose.as_bytes()), &mut data)
            .map_err(|_| refused())?;
        String::from_utf8(plain.to_vec()).map_err(|_| refused())
    }
}

fn write_private(file: &Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut f = options.open(file)?;
    f.write_all(text.as_bytes())?;
    f.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_secret_opens_only_with_its_key_and_purpose() {
        let (key, _) = SealKey::generate();
        let url = "https://hooks.slack.com/services/T0/B0/secret";
        let sealed = key.seal("channel:1", url);
        assert!(!sealed.contains("secret"), "{sealed}");
        assert_ne!(sealed, key.seal("channel:1", url), "the nonce repeats");
        assert_eq!(key.open("channel:1", &sealed).unwrap(), url);
        assert!(
            key.open("channel:2", &sealed).is_err(),
            "moved to another row"
        );
        let (other, _) = SealKey::generate();
        assert!(other.open("channel:1", &sealed).is_err(), "another key");
        let mut tampered = sealed.clone();
        tampered.pop();
        tampered.push(if sealed.ends_with('A') { 'B' } else { 'A' });
        assert!(key.open("channel:1", &tampered).is_err(), "changed");
        assert!(key.open("channel:1", url).is_err(), "not sealed");
    }

    #[test]
    fn the_key_file_is_made_once_and_read_after() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("keys/secret.key");
        let first = SealKey::load(None, &file).unwrap();
        let sealed = first.seal("p", "s");
        let again = SealKey::load(Some("  "), &file).unwrap();
        assert_eq!(again.open("p", &sealed).unwrap(), "s");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&file).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "the key file is readable by others");
        }
        let (_, text) = SealKey::generate();
        let given = SealKey::load(Some(&text), &file).unwrap();
        assert!(
            given.open("p", &sealed).is_err(),
            "the given key comes first"
        );
        assert!(SealKey::from_text("short").is_err());
    }
}
