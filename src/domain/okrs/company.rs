//! Organisation-level objectives for a quarter: where the whole organisation wants to go.
//! Team objectives align to them, and an organisation objective's progress is the average of
//! the team objectives aligned to it.

use diesel::prelude::*;
use serde::Serialize;

use super::Okr;
use crate::db::schema::{objectives, org_objectives};
use crate::domain::ids::{ObjectiveId, OrgId, OrgObjectiveId, PersonId};
use crate::domain::{DbConn, FieldErrors, Result, now};

#[derive(Debug, Clone, Queryable, Selectable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = org_objectives)]
pub struct OrgObjective {
    pub id: OrgObjectiveId,
    #[serde(skip)]
    pub org_id: OrgId,
    pub period: String,
    pub title: String,
    pub description: String,
    pub owner_id: Option<PersonId>,
    pub archived_at: Option<chrono::NaiveDateTime>,
    pub created_at: chrono::NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OrgObjectiveInput {
    pub period: String,
    pub title: String,
    pub description: String,
    pub owner_id: Option<PersonId>,
}

impl OrgObjectiveInput {
    fn check(&self, conn: &mut DbConn, org_id: OrgId) -> Result<()> {
        super::check_words(&self.period, &self.title, &self.description).into_result()?;
        super::check_owner(conn, org_id, self.owner_id)
    }
}

pub fn create(conn: &mut DbConn, org_id: OrgId, input: &OrgObjectiveInput) -> Result<OrgObjective> {
    input.check(conn, org_id)?;
    Ok(diesel::insert_into(org_objectives::table)
        .values((
            org_objectives::org_id.eq(org_id),
            org_objectives::period.eq(&input.period),
            org_objectives::title.eq(input.title.trim()),
            org_objectives::description.eq(input.description.trim()),
            org_objectives::owner_id.eq(input.owner_id),
            org_objectives::created_at.eq(now()),
        ))
        .returning(org_objectives::all_columns)
        .get_result(conn)?)
}

pub fn find(conn: &mut DbConn, org_id: OrgId, id: OrgObjectiveId) -> Result<OrgObjective> {
    crate::domain::find_in_org!(org_objectives, OrgObjective, conn, org_id, id)
}

pub fn update(
    conn: &mut DbConn,
    org_id: OrgId,
    id: OrgObjectiveId,
    input: &OrgObjectiveInput,
) -> Result<OrgObjective> {
    let current = find(conn, org_id, id)?;
    input.check(conn, org_id)?;
    Ok(diesel::update(org_objectives::table.find(current.id))
        .set((
            org_objectives::period.eq(&input.period),
            org_objectives::title.eq(input.title.trim()),
            org_objectives::description.eq(input.description.trim()),
            org_objectives::owner_id.eq(input.owner_id),
        ))
        .returning(org_objectives::all_columns)
        .get_result(conn)?)
}

pub fn set_archived(
    conn: &mut DbConn,
    org_id: OrgId,
    id: OrgObjectiveId,
    archived: bool,
) -> Result<OrgObjective> {
    let current = find(conn, org_id, id)?;
    Ok(diesel::update(org_objectives::table.find(current.id))
        .set(org_objectives::archived_at.eq(archived.then(now)))
        .returning(org_objectives::all_columns)
        .get_result(conn)?)
}

/// The organisation objectives of a quarter (not archived), oldest first.
pub fn for_period(conn: &mut DbConn, org_id: OrgId, period: &str) -> Result<Vec<OrgObjective>> {
    Ok(org_objectives::table
        .filter(org_objectives::org_id.eq(org_id))
        .filter(org_objectives::period.eq(period))
        .filter(org_objectives::archived_at.is_null())
        .order(org_objectives::id.asc())
        .select(OrgObjective::as_select())
        .load(conn)?)
}

/// An organisation objective with the team objectives aligned to it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Aligned {
    pub objective: OrgObjective,
    pub teams: Vec<(String, Okr)>,
    pub progress: f64,
}

