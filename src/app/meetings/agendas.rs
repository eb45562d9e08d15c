//! Meeting agendas: the organisation's (leaders change them) and each team's own (whoever
//! may change the team's meetings). Everyone in the organisation reads them. Every change
//! is in the audit log, with the items before and after.

use serde::Serialize;

use crate::app::{Db, Identity, Result};
use crate::db::DbConn;
use crate::domain::audit::{self, Action, Entity, Entry};
use crate::domain::ids::TeamId;
use crate::domain::meetings::SeriesKind;
use crate::domain::meetings::agendas::{self, Item, Source};
use crate::domain::people::Role;
use crate::domain::teams::{self, Team};
use crate::domain::{Locale, okrs};
use crate::text::agendas as text;

/// One agenda: a kind of meeting, in one language, and whose it is.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AgendaView {
    pub kind: SeriesKind,
    pub locale: Locale,
    pub items: Vec<Item>,
    /// `team`: the team's own; `organisation`: the organisation's; `built_in`: Hverdag's.
    pub source: Source,
}

/// Every kind of meeting in every language, for a team or (`None`) the organisation.
fn all(c: &mut DbConn, me: &Identity, team: Option<TeamId>) -> Result<Vec<AgendaView>> {
    let mut out = Vec::new();
    for kind in SeriesKind::ALL {
        for locale in Locale::ALL {
            let (items, source) = match team {
                Some(team) => text::for_team(c, me.org_id, team, kind, locale)?,
                None => text::for_org(c, me.org_id, kind, locale)?,
            };
            out.push(AgendaView {
                kind,
                locale,
                items,
                source,
            });
        }
    }
    Ok(out)
}

/// The organisation's agendas.
pub async fn of_org(db: &Db, me: &Identity) -> Result<Vec<AgendaView>> {
    let me = me.clone();
    db.run(move |c| all(c, &me, None)).await
}

/// A team's agendas, and whether the person may change them.
pub async fn of_team(
    db: &Db,
    me: &Identity,
    team: TeamId,
) -> Result<(Team, bool, Vec<AgendaView>)> {
    let me = me.clone();
    db.run(move |c| {
        let found = teams::find(c, me.org_id, team)?;
        let editable = okrs::may_edit(c, &me, team)?;
        Ok((found, editable, all(c, &me, Some(team))?))
    })
    .await
}

/// The agenda of a place before and after a change, for the audit log.
fn audited(
    c: &mut DbConn,
    me: &Identity,
    (team, label): (Option<TeamId>, &str),
    (kind, locale): (SeriesKind, Locale),
    change: impl FnOnce(&mut DbConn) -> Result<()>,
) -> Result<()> {
    let before = agendas::saved(c, me.org_id, team, kind, locale)?;
    change(c)?;
    let after = agendas::saved(c, me.org_id, team, kind, locale)?;
    let what = format!("{label}: {} ({})", kind.code(), locale.code());
    let entry = match team {
        Some(team) => Entry::new(Entity::Agenda, team.0, what, Action::Updated),
        None => Entry::about(Entity::Agenda, what, Action::Updated),
    };
    let lines = |items: Option<Vec<Item>>| items.map(|i| agendas::to_lines(&i));
    audit::record_changes(c, me, entry.field("items", lines(before), lines(after)))
}

/// Saves the organisation's agenda of a kind and language (leaders). Its time boxes must fit
/// every running meeting of that kind that follows it.
pub async fn save_org(
    db: &Db,
    me: &Identity,
    (kind, locale): (SeriesKind, Locale),
    items: Vec<Item>,
) -> Result<()> {
    me.require(Role::Leader)?;
    let me = me.clone();
    db.write(move |c| {
        let place = (None, "organisation");
        audited(c, &me, place, (kind, locale), |c| {
            agendas::save(c, me.org_id, None, (kind, locale), &items, me.today())
        })
    })
    .await
}

/// Saves a team's own agenda of a kind and language. Its time boxes must fit the team's
/// running meetings of that kind.
pub async fn save_team(
    db: &Db,
    me: &Identity,
    team: TeamId,
    (kind, locale): (SeriesKind, Locale),
    items: Vec<Item>,
) -> Result<()> {
    let me = me.clone();
    db.write(move |c| {
        let found = teams::find(c, me.org_id, team)?;
        okrs::ensure_may_edit(c, &me, team)?;
        audited(c, &me, (Some(team), &found.name), (kind, locale), |c| {
            agendas::save(c, me.org_id, Some(team), (kind, locale), &items, me.today())
        })
    })
    .await
}

/// Drops a team's own agenda of a kind and language: it follows the organisation's again.
pub async fn reset_team(
    db: &Db,
    me: &Identity,
    team: TeamId,
    (kind, locale): (SeriesKind, Locale),
) -> Result<()> {
    let me = me.clone();
    db.write(move |c| {
        let found = teams::find(c, me.org_id, team)?;
        okrs::ensure_may_edit(c, &me, team)?;
        audited(c, &me, (Some(team), &found.name), (kind, locale), |c| {
            agendas::remove(c, me.org_id, Some(team), kind, locale)
        })
    })
    .await
}
