//! The outbox (leaders): the mail the organisation's people were sent, what is stuck, and
//! sending a failed message again.

use crate::app::{Db, Identity, Result};
use crate::domain::Page;
use crate::domain::ids::MailId;
use crate::domain::outbox::{self, OutboxEntry, OutboxQuery};
use crate::domain::people::Role;

/// One page of the organisation's mail, newest first, filtered as `query` asks.
pub async fn list(db: &Db, me: &Identity, query: OutboxQuery) -> Result<Page<OutboxEntry>> {
    me.require(Role::Leader)?;
    let org_id = me.org_id;
    db.run(move |c| outbox::list(c, org_id, &query)).await
}

/// Queues a failed message again (`Invalid` when its sign-in link has expired).
pub async fn retry(db: &Db, me: &Identity, id: MailId) -> Result<()> {
    me.require(Role::Leader)?;
    let org_id = me.org_id;
    db.write(move |c| outbox::retry(c, org_id, id)).await
}
