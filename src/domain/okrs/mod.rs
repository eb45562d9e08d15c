//! The OKR register: a team's objectives for a period (such as `2027-Q1`, see
//! [`crate::domain::periods`]), each
//! with an owner, a description and a status, and their key results ([`key_results`]).
//! Objectives drafted in a workshop arrive as drafts for the team to confirm. Nothing is
//! deleted: objectives and key results are archived, so history stays.

pub mod check_in_links;
pub mod check_ins;
pub mod company;
pub mod key_results;

use diesel::prelude::*;
use serde::Serialize;

pub use key_results::{KeyResult, KeyResultInput, KrKind};

use super::{DbConn, Error, FieldErrors, Result, now, people, periods, teams};
use crate::db::schema::{key_results as kr_table, objectives};
use crate::domain::changes::Touched;
use crate::domain::identity::Identity;
use crate::domain::ids::{ObjectiveId, OrgId, OrgObjectiveId, PersonId, TeamId, WorkshopId};

pub const MAX_TITLE: usize = 200;
pub const MAX_DESCRIPTION: usize = 2000;

crate::domain::codes::text_enum! {
    #[derive(Serialize, utoipa::ToSchema)]
    #[serde(rename_all = "snake_case")]
    #[schema(as = ObjectiveStatus)]
    pub enum Status {
        /// Proposed (e.g. in a workshop); the team has not confirmed it yet.
        Draft = "draft",
        Active = "active",
        Done = "done",
        Dropped = "dropped",
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = objectives)]
pub struct Objective {
    pub id: ObjectiveId,
    #[serde(skip)]
    pub org_id: OrgId,
    pub team_id: TeamId,
    pub period: String,
    pub title: String,
    pub owner_id: Option<PersonId>,
    pub workshop_id: Option<WorkshopId>,
    pub created_at: chrono::NaiveDateTime,
    pub description: String,
    pub status: Status,
    pub archived_at: Option<chrono::NaiveDateTime>,
    /// The organisation-level objective this one contributes to.
    pub aligned_to: Option<OrgObjectiveId>,
}

/// A key result with its progress (0 to 1), as pages and the API show it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct KrProgress {
    #[serde(flatten)]
    pub key_result: KeyResult,
    pub progress: f64,
}

impl std::ops::Deref for KrProgress {
    type Target = KeyResult;

    fn deref(&self) -> &KeyResult {
        &self.key_result
    }
}

/// An objective with its key results and its progress: the average of theirs (archived key
/// results do not count).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Okr {
    pub objective: Objective,
    pub key_results: Vec<KrProgress>,
    pub progress: f64,
}

impl Okr {
    fn new(objective: Objective, key_results: Vec<KeyResult>) -> Okr {
        let counted: Vec<f64> = key_results
            .iter()
            .filter(|k| k.archived_at.is_none())
            .map(KeyResult::progress)
            .collect();
        let progress = if counted.is_empty() {
            0.0
        } else {
            counted.iter().sum::<f64>() / counted.len() as f64
        };
        Okr {
            objective,
            key_results: key_results
                .into_iter()
                .map(|key_result| KrProgress {
                    progress: key_result.progress(),
                    key_result,
                })
                .collect(),
            progress,
        }
    }
}

