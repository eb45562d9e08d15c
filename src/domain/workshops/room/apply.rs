//! Folding a stored event into the board: never fails, so replaying the log always
//! rebuilds the same board.

use super::*;

impl Room {
    /// Folds a stored event (number `seq`) into the board. Never fails: an event that no
    /// longer fits (say, a vote for a card deleted since) changes nothing.
    pub fn apply(&mut self, seq: i64, event: &Event) {
        self.seq = self.seq.max(seq);
        match event {
            Event::CardAdded {
                card,
                by,
                text,
                author,
            } => {
                self.cards.insert(
                    *card,
                    Card {
                        id: *card,
                        by: *by,
                        author: author.clone(),
                        text: text.clone(),
                        group: None,
                        votes: 0,
                    },
                );
                self.bump(*card);
            }
            Event::CardEdited { card, text } => {
                if let Some(c) = self.cards.get_mut(card) {
                    c.text = text.clone();
                }
            }
            Event::CardDeleted { card } => {
                self.cards.remove(card);
                self.votes.retain(|(_, c), _| c != card);
                self.key_results.retain(|_, k| k.objective != *card);
            }
            Event::GroupCreated { group, name } => {
                self.groups.insert(
                    *group,
                    Group {
                        id: *group,
                        name: name.clone(),
                    },
                );
                self.bump(*group);
            }
            Event::CardMoved { card, group } => {
                let group = group.filter(|g| self.groups.contains_key(g));
                if let Some(c) = self.cards.get_mut(card) {
                    c.group = group;
                }
            }
            Event::Voted { card, by } => {
                if let Some(c) = self.cards.get_mut(card) {
                    c.votes += 1;
                    *self.votes.entry((*by, *card)).or_default() += 1;
                }
            }
            Event::Unvoted { card, by } => {
                if let Some(n) = self.votes.get_mut(&(*by, *card))
                    && *n > 0
                {
                    *n -= 1;
                    if let Some(c) = self.cards.get_mut(card) {
                        c.votes = c.votes.saturating_sub(1);
                    }
                }
            }
            Event::KeyResultProposed {
                key_result,
                objective,
                by,
                draft,
                author,
            } => {
                if self.cards.contains_key(objective) {
                    self.key_results.insert(
                        *key_result,
                        KeyResult {
                            id: *key_result,
                            objective: *objective,
                            by: *by,
                            author: author.clone(),
                            draft: draft.clone(),
                        },
                    );
                }
                self.bump(*key_result);
            }
            Event::KeyResultEdited { key_result, draft } => {
                if let Some(k) = self.key_results.get_mut(key_result) {
                    k.draft = draft.clone();
                }
            }
            Event::KeyResultDeleted { key_result } => {
                self.key_results.remove(key_result);
            }
            Event::StepSet { step } => {
                // A new step starts without a countdown; the facilitator starts its own.
                if *step < self.agenda.steps.len() && *step != self.step {
                    self.step = *step;
                    self.timer = Timer::Stopped;
                }
            }
            Event::TimerStarted { ends_at_ms } => {
                self.timer = Timer::Running {
                    ends_at_ms: *ends_at_ms,
                }
            }
            Event::TimerPaused { remaining_ms } => {
                self.timer = Timer::Paused {
                    remaining_ms: *remaining_ms,
                }
            }
            Event::Locked { locked } => self.locked = *locked,
            Event::Revealed => self.revealed = true,
            Event::Ended => self.ended = true,
        }
    }

    /// Ids of cards, groups and key results come from one counter.
    fn bump(&mut self, id: i64) {
        self.next_id = self.next_id.max(id.saturating_add(1));
    }
}
