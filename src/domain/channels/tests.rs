use super::*;
use crate::domain::Error;
use crate::domain::outbox::{self, Lane, OutboxQuery};
use crate::domain::teams::{self, TeamInput, TeamKind};
use crate::domain::testing::{TestDb, org, person, team};

fn connect(c: &mut DbConn, org_id: OrgId, team_id: Option<TeamId>, name: &str) -> Channel {
    let by = person(c, org_id, &format!("{name}@acme.no"), vec![]).row.id;
    let input = NewChannel {
        team_id,
        kind: ChannelKind::Slack,
        name: name.into(),
        posts_meetings: true,
        posts_adoption: team_id.is_none(),
    };
    create(c, org_id, by, &input, "hooks.slack.com …abcd", |id| {
        format!("sealed:{id}")
    })
    .unwrap()
}

fn post() -> Post {
    Post {
        title: "Weekly OKR meeting tomorrow".into(),
        ..Post::default()
    }
}

#[test]
fn a_channel_covers_its_team_the_teams_under_it_and_the_organisation_covers_all() {
    let t = TestDb::fresh();
    let mut c = t.conn();
    let acme = org(&mut c, "acme");
    let sales = teams::create(
        &mut c,
        acme,
        &TeamInput {
            name: "Sales".into(),
            kind: TeamKind::Department,
            parent_id: None,
        },
    )
    .unwrap();
    let north = teams::create(
        &mut c,
        acme,
        &TeamInput {
            name: "North".into(),
            kind: TeamKind::Team,
            parent_id: Some(sales.id),
        },
    )
    .unwrap();
    let ops = team(&mut c, acme, "Ops");
    let everyone = connect(&mut c, acme, None, "okr-all");
    let department = connect(&mut c, acme, Some(sales.id), "sales");
    let own = connect(&mut c, acme, Some(north.id), "north");
    let names = |list: Vec<Channel>| list.into_iter().map(|c| c.name).collect::<Vec<_>>();
    assert_eq!(
        names(covering(&mut c, acme, north.id, Purpose::Meetings).unwrap()),
        ["okr-all", "sales", "north"]
    );
    assert_eq!(
        names(covering(&mut c, acme, ops.id, Purpose::Meetings).unwrap()),
        ["okr-all"]
    );
    assert_eq!(
        names(covering(&mut c, acme, north.id, Purpose::Adoption).unwrap()),
        ["okr-all"]
    );
    // Another organisation's channel covers nothing here, and is not found from here.
    let other = org(&mut c, "other");
    let theirs = connect(&mut c, other, None, "theirs");
    assert!(matches!(
        find(&mut c, acme, theirs.id),
        Err(Error::NotFound)
    ));
    assert!(matches!(
        remove(&mut c, acme, theirs.id),
        Err(Error::NotFound)
    ));
    assert_eq!(list(&mut c, acme).unwrap().len(), 3);
    // The URL is sealed for the row's own id, and never part of what is shown.
    let (_, sealed) = target(&mut c, own.id).unwrap().unwrap();
    assert_eq!(sealed, format!("sealed:{}", own.id));
    assert!(!serde_json::to_string(&everyone).unwrap().contains("sealed"));
    remove(&mut c, acme, department.id).unwrap();
    assert_eq!(
        names(covering(&mut c, acme, north.id, Purpose::Meetings).unwrap()),
        ["okr-all", "north"]
    );
    assert!(target(&mut c, department.id).unwrap().is_none());
}

#[test]
fn a_post_is_queued_once_per_key_and_a_disabled_channel_drops_what_waits() {
    let t = TestDb::fresh();
    let mut c = t.conn();
    let acme = org(&mut c, "acme");
    let channel = connect(&mut c, acme, None, "okr-all");
    let kind = MailKind::MeetingReminder;
    assert!(queue(&mut c, acme, &channel, kind, "reminder:1", &post()).unwrap());
    assert!(!queue(&mut c, acme, &channel, kind, "reminder:1", &post()).unwrap());
    assert!(queue(&mut c, acme, &channel, kind, "reminder:2", &post()).unwrap());
    // Channel posts are not mail: the mail worker never takes them.
    assert!(
        outbox::due(&mut c, Lane::Mail, now(), 10)
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        outbox::due(&mut c, Lane::Channels, now(), 10)
            .unwrap()
            .len(),
        2
    );

    let (org_id, disabled) = disable(&mut c, channel.id, "410 Gone").unwrap().unwrap();
    assert_eq!((org_id, disabled.status), (acme, ChannelStatus::Disabled));
    assert!(
        disable(&mut c, channel.id, "410 Gone").unwrap().is_none(),
        "told twice"
    );
    assert!(
        outbox::due(&mut c, Lane::Channels, now(), 10)
            .unwrap()
            .is_empty()
    );
    let page = outbox::list(&mut c, acme, &OutboxQuery::default()).unwrap();
    assert!(page.items.iter().all(|e| e.status == MailStatus::Failed
        && e.channel_id == Some(channel.id)
        && e.last_error.as_deref() == Some("410 Gone")));
    assert!(covering_nothing(&mut c, acme));
}

fn covering_nothing(c: &mut DbConn, org_id: OrgId) -> bool {
    active(c, org_id, Purpose::Meetings).unwrap().is_empty()
}

#[test]
fn a_channel_needs_a_name_something_to_post_and_a_team_of_the_organisation() {
    let t = TestDb::fresh();
    let mut c = t.conn();
    let acme = org(&mut c, "acme");
    let other = org(&mut c, "other");
    let theirs = team(&mut c, other, "Theirs");
    let input = NewChannel {
        team_id: Some(theirs.id),
        kind: ChannelKind::Teams,
        name: " ".into(),
        posts_meetings: false,
        posts_adoption: false,
    };
    match input.check(&mut c, acme) {
        Err(Error::Invalid(errors)) => {
            let fields = errors.by_field();
            assert_eq!(fields.get("name"), Some(&"field-channel-name-required"));
            assert_eq!(fields.get("posts"), Some(&"field-channel-posts-required"));
            assert_eq!(fields.get("team_id"), Some(&"field-channel-team-unknown"));
        }
        other => panic!("accepted: {other:?}"),
    }
}
