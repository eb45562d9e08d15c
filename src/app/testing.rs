//! A small organisation for the use cases' tests: two teams, a member of each, a leader,
//! and a leader of another organisation.

use crate::app::Identity;
use crate::domain::ids::TeamId;
use crate::domain::people::Role;
use crate::domain::teams::{self, TeamInput, TeamKind};
use crate::domain::testing::{TestDb, identity, org, person};

pub struct World {
    pub t: TestDb,
    pub team: TeamId,
    pub other_team: TeamId,
    /// A member of `team`.
    pub member: Identity,
    /// A member of `other_team` only.
    pub outsider: Identity,
    pub leader: Identity,
    /// A leader of another organisation.
    pub stranger: Identity,
}

pub fn world() -> World {
    let t = TestDb::fresh();
    let mut c = t.conn();
    let acme = org(&mut c, "acme");
    let team_in = |name: &str| TeamInput {
        name: name.into(),
        kind: TeamKind::Team,
        parent_id: None,
    };
    let team = teams::create(&mut c, acme, &team_in("Web")).unwrap().id;
    let other_team = teams::create(&mut c, acme, &team_in("Sales")).unwrap().id;
    let kari = person(&mut c, acme, "kari@acme.no", vec![Role::Member]);
    let ola = person(&mut c, acme, "ola@acme.no", vec![Role::Member]);
    let lead = person(&mut c, acme, "lead@acme.no", vec![Role::Leader]);
    let day = chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
    teams::add_member(&mut c, acme, team, kari.row.id, day).unwrap();
    teams::add_member(&mut c, acme, other_team, ola.row.id, day).unwrap();
    let other = org(&mut c, "other");
    let boss = person(&mut c, other, "boss@other.no", vec![Role::Leader]);
    drop(c);
    World {
        team,
        other_team,
        member: identity(&kari),
        outsider: identity(&ola),
        leader: identity(&lead),
        stranger: identity(&boss),
        t,
    }
}

/// An objective for `team` in 2027-Q1.
pub fn objective(
    team: TeamId,
    title: &str,
    status: crate::domain::okrs::Status,
) -> crate::domain::okrs::ObjectiveInput {
    crate::domain::okrs::ObjectiveInput {
        team_id: team,
        period: "2027-Q1".into(),
        title: title.into(),
        description: String::new(),
        owner_id: None,
        status,
    }
}

/// What use cases compose mail with, for tests (links point at an example address).
pub fn mail() -> crate::app::Mail {
    crate::app::Mail {
        tera: std::sync::Arc::new(crate::text::templates::build_tera().expect("templates")),
        base_url: "https://hverdag.example".into(),
    }
}
