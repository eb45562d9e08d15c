//! Survey exports, which never say more than the results page: `results.csv` holds counts,
//! shares and averages per group shown and question (no row per respondent), and
//! `texts.csv` holds the free-text answers as one shuffled list per question, with no team
//! and nothing tying a text to its writer's other answers (the name only on a named survey,
//! as on the page). Both are refused until the results can be shown.

use super::results::{self, QuestionResult, Results};
use super::{QuestionKind, Status, find};
use crate::domain::ids::{OrgId, SurveyId};
use crate::domain::{DbConn, FieldErrors, Result, csv_out, org};

/// The words of the exports, in the reader's language.
pub struct Labels {
    pub group: String,
    pub responses: String,
    pub number: String,
    pub question: String,
    pub answer: String,
    pub count: String,
    pub percent: String,
    pub average: String,
    pub everyone: String,
    pub other: String,
    /// The answer cell of a free-text question in `results.csv`.
    pub free_text: String,
    pub name: String,
}

/// The results of the whole survey, refused with a clear reason until they can be shown.
fn visible(conn: &mut DbConn, org_id: OrgId, survey_id: SurveyId) -> Result<Results> {
    let survey = find(conn, org_id, survey_id)?;
    if survey.status(org::today(conn, org_id)?) != Status::Closed {
        return Err(FieldErrors::single("survey", "field-results-after-close"));
    }
    let all = results::results(conn, org_id, survey_id, None)?;
    if !all.shown {
        return Err(FieldErrors::single("survey", "field-too-few-responses"));
    }
    Ok(all)
}

fn number(value: f64) -> String {
    format!("{value:.1}")
}

/// `results.csv`: one row per group shown, question and answer, with the count, the share of
/// those who answered the question, and the average of scale questions. Groups too small to
/// show are only inside "everyone" (and "other teams" when that is big enough).
pub fn results_csv(
    conn: &mut DbConn,
    org_id: OrgId,
    survey_id: SurveyId,
    l: &Labels,
) -> Result<String> {
    let all = visible(conn, org_id, survey_id)?;
    let mut groups: Vec<(String, Results)> = Vec::new();
    // "Other teams" equal to everyone (no team shown on its own) would only repeat it.
    for g in all
        .groups
        .iter()
        .filter(|g| g.shown && g.responses < all.responses)
    {
        let label = g.name.clone().unwrap_or_else(|| l.other.clone());
        groups.push((
            label,
            results::results(conn, org_id, survey_id, Some(&g.key))?,
        ));
    }
    groups.insert(0, (l.everyone.clone(), all));
    let mut rows = Vec::new();
    for (label, r) in &groups {
        for (i, q) in r.questions.iter().enumerate() {
            question_rows(&mut rows, label, r.group.responses, i + 1, q, l);
        }
    }
    let header = [
        &l.group,
        &l.responses,
        &l.number,
        &l.question,
        &l.answer,
        &l.count,
        &l.percent,
        &l.average,
    ]
    .map(String::as_str);
    csv_out::write(&header, rows)
}

fn question_rows(
    rows: &mut Vec<Vec<String>>,
    group: &str,
    responses: usize,
    n: usize,
    q: &QuestionResult,
    l: &Labels,
) {
    let start = [
        csv_out::cell(group),
        responses.to_string(),
        n.to_string(),
        csv_out::cell(&q.question.prompt),
    ];
    let average = q.average.map(number).unwrap_or_default();
    if q.question.kind == QuestionKind::Text {
        let mut row = start.to_vec();
        row.extend([
            l.free_text.clone(),
            q.answered.to_string(),
            String::new(),
            String::new(),
        ]);
        rows.push(row);
        return;
    }
    for bar in &q.bars {
        let mut row = start.to_vec();
        row.extend([
            csv_out::cell(&bar.label),
            bar.count.to_string(),
            number(bar.percent),
            average.clone(),
        ]);
        rows.push(row);
    }
}

/// `texts.csv`: the free-text answers of everyone, question by question, each question's
/// answers in a fresh random order; no team, and no column that links a text to any other
/// answer. A named survey adds the name, as its results page does.
pub fn texts_csv(
    conn: &mut DbConn,
    org_id: OrgId,
    survey_id: SurveyId,
    l: &Labels,
) -> Result<String> {
    let all = visible(conn, org_id, survey_id)?;
    let named = !all.survey.anonymous;
    let mut rows = Vec::new();
    for (i, q) in all.questions.iter().enumerate() {
        if q.question.kind != QuestionKind::Text {
            continue;
        }
        // `results` shuffles the texts of an anonymous survey, per question.
        for (author, text) in &q.texts {
            let mut row = vec![
                (i + 1).to_string(),
                csv_out::cell(&q.question.prompt),
                csv_out::cell(text),
            ];
            if named {
                row.push(csv_out::cell(author.as_deref().unwrap_or("")));
            }
            rows.push(row);
        }
    }
    let mut header = vec![l.number.as_str(), l.question.as_str(), l.answer.as_str()];
    if named {
        header.push(l.name.as_str());
    }
    csv_out::write(&header, rows)
}
