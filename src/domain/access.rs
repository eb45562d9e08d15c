//! Who may see what about whom: the one rule for per-person records (who attended which
//! meeting, who made which check-in, one person's routine over the year), used alike by the
//! pages, the JSON API, the CSV exports and the emails.
//!
//! - Leaders and ambassadors see every team's people (ambassadors support teams across the
//!   organisation: their adoption pages already show each person's routine).
//! - Anyone else (members, facilitators) sees the people of the teams they are a current
//!   member of, and no other team's.
//!
//! Names, roles and team memberships (the organisation's directory, on the people and team
//! pages) and OKRs with their owners are open to everyone signed in to the organisation;
//! they are not covered here. Emails carry no one's per-person records but the recipient's
//! own (meeting reminders, check-in nudges) or team figures (the ambassadors' digest).

use super::identity::Identity;
use super::okrs::check_ins::CheckIn;
use super::people::Role;
use super::{DbConn, Error, Result, teams};
use crate::domain::ids::TeamId;

/// Whether `viewer` may see every team's per-person records (and export them in bulk).
pub fn may_see_everyone(viewer: &Identity) -> bool {
    viewer.has_role(Role::Leader) || viewer.has_role(Role::Ambassador)
}

/// Whether `viewer` may see the per-person records of `team_id`'s people: attendance, who
/// checked in, and the roster on the meeting page. The team must be in the viewer's
/// organisation (callers find it first).
pub fn may_see_people(conn: &mut DbConn, viewer: &Identity, team_id: TeamId) -> Result<bool> {
    if may_see_everyone(viewer) {
        return Ok(true);
    }
    Ok(teams::teams_of_person(conn, viewer.org_id, viewer.person_id)?.contains(&team_id))
}

/// [`may_see_people`], or `Forbidden`.
pub fn ensure_may_see_people(conn: &mut DbConn, viewer: &Identity, team_id: TeamId) -> Result<()> {
    if may_see_people(conn, viewer, team_id)? {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}

/// [`may_see_everyone`], or `Forbidden`.
pub fn ensure_may_see_everyone(viewer: &Identity) -> Result<()> {
    if may_see_everyone(viewer) {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}

/// `team_id`'s check-ins as `viewer` may see them: whole, or without who made them.
pub fn check_ins_for(
    conn: &mut DbConn,
    viewer: &Identity,
    team_id: TeamId,
    mut check_ins: Vec<CheckIn>,
) -> Result<Vec<CheckIn>> {
    if !may_see_people(conn, viewer, team_id)? {
        for c in &mut check_ins {
            c.person_id = None;
        }
    }
    Ok(check_ins)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::auth;
    use crate::domain::ids::OrgId;
    use crate::domain::testing::{TestDb, org, person};

    fn team(c: &mut DbConn, org_id: OrgId, name: &str) -> TeamId {
        crate::domain::testing::team(c, org_id, name).id
    }

    #[test]
    fn each_role_sees_the_people_the_pages_show() {
        let t = TestDb::fresh();
        let mut c = t.conn();
        let org_id = org(&mut c, "acme");
        let (web, data) = (team(&mut c, org_id, "Web"), team(&mut c, org_id, "Data"));
        let today = chrono::Utc::now().date_naive();
        let mut viewer = |email: &str, roles: Vec<Role>, team: Option<TeamId>| {
            let p = person(&mut c, org_id, email, roles);
            if let Some(team) = team {
                teams::add_member(&mut c, org_id, team, p.row.id, today).unwrap();
            }
            let session = auth::start_session(&mut c, &p.row, &Default::default()).unwrap();
            auth::session_identity(&mut c, &session, None)
                .unwrap()
                .unwrap()
        };
        let leader = viewer("lead@acme.no", vec![Role::Leader], None);
        let ambassador = viewer("amb@acme.no", vec![Role::Ambassador], None);
        let facilitator = viewer("fac@acme.no", vec![Role::Facilitator], None);
        let member = viewer("kari@acme.no", vec![Role::Member], Some(web));
        let mut c = t.conn();
        for (who, sees_web, sees_data, everyone) in [
            (&leader, true, true, true),
            (&ambassador, true, true, true),
            (&facilitator, false, false, false),
            (&member, true, false, false),
        ] {
            assert_eq!(
                may_see_people(&mut c, who, web).unwrap(),
                sees_web,
                "{}",
                who.name
            );
            assert_eq!(
                may_see_people(&mut c, who, data).unwrap(),
                sees_data,
                "{}",
                who.name
            );
            assert_eq!(may_see_everyone(who), everyone, "{}", who.name);
        }
    }
}
