//! Teams: a tree of departments and teams, memberships with joined/left dates, and the
//! ambassadors assigned to each team.

use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use super::{DbConn, Error, FieldErrors, Result, is_unique_violation, now};
use crate::db::schema::{people, team_memberships, teams};
use crate::domain::ids::{OrgId, TeamId};

mod members;

pub use members::{
    Member, add_ambassador, add_member, ambassadors, end_membership, members, remove_ambassador,
    supported_by, teams_of, teams_of_person,
};

crate::domain::codes::text_enum! {
    #[derive(Serialize, Deserialize, utoipa::ToSchema)]
    #[serde(rename_all = "lowercase")]
    pub enum TeamKind {
        Department = "department",
        Team = "team",
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = teams)]
pub struct Team {
    pub id: TeamId,
    #[serde(skip)]
    pub org_id: OrgId,
    pub parent_id: Option<TeamId>,
    pub name: String,
    pub kind: TeamKind,
    pub created_at: chrono::NaiveDateTime,
}

impl Team {
    pub fn is_department(&self) -> bool {
        self.kind == TeamKind::Department
    }
}

/// Input for creating or editing a team or department.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct TeamInput {
    pub name: String,
    pub kind: TeamKind,
    pub parent_id: Option<TeamId>,
}

/// A team in the flattened tree, with its depth and number of current members.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TreeEntry {
    #[serde(flatten)]
    pub team: Team,
    pub depth: usize,
    pub members: i64,
}

/// All teams of the organisation.
pub fn all(conn: &mut DbConn, org_id: OrgId) -> Result<Vec<Team>> {
    Ok(teams::table
        .filter(teams::org_id.eq(org_id))
        .order(teams::name.asc())
        .select(Team::as_select())
        .load(conn)?)
}

pub fn find(conn: &mut DbConn, org_id: OrgId, id: TeamId) -> Result<Team> {
    crate::domain::find_in_org!(teams, Team, conn, org_id, id)
}

pub fn find_by_name(conn: &mut DbConn, org_id: OrgId, name: &str) -> Result<Option<Team>> {
    Ok(teams::table
        .filter(teams::org_id.eq(org_id))
        .filter(teams::name.eq(name.trim()))
        .select(Team::as_select())
        .first(conn)
        .optional()?)
}

/// Orders teams as a tree (parents before children, siblings by name), depth-first.
pub fn flatten_tree(teams: Vec<Team>) -> Vec<(Team, usize)> {
    fn visit(
        parent: Option<TeamId>,
        depth: usize,
        all: &[Team],
        seen: &mut Vec<TeamId>,
        out: &mut Vec<(Team, usize)>,
    ) {
        let mut children: Vec<&Team> = all.iter().filter(|t| t.parent_id == parent).collect();
        children.sort_by(|a, b| {
            b.is_department()
                .cmp(&a.is_department())
                .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
        });
        for child in children {
            if seen.contains(&child.id) {
                continue;
            }
            seen.push(child.id);
            out.push((child.clone(), depth));
            visit(Some(child.id), depth + 1, all, seen, out);
        }
    }
    let mut out = Vec::with_capacity(teams.len());
    let mut seen = Vec::new();
    visit(None, 0, &teams, &mut seen, &mut out);
    // Anything not reached (a parent outside the list) goes last, at the top level.
    for t in &teams {
        if !seen.contains(&t.id) {
            out.push((t.clone(), 0));
        }
    }
    out
}

/// The organisation's team tree with member counts.
pub fn tree(conn: &mut DbConn, org_id: OrgId) -> Result<Vec<TreeEntry>> {
    let counts: Vec<(TeamId, i64)> = team_memberships::table
        .inner_join(people::table)
        .filter(team_memberships::org_id.eq(org_id))
        .filter(team_memberships::left_on.is_null())
        .filter(people::active.eq(true))
        .group_by(team_memberships::team_id)
        .select((team_memberships::team_id, diesel::dsl::count_star()))
        .load(conn)?;
    Ok(flatten_tree(all(conn, org_id)?)
        .into_iter()
        .map(|(team, depth)| {
            let members = counts
                .iter()
                .find(|(id, _)| *id == team.id)
                .map_or(0, |(_, n)| *n);
            TreeEntry {
                team,
                depth,
                members,
            }
        })
        .collect())
}

