//! Reading the mail the server delivered through its file transport (`<data-dir>/mail/<outbox
//! id>.eml`), parsed with mail-parser.

use std::path::Path;

use mail_parser::{MessageParser, MimeHeaders};

/// One delivered message.
#[derive(Debug, Clone)]
pub struct Mail {
    /// The outbox row it was sent from (the file name).
    pub outbox_id: i64,
    pub to: String,
    pub subject: String,
    pub message_id: String,
    pub text_body: String,
    pub html_body: String,
    /// A `text/calendar` part: its `method` parameter and its text.
    pub calendar: Option<(String, String)>,
}

impl Mail {
    /// Parses `<id>.eml`; `None` for anything else (such as a half-written temporary file).
    pub fn read(path: &Path) -> Option<Mail> {
        if path.extension()? != "eml" {
            return None;
        }
        let outbox_id = path.file_stem()?.to_str()?.parse().ok()?;
        let raw = std::fs::read(path).ok()?;
        Mail::parse(outbox_id, &raw)
    }

    pub fn parse(outbox_id: i64, raw: &[u8]) -> Option<Mail> {
        let message = MessageParser::default().parse(raw)?;
        let calendar = message.parts.iter().find_map(|part| {
            let ct = part.content_type()?;
            let is_calendar = ct.ctype() == "text" && ct.subtype() == Some("calendar");
            is_calendar.then(|| {
                let method = ct.attribute("method").unwrap_or_default().to_owned();
                (method, part.text_contents().unwrap_or_default().to_owned())
            })
        });
        let to = message
            .to()
            .and_then(|to| to.first())
            .and_then(|a| a.address())
            .unwrap_or_default()
            .to_owned();
        Some(Mail {
            outbox_id,
            to,
            subject: message.subject().unwrap_or_default().to_owned(),
            message_id: message.message_id().unwrap_or_default().to_owned(),
            text_body: message
                .body_text(0)
                .map(|b| b.into_owned())
                .unwrap_or_default(),
            html_body: message
                .body_html(0)
                .map(|b| b.into_owned())
                .unwrap_or_default(),
            calendar,
        })
    }

    pub fn is_to(&self, address: &str) -> bool {
        self.to.eq_ignore_ascii_case(address)
    }

    /// Both bodies.
    pub fn text(&self) -> String {
        format!("{}\n{}", self.text_body, self.html_body)
    }

    /// The first link in the text body under `prefix`, e.g. `/login/link/AbC…` or `/s/AbC…`.
    pub fn link_path(&self, prefix: &str) -> Option<String> {
        let start = self.text_body.find(prefix)?;
        let token: String = self.text_body[start + prefix.len()..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        (!token.is_empty()).then(|| format!("{prefix}{token}"))
    }

    /// The path of the login link in the text body, e.g. `/login/link/AbC…`.
    pub fn login_link_path(&self) -> Option<String> {
        self.link_path("/login/link/")
    }

    pub fn login_token(&self) -> Option<String> {
        self.login_link_path()
            .map(|p| p.trim_start_matches("/login/link/").to_owned())
    }
}
