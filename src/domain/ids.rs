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

        /// The wire protocol's numbers are `i64`.
        impl From<$name> for i64 {
            fn from(id: $name) -> i64 {
                i64::from(id.0)
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
    /// A sign-in identity (address, password, language), which may be a person of several
    /// organisations.
    AccountId,
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
    /// A person's membership of a team (from a day, until a day).
    MembershipId,
    /// A check-in on a key result.
    CheckInId,
    /// A practice case the organisation wrote.
    CaseId,
    /// A day or span the organisation is closed.
    ClosureId,
    /// An adoption alert about a team.
    AlertId,
    /// An adoption recompute job.
    JobId,
    /// A mail in the outbox.
    MailId,
    /// An API token.
    ApiTokenId,
    /// A person's invitation to a survey.
    InvitationId,
    /// A survey response (never linked to a person when the survey is anonymous).
    ResponseId,
    /// A seat in a workshop room.
    ParticipantId,
    /// A signed-in browser session.
    SessionId,
    /// An invitation to join the organisation.
    InviteId,
    /// A Teams or Slack channel an organisation connected.
    ChannelId,
}