fn validate(conn: &mut DbConn, org_id: OrgId, id: Option<TeamId>, input: &TeamInput) -> Result<()> {
    let mut errors = FieldErrors::default();
    let name = input.name.trim();
    if name.is_empty() || name.chars().count() > 120 {
        errors.add("name", "field-name-length");
    }
    let same_name: i64 = teams::table
        .filter(teams::org_id.eq(org_id))
        .filter(crate::db::lower(teams::name).eq(name.to_lowercase()))
        .filter(teams::id.ne(id.unwrap_or(TeamId(0))))
        .count()
        .get_result(conn)?;
    if same_name > 0 {
        errors.add("name", "field-team-name-taken");
    }
    if let Some(parent_id) = input.parent_id {
        match teams::table
            .filter(teams::org_id.eq(org_id))
            .filter(teams::id.eq(parent_id))
            .select(Team::as_select())
            .first(conn)
            .optional()?
        {
            None => errors.add("parent_id", "field-parent-unknown"),
            Some(parent) if !parent.is_department() => {
                errors.add("parent_id", "field-parent-not-department")
            }
            Some(parent) => {
                if let Some(id) = id {
                    // Walk up from the new parent: reaching this team would make a cycle.
                    let all = all(conn, org_id)?;
                    let mut cursor = Some(parent.id);
                    while let Some(c) = cursor {
                        if c == id {
                            errors.add("parent_id", "field-parent-cycle");
                            break;
                        }
                        cursor = all.iter().find(|t| t.id == c).and_then(|t| t.parent_id);
                    }
                }
            }
        }
    }
    if let Some(id) = id {
        match input.kind {
            TeamKind::Team => {
                let children: i64 = teams::table
                    .filter(teams::parent_id.eq(id))
                    .count()
                    .get_result(conn)?;
                if children > 0 {
                    errors.add("kind", "field-kind-has-children");
                }
            }
            TeamKind::Department => {
                let members: i64 = team_memberships::table
                    .filter(team_memberships::team_id.eq(id))
                    .filter(team_memberships::left_on.is_null())
                    .count()
                    .get_result(conn)?;
                if members > 0 {
                    errors.add("kind", "field-kind-has-members");
                }
            }
        }
    }
    errors.into_result()
}

fn name_taken(e: diesel::result::Error) -> Error {
    if is_unique_violation(&e) {
        FieldErrors::single("name", "field-team-name-taken")
    } else {
        Error::from(e)
    }
}

pub fn create(conn: &mut DbConn, org_id: OrgId, input: &TeamInput) -> Result<Team> {
    validate(conn, org_id, None, input)?;
    diesel::insert_into(teams::table)
        .values((
            teams::org_id.eq(org_id),
            teams::parent_id.eq(input.parent_id),
            teams::name.eq(input.name.trim()),
            teams::kind.eq(input.kind),
            teams::created_at.eq(now()),
        ))
        .returning(teams::all_columns)
        .get_result(conn)
        .map_err(name_taken)
}

