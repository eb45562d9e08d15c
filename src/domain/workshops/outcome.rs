//! What a workshop leaves behind: the ranked objectives with their drafted key results (for
//! the facilitator's review, the printable summary and the CSV/JSON export), the attendance
//! (participants linked to people), and the objectives saved into the OKR register.

use diesel::prelude::*;
use serde::Serialize;

use super::room::KeyResultDraft;
use super::{Workshop, log, seats};
use crate::db::schema::{objectives, workshop_participants};
use crate::domain::changes::Touched;
use crate::domain::csv_out::{cell, write};
use crate::domain::ids::{PersonId, TeamId};
use crate::domain::okrs::{self, KeyResultInput, ObjectiveInput, Okr, Status};
use crate::domain::{DbConn, FieldErrors, Result};

#[derive(Debug, Clone, Serialize)]
pub struct CardOutcome {
    pub id: i64,
    pub text: String,
    /// The author's display name; empty for an anonymous workshop never revealed.
    pub author: String,
    pub group: Option<String>,
    pub votes: u32,
    pub rank: usize,
    pub key_results: Vec<KeyResultOutcome>,
}

#[derive(Debug, Clone, Serialize)]
pub struct KeyResultOutcome {
    pub id: i64,
    pub author: String,
    #[serde(flatten)]
    pub draft: KeyResultDraft,
}

#[derive(Debug, Clone, Serialize)]
pub struct Attendee {
    pub person_id: PersonId,
    pub name: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub title: String,
    pub status: super::Status,
    /// Cards by votes, most first.
    pub cards: Vec<CardOutcome>,
    pub participants: usize,
    pub total_votes: u32,
    pub attendance: Vec<Attendee>,
}

/// The workshop's board as a ranked summary.
pub fn summary(conn: &mut DbConn, workshop: &Workshop) -> Result<Summary> {
    let room = log::room(conn, workshop)?;
    let people = seats::participants(conn, workshop.id)?;
    let anonymous = workshop.agenda().anonymous && !room.revealed();
    let name = |id: i64| -> String {
        if anonymous {
            return String::new();
        }
        people
            .iter()
            .find(|p| i64::from(p.id) == id)
            .map(|p| p.display_name.clone())
            .unwrap_or_default()
    };
    let group_name = |id: Option<i64>| {
        id.and_then(|g| room.groups().find(|x| x.id == g).map(|x| x.name.clone()))
    };
    let cards = room
        .ranked()
        .into_iter()
        .enumerate()
        .map(|(i, c)| CardOutcome {
            id: c.id,
            text: c.text.clone(),
            author: name(c.by),
            group: group_name(c.group),
            votes: c.votes,
            rank: i + 1,
            key_results: room
                .key_results_of(c.id)
                .map(|k| KeyResultOutcome {
                    id: k.id,
                    author: name(k.by),
                    draft: k.draft.clone(),
                })
                .collect(),
        })
        .collect::<Vec<_>>();
    Ok(Summary {
        title: workshop.title.clone(),
        status: workshop.status,
        total_votes: cards.iter().map(|c| c.votes).sum(),
        participants: people.iter().filter(|p| !p.facilitator).count(),
        attendance: attendance(conn, workshop)?,
        cards,
    })
}

/// The people who took part (signed in, so linked to their person), for attendance.
pub fn attendance(conn: &mut DbConn, workshop: &Workshop) -> Result<Vec<Attendee>> {
    use crate::db::schema::people;
    let mut found: Vec<(PersonId, String)> = workshop_participants::table
        .inner_join(people::table.on(people::id.nullable().eq(workshop_participants::person_id)))
        .filter(workshop_participants::org_id.eq(workshop.org_id))
        .filter(workshop_participants::workshop_id.eq(workshop.id))
        .filter(people::org_id.eq(workshop.org_id))
        .select((people::id, people::name))
        .load(conn)?;
    found.sort_by(|a, b| a.1.cmp(&b.1));
    found.dedup_by_key(|a| a.0);
    Ok(found
        .into_iter()
        .map(|(person_id, name)| Attendee { person_id, name })
        .collect())
}

