//! Surveys, for leaders only: the anonymous pre-workshop survey and its pulses — settings,
//! questions ([`questions`]), invitations and reminders through the mail outbox, closing,
//! and the results under the anonymity rule ([`results`]). Answering is by a personal link
//! and needs no sign-in (`domain::surveys::answers`).

pub mod answers;
pub mod questions;
pub mod results;

use chrono::NaiveDate;

use crate::app::Mail;
use crate::app::{Db, Identity, Result};
use crate::domain::audit::{self, Action, Entity, Entry};
use crate::domain::ids::{OrgId, PersonId, RolloutId, SurveyId, TeamId};
use crate::domain::outbox::MailKind;
use crate::domain::people::{self, Role};
use crate::domain::surveys::{
    self, Question, QuestionInput, Survey, SurveyInput, SurveySummary, invitations,
};
use crate::domain::teams::{self, TreeEntry};
use crate::domain::{org, rollouts};
use crate::text::mail::survey as survey_mail;

pub async fn list(db: &Db, me: &Identity) -> Result<Vec<SurveySummary>> {
    me.require(Role::Leader)?;
    let me = me.clone();
    db.run(move |c| surveys::list(c, me.org_id, me.today()))
        .await
}

/// A survey with its questions and counts.
pub struct Detail {
    pub survey: Survey,
    pub questions: Vec<Question>,
    pub invited: i64,
    pub responses: i64,
}

/// The survey page: the detail, whether its results made it final, the dates a pulse would
/// get, and whom it can invite.
pub struct Page {
    pub detail: Detail,
    pub is_final: bool,
    pub pulse_dates: (NaiveDate, NaiveDate),
    pub tree: Vec<TreeEntry>,
    pub everyone: Vec<(PersonId, String)>,
}

fn detail_in(c: &mut crate::db::DbConn, org_id: OrgId, id: SurveyId) -> Result<Detail> {
    Ok(Detail {
        survey: surveys::find(c, org_id, id)?,
        questions: surveys::questions(c, org_id, id)?,
        invited: surveys::invitation_count(c, id)?,
        responses: surveys::response_count(c, id)?,
    })
}

pub async fn detail(db: &Db, me: &Identity, id: SurveyId) -> Result<Detail> {
    me.require(Role::Leader)?;
    let org_id = me.org_id;
    db.run(move |c| detail_in(c, org_id, id)).await
}

pub async fn page(db: &Db, me: &Identity, id: SurveyId) -> Result<Page> {
    me.require(Role::Leader)?;
    let me = me.clone();
    db.run(move |c| {
        let org_id = me.org_id;
        let detail = detail_in(c, org_id, id)?;
        Ok(Page {
            is_final: surveys::anonymity::is_final(c, &detail.survey, me.today())?,
            pulse_dates: surveys::pulse::suggested_dates(c, &detail.survey)?,
            tree: teams::tree(c, org_id)?,
            everyone: people::names(c, org_id)?,
            detail,
        })
    })
    .await
}

/// The survey, to edit its settings (leaders).
pub async fn editable(db: &Db, me: &Identity, id: SurveyId) -> Result<Survey> {
    me.require(Role::Leader)?;
    let org_id = me.org_id;
    db.run(move |c| surveys::find(c, org_id, id)).await
}

/// What a survey's settings form offers: the organisation (its language) and the rollouts a
/// survey can belong to (leaders).
pub async fn choices(db: &Db, me: &Identity) -> Result<(org::Org, Vec<(RolloutId, String)>)> {
    me.require(Role::Leader)?;
    let me = me.clone();
    db.run(move |c| {
        let plans = rollouts::list(c, me.org_id, me.today())?
            .into_iter()
            .map(|r| (r.rollout.id, r.rollout.name))
            .collect();
        Ok((org::find(c, me.org_id)?, plans))
    })
    .await
}

/// Creates a survey with its first questions (leaders).
pub async fn create(
    db: &Db,
    me: &Identity,
    input: SurveyInput,
    questions: Vec<QuestionInput>,
) -> Result<Survey> {
    me.require(Role::Leader)?;
    let me = me.clone();
    db.write(move |c| {
        let survey = surveys::create(c, me.org_id, &input, &questions)?;
        log_created(c, &me, &survey)?;
        Ok(survey)
    })
    .await
}

fn log_created(c: &mut crate::db::DbConn, me: &Identity, survey: &Survey) -> Result<()> {
    let entry = Entry::new(Entity::Survey, survey.id.0, &survey.title, Action::Created);
    audit::record(c, me, entry.fields(survey))
}

