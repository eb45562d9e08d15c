//! Takes `MAX_TITLE` from the OKR register (`src/domain/okrs/mod.rs`), the one item outside
//! `src/domain/workshops` the live modules use, so the fuzz build cannot drift from the real limit.

use std::{env, fs, path::Path};

fn main() {
    let source = "../src/domain/okrs/mod.rs";
    println!("cargo::rerun-if-changed={source}");
    let text = fs::read_to_string(source).expect("the OKR register's source");
    let line = text
        .lines()
        .find(|l| l.starts_with("pub const MAX_TITLE: usize ="))
        .expect("`pub const MAX_TITLE: usize = …;` in src/domain/okrs/mod.rs");
    let out = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join("okrs.rs");
    fs::write(out, format!("{line}\n")).expect("writing okrs.rs");
}
