//! The agendas of the OKR meetings: ordered items with a time box each, per kind of meeting
//! (weekly results, period) and language. Leaders set the organisation's; a team may adjust
//! its own. A team's meeting follows its own agenda, else the organisation's, else the
//! built-in one (whose words are translations, so it lives in `text`, not here).
//!
//! A meeting recorded as held keeps the agenda it was held with ([`keep`]), so a later
//! change to an agenda never changes what a past meeting shows.

use chrono::NaiveDate;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use super::SeriesKind;
use crate::db::schema::{agendas, meeting_series, meetings};
use crate::domain::ids::{MeetingId, OrgId, TeamId};
use crate::domain::{DbConn, FieldErrors, Locale, Result, now};

/// Most items an agenda takes.
pub const MAX_ITEMS: usize = 20;
/// Longest text of an item.
pub const MAX_TEXT: usize = 300;

/// One item of an agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Item {
    pub text: String,
    /// The item's time box, in minutes.
    pub minutes: i32,
}

/// Whose agenda a team's meeting follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    BuiltIn,
    Organisation,
    Team,
}

/// Items as a leader types them, one a line: the minutes first, then the text
/// (`5 Check-ins: the new value and how confident we are`). Blank lines are skipped.
pub fn parse_lines(text: &str) -> std::result::Result<Vec<Item>, &'static str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| {
            let digits: String = line.chars().take_while(char::is_ascii_digit).collect();
            let minutes = digits
                .parse::<i32>()
                .map_err(|_| "field-meeting-agenda-line")?;
            let rest = line[digits.len()..].trim_start();
            let rest = rest
                .strip_prefix("min")
                .map_or(rest, |r| r.trim_start_matches(['.', ':']))
                .trim_start_matches([' ', '-', '–', ':', '|'])
                .trim();
            Ok(Item {
                text: rest.to_owned(),
                minutes,
            })
        })
        .collect()
}

/// The lines [`parse_lines`] reads back.
pub fn to_lines(items: &[Item]) -> String {
    items
        .iter()
        .map(|i| format!("{} {}", i.minutes, i.text))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The field errors of `items` (field `items`), given the shortest meeting that would follow
/// them (`None`: no meeting yet).
pub fn check(items: &[Item], shortest: Option<i32>) -> Result<()> {
    let problem = if items.is_empty() {
        Some("field-meeting-agenda-empty")
    } else if items.len() > MAX_ITEMS {
        Some("field-meeting-agenda-too-many")
    } else if items
        .iter()
        .any(|i| i.text.trim().is_empty() || i.text.chars().count() > MAX_TEXT)
    {
        Some("field-meeting-agenda-text")
    } else if items.iter().any(|i| !(1..=240).contains(&i.minutes)) {
        Some("field-meeting-agenda-minutes")
    } else if shortest.is_some_and(|m| items.iter().map(|i| i.minutes).sum::<i32>() > m) {
        Some("field-meeting-agenda-over-time")
    } else {
        None
    };
    match problem {
        Some(key) => Err(FieldErrors::single("items", key)),
        None => Ok(()),
    }
}

/// The row of a place (the organisation's when `team` is `None`) and its items.
fn place(
    conn: &mut DbConn,
    org_id: OrgId,
    team: Option<TeamId>,
    kind: SeriesKind,
    locale: Locale,
) -> Result<Option<(i32, String)>> {
    let rows: Vec<(i32, Option<TeamId>, String)> = agendas::table
        .filter(agendas::org_id.eq(org_id))
        .filter(agendas::kind.eq(kind))
        .filter(agendas::locale.eq(locale.code()))
        .select((agendas::id, agendas::team_id, agendas::items))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .find(|(_, t, _)| *t == team)
        .map(|(id, _, items)| (id, items)))
}

/// The agenda saved for a place (the organisation's when `team` is `None`), if any.
pub fn saved(
    conn: &mut DbConn,
    org_id: OrgId,
    team: Option<TeamId>,
    kind: SeriesKind,
    locale: Locale,
) -> Result<Option<Vec<Item>>> {
    place(conn, org_id, team, kind, locale)?
        .map(|(_, j)| j)
        .map(|j| {
            serde_json::from_str(&j).map_err(|e| crate::domain::Error::Internal(e.to_string()))
        })
        .transpose()
}

/// What a team's meeting of `kind` follows in `locale`: its own agenda, else the
/// organisation's; `None`: the built-in one.
pub fn resolve(
    conn: &mut DbConn,
    org_id: OrgId,
    team: TeamId,
    kind: SeriesKind,
    locale: Locale,
) -> Result<Option<(Vec<Item>, Source)>> {
    if let Some(items) = saved(conn, org_id, Some(team), kind, locale)? {
        return Ok(Some((items, Source::Team)));
    }
    Ok(saved(conn, org_id, None, kind, locale)?.map(|items| (items, Source::Organisation)))
}

