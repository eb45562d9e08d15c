//! A channel post, and its two wire forms: an Adaptive Card (1.4, what Teams' Workflows
//! webhook posts) and a Slack Block Kit message, each kept within the documented limits.

use serde::Serialize;
use serde_json::{Value, json};

use super::ChannelKind;

/// What a post says, in the organisation's language.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Post {
    pub title: String,
    /// Paragraphs, in order.
    pub lines: Vec<String>,
    /// Label and value pairs (an agenda item and its minutes, a stage and its count).
    pub facts: Vec<(String, String)>,
    /// The button: its label and the address it opens.
    pub button: Option<(String, String)>,
}

impl Post {
    /// The post as plain text (the outbox's copy, and Slack's notification text).
    pub fn plain(&self) -> String {
        let mut out = vec![self.title.clone()];
        out.extend(self.lines.iter().cloned());
        out.extend(self.facts.iter().map(|(k, v)| format!("{k}: {v}")));
        if let Some((label, url)) = &self.button {
            out.push(format!("{label}: {url}"));
        }
        out.join("\n")
    }

    /// The body to post to a channel of `kind`.
    pub fn payload(&self, kind: ChannelKind) -> Value {
        match kind {
            ChannelKind::Teams => self.adaptive_card(),
            ChannelKind::Slack => self.block_kit(),
        }
    }

    /// The message a Workflows "post to a channel when a webhook request is received" flow
    /// takes: one attachment holding an Adaptive Card, version 1.4.
    fn adaptive_card(&self) -> Value {
        let mut body = vec![json!({
            "type": "TextBlock", "text": cut(&self.title, 200), "weight": "Bolder",
            "size": "Medium", "wrap": true,
        })];
        body.extend(
            self.lines
                .iter()
                .map(|l| json!({ "type": "TextBlock", "text": cut(l, 2000), "wrap": true })),
        );
        if !self.facts.is_empty() {
            let facts: Vec<Value> = self
                .facts
                .iter()
                .take(30)
                .map(|(k, v)| json!({ "title": cut(k, 200), "value": cut(v, 500) }))
                .collect();
            body.push(json!({ "type": "FactSet", "facts": facts }));
        }
        let mut card = json!({
            "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
            "type": "AdaptiveCard",
            "version": "1.4",
            "body": body,
        });
        if let Some((label, url)) = &self.button {
            card["actions"] =
                json!([{ "type": "Action.OpenUrl", "title": cut(label, 75), "url": url }]);
        }
        json!({
            "type": "message",
            "attachments": [{
                "contentType": "application/vnd.microsoft.card.adaptive",
                "contentUrl": null,
                "content": card,
            }],
        })
    }

    /// A Block Kit message: a header (at most 150 characters), sections (3,000 each), the
    /// facts as fields (10 to a section, 2,000 each) and a button (75; its URL 3,000), within
    /// 50 blocks; `text` is the notification's fallback.
    fn block_kit(&self) -> Value {
        let mut blocks = vec![json!({
            "type": "header",
            "text": { "type": "plain_text", "text": cut(&self.title, 150), "emoji": false },
        })];
        blocks.extend(self.lines.iter().take(20).map(|l| {
            json!({ "type": "section", "text": { "type": "mrkdwn", "text": cut(&escape(l), 3000) } })
        }));
        for chunk in self.facts.chunks(10).take(10) {
            let fields: Vec<Value> = chunk
                .iter()
                .map(|(k, v)| {
                    let text = format!("*{}*\n{}", escape(k), escape(v));
                    json!({ "type": "mrkdwn", "text": cut(&text, 2000) })
                })
                .collect();
            blocks.push(json!({ "type": "section", "fields": fields }));
        }
        if let Some((label, url)) = &self.button {
            blocks.push(json!({
                "type": "actions",
                "elements": [{
                    "type": "button",
                    "text": { "type": "plain_text", "text": cut(label, 75) },
                    "url": cut(url, 3000),
                    "style": "primary",
                }],
            }));
        }
        json!({ "text": cut(&self.plain(), 3000), "blocks": blocks })
    }
}

/// Slack's mrkdwn takes `&`, `<` and `>` as markup; these are escaped as its docs say.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// At most `max` characters, with an ellipsis when cut.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(max - 1).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn long_post() -> Post {
        Post {
            title: "T".repeat(400),
            lines: vec!["<b>x</b> & y".into(), "L".repeat(5000)],
            facts: (0..25)
                .map(|i| (format!("k{i}"), "v".repeat(3000)))
                .collect(),
            button: Some(("B".repeat(100), "https://hverdag.example/check-ins".into())),
        }
    }

    #[test]
    fn block_kit_keeps_within_slacks_limits() {
        let p = long_post().payload(ChannelKind::Slack);
        let blocks = p["blocks"].as_array().unwrap();
        assert!(blocks.len() <= 50);
        assert_eq!(
            blocks[0]["text"]["text"].as_str().unwrap().chars().count(),
            150
        );
        assert_eq!(blocks[1]["text"]["text"], "&lt;b&gt;x&lt;/b&gt; &amp; y");
        for b in blocks {
            if let Some(text) = b["text"]["text"].as_str() {
                assert!(text.chars().count() <= 3000);
            }
            if let Some(fields) = b["fields"].as_array() {
                assert!(fields.len() <= 10);
                assert!(
                    fields
                        .iter()
                        .all(|f| f["text"].as_str().unwrap().chars().count() <= 2000)
                );
            }
        }
        let button = &blocks.last().unwrap()["elements"][0];
        assert_eq!(button["text"]["text"].as_str().unwrap().chars().count(), 75);
        assert_eq!(button["url"], "https://hverdag.example/check-ins");
        assert!(p["text"].as_str().unwrap().chars().count() <= 3000);
    }

    #[test]
    fn the_adaptive_card_is_a_version_1_4_attachment_with_one_open_url_action() {
        let p = long_post().payload(ChannelKind::Teams);
        let card = &p["attachments"][0]["content"];
        assert_eq!(p["type"], "message");
        assert_eq!(
            p["attachments"][0]["contentType"],
            "application/vnd.microsoft.card.adaptive"
        );
        assert_eq!(card["version"], "1.4");
        assert_eq!(card["actions"][0]["type"], "Action.OpenUrl");
        assert_eq!(card["body"].as_array().unwrap().len(), 4);
        let plain = Post {
            title: "Hi".into(),
            ..Post::default()
        }
        .payload(ChannelKind::Teams);
        assert!(plain["attachments"][0]["content"].get("actions").is_none());
    }
}
