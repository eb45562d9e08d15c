//! The weekly digest to ambassadors: for their teams (every team when they are assigned to
//! none), how many are in each stage, which changed stage last week (better or worse), and
//! the open alerts. Sent once per person and week from Monday morning; each person can turn
//! it off.

use chrono::{Days, NaiveDate};
use diesel::prelude::*;
use serde::Serialize;

use super::metrics::{Stage, Week};
use super::reason::{self, Reason};
use super::views::{self, Alert};
use crate::db::schema::{
    accounts, adoption_digests, digest_opt_outs, people, person_roles, team_ambassadors, teams,
};
use crate::domain::ids::{OrgId, PersonId, TeamId};
use crate::domain::meetings::reminders::Recipient;
use crate::domain::{DbConn, Result};

/// A team whose stage changed in the week reported.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Change {
    pub team_id: TeamId,
    pub team: String,
    pub from: Stage,
    pub to: Stage,
    pub improved: bool,
    /// Why it is at its new stage (as the team's page says it).
    pub reason: Option<Reason>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Digest {
    /// The Monday of the week reported.
    pub week: NaiveDate,
    pub teams: usize,
    /// `(stage code, teams)` in ladder order, routine first.
    pub counts: Vec<(&'static str, usize)>,
    pub changes: Vec<Change>,
    pub alerts: Vec<Alert>,
}

/// The Monday of the week whose digest is due at `now`: from Monday 07:00 in the time zone
/// on; `None` before.
pub fn due_week(time_zone: &str, now: chrono::DateTime<chrono::Utc>) -> Option<NaiveDate> {
    use chrono::{Datelike, Timelike};
    let local = now.with_timezone(&crate::domain::meetings::zone(time_zone));
    if local.weekday() == chrono::Weekday::Mon && local.hour() < 7 {
        return None;
    }
    Some(crate::domain::periods::monday(local.date_naive()))
}

/// The digest of `team_ids` for the week starting `week`.
pub fn compose(
    conn: &mut DbConn,
    org_id: OrgId,
    team_ids: &[TeamId],
    week: NaiveDate,
) -> Result<Digest> {
    let weeks = views::weeks_since(conn, org_id, Some(team_ids), week - Days::new(7))?;
    let names: Vec<(TeamId, String)> = teams::table
        .filter(teams::org_id.eq(org_id))
        .filter(teams::id.eq_any(team_ids))
        .order(teams::name.asc())
        .select((teams::id, teams::name))
        .load(conn)?;
    let mut changes = Vec::new();
    let mut now: Vec<Stage> = Vec::new();
    for (team_id, name) in names {
        let at = |monday: NaiveDate| {
            weeks
                .iter()
                .find(|(team, w)| *team == team_id && w.facts.week == monday)
                .map(|(_, w)| w)
        };
        let (before, after) = (at(week - Days::new(7)), at(week));
        now.push(after.map_or(Stage::NotStarted, |w| w.stage));
        if let (Some(from), Some(to)) = (before, after)
            && from.stage != to.stage
        {
            changes.push(Change {
                team_id,
                team: name,
                from: from.stage,
                to: to.stage,
                // By the level reached: slipping from practising to forming is no progress.
                improved: to.level > from.level,
                reason: None,
            });
        }
    }
    explain_changes(conn, org_id, week, &mut changes)?;
    let counts = Stage::LADDER
        .iter()
        .map(|s| (s.code(), now.iter().filter(|n| *n == s).count()))
        .collect();
    let alerts = views::alerts(
        conn,
        org_id,
        None,
        Some(views::open_since(week + Days::new(7))),
    )?
    .into_iter()
    .filter(|a| team_ids.contains(&a.team_id))
    .collect();
    Ok(Digest {
        week,
        teams: now.len(),
        counts,
        changes,
        alerts,
    })
}

/// Gives each change its reason, from the team's weeks up to `week` (a year of them, as
/// the team's page reads).
fn explain_changes(
    conn: &mut DbConn,
    org_id: OrgId,
    week: NaiveDate,
    changes: &mut [Change],
) -> Result<()> {
    if changes.is_empty() {
        return Ok(());
    }
    let thresholds = super::Thresholds::of(&crate::domain::org::find(conn, org_id)?);
    let ids: Vec<TeamId> = changes.iter().map(|c| c.team_id).collect();
    let weeks = views::weeks_since(conn, org_id, Some(&ids), views::year_start(week))?;
    for change in changes {
        let own: Vec<Week> = weeks
            .iter()
            .filter(|(team, w)| *team == change.team_id && w.facts.week <= week)
            .map(|(_, w)| *w)
            .collect();
        change.reason = reason::explain(&own, &thresholds);
    }
    Ok(())
}

/// An ambassador due this week's digest, with the teams it covers.
pub struct Due {
    pub person_id: PersonId,
    pub recipient: Recipient,
    pub teams: Vec<TeamId>,
}

/// The ambassadors who have not had this week's digest (`week_start`, this Monday) and have
/// not turned it off, each with their teams (under the teams and departments they are
/// assigned to; every team when none).
pub fn due(conn: &mut DbConn, org_id: OrgId, week_start: NaiveDate) -> Result<Vec<Due>> {
    let ambassadors: Vec<(PersonId, String, String, String)> = people::table
        .inner_join(person_roles::table.on(person_roles::person_id.eq(people::id)))
        .inner_join(accounts::table)
        .filter(people::org_id.eq(org_id))
        .filter(people::active.eq(true))
        .filter(person_roles::role.eq(crate::domain::people::Role::Ambassador))
        .select((people::id, people::name, accounts::email, accounts::locale))
        .load(conn)?;
    let opted_out: Vec<PersonId> = digest_opt_outs::table
        .filter(digest_opt_outs::org_id.eq(org_id))
        .select(digest_opt_outs::person_id)
        .load(conn)?;
    let sent: Vec<PersonId> = adoption_digests::table
        .filter(adoption_digests::org_id.eq(org_id))
        .filter(adoption_digests::week_start.eq(week_start))
        .select(adoption_digests::person_id)
        .load(conn)?;
    let assigned: Vec<(PersonId, TeamId)> = team_ambassadors::table
        .filter(team_ambassadors::org_id.eq(org_id))
        .select((team_ambassadors::person_id, team_ambassadors::team_id))
        .load(conn)?;
    let all_teams = super::facts::team_ids(conn, org_id)?;
    let mut out = Vec::new();
    for (id, name, email, locale) in ambassadors {
        if opted_out.contains(&id) || sent.contains(&id) {
            continue;
        }
        let mine: Vec<TeamId> = assigned
            .iter()
            .filter(|(person, _)| *person == id)
            .map(|(_, team)| *team)
            .collect();
        let teams = if mine.is_empty() {
            all_teams.clone()
        } else {
            super::facts::teams_under(conn, org_id, &mine)?
        };
        out.push(Due {
            person_id: id,
            recipient: (name, email, locale),
            teams,
        });
    }
    Ok(out)
}

/// Claims one person's digest of the week: `false` when another node got there first.
pub fn claim(
    conn: &mut DbConn,
    org_id: OrgId,
    person_id: PersonId,
    week_start: NaiveDate,
) -> Result<bool> {
    let insert = diesel::insert_into(adoption_digests::table)
        .values((
            adoption_digests::org_id.eq(org_id),
            adoption_digests::person_id.eq(person_id),
            adoption_digests::week_start.eq(week_start),
        ))
        .on_conflict_do_nothing();
    // A multi-connection cannot say ON CONFLICT; each backend's own connection can.
    let inserted = match conn {
        DbConn::Sqlite(c) => insert.execute(c)?,
        DbConn::Pg(c) => insert.execute(c)?,
    };
    Ok(inserted == 1)
}

/// Turns a person's weekly digest on or off.
pub fn set_on(conn: &mut DbConn, org_id: OrgId, person_id: PersonId, on: bool) -> Result<()> {
    diesel::delete(
        digest_opt_outs::table
            .filter(digest_opt_outs::org_id.eq(org_id))
            .filter(digest_opt_outs::person_id.eq(person_id)),
    )
    .execute(conn)?;
    if !on {
        diesel::insert_into(digest_opt_outs::table)
            .values((
                digest_opt_outs::org_id.eq(org_id),
                digest_opt_outs::person_id.eq(person_id),
            ))
            .execute(conn)?;
    }
    Ok(())
}

pub fn is_on(conn: &mut DbConn, org_id: OrgId, person_id: PersonId) -> Result<bool> {
    let off: i64 = digest_opt_outs::table
        .filter(digest_opt_outs::org_id.eq(org_id))
        .filter(digest_opt_outs::person_id.eq(person_id))
        .count()
        .get_result(conn)?;
    Ok(off == 0)
}
