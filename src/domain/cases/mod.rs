//! Practice cases: neutral situations (a bakery, a cycling club, …) on which people practise
//! writing OKRs before their own workshop. The built-in cases live in [`BUILTIN`], in English
//! and Norwegian; an organisation's own cases are rows of `practice_cases`, written in one
//! language. A [`CaseRef`] (`builtin:bakery`, `custom:12`) names either kind.

use std::fmt;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

mod builtin;

pub use builtin::BUILTIN;

use super::{DbConn, Error, FieldErrors, Locale, Result, now};
use crate::db::schema::practice_cases;
use crate::domain::ids::{CaseId, OrgId, PersonId};

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

// ----- References -----------------------------------------------------------------------------

/// Names a case of either kind. Its text form is `builtin:<key>` or `custom:<id>`, which is how
/// URLs, the API and (later) workshops refer to a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaseRef {
    Builtin(&'static str),
    Custom(CaseId),
}

impl CaseRef {
    /// Parses `builtin:<key>` (a key that exists) or `custom:<positive id>`.
    pub fn parse(text: &str) -> Option<CaseRef> {
        let (kind, rest) = text.split_once(':')?;
        match kind {
            "builtin" => builtin(rest).map(|c| CaseRef::Builtin(c.key)),
            "custom" if !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()) => rest
                .parse()
                .ok()
                .filter(|id: &CaseId| id.0 > 0)
                .map(CaseRef::Custom),
            _ => None,
        }
    }
}

impl fmt::Display for CaseRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CaseRef::Builtin(key) => write!(f, "builtin:{key}"),
            CaseRef::Custom(id) => write!(f, "custom:{id}"),
        }
    }
}

impl Serialize for CaseRef {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for CaseRef {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        CaseRef::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown case {text:?}; expected builtin:<key> or custom:<id>"
            ))
        })
    }
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

/// A case an organisation wrote itself.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Serialize)]
#[diesel(table_name = practice_cases)]
pub struct CustomCase {
    pub id: CaseId,
    #[serde(skip)]
    pub org_id: OrgId,
    pub title: String,
    pub situation: String,
    pub model_answer: String,
    pub locale: String,
    pub created_by: Option<PersonId>,
    pub created_at: NaiveDateTime,
    pub archived: bool,
}

impl CustomCase {
    pub fn into_case(self) -> Case {
        Case {
            case_ref: CaseRef::Custom(self.id),
            kind: "custom",
            key: None,
            id: Some(self.id),
            locale: Locale::parse(&self.locale).unwrap_or_default(),
            title: self.title,
            situation: self.situation,
            model_answer: self.model_answer,
            answer: None,
            archived: self.archived,
            created_at: Some(self.created_at),
        }
    }
}

/// Input for writing or editing a custom case.
#[derive(Debug, Clone, Deserialize)]
pub struct CaseInput {
    pub title: String,
    pub situation: String,
    #[serde(default)]
    pub model_answer: String,
    pub locale: Locale,
}

/// Trims a text and turns Windows and old Mac line endings (as browsers send them) into `\n`.
fn clean_text(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .trim()
        .to_owned()
}

impl CaseInput {
    /// The input as it is stored: trimmed, with `\n` line endings.
    pub fn normalised(&self) -> CaseInput {
        CaseInput {
            title: self.title.trim().to_owned(),
            situation: clean_text(&self.situation),
            model_answer: clean_text(&self.model_answer),
            locale: self.locale,
        }
    }

    /// Problems with the (normalised) input.
    pub fn validate(&self) -> FieldErrors {
        let mut errors = FieldErrors::default();
        let title = self.title.trim().chars().count();
        if title == 0 || title > TITLE_MAX || self.title.contains(['\n', '\r']) {
            errors.add("title", "field-case-title-length");
        }
        let situation = clean_text(&self.situation).chars().count();
        if situation == 0 || situation > TEXT_MAX {
            errors.add("situation", "field-case-situation-length");
        }
        if clean_text(&self.model_answer).chars().count() > TEXT_MAX {
            errors.add("model_answer", "field-case-answer-length");
        }
        errors
    }
}

/// The organisation's own cases, newest first; archived ones only when asked for.
pub fn list_custom(
    conn: &mut DbConn,
    org_id: OrgId,
    include_archived: bool,
) -> Result<Vec<CustomCase>> {
    let mut query = practice_cases::table
        .filter(practice_cases::org_id.eq(org_id))
        .into_boxed();
    if !include_archived {
        query = query.filter(practice_cases::archived.eq(false));
    }
    Ok(query
        .order((practice_cases::created_at.desc(), practice_cases::id.desc()))
        .select(CustomCase::as_select())
        .load(conn)?)
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

/// One of the organisation's own cases, archived or not.
pub fn find_custom(conn: &mut DbConn, org_id: OrgId, id: CaseId) -> Result<CustomCase> {
    crate::domain::find_in_org!(practice_cases, CustomCase, conn, org_id, id)
}

/// One of the organisation's own cases that is not archived (the ones that can change).
pub fn find_active(conn: &mut DbConn, org_id: OrgId, id: CaseId) -> Result<CustomCase> {
    let case = find_custom(conn, org_id, id)?;
    if case.archived {
        return Err(Error::NotFound);
    }
    Ok(case)
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

/// Writes a new case for the organisation.
pub fn create(
    conn: &mut DbConn,
    org_id: OrgId,
    created_by: Option<PersonId>,
    input: &CaseInput,
) -> Result<CustomCase> {
    input.validate().into_result()?;
    let input = input.normalised();
    Ok(diesel::insert_into(practice_cases::table)
        .values((
            practice_cases::org_id.eq(org_id),
            practice_cases::title.eq(&input.title),
            practice_cases::situation.eq(&input.situation),
            practice_cases::model_answer.eq(&input.model_answer),
            practice_cases::locale.eq(input.locale.code()),
            practice_cases::created_by.eq(created_by),
            practice_cases::created_at.eq(now()),
            practice_cases::archived.eq(false),
        ))
        .returning(practice_cases::all_columns)
        .get_result(conn)?)
}

/// Changes one of the organisation's active cases.
pub fn update(
    conn: &mut DbConn,
    org_id: OrgId,
    id: CaseId,
    input: &CaseInput,
) -> Result<CustomCase> {
    find_active(conn, org_id, id)?;
    input.validate().into_result()?;
    let input = input.normalised();
    Ok(diesel::update(
        practice_cases::table
            .filter(practice_cases::org_id.eq(org_id))
            .filter(practice_cases::id.eq(id)),
    )
    .set((
        practice_cases::title.eq(&input.title),
        practice_cases::situation.eq(&input.situation),
        practice_cases::model_answer.eq(&input.model_answer),
        practice_cases::locale.eq(input.locale.code()),
    ))
    .returning(practice_cases::all_columns)
    .get_result(conn)?)
}

/// Archives one of the organisation's active cases: it leaves the lists but stays readable for
/// whatever already refers to it.
pub fn archive(conn: &mut DbConn, org_id: OrgId, id: CaseId) -> Result<CustomCase> {
    find_active(conn, org_id, id)?;
    Ok(diesel::update(
        practice_cases::table
            .filter(practice_cases::org_id.eq(org_id))
            .filter(practice_cases::id.eq(id)),
    )
    .set(practice_cases::archived.eq(true))
    .returning(practice_cases::all_columns)
    .get_result(conn)?)
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
