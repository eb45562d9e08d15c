//! Posts to Teams and Slack channels, in the organisation's language: the meeting reminder
//! with its agenda, the weekly check-in nudge, a new adoption alert and the weekly digest.
//! A channel is shared, so its buttons open the signed-in pages; personal one-click links
//! go only by mail, to their owner.

use fluent_templates::fluent_bundle::FluentValue;

use crate::context;
use crate::domain::Locale;
use crate::domain::adoption::digest::Digest;
use crate::domain::adoption::views::Alert;
use crate::domain::channels::Post;
use crate::domain::channels::nudge::Open;
use crate::domain::meetings::agendas::Item;
use crate::domain::periods::Periods;
use crate::text::i18n::{format_date, format_datetime, t, t_args};
use crate::text::mail::followup::{MeetingMail, series_name};

fn arg(value: impl Into<FluentValue<'static>>) -> FluentValue<'static> {
    value.into()
}

/// The reminder of a meeting, the day before.
pub fn meeting_reminder(
    locale: Locale,
    base_url: &str,
    about: &MeetingMail,
    agenda: &[Item],
) -> Post {
    let kind = series_name(locale, about.series, about.periods);
    let when = format_datetime(locale, about.meeting.starts_at, about.time_zone);
    let mut lines = vec![t_args(
        locale,
        "channel-meeting-body",
        &[
            ("team", arg(about.team.to_owned())),
            ("kind", arg(kind.clone())),
            ("when", arg(when)),
            ("minutes", arg(about.series.duration_minutes)),
        ],
    )];
    lines.push(t(locale, "meetings-agenda"));
    lines.extend(agenda.iter().enumerate().map(|(i, item)| {
        let minutes = t_args(locale, "meetings-minutes", &[("n", arg(item.minutes))]);
        format!("{}. {} ({minutes})", i + 1, item.text)
    }));
    lines.push(format!(
        "{} {base_url}/meetings/{}",
        t(locale, "mail-meeting-page"),
        about.meeting.id
    ));
    Post {
        title: t_args(
            locale,
            "mail-meeting-subject",
            &[("kind", arg(kind)), ("team", arg(about.team.to_owned()))],
        ),
        lines,
        facts: Vec::new(),
        button: Some((
            t(locale, "channel-check-in"),
            format!("{base_url}/check-ins"),
        )),
    }
}

/// The weekly nudge: the teams with key results still to check in.
pub fn nudge(locale: Locale, base_url: &str, open: &[Open]) -> Post {
    Post {
        title: t(locale, "channel-nudge-title"),
        lines: vec![t(locale, "channel-nudge-body")],
        facts: open
            .iter()
            .map(|o| {
                let value = t_args(
                    locale,
                    "channel-nudge-open",
                    &[("open", arg(o.open)), ("total", arg(o.total))],
                );
                (o.team.clone(), value)
            })
            .collect(),
        button: Some((
            t(locale, "channel-check-in"),
            format!("{base_url}/check-ins"),
        )),
    }
}

/// An alert in words, as the dashboard says it.
fn alert_text(
    tera: &tera::Tera,
    locale: Locale,
    alert: &Alert,
    periods: Periods,
) -> Result<String, tera::Error> {
    let ctx = context!("a" => alert, "periods" => periods.code(), "lang" => locale.code());
    Ok(tera.render("channels/alert.txt", &ctx)?.trim().to_owned())
}

/// A new adoption alert about a team.
pub fn alert(
    tera: &tera::Tera,
    locale: Locale,
    base_url: &str,
    alert: &Alert,
    periods: Periods,
) -> Result<Post, tera::Error> {
    Ok(Post {
        title: t_args(
            locale,
            "channel-alert-title",
            &[("team", arg(alert.team.clone()))],
        ),
        lines: vec![alert_text(tera, locale, alert, periods)?],
        facts: Vec::new(),
        button: Some((
            t(locale, "channel-open-team"),
            format!("{base_url}/adoption/teams/{}", alert.team_id),
        )),
    })
}

/// The weekly digest of the teams a channel covers.
pub fn digest(
    tera: &tera::Tera,
    locale: Locale,
    base_url: &str,
    digest: &Digest,
    periods: Periods,
) -> Result<Post, tera::Error> {
    let mut lines = vec![t_args(
        locale,
        "channel-digest-intro",
        &[
            ("week", arg(format_date(locale, digest.week))),
            ("teams", arg(digest.teams)),
        ],
    )];
    if digest.changes.is_empty() {
        lines.push(t(locale, "mail-digest-no-changes"));
    } else {
        lines.push(t(locale, "mail-digest-changes"));
        lines.extend(digest.changes.iter().map(|c| {
            format!(
                "{}: {} → {}",
                c.team,
                t(locale, &format!("adoption-stage-{}", c.from.code())),
                t(locale, &format!("adoption-stage-{}", c.to.code()))
            )
        }));
    }
    if !digest.alerts.is_empty() {
        lines.push(t(locale, "adoption-open-alerts"));
        for a in &digest.alerts {
            lines.push(format!(
                "{}: {}",
                a.team,
                alert_text(tera, locale, a, periods)?
            ));
        }
    }
    Ok(Post {
        title: t(locale, "channel-digest-title"),
        lines,
        facts: digest
            .counts
            .iter()
            .map(|(stage, n)| (t(locale, &format!("adoption-stage-{stage}")), n.to_string()))
            .collect(),
        button: Some((
            t(locale, "mail-digest-button"),
            format!("{base_url}/adoption"),
        )),
    })
}
