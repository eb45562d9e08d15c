//! Who reads the adoption signal.

use super::*;
use crate::app::testing::world;

#[actix_web::test]
async fn watchers_read_everything_and_members_their_own_team() {
    let w = world();
    let db = &w.t.db;
    for refused in [
        dashboard(db, &w.member, false).await.err(),
        standings(db, &w.member).await.err(),
        cohorts(db, &w.member, Metric::Held).await.err(),
        person(db, &w.member, w.outsider.person_id).await.err(),
        weeks(db, &w.member, None, (w.member.today(), w.member.today()))
            .await
            .err(),
    ] {
        assert!(matches!(refused, Some(Error::Forbidden)), "{refused:?}");
    }
    let own = team(db, &w.member, w.team).await.unwrap();
    assert_eq!(own.team.id, w.team);
    assert!(matches!(
        team(db, &w.member, w.other_team).await,
        Err(Error::Forbidden)
    ));
    let board = dashboard(db, &w.leader, false).await.unwrap();
    assert_eq!(board.standings.len(), 2);
    assert_eq!(board.folded, 0);
    assert!(
        dashboard(db, &w.leader, true)
            .await
            .unwrap()
            .standings
            .is_empty()
    );
    assert!(matches!(
        team(db, &w.stranger, w.team).await,
        Err(Error::NotFound)
    ));
}
