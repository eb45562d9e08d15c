//! The import graph points down (ARCHITECTURE.md, "Layers"): each part of `src/` uses only
//! the parts below it, and the domain's concepts use one another without a cycle. Read from
//! the source, outside comments.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Each top-level part of `src/` and its rank: a part may use parts of a lower rank (and
/// itself), never one of the same rank or higher.
const RANKS: [(&str, u8); 12] = [
    ("config", 0),
    ("db", 0),
    ("domain", 1),
    ("text", 2),
    ("mail", 2),
    ("app", 3),
    ("live", 4),
    ("jobs", 4),
    ("web", 5),
    ("cli", 6),
    ("simulate_cli", 5),
    ("main", 7),
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read a source directory") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The file's code without `//` comments and without its `#[cfg(test)] mod tests { … }`
/// (tests may reach anywhere).
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("read a source file");
    let text = text
        .split("#[cfg(test)]\nmod tests {")
        .next()
        .unwrap_or_default();
    text.lines()
        .map(|l| l.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The first path segment after each `prefix` (with `{a, b::c}` groups opened).
fn names_after(code: &str, prefix: &str) -> BTreeSet<String> {
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let mut names = BTreeSet::new();
    for (at, _) in code.match_indices(prefix) {
        if code[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':')
        {
            continue;
        }
        let rest = &code[at + prefix.len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut item_start = true;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => item_start = true,
                    c if item_start && !c.is_whitespace() => {
                        item_start = false;
                        names.insert(ident(&group[i..]));
                    }
                    _ => {}
                }
            }
        } else {
            names.insert(ident(rest));
        }
    }
    names.retain(|n| !n.is_empty() && n != "self");
    names
}

#[test]
fn each_part_of_src_uses_only_the_parts_below_it() {
    let rank: BTreeMap<&str, u8> = RANKS.into_iter().collect();
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut wrong = Vec::new();
    for file in files {
        let relative = file.strip_prefix(src()).expect("under src");
        let part = relative
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .map(|s| s.trim_end_matches(".rs"))
            .expect("a part");
        if part == "lib" {
            continue;
        }
        let own = *rank
            .get(part)
            .unwrap_or_else(|| panic!("src/{part} has no rank in RANKS; give it one"));
        for used in names_after(&code(&file), "crate::") {
            let Some(&theirs) = rank.get(used.as_str()) else {
                continue;
            };
            if used != part && theirs >= own {
                wrong.push(format!("{} uses crate::{used}", relative.display()));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports that do not point down:\n{}",
        wrong.join("\n")
    );
}

/// The domain concept (top-level module of `src/domain`) a path inside it names.
fn concept_of(relative: &Path) -> String {
    let first = relative
        .components()
        .next()
        .and_then(|c| c.as_os_str().to_str())
        .expect("a module");
    first.trim_end_matches(".rs").to_owned()
}

#[test]
fn the_domain_concepts_use_one_another_without_a_cycle() {
    let domain = src().join("domain");
    let mut files = Vec::new();
    rust_files(&domain, &mut files);
    let mut uses: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let relative = file.strip_prefix(&domain).expect("under src/domain");
        if relative == Path::new("mod.rs") || relative.ends_with("tests.rs") {
            continue;
        }
        let concept = concept_of(relative);
        // How many `super::` lead from this file to `src/domain`.
        let below = relative.components().count() - 1;
        let up = if relative.ends_with("mod.rs") {
            below
        } else {
            below + 1
        };
        let code = code(file);
        let mut named = names_after(&code, "crate::domain::");
        named.extend(names_after(&code, &"super::".repeat(up)));
        named.remove(&concept);
        uses.entry(concept).or_default().extend(named);
    }
    let concepts: BTreeSet<String> = uses.keys().cloned().collect();
    for used in uses.values_mut() {
        used.retain(|u| concepts.contains(u));
    }
    // Take away concepts that use no remaining one, until none is left or a cycle remains.
    let mut left = uses.clone();
    loop {
        let leaves: Vec<String> = left
            .iter()
            .filter(|(_, used)| used.iter().all(|u| !left.contains_key(u)))
            .map(|(c, _)| c.clone())
            .collect();
        if leaves.is_empty() {
            break;
        }
        for leaf in leaves {
            left.remove(&leaf);
        }
    }
    assert!(
        left.is_empty(),
        "domain concepts that use one another in a cycle:\n{}",
        left.iter()
            .map(|(c, used)| format!("{c} -> {used:?}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}