/// An owner, if given, is an active person of the organisation.
pub(crate) fn check_owner(conn: &mut DbConn, org_id: OrgId, owner: Option<PersonId>) -> Result<()> {
    if let Some(id) = owner {
        match people::find(conn, org_id, id) {
            Ok(p) if p.row.active => {}
            Ok(_) | Err(Error::NotFound) => {
                return Err(FieldErrors::single("owner_id", "field-owner-unknown"));
            }
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

// ----- Objectives -------------------------------------------------------------------------

/// An objective as a form or the API gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectiveInput {
    pub team_id: TeamId,
    pub period: String,
    pub title: String,
    pub description: String,
    pub owner_id: Option<PersonId>,
    pub status: Status,
}

/// What an objective's words must be, a team's or the organisation's: a title of 1 to
/// [`MAX_TITLE`] characters, a description of at most [`MAX_DESCRIPTION`], a real period.
fn check_words(period: &str, title: &str, description: &str) -> FieldErrors {
    let mut errors = FieldErrors::default();
    let title = title.trim();
    if title.is_empty() || title.chars().count() > MAX_TITLE {
        errors.add("title", "field-title-length");
    }
    if description.trim().chars().count() > MAX_DESCRIPTION {
        errors.add("description", "field-description-length");
    }
    if !periods::valid(period) {
        errors.add("period", "field-period-invalid");
    }
    errors
}

impl ObjectiveInput {
    pub fn validate(&self) -> FieldErrors {
        check_words(&self.period, &self.title, &self.description)
    }

    /// Checks what the database knows: the team and owner belong to the organisation.
    fn check(&self, conn: &mut DbConn, org_id: OrgId) -> Result<()> {
        self.validate().into_result()?;
        match teams::find(conn, org_id, self.team_id) {
            Ok(_) => {}
            Err(Error::NotFound) => return Err(FieldErrors::single("team", "field-teams-unknown")),
            Err(e) => return Err(e),
        }
        check_owner(conn, org_id, self.owner_id)
    }
}

/// Creates an objective and its key results (in the caller's transaction).
pub fn create(
    conn: &mut DbConn,
    org_id: OrgId,
    input: &ObjectiveInput,
    workshop_id: Option<WorkshopId>,
    key_results_: &[KeyResultInput],
) -> Result<(Okr, Touched)> {
    input.check(conn, org_id)?;
    if key_results_.iter().any(|kr| !kr.validate().is_empty()) {
        return Err(FieldErrors::single(
            "key_results",
            "field-key-result-invalid",
        ));
    }
    let objective: Objective = diesel::insert_into(objectives::table)
        .values((
            objectives::org_id.eq(org_id),
            objectives::team_id.eq(input.team_id),
            objectives::period.eq(&input.period),
            objectives::title.eq(input.title.trim()),
            objectives::description.eq(input.description.trim()),
            objectives::owner_id.eq(input.owner_id),
            objectives::status.eq(input.status.code()),
            objectives::workshop_id.eq(workshop_id),
            objectives::created_at.eq(now()),
        ))
        .returning(objectives::all_columns)
        .get_result(conn)?;
    let mut created = Vec::with_capacity(key_results_.len());
    for kr in key_results_ {
        created.push(key_results::create(conn, org_id, objective.id, kr)?);
    }
    let touched = recount(&objective, &objective);
    Ok((Okr::new(objective, created), touched))
}

pub fn find(conn: &mut DbConn, org_id: OrgId, id: ObjectiveId) -> Result<Objective> {
    crate::domain::find_in_org!(objectives, Objective, conn, org_id, id)
}

/// An objective with its key results (archived ones too when `archived`).
pub fn find_okr(conn: &mut DbConn, org_id: OrgId, id: ObjectiveId, archived: bool) -> Result<Okr> {
    let objective = find(conn, org_id, id)?;
    let mut all = with_key_results(conn, vec![objective], archived)?;
    all.pop().ok_or(Error::NotFound)
}

/// Changes an objective (its team, period, title, description, owner and status).
pub fn update(
    conn: &mut DbConn,
    org_id: OrgId,
    id: ObjectiveId,
    input: &ObjectiveInput,
) -> Result<(Objective, Touched)> {
    let objective = find(conn, org_id, id)?;
    input.check(conn, org_id)?;
    let saved = diesel::update(objectives::table.find(objective.id))
        .set((
            objectives::team_id.eq(input.team_id),
            objectives::period.eq(&input.period),
            objectives::title.eq(input.title.trim()),
            objectives::description.eq(input.description.trim()),
            objectives::owner_id.eq(input.owner_id),
            objectives::status.eq(input.status.code()),
        ))
        .returning(objectives::all_columns)
        .get_result(conn)?;
    let touched = recount(&objective, &saved);
    Ok((saved, touched))
}

/// The weeks an objective's key results count in (the adoption rollup's coverage) may have
/// changed: both teams' weeks from the start of both periods.
fn recount(before: &Objective, after: &Objective) -> Touched {
    let same = (before.team_id, &before.period) == (after.team_id, &after.period);
    let places = if same {
        vec![after]
    } else {
        vec![before, after]
    };
    let mut touched = Touched::nothing(after.org_id);
    for o in places {
        if let Some((first, _)) = periods::days(&o.period) {
            touched.teams.push((o.team_id, first));
        }
    }
    touched
}

pub fn set_status(
    conn: &mut DbConn,
    org_id: OrgId,
    id: ObjectiveId,
    status: Status,
) -> Result<(Objective, Touched)> {
    let objective = find(conn, org_id, id)?;
    let saved = diesel::update(objectives::table.find(objective.id))
        .set(objectives::status.eq(status.code()))
        .returning(objectives::all_columns)
        .get_result(conn)?;
    let touched = recount(&objective, &saved);
    Ok((saved, touched))
}

/// Moves an unfinished objective, with its key results, to another period.
pub fn move_to(
    conn: &mut DbConn,
    org_id: OrgId,
    id: ObjectiveId,
    period: &str,
) -> Result<(Objective, Touched)> {
    if !periods::valid(period) {
        return Err(FieldErrors::single("period", "field-period-invalid"));
    }
    let objective = find(conn, org_id, id)?;
    let saved = diesel::update(objectives::table.find(objective.id))
        .set(objectives::period.eq(period))
        .returning(objectives::all_columns)
        .get_result(conn)?;
    let touched = recount(&objective, &saved);
    Ok((saved, touched))
}

/// Archives (or brings back) an objective; it leaves the register but stays in history.
pub fn set_archived(
    conn: &mut DbConn,
    org_id: OrgId,
    id: ObjectiveId,
    archived: bool,
) -> Result<(Objective, Touched)> {
    let objective = find(conn, org_id, id)?;
    let saved = diesel::update(objectives::table.find(objective.id))
        .set(objectives::archived_at.eq(archived.then(now)))
        .returning(objectives::all_columns)
        .get_result(conn)?;
    let touched = recount(&objective, &saved);
    Ok((saved, touched))
}

fn with_key_results(
    conn: &mut DbConn,
    objectives_: Vec<Objective>,
    archived: bool,
) -> Result<Vec<Okr>> {
    let ids: Vec<ObjectiveId> = objectives_.iter().map(|o| o.id).collect();
    let mut query = kr_table::table
        .filter(kr_table::objective_id.eq_any(&ids))
        .order(kr_table::id.asc())
        .select(KeyResult::as_select())
        .into_boxed();
    if !archived {
        query = query.filter(kr_table::archived_at.is_null());
    }
    let mut krs: Vec<KeyResult> = query.load(conn)?;
    Ok(objectives_
        .into_iter()
        .map(|objective| {
            let (mine, rest) = krs.drain(..).partition(|k| k.objective_id == objective.id);
            krs = rest;
            Okr::new(objective, mine)
        })
        .collect())
}

/// A team's objectives for a period (not archived), oldest first.
pub fn for_team(
    conn: &mut DbConn,
    org_id: OrgId,
    team_id: TeamId,
    period: &str,
) -> Result<Vec<Okr>> {
    let found = objectives::table
        .filter(objectives::org_id.eq(org_id))
        .filter(objectives::team_id.eq(team_id))
        .filter(objectives::period.eq(period))
        .filter(objectives::archived_at.is_null())
        .order(objectives::id.asc())
        .select(Objective::as_select())
        .load(conn)?;
    with_key_results(conn, found, false)
}

/// The objectives saved from a workshop.
pub fn from_workshop(
    conn: &mut DbConn,
    org_id: OrgId,
    workshop_id: WorkshopId,
) -> Result<Vec<Okr>> {
    let found = objectives::table
        .filter(objectives::org_id.eq(org_id))
        .filter(objectives::workshop_id.eq(workshop_id))
        .order(objectives::id.asc())
        .select(Objective::as_select())
        .load(conn)?;
    with_key_results(conn, found, false)
}

/// [`may_edit`], or `Forbidden`.
pub fn ensure_may_edit(conn: &mut DbConn, me: &Identity, team_id: TeamId) -> Result<()> {
    if may_edit(conn, me, team_id)? {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}

/// Whether this person may check in on a key result: its owner, and anyone who may change
/// the team's OKRs.
pub fn may_check_in(conn: &mut DbConn, me: &Identity, kr: &KeyResult) -> Result<bool> {
    if kr.owner_id == Some(me.person_id) {
        return Ok(true);
    }
    let team_id = find(conn, me.org_id, kr.objective_id)?.team_id;
    may_edit(conn, me, team_id)
}

/// Whether this person may change a team's OKRs: leaders always; otherwise the team's
/// current members and its ambassadors.
pub fn may_edit(conn: &mut DbConn, me: &Identity, team_id: TeamId) -> Result<bool> {
    if me.has_role(people::Role::Leader) {
        return Ok(true);
    }
    let member = teams::members(conn, me.org_id, team_id)?
        .iter()
        .any(|m| m.person_id == me.person_id && m.left_on.is_none());
    Ok(member
        || teams::ambassadors(conn, me.org_id, team_id)?
            .iter()
            .any(|(id, _)| *id == me.person_id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::teams::{TeamInput, TeamKind};
    use crate::domain::testing::{TestDb, org};

    fn input(team_id: TeamId, title: &str) -> ObjectiveInput {
        ObjectiveInput {
            team_id,
            period: "2027-Q1".into(),
            title: title.into(),
            description: String::new(),
            owner_id: None,
            status: Status::Active,
        }
    }

    #[test]
    fn objectives_are_created_with_key_results_and_scoped_to_their_organisation() {
        let t = TestDb::fresh();
        let mut c = t.conn();
        let acme = org(&mut c, "acme");
        let other = org(&mut c, "other");
        let team = |name: &str| TeamInput {
            name: name.into(),
            kind: TeamKind::Team,
            parent_id: None,
        };
        let web = teams::create(&mut c, acme, &team("Web")).unwrap();
        let kr = KeyResultInput::number("Weekly active users", "users", 120.0, 300.0);
        let (okr, _) = create(
            &mut c,
            acme,
            &input(web.id, " Delight users "),
            None,
            std::slice::from_ref(&kr),
        )
        .unwrap();
        assert_eq!(okr.objective.title, "Delight users");
        assert_eq!(okr.key_results[0].current_value, 120.0);
        assert_eq!(okr.progress, 0.0);
        let listed = for_team(&mut c, acme, web.id, "2027-Q1").unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].key_results.len(), 1);
        // Another organisation cannot attach objectives to this team, or read this one.
        assert!(matches!(
            create(&mut c, other, &input(web.id, "X"), None, &[]),
            Err(Error::Invalid(_))
        ));
        assert!(matches!(
            find(&mut c, other, okr.objective.id),
            Err(Error::NotFound)
        ));
        let mut bad = input(web.id, "");
        bad.period = "2027-Q9".into();
        assert!(matches!(
            create(&mut c, acme, &bad, None, &[]),
            Err(Error::Invalid(e)) if e.0.len() == 2
        ));

        // Moving, archiving and status changes keep the key results.
        let id = okr.objective.id;
        let (_, _) = move_to(&mut c, acme, id, "2027-Q2").unwrap();
        assert!(
            for_team(&mut c, acme, web.id, "2027-Q1")
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            for_team(&mut c, acme, web.id, "2027-Q2").unwrap()[0]
                .key_results
                .len(),
            1
        );
        let (_, _) = set_status(&mut c, acme, id, Status::Done).unwrap();
        let (_, _) = set_archived(&mut c, acme, id, true).unwrap();
        assert!(
            for_team(&mut c, acme, web.id, "2027-Q2")
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            find_okr(&mut c, acme, id, true).unwrap().objective.status,
            Status::Done
        );
    }
}
