//! Results that respect anonymity: a group's answers are shown only when it has at least the
//! survey's `min_group_size` responses. Teams below it roll up into "other"; "other" itself
//! is withheld when it is still too small, and the whole survey until it reaches the size.

use std::collections::HashMap;

use diesel::prelude::*;
use rand::seq::SliceRandom;
use serde::Serialize;

use super::{Question, QuestionKind, Status, Survey, anonymity, find, invitations, questions};
use crate::db::schema::{people, survey_answers, survey_responses, teams};
use crate::domain::ids::{OrgId, QuestionId, ResponseId, SurveyId, TeamId};
use crate::domain::{DbConn, Result, org};

/// A group of responses that can be looked at on its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Group {
    /// `team-<id>`, `other` or `all`.
    pub key: String,
    /// The team's name; `None` for "other" and "all".
    pub name: Option<String>,
    pub responses: usize,
    /// False when too small to show.
    pub shown: bool,
}

/// Response rate of one team, or of the teams too small to show on their own (counts only;
/// never answers).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Rate {
    /// The team's name; `None` for "other teams" and for people without a team.
    pub team: Option<String>,
    /// True for the row of all teams with fewer invited than the smallest group.
    pub other: bool,
    pub invited: i64,
    pub answered: i64,
    pub percent: f64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = ResultBar)]
pub struct Bar {
    pub label: String,
    pub count: usize,
    pub percent: f64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct QuestionResult {
    pub question: Question,
    pub answered: usize,
    pub bars: Vec<Bar>,
    pub average: Option<f64>,
    /// Free-text answers (shuffled when anonymous), with the author for named surveys.
    pub texts: Vec<(Option<String>, String)>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Results {
    pub survey: Survey,
    pub invited: i64,
    pub responses: usize,
    pub rate: f64,
    pub rates: Vec<Rate>,
    pub groups: Vec<Group>,
    /// The group shown (`all` unless another was chosen and may be shown).
    pub group: Group,
    /// False while the survey is open, or has fewer responses than the group size.
    pub shown: bool,
    /// Results are shown only once the survey has closed: results that change with every
    /// answer would let someone who watches them (and knows who was reminded) tell one
    /// person's answer from the difference.
    pub closed: bool,
    pub questions: Vec<QuestionResult>,
}

#[derive(Queryable)]
struct Row {
    response_id: ResponseId,
    team_id: Option<TeamId>,
    person: Option<String>,
}

#[derive(Queryable)]
struct AnswerRow {
    response_id: ResponseId,
    question_id: QuestionId,
    choice: Option<i32>,
    choices: Option<String>,
    text: Option<String>,
}

impl AnswerRow {
    /// The chosen option indexes of a multiple-choice answer.
    fn chosen(&self) -> impl Iterator<Item = usize> + '_ {
        self.choices
            .as_deref()
            .unwrap_or("")
            .split(',')
            .filter_map(|c| c.parse::<usize>().ok())
    }
}

/// A survey's responses, with the person's name on named surveys.
fn load_rows(conn: &mut DbConn, org_id: OrgId, survey_id: SurveyId) -> Result<Vec<Row>> {
    Ok(survey_responses::table
        .left_join(people::table.on(people::id.nullable().eq(survey_responses::person_id)))
        .filter(survey_responses::org_id.eq(org_id))
        .filter(survey_responses::survey_id.eq(survey_id))
        .order(survey_responses::id.asc())
        .select((
            survey_responses::id,
            survey_responses::team_id,
            people::name.nullable(),
        ))
        .load(conn)?)
}

/// The answers of a survey's responses (`only` limits them to some responses).
fn load_answers(
    conn: &mut DbConn,
    org_id: OrgId,
    survey_id: SurveyId,
    only: Option<&[ResponseId]>,
) -> Result<Vec<AnswerRow>> {
    let all: Vec<AnswerRow> = survey_answers::table
        .inner_join(survey_responses::table)
        .filter(survey_answers::org_id.eq(org_id))
        .filter(survey_responses::survey_id.eq(survey_id))
        .select((
            survey_answers::response_id,
            survey_answers::question_id,
            survey_answers::choice,
            survey_answers::choices,
            survey_answers::text,
        ))
        .load(conn)?;
    Ok(match only {
        None => all,
        Some(ids) => {
            let wanted: std::collections::HashSet<ResponseId> = ids.iter().copied().collect();
            all.into_iter()
                .filter(|a| wanted.contains(&a.response_id))
                .collect()
        }
    })
}

fn team_names(conn: &mut DbConn, org_id: OrgId) -> Result<HashMap<TeamId, String>> {
    Ok(teams::table
        .filter(teams::org_id.eq(org_id))
        .select((teams::id, teams::name))
        .load(conn)?
        .into_iter()
        .collect())
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        (part as f64 * 1000.0 / whole as f64).round() / 10.0
    }
}

