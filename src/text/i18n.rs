//! Translation: Fluent files in `templates/locales/{en,nb}/*.ftl`, compiled into the binary,
//! and the Tera function `t(key=…, arg=…)` plus `date` and `num` filters that format for the
//! page's language (taken from the `lang` template variable).
//!
//! Keys used from Rust code start with `flash-`, `error-`, `field-`, `import-` or `mail-`, so
//! the key-coverage test can find them in the source.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};

use crate::domain::Locale;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./templates/locales",
        fallback_language: "en",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

fn lang_id(locale: Locale) -> LanguageIdentifier {
    match locale {
        Locale::En => fluent_templates::langid!("en"),
        Locale::Nb => fluent_templates::langid!("nb"),
    }
}

/// The text for `key` in `locale`.
pub fn t(locale: Locale, key: &str) -> String {
    LOCALES.lookup(&lang_id(locale), key)
}

/// The text for `key` in `locale`, with named arguments.
pub fn t_args(locale: Locale, key: &str, args: &[(&str, FluentValue<'static>)]) -> String {
    let map: HashMap<Cow<'static, str>, FluentValue<'static>> = args
        .iter()
        .map(|(k, v)| (Cow::Owned((*k).to_owned()), v.clone()))
        .collect();
    LOCALES.lookup_with_args(&lang_id(locale), key, &map)
}

/// True when `key` exists in `locale` itself (no fallback).
pub fn has_key(locale: Locale, key: &str) -> bool {
    LOCALES
        .lookup_single_language::<&str>(&lang_id(locale), key, None)
        .is_ok()
}

fn page_locale(state: &tera::State) -> Locale {
    state
        .get::<String>("lang")
        .ok()
        .flatten()
        .and_then(|l| Locale::parse(&l))
        .unwrap_or_default()
}

fn to_fluent(value: &tera::Value) -> Option<FluentValue<'static>> {
    if let Some(n) = value.as_i64() {
        return Some(FluentValue::from(n));
    }
    if let Some(n) = value.as_f64() {
        return Some(FluentValue::from(n));
    }
    value.as_str().map(|s| FluentValue::from(s.to_owned()))
}

const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const MONTHS_NB: [&str; 12] = [
    "jan.", "feb.", "mars", "apr.", "mai", "juni", "juli", "aug.", "sep.", "okt.", "nov.", "des.",
];

/// A date as people write it: `28 Nov 2026` in English, `28. nov. 2026` in Norwegian.
pub fn format_date(locale: Locale, date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let m = date.month0() as usize;
    match locale {
        Locale::En => format!("{} {} {}", date.day(), MONTHS_EN[m], date.year()),
        Locale::Nb => format!("{}. {} {}", date.day(), MONTHS_NB[m], date.year()),
    }
}

/// A UTC time shown in a time zone: `28 Nov 2026 14:05` / `28. nov. 2026 kl. 14:05`.
pub fn format_datetime(locale: Locale, utc: chrono::NaiveDateTime, tz: chrono_tz::Tz) -> String {
    let local = utc.and_utc().with_timezone(&tz);
    let time = local.format("%H:%M");
    match locale {
        Locale::En => format!("{} {time}", format_date(locale, local.date_naive())),
        Locale::Nb => format!("{} kl. {time}", format_date(locale, local.date_naive())),
    }
}

/// A number with the language's separators: `1,234.5` in English, `1 234,5` in Norwegian.
pub fn format_number(locale: Locale, value: f64, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, value.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let (group, point) = match locale {
        Locale::En => (",", "."),
        Locale::Nb => ("\u{a0}", ","),
    };
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push_str(group);
        }
        grouped.push(ch);
    }
    let sign = if value < 0.0 && value.abs() >= 0.5 * 10f64.powi(-(decimals as i32)) {
        "-"
    } else {
        ""
    };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}{point}{frac}")
    }
}

