//! Rollouts: an organisation's (or some teams') OKR introduction in three phases —
//! preparation, workshop, follow-up — with dates, a target date for "OKRs are routine", and a
//! checklist seeded from good practice that leaders edit, order, assign and tick.

use chrono::{Datelike, Months, NaiveDate};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

mod checklist;

pub use checklist::*;

use super::{DbConn, FieldErrors, Result, now};
use crate::db::schema::{checklist_items, rollout_teams, rollouts, teams};
use crate::domain::ids::{OrgId, RolloutId, TeamId};
use crate::domain::periods::YEARS;

crate::domain::codes::text_enum! {
    #[derive(PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema)]
    #[serde(rename_all = "lowercase")]
    pub enum Phase {
        Preparation = "preparation",
        Workshop = "workshop",
        Followup = "followup",
    }
}

/// The checklist every rollout starts with: (key, phase). Titles and explanations are the
/// translations `checklist-<key>` and `checklist-<key>-hint`.
pub const SEEDS: [(&str, Phase); 10] = [
    ("explain-why", Phase::Preparation),
    ("survey", Phase::Preparation),
    ("basics", Phase::Preparation),
    ("practice", Phase::Preparation),
    ("ambassadors", Phase::Preparation),
    ("agenda", Phase::Workshop),
    ("adapt", Phase::Workshop),
    ("weekly", Phase::Followup),
    ("quarterly", Phase::Followup),
    ("platform", Phase::Followup),
];

/// Months after the workshop by which OKRs should be routine: default and allowed range.
pub const ROUTINE_MONTHS_DEFAULT: u32 = 9;
pub const ROUTINE_MONTHS: std::ops::RangeInclusive<u32> = 6..=12;

#[derive(Debug, Clone, Queryable, Selectable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = rollouts)]
pub struct Rollout {
    pub id: RolloutId,
    #[serde(skip)]
    pub org_id: OrgId,
    pub name: String,
    pub all_teams: bool,
    pub prep_start: NaiveDate,
    pub prep_end: NaiveDate,
    pub workshop_start: NaiveDate,
    pub workshop_end: NaiveDate,
    pub followup_start: NaiveDate,
    pub followup_end: NaiveDate,
    pub routine_target: NaiveDate,
    pub created_at: chrono::NaiveDateTime,
}

impl Rollout {
    /// How many months after the workshop OKRs should be routine (the target as set).
    pub fn routine_months(&self) -> u32 {
        (1..=24)
            .find(|m| {
                self.workshop_end
                    .checked_add_months(chrono::Months::new(*m))
                    == Some(self.routine_target)
            })
            .unwrap_or(ROUTINE_MONTHS_DEFAULT)
    }
}

/// Where a rollout stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
#[schema(as = RolloutStage)]
pub enum Stage {
    Planned,
    Preparation,
    Workshop,
    Followup,
    Completed,
}

/// One phase on the timeline, as percentages of the whole rollout.
#[derive(Debug, Clone, Serialize)]
pub struct TimelinePhase {
    pub phase: Phase,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub left: f64,
    pub width: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Timeline {
    pub phases: Vec<TimelinePhase>,
    /// Where today is, if within the rollout.
    pub today: Option<f64>,
}

impl Rollout {
    pub fn dates(&self, phase: Phase) -> (NaiveDate, NaiveDate) {
        match phase {
            Phase::Preparation => (self.prep_start, self.prep_end),
            Phase::Workshop => (self.workshop_start, self.workshop_end),
            Phase::Followup => (self.followup_start, self.followup_end),
        }
    }

    pub fn stage(&self, today: NaiveDate) -> Stage {
        if today < self.prep_start {
            Stage::Planned
        } else if today > self.followup_end {
            Stage::Completed
        } else if today >= self.followup_start {
            Stage::Followup
        } else if today >= self.workshop_start {
            Stage::Workshop
        } else {
            Stage::Preparation
        }
    }

