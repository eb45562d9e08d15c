//! Organisation isolation: a leader of organisation A must not read or change anything of
//! organisation B, whatever ids they put in URLs or bodies.
//!
//! [`ORG_ROUTES`] lists every organisation-scoped route with an id in its path. **When you add
//! such a route to `src/web/routes.rs`, add it to the table** — `every_route_with_an_id_is_in_the_table`
//! fails until you do.

use std::collections::BTreeSet;

use hverdag::domain::cases::{self, CaseInput};
use hverdag::domain::ids::{
    AlertId, ApiTokenId, CaseId, ChannelId, ChecklistItemId, ClosureId, InviteId, KeyResultId,
    MailId, MeetingId, MembershipId, ObjectiveId, OrgId, OrgObjectiveId, PersonId, QuestionId,
    RolloutId, SeriesId, SessionId, SurveyId, TeamId, WorkshopId,
};
use hverdag::domain::outbox;
use hverdag::domain::people::{self, ListQuery, Role};
use hverdag::domain::rollouts;
use hverdag::domain::teams::{self, TeamKind};
use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::helpers::*;

/// How a route takes its input. Values may contain the placeholders of [`fill`].
#[derive(Debug, Clone, Copy)]
pub(crate) enum Body {
    None,
    Form(&'static [(&'static str, &'static str)]),
    Json(&'static str),
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Route {
    pub(crate) method: &'static str,
    /// Path with `{person}`, `{other}`, `{team}`, `{dept}`, `{membership}`, `{token}`.
    pub(crate) path: &'static str,
    pub(crate) body: Body,
}

const fn route(method: &'static str, path: &'static str, body: Body) -> Route {
    Route { method, path, body }
}

/// Every organisation-scoped route whose path carries an id. Filled with organisation B's ids
/// and called by A's leader, each must answer 404 (or 403) and change nothing.
/// The bodies are valid: filled with A's own ids, each call succeeds (see the control test).
pub(crate) const ORG_ROUTES: &[Route] = &[
    // People
    route("GET", "/people/{person}", Body::None),
    route(
        "POST",
        "/people/{person}",
        Body::Form(&[
            ("name", "Hijacked"),
            ("email", "hijacked@alpha.example"),
            ("locale", "en"),
            ("roles", "leader"),
            ("password", "hijacked password 123"),
        ]),
    ),
    route("GET", "/people/{person}/edit", Body::None),
    route("GET", "/people/{person}/deactivate", Body::None),
    route("POST", "/people/{person}/deactivate", Body::Form(&[])),
    route("POST", "/people/{inactive}/activate", Body::Form(&[])),
    route("POST", "/people/{person}/sessions/end", Body::Form(&[])),
    route("POST", "/people/invites/{invite}/resend", Body::Form(&[])),
    route("POST", "/people/invites/{invite}/withdraw", Body::Form(&[])),
    // Teams
    route("GET", "/teams/{team}", Body::None),
    route("GET", "/teams/{dept}", Body::None),
    route(
        "POST",
        "/teams/{team}",
        Body::Form(&[
            ("name", "Renamed by form {team}"),
            ("kind", "team"),
            ("parent_id", ""),
        ]),
    ),
    route("GET", "/teams/{team}/edit", Body::None),
    route(
        "POST",
        "/teams/{team}/members",
        Body::Form(&[("person_id", "{other}"), ("date", "")]),
    ),
    route(
        "POST",
        "/teams/{team}/members/{membership}/end",
        Body::Form(&[("date", "")]),
    ),
    route(
        "POST",
        "/teams/{team}/ambassadors",
        Body::Form(&[("person_id", "{other}")]),
    ),
    route(
        "POST",
        "/teams/{team}/ambassadors/{person}/remove",
        Body::Form(&[]),
    ),
    // Rollouts and checklists (deleting the item comes last: the control run needs it before)
    route("GET", "/rollouts/{rollout}", Body::None),
    route("GET", "/rollouts/{rollout}/edit", Body::None),
    route(
        "POST",
        "/rollouts/{rollout}",
        Body::Form(&[
            ("name", "Hijacked rollout"),
            ("scope", "all"),
            ("prep_start", "2027-01-04"),
            ("prep_end", "2027-02-26"),
            ("workshop_start", "2027-03-01"),
            ("workshop_end", "2027-03-05"),
            ("followup_start", ""),
            ("routine_months", "9"),
        ]),
    ),
    route(
        "POST",
        "/rollouts/{rollout}/items",
        Body::Form(&[("phase", "preparation"), ("title", "Hijacked item")]),
    ),
    route("GET", "/rollouts/{rollout}/items/{item}/edit", Body::None),
    route(
        "POST",
        "/rollouts/{rollout}/items/{item}",
        Body::Form(&[
            ("phase", "workshop"),
            ("title", "Hijacked title"),
            ("owner_id", "{person}"),
        ]),
    ),
    route(
        "POST",
        "/rollouts/{rollout}/items/{item}/toggle",
        Body::Form(&[("done", "true")]),
    ),
    route(
        "POST",
        "/rollouts/{rollout}/items/{item}/move",
        Body::Form(&[("direction", "down")]),
    ),
    route("GET", "/rollouts/{rollout}/items/{item}/delete", Body::None),
    route(
        "POST",
        "/rollouts/{rollout}/items/{item}/delete",
        Body::Form(&[]),
    ),
    // Surveys
    route("GET", "/surveys/{survey}", Body::None),
    route("GET", "/surveys/{survey}/edit", Body::None),
    route(
        "POST",
        "/surveys/{survey}",
        Body::Form(&[
            ("title", "Hijacked survey"),
            ("anonymous", "on"),
            ("min_group_size", "5"),
            ("opens_on", "2026-01-01"),
            ("closes_on", "2099-01-01"),
            ("reminder_days", "2"),
            ("rollout_id", ""),
        ]),
    ),
    route(
        "POST",
        "/surveys/{survey}/questions",
        Body::Form(&[("kind", "text"), ("prompt", "Hijacked question")]),
    ),
    route(
        "GET",
        "/surveys/{survey}/questions/{question}/edit",
        Body::None,
    ),
    route(
        "POST",
        "/surveys/{survey}/questions/{question}",
        Body::Form(&[("kind", "text"), ("prompt", "Hijacked prompt")]),
    ),
    route(
        "POST",
        "/surveys/{survey}/questions/{question}/move",
        Body::Form(&[("direction", "down")]),
    ),
    route(
        "POST",
        "/surveys/{survey}/questions/{question}/delete",
        Body::Form(&[]),
    ),
    route(
        "POST",
        "/surveys/{survey}/invitations",
        Body::Form(&[("team_ids", "{team}")]),
    ),
    route("POST", "/surveys/{answered}/remind", Body::Form(&[])),
    route("GET", "/surveys/{answered}/results", Body::None),
    route("GET", "/surveys/{answered}/results.csv", Body::None),
    route("GET", "/surveys/{answered}/texts.csv", Body::None),
    route("GET", "/surveys/{pulse}/compare", Body::None),
    route("GET", "/api/v1/surveys/{pulse}/comparison", Body::None),
    route(
        "POST",
        "/surveys/{answered}/pulse",
        Body::Form(&[
            ("title", "Pulse"),
            ("opens_on", "2027-06-01"),
            ("closes_on", "2027-06-08"),
        ]),
    ),
    route("POST", "/surveys/{survey}/close", Body::Form(&[])),
    route("GET", "/api/v1/surveys/{survey}", Body::None),
    route("GET", "/api/v1/surveys/{answered}/results", Body::None),
    // Settings
    route(
        "POST",
        "/settings/api-tokens/{token}/revoke",
        Body::Form(&[]),
    ),
    route("POST", "/settings/outbox/{mail}/retry", Body::Form(&[])),
    route(
        "POST",
        "/settings/channels/{channel}/remove",
        Body::Form(&[]),
    ),
    route("DELETE", "/api/v1/channels/{channel}", Body::None),
    route("GET", "/settings/calendar/{closure}/edit", Body::None),
    route(
        "POST",
        "/settings/calendar/{closure}",
        Body::Form(&[
            ("name", "Hijacked closure"),
            ("kind", "weeks"),
            ("first_week", "1"),
            ("last_week", "52"),
        ]),
    ),
    route(
        "POST",
        "/settings/calendar/{closure}/delete",
        Body::Form(&[]),
    ),
    // Practice cases
    route("GET", "/cases/custom/{case}", Body::None),
    route(
        "POST",
        "/cases/custom/{case}",
        Body::Form(&[
            ("title", "Hijacked case"),
            ("situation", "Rewritten by another organisation."),
            ("model_answer", ""),
            ("locale", "en"),
        ]),
    ),
    route("GET", "/cases/custom/{case}/edit", Body::None),
    route("GET", "/cases/custom/{case}/archive", Body::None),
    route("POST", "/cases/custom/{case}/archive", Body::Form(&[])),
    // Meetings
    route("GET", "/teams/{team}/meetings", Body::None),
    route("GET", "/teams/{team}/agenda", Body::None),
    route(
        "POST",
        "/teams/{team}/agenda",
        Body::Form(&[
            ("kind", "{kind}"),
            ("locale", "{locale}"),
            ("items", "5 Hijacked"),
        ]),
    ),
    route(
        "POST",
        "/teams/{team}/agenda/reset",
        Body::Form(&[("kind", "{kind}"), ("locale", "{locale}")]),
    ),
    route("GET", "/api/v1/teams/{team}/agendas", Body::None),
    route(
        "PUT",
        "/api/v1/teams/{team}/agendas/{kind}/{locale}",
        Body::Json(r#"{"items": [{"text": "Hijacked", "minutes": 5}]}"#),
    ),
    route(
        "DELETE",
        "/api/v1/teams/{team}/agendas/{kind}/{locale}",
        Body::None,
    ),
    route(
        "POST",
        "/teams/{team}/meetings",
        Body::Form(&[
            ("kind", "weekly_results"),
            ("weekday", "1"),
            ("start_time", "09:00"),
            ("duration_minutes", "15"),
            ("starts_on", "2027-01-04"),
            ("ends_on", ""),
        ]),
    ),
    route("GET", "/teams/{team}/meetings/import", Body::None),
    route("POST", "/meetings/series/{series}/end", Body::Form(&[])),
    route("POST", "/meetings/series/{series}/feed", Body::Form(&[])),
    route(
        "POST",
        "/meetings/series/{series}/feed/revoke",
        Body::Form(&[]),
    ),
    route(
        "POST",
        "/meetings/series/{series}/invitations",
        Body::Form(&[("on", "true")]),
    ),
    route(
        "POST",
        "/api/v1/series/{series}/invitations",
        Body::Json(r#"{"on": true}"#),
    ),
    route("GET", "/meetings/{meeting}", Body::None),
    route(
        "POST",
        "/meetings/{meeting}",
        Body::Form(&[
            ("notes", "Hijacked notes"),
            ("decisions", ""),
            ("held", "1"),
        ]),
    ),
    route("POST", "/meetings/{meeting}/cancel", Body::Form(&[])),
    // Adoption health
    route("GET", "/adoption/teams/{team}", Body::None),
    route("GET", "/adoption/people/{person}", Body::None),
    route(
        "POST",
        "/adoption/alerts/{alert}/acknowledge",
        Body::Form(&[("note", "seen")]),
    ),
    route(
        "POST",
        "/meetings/{meeting}/move",
        Body::Form(&[("date", "2027-01-05"), ("time", "10:00")]),
    ),
    // The OKR register
    route(
        "POST",
        "/okrs/organisation/{org_objective}/archive",
        Body::Form(&[]),
    ),
    route("GET", "/okrs/objectives/{objective}", Body::None),
    route(
        "POST",
        "/okrs/objectives/{objective}",
        Body::Form(&[
            ("team_id", "{a_team}"),
            ("period", "2027-Q1"),
            ("title", "Hijacked objective"),
            ("description", ""),
            ("owner_id", ""),
            ("status", "active"),
        ]),
    ),
    route("GET", "/okrs/objectives/{objective}/edit", Body::None),
    route(
        "POST",
        "/okrs/objectives/{objective}/status",
        Body::Form(&[("status", "dropped")]),
    ),
    route(
        "POST",
        "/okrs/objectives/{objective}/move",
        Body::Form(&[("period", "2027-Q2")]),
    ),
    route("GET", "/okrs/objectives/{objective}/archive", Body::None),
    route(
        "POST",
        "/okrs/objectives/{objective}/archive",
        Body::Form(&[]),
    ),
    route(
        "GET",
        "/okrs/objectives/{objective}/key-results/new",
        Body::None,
    ),
    route(
        "POST",
        "/okrs/objectives/{objective}/key-results",
        Body::Form(&[
            ("title", "Hijacked key result"),
            ("kind", "number"),
            ("unit", ""),
            ("start", "1"),
            ("target", "2"),
            ("owner_id", ""),
        ]),
    ),
    route("GET", "/okrs/key-results/{kr}", Body::None),
    route(
        "POST",
        "/okrs/key-results/{kr}/check-ins",
        Body::Form(&[("value", "3"), ("confidence", "on_track"), ("note", "")]),
    ),
    route("GET", "/okrs/key-results/{kr}/edit", Body::None),
    route(
        "POST",
        "/okrs/key-results/{kr}",
        Body::Form(&[
            ("title", "Hijacked key result"),
            ("kind", "number"),
            ("unit", ""),
            ("start", "1"),
            ("target", "2"),
            ("owner_id", ""),
        ]),
    ),
    route("POST", "/okrs/key-results/{kr}/archive", Body::Form(&[])),
    // Workshops
    route("GET", "/workshops/{workshop}", Body::None),
    route("GET", "/workshops/{draft}/edit", Body::None),
    route(
        "POST",
        "/workshops/{draft}",
        Body::Form(&[
            ("title", "Hijacked workshop"),
            ("locale", "en"),
            ("team_id", "{a_team}"),
            ("votes_per_person", "3"),
            ("top_objectives", "3"),
            ("step_kind", "brainstorm"),
            ("step_minutes", "10"),
            ("step_text", ""),
            ("step_case", ""),
        ]),
    ),
    route("GET", "/workshops/{workshop}/qr.svg", Body::None),
    route("GET", "/workshops/{workshop}/run", Body::None),
    route("GET", "/workshops/{workshop}/projector", Body::None),
    route("GET", "/workshops/{workshop}/summary", Body::None),
    route("GET", "/workshops/{workshop}/export.{format}", Body::None),
    route("GET", "/workshops/{workshop}/outcome", Body::None),
    route(
        "POST",
        "/workshops/{workshop}/outcome",
        Body::Form(&[
            ("team_id", "{a_team}"),
            ("period", "2027-Q1"),
            ("card", "1"),
        ]),
    ),
    route("GET", "/workshops/{workshop}/delete", Body::None),
    route("POST", "/workshops/{workshop}/delete", Body::Form(&[])),
    // JSON API
    route("GET", "/api/v1/cases/{case_ref}", Body::None),
    route("GET", "/api/v1/people/{person}", Body::None),
    route(
        "PATCH",
        "/api/v1/people/{person}",
        Body::Json(r#"{"name": "Hijacked by API", "active": false}"#),
    ),
    route("GET", "/api/v1/teams/{team}", Body::None),
    route(
        "PATCH",
        "/api/v1/teams/{team}",
        Body::Json(r#"{"name": "Renamed by API {team}", "parent_id": null}"#),
    ),
    route(
        "POST",
        "/api/v1/teams/{team}/members",
        Body::Json(r#"{"person_id": {other}}"#),
    ),
    route(
        "POST",
        "/api/v1/teams/{team}/members/{membership}/end",
        Body::Json("{}"),
    ),
    route(
        "POST",
        "/api/v1/teams/{team}/ambassadors",
        Body::Json(r#"{"person_id": {other}}"#),
    ),
    route(
        "DELETE",
        "/api/v1/teams/{team}/ambassadors/{person}",
        Body::None,
    ),
    route("GET", "/api/v1/teams/{team}/meetings", Body::None),
    route("GET", "/api/v1/adoption/weeks?team={team}", Body::None),
    route("GET", "/api/v1/adoption/alerts?team={team}", Body::None),
    route(
        "POST",
        "/api/v1/adoption/alerts/{alert}/acknowledge",
        Body::Json(r#"{"note": "seen"}"#),
    ),
    route("GET", "/adoption/export.csv?team={team}", Body::None),
    route(
        "POST",
        "/api/v1/teams/{team}/meeting-series",
        Body::Json(
            r#"{"kind": "weekly_results", "weekday": 1, "start_time": "09:00", "duration_minutes": 15, "starts_on": "2027-01-04"}"#,
        ),
    ),
    route("GET", "/api/v1/meetings/{meeting}", Body::None),
    route(
        "POST",
        "/api/v1/meetings/{meeting}/record",
        Body::Json(r#"{"notes": "Hijacked by API", "held": true}"#),
    ),
    route(
        "POST",
        "/api/v1/meetings/{meeting}/cancel",
        Body::Json(r#"{"cancelled": true}"#),
    ),
    route("GET", "/api/v1/objectives/{objective}", Body::None),
    route(
        "PUT",
        "/api/v1/objectives/{objective}/alignment",
        Body::Json(r#"{"aligned_to": null}"#),
    ),
    route(
        "PATCH",
        "/api/v1/objectives/{objective}",
        Body::Json(r#"{"title": "Hijacked by API", "team_id": {a_team}}"#),
    ),
    route(
        "POST",
        "/api/v1/objectives/{objective}/key-results",
        Body::Json(r#"{"title": "Hijacked by API", "start": 1, "target": 2}"#),
    ),
    route(
        "PATCH",
        "/api/v1/key-results/{kr}",
        Body::Json(r#"{"title": "Hijacked by API"}"#),
    ),
    route("GET", "/api/v1/key-results/{kr}/check-ins", Body::None),
    route(
        "POST",
        "/api/v1/key-results/{kr}/check-ins",
        Body::Json(r#"{"value": 3, "confidence": "on_track"}"#),
    ),
    route("GET", "/api/v1/rollouts/{rollout}", Body::None),
    route(
        "PATCH",
        "/api/v1/rollouts/{rollout}",
        Body::Json(r#"{"name": "Hijacked by API", "routine_months": 12}"#),
    ),
    route(
        "POST",
        "/api/v1/rollouts/{rollout}/items",
        Body::Json(r#"{"phase": "workshop", "title": "Hijacked by API"}"#),
    ),
    route(
        "PATCH",
        "/api/v1/rollouts/{rollout}/items/{item}",
        Body::Json(r#"{"title": "Hijacked by API", "owner_id": {person}, "done": true}"#),
    ),
    route(
        "DELETE",
        "/api/v1/rollouts/{rollout}/items/{item}",
        Body::None,
    ),
];

/// Routes with an id in the path that belong to no organisation.
const NOT_ORG_SCOPED: &[(&str, &str)] = &[
    // A session and the memberships one switches between are the signed-in account's, in
    // whichever organisation: tests/api/sessions.rs and tests/api/accounts.rs check that
    // another account's are not found.
    ("POST", "/account/sessions/{id}/end"),
    ("POST", "/account/organisations/{person}"),
    ("GET", "/static/{path:.*}"),
    ("GET", "/login/link/{token}"),
    // An invitation's link carries its own secret; the token decides the organisation.
    ("GET", "/invite/{token}"),
    // Survey links carry their own secret; the token decides the organisation.
    ("GET", "/s/{token}"),
    // A personal check-in link carries its own secret; it decides the person (and so the
    // organisation): tests/api/check_in_links.rs checks that it reaches nobody else's.
    ("GET", "/c/{token}"),
    ("POST", "/c/{token}"),
    ("POST", "/c/{token}/no-change"),
    ("POST", "/c/{token}/revoke"),
    // Workshop rooms are joined by code; the code and resume tokens decide the room.
    ("GET", "/live/{code}"),
    ("GET", "/w/{code}"),
    // A multipart upload, which this table cannot send; tests/api/history.rs checks that
    // another organisation gets 404 there.
    ("POST", "/teams/{id}/meetings/import"),
    // Calendar feeds carry their own secret.
    ("GET", "/calendar/{token}"),
    ("POST", "/s/{token}"),
    // The organisation's agenda of a kind of meeting and language: the path names no row;
    // the caller's organisation decides (tests/api/agendas.rs).
    ("PUT", "/api/v1/agendas/{kind}/{locale}"),
    // Built-in practice cases are the same for everyone.
    ("GET", "/cases/{key}"),
];

/// Routes where A's own resources are in the path and B's ids in the body, with the
/// statuses allowed. The team pages answer a refused change with a redirect and a message,
/// so for them only the unchanged data tells.
const CROSS_REFERENCES: &[(Route, &[u16])] = &[
    (
        route(
            "POST",
            "/teams",
            Body::Form(&[
                ("name", "Sneaky"),
                ("kind", "team"),
                ("parent_id", "{dept}"),
            ]),
        ),
        &[422],
    ),
    (
        route(
            "POST",
            "/teams/{a_team}",
            Body::Form(&[
                ("name", "Alpha team"),
                ("kind", "team"),
                ("parent_id", "{dept}"),
            ]),
        ),
        &[422],
    ),
    (
        route(
            "POST",
            "/teams/{a_team}/members",
            Body::Form(&[("person_id", "{other}")]),
        ),
        &[303, 404, 422],
    ),
    (
        route(
            "POST",
            "/teams/{a_team}/ambassadors",
            Body::Form(&[("person_id", "{other}")]),
        ),
        &[303, 404, 422],
    ),
    (
        route(
            "POST",
            "/teams/{a_team}/members/{membership}/end",
            Body::Form(&[("date", "")]),
        ),
        &[404],
    ),
    (
        route(
            "POST",
            "/teams/{a_team}/ambassadors/{person}/remove",
            Body::Form(&[]),
        ),
        &[404],
    ),
    (
        route(
            "POST",
            "/api/v1/teams",
            Body::Json(r#"{"name": "Sneaky", "kind": "team", "parent_id": {dept}}"#),
        ),
        &[422],
    ),
    (
        route(
            "PATCH",
            "/api/v1/teams/{a_team}",
            Body::Json(r#"{"parent_id": {dept}}"#),
        ),
        &[422],
    ),
    (
        route(
            "POST",
            "/api/v1/teams/{a_team}/members",
            Body::Json(r#"{"person_id": {other}}"#),
        ),
        &[404, 422],
    ),
    (
        route(
            "POST",
            "/api/v1/teams/{a_team}/ambassadors",
            Body::Json(r#"{"person_id": {other}}"#),
        ),
        &[404, 422],
    ),
    (
        route(
            "POST",
            "/api/v1/teams/{a_team}/members/{membership}/end",
            Body::Json("{}"),
        ),
        &[404],
    ),
    (
        route(
            "DELETE",
            "/api/v1/teams/{a_team}/ambassadors/{person}",
            Body::None,
        ),
        &[404],
    ),
];

/// The ids of one organisation's fixtures.
#[derive(Debug, Clone)]
pub(crate) struct Ids {
    /// A member of `team` and its ambassador (`membership` is their membership).
    person: PersonId,
    /// Someone in no team.
    pub(crate) other: PersonId,
    other_email: String,
    /// A deactivated person.
    inactive: PersonId,
    pub(crate) team: TeamId,
    dept: TeamId,
    membership: MembershipId,
    /// An API token that is not the one the tests authenticate with.
    token: ApiTokenId,
    /// An outbox message that failed for good (so it can be retried).
    mail: MailId,
    /// A connected Slack channel.
    channel: ChannelId,
    /// A practice case of the organisation's own (`{case_ref}` is `custom:<case>`).
    case: CaseId,
    /// A rollout and one of its checklist items.
    rollout: RolloutId,
    item: ChecklistItemId,
    /// A draft survey and its first question; and a survey two people have answered.
    survey: SurveyId,
    question: QuestionId,
    answered: SurveyId,
    /// A pulse survey re-running `answered`.
    pulse: SurveyId,
    /// An ended workshop the signed-in leader ran, with one card; and one not started.
    workshop: WorkshopId,
    draft: WorkshopId,
    /// An objective of `team` with one key result.
    objective: ObjectiveId,
    kr: KeyResultId,
    /// A weekly meeting series of `team`, and its first meeting.
    series: SeriesId,
    meeting: MeetingId,
    /// An organisation objective for 2027-Q1.
    org_objective: OrgObjectiveId,
    /// An adoption alert of `team`.
    alert: AlertId,
    /// A closure in the organisation's calendar.
    closure: ClosureId,
    /// A pending invitation.
    invite: InviteId,
}

/// Seeds a set of fixtures in `org`, their names tagged with `tag`.
fn fixtures(app: &TestApp, org: OrgId, tag: &str) -> Ids {
    let lower = tag.to_lowercase();
    let person = app.create_person_named(
        org,
        &format!("{tag} Person"),
        &format!("person.{lower}@{lower}.example"),
        &[Role::Member],
        None,
    );
    let other_email = format!("other.{lower}@{lower}.example");
    let other = app.create_person_named(
        org,
        &format!("{tag} Other"),
        &other_email,
        &[Role::Member],
        None,
    );
    let inactive = app.create_person_named(
        org,
        &format!("{tag} Inactive"),
        &format!("inactive.{lower}@{lower}.example"),
        &[Role::Member],
        None,
    );
    app.write(|c| people::set_active(c, org, inactive, false));
    let dept = app.create_team(
        org,
        &format!("{tag} department"),
        TeamKind::Department,
        None,
    );
    let team = app.create_team(org, &format!("{tag} team"), TeamKind::Team, Some(dept));
    let membership = app.add_member(org, team, person);
    app.add_ambassador(org, team, person);
    let leader = app
        .read(|c| {
            people::list(
                c,
                org,
                &ListQuery {
                    role: Some(Role::Leader),
                    ..Default::default()
                },
            )
        })
        .items[0]
        .row
        .id;
    let (token, _) = app.create_api_token(org, leader, &format!("{tag} token"));
    let mail = app.create_failed_mail(org, &other_email);
    let case_input = CaseInput {
        title: format!("{tag} case"),
        situation: format!("A situation written by {tag}."),
        model_answer: String::new(),
        locale: hverdag::domain::Locale::En,
    };
    let case = app
        .write(|c| cases::create(c, org, Some(leader), &case_input))
        .id;
    let (rollout, item) = app.write(|c| {
        let r = rollouts::create(
            c,
            org,
            &rollouts::RolloutInput {
                name: format!("{tag} rollout"),
                all_teams: true,
                team_ids: vec![],
                prep_start: date(2027, 1, 4),
                prep_end: date(2027, 2, 26),
                workshop_start: date(2027, 3, 1),
                workshop_end: date(2027, 3, 5),
                followup_start: None,
                routine_months: 9,
            },
        )?;
        let item = rollouts::items(c, org, r.id)?[0].id;
        Ok((r.id, item))
    });
    let (survey, question, answered) =
        app.write(|c| survey_fixtures(c, org, &[person, other, leader]));
    let workshop = app.write(|c| workshop_fixture(c, org, leader));
    let (series, meeting) = app.write(|c| {
        use hverdag::domain::meetings;
        let today = chrono::Utc::now().date_naive();
        let series = meetings::create_series(
            c,
            org,
            &weekly_results(team, 1, today),
            "Europe/Oslo",
            today,
        )?;
        let first = meetings::team_meetings(
            c,
            org,
            team,
            "Europe/Oslo",
            today,
            today,
            today + chrono::Days::new(14),
        )?[0]
            .id;
        Ok((series.id, first))
    });
    let org_objective = app
        .write(|c| {
            hverdag::domain::okrs::company::create(
                c,
                org,
                &hverdag::domain::okrs::company::OrgObjectiveInput {
                    period: "2027-Q1".into(),
                    title: format!("{tag} organisation objective"),
                    description: String::new(),
                    owner_id: None,
                },
            )
        })
        .id;
    let okr = app.write(|c| {
        caught_up(c, |c| {
            hverdag::domain::okrs::create(
                c,
                org,
                &hverdag::domain::okrs::ObjectiveInput {
                    team_id: team,
                    period: "2027-Q1".into(),
                    title: format!("{tag} objective"),
                    description: String::new(),
                    owner_id: None,
                    status: hverdag::domain::okrs::Status::Active,
                },
                None,
                &[hverdag::domain::okrs::KeyResultInput::number(
                    "Users", "", 1.0, 2.0,
                )],
            )
        })
    });
    let draft = app
        .write(|c| {
            hverdag::domain::workshops::create(
                c,
                org,
                leader,
                "Draft workshop",
                hverdag::domain::Locale::En,
                &hverdag::live::room::Agenda::standard(),
                None,
            )
        })
        .id;
    Ids {
        person,
        other,
        other_email,
        inactive,
        team,
        dept,
        membership,
        token,
        mail,
        case,
        rollout,
        item,
        survey,
        question,
        answered,
        pulse: app
            .write(|c| {
                let today = chrono::Utc::now().date_naive();
                hverdag::domain::surveys::pulse::create_pulse(
                    c,
                    org,
                    answered,
                    "Pulse",
                    today,
                    today + chrono::Days::new(7),
                )
            })
            .id,
        workshop,
        draft,
        objective: okr.objective.id,
        kr: okr.key_results[0].id,
        series,
        meeting,
        org_objective,
        alert: alert_fixture(app, org, team),
        channel: channel_fixture(app, org, person),
        closure: closure_fixture(app, org, tag),
        invite: app
            .write(|c| {
                let input = hverdag::domain::invites::InviteInput {
                    email: format!("invited.{lower}@{lower}.example"),
                    name: format!("{tag} Invited"),
                    role: Role::Member,
                    team_id: None,
                };
                hverdag::domain::invites::create(c, org, person, &input)
            })
            .0
            .id,
    }
}

/// A one-off closure, stored directly: the control test makes more fixtures in one
/// organisation than the page lets a leader add.
fn closure_fixture(app: &TestApp, org: OrgId, tag: &str) -> ClosureId {
    use diesel::prelude::*;
    use hverdag::db::schema::closures as cl;
    app.write(|c| {
        Ok(diesel::insert_into(cl::table)
            .values((
                cl::org_id.eq(org),
                cl::name.eq(format!("{tag} closure")),
                cl::kind.eq("dates"),
                cl::first_date.eq(date(2027, 2, 1)),
                cl::last_date.eq(date(2027, 2, 5)),
                cl::created_at.eq(chrono::Utc::now().naive_utc()),
            ))
            .returning(cl::id)
            .get_result(c)?)
    })
}

/// An at-risk alert for `team`, as the rollup stores one.
fn channel_fixture(app: &TestApp, org: OrgId, by: PersonId) -> ChannelId {
    use hverdag::domain::channels::{self, ChannelKind, NewChannel};
    let input = NewChannel {
        team_id: None,
        kind: ChannelKind::Slack,
        name: "#okr".into(),
        posts_meetings: true,
        posts_adoption: true,
    };
    app.write(|c| {
        channels::create(c, org, by, &input, "hooks.slack.com …abcd", |_| {
            "sealed".into()
        })
    })
    .id
}

fn alert_fixture(app: &TestApp, org: OrgId, team: TeamId) -> AlertId {
    use diesel::prelude::*;
    use hverdag::db::schema::adoption_alerts as a;
    let week = chrono::NaiveDate::from_ymd_opt(2026, 11, 2).expect("a Monday");
    app.write(|c| {
        Ok(diesel::insert_into(a::table)
            .values((
                a::org_id.eq(org),
                a::team_id.eq(team),
                a::kind.eq("missed"),
                a::first_week.eq(week),
                a::last_week.eq(week + chrono::Days::new(7)),
                a::created_at.eq(chrono::Utc::now().naive_utc()),
                a::note.eq(""),
            ))
            .returning(a::id)
            .get_result(c)?)
    })
}

/// An ended workshop run by `facilitator`, with one card (id 1).
fn workshop_fixture(
    c: &mut hverdag::db::DbConn,
    org: OrgId,
    facilitator: PersonId,
) -> hverdag::domain::Result<WorkshopId> {
    use hverdag::domain::workshops;
    use hverdag::live::protocol::ClientMessage as M;
    let w = workshops::create(
        c,
        org,
        facilitator,
        "Workshop",
        hverdag::domain::Locale::En,
        &hverdag::live::room::Agenda::standard(),
        None,
    )?;
    let (p, _) = workshops::join(c, &w, "Facilitator", Some(facilitator), true)?;
    for m in [
        M::SetStep { step: 2 },
        M::AddCard {
            text: "Happier customers".into(),
        },
        M::End,
    ] {
        workshops::command(c, &w, &p, &m, 0)?.expect("an accepted command");
    }
    Ok(w.id)
}

/// A draft survey with questions, and a survey that `people` have answered (group size 3).
fn survey_fixtures(
    c: &mut hverdag::db::DbConn,
    org: OrgId,
    people: &[PersonId],
) -> hverdag::domain::Result<(SurveyId, QuestionId, SurveyId)> {
    use hverdag::domain::surveys::{
        self, SurveyInput, answers, invitations, pre_workshop_template,
    };
    let today = chrono::Utc::now().date_naive();
    let input = SurveyInput {
        title: "Survey".into(),
        intro: String::new(),
        anonymous: true,
        min_group_size: 3,
        opens_on: today,
        closes_on: today + chrono::Days::new(7),
        reminder_days: 2,
        rollout_id: None,
    };
    let questions = pre_workshop_template(hverdag::domain::Locale::En);
    let draft = surveys::create(c, org, &input, &questions)?;
    let question = surveys::questions(c, org, draft.id)?[0].id;
    let answered = surveys::create(c, org, &input, &questions[..1])?;
    let only = surveys::questions(c, org, answered.id)?[0].id;
    for r in invitations::invite(c, org, answered.id, &[], people, today)? {
        let submission = [(only, vec!["4".to_owned()])].into_iter().collect();
        answers::submit(c, &r.token, &submission, chrono::Utc::now())?;
    }
    surveys::close(c, org, answered.id)?;
    Ok((draft.id, question, answered.id))
}

fn date(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).expect("a date")
}

/// One organisation with a signed-in leader and an API token.
pub(crate) struct Tenant {
    pub(crate) org: OrgId,
    pub(crate) ids: Ids,
    pub(crate) session: Session,
    bearer: Bearer,
}

pub(crate) async fn tenant(app: &TestApp, slug: &str, tag: &str) -> Tenant {
    tenant_led_by(app, slug, tag, &format!("leader@{slug}.example")).await
}

/// A tenant whose leader signs in with `email`: an address that may lead another
/// organisation too (one account, two memberships), whose session then works here.
pub(crate) async fn tenant_led_by(app: &TestApp, slug: &str, tag: &str, email: &str) -> Tenant {
    let org = app.create_org(slug);
    let leader = app.create_person_named(
        org,
        &format!("{tag} Leader"),
        email,
        &[Role::Leader],
        Some(PASSWORD),
    );
    let ids = fixtures(app, org, tag);
    let (_, secret) = app.create_api_token(org, leader, &format!("{tag} own token"));
    let session = app.session();
    let signed_in = session.try_login(email, PASSWORD).await;
    assert!(
        signed_in.status().is_redirection(),
        "{}",
        signed_in.status()
    );
    let switched = session
        .post_form(&format!("/account/organisations/{leader}"), &[])
        .await;
    assert!(switched.status().is_redirection(), "{}", switched.status());
    Tenant {
        org,
        ids,
        bearer: app.bearer(&secret),
        session,
    }
}

/// Replaces the placeholders with `theirs` (the organisation under attack) and `mine`.
pub(crate) fn fill(template: &str, theirs: &Ids, mine: &Ids) -> String {
    template
        .replace("{person}", &theirs.person.to_string())
        .replace("{other_email}", &theirs.other_email)
        .replace("{other}", &theirs.other.to_string())
        .replace("{inactive}", &theirs.inactive.to_string())
        .replace("{team}", &theirs.team.to_string())
        .replace("{dept}", &theirs.dept.to_string())
        .replace("{membership}", &theirs.membership.to_string())
        .replace("{token}", &theirs.token.to_string())
        .replace("{mail}", &theirs.mail.to_string())
        .replace("{channel}", &theirs.channel.to_string())
        .replace("{case_ref}", &format!("custom:{}", theirs.case))
        .replace("{case}", &theirs.case.to_string())
        .replace("{rollout}", &theirs.rollout.to_string())
        .replace("{item}", &theirs.item.to_string())
        .replace("{survey}", &theirs.survey.to_string())
        .replace("{question}", &theirs.question.to_string())
        .replace("{answered}", &theirs.answered.to_string())
        .replace("{pulse}", &theirs.pulse.to_string())
        .replace("{workshop}", &theirs.workshop.to_string())
        .replace("{draft}", &theirs.draft.to_string())
        .replace("{org_objective}", &theirs.org_objective.to_string())
        .replace("{objective}", &theirs.objective.to_string())
        .replace("{series}", &theirs.series.to_string())
        .replace("{meeting}", &theirs.meeting.to_string())
        .replace("{kr}", &theirs.kr.to_string())
        .replace("{alert}", &theirs.alert.to_string())
        .replace("{closure}", &theirs.closure.to_string())
        .replace("{invite}", &theirs.invite.to_string())
        .replace("{format}", "csv")
        .replace("{kind}", "weekly_results")
        .replace("{locale}", "en")
        .replace("{a_team}", &mine.team.to_string())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Caller {
    Session,
    Bearer,
}

async fn call(tenant: &Tenant, caller: Caller, r: &Route, theirs: &Ids) -> (String, StatusCode) {
    let path = fill(r.path, theirs, &tenant.ids);
    let method = Method::from_bytes(r.method.as_bytes()).expect("a method");
    let label = format!("{} {path} ({caller:?})", r.method);
    let res = match (caller, r.body) {
        (Caller::Session, Body::Form(fields)) => {
            assert_eq!(method, Method::POST, "forms are posted: {label}");
            let filled: Vec<(String, String)> = fields
                .iter()
                .map(|(k, v)| ((*k).to_owned(), fill(v, theirs, &tenant.ids)))
                .collect();
            let refs: Vec<(&str, &str)> = filled
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            tenant.session.post_form(&path, &refs).await
        }
        (Caller::Session, Body::Json(json)) => {
            let body: Value = serde_json::from_str(&fill(json, theirs, &tenant.ids)).expect("JSON");
            tenant.session.json(method, &path, Some(&body)).await
        }
        (Caller::Session, Body::None) => tenant.session.json(method, &path, None).await,
        (Caller::Bearer, Body::Json(json)) => {
            let body: Value = serde_json::from_str(&fill(json, theirs, &tenant.ids)).expect("JSON");
            tenant.bearer.send(method, &path, Some(&body)).await
        }
        (Caller::Bearer, _) => tenant.bearer.send(method, &path, None).await,
    };
    (label, res.status())
}

/// Everything an organisation owns, as text to compare.
fn snapshot(app: &TestApp, org: OrgId) -> String {
    app.read(|c| {
        let everyone = people::list(
            c,
            org,
            &ListQuery {
                include_inactive: true,
                ..Default::default()
            },
        )?
        .items;
        let all = teams::all(c, org)?;
        let mut members = Vec::new();
        let mut ambassadors = Vec::new();
        for t in &all {
            members.push(teams::members(c, org, t.id)?);
            ambassadors.push(teams::ambassadors(c, org, t.id)?);
        }
        let tokens: Vec<_> = hverdag::domain::api_tokens::list(c, org)?
            .into_iter()
            .map(|t| (t.id, t.name, t.revoked_at))
            .collect();
        let mail: Vec<_> = outbox::list(c, org, &Default::default())?
            .items
            .into_iter()
            .map(|m| (m.id, m.status))
            .collect();
        let own_cases = cases::list_custom(c, org, true)?;
        let mut plans = Vec::new();
        for r in rollouts::list(c, org, chrono::Utc::now().date_naive())? {
            let items = rollouts::items(c, org, r.rollout.id)?;
            plans.push((r.rollout, items));
        }
        let mut polls = Vec::new();
        for s in hverdag::domain::surveys::list(c, org, chrono::Utc::now().date_naive())? {
            let questions = hverdag::domain::surveys::questions(c, org, s.survey.id)?;
            polls.push((s, questions));
        }
        let mut rooms = Vec::new();
        for w in hverdag::domain::workshops::list(c, org, None)?.items {
            let okrs = hverdag::domain::okrs::from_workshop(c, org, w.id)?;
            rooms.push((w, okrs));
        }
        let mut register = Vec::new();
        register.extend(
            hverdag::domain::okrs::company::overview(c, org, "2027-Q1")?
                .into_iter()
                .flat_map(|a| a.teams.into_iter().map(|(_, okr)| okr)),
        );
        let company = hverdag::domain::okrs::company::for_period(c, org, "2027-Q1")?;
        let calendar = (
            hverdag::domain::calendar::country(c, org)?,
            hverdag::domain::calendar::list(c, org)?,
        );
        let invites = hverdag::domain::invites::list(c, org)?;
        let channels = hverdag::domain::channels::list(c, org)?;
        let mut agendas = Vec::new();
        for t in &all {
            for locale in hverdag::domain::Locale::ALL {
                let kind = hverdag::domain::meetings::SeriesKind::WeeklyResults;
                agendas.push(hverdag::domain::meetings::agendas::saved(c, org, Some(t.id), kind, locale)?);
            }
        }
        let sessions: Vec<SessionId> = {
            use diesel::prelude::*;
            use hverdag::db::schema::sessions as s;
            s::table
                .filter(s::org_id.eq(org))
                .order(s::id)
                .select(s::id)
                .load(c)?
        };
        let mut agenda = Vec::new();
        for t in &all {
            let day = chrono::Utc::now().date_naive();
            for m in hverdag::domain::meetings::team_meetings(
                c,
                org,
                t.id,
                "Europe/Oslo",
                day,
                day - chrono::Days::new(30),
                day + chrono::Days::new(400),
            )? {
                agenda.push(format!("{m:?}"));
            }
            agenda.push(format!("{:?}", hverdag::domain::meetings::series_of_team(c, org, t.id)?));
            for period in ["2027-Q1", "2027-Q2"] {
                register.extend(hverdag::domain::okrs::for_team(c, org, t.id, period)?);
            }
        }
        Ok(format!(
            "{polls:#?}\n{everyone:#?}\n{all:#?}\n{members:#?}\n{ambassadors:#?}\n{tokens:#?}\n{mail:#?}\n{own_cases:#?}\n{plans:#?}\n{rooms:#?}\n{register:#?}\n{agenda:#?}\n{company:#?}\n{calendar:#?}\n{sessions:?}\n{invites:#?}\n{channels:#?}\n{agendas:#?}"
        ))
    })
}

fn is_api(path: &str) -> bool {
    path.starts_with("/api/")
}

#[tokio::test]
async fn a_leader_cannot_touch_another_organisation_by_id() {
    // B's leader is the same account as A's (one address, a person in each): working in A,
    // that account must reach nothing of B by id.
    let app = TestApp::spawn().await;
    let a = tenant_led_by(&app, "alpha", "Alpha", "leader@both.example").await;
    let b = tenant_led_by(&app, "bravo", "Bravo", "leader@both.example").await;
    assert_eq!(
        app.person_by_email("leader@both.example").map(|p| p.org_id),
        Some(a.org),
        "one account, first made in A"
    );
    let (a_before, b_before) = (snapshot(&app, a.org), snapshot(&app, b.org));

    let mut failures = Vec::new();
    for r in ORG_ROUTES {
        let mut callers = vec![Caller::Session];
        if is_api(r.path) {
            callers.push(Caller::Bearer);
        }
        for caller in callers {
            let (label, status) = call(&a, caller, r, &b.ids).await;
            if status != StatusCode::NOT_FOUND && status != StatusCode::FORBIDDEN {
                failures.push(format!("{label} answered {status}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "cross-organisation calls not refused:\n{}",
        failures.join("\n")
    );
    assert_eq!(snapshot(&app, b.org), b_before, "B's data changed");
    assert_eq!(snapshot(&app, a.org), a_before, "A's data changed");

    // A is still signed in (the refusals were not a broken session), and so is B.
    assert!(a.session.is_logged_in().await);
    json_with_status(a.bearer.get("/api/v1/me").await, 200).await;
    assert!(b.session.is_logged_in().await);
}

#[tokio::test]
async fn the_route_table_works_on_the_callers_own_organisation() {
    // The control for the test above: with A's own ids every request in the table is valid,
    // so the refusals there come from the organisation check, not from a malformed request.
    let app = TestApp::spawn().await;
    let a = tenant(&app, "alpha", "Alpha").await;
    let mut failures = Vec::new();
    for (i, r) in ORG_ROUTES.iter().enumerate() {
        let mut callers = vec![Caller::Session];
        if is_api(r.path) {
            callers.push(Caller::Bearer);
        }
        for caller in callers {
            // Fresh fixtures for every call, since many calls change what they touch.
            let mine = fixtures(&app, a.org, &format!("Own{i}{caller:?}"));
            let (label, status) = call(&a, caller, r, &mine).await;
            if !(status.is_success() || status.is_redirection()) {
                failures.push(format!("{label} answered {status}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "own-organisation calls failed:\n{}",
        failures.join("\n")
    );
}

#[tokio::test]
async fn ids_of_another_organisation_in_bodies_are_refused() {
    let app = TestApp::spawn().await;
    let a = tenant(&app, "alpha", "Alpha").await;
    let b = tenant(&app, "bravo", "Bravo").await;
    let (a_before, b_before) = (snapshot(&app, a.org), snapshot(&app, b.org));

    let mut failures = Vec::new();
    for (r, allowed) in CROSS_REFERENCES {
        let mut callers = vec![Caller::Session];
        if is_api(r.path) {
            callers.push(Caller::Bearer);
        }
        for caller in callers {
            let (label, status) = call(&a, caller, r, &b.ids).await;
            if !allowed.contains(&status.as_u16()) {
                failures.push(format!(
                    "{label} answered {status}, expected one of {allowed:?}"
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "cross-organisation references:\n{}",
        failures.join("\n")
    );
    assert_eq!(snapshot(&app, b.org), b_before, "B's data changed");
    assert_eq!(snapshot(&app, a.org), a_before, "A's data changed");
}

#[tokio::test]
async fn lists_and_pages_show_only_the_callers_organisation() {
    let app = TestApp::spawn().await;
    let a = tenant(&app, "alpha", "Alpha").await;
    let _b = tenant(&app, "bravo", "Bravo").await;

    let b_name = org_name("bravo");
    let forbidden = ["Bravo", "bravo.example", b_name.as_str()];
    let pages = [
        ("/org".to_owned(), Some(org_name("alpha"))),
        ("/people".to_owned(), Some("Alpha Leader".to_owned())),
        (
            "/people?include_inactive=true".to_owned(),
            Some("Alpha Inactive".to_owned()),
        ),
        ("/people?q=bravo".to_owned(), None),
        ("/teams".to_owned(), Some("Alpha team".to_owned())),
        ("/teams/new".to_owned(), Some("Alpha department".to_owned())),
        (
            "/settings/api-tokens".to_owned(),
            Some("Alpha own token".to_owned()),
        ),
        (
            format!("/teams/{}", a.ids.team),
            Some("Alpha Person".to_owned()),
        ),
        ("/cases".to_owned(), Some("Alpha case".to_owned())),
        ("/rollouts".to_owned(), Some("Alpha rollout".to_owned())),
    ];
    for (path, expected) in &pages {
        let html = text_with_status(a.session.get(path).await, 200).await;
        for f in forbidden {
            assert!(!html.contains(f), "{path} shows {f}");
        }
        if let Some(expected) = expected {
            assert!(html.contains(expected.as_str()), "{path} shows {expected}");
        }
    }
    for path in [
        "/api/v1/people?include_inactive=true",
        "/api/v1/people?q=bravo",
        "/api/v1/teams",
        "/api/v1/me",
        "/api/v1/cases",
        "/api/v1/rollouts",
        "/api/v1/adoption/recompute",
    ] {
        for body in [
            json_with_status(a.session.get(path).await, 200).await,
            json_with_status(a.bearer.get(path).await, 200).await,
        ] {
            let text = body.to_string();
            for f in forbidden {
                assert!(!text.contains(f), "{path} shows {f}: {text}");
            }
        }
    }
    let all = json_with_status(
        a.bearer.get("/api/v1/people?include_inactive=true").await,
        200,
    )
    .await;
    assert_eq!(all["total"], 4, "A's leader, person, other and inactive");
}

// ----- The table is complete -------------------------------------------------------------------

/// `{id}`, `{person}`, `{path:.*}` … all become `{}`.
pub(crate) fn normalise(path: &str) -> String {
    let mut out = String::new();
    let mut in_param = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_param = true;
                out.push_str("{}");
            }
            '}' => in_param = false,
            _ if in_param => {}
            _ => out.push(c),
        }
    }
    out
}

/// Reads the string literal at the start of `s` (after whitespace).
fn string_literal(s: &str) -> Option<String> {
    let s = s.trim_start().strip_prefix('"')?;
    Some(s[..s.find('"')?].to_owned())
}

/// (METHOD, full path) of every `.route("…", web::method()…)` in a routes file, with the
/// prefixes of the `web::scope("…")`s around it.
pub(crate) fn routes_in_source(src: &str) -> Vec<(String, String)> {
    let mut routes = Vec::new();
    let mut scopes: Vec<(usize, String)> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < src.len() {
        let Some(rest) = src.get(i..) else {
            i += 1;
            continue;
        };
        if rest.starts_with("//") {
            i += rest.find('\n').unwrap_or(rest.len());
            continue;
        }
        if let Some(after) = rest.strip_prefix('"') {
            i += after
                .find('"')
                .expect("an unterminated string in routes.rs")
                + 2;
            continue;
        }
        if let Some(after) = rest.strip_prefix("web::scope(") {
            let prefix = string_literal(after).expect("web::scope with a literal prefix");
            scopes.push((depth, prefix));
            i += "web::scope".len();
            continue;
        }
        if let Some(after) = rest.strip_prefix(".route(") {
            let path = string_literal(after).unwrap_or_else(|| {
                panic!("a .route( without a literal path in routes.rs; teach this parser")
            });
            let method_at = after.find("web::").expect("web::<method>() after the path") + 5;
            let method: String = after[method_at..]
                .chars()
                .take_while(|c| c.is_ascii_alphabetic())
                .collect();
            let prefix: String = scopes.iter().map(|(_, p)| p.as_str()).collect();
            routes.push((method.to_uppercase(), format!("{prefix}{path}")));
            i += ".route".len();
            continue;
        }
        match rest.as_bytes()[0] {
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                // A scope's routes are chained onto it, so it lasts until the parenthesis
                // around the `web::scope(…)` expression closes.
                while scopes.last().is_some_and(|(d, _)| *d > depth) {
                    scopes.pop();
                }
            }
            _ => {}
        }
        i += 1;
    }
    routes
}

#[test]
fn the_routes_parser_understands_scopes() {
    let src = r#"
        cfg.route("/a/{id}", web::get().to(x)) // a comment with ( and "
            .service(
                web::scope("/api/v1")
                    .route("/b/{id}", web::patch().to(y))
                    .route("/c", web::post().to(z)),
            )
            .route("/d/{x}", web::delete().to(w));
    "#;
    assert_eq!(
        routes_in_source(src),
        vec![
            ("GET".to_owned(), "/a/{id}".to_owned()),
            ("PATCH".to_owned(), "/api/v1/b/{id}".to_owned()),
            ("POST".to_owned(), "/api/v1/c".to_owned()),
            ("DELETE".to_owned(), "/d/{x}".to_owned()),
        ]
    );
}

#[test]
fn every_route_with_an_id_is_in_the_table() {
    let src = include_str!("../../src/web/routes.rs");
    let routes = routes_in_source(src);
    assert!(
        routes.len() > 20,
        "the parser found only {} routes",
        routes.len()
    );
    let in_source: BTreeSet<(String, String)> = routes
        .into_iter()
        .filter(|(_, path)| path.contains('{'))
        .map(|(m, p)| (m, normalise(&p)))
        .collect();
    // Entries with the id in the query string (`?team={team}`) check routes without one.
    let covered: BTreeSet<(String, String)> = ORG_ROUTES
        .iter()
        .filter(|r| !r.path.contains('?'))
        .map(|r| (r.method.to_owned(), normalise(r.path)))
        .chain(
            NOT_ORG_SCOPED
                .iter()
                .map(|(m, p)| ((*m).to_owned(), normalise(p))),
        )
        .collect();
    assert_tables_match(
        &in_source,
        &covered,
        "routes with ids missing from ORG_ROUTES (or NOT_ORG_SCOPED) in tests/api/isolation.rs",
        "table entries for routes that no longer exist",
    );
}

/// A test table of routes (`covered`) names every route in the source and no other: each
/// route missing from it is listed under `missing`, each entry for no route under `stale`.
pub(crate) fn assert_tables_match(
    in_source: &BTreeSet<(String, String)>,
    covered: &BTreeSet<(String, String)>,
    missing: &str,
    stale: &str,
) {
    let list = |routes: std::collections::btree_set::Difference<'_, (String, String)>| {
        routes
            .map(|(m, p)| format!("{m} {p}"))
            .collect::<Vec<String>>()
            .join("\n")
    };
    let not_covered = list(in_source.difference(covered));
    assert!(not_covered.is_empty(), "{missing}:\n{not_covered}");
    let no_route = list(covered.difference(in_source));
    assert!(no_route.is_empty(), "{stale}:\n{no_route}");
}
