//! The agenda a team's meeting follows, in a language: the team's own, else the
//! organisation's, else the built-in one, whose words are translations.

use std::collections::BTreeMap;

use crate::domain::ids::{OrgId, TeamId};
use crate::domain::meetings::SeriesKind;
use crate::domain::meetings::agendas::{self, Item, Source};
use crate::domain::{DbConn, Locale, Result};
use crate::text::i18n::t;

/// The built-in agenda: three items that fill a 15-minute weekly meeting, or an hour-long
/// period meeting.
pub fn built_in(locale: Locale, kind: SeriesKind) -> Vec<Item> {
    let items: [(&str, i32); 3] = match kind {
        SeriesKind::WeeklyResults => [
            ("agenda-weekly-check-ins", 5),
            ("agenda-weekly-blockers", 5),
            ("agenda-weekly-priorities", 5),
        ],
        SeriesKind::Quarterly => [
            ("agenda-quarterly-score", 20),
            ("agenda-quarterly-retro", 20),
            ("agenda-quarterly-next", 20),
        ],
    };
    items
        .iter()
        .map(|(key, minutes)| Item {
            text: t(locale, key),
            minutes: *minutes,
        })
        .collect()
}

/// What a team's meeting of `kind` follows in `locale`, and whose it is.
pub fn for_team(
    conn: &mut DbConn,
    org_id: OrgId,
    team: TeamId,
    kind: SeriesKind,
    locale: Locale,
) -> Result<(Vec<Item>, Source)> {
    Ok(agendas::resolve(conn, org_id, team, kind, locale)?
        .unwrap_or_else(|| (built_in(locale, kind), Source::BuiltIn)))
}

/// The organisation's agenda of `kind` in `locale` (the built-in one if it saved none).
pub fn for_org(
    conn: &mut DbConn,
    org_id: OrgId,
    kind: SeriesKind,
    locale: Locale,
) -> Result<(Vec<Item>, Source)> {
    Ok(match agendas::saved(conn, org_id, None, kind, locale)? {
        Some(items) => (items, Source::Organisation),
        None => (built_in(locale, kind), Source::BuiltIn),
    })
}

/// A team's agenda of `kind` in every language, as a held meeting keeps it.
pub fn in_every_language(
    conn: &mut DbConn,
    org_id: OrgId,
    team: TeamId,
    kind: SeriesKind,
) -> Result<BTreeMap<String, Vec<Item>>> {
    let mut out = BTreeMap::new();
    for locale in Locale::ALL {
        out.insert(
            locale.code().to_owned(),
            for_team(conn, org_id, team, kind, locale)?.0,
        );
    }
    Ok(out)
}
