//! Deciding a command: the rules a command must pass (role, step, ownership, lengths, the
//! vote budget) and the event it leads to.

use super::*;

impl Room {
    fn card(&self, id: i64) -> Result<&Card, ErrorCode> {
        self.cards.get(&id).ok_or(ErrorCode::UnknownCard)
    }

    fn own<T>(actor: &Actor, item: T, by: i64) -> Result<T, ErrorCode> {
        if actor.facilitator || by == actor.participant {
            Ok(item)
        } else {
            Err(ErrorCode::NotYourCard)
        }
    }

    fn own_card(&self, actor: &Actor, id: i64) -> Result<&Card, ErrorCode> {
        let card = self.card(id)?;
        Self::own(actor, card, card.by)
    }

    fn own_key_result(&self, actor: &Actor, id: i64) -> Result<&KeyResult, ErrorCode> {
        let kr = self
            .key_results
            .get(&id)
            .ok_or(ErrorCode::UnknownKeyResult)?;
        Self::own(actor, kr, kr.by)
    }

    fn in_step(&self, actor: &Actor, allowed: &[StepKind]) -> Result<(), ErrorCode> {
        match self.step_kind() {
            _ if actor.facilitator => Ok(()),
            Some(kind) if allowed.contains(&kind) => Ok(()),
            _ => Err(ErrorCode::WrongStep),
        }
    }

    /// Whether this actor may create groups and move cards now.
    fn may_group(&self, actor: &Actor) -> Result<(), ErrorCode> {
        if actor.facilitator {
            Ok(())
        } else if !self.agenda.participants_group {
            Err(ErrorCode::NotFacilitator)
        } else {
            self.in_step(actor, &[StepKind::Group])
        }
    }