/// The groups of a survey's responses and which response belongs to which group key: teams
/// with at least `min` responses on their own, the rest as "other" (see [`anonymity::fold`]).
fn grouping(
    rows: &[Row],
    names: &HashMap<TeamId, String>,
    min: usize,
) -> (Vec<Group>, HashMap<ResponseId, String>) {
    let mut per_team: Vec<(TeamId, usize)> = Vec::new();
    for r in rows {
        if let Some(t) = r.team_id {
            match per_team.iter_mut().find(|(id, _)| *id == t) {
                Some(e) => e.1 += 1,
                None => per_team.push((t, 1)),
            }
        }
    }
    let big = anonymity::fold(&per_team, rows.len(), min);
    let mut groups = Vec::new();
    let mut key_of = HashMap::new();
    for (team, n) in &per_team {
        if big.contains(team) {
            groups.push(Group {
                key: format!("team-{team}"),
                name: names.get(team).cloned(),
                responses: *n,
                shown: true,
            });
        }
    }
    groups.sort_by(|a, b| a.name.cmp(&b.name));
    let mut other = 0;
    for r in rows {
        let key = match r.team_id {
            Some(t) if big.contains(&t) => format!("team-{t}"),
            _ => {
                other += 1;
                "other".to_owned()
            }
        };
        key_of.insert(r.response_id, key);
    }
    if other > 0 {
        groups.push(Group {
            key: "other".into(),
            name: None,
            responses: other,
            shown: other >= min,
        });
    }
    (groups, key_of)
}

/// Response rates per team, folded like the results' groups: a team shows its own rate only
/// when at least `min` of it were invited, so that no rate tells whether one person answered.
/// The rest is one "other teams" row; with no team shown there are no rows (the overall
/// rate says it all).
fn folded_rates(
    per_team: Vec<(Option<TeamId>, i64, i64)>,
    names: &HashMap<TeamId, String>,
    min: usize,
) -> Vec<Rate> {
    let sizes: Vec<(TeamId, usize)> = per_team
        .iter()
        .filter_map(|(t, invited, _)| t.map(|t| (t, *invited as usize)))
        .collect();
    let total = per_team.iter().map(|(_, i, _)| *i as usize).sum();
    let shown = anonymity::fold(&sizes, total, min);
    if shown.is_empty() {
        return Vec::new();
    }
    let mut rates = Vec::new();
    let (mut other_invited, mut other_answered) = (0i64, 0i64);
    for (team, invited, answered) in per_team {
        match team.filter(|t| shown.contains(t)) {
            Some(t) => rates.push(Rate {
                team: names.get(&t).cloned(),
                other: false,
                invited,
                answered,
                percent: percent(answered as usize, invited as usize),
            }),
            None => {
                other_invited += invited;
                other_answered += answered;
            }
        }
    }
    rates.sort_by(|a, b| a.team.cmp(&b.team));
    if other_invited > 0 {
        rates.push(Rate {
            team: None,
            other: true,
            invited: other_invited,
            answered: other_answered,
            percent: percent(other_answered as usize, other_invited as usize),
        });
    }
    rates
}

/// Results for the whole survey (`group` = `None` or `all`) or one group.
pub fn results(
    conn: &mut DbConn,
    org_id: OrgId,
    survey_id: SurveyId,
    group: Option<&str>,
) -> Result<Results> {
    let mut survey = find(conn, org_id, survey_id)?;
    let closed = survey.status(org::today(conn, org_id)?) == Status::Closed;
    let min = anonymity::min_group(&survey) as usize;
    let rows = load_rows(conn, org_id, survey_id)?;
    let names = team_names(conn, org_id)?;
    let (mut groups, key_of) = grouping(&rows, &names, min);
    if !closed {
        groups.clear();
    }
    let shown = closed && rows.len() >= min;
    if shown {
        // From now on the survey is final, whatever happens to its dates.
        anonymity::finalise(conn, &mut survey)?;
    }
    let all = Group {
        key: "all".into(),
        name: None,
        responses: rows.len(),
        shown,
    };
    let group = match group {
        Some(key) if key != "all" => groups
            .iter()
            .find(|g| g.key == key && g.shown)
            .cloned()
            .ok_or(crate::domain::Error::NotFound)?,
        _ => all,
    };
    let selected: Vec<&Row> = rows
        .iter()
        .filter(|r| group.key == "all" || key_of.get(&r.response_id) == Some(&group.key))
        .collect();
    let author: HashMap<ResponseId, Option<String>> = selected
        .iter()
        .map(|r| (r.response_id, r.person.clone()))
        .collect();

    let mut question_results = Vec::new();
    if group.shown {
        let ids: Vec<ResponseId> = selected.iter().map(|r| r.response_id).collect();
        let answers = load_answers(conn, org_id, survey_id, Some(&ids))?;
        for q in questions(conn, org_id, survey_id)? {
            let of_q: Vec<&AnswerRow> = answers.iter().filter(|a| a.question_id == q.id).collect();
            question_results.push(summarise(q, &of_q, &author, survey.anonymous));
        }
    }
    let invited = super::invitation_count(conn, survey_id)?;
    let rates = folded_rates(invitations::rates(conn, org_id, survey_id)?, &names, min);
    Ok(Results {
        rate: percent(rows.len(), invited as usize),
        responses: rows.len(),
        invited,
        rates,
        groups,
        group,
        shown,
        closed,
        questions: question_results,
        survey,
    })
}

