//! Answering a survey from a personal link: no account, the link is the permission (one
//! answer, while the survey is open; see [`answers`]).

use crate::app::{Db, Result};
use crate::domain::surveys::answers::{self, LinkState, Submission, Submitted};

/// What the link opens now: the form, or why it cannot be answered.
pub async fn open(db: &Db, token: String) -> Result<LinkState> {
    db.run(move |c| answers::open_link(c, &token, chrono::Utc::now()))
        .await
}

/// Saves the answer (sealed from the person when the survey is anonymous), or says what is
/// missing or why the link no longer takes one.
pub async fn submit(db: &Db, token: String, submission: Submission) -> Result<Submitted> {
    db.write(move |c| answers::submit(c, &token, &submission, chrono::Utc::now()))
        .await
}
