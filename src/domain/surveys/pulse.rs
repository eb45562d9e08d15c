//! Pulse surveys: an earlier survey (the baseline, usually the pre-workshop survey) run again
//! with the same questions, typically 6 and 12 months after the workshop, and the two
//! compared question by question. The comparison only uses groups both surveys may show
//! under their anonymity rule (closed, and at least the minimum group size answered).

use chrono::{Months, NaiveDate};
use diesel::prelude::*;
use serde::Serialize;

use super::results::{self, QuestionResult, Results};
use super::{QuestionInput, Survey, SurveyInput, add_question, create, find, questions};
use crate::db::schema::surveys;
use crate::domain::ids::{OrgId, SurveyId};
use crate::domain::{DbConn, Result};

/// The dates a pulse of `baseline` is suggested for: 6 months after it opened, or 12 when a
/// 6-month pulse exists already.
pub fn suggested_dates(conn: &mut DbConn, baseline: &Survey) -> Result<(NaiveDate, NaiveDate)> {
    let earlier: i64 = surveys::table
        .filter(surveys::org_id.eq(baseline.org_id))
        .filter(surveys::baseline_id.eq(baseline.id))
        .count()
        .get_result(conn)?;
    let months = if earlier == 0 { 6 } else { 12 };
    let length = baseline.closes_on - baseline.opens_on;
    let opens = baseline
        .opens_on
        .checked_add_months(Months::new(months))
        .unwrap_or(baseline.opens_on);
    Ok((opens, opens + length))
}

/// Creates a pulse of `baseline_id`: its settings and questions, new title and dates.
pub fn create_pulse(
    conn: &mut DbConn,
    org_id: OrgId,
    baseline_id: SurveyId,
    title: &str,
    opens_on: NaiveDate,
    closes_on: NaiveDate,
) -> Result<Survey> {
    let baseline = find(conn, org_id, baseline_id)?;
    // Comparing with a pulse of a pulse would compare with the wrong baseline.
    let root = baseline.baseline_id.unwrap_or(baseline.id);
    let input = SurveyInput {
        title: title.to_owned(),
        intro: baseline.intro.clone(),
        anonymous: baseline.anonymous,
        min_group_size: baseline.min_group_size,
        opens_on,
        closes_on,
        reminder_days: baseline.reminder_days,
        rollout_id: baseline.rollout_id,
    };
    let pulse = create(conn, org_id, &input, &[])?;
    for q in questions(conn, org_id, baseline.id)? {
        add_question(
            conn,
            org_id,
            pulse.id,
            &QuestionInput {
                kind: q.kind,
                prompt: q.prompt.clone(),
                options: q.options.clone(),
                required: q.required,
            },
        )?;
    }
    diesel::update(surveys::table.find(pulse.id))
        .set(surveys::baseline_id.eq(root))
        .execute(conn)?;
    find(conn, org_id, pulse.id)
}

/// One question in both surveys.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Pair {
    pub baseline: QuestionResult,
    pub pulse: QuestionResult,
    /// Pulse average minus baseline average (scale questions).
    pub change: Option<f64>,
    /// Each answer of the pulse with its share then (when the baseline offered it) and now.
    pub rows: Vec<Shares>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Shares {
    pub label: String,
    pub baseline: Option<f64>,
    pub pulse: f64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Comparison {
    pub baseline: Results,
    pub pulse: Results,
    /// Both groups may be shown: closed, and enough answers in each.
    pub shown: bool,
    pub pairs: Vec<Pair>,
    /// Groups both surveys show, to compare one team with itself.
    pub groups: Vec<results::Group>,
}

/// Compares a pulse survey with its baseline, for `group` (`all` by default) when both
/// surveys show it.
pub fn compare(
    conn: &mut DbConn,
    org_id: OrgId,
    pulse_id: SurveyId,
    group: Option<&str>,
) -> Result<Comparison> {
    let pulse_survey = find(conn, org_id, pulse_id)?;
    let baseline_id = pulse_survey
        .baseline_id
        .ok_or(crate::domain::Error::NotFound)?;
    let baseline = results::results(conn, org_id, baseline_id, group)?;
    let pulse = results::results(conn, org_id, pulse_id, group)?;
    let shown = baseline.group.shown && pulse.group.shown;
    let pairs = if shown {
        baseline
            .questions
            .iter()
            .filter_map(|b| {
                // The same question: copied, so the same place, kind, prompt and options
                // (unless someone edited the pulse before it opened).
                let p = pulse.questions.iter().find(|p| {
                    p.question.position == b.question.position
                        && p.question.kind == b.question.kind
                        && p.question.prompt == b.question.prompt
                        && p.question.options == b.question.options
                })?;
                let rows = p
                    .bars
                    .iter()
                    .map(|bar| Shares {
                        label: bar.label.clone(),
                        baseline: b
                            .bars
                            .iter()
                            .find(|old| old.label == bar.label)
                            .map(|old| old.percent),
                        pulse: bar.percent,
                    })
                    .collect();
                Some(Pair {
                    rows,
                    change: b
                        .average
                        .zip(p.average)
                        .map(|(a, z)| ((z - a) * 100.0).round() / 100.0),
                    baseline: b.clone(),
                    pulse: p.clone(),
                })
            })
            .collect()
    } else {
        Vec::new()
    };
    let groups = baseline
        .groups
        .iter()
        .filter(|g| g.shown && pulse.groups.iter().any(|p| p.key == g.key && p.shown))
        .cloned()
        .collect();
    Ok(Comparison {
        baseline,
        pulse,
        shown,
        pairs,
        groups,
    })
}