/// The shortest running meeting series of `kind` that would follow an agenda saved for
/// `team` (or, for the organisation's, of every team without its own in `locale`).
fn shortest(
    conn: &mut DbConn,
    org_id: OrgId,
    team: Option<TeamId>,
    kind: SeriesKind,
    locale: Locale,
    today: NaiveDate,
) -> Result<Option<i32>> {
    let running: Vec<(TeamId, i32)> = meeting_series::table
        .filter(meeting_series::org_id.eq(org_id))
        .filter(meeting_series::kind.eq(kind.code()))
        .filter(
            meeting_series::ends_on
                .is_null()
                .or(meeting_series::ends_on.ge(today)),
        )
        .select((meeting_series::team_id, meeting_series::duration_minutes))
        .load(conn)?;
    let own: Vec<TeamId> = agendas::table
        .filter(agendas::org_id.eq(org_id))
        .filter(agendas::kind.eq(kind))
        .filter(agendas::locale.eq(locale.code()))
        .filter(agendas::team_id.is_not_null())
        .select(agendas::team_id.assume_not_null())
        .load(conn)?;
    Ok(running
        .into_iter()
        .filter(|(t, _)| match team {
            Some(team) => *t == team,
            None => !own.contains(t),
        })
        .map(|(_, minutes)| minutes)
        .min())
}

/// Saves the agenda of a place; its time boxes must fit the meetings that follow it.
pub fn save(
    conn: &mut DbConn,
    org_id: OrgId,
    team: Option<TeamId>,
    (kind, locale): (SeriesKind, Locale),
    items: &[Item],
    today: NaiveDate,
) -> Result<()> {
    let items: Vec<Item> = items
        .iter()
        .map(|i| Item {
            text: i.text.trim().to_owned(),
            minutes: i.minutes,
        })
        .collect();
    check(&items, shortest(conn, org_id, team, kind, locale, today)?)?;
    let json =
        serde_json::to_string(&items).map_err(|e| crate::domain::Error::Internal(e.to_string()))?;
    remove(conn, org_id, team, kind, locale)?;
    diesel::insert_into(agendas::table)
        .values((
            agendas::org_id.eq(org_id),
            agendas::team_id.eq(team),
            agendas::kind.eq(kind),
            agendas::locale.eq(locale.code()),
            agendas::items.eq(json),
            agendas::updated_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Removes the agenda of a place (a team's: it follows the organisation's again).
pub fn remove(
    conn: &mut DbConn,
    org_id: OrgId,
    team: Option<TeamId>,
    kind: SeriesKind,
    locale: Locale,
) -> Result<()> {
    if let Some((id, _)) = place(conn, org_id, team, kind, locale)? {
        diesel::delete(agendas::table.find(id)).execute(conn)?;
    }
    Ok(())
}

/// Keeps the agenda a meeting was held with (per language), unless it has one already.
pub fn keep(
    conn: &mut DbConn,
    org_id: OrgId,
    meeting: MeetingId,
    held_with: &std::collections::BTreeMap<String, Vec<Item>>,
) -> Result<()> {
    let json = serde_json::to_string(held_with)
        .map_err(|e| crate::domain::Error::Internal(e.to_string()))?;
    diesel::update(
        meetings::table
            .filter(meetings::org_id.eq(org_id))
            .filter(meetings::id.eq(meeting))
            .filter(meetings::agenda.is_null()),
    )
    .set(meetings::agenda.eq(Some(json)))
    .execute(conn)?;
    Ok(())
}

/// The agenda a meeting was held with, in `locale`, if it kept one.
pub fn kept(
    conn: &mut DbConn,
    org_id: OrgId,
    meeting: MeetingId,
    locale: Locale,
) -> Result<Option<Vec<Item>>> {
    let json: Option<String> = meetings::table
        .filter(meetings::org_id.eq(org_id))
        .filter(meetings::id.eq(meeting))
        .select(meetings::agenda)
        .first(conn)?;
    let Some(json) = json else {
        return Ok(None);
    };
    let mut by_locale: std::collections::BTreeMap<String, Vec<Item>> =
        serde_json::from_str(&json).map_err(|e| crate::domain::Error::Internal(e.to_string()))?;
    Ok(by_locale.remove(locale.code()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(minutes: i32, text: &str) -> Item {
        Item {
            text: text.into(),
            minutes,
        }
    }

    #[test]
    fn lines_read_minutes_first_in_the_ways_people_write_them() {
        let items = parse_lines("5 Check-ins\n\n10 min: Blockers\n  3 – Priorities  ").unwrap();
        assert_eq!(
            items,
            [
                item(5, "Check-ins"),
                item(10, "Blockers"),
                item(3, "Priorities")
            ]
        );
        assert_eq!(parse_lines("Check-ins 5"), Err("field-meeting-agenda-line"));
        assert_eq!(parse_lines(&to_lines(&items)).unwrap(), items);
    }

    #[test]
    fn an_agenda_needs_items_that_fit_the_meeting() {
        assert!(check(&[item(5, "a"), item(10, "b")], Some(15)).is_ok());
        assert!(check(&[item(5, "a")], None).is_ok());
        let key = |items: &[Item], shortest| match check(items, shortest) {
            Err(crate::domain::Error::Invalid(e)) => e.by_field().get("items").copied(),
            _ => None,
        };
        assert_eq!(key(&[], None), Some("field-meeting-agenda-empty"));
        assert_eq!(
            key(&[item(10, "a"), item(10, "b")], Some(15)),
            Some("field-meeting-agenda-over-time")
        );
        assert_eq!(
            key(&[item(0, "a")], None),
            Some("field-meeting-agenda-minutes")
        );
        assert_eq!(
            key(&[item(5, " ")], None),
            Some("field-meeting-agenda-text")
        );
        assert_eq!(
            key(&vec![item(1, "a"); 21], None),
            Some("field-meeting-agenda-too-many")
        );
    }
}
