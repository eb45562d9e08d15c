//! A workshop's agenda: the ordered steps the facilitator moves the room through, each with an
//! optional time-box, and the room's settings (votes per person, anonymity, hidden tallies).

use serde::{Deserialize, Serialize};

pub const MAX_STEPS: usize = 20;
pub const MAX_STEP_MINUTES: u32 = 240;
pub const MAX_STEP_TEXT: usize = 2000;
pub const MAX_VOTES: u32 = 20;
pub const MAX_TOP: u32 = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    Intro,
    Practice,
    Brainstorm,
    Group,
    Vote,
    DraftKeyResults,
    Commit,
}

impl StepKind {
    pub const ALL: [StepKind; 7] = [
        StepKind::Intro,
        StepKind::Practice,
        StepKind::Brainstorm,
        StepKind::Group,
        StepKind::Vote,
        StepKind::DraftKeyResults,
        StepKind::Commit,
    ];

    pub fn code(self) -> &'static str {
        match self {
            StepKind::Intro => "intro",
            StepKind::Practice => "practice",
            StepKind::Brainstorm => "brainstorm",
            StepKind::Group => "group",
            StepKind::Vote => "vote",
            StepKind::DraftKeyResults => "draft_key_results",
            StepKind::Commit => "commit",
        }
    }

    pub fn parse(code: &str) -> Option<StepKind> {
        StepKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub kind: StepKind,
    /// Suggested time-box.
    pub minutes: Option<u32>,
    /// What the facilitator says in an intro step.
    #[serde(default)]
    pub text: Option<String>,
    /// The practice case (its slug) of a practice step.
    #[serde(default)]
    pub case: Option<String>,
}

impl Step {
    pub fn new(kind: StepKind, minutes: Option<u32>) -> Step {
        Step {
            kind,
            minutes,
            text: None,
            case: None,
        }
    }
}

fn default_top() -> u32 {
    3
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agenda {
    pub steps: Vec<Step>,
    pub votes_per_person: u32,
    /// Cards show no author until the facilitator reveals them.
    #[serde(default)]
    pub anonymous: bool,
    /// Participants see vote tallies only after the vote step.
    #[serde(default)]
    pub hidden_tallies: bool,
    /// Participants may group cards too, not only the facilitator.
    #[serde(default)]
    pub participants_group: bool,
    /// How many of the top-voted objectives get key results drafted.
    #[serde(default = "default_top")]
    pub top_objectives: u32,
}

/// Why an agenda cannot be used; each names the form field and a message key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgendaError {
    NoSteps,
    TooManySteps,
    Minutes,
    Text,
    Votes,
    Top,
}

impl Agenda {
    /// The agenda offered by default: intro, practice case, brainstorm, group, dot-vote,
    /// draft key results, commit.
    pub fn standard() -> Agenda {
        Agenda {
            steps: vec![
                Step::new(StepKind::Intro, Some(10)),
                Step::new(StepKind::Practice, Some(20)),
                Step::new(StepKind::Brainstorm, Some(15)),
                Step::new(StepKind::Group, Some(10)),
                Step::new(StepKind::Vote, Some(5)),
                Step::new(StepKind::DraftKeyResults, Some(25)),
                Step::new(StepKind::Commit, Some(10)),
            ],
            votes_per_person: 3,
            anonymous: false,
            hidden_tallies: false,
            participants_group: false,
            top_objectives: default_top(),
        }
    }

    pub fn validate(&self) -> Result<(), AgendaError> {
        if self.steps.is_empty() {
            return Err(AgendaError::NoSteps);
        }
        if self.steps.len() > MAX_STEPS {
            return Err(AgendaError::TooManySteps);
        }
        for step in &self.steps {
            if step.minutes.is_some_and(|m| m == 0 || m > MAX_STEP_MINUTES) {
                return Err(AgendaError::Minutes);
            }
            if step
                .text
                .as_ref()
                .is_some_and(|t| t.chars().count() > MAX_STEP_TEXT)
            {
                return Err(AgendaError::Text);
            }
        }
        if self.votes_per_person == 0 || self.votes_per_person > MAX_VOTES {
            return Err(AgendaError::Votes);
        }
        if self.top_objectives == 0 || self.top_objectives > MAX_TOP {
            return Err(AgendaError::Top);
        }
        Ok(())
    }

    /// Index of the first vote step, if there is one.
    pub fn vote_step(&self) -> Option<usize> {
        self.steps.iter().position(|s| s.kind == StepKind::Vote)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_standard_agenda_is_valid_and_old_agendas_still_read() {
        assert_eq!(Agenda::standard().validate(), Ok(()));
        let old = r#"{"steps":[{"kind":"brainstorm","minutes":null}],"votes_per_person":3}"#;
        let agenda: Agenda = serde_json::from_str(old).unwrap();
        assert_eq!(agenda.top_objectives, 3);
        assert!(!agenda.anonymous);
        let mut bad = Agenda::standard();
        bad.votes_per_person = 0;
        assert_eq!(bad.validate(), Err(AgendaError::Votes));
        bad = Agenda::standard();
        bad.steps[0].minutes = Some(0);
        assert_eq!(bad.validate(), Err(AgendaError::Minutes));
        for kind in StepKind::ALL {
            assert_eq!(StepKind::parse(kind.code()), Some(kind));
        }
    }
}
