//! A survey's questions (leaders): add, edit, reorder and delete them, until the first
//! invitation goes out (the domain refuses after).

use crate::app::{Db, Identity, Result};
use crate::domain::audit::{self, Action, Entity, Entry};
use crate::domain::ids::{QuestionId, SurveyId};
use crate::domain::people::Role;
use crate::domain::surveys::{self, Question, QuestionInput};

/// The question, to edit (leaders).
pub async fn editable(
    db: &Db,
    me: &Identity,
    survey_id: SurveyId,
    id: QuestionId,
) -> Result<Question> {
    me.require(Role::Leader)?;
    let org_id = me.org_id;
    db.run(move |c| surveys::question(c, org_id, survey_id, id))
        .await
}

/// Adds a question, or changes one (`id`); leaders.
pub async fn save(
    db: &Db,
    me: &Identity,
    (survey_id, id): (SurveyId, Option<QuestionId>),
    input: QuestionInput,
) -> Result<()> {
    me.require(Role::Leader)?;
    let me = me.clone();
    db.write(move |c| {
        let org_id = me.org_id;
        let (before, id) = match id {
            Some(q) => {
                let before = surveys::question(c, org_id, survey_id, q)?;
                surveys::update_question(c, org_id, survey_id, q, &input)?;
                (Some(before), q)
            }
            None => (
                None,
                QuestionId(surveys::add_question(c, org_id, survey_id, &input)?),
            ),
        };
        let after = surveys::question(c, org_id, survey_id, id)?;
        let entry = match &before {
            Some(before) => Entry::new(Entity::Question, id.0, &after.prompt, Action::Updated)
                .changed(before, &after),
            None => {
                Entry::new(Entity::Question, id.0, &after.prompt, Action::Created).fields(&after)
            }
        };
        audit::record_changes(c, &me, entry)
    })
    .await
}

/// Moves a question one place up or down (leaders).
pub async fn move_question(
    db: &Db,
    me: &Identity,
    survey_id: SurveyId,
    id: QuestionId,
    up: bool,
) -> Result<()> {
    me.require(Role::Leader)?;
    let org_id = me.org_id;
    db.write(move |c| surveys::move_question(c, org_id, survey_id, id, up))
        .await
}

/// Deletes a question (leaders).
pub async fn delete(db: &Db, me: &Identity, survey_id: SurveyId, id: QuestionId) -> Result<()> {
    me.require(Role::Leader)?;
    let me = me.clone();
    db.write(move |c| {
        let gone = surveys::question(c, me.org_id, survey_id, id)?;
        surveys::delete_question(c, me.org_id, survey_id, id)?;
        let entry = Entry::new(Entity::Question, id.0, &gone.prompt, Action::Deleted);
        audit::record(c, &me, entry)
    })
    .await
}
