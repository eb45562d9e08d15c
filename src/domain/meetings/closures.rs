//! Cancelling ahead of time: the scheduled meetings that fall in a closure.

use diesel::prelude::*;

use super as meeting;
use crate::db::schema::meetings;
use crate::domain::calendar::Closure;
use crate::domain::ids::{MeetingId, OrgId};
use crate::domain::{DbConn, Result, org};

/// Cancels the organisation's scheduled meetings after today that fall on a day of
/// `closure` (as far ahead as meetings are stored, [`meeting::HORIZON_DAYS`]); returns how
/// many. Held meetings and meetings already cancelled stay as they are.
pub fn cancel_in(conn: &mut DbConn, org_id: OrgId, closure: &Closure) -> Result<i64> {
    let org = org::find(conn, org_id)?;
    let today = crate::domain::periods::local_date(&org.time_zone, chrono::Utc::now());
    meeting::ensure_all(conn, org_id, &org.time_zone, today)?;
    let coming: Vec<(MeetingId, chrono::NaiveDate)> = meetings::table
        .filter(meetings::org_id.eq(org_id))
        .filter(meetings::status.eq(meeting::Status::Scheduled.code()))
        .filter(meetings::local_date.gt(today))
        .select((meetings::id, meetings::local_date))
        .load(conn)?;
    let mut count = 0;
    for (id, day) in coming {
        if closure.span.contains(day) {
            // Only days after today: no week the adoption rollup holds yet changes.
            let (_, _after_today) = meeting::set_cancelled(conn, org_id, id, true)?;
            count += 1;
        }
    }
    Ok(count)
}
