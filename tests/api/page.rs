//! Reading a page the way its user sees it: parse the HTML once, then ask for the elements a
//! stable selector (an `id`, a class or `data-*` attribute naming what the element is) picks
//! out. Tests assert on those rather than on substrings of the whole page, so that a word in a
//! hidden field, a script or another part of the page neither passes nor fails them by
//! accident. A failed look-up panics naming the selector and showing the start of the page.

use scraper::{ElementRef, Html, Selector};

/// A parsed HTML page.
pub struct Page {
    html: Html,
    source: String,
}

fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad selector `{css}`: {e:?}"))
}

/// The text of an element as it reads: its text nodes joined, runs of white space as one
/// space, trimmed.
fn text(element: ElementRef<'_>) -> String {
    element
        .text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

impl Page {
    /// Parses `html` (a whole page or a fragment).
    pub fn of(html: &str) -> Page {
        Page {
            html: Html::parse_document(html),
            source: html.to_owned(),
        }
    }

    fn matches(&self, css: &str) -> Vec<ElementRef<'_>> {
        self.html.select(&selector(css)).collect()
    }

    /// The start of the page's main content (or of the page), for failure messages.
    fn excerpt(&self) -> String {
        let from = self.source.find("<main").unwrap_or(0);
        let rest = &self.source[from..];
        let end = rest
            .char_indices()
            .nth(1_500)
            .map_or(rest.len(), |(at, _)| at);
        format!(
            "{}{}",
            &rest[..end],
            if end < rest.len() { " …" } else { "" }
        )
    }

    fn first(&self, css: &str) -> ElementRef<'_> {
        self.html
            .select(&selector(css))
            .next()
            .unwrap_or_else(|| panic!("nothing matches `{css}` in the page:\n{}", self.excerpt()))
    }

    /// The text of every element `css` matches, in page order.
    pub fn select(&self, css: &str) -> Vec<String> {
        self.matches(css).into_iter().map(text).collect()
    }

    /// The text of the first element `css` matches; panics if there is none.
    pub fn text_of(&self, css: &str) -> String {
        text(self.first(css))
    }

    /// How many elements `css` matches.
    pub fn count(&self, css: &str) -> usize {
        self.matches(css).len()
    }

    /// Whether `css` matches anything.
    pub fn has(&self, css: &str) -> bool {
        self.count(css) > 0
    }

    /// Attribute `name` of the first element `css` matches; panics if there is no such
    /// element or it has no such attribute.
    pub fn attr(&self, css: &str, name: &str) -> String {
        self.first(css)
            .value()
            .attr(name)
            .unwrap_or_else(|| {
                panic!(
                    "`{css}` has no attribute {name} in the page:\n{}",
                    self.excerpt()
                )
            })
            .to_owned()
    }

    /// Attribute `name` of every element `css` matches that has it, in page order.
    pub fn attrs(&self, css: &str, name: &str) -> Vec<String> {
        self.matches(css)
            .into_iter()
            .filter_map(|e| e.value().attr(name).map(str::to_owned))
            .collect()
    }

    /// The value of form field `css` as the form will submit it: an input's `value`, a
    /// textarea's text, or the selected option's value.
    pub fn value_of(&self, css: &str) -> String {
        let field = self.first(css);
        match field.value().name() {
            "textarea" => field.text().collect(),
            "select" => field
                .select(&selector("option[selected]"))
                .next()
                .and_then(|o| o.value().attr("value"))
                .unwrap_or_default()
                .to_owned(),
            _ => field.value().attr("value").unwrap_or_default().to_owned(),
        }
    }

    /// The messages of the fields a form marks as wrong (`.field-error`), in page order.
    pub fn field_errors(&self) -> Vec<String> {
        self.select(".field-error")
    }

    /// Whether a field error says (contains) `message`.
    pub fn has_field_error(&self, message: &str) -> bool {
        self.any_contains(".field-error", message)
    }

    /// The flash message at the top of the page (what just happened); panics if there is
    /// none.
    pub fn flash(&self) -> String {
        self.text_of("#flash")
    }

    /// Everything the page says in its `<main>` (or `<body>`), as it reads.
    pub fn main_text(&self) -> String {
        let css = if self.has("main") { "main" } else { "body" };
        self.text_of(css)
    }

    /// Whether the text of some element `css` matches contains `needle`.
    pub fn any_contains(&self, css: &str, needle: &str) -> bool {
        self.select(css).iter().any(|t| t.contains(needle))
    }
}
