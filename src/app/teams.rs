//! Teams and departments: the tree everyone reads, a team with its members and ambassadors,
//! and what leaders do — create, rename and move teams, people joining and leaving, and
//! appointing ambassadors.

use chrono::NaiveDate;

use crate::app::{Db, Identity, Result};
use crate::db::DbConn;
use crate::domain::audit::{self, Action, Entity, Entry};
use crate::domain::ids::{MembershipId, PersonId, TeamId};
use crate::domain::people::{self, Role};
use crate::domain::teams::{self, Member, Team, TeamInput, TeamKind, TreeEntry};

/// The team tree, depth first, with member counts.
pub async fn tree(db: &Db, me: &Identity) -> Result<Vec<TreeEntry>> {
    let org_id = me.org_id;
    db.run(move |c| teams::tree(c, org_id)).await
}

/// A team as its page and the API show it.
pub struct TeamView {
    pub team: Team,
    pub parent: Option<Team>,
    pub children: Vec<Team>,
    /// Current and past members.
    pub members: Vec<Member>,
    /// Person id and name.
    pub ambassadors: Vec<(PersonId, String)>,
}

pub async fn team(db: &Db, me: &Identity, id: TeamId) -> Result<TeamView> {
    let org_id = me.org_id;
    db.run(move |c| {
        let team = teams::find(c, org_id, id)?;
        let parent = match team.parent_id {
            Some(p) => Some(teams::find(c, org_id, p)?),
            None => None,
        };
        Ok(TeamView {
            parent,
            children: teams::all(c, org_id)?
                .into_iter()
                .filter(|t| t.parent_id == Some(id))
                .collect(),
            members: teams::members(c, org_id, id)?,
            ambassadors: teams::ambassadors(c, org_id, id)?,
            team,
        })
    })
    .await
}

/// The team (leaders, to edit it).
pub async fn editable(db: &Db, me: &Identity, id: TeamId) -> Result<Team> {
    me.require(Role::Leader)?;
    let org_id = me.org_id;
    db.run(move |c| teams::find(c, org_id, id)).await
}

/// What a team's form offers: the departments it can sit under (not itself), with their
/// depth in the tree (leaders).
pub async fn departments(
    db: &Db,
    me: &Identity,
    except: Option<TeamId>,
) -> Result<Vec<(TeamId, String, usize)>> {
    me.require(Role::Leader)?;
    Ok(tree(db, me)
        .await?
        .into_iter()
        .filter(|t| t.team.is_department() && Some(t.team.id) != except)
        .map(|t| (t.team.id, t.team.name, t.depth))
        .collect())
}

/// The people who can join a team or become its ambassador: everyone active, by name.
pub async fn everyone(db: &Db, me: &Identity) -> Result<Vec<(PersonId, String)>> {
    let org_id = me.org_id;
    db.run(move |c| people::names(c, org_id)).await
}

/// Creates a team or department (leaders).
pub async fn create(db: &Db, me: &Identity, input: TeamInput) -> Result<Team> {
    me.require(Role::Leader)?;
    let me = me.clone();
    db.write(move |c| {
        let team = teams::create(c, me.org_id, &input)?;
        let entry = Entry::new(Entity::Team, team.id.0, &team.name, Action::Created);
        audit::record(c, &me, entry.fields(&team))?;
        Ok(team)
    })
    .await
}

/// A change to a team: what is `None` stays; `parent_id: Some(None)` moves it to the top.
#[derive(Debug, Default)]
pub struct Change {
    pub name: Option<String>,
    pub kind: Option<TeamKind>,
    pub parent_id: Option<Option<TeamId>>,
}

impl Change {
    /// Every field of the team's form.
    pub fn all(input: TeamInput) -> Change {
        Change {
            name: Some(input.name),
            kind: Some(input.kind),
            parent_id: Some(input.parent_id),
        }
    }
}

/// Renames, retypes or moves a team (leaders).
pub async fn update(db: &Db, me: &Identity, id: TeamId, change: Change) -> Result<Team> {
    me.require(Role::Leader)?;
    let me = me.clone();
    db.write(move |c| {
        let org_id = me.org_id;
        let current = teams::find(c, org_id, id)?;
        let input = TeamInput {
            name: change.name.unwrap_or_else(|| current.name.clone()),
            kind: change.kind.or(Some(current.kind)).unwrap_or(TeamKind::Team),
            parent_id: change.parent_id.unwrap_or(current.parent_id),
        };
        let team = teams::update(c, org_id, id, &input)?;
        let entry = Entry::new(Entity::Team, id.0, &team.name, Action::Updated);
        audit::record_changes(c, &me, entry.changed(&current, &team))?;
        Ok(team)
    })
    .await
}

