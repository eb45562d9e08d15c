//! Test support: a fresh, migrated SQLite database in a temporary directory, and seed data.

use super::ids::TeamId;
use super::okrs::{self, KeyResultInput, ObjectiveInput, Okr};
use super::org::{self, NewOrg};
use super::people::{self, PersonInput, Role};
use super::teams::{self, Team, TeamInput, TeamKind};
use super::workshops::{self, Workshop, room::Agenda};
use super::{DbConn, Locale};
use crate::db::{self, Db};
use crate::domain::ids::OrgId;

/// A database that lives as long as this value.
pub struct TestDb {
    _dir: tempfile::TempDir,
    pub db: Db,
}

impl TestDb {
    pub fn fresh() -> TestDb {
        let dir = tempfile::tempdir().unwrap();
        let url = dir.path().join("test.db").to_string_lossy().into_owned();
        let db = Db::open(&url, 2).unwrap();
        TestDb { _dir: dir, db }
    }

    pub fn conn(&self) -> r2d2::PooledConnection<db::Manager> {
        self.db.conn().unwrap()
    }
}

pub fn org(conn: &mut DbConn, slug: &str) -> OrgId {
    org::create(
        conn,
        &NewOrg {
            name: format!("Org {slug}"),
            slug: slug.into(),
            locale: Locale::En,
            time_zone: "Europe/Oslo".into(),
        },
    )
    .unwrap()
    .id
}

pub fn person(conn: &mut DbConn, org_id: OrgId, email: &str, roles: Vec<Role>) -> people::Person {
    people::create(
        conn,
        org_id,
        &PersonInput {
            name: email.split('@').next().unwrap().into(),
            email: email.into(),
            locale: Locale::En,
            roles,
        },
        None,
    )
    .unwrap()
}

/// A team (not a department) at the top of the organisation's tree.
pub fn team(conn: &mut DbConn, org_id: OrgId, name: &str) -> Team {
    teams::create(
        conn,
        org_id,
        &TeamInput {
            name: name.into(),
            kind: TeamKind::Team,
            parent_id: None,
        },
    )
    .unwrap()
}

/// The signed-in identity of a person made with [`person`].
pub fn identity(who: &people::Person) -> super::identity::Identity {
    super::identity::Identity {
        person_id: who.row.id,
        org_id: who.row.org_id,
        account_id: who.row.account_id,
        org_name: String::new(),
        name: who.row.name.clone(),
        email: who.row.email.clone(),
        locale: Locale::En,
        roles: who.roles.clone(),
        time_zone: "Europe/Oslo".into(),
        periods: super::periods::Periods::Quarters,
        api_token: None,
        address: None,
        session: None,
    }
}

/// A new organisation `acme`, its facilitator `fac@acme.no`, and a workshop of theirs with
/// the standard agenda, in Norwegian.
pub fn workshop(conn: &mut DbConn, title: &str) -> (OrgId, people::Person, Workshop) {
    let acme = org(conn, "acme");
    let facilitator = person(conn, acme, "fac@acme.no", vec![Role::Facilitator]);
    let w = workshops::create(
        conn,
        acme,
        facilitator.row.id,
        title,
        Locale::Nb,
        &Agenda::standard(),
        None,
    )
    .unwrap();
    (acme, facilitator, w)
}

/// An active objective of a team for 2027-Q1, with its key results.
pub fn objective(
    conn: &mut DbConn,
    org_id: OrgId,
    team_id: TeamId,
    title: &str,
    key_results: &[KeyResultInput],
) -> Okr {
    let input = ObjectiveInput {
        team_id,
        period: "2027-Q1".into(),
        title: title.into(),
        description: String::new(),
        owner_id: None,
        status: okrs::Status::Active,
    };
    okrs::create(conn, org_id, &input, None, key_results)
        .unwrap()
        .0
}
