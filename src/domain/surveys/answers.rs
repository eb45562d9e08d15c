//! Answering a survey through a personal link, without an account.
//!
//! Anonymity by construction: for an anonymous survey the stored response has no person, no
//! invitation and no time; the invitation is only flagged as used, in the same transaction,
//! and carries no time of answering either. Nothing stored links an answer to a person.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;

use super::{Question, QuestionKind, Status, Survey, questions};
use crate::db::schema::{
    accounts, organisations, people, survey_answers, survey_invitations, survey_responses, surveys,
};
use crate::domain::ids::{InvitationId, PersonId, QuestionId, ResponseId, TeamId};
use crate::domain::periods::local_date;
use crate::domain::{DbConn, Result};

pub const MAX_TEXT: usize = 4000;

/// What a survey link leads to.
#[derive(Debug, Clone)]
pub enum LinkState {
    Unknown,
    Used,
    NotYetOpen(Survey),
    Closed(Survey),
    Ready(Ready),
}

/// An invitation that can be answered now.
#[derive(Debug, Clone)]
pub struct Ready {
    pub invitation_id: InvitationId,
    pub team_id: Option<TeamId>,
    pub person_id: PersonId,
    pub person_locale: String,
    pub survey: Survey,
    pub questions: Vec<Question>,
}

/// Resolves a link. Whether the survey is open is judged by the date in the organisation's
/// time zone at `now`.
pub fn open_link(conn: &mut DbConn, token: &str, now: DateTime<Utc>) -> Result<LinkState> {
    let Some(target) = super::invitations::by_token(conn, token)? else {
        return Ok(LinkState::Unknown);
    };
    if target.used {
        return Ok(LinkState::Used);
    }
    let survey: Survey = surveys::table
        .find(target.survey_id)
        .select(Survey::as_select())
        .first(conn)?;
    let zone: String = organisations::table
        .find(target.org_id)
        .select(organisations::time_zone)
        .first(conn)?;
    match survey.status(local_date(&zone, now)) {
        Status::Closed => return Ok(LinkState::Closed(survey)),
        Status::Scheduled => return Ok(LinkState::NotYetOpen(survey)),
        Status::Open => {}
    }
    let (person_id, person_locale): (PersonId, String) = survey_invitations::table
        .inner_join(people::table.inner_join(accounts::table))
        .filter(survey_invitations::id.eq(target.invitation_id))
        .select((people::id, accounts::locale))
        .first(conn)?;
    Ok(LinkState::Ready(Ready {
        invitation_id: target.invitation_id,
        team_id: target.team_id,
        person_id,
        person_locale,
        questions: questions(conn, target.org_id, target.survey_id)?,
        survey,
    }))
}

/// The submitted form: values per question id (several for multiple choice).
pub type Submission = HashMap<QuestionId, Vec<String>>;

/// Problems per question id (translation keys).
#[derive(Debug, Clone, Default, Serialize)]
pub struct AnswerErrors(pub BTreeMap<QuestionId, &'static str>);

/// One validated answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub question_id: QuestionId,
    pub choice: Option<i32>,
    pub choices: Option<String>,
    pub text: Option<String>,
}

