//! One term per concept in each language: the interface's key nouns, the word each language
//! uses for them, and the words it must not drift to (a Norwegian "verksted" reads as a
//! repair shop; a stage called "Glipper" and one called "sklir ut" would be two stages).
//! The test reads every message file; a new key noun joins [`GLOSSARY`].

/// A concept, the English term, the Norwegian term, words that must not appear in English,
/// words that must not appear in Norwegian. Terms are matched case-insensitively as word
/// beginnings, so "workshopen" counts as "workshop".
type Entry = (
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
);

const GLOSSARY: &[Entry] = &[
    (
        "workshop",
        "workshop",
        "workshop",
        &["work shop"],
        &["verksted"],
    ),
    (
        "check-in",
        "check-in",
        "innsjekk",
        &["checkin ", "checkins"],
        &["innsjekking"],
    ),
    (
        "key result",
        "key result",
        "nøkkelresultat",
        &["key-result "],
        &["hovedresultat"],
    ),
    (
        "slipping (a stage)",
        "slipping",
        "sklir ut",
        &[],
        &["glipper", "glippet"],
    ),
    (
        "facilitator",
        "facilitator",
        "fasilitator",
        &[],
        &["tilrettelegger"],
    ),
    (
        "ambassador",
        "ambassador",
        "ambassadør",
        &[],
        &["representant"],
    ),
    ("adoption", "adoption", "forankring", &[], &["innarbeiding"]),
];

/// Every line of message text in one language, lower-cased, with its file and line.
fn messages(lang: &str) -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("templates/locales")
        .join(lang);
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        for (n, line) in text.lines().enumerate() {
            if !line.trim_start().starts_with('#') {
                // A message's id is not text anyone reads: only what follows " = " counts.
                let value = line.split_once(" = ").map_or(line, |(_, v)| v);
                let place = format!("{}:{}", path.display(), n + 1);
                out.push((place, value.to_lowercase()));
            }
        }
    }
    out
}

/// Whether `word` starts a word in `text`.
fn starts_a_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        !text[..i]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
    })
}

#[test]
fn each_language_keeps_one_term_per_concept() {
    for (lang, pick) in [("en", 0), ("nb", 1)] {
        let messages = messages(lang);
        for (concept, en, nb, not_en, not_nb) in GLOSSARY {
            let (term, banned) = if pick == 0 {
                (en, not_en)
            } else {
                (nb, not_nb)
            };
            assert!(
                messages.iter().any(|(_, m)| starts_a_word(m, term)),
                "{lang}: the term for {concept} ({term}) is never used"
            );
            for word in *banned {
                for (place, m) in &messages {
                    assert!(
                        !starts_a_word(m, word),
                        "{place}: {lang} says {concept} as “{word}”, not “{term}”"
                    );
                }
            }
        }
    }
}
