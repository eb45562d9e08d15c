//! A real OpenID Connect provider for the tests: panva's certified `oidc-provider` for
//! Node.js, configured by `tests/oidc/provider.mjs`, started on a free port and stopped when
//! dropped. Its packages are installed with `npm ci` in `tests/oidc` the first time a test
//! needs them (`.ci/run` does it up front); without Node.js the tests fail, saying so.
//! Shared by the API tests and the browser test (`#[path]`).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The client Hverdag is registered as.
pub const CLIENT_ID: &str = "hverdag";
pub const CLIENT_SECRET: &str = "a-test-client-secret-of-some-length-0123456789";

fn folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oidc")
}

/// Installs the provider's packages once per test process.
fn install() {
    static DONE: OnceLock<()> = OnceLock::new();
    DONE.get_or_init(|| {
        if folder().join("node_modules/oidc-provider").is_dir() {
            return;
        }
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(folder())
            .status()
            .expect("run npm (Node.js 20 and npm are needed for the SSO tests)");
        assert!(status.success(), "npm ci in tests/oidc failed");
    });
}

/// A running provider.
pub struct Provider {
    child: Child,
    pub issuer: String,
}

impl Drop for Provider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Provider {
    /// Starts a provider that knows Hverdag at `base_url` as its one client.
    pub async fn start(base_url: &str) -> Provider {
        install();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let clients = serde_json::json!([{
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "redirect_uris": [format!("{base_url}/login/sso/callback")],
        }]);
        let child = Command::new("node")
            .arg("provider.mjs")
            .current_dir(folder())
            .env("PORT", port.to_string())
            .env("CLIENTS", clients.to_string())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start node (Node.js 20 is needed for the SSO tests)");
        let provider = Provider {
            child,
            issuer: format!("http://127.0.0.1:{port}"),
        };
        let discovery = format!("{}/.well-known/openid-configuration", provider.issuer);
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let ok = reqwest::get(&discovery)
                .await
                .is_ok_and(|r| r.status().is_success());
            if ok {
                return provider;
            }
            assert!(
                Instant::now() < deadline,
                "the OpenID provider did not start"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Makes the provider's next ID token wrong in one way: `audience`, `expired` or
    /// `unknown_key`; or rotates its signing key (`rotate`; see `tests/oidc/provider.mjs`).
    #[allow(dead_code)] // The browser test, which shares this file, tampers with nothing.
    pub async fn tamper(&self, mode: &str) {
        let res = reqwest::Client::new()
            .post(format!("{}/test/tamper?mode={mode}", self.issuer))
            .send()
            .await
            .expect("reach the provider");
        assert!(res.status().is_success());
    }
}