/// Changes a survey's settings (leaders; the domain refuses what would break anonymity).
pub async fn update(db: &Db, me: &Identity, id: SurveyId, input: SurveyInput) -> Result<Survey> {
    me.require(Role::Leader)?;
    let me = me.clone();
    db.write(move |c| {
        let before = surveys::find(c, me.org_id, id)?;
        let after = surveys::update(c, me.org_id, id, &input)?;
        let entry = Entry::new(Entity::Survey, id.0, &after.title, Action::Updated);
        audit::record_changes(c, &me, entry.changed(&before, &after))?;
        Ok(after)
    })
    .await
}

/// Closes a survey now, and seals its answers from the invitations (leaders).
pub async fn close(db: &Db, me: &Identity, id: SurveyId) -> Result<()> {
    me.require(Role::Leader)?;
    let me = me.clone();
    db.write(move |c| {
        surveys::close(c, me.org_id, id)?;
        let survey = surveys::find(c, me.org_id, id)?;
        audit::record(
            c,
            &me,
            Entry::new(Entity::Survey, id.0, &survey.title, Action::Closed),
        )
    })
    .await?;
    db.run(surveys::answers::seal).await?;
    Ok(())
}

/// Whom to send a survey's mail to.
pub enum Send {
    /// Invitations to these teams' current members and these people.
    Invite {
        team_ids: Vec<TeamId>,
        person_ids: Vec<PersonId>,
    },
    /// Reminders to those invited who have not answered.
    Remind,
}

/// Invites or reminds (leaders); the mails are queued in the outbox in the same
/// transaction. Returns how many were queued.
pub async fn send(db: &Db, me: &Identity, id: SurveyId, to: Send, mail: Mail) -> Result<usize> {
    me.require(Role::Leader)?;
    let me = me.clone();
    let org_id = me.org_id;
    let Mail { tera, base_url } = mail;
    db.write(move |c| {
        let day = org::today(c, org_id)?;
        let (recipients, kind) = match &to {
            Send::Invite {
                team_ids,
                person_ids,
            } => (
                invitations::invite(c, org_id, id, team_ids, person_ids, day)?,
                MailKind::SurveyInvitation,
            ),
            Send::Remind => (
                invitations::remind(c, org_id, id, day)?,
                MailKind::SurveyReminder,
            ),
        };
        let org = org::find(c, org_id)?;
        let survey = surveys::find(c, org_id, id)?;
        let sent = survey_mail::queue(c, &tera, &base_url, &org.name, &survey, &recipients, kind)?;
        // How many, never to whom: a survey's invitations say nothing of who answered.
        let entry = Entry::new(Entity::Survey, id.0, &survey.title, Action::Sent).field(
            kind.code(),
            None,
            Some(sent.to_string()),
        );
        audit::record(c, &me, entry)?;
        Ok(sent)
    })
    .await
}

/// Re-runs a survey as a pulse with the same questions (leaders).
pub async fn create_pulse(
    db: &Db,
    me: &Identity,
    id: SurveyId,
    title: String,
    (opens, closes): (NaiveDate, NaiveDate),
) -> Result<Survey> {
    me.require(Role::Leader)?;
    let me = me.clone();
    db.write(move |c| {
        let pulse = surveys::pulse::create_pulse(c, me.org_id, id, &title, opens, closes)?;
        log_created(c, &me, &pulse)?;
        Ok(pulse)
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Error;
    use crate::app::testing::world;
    use crate::domain::Locale;
    use crate::domain::surveys::pre_workshop_template;

    #[actix_web::test]
    async fn only_the_organisations_leaders_see_and_run_surveys() {
        let w = world();
        let db = &w.t.db;
        let today = w.leader.today();
        let input = SurveyInput {
            title: "Before the workshop".into(),
            intro: String::new(),
            anonymous: true,
            min_group_size: 5,
            opens_on: today,
            closes_on: today + chrono::Days::new(14),
            reminder_days: 3,
            rollout_id: None,
        };
        let questions = pre_workshop_template(Locale::En);
        assert!(matches!(
            create(db, &w.member, input.clone(), questions.clone()).await,
            Err(Error::Forbidden)
        ));
        let survey = create(db, &w.leader, input, questions).await.unwrap();
        assert!(matches!(list(db, &w.member).await, Err(Error::Forbidden)));
        assert!(matches!(
            results::of_group(db, &w.member, survey.id, None).await,
            Err(Error::Forbidden)
        ));
        assert!(matches!(
            detail(db, &w.stranger, survey.id).await,
            Err(Error::NotFound)
        ));
        let page = page(db, &w.leader, survey.id).await.unwrap();
        assert!(!page.detail.questions.is_empty());
        assert_eq!((page.detail.invited, page.detail.responses), (0, 0));
        assert!(!page.is_final);
    }
}
