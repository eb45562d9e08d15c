//! Practice cases: neutral situations (a bakery, a cycling club, …) on which people practise
//! writing OKRs before their own workshop. The built-in cases live in [`BUILTIN`], in English
//! and Norwegian; an organisation's own cases are rows of `practice_cases`, written in one
//! language. A [`CaseRef`] (`builtin:bakery`, `custom:12`) names either kind.

use chrono::NaiveDateTime;
use serde::Serialize;

mod builtin;
mod custom;
mod reference;

pub use builtin::BUILTIN;
pub use custom::{
    CaseInput, CustomCase, archive, create, find_active, find_custom, list_custom, update,
};
pub use reference::CaseRef;

use super::{DbConn, Error, Locale, Result};
use crate::domain::ids::{CaseId, OrgId};

/// Longest title, in characters.
pub const TITLE_MAX: usize = 120;
/// Longest situation or model answer, in characters.
pub const TEXT_MAX: usize = 4000;
// ----- Built-in cases -------------------------------------------------------------------------

/// One language's text of a built-in case.
#[derive(Debug)]
pub struct BuiltinText {
    pub title: &'static str,
    pub situation: &'static str,
    /// The model answer: one objective …
    pub objective: &'static str,
    /// … two or three measurable key results …
    pub key_results: &'static [&'static str],
    /// … and why this is a good answer.
    pub explanation: &'static str,
}

/// A case that ships with Hverdag, in both languages.
#[derive(Debug)]
pub struct BuiltinCase {
    /// Stable key, used in URLs (`/cases/bakery`) and references (`builtin:bakery`).
    pub key: &'static str,
    pub en: BuiltinText,
    pub nb: BuiltinText,
}

impl BuiltinCase {
    pub fn text(&self, locale: Locale) -> &BuiltinText {
        match locale {
            Locale::En => &self.en,
            Locale::Nb => &self.nb,
        }
    }

    /// The case in `locale`.
    pub fn case(&'static self, locale: Locale) -> Case {
        let text = self.text(locale);
        let answer = ModelAnswer {
            objective: text.objective.to_owned(),
            key_results: text.key_results.iter().map(|kr| (*kr).to_owned()).collect(),
            explanation: text.explanation.to_owned(),
        };
        Case {
            case_ref: CaseRef::Builtin(self.key),
            kind: "builtin",
            key: Some(self.key),
            id: None,
            title: text.title.to_owned(),
            situation: text.situation.to_owned(),
            model_answer: answer.plain_text(locale),
            answer: Some(answer),
            locale,
            archived: false,
            created_at: None,
        }
    }
}

/// The built-in case with this key.
pub fn builtin(key: &str) -> Option<&'static BuiltinCase> {
    BUILTIN.iter().find(|c| c.key == key)
}

/// Every built-in case in `locale`.
pub fn builtin_cases(locale: Locale) -> Vec<Case> {
    BUILTIN.iter().map(|c| c.case(locale)).collect()
}
// ----- Cases ----------------------------------------------------------------------------------

/// A model answer laid out: one objective, its key results and why it is a good answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ModelAnswer {
    pub objective: String,
    pub key_results: Vec<String>,
    pub explanation: String,
}

impl ModelAnswer {
    /// The answer as plain text, for places that show a case's answer as one text.
    pub fn plain_text(&self, locale: Locale) -> String {
        let (objective, key_results) = match locale {
            Locale::En => ("Objective", "Key results"),
            Locale::Nb => ("Mål", "Nøkkelresultater"),
        };
        let mut text = format!("{objective}: {}\n{key_results}:\n", self.objective);
        for (i, kr) in self.key_results.iter().enumerate() {
            text.push_str(&format!("{}. {kr}\n", i + 1));
        }
        text.push('\n');
        text.push_str(&self.explanation);
        text
    }
}

/// A case of either kind, in one language, as pages, the API and workshops use it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Case {
    /// `builtin:<key>` or `custom:<id>`.
    #[serde(rename = "ref")]
    #[schema(value_type = String)]
    pub case_ref: CaseRef,
    /// `builtin` or `custom`.
    pub kind: &'static str,
    /// The built-in key.
    pub key: Option<&'static str>,
    /// The custom case's id.
    pub id: Option<CaseId>,
    pub title: String,
    pub situation: String,
    /// The model answer as text; empty when a custom case has none.
    pub model_answer: String,
    /// The model answer laid out (built-in cases).
    pub answer: Option<ModelAnswer>,
    /// The language of the text.
    pub locale: Locale,
    pub archived: bool,
    pub created_at: Option<NaiveDateTime>,
}

