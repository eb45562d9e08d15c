//! Posting to a Teams or Slack webhook, and what its answer means for the post.

use std::time::Duration;

use serde_json::Value;

use crate::domain::channels::{self, ChannelKind};
use crate::domain::ids::ChannelId;
use crate::domain::sealed::SealKey;

/// The longest wait a `Retry-After` is followed for.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(3600);

/// What became of a post.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    /// Accepted (2xx).
    Sent,
    /// Not now: rate-limited (429, with the wait it asked for), a server error, a timeout or
    /// no connection. Tried again later.
    Later(Option<Duration>, String),
    /// The receiver refused this post (another 4xx): trying again will not help.
    Refused(String),
    /// The channel or flow is gone (404, 410): the channel is turned off.
    Gone(String),
}

/// What a webhook's answer means.
pub fn classify(status: u16, retry_after: Option<&str>, body: &str) -> Delivery {
    let said = |what: &str| {
        let body: String = body.trim().chars().take(200).collect();
        if body.is_empty() {
            format!("{status} {what}")
        } else {
            format!("{status} {what}: {body}")
        }
    };
    match status {
        200..=299 => Delivery::Sent,
        429 => {
            let wait = retry_after
                .and_then(|s| s.trim().parse::<u64>().ok())
                .map(|s| Duration::from_secs(s).min(MAX_RETRY_AFTER));
            Delivery::Later(wait, said("too many requests"))
        }
        404 | 410 => Delivery::Gone(said("the channel or its workflow is gone")),
        408 | 500..=599 => Delivery::Later(None, said("the receiver failed")),
        _ => Delivery::Refused(said("refused")),
    }
}

/// Posts to webhooks: an HTTP client that follows no redirects and gives up after a timeout
/// (connecting, sending and the answer together), and the key channel URLs are sealed with.
#[derive(Clone)]
pub struct Webhooks {
    http: reqwest::Client,
    key: SealKey,
    /// `http://127.0.0.1` URLs are accepted (tests only).
    pub allow_loopback: bool,
}

impl Webhooks {
    pub fn new(key: SealKey, allow_loopback: bool, timeout: Duration) -> anyhow::Result<Webhooks> {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(timeout)
            .build()?;
        Ok(Webhooks {
            http,
            key,
            allow_loopback,
        })
    }

    /// Seals a channel's URL for its row.
    pub fn seal(&self, id: ChannelId, url: &str) -> String {
        self.key.seal(&channels::purpose(id), url)
    }

    /// Opens a channel's sealed URL.
    pub fn open(&self, id: ChannelId, sealed: &str) -> crate::domain::Result<String> {
        self.key.open(&channels::purpose(id), sealed)
    }

    /// Posts `body` (the JSON a channel of `kind` takes) to `url`. The URL never appears in
    /// what this returns or logs: it is a secret.
    pub async fn post(&self, kind: ChannelKind, url: &str, body: &Value) -> Delivery {
        let sent = self.http.post(url).json(body).send().await;
        let response = match sent {
            Ok(response) => response,
            Err(e) => {
                let what = if e.is_timeout() {
                    "no answer in time"
                } else if e.is_connect() {
                    "could not connect"
                } else {
                    "the connection failed"
                };
                return Delivery::Later(None, format!("{} webhook: {what}", kind.code()));
            }
        };
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let body = response.text().await.unwrap_or_default();
        classify(status, retry_after.as_deref(), &body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_sent_later_refused_or_gone() {
        assert_eq!(classify(200, None, "ok"), Delivery::Sent);
        assert_eq!(classify(202, None, ""), Delivery::Sent);
        assert_eq!(
            classify(429, Some("30"), "rate_limited"),
            Delivery::Later(
                Some(Duration::from_secs(30)),
                "429 too many requests: rate_limited".into()
            )
        );
        assert!(matches!(
            classify(429, Some("86400"), ""),
            Delivery::Later(Some(d), _) if d == MAX_RETRY_AFTER
        ));
        assert!(matches!(
            classify(429, Some("soon"), ""),
            Delivery::Later(None, _)
        ));
        assert!(matches!(classify(503, None, ""), Delivery::Later(None, _)));
        assert!(
            matches!(classify(410, None, "channel_is_archived"), Delivery::Gone(m) if m.contains("channel_is_archived"))
        );
        assert!(matches!(classify(404, None, ""), Delivery::Gone(_)));
        assert!(matches!(
            classify(400, None, "invalid_payload"),
            Delivery::Refused(_)
        ));
        assert!(matches!(
            classify(403, None, "action_prohibited"),
            Delivery::Refused(_)
        ));
    }
}