    pub fn timeline(&self, today: NaiveDate) -> Timeline {
        let start = self.prep_start;
        let total = ((self.followup_end - start).num_days() + 1).max(1) as f64;
        let pct = |d: NaiveDate| ((d - start).num_days() as f64 / total * 100.0).clamp(0.0, 100.0);
        let phases = Phase::ALL
            .into_iter()
            .map(|phase| {
                let (s, e) = self.dates(phase);
                let left = pct(s);
                TimelinePhase {
                    phase,
                    start: s,
                    end: e,
                    left,
                    width: (pct(e.succ_opt().unwrap_or(e)) - left).max(0.5),
                }
            })
            .collect();
        let today = (today >= start && today <= self.followup_end).then(|| pct(today));
        Timeline { phases, today }
    }
}

/// Input for creating or editing a rollout.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct RolloutInput {
    pub name: String,
    pub all_teams: bool,
    #[serde(default)]
    pub team_ids: Vec<TeamId>,
    pub prep_start: NaiveDate,
    pub prep_end: NaiveDate,
    pub workshop_start: NaiveDate,
    pub workshop_end: NaiveDate,
    /// Defaults to the day after the workshop ends.
    pub followup_start: Option<NaiveDate>,
    /// Months after the workshop by which OKRs should be routine (6–12).
    #[serde(default = "default_routine_months")]
    pub routine_months: u32,
}

fn default_routine_months() -> u32 {
    ROUTINE_MONTHS_DEFAULT
}

impl RolloutInput {
    fn followup_start(&self) -> NaiveDate {
        self.followup_start
            .unwrap_or_else(|| self.workshop_end.succ_opt().unwrap_or(self.workshop_end))
    }

    fn routine_target(&self) -> Option<NaiveDate> {
        self.workshop_end
            .checked_add_months(Months::new(self.routine_months))
    }

    fn validate(&self, conn: &mut DbConn, org_id: OrgId) -> Result<()> {
        let mut errors = FieldErrors::default();
        let dates = [
            ("prep_start", Some(self.prep_start)),
            ("prep_end", Some(self.prep_end)),
            ("workshop_start", Some(self.workshop_start)),
            ("workshop_end", Some(self.workshop_end)),
            ("followup_start", self.followup_start),
        ];
        for (field, date) in dates {
            if date.is_some_and(|d| !YEARS.contains(&d.year())) {
                errors.add(field, "field-date-invalid");
            }
        }
        if !errors.is_empty() {
            // The checks below compute with these dates; a year like 262143 has no day after.
            return errors.into_result();
        }
        let name = self.name.trim();
        if name.is_empty() || name.chars().count() > 120 {
            errors.add("name", "field-name-length");
        }
        if self.prep_end < self.prep_start {
            errors.add("prep_end", "field-end-before-start");
        }
        if self.workshop_start < self.prep_end {
            errors.add("workshop_start", "field-workshop-before-preparation");
        }
        if self.workshop_end < self.workshop_start {
            errors.add("workshop_end", "field-end-before-start");
        }
        if self.followup_start() < self.workshop_end {
            errors.add("followup_start", "field-followup-before-workshop");
        }
        match self.routine_target() {
            Some(target) if ROUTINE_MONTHS.contains(&self.routine_months) => {
                if target < self.followup_start() {
                    errors.add("followup_start", "field-followup-after-target");
                }
            }
            _ => errors.add("routine_months", "field-routine-months"),
        }
        if !self.all_teams {
            let mut ids = self.team_ids.clone();
            ids.sort_unstable();
            ids.dedup();
            let found: i64 = teams::table
                .filter(teams::org_id.eq(org_id))
                .filter(teams::id.eq_any(&ids))
                .count()
                .get_result(conn)?;
            if ids.is_empty() {
                errors.add("team_ids", "field-choose-teams");
            } else if found != ids.len() as i64 {
                errors.add("team_ids", "field-team-unknown");
            }
        }
        errors.into_result()
    }
}