/// Checks a submission against the questions; unanswered optional questions are left out.
pub fn validate(
    questions: &[Question],
    submission: &Submission,
) -> std::result::Result<Vec<Answer>, AnswerErrors> {
    let mut errors = AnswerErrors::default();
    let mut answers = Vec::new();
    for q in questions {
        let values: Vec<&str> = submission
            .get(&q.id)
            .map(|v| {
                v.iter()
                    .map(|s| s.trim())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        if values.is_empty() {
            if q.required {
                errors.0.insert(q.id, "answer-required");
            }
            continue;
        }
        let options = q.option_list().len() as i32;
        let mut answer = Answer {
            question_id: q.id,
            choice: None,
            choices: None,
            text: None,
        };
        let parsed: Vec<Option<i32>> = values.iter().map(|v| v.parse().ok()).collect();
        match q.kind {
            QuestionKind::Scale => match parsed.as_slice() {
                [Some(n)] if (1..=5).contains(n) => answer.choice = Some(*n),
                _ => {
                    errors.0.insert(q.id, "answer-invalid");
                }
            },
            QuestionKind::Single => match parsed.as_slice() {
                [Some(n)] if (0..options).contains(n) => answer.choice = Some(*n),
                _ => {
                    errors.0.insert(q.id, "answer-invalid");
                }
            },
            QuestionKind::Multiple => {
                let mut chosen: Vec<i32> = Vec::new();
                for p in &parsed {
                    match p {
                        Some(n) if (0..options).contains(n) && !chosen.contains(n) => {
                            chosen.push(*n)
                        }
                        _ => {
                            errors.0.insert(q.id, "answer-invalid");
                        }
                    }
                }
                chosen.sort_unstable();
                answer.choices = Some(
                    chosen
                        .iter()
                        .map(|n| n.to_string())
                        .collect::<Vec<_>>()
                        .join(","),
                );
            }
            QuestionKind::Text => {
                let text = values.join("\n");
                if text.chars().count() > MAX_TEXT {
                    errors.0.insert(q.id, "answer-too-long");
                }
                answer.text = Some(text);
            }
        }
        answers.push(answer);
    }
    if errors.0.is_empty() {
        Ok(answers)
    } else {
        Err(errors)
    }
}

/// The outcome of submitting.
#[derive(Debug, Clone)]
pub enum Submitted {
    /// Stored; carries the invitee's language for the thank-you page.
    Saved {
        locale: String,
    },
    Invalid(Ready, AnswerErrors),
    /// The link cannot be used (unknown, used, not open, closed).
    NotAvailable(LinkState),
}

/// Validates and stores a response, and uses up the invitation. Run in a write transaction.
/// The response is stored unsealed; [`seal`] rewrites it later in a batch.
pub fn submit(
    conn: &mut DbConn,
    token: &str,
    submission: &Submission,
    now: DateTime<Utc>,
) -> Result<Submitted> {
    let ready = match open_link(conn, token, now)? {
        LinkState::Ready(ready) => ready,
        other => return Ok(Submitted::NotAvailable(other)),
    };
    let answers = match validate(&ready.questions, submission) {
        Ok(answers) => answers,
        Err(errors) => return Ok(Submitted::Invalid(ready, errors)),
    };
    let claimed = diesel::update(
        survey_invitations::table
            .filter(survey_invitations::id.eq(ready.invitation_id))
            .filter(survey_invitations::used.eq(false)),
    )
    .set(survey_invitations::used.eq(true))
    .execute(conn)?;
    if claimed == 0 {
        return Ok(Submitted::NotAvailable(LinkState::Used));
    }
    let survey = &ready.survey;
    let (person_id, submitted_at) = if survey.anonymous {
        (None, None)
    } else {
        (Some(ready.person_id), Some(now.naive_utc()))
    };
    let response_id: ResponseId = diesel::insert_into(survey_responses::table)
        .values((
            survey_responses::org_id.eq(survey.org_id),
            survey_responses::survey_id.eq(survey.id),
            survey_responses::team_id.eq(ready.team_id),
            survey_responses::person_id.eq(person_id),
            survey_responses::submitted_at.eq(submitted_at),
            survey_responses::sealed.eq(false),
        ))
        .returning(survey_responses::id)
        .get_result(conn)?;
    for a in answers {
        diesel::insert_into(survey_answers::table)
            .values((
                survey_answers::org_id.eq(survey.org_id),
                survey_answers::response_id.eq(response_id),
                survey_answers::question_id.eq(a.question_id),
                survey_answers::choice.eq(a.choice),
                survey_answers::choices.eq(a.choices),
                survey_answers::text.eq(a.text),
            ))
            .execute(conn)?;
    }
    Ok(Submitted::Saved {
        locale: ready.person_locale,
    })
}

/// Seals every response not sealed yet. Call outside a transaction: it runs two. The first
/// rewrites the responses and their answers in one batch; the second rewrites the used
/// invitations of the same surveys. Afterwards no trace of the answering transaction (such as
/// PostgreSQL's `xmin`, which the response shared with the invitation flagged used in the
/// same transaction) ties a response to an invitation, and the invitations no longer carry
/// the order in which they were used. Run by the scheduler and when a survey closes. Returns
/// how many responses were sealed.
pub fn seal(conn: &mut DbConn) -> Result<usize> {
    let (sealed, touched) = crate::db::write_tx(conn, |c| -> Result<(usize, Vec<i32>)> {
        let mut touched: Vec<i32> = survey_responses::table
            .filter(survey_responses::sealed.eq(false))
            .select(survey_responses::survey_id)
            .load(c)?;
        if touched.is_empty() {
            return Ok((0, touched));
        }
        touched.sort_unstable();
        touched.dedup();
        // A no-op assignment still writes a new row version.
        diesel::update(
            survey_answers::table.filter(
                survey_answers::response_id.eq_any(
                    survey_responses::table
                        .filter(survey_responses::sealed.eq(false))
                        .select(survey_responses::id),
                ),
            ),
        )
        .set(survey_answers::org_id.eq(survey_answers::org_id))
        .execute(c)?;
        let n = diesel::update(survey_responses::table.filter(survey_responses::sealed.eq(false)))
            .set(survey_responses::sealed.eq(true))
            .execute(c)?;
        Ok((n, touched))
    })?;
    if !touched.is_empty() {
        crate::db::write_tx(conn, |c| -> Result<usize> {
            Ok(diesel::update(
                survey_invitations::table
                    .filter(survey_invitations::used.eq(true))
                    .filter(survey_invitations::survey_id.eq_any(&touched)),
            )
            .set(survey_invitations::used.eq(true))
            .execute(c)?)
        })?;
    }
    Ok(sealed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::{OrgId, SurveyId};

    fn q(id: i32, kind: QuestionKind, options: &str, required: bool) -> Question {
        Question {
            id: QuestionId(id),
            org_id: OrgId(1),
            survey_id: SurveyId(1),
            position: id,
            kind,
            prompt: "?".into(),
            options: options.into(),
            required,
        }
    }

    fn sub(pairs: &[(i32, &[&str])]) -> Submission {
        pairs
            .iter()
            .map(|(id, v)| (QuestionId(*id), v.iter().map(|s| (*s).to_owned()).collect()))
            .collect()
    }

    #[test]
    fn answers_are_checked_per_kind() {
        let qs = vec![
            q(1, QuestionKind::Scale, "", true),
            q(2, QuestionKind::Single, "a\nb", true),
            q(3, QuestionKind::Multiple, "a\nb\nc", false),
            q(4, QuestionKind::Text, "", false),
        ];
        let ok = validate(
            &qs,
            &sub(&[(1, &["5"]), (2, &["1"]), (3, &["2", "0"]), (4, &["  "])]),
        )
        .unwrap();
        assert_eq!(ok.len(), 3, "the blank optional text is left out");
        assert_eq!(ok[2].choices.as_deref(), Some("0,2"));
        let errors = validate(
            &qs,
            &sub(&[(1, &["6"]), (3, &["3"]), (4, &[&"x".repeat(MAX_TEXT + 1)])]),
        )
        .unwrap_err();
        assert_eq!(
            errors.0.into_iter().collect::<Vec<_>>(),
            vec![
                (QuestionId(1), "answer-invalid"),
                (QuestionId(2), "answer-required"),
                (QuestionId(3), "answer-invalid"),
                (QuestionId(4), "answer-too-long")
            ]
        );
        assert!(
            validate(&qs, &sub(&[(1, &["3"]), (2, &["0", "1"])])).is_err(),
            "two single choices"
        );
    }
}
