//! [`Form`]: an HTML form body (urlencoded, repeated keys allowed) whose `csrf_token` field
//! must be the visitor's CSRF token, or the request is refused before the handler runs.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::context::RequestContext;
use super::errors::AppError;
use crate::domain::{FieldErrors, csrf};

/// Largest form body accepted (an import confirmation carries the whole CSV file).
pub const FORM_LIMIT: usize = 4 * 1024 * 1024;

#[derive(Deserialize)]
struct CsrfField {
    #[serde(default)]
    csrf_token: String,
}

/// Checks a submitted CSRF token against the visitor's token (bound to their session; see
/// [`crate::domain::csrf`]).
pub fn check_csrf(req: &HttpRequest, sent: &str) -> Result<(), AppError> {
    let expected = RequestContext::of(req).map(|c| c.csrf).unwrap_or_default();
    if csrf::matches(&expected, sent) {
        Ok(())
    } else {
        Err(AppError::Csrf)
    }
}

/// A CSRF-checked form.
pub struct Form<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for Form<T> {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let body = web::Bytes::from_request(&req, payload);
        Box::pin(async move {
            let bytes =
                body.await
                    .map_err(|e| match e.as_error::<actix_web::error::PayloadError>() {
                        Some(actix_web::error::PayloadError::Overflow) => AppError::TooLarge,
                        _ => AppError::BadRequest("error-bad-form"),
                    })?;
            let csrf: CsrfField = serde_html_form::from_bytes(&bytes)
                .map_err(|_| AppError::BadRequest("error-bad-form"))?;
            check_csrf(&req, &csrf.csrf_token)?;
            let value = serde_html_form::from_bytes(&bytes).map_err(|e| {
                tracing::debug!(error = %e, "form did not parse");
                AppError::BadRequest("error-bad-form")
            })?;
            Ok(Form(value))
        })
    }
}

/// A number as people type it: spaces (and non-breaking spaces) as thousands separators,
/// and a comma or a point for decimals.
pub fn parse_number(text: &str) -> Option<f64> {
    let cleaned: String = text
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    cleaned.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// An optional id field: empty is none; anything else must be a number.
pub fn optional_id<T: std::str::FromStr>(
    errors: &mut FieldErrors,
    field: &'static str,
    value: &str,
) -> Option<T> {
    match value.trim() {
        "" => None,
        v => v.parse().ok().or_else(|| {
            errors.add(field, "field-owner-unknown");
            None
        }),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_are_read_as_people_type_them() {
        use super::parse_number;
        assert_eq!(parse_number("1 234,5"), Some(1234.5));
        assert_eq!(parse_number("1\u{a0}234,5"), Some(1234.5));
        assert_eq!(parse_number("99.9"), Some(99.9));
        assert_eq!(parse_number("-3"), Some(-3.0));
        assert_eq!(parse_number("abc"), None);
        assert_eq!(parse_number("inf"), None);
        assert_eq!(parse_number(""), None);
    }
}