/// Counts, average and texts of one question's answers.
fn summarise(
    q: Question,
    answers: &[&AnswerRow],
    author: &HashMap<ResponseId, Option<String>>,
    anonymous: bool,
) -> QuestionResult {
    let labels: Vec<String> = match q.kind {
        QuestionKind::Scale => (1..=5).map(|n| n.to_string()).collect(),
        _ => q.option_list().iter().map(|s| (*s).to_owned()).collect(),
    };
    let mut counts = vec![0usize; labels.len()];
    let mut count = |index: Option<usize>| {
        if let Some(slot) = index.and_then(|i| counts.get_mut(i)) {
            *slot += 1;
        }
    };
    let mut texts = Vec::new();
    for a in answers {
        match q.kind {
            QuestionKind::Scale => count(a.choice.and_then(|c| usize::try_from(c - 1).ok())),
            QuestionKind::Single => count(a.choice.and_then(|c| usize::try_from(c).ok())),
            QuestionKind::Multiple => a.chosen().for_each(|c| count(Some(c))),
            QuestionKind::Text => {
                if let Some(t) = &a.text {
                    texts.push((author.get(&a.response_id).cloned().flatten(), t.clone()));
                }
            }
        }
    }
    if anonymous {
        texts.shuffle(&mut rand::rng());
    }
    let answered = answers.len();
    let average = (q.kind == QuestionKind::Scale && answered > 0).then(|| {
        let sum: usize = counts.iter().enumerate().map(|(i, n)| (i + 1) * n).sum();
        (sum as f64 * 10.0 / answered as f64).round() / 10.0
    });
    let bars = labels
        .into_iter()
        .zip(counts)
        .map(|(label, count)| Bar {
            label,
            count,
            percent: percent(count, answered),
        })
        .collect();
    QuestionResult {
        question: q,
        answered,
        bars,
        average,
        texts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i32, team: Option<i32>) -> Row {
        Row {
            response_id: ResponseId(id),
            team_id: team.map(TeamId),
            person: None,
        }
    }

    #[test]
    fn small_teams_roll_up_into_other() {
        let names: HashMap<TeamId, String> = [
            (TeamId(1), "Web".into()),
            (TeamId(2), "App".into()),
            (TeamId(3), "Data".into()),
        ]
        .into();
        // Web: 5 responses, App: 2, Data: 1, no team: 1.
        let mut rows: Vec<Row> = (0..5).map(|i| row(i, Some(1))).collect();
        rows.extend([
            row(10, Some(2)),
            row(11, Some(2)),
            row(12, Some(3)),
            row(13, None),
        ]);
        // With 5: "other" (4) would be too small, and "all" minus Web would reveal it, so Web
        // folds into "other" too.
        let (groups, key_of) = grouping(&rows, &names, 5);
        assert_eq!(groups.len(), 1);
        assert_eq!(
            (groups[0].key.as_str(), groups[0].responses, groups[0].shown),
            ("other", 9, true)
        );
        assert_eq!(key_of[&ResponseId(0)], "other");
        // With 4: Web (5) shows, the rest (4) is "other" and shows too.
        let (groups, key_of) = grouping(&rows, &names, 4);
        assert_eq!(
            groups
                .iter()
                .map(|g| (g.key.as_str(), g.shown))
                .collect::<Vec<_>>(),
            vec![("team-1", true), ("other", true)]
        );
        assert_eq!(key_of[&ResponseId(10)], "other");
        assert_eq!(key_of[&ResponseId(0)], "team-1");
        // With 2: Web and App show; other (Data + no team = 2) too.
        let (groups, _) = grouping(&rows, &names, 2);
        assert_eq!(groups.iter().filter(|g| g.shown).count(), 3);
        // Every response belongs to exactly one group; hidden groups never coexist with shown teams.
        for min in 1..=10 {
            let (groups, key_of) = grouping(&rows, &names, min);
            assert_eq!(
                groups.iter().map(|g| g.responses).sum::<usize>(),
                rows.len()
            );
            assert_eq!(key_of.len(), rows.len());
            let hidden = groups.iter().any(|g| !g.shown);
            let teams_shown = groups.iter().any(|g| g.key.starts_with("team-"));
            assert!(
                !(hidden && teams_shown),
                "min {min}: a hidden group could be derived"
            );
        }
    }
}