/// Renames, re-kinds or moves a team (to another department or to the top level).
pub fn update(conn: &mut DbConn, org_id: OrgId, id: TeamId, input: &TeamInput) -> Result<Team> {
    find(conn, org_id, id)?;
    validate(conn, org_id, Some(id), input)?;
    diesel::update(
        teams::table
            .filter(teams::org_id.eq(org_id))
            .filter(teams::id.eq(id)),
    )
    .set((
        teams::parent_id.eq(input.parent_id),
        teams::name.eq(input.name.trim()),
        teams::kind.eq(input.kind),
    ))
    .returning(teams::all_columns)
    .get_result(conn)
    .map_err(name_taken)
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::domain::people::Role;
    use crate::domain::testing::{TestDb, org, person};

    fn team(id: i32, parent: Option<i32>, name: &str, kind: TeamKind) -> Team {
        Team {
            id: TeamId(id),
            org_id: OrgId(1),
            parent_id: parent.map(TeamId),
            name: name.into(),
            kind,
            created_at: now(),
        }
    }

    #[test]
    fn tree_puts_children_under_parents() {
        let teams = vec![
            team(3, Some(1), "Web", TeamKind::Team),
            team(1, None, "Product", TeamKind::Department),
            team(2, Some(1), "App", TeamKind::Team),
            team(4, None, "Board", TeamKind::Team),
        ];
        let flat: Vec<(TeamId, usize)> = flatten_tree(teams)
            .into_iter()
            .map(|(t, d)| (t.id, d))
            .collect();
        assert_eq!(
            flat,
            vec![
                (TeamId(1), 0),
                (TeamId(2), 1),
                (TeamId(3), 1),
                (TeamId(4), 0)
            ]
        );
    }

    #[test]
    fn tree_survives_cycles() {
        let teams = vec![
            team(1, Some(2), "A", TeamKind::Department),
            team(2, Some(1), "B", TeamKind::Department),
        ];
        assert_eq!(flatten_tree(teams).len(), 2);
    }

    fn input(name: &str, kind: TeamKind, parent_id: Option<TeamId>) -> TeamInput {
        TeamInput {
            name: name.into(),
            kind,
            parent_id,
        }
    }

    fn first_error(e: Error) -> &'static str {
        match e {
            Error::Invalid(errors) => errors.0[0].key,
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn the_tree_refuses_cycles_and_teams_as_parents() {
        let t = TestDb::fresh();
        let mut c = t.conn();
        let acme = org(&mut c, "acme");
        let product = create(&mut c, acme, &input("Product", TeamKind::Department, None)).unwrap();
        let web = create(
            &mut c,
            acme,
            &input("Web", TeamKind::Department, Some(product.id)),
        )
        .unwrap();
        let app = create(&mut c, acme, &input("App", TeamKind::Team, Some(web.id))).unwrap();
        let cycle = update(
            &mut c,
            acme,
            product.id,
            &input("Product", TeamKind::Department, Some(web.id)),
        );
        assert_eq!(first_error(cycle.unwrap_err()), "field-parent-cycle");
        let under_team = create(&mut c, acme, &input("X", TeamKind::Team, Some(app.id)));
        assert_eq!(
            first_error(under_team.unwrap_err()),
            "field-parent-not-department"
        );
        // Names are unique per organisation, whatever the case.
        let same = create(&mut c, acme, &input("web", TeamKind::Team, None));
        assert_eq!(first_error(same.unwrap_err()), "field-team-name-taken");
        // Moving the team to the top level is fine.
        assert_eq!(
            update(&mut c, acme, app.id, &input("App", TeamKind::Team, None))
                .unwrap()
                .parent_id,
            None
        );
    }

    #[test]
    fn memberships_keep_history_and_stay_in_the_organisation() {
        let t = TestDb::fresh();
        let mut c = t.conn();
        let acme = org(&mut c, "acme");
        let other = org(&mut c, "other");
        let team = create(&mut c, acme, &input("Web", TeamKind::Team, None)).unwrap();
        let kari = person(&mut c, acme, "kari@acme.no", vec![Role::Member]);
        let stranger = person(&mut c, other, "x@other.no", vec![Role::Member]);
        let day = |d| NaiveDate::from_ymd_opt(2026, 3, d).unwrap();
        add_member(&mut c, acme, team.id, kari.row.id, day(1)).unwrap();
        assert_eq!(
            first_error(add_member(&mut c, acme, team.id, kari.row.id, day(2)).unwrap_err()),
            "field-already-member"
        );
        assert_eq!(
            first_error(add_member(&mut c, acme, team.id, stranger.row.id, day(2)).unwrap_err()),
            "field-person-unknown"
        );
        assert!(matches!(
            add_member(&mut c, other, team.id, stranger.row.id, day(2)),
            Err(Error::NotFound)
        ));
        let m = members(&mut c, acme, team.id).unwrap().remove(0);
        assert_eq!(
            first_error(
                end_membership(
                    &mut c,
                    acme,
                    team.id,
                    m.membership_id,
                    day(1).pred_opt().unwrap()
                )
                .unwrap_err()
            ),
            "field-left-before-joined"
        );
        end_membership(&mut c, acme, team.id, m.membership_id, day(20)).unwrap();
        add_member(&mut c, acme, team.id, kari.row.id, day(25)).unwrap();
        let history = members(&mut c, acme, team.id).unwrap();
        assert_eq!(history.len(), 2);
        assert_eq!(history[0].left_on, None);
        assert_eq!(history[1].left_on, Some(day(20)));
        add_ambassador(&mut c, acme, team.id, kari.row.id).unwrap();
        assert!(
            crate::domain::people::roles_of(&mut c, kari.row.id)
                .unwrap()
                .contains(&Role::Ambassador)
        );
    }
}