/// Registers `t`, `date` and `num` on a Tera instance.
pub fn register(tera: &mut tera::Tera) {
    tera.register_function(
        "t",
        |kwargs: tera::Kwargs, state: &tera::State| -> tera::TeraResult<String> {
            let key: String = kwargs.must_get("key")?;
            let args: Vec<(String, FluentValue<'static>)> = kwargs
                .iter()
                .filter_map(|(k, v)| {
                    let name = k.as_str()?;
                    if name == "key" {
                        return None;
                    }
                    Some((name.replace('_', "-"), to_fluent(v)?))
                })
                .collect();
            let args: Vec<(&str, FluentValue<'static>)> =
                args.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
            Ok(t_args(page_locale(state), &key, &args))
        },
    );
    tera.register_filter(
        "date",
        |value: &str, _: tera::Kwargs, state: &tera::State| -> String {
            match value
                .get(..10)
                .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            {
                Some(date) => format_date(page_locale(state), date),
                None => value.to_owned(),
            }
        },
    );
    tera.register_filter(
        "datetime",
        |value: &str, _: tera::Kwargs, state: &tera::State| -> String {
            let tz = state
                .get::<String>("tz")
                .ok()
                .flatten()
                .and_then(|tz| tz.parse::<chrono_tz::Tz>().ok())
                .unwrap_or(chrono_tz::UTC);
            match chrono::NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M:%S%.f") {
                Ok(utc) => format_datetime(page_locale(state), utc, tz),
                Err(_) => value.to_owned(),
            }
        },
    );
    tera.register_filter(
        "num",
        |value: f64, kwargs: tera::Kwargs, state: &tera::State| -> tera::TeraResult<String> {
            // Without `decimals`, whole numbers show none and others up to two.
            let decimals: usize = match kwargs.get("decimals")? {
                Some(d) => d,
                None if value.fract() == 0.0 => 0,
                None if (value * 10.0).fract() == 0.0 => 1,
                None => 2,
            };
            Ok(format_number(page_locale(state), value, decimals))
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_numbers_follow_the_language() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        assert_eq!(format_date(Locale::Nb, d), "28. nov. 2026");
        assert_eq!(format_date(Locale::En, d), "28 Nov 2026");
        assert_eq!(format_number(Locale::Nb, 1234.5, 1), "1\u{a0}234,5");
        assert_eq!(format_number(Locale::En, 1234567.0, 0), "1,234,567");
        assert_eq!(format_number(Locale::En, -12.0, 0), "-12");
        assert_eq!(format_number(Locale::En, 999.0, 0), "999");
        let utc = d.and_hms_opt(13, 5, 0).unwrap();
        assert_eq!(
            format_datetime(Locale::Nb, utc, chrono_tz::Europe::Oslo),
            "28. nov. 2026 kl. 14:05"
        );
    }

    /// Message ids defined in one language's `.ftl` files.
    fn ftl_keys(lang: &str) -> std::collections::BTreeSet<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("templates/locales")
            .join(lang);
        let mut keys = std::collections::BTreeSet::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for line in text.lines() {
                if let Some((id, _)) = line.split_once(" =")
                    && id.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                    && id.chars().all(|c| {
                        c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_'
                    })
                {
                    keys.insert(id.to_owned());
                }
            }
        }
        keys
    }

    fn files_under(dir: &std::path::Path, ext: &str, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                files_under(&path, ext, out);
            } else if path.extension().is_some_and(|e| e == ext)
                || path.to_string_lossy().ends_with(".txt")
            {
                out.push(path);
            }
        }
    }

    /// String literals in `text` that follow `marker` up to the closing quote.
    fn literals_after<'a>(text: &'a str, marker: &str) -> Vec<&'a str> {
        text.match_indices(marker)
            .filter_map(|(i, _)| {
                let rest = &text[i + marker.len()..];
                let end = rest.find(['"', '\''])?;
                Some(&rest[..end])
            })
            .collect()
    }

    #[test]
    fn no_key_is_defined_twice() {
        // Two files defining one message make the bundle (and the server) fail at start.
        for lang in ["en", "nb"] {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("templates/locales")
                .join(lang);
            let mut seen = std::collections::BTreeSet::new();
            for entry in std::fs::read_dir(dir).unwrap() {
                let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
                for line in text.lines() {
                    if let Some((id, _)) = line.split_once(" =")
                        && !id.starts_with([' ', '#', '*', '['])
                        && !id.is_empty()
                    {
                        assert!(seen.insert(id.to_owned()), "{lang}: {id} is defined twice");
                    }
                }
            }
        }
    }

    #[test]
    fn both_languages_have_the_same_keys() {
        let en = ftl_keys("en");
        let nb = ftl_keys("nb");
        assert!(
            en.len() > 100,
            "expected the English messages, found {}",
            en.len()
        );
        let only_en: Vec<_> = en.difference(&nb).collect();
        let only_nb: Vec<_> = nb.difference(&en).collect();
        assert!(only_en.is_empty(), "missing in nb: {only_en:?}");
        assert!(only_nb.is_empty(), "missing in en: {only_nb:?}");
    }

    #[test]
    fn every_key_used_exists() {
        let en = ftl_keys("en");
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut used = Vec::new();
        let mut templates = Vec::new();
        files_under(&root.join("templates"), "html", &mut templates);
        for path in &templates {
            let text = std::fs::read_to_string(path).unwrap();
            for marker in ["{{ t(key=\"", "{{ t(key='"] {
                for key in literals_after(&text, marker) {
                    // `t(key="role-" ~ r)`: a prefix completed at run time, checked below.
                    if !key.ends_with('-') {
                        used.push((path.display().to_string(), key.to_owned()));
                    }
                }
            }
        }
        for role in crate::domain::people::Role::ALL {
            used.push(("roles".into(), format!("role-{}", role.code())));
            used.push(("roles".into(), format!("role-{}-hint", role.code())));
        }
        for kind in ["team", "department"] {
            used.push(("kinds".into(), format!("kind-{kind}")));
        }
        for action in ["create", "update"] {
            used.push(("import".into(), format!("import-action-{action}")));
        }
        for status in ["scheduled", "open", "closed"] {
            used.push(("surveys".into(), format!("survey-status-{status}")));
        }
        for kind in crate::domain::surveys::QuestionKind::ALL {
            used.push(("surveys".into(), format!("question-kind-{}", kind.code())));
        }
        for field in ["opens_on", "closes_on"] {
            used.push(("surveys".into(), format!("surveys-{field}")));
        }
        for stage in [
            "planned",
            "preparation",
            "workshop",
            "followup",
            "completed",
        ] {
            used.push(("rollouts".into(), format!("rollout-stage-{stage}")));
        }
        for phase in crate::domain::rollouts::Phase::ALL {
            used.push(("rollouts".into(), format!("phase-{}", phase.code())));
            used.push(("rollouts".into(), format!("phase-{}-hint", phase.code())));
        }
        for (key, _) in crate::domain::rollouts::SEEDS {
            used.push(("rollouts".into(), format!("checklist-{key}")));
            used.push(("rollouts".into(), format!("checklist-{key}-hint")));
        }
        for kind in crate::domain::workshops::agenda::StepKind::ALL {
            used.push(("workshops".into(), format!("step-{}", kind.code())));
        }
        for kind in crate::domain::okrs::KrKind::ALL {
            used.push(("okrs".into(), format!("kr-kind-{}", kind.code())));
        }
        for c in crate::domain::okrs::check_ins::Confidence::ALL {
            used.push(("okrs".into(), format!("confidence-{}", c.code())));
        }
        for kind in crate::domain::meetings::SeriesKind::ALL {
            used.push(("meetings".into(), format!("series-kind-{}", kind.code())));
        }
        for p in crate::domain::periods::Periods::ALL {
            used.push(("meetings".into(), format!("periods-{}", p.code())));
        }
        for stage in crate::domain::adoption::Stage::ALL {
            used.push((
                "adoption".into(),
                format!("adoption-stage-{}", stage.code()),
            ));
        }
        for state in crate::domain::adoption::WeekState::ALL {
            used.push((
                "adoption".into(),
                format!("adoption-week-state-{}", state.code()),
            ));
        }
        for kind in crate::domain::adoption::AlertKind::ALL {
            used.push(("adoption".into(), format!("alert-kind-{}", kind.code())));
        }
        for state in ["scheduled", "held", "missed", "cancelled"] {
            used.push(("meetings".into(), format!("meeting-state-{state}")));
        }
        for p in crate::domain::meetings::Presence::ALL {
            used.push(("meetings".into(), format!("presence-{}", p.code())));
        }
        for day in 1..=7 {
            used.push(("meetings".into(), format!("weekday-{day}")));
        }
        for key in crate::domain::calendar::holidays::NORWEGIAN_KEYS {
            used.push(("calendar".into(), key.to_owned()));
        }
        for country in crate::domain::calendar::Country::ALL {
            let code = country.code().to_lowercase();
            used.push(("calendar".into(), format!("country-{code}")));
        }
        for month in 1..=12 {
            used.push(("calendar".into(), format!("month-{month}")));
        }
        for end in ["first", "last"] {
            for part in ["day", "month"] {
                used.push(("calendar".into(), format!("closure-{end}-{part}")));
            }
        }
        for status in crate::domain::okrs::Status::ALL {
            used.push(("okrs".into(), format!("objective-status-{}", status.code())));
        }
        for status in crate::domain::workshops::Status::ALL {
            used.push((
                "workshops".into(),
                format!("workshop-status-{}", status.code()),
            ));
        }
        for status in crate::domain::outbox::MailStatus::ALL {
            used.push(("outbox".into(), format!("outbox-status-{}", status.code())));
        }
        for kind in crate::domain::outbox::MailKind::ALL {
            used.push(("outbox".into(), format!("mail-kind-{}", kind.code())));
        }
        let mut sources = Vec::new();
        files_under(&root.join("src"), "rs", &mut sources);
        for path in &sources {
            let text = std::fs::read_to_string(path).unwrap();
            for prefix in [
                "flash-", "error-", "field-", "import-", "mail-", "answer-", "survey-", "history-",
            ] {
                for rest in literals_after(&text, &format!("\"{prefix}")) {
                    let key = format!("{prefix}{rest}");
                    if !rest.is_empty()
                        && key
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                    {
                        used.push((path.display().to_string(), key));
                    }
                }
            }
        }
        assert!(
            used.len() > 150,
            "the scan found too few keys: {}",
            used.len()
        );
        let missing: Vec<_> = used.iter().filter(|(_, k)| !en.contains(k)).collect();
        assert!(
            missing.is_empty(),
            "keys used but not translated: {missing:?}"
        );
    }

    #[test]
    fn lookups_use_the_language() {
        assert_ne!(t(Locale::En, "nav-people"), t(Locale::Nb, "nav-people"));
        assert!(has_key(Locale::Nb, "nav-people"));
        assert!(!has_key(Locale::Nb, "no-such-key"));
    }
}