/// The quarter's organisation objectives, each with its aligned team objectives (and their
/// team names) and progress.
pub fn overview(conn: &mut DbConn, org_id: OrgId, period: &str) -> Result<Vec<Aligned>> {
    let mut out = Vec::new();
    for objective in for_period(conn, org_id, period)? {
        let aligned: Vec<(ObjectiveId, String)> = objectives::table
            .inner_join(
                crate::db::schema::teams::table
                    .on(crate::db::schema::teams::id.eq(objectives::team_id)),
            )
            .filter(objectives::org_id.eq(org_id))
            .filter(objectives::aligned_to.eq(objective.id))
            .filter(objectives::archived_at.is_null())
            .order(objectives::id.asc())
            .select((objectives::id, crate::db::schema::teams::name))
            .load(conn)?;
        let mut teams = Vec::new();
        for (id, team) in aligned {
            teams.push((team, super::find_okr(conn, org_id, id, false)?));
        }
        let progress = if teams.is_empty() {
            0.0
        } else {
            teams.iter().map(|(_, o)| o.progress).sum::<f64>() / teams.len() as f64
        };
        out.push(Aligned {
            objective,
            teams,
            progress,
        });
    }
    Ok(out)
}

/// Aligns a team objective to an organisation objective of the same quarter (or unaligns it).
pub fn align(
    conn: &mut DbConn,
    org_id: OrgId,
    objective_id: ObjectiveId,
    to: Option<OrgObjectiveId>,
) -> Result<()> {
    let objective = super::find(conn, org_id, objective_id)?;
    if let Some(target) = to {
        let target = find(conn, org_id, target)
            .map_err(|_| FieldErrors::single("aligned_to", "field-aligned-unknown"))?;
        if target.period != objective.period {
            return Err(FieldErrors::single("aligned_to", "field-aligned-period"));
        }
    }
    diesel::update(objectives::table.find(objective.id))
        .set(objectives::aligned_to.eq(to))
        .execute(conn)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::okrs::KeyResultInput;
    use crate::domain::testing::{TestDb, objective, org};

    #[test]
    fn team_objectives_align_to_the_organisations_and_carry_their_progress() {
        let t = TestDb::fresh();
        let mut c = t.conn();
        let acme = org(&mut c, "acme");
        let other = org(&mut c, "other");
        let web = crate::domain::testing::team(&mut c, acme, "Web");
        let input = |period: &str| OrgObjectiveInput {
            period: period.into(),
            title: "Customers choose us again".into(),
            description: String::new(),
            owner_id: None,
        };
        let company = create(&mut c, acme, &input("2027-Q1")).unwrap();
        let later = create(&mut c, acme, &input("2027-Q2")).unwrap();
        let foreign = create(&mut c, other, &input("2027-Q1")).unwrap();
        let okr = objective(
            &mut c,
            acme,
            web.id,
            "Faster answers",
            &[KeyResultInput::number("Hours to answer", "h", 10.0, 2.0)],
        );
        let id = okr.objective.id;
        assert!(
            align(&mut c, acme, id, Some(later.id)).is_err(),
            "another quarter"
        );
        assert!(
            align(&mut c, acme, id, Some(foreign.id)).is_err(),
            "another organisation"
        );
        align(&mut c, acme, id, Some(company.id)).unwrap();
        let kari = crate::domain::testing::person(
            &mut c,
            acme,
            "kari@acme.no",
            vec![crate::domain::people::Role::Member],
        )
        .row
        .id;
        crate::domain::okrs::check_ins::record(
            &mut c,
            acme,
            kari,
            &crate::domain::okrs::check_ins::CheckInInput {
                key_result_id: okr.key_results[0].id,
                value: 6.0,
                confidence: crate::domain::okrs::check_ins::Confidence::OnTrack,
                note: String::new(),
            },
        )
        .unwrap();
        let view = overview(&mut c, acme, "2027-Q1").unwrap();
        assert_eq!(view.len(), 1);
        assert_eq!(view[0].teams.len(), 1);
        assert_eq!(view[0].teams[0].0, "Web");
        assert_eq!(view[0].progress, 0.5, "10 → 2 hours, now 6");
        assert!(
            overview(&mut c, other, "2027-Q1").unwrap()[0]
                .teams
                .is_empty()
        );
    }
}