fn set_teams(
    conn: &mut DbConn,
    org_id: OrgId,
    rollout_id: RolloutId,
    input: &RolloutInput,
) -> Result<()> {
    diesel::delete(rollout_teams::table.filter(rollout_teams::rollout_id.eq(rollout_id)))
        .execute(conn)?;
    if input.all_teams {
        return Ok(());
    }
    let mut ids = input.team_ids.clone();
    ids.sort_unstable();
    ids.dedup();
    for team_id in ids {
        diesel::insert_into(rollout_teams::table)
            .values((
                rollout_teams::org_id.eq(org_id),
                rollout_teams::rollout_id.eq(rollout_id),
                rollout_teams::team_id.eq(team_id),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The columns a rollout's input sets, as created or changed.
#[derive(Insertable, AsChangeset)]
#[diesel(table_name = rollouts)]
struct Columns<'a> {
    name: &'a str,
    all_teams: bool,
    prep_start: NaiveDate,
    prep_end: NaiveDate,
    workshop_start: NaiveDate,
    workshop_end: NaiveDate,
    followup_start: NaiveDate,
    followup_end: NaiveDate,
    routine_target: NaiveDate,
}

impl RolloutInput {
    /// The input checked, as the columns it sets.
    fn columns(&self, conn: &mut DbConn, org_id: OrgId) -> Result<Columns<'_>> {
        self.validate(conn, org_id)?;
        let target = self
            .routine_target()
            .ok_or_else(|| FieldErrors::single("routine_months", "field-routine-months"))?;
        Ok(Columns {
            name: self.name.trim(),
            all_teams: self.all_teams,
            prep_start: self.prep_start,
            prep_end: self.prep_end,
            workshop_start: self.workshop_start,
            workshop_end: self.workshop_end,
            followup_start: self.followup_start(),
            followup_end: target,
            routine_target: target,
        })
    }
}

/// Creates a rollout with the seeded checklist (each item due at the end of its phase).
pub fn create(conn: &mut DbConn, org_id: OrgId, input: &RolloutInput) -> Result<Rollout> {
    let columns = input.columns(conn, org_id)?;
    let rollout: Rollout = diesel::insert_into(rollouts::table)
        .values((
            rollouts::org_id.eq(org_id),
            columns,
            rollouts::created_at.eq(now()),
        ))
        .returning(rollouts::all_columns)
        .get_result(conn)?;
    set_teams(conn, org_id, rollout.id, input)?;
    for (position, (key, phase)) in SEEDS.iter().enumerate() {
        diesel::insert_into(checklist_items::table)
            .values((
                checklist_items::org_id.eq(org_id),
                checklist_items::rollout_id.eq(rollout.id),
                checklist_items::phase.eq(phase),
                checklist_items::position.eq(position as i32),
                checklist_items::seed_key.eq(Some(*key)),
                checklist_items::due_on.eq(Some(rollout.dates(*phase).1)),
            ))
            .execute(conn)?;
    }
    Ok(rollout)
}

/// Changes a rollout's name, teams and dates (the checklist stays as it is).
pub fn update(
    conn: &mut DbConn,
    org_id: OrgId,
    id: RolloutId,
    input: &RolloutInput,
) -> Result<Rollout> {
    find(conn, org_id, id)?;
    let columns = input.columns(conn, org_id)?;
    let rollout = diesel::update(rollouts::table.filter(rollouts::id.eq(id)))
        .set(columns)
        .returning(rollouts::all_columns)
        .get_result(conn)?;
    set_teams(conn, org_id, id, input)?;
    Ok(rollout)
}

pub fn find(conn: &mut DbConn, org_id: OrgId, id: RolloutId) -> Result<Rollout> {
    crate::domain::find_in_org!(rollouts, Rollout, conn, org_id, id)
}

/// A rollout with its checklist progress, for lists.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RolloutSummary {
    #[serde(flatten)]
    pub rollout: Rollout,
    pub stage: Stage,
    pub done: i64,
    pub total: i64,
}

/// The organisation's rollouts, newest first.
pub fn list(conn: &mut DbConn, org_id: OrgId, today: NaiveDate) -> Result<Vec<RolloutSummary>> {
    let all: Vec<Rollout> = rollouts::table
        .filter(rollouts::org_id.eq(org_id))
        .order(rollouts::prep_start.desc())
        .select(Rollout::as_select())
        .load(conn)?;
    let counts: Vec<(RolloutId, Option<chrono::NaiveDateTime>)> = checklist_items::table
        .filter(checklist_items::org_id.eq(org_id))
        .select((checklist_items::rollout_id, checklist_items::done_at))
        .load(conn)?;
    Ok(all
        .into_iter()
        .map(|rollout| {
            let items = counts.iter().filter(|(r, _)| *r == rollout.id);
            RolloutSummary {
                stage: rollout.stage(today),
                total: items.clone().count() as i64,
                done: items.filter(|(_, d)| d.is_some()).count() as i64,
                rollout,
            }
        })
        .collect())
}

/// The teams a rollout covers (empty when it covers the whole organisation).
pub fn team_ids(conn: &mut DbConn, org_id: OrgId, rollout_id: RolloutId) -> Result<Vec<TeamId>> {
    Ok(rollout_teams::table
        .filter(rollout_teams::org_id.eq(org_id))
        .filter(rollout_teams::rollout_id.eq(rollout_id))
        .select(rollout_teams::team_id)
        .load(conn)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Error;
    use crate::domain::ids::{ChecklistItemId, PersonId};
    use crate::domain::people::Role;
    use crate::domain::testing::{TestDb, org, person};

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, m, day).unwrap()
    }

    fn input() -> RolloutInput {
        RolloutInput {
            name: "OKR 2027".into(),
            all_teams: true,
            team_ids: vec![],
            prep_start: d(1, 4),
            prep_end: d(2, 26),
            workshop_start: d(3, 1),
            workshop_end: d(3, 5),
            followup_start: None,
            routine_months: 9,
        }
    }

    fn keys(e: Error) -> Vec<&'static str> {
        match e {
            Error::Invalid(f) => f.0.iter().map(|e| e.key).collect(),
            other => panic!("expected validation errors, got {other:?}"),
        }
    }

    #[test]
    fn stages_and_timeline_follow_the_dates() {
        let t = TestDb::fresh();
        let mut c = t.conn();
        let acme = org(&mut c, "acme");
        let r = create(&mut c, acme, &input()).unwrap();
        assert_eq!(r.followup_start, d(3, 6));
        assert_eq!(r.routine_target, d(12, 5));
        assert_eq!(r.stage(d(1, 1)), Stage::Planned);
        assert_eq!(r.stage(d(1, 4)), Stage::Preparation);
        assert_eq!(r.stage(d(3, 5)), Stage::Workshop);
        assert_eq!(r.stage(d(3, 6)), Stage::Followup);
        assert_eq!(r.stage(d(12, 6)), Stage::Completed);
        let timeline = r.timeline(d(3, 3));
        assert_eq!(timeline.phases.len(), 3);
        assert_eq!(timeline.phases[0].left, 0.0);
        let sum: f64 = timeline.phases.iter().map(|p| p.width).sum();
        assert!((sum - 100.0).abs() < 1.0, "phases cover the bar: {sum}");
        let today = timeline.today.unwrap();
        assert!(today > timeline.phases[1].left && today < timeline.phases[2].left);
        assert!(r.timeline(d(12, 24)).today.is_none());
    }

    #[test]
    fn dates_out_of_order_and_targets_out_of_range_are_refused() {
        let t = TestDb::fresh();
        let mut c = t.conn();
        let acme = org(&mut c, "acme");
        let mut bad = input();
        bad.prep_end = d(1, 1);
        bad.workshop_start = d(1, 2);
        bad.routine_months = 13;
        assert_eq!(
            keys(create(&mut c, acme, &bad).unwrap_err()),
            vec!["field-end-before-start", "field-routine-months"]
        );
        let mut no_teams = input();
        no_teams.all_teams = false;
        assert_eq!(
            keys(create(&mut c, acme, &no_teams).unwrap_err()),
            vec!["field-choose-teams"]
        );
        let other = org(&mut c, "other");
        let foreign = crate::domain::teams::create(
            &mut c,
            other,
            &crate::domain::teams::TeamInput {
                name: "Theirs".into(),
                kind: crate::domain::teams::TeamKind::Team,
                parent_id: None,
            },
        )
        .unwrap();
        no_teams.team_ids = vec![foreign.id];
        assert_eq!(
            keys(create(&mut c, acme, &no_teams).unwrap_err()),
            vec!["field-team-unknown"]
        );
    }

    #[test]
    fn the_checklist_is_seeded_edited_ordered_and_ticked() {
        let t = TestDb::fresh();
        let mut c = t.conn();
        let acme = org(&mut c, "acme");
        let kari = person(&mut c, acme, "kari@acme.no", vec![Role::Leader]);
        let r = create(&mut c, acme, &input()).unwrap();
        let all = items(&mut c, acme, r.id).unwrap();
        assert_eq!(all.len(), SEEDS.len());
        assert_eq!(all[0].seed_key.as_deref(), Some("explain-why"));
        assert_eq!(all[0].due_on, Some(r.prep_end));
        assert!(all[0].is_overdue(d(3, 1)) && !all[0].is_overdue(d(2, 26)));

        let added = add_item(
            &mut c,
            acme,
            r.id,
            &ItemInput {
                phase: Phase::Preparation,
                title: "Book the workshop room".into(),
                notes: String::new(),
                owner_id: Some(kari.row.id),
                due_on: Some(d(2, 1)),
            },
        )
        .unwrap();
        move_item(&mut c, acme, r.id, added, true).unwrap();
        let prep: Vec<ChecklistItemId> = items(&mut c, acme, r.id)
            .unwrap()
            .into_iter()
            .filter(|i| i.phase == Phase::Preparation)
            .map(|i| i.id)
            .collect();
        assert_eq!(prep[prep.len() - 2], added, "moved up one place");
        move_item(&mut c, acme, r.id, prep[0], true).unwrap(); // first stays first
        assert_eq!(items(&mut c, acme, r.id).unwrap()[0].id, prep[0]);

        let as_member = crate::domain::identity::Identity {
            person_id: PersonId(kari.row.id.0 + 1000),
            name: "Someone".into(),
            email: "someone@acme.no".into(),
            roles: vec![Role::Member],
            ..crate::domain::testing::identity(&kari)
        };
        assert!(matches!(
            set_done(&mut c, r.id, added, &as_member, true),
            Err(Error::Forbidden)
        ));
        let owner = crate::domain::identity::Identity {
            person_id: kari.row.id,
            ..as_member
        };
        set_done(&mut c, r.id, added, &owner, true).unwrap();
        let done = item(&mut c, acme, r.id, added).unwrap();
        assert!(done.is_done() && !done.is_overdue(d(12, 1)));
        assert_eq!(done.owner_name.as_deref(), Some("kari"));
        let progress = progress(&items(&mut c, acme, r.id).unwrap());
        assert_eq!(progress[0], (Phase::Preparation, 1, 6));

        // Editing a seeded item without changing its title keeps it translated.
        let seeded = &items(&mut c, acme, r.id).unwrap()[0];
        let edit = ItemInput {
            phase: Phase::Workshop,
            title: "Explain why".into(),
            notes: "At the all-hands".into(),
            owner_id: None,
            due_on: None,
        };
        update_item(&mut c, acme, r.id, seeded.id, &edit, Some("Explain why")).unwrap();
        let edited = item(&mut c, acme, r.id, seeded.id).unwrap();
        assert_eq!((edited.title, edited.phase.code()), (None, "workshop"));

        let other = org(&mut c, "other");
        assert!(matches!(
            item(&mut c, other, r.id, added),
            Err(Error::NotFound)
        ));
        assert!(matches!(
            delete_item(&mut c, other, r.id, added),
            Err(Error::NotFound)
        ));
        delete_item(&mut c, acme, r.id, added).unwrap();
        assert_eq!(items(&mut c, acme, r.id).unwrap().len(), SEEDS.len());
    }
}
