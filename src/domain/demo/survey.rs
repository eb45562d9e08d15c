//! The demo organisation's pre-workshop survey: anonymous, sent to every team during the
//! rollout's preparation, answered by most people, closed before the workshops — so the
//! results page shows rates per team, charts, free text and the anonymity rule at work.

use super::Lcg;
use chrono::{Days, NaiveDate};
use diesel::prelude::*;

use crate::db::schema::rollouts;
use crate::domain::ids::{OrgId, RolloutId, TeamId};
use crate::domain::surveys::{self, QuestionKind, SurveyInput, answers, invitations};
use crate::domain::{DbConn, Locale, Result, teams};

const EXPECTATIONS: [&str; 6] = [
    "Tydeligere prioriteringer, så vi slutter å si ja til alt.",
    "At vi ser hvordan arbeidet vårt henger sammen med resten av firmaet.",
    "Færre møter der vi bare rapporterer status.",
    "Bedre samtaler om hva som faktisk skaper verdi for kundene.",
    "Jeg vet ikke helt ennå – håper workshopen gjør det konkret.",
    "At vi feirer når vi når målene, ikke bare når prosjekter blir ferdige.",
];
const WORRIES: [&str; 6] = [
    "At det blir enda et rapporteringsverktøy som dør etter et halvår.",
    "At målene blir brukt til å måle oss som enkeltpersoner.",
    "Tidsbruk – vi har allerede mange møter.",
    "At ledelsen bestemmer målene uten å lytte til teamene.",
    "At vi setter for mange mål samtidig.",
    "Usikker på hvordan OKR passer med arbeid som mest er drift.",
];
const NEEDS: [&str; 5] = [
    "Konkrete eksempler fra team som ligner vårt.",
    "Tid i kalenderen til oppfølging, ikke bare til workshopen.",
    "En ambassadør vi kan spørre underveis.",
    "Enkle maler for ukemøtet.",
    "At lederne våre går foran og bruker det selv.",
];

/// Loads the survey and its answers. Call after the demo rollout exists.
pub fn load(conn: &mut DbConn, org_id: OrgId, rollout_name: &str) -> Result<()> {
    let (rollout_id, prep_start): (RolloutId, NaiveDate) = rollouts::table
        .filter(rollouts::org_id.eq(org_id))
        .filter(rollouts::name.eq(rollout_name))
        .select((rollouts::id, rollouts::prep_start))
        .first(conn)?;
    let opens_on = prep_start + Days::new(20);
    let closes_on = opens_on + Days::new(14);
    let survey = surveys::create(
        conn,
        org_id,
        &SurveyInput {
            title: "Før vi starter med OKR".into(),
            intro: "Vi vil gjerne høre dine forventninger og bekymringer før workshopene. Det tar fem minutter, og svarene er anonyme.".into(),
            anonymous: true,
            min_group_size: surveys::MIN_GROUP_SIZE_DEFAULT,
            opens_on,
            closes_on,
            reminder_days: surveys::REMINDER_DAYS_DEFAULT,
            rollout_id: Some(rollout_id),
        },
        &surveys::pre_workshop_template(Locale::Nb),
    )?;
    let team_ids: Vec<TeamId> = teams::all(conn, org_id)?
        .into_iter()
        .filter(|t| !t.is_department())
        .map(|t| t.id)
        .collect();
    let questions = surveys::questions(conn, org_id, survey.id)?;
    let recipients = invitations::invite(conn, org_id, survey.id, &team_ids, &[], opens_on)?;
    let mut rng = Lcg(7);
    for (i, recipient) in recipients.iter().enumerate() {
        // About four in five answer, a little less in some teams.
        if rng.next(100) < 18 + (i as u64 % 3) * 4 {
            continue;
        }
        // Some teams start more positive than others.
        let mood = (recipient.person.id.0 % 3) as u64;
        let mut submission = answers::Submission::new();
        for q in &questions {
            let value = match q.kind {
                QuestionKind::Scale => Some((1 + mood + rng.next(3)).min(5).to_string()),
                QuestionKind::Single => Some(rng.next(3).min(2 - mood.min(1)).to_string()),
                QuestionKind::Multiple => None,
                QuestionKind::Text => {
                    let pool: &[&str] = match q.position {
                        2 => &EXPECTATIONS,
                        3 => &WORRIES,
                        _ => &NEEDS,
                    };
                    (rng.next(10) < 6)
                        .then(|| pool[rng.next(pool.len() as u64) as usize].to_owned())
                }
            };
            let values = match (q.kind, value) {
                (QuestionKind::Multiple, _) => {
                    let mut chosen = vec![1.to_string()];
                    if rng.next(2) == 0 {
                        chosen.push(0.to_string());
                    }
                    if rng.next(4) == 0 {
                        chosen.push(3.to_string());
                    }
                    chosen
                }
                (_, Some(v)) => vec![v],
                (_, None) => continue,
            };
            submission.insert(q.id, values);
        }
        answers::submit(
            conn,
            &recipient.token,
            &submission,
            (opens_on + Days::new(rng.next(14)))
                .and_hms_opt(12, 0, 0)
                .unwrap_or_default()
                .and_utc(),
        )?;
    }
    // The automatic reminder went out while the survey was open.
    invitations::mark_reminded(conn, survey.id)?;
    // The server's scheduler seals these responses when it starts.
    Ok(())
}
