//! Calendar invitations read by the Python `icalendar` package, an independent parser
//! (`tests/ical/check.py`). It is installed into a virtual environment in `tests/ical/.venv`
//! the first time a test needs it (`.ci/run` does it up front); without Python 3 and its
//! `venv` module the tests fail, saying so.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde_json::Value;

fn folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ical")
}

fn python() -> PathBuf {
    folder().join(".venv/bin/python")
}

fn install() {
    static DONE: OnceLock<()> = OnceLock::new();
    DONE.get_or_init(|| {
        if Command::new(python())
            .args(["-c", "import icalendar"])
            .status()
            .is_ok_and(|s| s.success())
        {
            return;
        }
        let made = Command::new("python3")
            .args(["-m", "venv", ".venv"])
            .current_dir(folder())
            .status()
            .expect("run python3 (Python 3 with venv is needed for the invitation tests)");
        assert!(
            made.success(),
            "python3 -m venv in tests/ical failed (apt-get install python3-venv)"
        );
        let pip = folder().join(".venv/bin/pip");
        let installed = Command::new(pip)
            .args(["install", "--quiet", "-r", "requirements.txt"])
            .current_dir(folder())
            .status()
            .expect("run pip");
        assert!(installed.success(), "pip install in tests/ical failed");
    });
}

/// What the parser reads in each invitation.
pub fn parse(invitations: &[String]) -> Vec<Value> {
    install();
    let file = tempfile::NamedTempFile::new().expect("a temporary file");
    std::fs::write(file.path(), serde_json::to_vec(invitations).expect("JSON")).expect("write");
    let out = Command::new(python())
        .arg(folder().join("check.py"))
        .arg(file.path())
        .output()
        .expect("run check.py");
    assert!(
        out.status.success(),
        "icalendar could not read an invitation: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice::<Vec<Value>>(&out.stdout).expect("check.py's JSON")
}
