//! The demo organisation: a Norwegian company with departments, twelve teams, about 120
//! people with roles, and ambassadors, so every page has something to show. Later areas
//! add their history here. Loading is idempotent.

mod followup;
mod rollout;
mod survey;
mod workshop;

use chrono::{Duration, Utc};

use super::org::{self, NewOrg, Org};
use super::people::{self, PersonInput, Role};
use super::teams::{self, TeamInput, TeamKind};
use super::{DbConn, Locale, Result, auth};

pub const DEMO_SLUG: &str = "fjordlys";
pub const DEMO_PASSWORD: &str = "hverdag-demo";

/// The demo logins: (email, what the person is for).
pub const DEMO_LOGINS: [(&str, &str); 4] = [
    ("leader@fjordlys.example", "leader and facilitator"),
    ("facilitator@fjordlys.example", "facilitator"),
    ("ambassador@fjordlys.example", "OKR ambassador"),
    ("member@fjordlys.example", "team member"),
];

const DEPARTMENTS: [(&str, &[&str]); 4] = [
    (
        "Produkt og teknologi",
        &["Plattform", "App", "Data", "Design"],
    ),
    (
        "Salg og marked",
        &["Salg Nord", "Salg Sør", "Marked", "Kundeservice"],
    ),
    ("Drift", &["Logistikk", "Innkjøp"]),
    ("Stab", &["Økonomi", "HR"]),
];

const FIRST: [&str; 24] = [
    "Kari", "Ola", "Ingrid", "Lars", "Sofie", "Jonas", "Nora", "Emil", "Maja", "Henrik", "Ida",
    "Magnus", "Thea", "Sander", "Emma", "Mathias", "Sara", "Kristian", "Hanna", "Andreas",
    "Amalie", "Tobias", "Julie", "Eirik",
];
const LAST: [&str; 20] = [
    "Hansen",
    "Johansen",
    "Olsen",
    "Larsen",
    "Andersen",
    "Pedersen",
    "Nilsen",
    "Kristiansen",
    "Jensen",
    "Karlsen",
    "Berg",
    "Haugen",
    "Hagen",
    "Johnsen",
    "Eriksen",
    "Dahl",
    "Lie",
    "Moen",
    "Solberg",
    "Bakken",
];

/// A small deterministic generator, so the demo is the same on every machine.
pub(super) struct Lcg(pub(super) u64);

impl Lcg {
    pub(super) fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n.max(1)
    }
}

/// What loading the demo did.
pub struct DemoOutcome {
    pub org: Org,
    pub created: bool,
}