/// An objective the facilitator keeps: a card, and which of its drafted key results.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub card: i64,
    pub key_results: Vec<i64>,
}

/// Saves the chosen cards as the team's objectives for `period`, with their chosen key
/// results. Only an ended workshop's outcome is saved; a card saved before (same team,
/// period and text) is not saved twice. Returns the objectives created.
pub fn save(
    conn: &mut DbConn,
    workshop: &Workshop,
    team_id: TeamId,
    period: &str,
    choices: &[Choice],
) -> Result<(Vec<Okr>, Touched)> {
    if workshop.status != super::Status::Ended {
        return Err(FieldErrors::single("workshop", "field-workshop-not-ended"));
    }
    if choices.is_empty() {
        return Err(FieldErrors::single("cards", "field-cards-none"));
    }
    let own_teams = super::teams_of(conn, workshop.org_id, workshop.id)?;
    if !own_teams.is_empty() && !own_teams.iter().any(|(id, _)| *id == team_id) {
        return Err(FieldErrors::single("team", "field-teams-unknown"));
    }
    // One save at a time per workshop, so a double submit cannot save twice.
    log::lock(conn, workshop.id)?;
    let room = log::room(conn, workshop)?;
    let mut saved = Vec::new();
    let mut touched = Touched::nothing(workshop.org_id);
    for choice in choices {
        let card = room
            .cards()
            .find(|c| c.id == choice.card)
            .ok_or_else(|| FieldErrors::single("cards", "field-cards-unknown"))?;
        let already: i64 = objectives::table
            .filter(objectives::org_id.eq(workshop.org_id))
            .filter(objectives::workshop_id.eq(workshop.id))
            .filter(objectives::team_id.eq(team_id))
            .filter(objectives::period.eq(period))
            .filter(objectives::title.eq(&card.text))
            .count()
            .get_result(conn)?;
        if already > 0 {
            continue;
        }
        let key_results: Vec<KeyResultInput> = room
            .key_results_of(card.id)
            .filter(|k| choice.key_results.contains(&k.id))
            .map(|k| {
                KeyResultInput::number(
                    &k.draft.metric,
                    &k.draft.unit,
                    k.draft.start,
                    k.draft.target,
                )
            })
            .collect();
        // The team confirms them in the register.
        let input = ObjectiveInput {
            team_id,
            period: period.to_owned(),
            title: card.text.clone(),
            description: String::new(),
            owner_id: None,
            status: Status::Draft,
        };
        let (okr, more) = okrs::create(
            conn,
            workshop.org_id,
            &input,
            Some(workshop.id),
            &key_results,
        )?;
        saved.push(okr);
        touched = touched.and(more);
    }
    Ok((saved, touched))
}

/// All cards with their group, votes and key results as CSV (one row per key result, or one
/// per card without any).
pub fn to_csv(summary: &Summary) -> Result<String> {
    let mut rows = Vec::new();
    for card in &summary.cards {
        let base = vec![
            card.rank.to_string(),
            card.id.to_string(),
            cell(&card.text),
            cell(&card.author),
            cell(card.group.as_deref().unwrap_or_default()),
            card.votes.to_string(),
        ];
        if card.key_results.is_empty() {
            let mut row = base.clone();
            row.extend(std::iter::repeat_n(String::new(), 4));
            rows.push(row);
        }
        for kr in &card.key_results {
            let mut row = base.clone();
            row.extend([
                cell(&kr.draft.metric),
                cell(&kr.draft.unit),
                kr.draft.start.to_string(),
                kr.draft.target.to_string(),
            ]);
            rows.push(row);
        }
    }
    write(
        &[
            "rank",
            "card",
            "objective",
            "author",
            "group",
            "votes",
            "key_result",
            "unit",
            "start",
            "target",
        ],
        rows,
    )
}
