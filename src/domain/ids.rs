//! Typed ids: one newtype per table, so passing a team's id where a person's is expected, or
//! swapping the organisation and the record, does not compile. Each maps to the `INTEGER`
//! column on both backends, reads and writes as a plain number in JSON, forms and paths, and
//! prints as one.

use std::fmt;

use diesel_derive_newtype::DieselNewType;
use serde::{Deserialize, Serialize};

macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            Serialize, Deserialize, DieselNewType, utoipa::ToSchema,
        )]
        #[serde(transparent)]
        pub struct $name(pub i32);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map($name)
            }
        }
    )*};
}

ids! {
    /// An organisation (the tenant every query is scoped to).
    OrgId,
    /// A person of an organisation.
    PersonId,
    /// A team or department.
    TeamId,
    /// A team's objective.
    ObjectiveId,
    /// A key result of an objective.
    KeyResultId,
    /// One of the organisation's own objectives (that team objectives align to).
    OrgObjectiveId,
    /// A team's meeting series.
    SeriesId,
    /// One meeting of a series.
    MeetingId,
    /// A survey (a pre-workshop survey or a pulse).
    SurveyId,
    /// A question of a survey.
    QuestionId,
    /// A workshop (its live room, its outcome).
    WorkshopId,
    /// A rollout plan.
    RolloutId,
    /// An item of a rollout's checklist.
    ChecklistItemId,
}
