//! Which webhook URLs a channel may have: `https`, on a host of the kind chosen (Slack's
//! incoming webhooks, or a Teams Workflows webhook on Azure Logic Apps or Power Platform),
//! and the hint that lets a leader recognise one without seeing it.

use super::ChannelKind;

/// The longest URL accepted (Power Platform's are about 300 characters).
const MAX_LEN: usize = 2000;

/// A webhook URL checked against its kind, or the key of the field error.
pub fn check(
    kind: ChannelKind,
    text: &str,
    allow_loopback: bool,
) -> std::result::Result<url::Url, &'static str> {
    let text = text.trim();
    if text.is_empty() {
        return Err("field-channel-url-required");
    }
    let url = url::Url::parse(text).map_err(|_| "field-channel-url-invalid")?;
    if text.len() > MAX_LEN || !url.username().is_empty() || url.password().is_some() {
        return Err("field-channel-url-invalid");
    }
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    if allow_loopback && url.scheme() == "http" && (host == "127.0.0.1" || host == "localhost") {
        return Ok(url);
    }
    if url.scheme() != "https" {
        return Err("field-channel-url-https");
    }
    let path = url.path();
    let fits = match kind {
        ChannelKind::Slack => {
            host == "hooks.slack.com"
                && (path.starts_with("/services/") || path.starts_with("/triggers/"))
        }
        ChannelKind::Teams => {
            if host.ends_with(".webhook.office.com") {
                // Office 365 connectors were retired in 2025.
                return Err("field-channel-url-office-connector");
            }
            (host.ends_with(".logic.azure.com")
                || host.ends_with(".environment.api.powerplatform.com"))
                && path.contains("/workflows/")
        }
    };
    if fits {
        Ok(url)
    } else {
        Err(match kind {
            ChannelKind::Slack => "field-channel-url-not-slack",
            ChannelKind::Teams => "field-channel-url-not-teams",
        })
    }
}

/// What a leader sees of a URL: its host and the last four characters (`hooks.slack.com …x9Qz`).
pub fn hint(url: &url::Url) -> String {
    let text = url.as_str().trim_end_matches('/');
    let tail: String = text
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    format!("{} …{tail}", url.host_str().unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SLACK: &str = "https://hooks.slack.com/services/T000/B000/XXXXxxxxYYYY";
    const TEAMS: &str = "https://prod-12.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sig=s3cr3t";
    const POWER: &str = "https://default1234.56.environment.api.powerplatform.com:443/powerautomate/automations/direct/workflows/abc/triggers/manual/paths/invoke?sig=x";

    #[test]
    fn each_kind_takes_its_own_hosts_over_https() {
        assert!(check(ChannelKind::Slack, SLACK, false).is_ok());
        assert!(check(ChannelKind::Teams, TEAMS, false).is_ok());
        assert!(check(ChannelKind::Teams, POWER, false).is_ok());
        assert_eq!(
            check(ChannelKind::Teams, SLACK, false),
            Err("field-channel-url-not-teams")
        );
        assert_eq!(
            check(ChannelKind::Slack, TEAMS, false),
            Err("field-channel-url-not-slack")
        );
        assert_eq!(
            check(ChannelKind::Slack, &SLACK.replace("https", "http"), false),
            Err("field-channel-url-https")
        );
        assert_eq!(
            check(
                ChannelKind::Slack,
                "https://hooks.slack.com.evil.example/services/x",
                false
            ),
            Err("field-channel-url-not-slack")
        );
        assert_eq!(
            check(
                ChannelKind::Teams,
                "https://evil.example/x.logic.azure.com/workflows/",
                false
            ),
            Err("field-channel-url-not-teams")
        );
        assert_eq!(
            check(
                ChannelKind::Teams,
                "https://acme.webhook.office.com/webhookb2/x",
                false
            ),
            Err("field-channel-url-office-connector")
        );
        assert_eq!(
            check(
                ChannelKind::Slack,
                "https://u:p@hooks.slack.com/services/x",
                false
            ),
            Err("field-channel-url-invalid")
        );
        assert_eq!(
            check(ChannelKind::Slack, " ", false),
            Err("field-channel-url-required")
        );
        assert_eq!(
            check(ChannelKind::Slack, "hooks", false),
            Err("field-channel-url-invalid")
        );
    }

    #[test]
    fn loopback_is_only_for_tests() {
        let local = "http://127.0.0.1:9000/hook";
        assert!(check(ChannelKind::Slack, local, true).is_ok());
        assert_eq!(
            check(ChannelKind::Slack, local, false),
            Err("field-channel-url-https")
        );
        assert!(check(ChannelKind::Teams, "http://10.0.0.1/workflows/", true).is_err());
    }

    #[test]
    fn the_hint_shows_the_host_and_four_characters() {
        let url = check(ChannelKind::Slack, SLACK, false).unwrap();
        assert_eq!(hint(&url), "hooks.slack.com …YYYY");
    }
}