/// A person joins a team on a day (leaders); the team's members after.
pub async fn add_member(
    db: &Db,
    me: &Identity,
    team_id: TeamId,
    person_id: PersonId,
    on: NaiveDate,
    mail: crate::app::Mail,
) -> Result<Vec<Member>> {
    me.require(Role::Leader)?;
    let me = me.clone();
    db.write(move |c| {
        let org_id = me.org_id;
        teams::add_member(c, org_id, team_id, person_id, on)?;
        let members = teams::members(c, org_id, team_id)?;
        let joined = members.iter().rfind(|m| m.person_id == person_id);
        log_membership(c, &me, (team_id, joined), (Action::Added, "joined_on", on))?;
        let sends =
            crate::domain::meetings::invitations::sync_team(c, org_id, team_id, me.today())?;
        crate::app::meetings::invitations::queue(c, &mail, &sends)?;
        Ok(members)
    })
    .await
}

/// "Kari Nordmann · Sales", as an entry about a person on a team is labelled.
fn in_team(c: &mut DbConn, me: &Identity, person: &str, team_id: TeamId) -> Result<String> {
    let team = teams::find(c, me.org_id, team_id)?;
    Ok(format!("{person} · {}", team.name))
}

/// Writes a membership that began or ended on a day in the audit log.
fn log_membership(
    c: &mut DbConn,
    me: &Identity,
    (team_id, member): (TeamId, Option<&Member>),
    (action, field, on): (Action, &str, NaiveDate),
) -> Result<()> {
    let Some(m) = member else {
        return Ok(());
    };
    let label = in_team(c, me, &m.name, team_id)?;
    let entry = Entry::new(Entity::Membership, m.membership_id.0, label, action);
    audit::record(c, me, entry.field(field, None, Some(on.to_string())))
}

/// A membership ends on a day (leaders); the team's members after.
pub async fn end_membership(
    db: &Db,
    me: &Identity,
    team_id: TeamId,
    membership_id: MembershipId,
    on: NaiveDate,
    mail: crate::app::Mail,
) -> Result<Vec<Member>> {
    me.require(Role::Leader)?;
    let me = me.clone();
    db.write(move |c| {
        let org_id = me.org_id;
        teams::end_membership(c, org_id, team_id, membership_id, on)?;
        let members = teams::members(c, org_id, team_id)?;
        let ended = members.iter().find(|m| m.membership_id == membership_id);
        log_membership(c, &me, (team_id, ended), (Action::Ended, "left_on", on))?;
        let sends =
            crate::domain::meetings::invitations::sync_team(c, org_id, team_id, me.today())?;
        crate::app::meetings::invitations::queue(c, &mail, &sends)?;
        Ok(members)
    })
    .await
}

/// Makes a person the team's ambassador (leaders).
pub async fn add_ambassador(
    db: &Db,
    me: &Identity,
    team_id: TeamId,
    person_id: PersonId,
) -> Result<()> {
    me.require(Role::Leader)?;
    let me = me.clone();
    db.write(move |c| {
        teams::add_ambassador(c, me.org_id, team_id, person_id)?;
        ambassador_entry(c, &me, team_id, person_id, Action::Added)
    })
    .await
}

fn ambassador_entry(
    c: &mut DbConn,
    me: &Identity,
    team_id: TeamId,
    person_id: PersonId,
    action: Action,
) -> Result<()> {
    let person = people::find(c, me.org_id, person_id)?;
    let label = in_team(c, me, &person.row.name, team_id)?;
    audit::record(
        c,
        me,
        Entry::new(Entity::Ambassador, person_id.0, label, action),
    )
}

/// The person is no longer the team's ambassador (leaders).
pub async fn remove_ambassador(
    db: &Db,
    me: &Identity,
    team_id: TeamId,
    person_id: PersonId,
) -> Result<()> {
    me.require(Role::Leader)?;
    let me = me.clone();
    db.write(move |c| {
        teams::remove_ambassador(c, me.org_id, team_id, person_id)?;
        ambassador_entry(c, &me, team_id, person_id, Action::Removed)
    })
    .await
}
