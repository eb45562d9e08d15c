//! Change notifications between concepts, so that lower concepts need not know the higher
//! ones that watch them. A meeting recorded late, cancelled or moved, history imported, or
//! an objective moved between periods rewrites a team's past weeks; `meetings`, `okrs` and
//! the workshop outcome return a [`Touched`] saying which, and whoever called them hands it to the adoption
//! rollup (`adoption::caught_up`) in the same transaction.

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::ids::{OrgId, TeamId};

/// Teams whose weeks a change rewrote, each from a day on.
#[must_use = "pass it to adoption::caught_up in the same transaction, or the adoption figures go stale"]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Touched {
    pub org_id: OrgId,
    pub teams: Vec<(TeamId, NaiveDate)>,
    /// When the change was made: an entry dated in the past is judged as of then.
    pub at: DateTime<Utc>,
}

impl Touched {
    /// One team's weeks from `from` on, changed now.
    pub fn team(org_id: OrgId, team_id: TeamId, from: NaiveDate) -> Touched {
        Touched::team_at(org_id, team_id, from, Utc::now())
    }

    /// One team's weeks from `from` on, changed at `at`.
    pub fn team_at(org_id: OrgId, team_id: TeamId, from: NaiveDate, at: DateTime<Utc>) -> Touched {
        Touched {
            org_id,
            teams: vec![(team_id, from)],
            at,
        }
    }

    /// Nothing changed.
    pub fn nothing(org_id: OrgId) -> Touched {
        Touched {
            org_id,
            teams: Vec::new(),
            at: Utc::now(),
        }
    }

    /// This change and `other` together.
    pub fn and(mut self, other: Touched) -> Touched {
        self.teams.extend(other.teams);
        self.at = self.at.max(other.at);
        self
    }
}
