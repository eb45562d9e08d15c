//! Teams messages parsed by Microsoft's own Adaptive Cards library (`adaptivecards` on npm,
//! run by `tests/cards/validate.mjs` in Node). Its packages are installed with `npm ci` the
//! first time a test needs them (`.ci/run` does it up front); without Node.js the tests fail,
//! saying so.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde_json::Value;

fn folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cards")
}

fn install() {
    static DONE: OnceLock<()> = OnceLock::new();
    DONE.get_or_init(|| {
        if folder().join("node_modules/adaptivecards").is_dir() {
            return;
        }
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(folder())
            .status()
            .expect("run npm (Node.js 20 and npm are needed for the Teams card tests)");
        assert!(status.success(), "npm ci in tests/cards failed");
    });
}

/// The problems the library finds in `messages` (none when all parse and validate).
pub fn problems(messages: &[Value]) -> Vec<String> {
    install();
    let file = tempfile::NamedTempFile::new().expect("a temporary file");
    std::fs::write(file.path(), serde_json::to_vec(messages).expect("JSON")).expect("write");
    let out = Command::new("node")
        .arg(folder().join("validate.mjs"))
        .arg(file.path())
        .output()
        .expect("run node (Node.js 20 is needed for the Teams card tests)");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| {
        panic!(
            "validate.mjs said: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    assert_eq!(report["messages"], messages.len(), "{report}");
    report["problems"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|p| p.as_str().unwrap_or_default().to_owned())
        .collect()
}