/// Loads the demo organisation unless it exists. Run inside a write transaction.
pub fn load(conn: &mut DbConn) -> Result<DemoOutcome> {
    if let Some(org) = org::find_by_slug(conn, DEMO_SLUG)? {
        return Ok(DemoOutcome {
            org,
            created: false,
        });
    }
    let org = org::create(
        conn,
        &NewOrg {
            name: "Fjordlys AS".into(),
            slug: DEMO_SLUG.into(),
            locale: Locale::Nb,
            time_zone: "Europe/Oslo".into(),
        },
    )?;
    let hash = auth::hash_password(DEMO_PASSWORD)?;
    let login = |email: &str, name: &str, locale: Locale, roles: Vec<Role>| PersonInput {
        name: name.into(),
        email: email.into(),
        locale,
        roles,
    };
    let leader = people::create(
        conn,
        org.id,
        &login(
            DEMO_LOGINS[0].0,
            "Kari Nordmann",
            Locale::En,
            vec![Role::Leader, Role::Facilitator],
        ),
        Some(&hash),
    )?;
    let facilitator = people::create(
        conn,
        org.id,
        &login(
            DEMO_LOGINS[1].0,
            "Per Fasilitator",
            Locale::Nb,
            vec![Role::Facilitator],
        ),
        Some(&hash),
    )?;
    let ambassador = people::create(
        conn,
        org.id,
        &login(
            DEMO_LOGINS[2].0,
            "Aisha Ambassadør",
            Locale::Nb,
            vec![Role::Ambassador],
        ),
        Some(&hash),
    )?;
    let member = people::create(
        conn,
        org.id,
        &login(
            DEMO_LOGINS[3].0,
            "Morten Medlem",
            Locale::En,
            vec![Role::Member],
        ),
        Some(&hash),
    )?;

    let mut rng = Lcg(2026);
    let today = Utc::now().date_naive();
    let mut team_ids = Vec::new();
    for (dept, team_names) in DEPARTMENTS {
        let d = teams::create(
            conn,
            org.id,
            &TeamInput {
                name: dept.into(),
                kind: TeamKind::Department,
                parent_id: None,
            },
        )?;
        for name in team_names {
            let t = teams::create(
                conn,
                org.id,
                &TeamInput {
                    name: (*name).into(),
                    kind: TeamKind::Team,
                    parent_id: Some(d.id),
                },
            )?;
            team_ids.push(t.id);
        }
    }

    // The demo logins belong to teams too.
    // Before the year of follow-up history began.
    let joined = |rng: &mut Lcg| today - Duration::days(380 + rng.next(500) as i64);
    teams::add_member(conn, org.id, team_ids[0], leader.row.id, joined(&mut rng))?;
    teams::add_member(conn, org.id, team_ids[1], member.row.id, joined(&mut rng))?;
    teams::add_member(
        conn,
        org.id,
        team_ids[4],
        facilitator.row.id,
        joined(&mut rng),
    )?;
    teams::add_member(
        conn,
        org.id,
        team_ids[7],
        ambassador.row.id,
        joined(&mut rng),
    )?;

    let mut ambassadors = vec![ambassador.row.id];
    let mut n = 0usize;
    for team_id in &team_ids {
        let size = 8 + rng.next(4) as usize;
        for _ in 0..size {
            // Distinct (first, last) pairs for the first 480 people.
            let first = FIRST[n % FIRST.len()];
            let last = LAST[(n + n / FIRST.len() * 7) % LAST.len()];
            let email = format!("{}.{}@fjordlys.example", ascii(first), ascii(last));
            let mut roles = vec![Role::Member];
            if n % 31 == 5 {
                roles.push(Role::Ambassador);
            }
            if n % 45 == 9 {
                roles.push(Role::Facilitator);
            }
            let locale = if rng.next(4) == 0 {
                Locale::En
            } else {
                Locale::Nb
            };
            let p = people::create(
                conn,
                org.id,
                &PersonInput {
                    name: format!("{first} {last}"),
                    email,
                    locale,
                    roles: roles.clone(),
                },
                None,
            )?;
            if roles.contains(&Role::Ambassador) {
                ambassadors.push(p.row.id);
            }
            teams::add_member(conn, org.id, *team_id, p.row.id, joined(&mut rng))?;
            n += 1;
        }
    }
    // One former member, to show history.
    let former = teams::members(conn, org.id, team_ids[2])?;
    if let Some(m) = former.last() {
        teams::end_membership(
            conn,
            org.id,
            team_ids[2],
            m.membership_id,
            today - Duration::days(30),
        )?;
    }
    for (i, team_id) in team_ids.iter().enumerate() {
        teams::add_ambassador(conn, org.id, *team_id, ambassadors[i % ambassadors.len()])?;
    }
    rollout::load(conn, org.id, leader.row.id, ambassador.row.id, today)?;
    survey::load(conn, org.id, rollout::NAME)?;
    workshop::load(
        conn,
        org.id,
        facilitator.row.id,
        team_ids[0],
        team_ids[1],
        today,
    )?;
    // The demo logins own a key result in their teams, so "my check-ins" has something.
    let owners = [
        (0, leader.row.id),
        (1, member.row.id),
        (4, facilitator.row.id),
        (7, ambassador.row.id),
    ];
    followup::load(conn, &org, &team_ids, &owners, today)?;
    super::adoption::rebuild(conn, &org, today)?;
    Ok(DemoOutcome { org, created: true })
}

fn ascii(s: &str) -> String {
    s.to_lowercase()
        .replace('ø', "o")
        .replace('æ', "ae")
        .replace('å', "a")
}
