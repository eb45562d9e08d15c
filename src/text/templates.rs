//! The template engine: Tera over the templates embedded in the binary, with the translation
//! function and filters registered, for pages and mail alike.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use rust_embed::RustEmbed;

use crate::domain::Locale;

#[derive(RustEmbed)]
#[folder = "templates/"]
#[exclude = "locales/*"]
pub struct Templates;

/// Builds the template engine from the embedded templates.
pub fn build_tera() -> Result<tera::Tera, tera::Error> {
    let mut tera = tera::Tera::default();
    super::i18n::register(&mut tera);
    // A fraction (0 to 1) as a whole percentage, for progress bars.
    tera.register_filter(
        "percent",
        |value: f64, _: tera::Kwargs, _: &tera::State| -> tera::TeraResult<i64> {
            Ok((value.clamp(0.0, 1.0) * 100.0).round() as i64)
        },
    );
    tera.register_filter(
        "urlencode",
        |value: &str, _: tera::Kwargs, _: &tera::State| urlencode(value),
    );
    let mut sources = Vec::new();
    for name in Templates::iter() {
        if let Some(file) = Templates::get(&name) {
            let text = String::from_utf8_lossy(&file.data).into_owned();
            sources.push((name.into_owned(), text));
        }
    }
    tera.add_raw_templates(sources)?;
    Ok(tera)
}

/// The text and HTML bodies of an email from `mail/<name>.txt` and `mail/<name>.html`,
/// rendered in `locale`.
pub fn mail_bodies(
    tera: &tera::Tera,
    locale: Locale,
    name: &str,
    mut ctx: tera::Context,
) -> Result<(String, String), tera::Error> {
    ctx.insert("lang", locale.code());
    Ok((
        tera.render(&format!("mail/{name}.txt"), &ctx)?,
        tera.render(&format!("mail/{name}.html"), &ctx)?,
    ))
}

/// A template context from serialisable pairs.
#[macro_export]
macro_rules! context {
    ($($key:literal => $value:expr),* $(,)?) => {{
        #[allow(unused_mut)]
        let mut ctx = tera::Context::new();
        $(ctx.insert($key, &$value);)*
        ctx
    }};
}

/// What [`urlencode`] leaves as it is: RFC 3986's unreserved characters, and `/` (the
/// values are paths to come back to).
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~')
    .remove(b'/');

/// Percent-encodes a value for a query string.
pub fn urlencode(s: &str) -> String {
    utf8_percent_encode(s, QUERY_VALUE).to_string()
}

#[cfg(test)]
mod tests {
    use super::urlencode;

    #[test]
    fn a_query_value_keeps_paths_readable_and_encodes_the_rest() {
        assert_eq!(urlencode("/okrs/3-a_b.c~"), "/okrs/3-a_b.c~");
        assert_eq!(
            urlencode("/okrs?team=3&x=æ ø"),
            "/okrs%3Fteam%3D3%26x%3D%C3%A6%20%C3%B8"
        );
    }
}