impl Case {
    /// The first sentence of the situation (or its first ~160 characters), for lists.
    pub fn summary(&self) -> String {
        let first_para = self.situation.split("\n\n").next().unwrap_or("").trim();
        let sentence_end = first_para
            .char_indices()
            .find(|(i, c)| {
                matches!(c, '.' | '!' | '?')
                    && first_para[i + c.len_utf8()..]
                        .chars()
                        .next()
                        .is_none_or(char::is_whitespace)
            })
            .map(|(i, c)| i + c.len_utf8());
        let sentence = match sentence_end {
            Some(end) => &first_para[..end],
            None => first_para,
        };
        if sentence.chars().count() <= 160 {
            sentence.to_owned()
        } else {
            let cut: String = sentence.chars().take(157).collect();
            format!("{}…", cut.trim_end())
        }
    }
}
/// Every case the organisation can use: the built-in ones in `locale`, then its own active
/// cases (each in the language it was written in).
pub fn list(conn: &mut DbConn, org_id: OrgId, locale: Locale) -> Result<Vec<Case>> {
    let mut cases = builtin_cases(locale);
    cases.extend(
        list_custom(conn, org_id, false)?
            .into_iter()
            .map(CustomCase::into_case),
    );
    Ok(cases)
}
/// The case `case_ref` names: a built-in case in `locale`, or one of the organisation's own
/// cases in its own language. Archived custom cases are found too (a workshop that used one
/// keeps working); `archived` says so.
pub fn find(conn: &mut DbConn, org_id: OrgId, case_ref: &CaseRef, locale: Locale) -> Result<Case> {
    match case_ref {
        CaseRef::Builtin(key) => builtin(key).map(|c| c.case(locale)).ok_or(Error::NotFound),
        CaseRef::Custom(id) => Ok(find_custom(conn, org_id, *id)?.into_case()),
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::people::Role;
    use crate::domain::testing::{TestDb, org, person};

    #[test]
    fn references_parse_and_print() {
        assert_eq!(
            CaseRef::parse("builtin:bakery"),
            Some(CaseRef::Builtin("bakery"))
        );
        assert_eq!(
            CaseRef::parse("custom:12"),
            Some(CaseRef::Custom(CaseId(12)))
        );
        for c in BUILTIN {
            let r = CaseRef::Builtin(c.key);
            assert_eq!(CaseRef::parse(&r.to_string()), Some(r));
        }
        assert_eq!(CaseRef::Custom(CaseId(7)).to_string(), "custom:7");
        for bad in [
            "",
            "bakery",
            "builtin:",
            "builtin:nope",
            "builtin:Bakery",
            "custom:",
            "custom:0",
            "custom:-3",
            "custom:+3",
            "custom:abc",
            "custom:12x",
            "custom: 12",
            "custom:99999999999",
            "Custom:12",
            " custom:12",
            "other:1",
        ] {
            assert_eq!(CaseRef::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn references_are_strings_in_json() {
        let json = serde_json::to_string(&CaseRef::Custom(CaseId(3))).unwrap();
        assert_eq!(json, "\"custom:3\"");
        let back: CaseRef = serde_json::from_str("\"builtin:library\"").unwrap();
        assert_eq!(back, CaseRef::Builtin("library"));
        assert!(serde_json::from_str::<CaseRef>("\"builtin:zoo\"").is_err());
    }

    #[test]
    fn built_in_cases_are_complete_in_both_languages() {
        assert!(BUILTIN.len() >= 4);
        for key in ["bakery", "cycling-club", "library", "web-shop"] {
            assert!(builtin(key).is_some(), "{key}");
        }
        let mut keys: Vec<_> = BUILTIN.iter().map(|c| c.key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), BUILTIN.len(), "keys are unique");
        for c in BUILTIN {
            assert!(
                c.key.chars().all(|ch| ch.is_ascii_lowercase() || ch == '-'),
                "{} is a URL-friendly key",
                c.key
            );
            for locale in Locale::ALL {
                let text = c.text(locale);
                let input = CaseInput {
                    title: text.title.into(),
                    situation: text.situation.into(),
                    model_answer: c.case(locale).model_answer,
                    locale,
                };
                assert!(input.validate().is_empty(), "{} {locale:?}", c.key);
                assert!((2..=3).contains(&text.key_results.len()), "{}", c.key);
                assert!(!text.objective.is_empty() && !text.explanation.is_empty());
                assert!(
                    text.key_results
                        .iter()
                        .all(|kr| kr.chars().any(|ch| ch.is_ascii_digit())),
                    "every key result of {} has a number",
                    c.key
                );
            }
            assert_ne!(c.en.situation, c.nb.situation, "{} is translated", c.key);
            assert_ne!(c.en.objective, c.nb.objective, "{} is translated", c.key);
        }
    }

    #[test]
    fn summaries_stop_after_the_first_sentence() {
        let case = builtin("bakery").unwrap().case(Locale::En);
        assert_eq!(
            case.summary(),
            "Solsiden Bakery is a family-run bakery with two shops and eleven employees."
        );
        let mut long = case.clone();
        long.situation = "word ".repeat(100);
        assert!(long.summary().chars().count() <= 160);
        assert!(long.summary().ends_with('…'));
    }

    #[test]
    fn model_answers_read_as_text() {
        let case = builtin("library").unwrap().case(Locale::Nb);
        assert!(
            case.model_answer
                .starts_with("Mål: Få byen tilbake til biblioteket\n")
        );
        assert!(case.model_answer.contains("Nøkkelresultater:\n1. "));
        assert!(case.model_answer.contains("\n3. "));
    }

    fn input(title: &str, situation: &str, answer: &str, locale: Locale) -> CaseInput {
        CaseInput {
            title: title.into(),
            situation: situation.into(),
            model_answer: answer.into(),
            locale,
        }
    }

    fn keys(e: Error) -> Vec<&'static str> {
        match e {
            Error::Invalid(errors) => errors.0.iter().map(|e| e.key).collect(),
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn find_returns_each_kind_in_the_right_language_and_organisation() {
        let t = TestDb::fresh();
        let mut c = t.conn();
        let acme = org(&mut c, "acme");
        let other = org(&mut c, "other");
        let kari = person(&mut c, acme, "kari@acme.no", vec![Role::Leader]);

        let bakery = CaseRef::Builtin("bakery");
        let en = find(&mut c, acme, &bakery, Locale::En).unwrap();
        let nb = find(&mut c, acme, &bakery, Locale::Nb).unwrap();
        assert_eq!(en.title, "Solsiden Bakery");
        assert_eq!(nb.title, "Solsiden bakeri");
        assert_eq!(nb.locale, Locale::Nb);
        assert!(nb.answer.is_some());

        let own = create(
            &mut c,
            acme,
            Some(kari.row.id),
            &input(
                "  Kafé Kaja  ",
                "En kafé med\r\nfå gjester.\r\n",
                "",
                Locale::Nb,
            ),
        )
        .unwrap();
        assert_eq!(own.title, "Kafé Kaja", "titles are trimmed");
        assert_eq!(own.situation, "En kafé med\nfå gjester.", "line endings");
        let r = CaseRef::Custom(own.id);
        // A custom case keeps its own language, whatever the reader's.
        let found = find(&mut c, acme, &r, Locale::En).unwrap();
        assert_eq!(found.locale, Locale::Nb);
        assert_eq!(found.case_ref.to_string(), format!("custom:{}", own.id));
        assert_eq!(found.model_answer, "");
        // Another organisation cannot see it, change it or archive it.
        assert!(matches!(
            find(&mut c, other, &r, Locale::En),
            Err(Error::NotFound)
        ));
        assert!(matches!(
            update(&mut c, other, own.id, &input("X", "Y", "", Locale::En)),
            Err(Error::NotFound)
        ));
        assert!(matches!(
            archive(&mut c, other, own.id),
            Err(Error::NotFound)
        ));
        assert!(matches!(
            find(
                &mut c,
                acme,
                &CaseRef::Custom(CaseId(own.id.0 + 100)),
                Locale::En
            ),
            Err(Error::NotFound)
        ));

        let all = list(&mut c, acme, Locale::Nb).unwrap();
        assert_eq!(all.len(), BUILTIN.len() + 1);
        assert_eq!(
            list(&mut c, other, Locale::Nb).unwrap().len(),
            BUILTIN.len()
        );

        // Archived: gone from the list, still found by reference, no longer editable.
        archive(&mut c, acme, own.id).unwrap();
        assert_eq!(list(&mut c, acme, Locale::En).unwrap().len(), BUILTIN.len());
        assert!(find(&mut c, acme, &r, Locale::En).unwrap().archived);
        assert_eq!(list_custom(&mut c, acme, true).unwrap().len(), 1);
        assert!(matches!(
            archive(&mut c, acme, own.id),
            Err(Error::NotFound)
        ));
        assert!(matches!(
            update(&mut c, acme, own.id, &input("X", "Y", "", Locale::En)),
            Err(Error::NotFound)
        ));
    }

    #[test]
    fn custom_cases_are_validated() {
        let t = TestDb::fresh();
        let mut c = t.conn();
        let acme = org(&mut c, "acme");
        let e = create(&mut c, acme, None, &input(" ", "\r\n ", "", Locale::En)).unwrap_err();
        assert_eq!(
            keys(e),
            vec!["field-case-title-length", "field-case-situation-length"]
        );
        let long = "x".repeat(TEXT_MAX + 1);
        let e = create(
            &mut c,
            acme,
            None,
            &input(&"t".repeat(TITLE_MAX + 1), &long, &long, Locale::En),
        )
        .unwrap_err();
        assert_eq!(
            keys(e),
            vec![
                "field-case-title-length",
                "field-case-situation-length",
                "field-case-answer-length"
            ]
        );
        // The limits count characters, not bytes, and a CRLF counts as one.
        let ok = create(
            &mut c,
            acme,
            None,
            &input(
                &"ø".repeat(TITLE_MAX),
                &"æ\r\n".repeat(TEXT_MAX / 2),
                &"å".repeat(TEXT_MAX),
                Locale::Nb,
            ),
        )
        .unwrap();
        assert_eq!(ok.locale, "nb");
        assert!(list_custom(&mut c, acme, false).unwrap().len() == 1);
    }
}
