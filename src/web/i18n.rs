//! The language of a request: the language cookie, then the browser's `Accept-Language`.
//! Translation and formatting themselves live below the web layer, in [`crate::text::i18n`]
//! (re-exported here, as pages use them everywhere).

use actix_web::HttpRequest;

use crate::domain::Locale;
pub use crate::text::i18n::*;

pub const LANG_COOKIE: &str = "hverdag_lang";

/// The language for a request without a signed-in person: the language cookie, then the
/// browser's `Accept-Language`, then English.
pub fn request_locale(req: &HttpRequest) -> Locale {
    if let Some(locale) = req
        .cookie(LANG_COOKIE)
        .and_then(|c| Locale::parse(c.value()))
    {
        return locale;
    }
    req.headers()
        .get(actix_web::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(preferred_locale)
        .unwrap_or_default()
}

/// The supported language an `Accept-Language` header prefers most: by `q` weight, then
/// order, never one marked `q=0` ("not this one"). actix-web parses the header.
pub fn preferred_locale(accept: &str) -> Option<Locale> {
    use actix_web::http::header::{
        HeaderValue, LanguageTag, Preference, Quality, QualityItem, from_comma_delimited,
    };
    let value = HeaderValue::from_str(accept).ok()?;
    let items: Vec<QualityItem<Preference<LanguageTag>>> =
        from_comma_delimited(std::iter::once(&value)).ok()?;
    let mut ranked: Vec<_> = items.iter().filter(|i| i.quality > Quality::ZERO).collect();
    // A stable sort: equal weights keep the header's order.
    ranked.sort_by_key(|i| std::cmp::Reverse(i.quality));
    ranked.iter().find_map(|i| match &i.item {
        Preference::Specific(tag) => Locale::parse(tag.primary_language()),
        Preference::Any => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_weights_count() {
        assert_eq!(preferred_locale("en;q=0.1, nb;q=0.9"), Some(Locale::Nb));
        assert_eq!(preferred_locale("de, nb-NO, en"), Some(Locale::Nb));
        assert_eq!(preferred_locale("en, nb"), Some(Locale::En));
        assert_eq!(preferred_locale("nb;q=0, en;q=0.5"), Some(Locale::En));
        assert_eq!(preferred_locale("de, fr"), None);
    }
}