    /// The event a command leads to, or why it is refused. `Hello` and `Ping` change nothing
    /// (`Ok(None)`).
    pub fn decide(
        &self,
        actor: &Actor,
        command: &ClientMessage,
        now_ms: i64,
    ) -> Result<Option<Event>, ErrorCode> {
        use ClientMessage as C;
        if matches!(command, C::Hello { .. } | C::Ping) {
            return Ok(None);
        }
        if self.ended {
            return Err(ErrorCode::Ended);
        }
        let facilitator_only = matches!(
            command,
            C::SetStep { .. }
                | C::StartTimer { .. }
                | C::ExtendTimer { .. }
                | C::PauseTimer
                | C::Lock { .. }
                | C::Reveal
                | C::End
        );
        if facilitator_only && !actor.facilitator {
            return Err(ErrorCode::NotFacilitator);
        }
        if self.locked && !actor.facilitator {
            return Err(ErrorCode::Locked);
        }
        let editing = [
            StepKind::Brainstorm,
            StepKind::Group,
            StepKind::DraftKeyResults,
        ];
        let event = match command {
            C::Hello { .. } | C::Ping => return Ok(None),
            C::AddCard { text } => {
                self.in_step(actor, &[StepKind::Brainstorm])?;
                let text = clean_text(text, MAX_TEXT)?;
                let mine = self
                    .cards
                    .values()
                    .filter(|c| c.by == actor.participant)
                    .count();
                if !actor.facilitator && mine >= MAX_CARDS_PER_PARTICIPANT {
                    return Err(ErrorCode::TooManyCards);
                }
                Event::CardAdded {
                    card: self.next_id,
                    by: actor.participant,
                    text,
                    author: String::new(),
                }
            }
            C::EditCard { card, text } => {
                self.in_step(actor, &editing)?;
                self.own_card(actor, *card)?;
                Event::CardEdited {
                    card: *card,
                    text: clean_text(text, MAX_TEXT)?,
                }
            }
            C::DeleteCard { card } => {
                self.in_step(actor, &editing)?;
                self.own_card(actor, *card)?;
                Event::CardDeleted { card: *card }
            }
            C::CreateGroup { name } => {
                self.may_group(actor)?;
                Event::GroupCreated {
                    group: self.next_id,
                    name: clean_text(name, MAX_GROUP_NAME)?,
                }
            }
            C::MoveCard { card, group } => {
                self.may_group(actor)?;
                self.card(*card)?;
                if let Some(g) = group
                    && !self.groups.contains_key(g)
                {
                    return Err(ErrorCode::UnknownGroup);
                }
                Event::CardMoved {
                    card: *card,
                    group: *group,
                }
            }
            C::Vote { card } => {
                if self.step_kind() != Some(StepKind::Vote) {
                    return Err(ErrorCode::WrongStep);
                }
                self.card(*card)?;
                if self.votes_left(actor.participant) == 0 {
                    return Err(ErrorCode::NoVotesLeft);
                }
                Event::Voted {
                    card: *card,
                    by: actor.participant,
                }
            }
            C::Unvote { card } => {
                if self.step_kind() != Some(StepKind::Vote) {
                    return Err(ErrorCode::WrongStep);
                }
                if self
                    .votes
                    .get(&(actor.participant, *card))
                    .copied()
                    .unwrap_or(0)
                    == 0
                {
                    return Err(ErrorCode::NotVoted);
                }
                Event::Unvoted {
                    card: *card,
                    by: actor.participant,
                }
            }
            C::ProposeKeyResult {
                objective,
                metric,
                unit,
                start,
                target,
            } => {
                self.in_step(actor, &[StepKind::DraftKeyResults])?;
                self.card(*objective)?;
                if !self.top_objectives().iter().any(|c| c.id == *objective) {
                    return Err(ErrorCode::NotTopObjective);
                }
                if self.key_results_of(*objective).count() >= MAX_KEY_RESULTS_PER_OBJECTIVE {
                    return Err(ErrorCode::TooManyKeyResults);
                }
                Event::KeyResultProposed {
                    key_result: self.next_id,
                    objective: *objective,
                    by: actor.participant,
                    draft: clean_draft(metric, unit, *start, *target)?,
                    author: String::new(),
                }
            }
            C::EditKeyResult {
                key_result,
                metric,
                unit,
                start,
                target,
            } => {
                self.in_step(actor, &[StepKind::DraftKeyResults])?;
                self.own_key_result(actor, *key_result)?;
                Event::KeyResultEdited {
                    key_result: *key_result,
                    draft: clean_draft(metric, unit, *start, *target)?,
                }
            }
            C::DeleteKeyResult { key_result } => {
                self.in_step(actor, &[StepKind::DraftKeyResults])?;
                self.own_key_result(actor, *key_result)?;
                Event::KeyResultDeleted {
                    key_result: *key_result,
                }
            }
            C::SetStep { step } => {
                if *step >= self.agenda.steps.len() {
                    return Err(ErrorCode::UnknownStep);
                }
                Event::StepSet { step: *step }
            }
            C::StartTimer { seconds } => Event::TimerStarted {
                ends_at_ms: now_ms.saturating_add(timer_ms(*seconds)?),
            },
            C::ExtendTimer { seconds } => {
                let more = timer_ms(*seconds)?;
                let cap = i64::from(MAX_TIMER_SECONDS) * 1000;
                match self.timer {
                    Timer::Running { ends_at_ms } => Event::TimerStarted {
                        ends_at_ms: ends_at_ms
                            .max(now_ms)
                            .saturating_add(more)
                            .min(now_ms + cap),
                    },
                    Timer::Paused { remaining_ms } => Event::TimerPaused {
                        remaining_ms: remaining_ms.saturating_add(more).min(cap),
                    },
                    Timer::Stopped => Event::TimerStarted {
                        ends_at_ms: now_ms.saturating_add(more),
                    },
                }
            }
            C::PauseTimer => Event::TimerPaused {
                remaining_ms: match self.timer {
                    Timer::Running { ends_at_ms } => ends_at_ms.saturating_sub(now_ms).max(0),
                    Timer::Paused { remaining_ms } => remaining_ms,
                    Timer::Stopped => 0,
                },
            },
            C::Lock { locked } => Event::Locked { locked: *locked },
            C::Reveal => Event::Revealed,
            C::End => Event::Ended,
        };
        Ok(Some(event))
    }
}

fn clean_text(text: &str, max: usize) -> Result<String, ErrorCode> {
    let text = text.trim();
    if text.is_empty() {
        Err(ErrorCode::EmptyText)
    } else if text.chars().count() > max {
        Err(ErrorCode::TextTooLong)
    } else {
        Ok(text.to_owned())
    }
}

fn clean_draft(
    metric: &str,
    unit: &str,
    start: f64,
    target: f64,
) -> Result<KeyResultDraft, ErrorCode> {
    let metric = clean_text(metric, MAX_METRIC)?;
    let unit = unit.trim();
    if unit.chars().count() > MAX_UNIT {
        return Err(ErrorCode::TextTooLong);
    }
    let sane = |v: f64| v.is_finite() && v.abs() <= MAX_VALUE;
    if !sane(start) || !sane(target) || start == target {
        return Err(ErrorCode::InvalidKeyResult);
    }
    Ok(KeyResultDraft {
        metric,
        unit: unit.to_owned(),
        start,
        target,
    })
}

fn timer_ms(seconds: u32) -> Result<i64, ErrorCode> {
    if seconds == 0 || seconds > MAX_TIMER_SECONDS {
        Err(ErrorCode::BadMessage)
    } else {
        Ok(i64::from(seconds) * 1000)
    }
}
