//! Pages: the context every page gets (language, CSRF token, the signed-in person, flash
//! message), and redirects with a flash. The Tera engine is [`crate::text::templates`].

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpMessage, HttpRequest, HttpResponse, web};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use fluent_templates::fluent_bundle::FluentValue;
use serde::{Deserialize, Serialize};

use super::AppState;
use super::context::{RequestContext, cookie, removal};
use super::errors::AppError;
use super::i18n;
use crate::domain::Locale;
use crate::domain::ids::PersonId;
use crate::domain::people::Role;
use crate::domain::periods::Periods;
pub use crate::text::templates::build_tera;

pub const FLASH_COOKIE: &str = "hverdag_flash";

/// A one-time message shown on the next page ("Person saved").
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Flash {
    pub kind: String,
    pub key: String,
    #[serde(default)]
    pub args: BTreeMap<String, serde_json::Value>,
}

impl Flash {
    pub fn success(key: &'static str) -> Flash {
        Flash {
            kind: "success".into(),
            key: key.into(),
            args: BTreeMap::new(),
        }
    }

    pub fn error(key: &'static str) -> Flash {
        Flash {
            kind: "error".into(),
            ..Flash::success(key)
        }
    }

    pub fn arg(mut self, name: &str, value: impl Into<serde_json::Value>) -> Flash {
        self.args.insert(name.into(), value.into());
        self
    }

    fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(self).unwrap_or_default())
    }

    fn decode(value: &str) -> Option<Flash> {
        let bytes = URL_SAFE_NO_PAD.decode(value).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    fn text(&self, locale: Locale) -> String {
        let args: Vec<(&str, FluentValue<'static>)> = self
            .args
            .iter()
            .map(|(k, v)| {
                let value = match v {
                    serde_json::Value::Number(n) => FluentValue::from(n.as_f64().unwrap_or(0.0)),
                    serde_json::Value::String(s) => FluentValue::from(s.clone()),
                    other => FluentValue::from(other.to_string()),
                };
                (k.as_str(), value)
            })
            .collect();
        i18n::t_args(locale, &self.key, &args)
    }
}

fn state(req: &HttpRequest) -> Result<web::Data<AppState>, AppError> {
    req.app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| AppError::internal("application state missing"))
}

/// The signed-in person as templates see them.
#[derive(Serialize)]
struct Me<'a> {
    id: PersonId,
    name: &'a str,
    email: &'a str,
    org_name: &'a str,
    roles: Vec<&'static str>,
    is_leader: bool,
    /// Runs workshops: a facilitator or a leader.
    is_facilitator: bool,
    /// Watches adoption across the organisation: an ambassador or a leader.
    is_watcher: bool,
}

/// Renders `template` with status 200.
pub fn page(
    req: &HttpRequest,
    template: &str,
    ctx: tera::Context,
) -> Result<HttpResponse, AppError> {
    page_with_status(req, StatusCode::OK, template, ctx)
}

/// Renders `template` with the common page context and the given status.
pub fn page_with_status(
    req: &HttpRequest,
    status: StatusCode,
    template: &str,
    mut ctx: tera::Context,
) -> Result<HttpResponse, AppError> {
    let state = state(req)?;
    let rc = RequestContext::of(req);
    let locale = rc.as_ref().map(|c| c.locale).unwrap_or_default();
    ctx.insert("lang", locale.code());
    ctx.insert(
        "csrf_token",
        rc.as_ref().map(|c| c.csrf.as_str()).unwrap_or(""),
    );
    let path = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "/".into());
    ctx.insert("current_path", &path);
    ctx.insert("section", req.path().split('/').nth(1).unwrap_or(""));
    ctx.insert(
        "tz",
        rc.as_ref()
            .and_then(|c| c.identity.as_ref())
            .map_or("UTC", |i| i.time_zone.as_str()),
    );
    ctx.insert(
        "periods",
        rc.as_ref()
            .and_then(|c| c.identity.as_ref())
            .map_or(Periods::default(), |i| i.periods)
            .code(),
    );
    match rc.as_ref().and_then(|c| c.identity.as_ref()) {
        Some(id) => ctx.insert(
            "me",
            &Me {
                id: id.person_id,
                name: &id.name,
                email: &id.email,
                org_name: &id.org_name,
                roles: id.roles.iter().map(|r| r.code()).collect(),
                is_leader: id.has_role(Role::Leader),
                is_watcher: id.is_watcher(),
                is_facilitator: id.has_role(Role::Leader) || id.has_role(Role::Facilitator),
            },
        ),
        None => ctx.insert("me", &serde_json::Value::Null),
    }
    let flash = req
        .cookie(FLASH_COOKIE)
        .and_then(|c| Flash::decode(c.value()));
    match &flash {
        Some(f) => {
            ctx.insert("flash_kind", &f.kind);
            ctx.insert("flash", &f.text(locale));
        }
        None => ctx.insert("flash", &serde_json::Value::Null),
    }
    let body = state.tera.render(template, &ctx)?;
    let mut response = HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body);
    if req.cookie(FLASH_COOKIE).is_some() {
        let _ = response.add_cookie(&removal(FLASH_COOKIE, state.secure_cookies));
    }
    Ok(response)
}

/// A 303 redirect to a local path.
pub fn redirect(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location.to_owned()))
        .finish()
}

/// A 303 redirect that shows `flash` on the next page.
pub fn redirect_with(req: &HttpRequest, location: &str, flash: Flash) -> HttpResponse {
    let secure = state(req).map(|s| s.secure_cookies).unwrap_or(false);
    let mut response = redirect(location);
    let _ = response.add_cookie(&cookie(FLASH_COOKIE, flash.encode(), secure, 1));
    response
}

/// Accepts only local paths (`/…`, not `//host`) as redirect targets.
pub fn safe_next(next: Option<&str>) -> String {
    // Browsers drop tabs and newlines from URLs and read `\` as `/`, so `/\t/evil` or
    // `/\evil` would leave the site: only plain characters are accepted.
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n
                    .chars()
                    .any(|c| c == '\\' || c.is_whitespace() || c.is_control()) =>
        {
            n.to_owned()
        }
        _ => "/".to_owned(),
    }
}

/// The request's language.
pub fn locale(req: &HttpRequest) -> Locale {
    req.extensions()
        .get::<RequestContext>()
        .map(|c| c.locale)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_are_redirect_targets() {
        assert_eq!(safe_next(Some("/people?page=2")), "/people?page=2");
        for bad in [
            "//evil.example",
            "/\t/evil.example",
            "/\\evil.example",
            "https://evil.example",
            "/a\nb",
            "",
        ] {
            assert_eq!(safe_next(Some(bad)), "/", "{bad:?}");
        }
        assert_eq!(safe_next(None), "/");
    }
}
