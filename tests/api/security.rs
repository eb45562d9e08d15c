//! Security checks (issue #7) that the feature tests do not already make: the WebSocket
//! `Origin` check, facilitator-only room commands, CSRF on every state-changing route,
//! sessions on re-authentication, cookie attributes, sign-in throttling by address,
//! security headers and templates that need no inline script, and secrets kept out of the
//! server's logs. `docs/security.md` maps these and the older tests to OWASP ASVS 5.0.
//!
//! [`WRITES`] lists every state-changing route without an organisation id in its path (those
//! with one are in `isolation::ORG_ROUTES`). **When you add such a route to
//! `src/web/routes.rs`, add it to the table** — `every_write_route_is_in_a_csrf_table` fails
//! until you do.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::sync::{Arc, Mutex};

use diesel::prelude::*;
use hverdag::db::DbConn;
use hverdag::domain::ids::{OrgId, PersonId, QuestionId};
use hverdag::domain::people::Role;
use hverdag::domain::{api_tokens, workshops};
use hverdag::live::room::Agenda;
use hverdag::web::render::FLASH_COOKIE;
use reqwest::header::SET_COOKIE;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite;

use crate::helpers::*;
use crate::isolation::{
    Body, ORG_ROUTES, assert_tables_match, fill, normalise, routes_in_source, tenant,
};
use crate::live::{hear, hello, open, say, team_web};

// ----- WebSocket: Origin ---------------------------------------------------------------------------

/// The HTTP status of a WebSocket upgrade to `/live/{code}` sent with `origin` (101 when the
/// room accepts it).
async fn upgrade_status(app: &TestApp, code: &str, origin: Option<&str>) -> u16 {
    let url = format!("ws://127.0.0.1:{}/live/{code}", app.port);
    let mut request =
        tungstenite::client::IntoClientRequest::into_client_request(url).expect("a request");
    if let Some(origin) = origin {
        request
            .headers_mut()
            .insert("Origin", origin.parse().expect("a header value"));
    }
    match tokio_tungstenite::connect_async(request).await {
        Ok((_, response)) => response.status().as_u16(),
        Err(tungstenite::Error::Http(response)) => response.status().as_u16(),
        Err(e) => panic!("the upgrade failed without an HTTP answer: {e}"),
    }
}

fn workshop_of(app: &TestApp, org: OrgId, facilitator: PersonId) -> workshops::Workshop {
    app.write(|c| team_web(c, org, facilitator))
}

#[tokio::test]
async fn websocket_upgrades_accept_only_the_sites_own_origin() {
    let app = TestApp::spawn_with(|config| {
        config.base_url = Some("https://hverdag.example".into());
    })
    .await;
    let org = app.create_org("fjord");
    let per = app.create_person(org, "per@fjord.example", &[Role::Facilitator], None);
    let code = workshop_of(&app, org, per).join_code;
    let host = format!("127.0.0.1:{}", app.port);

    // The public base URL, the host the request went to, and clients that are not browsers.
    for origin in [
        Some("https://hverdag.example"),
        Some("https://hverdag.example/"),
        Some(format!("http://{host}").as_str()),
        None,
    ] {
        assert_eq!(
            upgrade_status(&app, &code, origin).await,
            101,
            "Origin {origin:?} is this site"
        );
    }
    // Other sites, look-alikes and opaque origins.
    for origin in [
        "https://evil.example".to_owned(),
        "null".to_owned(),
        "https://hverdag.example.evil.example".to_owned(),
        "https://evil.example/https://hverdag.example".to_owned(),
        format!("http://{host}.evil.example"),
        format!("http://evil.example/{host}"),
        "http://hverdag.example".to_owned(),
    ] {
        assert_eq!(
            upgrade_status(&app, &code, Some(&origin)).await,
            403,
            "Origin {origin} is another site"
        );
    }
}

// ----- WebSocket: facilitator-only commands --------------------------------------------------------

#[tokio::test]
async fn participants_cannot_send_facilitator_commands() {
    let app = TestApp::spawn().await;
    let org = app.create_org("fjord");
    let per = app.create_person(org, "per@fjord.example", &[Role::Facilitator], None);
    let workshop = workshop_of(&app, org, per);
    let facilitator_token = app
        .write(|c| workshops::join(c, &workshop, "Per", Some(per), true).map(|(_, token)| token));

    let mut facilitator = open(&app, &workshop.join_code).await;
    say(&mut facilitator, hello("", Some(&facilitator_token))).await;
    assert_eq!(hear(&mut facilitator).await["type"], "welcome");
    let mut kari = open(&app, &workshop.join_code).await;
    say(&mut kari, hello("Kari", None)).await;
    assert_eq!(hear(&mut kari).await["type"], "welcome");

    // A card of Kari's, then the grouping step (where only the facilitator groups by default).
    say(&mut facilitator, json!({"type": "set_step", "step": 2})).await;
    assert_eq!(hear(&mut kari).await["seq"], 1);
    say(
        &mut kari,
        json!({"type": "add_card", "text": "Happier customers"}),
    )
    .await;
    let added = hear(&mut kari).await;
    assert_eq!(added["event"]["kind"], "card_added");
    let card = added["event"]["card"].as_i64().expect("a card id");
    say(&mut facilitator, json!({"type": "set_step", "step": 3})).await;
    assert_eq!(hear(&mut kari).await["seq"], 3);
    for seq in [1, 2, 3] {
        assert_eq!(hear(&mut facilitator).await["seq"], seq);
    }

    let facilitator_only = [
        json!({"type": "set_step", "step": 4}),
        json!({"type": "start_timer", "seconds": 60}),
        json!({"type": "extend_timer", "seconds": 30}),
        json!({"type": "pause_timer"}),
        json!({"type": "lock", "locked": true}),
        json!({"type": "reveal"}),
        json!({"type": "end"}),
        json!({"type": "create_group", "name": "Kari's group"}),
        json!({"type": "move_card", "card": card, "group": null}),
    ];
    for command in &facilitator_only {
        say(&mut kari, command.clone()).await;
        let answer = hear(&mut kari).await;
        assert_eq!(
            (answer["type"].as_str(), answer["code"].as_str()),
            (Some("error"), Some("not_facilitator")),
            "{command}"
        );
    }
    // Nothing was stored, and nothing reached the rest of the room: the facilitator's next
    // frame is the answer to its own command.
    let log = app.read(|c| workshops::events_since(c, workshop.id, 0));
    assert_eq!(log.len(), 3, "the refused commands left no events");
    say(
        &mut facilitator,
        json!({"type": "create_group", "name": "Customers"}),
    )
    .await;
    let next = hear(&mut facilitator).await;
    assert_eq!(
        (next["seq"].as_i64(), next["event"]["kind"].as_str()),
        (Some(4), Some("group_created"))
    );

    // Nor may anyone who is not the signed-in facilitator open the read-only projector view.
    let mut stranger = open(&app, &workshop.join_code).await;
    say(
        &mut stranger,
        json!({"type": "hello", "version": 1, "code": "", "name": "Projector", "resume_token": null, "last_seq": null, "projector": true}),
    )
    .await;
    assert_eq!(hear(&mut stranger).await["code"], "not_facilitator");
}

// ----- CSRF on every state-changing route ------------------------------------------------------------

const LEADER: &str = "leader@sec.example";

/// How a write route takes its input; values may hold the placeholders of
/// `isolation::fill`, and `{answer}` / `{answer_question}` (a survey invitation).
#[derive(Debug, Clone, Copy)]
enum Input {
    Form(&'static [(&'static str, &'static str)]),
    Multipart(&'static [(&'static str, &'static str)]),
    Json(&'static str),
}

/// Every state-changing route that has no organisation id in its path (or whose id is not
/// covered by `isolation::ORG_ROUTES`), with an input the signed-in leader may send.
const WRITES: &[(&str, &str, Input)] = &[
    ("POST", "/account/sessions/end-others", Input::Form(&[])),
    ("POST", "/account/organisations/{person}", Input::Form(&[])),
    ("POST", "/account/sessions/{person}/end", Input::Form(&[])),
    (
        "POST",
        "/account/password",
        Input::Form(&[("current", "x"), ("new", "a long enough passphrase")]),
    ),
    (
        "POST",
        "/people/invites",
        Input::Form(&[
            ("email", "new.invitee@sec.example"),
            ("name", "New Invitee"),
            ("role", "member"),
        ]),
    ),
    (
        "POST",
        "/invite/accept",
        Input::Form(&[
            ("token", "no-such-invitation"),
            ("name", "Someone"),
            ("password", "a long enough passphrase"),
        ]),
    ),
    (
        "POST",
        "/locale",
        Input::Form(&[("lang", "nb"), ("next", "/org")]),
    ),
    (
        "POST",
        "/login",
        Input::Form(&[("email", LEADER), ("password", PASSWORD)]),
    ),
    ("POST", "/login/link", Input::Form(&[("email", LEADER)])),
    ("POST", "/login/sso", Input::Form(&[("email", LEADER)])),
    ("POST", "/check-ins/no-change", Input::Form(&[])),
    ("POST", "/c/{token}", Input::Form(&[])),
    ("POST", "/c/{token}/no-change", Input::Form(&[])),
    ("POST", "/c/{token}/revoke", Input::Form(&[])),
    (
        "POST",
        "/settings/sso",
        Input::Form(&[
            ("issuer", "https://login.sec.example"),
            ("client_id", "hverdag"),
            ("client_secret", "a secret"),
            ("domains", "sec.example"),
        ]),
    ),
    ("POST", "/settings/sso/remove", Input::Form(&[])),
    (
        "POST",
        "/settings/agendas",
        Input::Form(&[
            ("kind", "weekly_results"),
            ("locale", "en"),
            ("items", "5 Planted"),
        ]),
    ),
    (
        "PUT",
        "/api/v1/agendas/{kind}/{locale}",
        Input::Json(r#"{"items": [{"text": "Planted", "minutes": 5}]}"#),
    ),
    (
        "POST",
        "/settings/channels",
        Input::Form(&[
            ("kind", "slack"),
            ("name", "#planted"),
            ("url", "https://hooks.slack.com/services/T0/B0/planted"),
            ("posts_meetings", "on"),
        ]),
    ),
    (
        "POST",
        "/login/link/confirm",
        Input::Form(&[("token", "not-a-login-link-token")]),
    ),
    (
        "POST",
        "/people",
        Input::Form(&[
            ("name", "Planted"),
            ("email", "planted@sec.example"),
            ("roles", "leader"),
        ]),
    ),
    (
        "POST",
        "/people/import",
        Input::Form(&[("text", "name,email,team\nPlanted,planted@sec.example,\n")]),
    ),
    (
        "POST",
        "/people/import/preview",
        Input::Multipart(&[("text", "name,email,team\nPlanted,planted@sec.example,\n")]),
    ),
    (
        "POST",
        "/teams",
        Input::Form(&[("name", "Planted"), ("kind", "team"), ("parent_id", "")]),
    ),
    (
        "POST",
        "/teams/{team}/meetings/import",
        Input::Multipart(&[]),
    ),
    (
        "POST",
        "/cases",
        Input::Form(&[
            ("title", "Planted"),
            ("situation", "A planted case."),
            ("locale", "en"),
        ]),
    ),
    (
        "POST",
        "/rollouts",
        Input::Form(&[
            ("name", "Planted"),
            ("scope", "all"),
            ("prep_start", "2027-01-04"),
            ("prep_end", "2027-02-26"),
            ("workshop_start", "2027-03-01"),
            ("workshop_end", "2027-03-05"),
            ("routine_months", "9"),
        ]),
    ),
    (
        "POST",
        "/surveys",
        Input::Form(&[
            ("title", "Planted"),
            ("template", "blank"),
            ("language", "en"),
            ("min_group_size", "5"),
            ("opens_on", "2027-01-04"),
            ("closes_on", "2027-01-14"),
            ("reminder_days", "3"),
            ("rollout_id", ""),
        ]),
    ),
    (
        "POST",
        "/s/{answer}",
        Input::Form(&[("q{answer_question}", "1")]),
    ),
    ("POST", "/adoption/digest", Input::Form(&[("on", "0")])),
    ("POST", "/check-ins", Input::Form(&[])),
    ("POST", "/check-ins/nudges", Input::Form(&[("on", "0")])),
    (
        "POST",
        "/okrs",
        Input::Form(&[
            ("team_id", "{team}"),
            ("period", "2027-Q1"),
            ("title", "Planted"),
            ("status", "active"),
        ]),
    ),
    (
        "POST",
        "/okrs/organisation",
        Input::Form(&[("period", "2027-Q1"), ("title", "Planted")]),
    ),
    (
        "POST",
        "/workshops",
        Input::Form(&[
            ("title", "Planted"),
            ("locale", "en"),
            ("votes_per_person", "3"),
            ("top_objectives", "3"),
            ("step_kind", "intro"),
            ("step_minutes", "10"),
            ("step_text", ""),
            ("step_case", ""),
        ]),
    ),
    (
        "POST",
        "/settings/api-tokens",
        Input::Form(&[("name", "Planted")]),
    ),
    (
        "POST",
        "/settings/follow-up",
        Input::Form(&[("periods", "tertials")]),
    ),
    (
        "POST",
        "/settings/adoption",
        Input::Form(&[
            ("window_weeks", "8"),
            ("routine_held", "6"),
            ("routine_attendance", "70"),
            ("routine_coverage", "70"),
            ("practising_held", "4"),
            ("practising_attendance", "50"),
            ("practising_coverage", "50"),
            ("forming_held", "2"),
            ("slipping_weeks", "3"),
        ]),
    ),
    ("POST", "/settings/adoption/reset", Input::Form(&[])),
    (
        "POST",
        "/settings/calendar",
        Input::Form(&[
            ("name", "Planted"),
            ("kind", "weeks"),
            ("first_week", "1"),
            ("last_week", "2"),
        ]),
    ),
    (
        "POST",
        "/settings/calendar/country",
        Input::Form(&[("country", "")]),
    ),
    (
        "PATCH",
        "/api/v1/settings/follow-up",
        Input::Json(r#"{"periods": "tertials"}"#),
    ),
    (
        "POST",
        "/api/v1/people",
        Input::Json(r#"{"name": "Planted", "email": "planted.api@sec.example"}"#),
    ),
    (
        "POST",
        "/api/v1/teams",
        Input::Json(r#"{"name": "Planted", "kind": "team", "parent_id": null}"#),
    ),
    (
        "POST",
        "/api/v1/objectives",
        Input::Json(r#"{"team_id": {team}, "period": "2027-Q1", "title": "Planted"}"#),
    ),
    (
        "POST",
        "/api/v1/organisation-objectives",
        Input::Json(r#"{"period": "2027-Q1", "title": "Planted"}"#),
    ),
    (
        "POST",
        "/api/v1/rollouts",
        Input::Json(
            r#"{"name": "Planted", "all_teams": true, "prep_start": "2027-01-04", "prep_end": "2027-02-26", "workshop_start": "2027-03-01", "workshop_end": "2027-03-05", "routine_months": 9}"#,
        ),
    ),
    (
        "POST",
        "/api/v1/channels",
        Input::Json(
            r#"{"kind": "slack", "name": "okr-planted", "url": "https://hooks.slack.com/services/T0/B0/planted", "posts_meetings": true}"#,
        ),
    ),
    // Last: with the right token it ends the session the other rows use.
    ("POST", "/logout", Input::Form(&[])),
];

/// A token of the right shape that is nobody's.
const WRONG_TOKEN: &str = "0123456789abcdef0123456789abcdef0123456789a";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Csrf {
    Missing,
    Wrong,
    Right,
}

/// One state-changing request, filled in for the caller's own organisation.
struct Write {
    method: Method,
    path: String,
    input: Filled,
}

enum Filled {
    Form(Vec<(String, String)>),
    Multipart(Vec<(String, String)>),
    Json(Option<Value>),
}

/// Every state-changing route of `ORG_ROUTES` and then of [`WRITES`], filled with the
/// tenant's own ids (so that each would succeed with the right token).
fn every_write(ids: &crate::isolation::Ids, answer: &(String, QuestionId)) -> Vec<Write> {
    let text = |s: &str| {
        fill(
            &s.replace("{answer_question}", &answer.1.to_string())
                .replace("{answer}", &answer.0),
            ids,
            ids,
        )
    };
    let pairs = |fields: &[(&str, &str)]| -> Vec<(String, String)> {
        fields.iter().map(|(k, v)| (text(k), text(v))).collect()
    };
    let method = |m: &str| Method::from_bytes(m.as_bytes()).expect("a method");
    let json = |s: &str| Some(serde_json::from_str(&text(s)).expect("JSON"));
    let org_routes = ORG_ROUTES
        .iter()
        .filter(|r| r.method != "GET")
        .map(|r| Write {
            method: method(r.method),
            path: text(r.path),
            input: match r.body {
                Body::Form(fields) => Filled::Form(pairs(fields)),
                Body::Json(body) => Filled::Json(json(body)),
                Body::None => Filled::Json(None),
            },
        });
    let writes = WRITES.iter().map(|(m, path, input)| Write {
        method: method(m),
        path: text(path),
        input: match input {
            Input::Form(fields) => Filled::Form(pairs(fields)),
            Input::Multipart(fields) => Filled::Multipart(pairs(fields)),
            Input::Json(body) => Filled::Json(json(body)),
        },
    });
    org_routes.chain(writes).collect()
}

/// Sends `write` as a browser would, with the CSRF token as `csrf` says.
async fn send(s: &Session, write: &Write, csrf: Csrf) -> StatusCode {
    let token = match csrf {
        Csrf::Missing => None,
        Csrf::Wrong => Some(WRONG_TOKEN.to_owned()),
        Csrf::Right => Some(s.csrf().await),
    };
    let request = s.client.request(write.method.clone(), s.url(&write.path));
    let request = match &write.input {
        Filled::Form(fields) => {
            let mut fields = fields.clone();
            fields.extend(token.map(|t| ("csrf_token".to_owned(), t)));
            request.form(&fields)
        }
        Filled::Multipart(fields) => {
            let mut form = reqwest::multipart::Form::new();
            for (k, v) in fields.iter().cloned() {
                form = form.text(k, v);
            }
            if let Some(t) = token {
                form = form.text("csrf_token", t);
            }
            request.multipart(form)
        }
        Filled::Json(body) => {
            let mut request = match token {
                Some(t) => request.header("X-CSRF-Token", t),
                None => request,
            };
            if let Some(body) = body {
                request = request.json(body);
            }
            request
        }
    };
    request.send().await.expect("a response").status()
}

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
}

#[derive(QueryableByName)]
struct Dump {
    #[diesel(sql_type = diesel::sql_types::Text)]
    dump: String,
}

/// Every row of every table, as text per table: what "stored nothing" is checked against.
fn database_dump(app: &TestApp) -> BTreeMap<String, String> {
    app.read(|c| {
        let mut out = BTreeMap::new();
        match c {
            DbConn::Sqlite(conn) => {
                let tables: Vec<Name> = diesel::sql_query(
                    "SELECT name FROM sqlite_master WHERE type = 'table' \
                     AND name NOT LIKE 'sqlite_%' ORDER BY name",
                )
                .load(conn)?;
                for t in tables {
                    let columns: Vec<Name> = diesel::sql_query(format!(
                        "SELECT name FROM pragma_table_info('{}')",
                        t.name
                    ))
                    .load(conn)?;
                    let row = columns
                        .iter()
                        .map(|c| format!("quote(\"{}\")", c.name))
                        .collect::<Vec<_>>()
                        .join(" || ',' || ");
                    let dump: Dump = diesel::sql_query(format!(
                        "SELECT coalesce(group_concat(r, char(10)), '') AS dump \
                         FROM (SELECT {row} AS r FROM \"{}\" ORDER BY 1)",
                        t.name
                    ))
                    .get_result(conn)?;
                    out.insert(t.name, dump.dump);
                }
            }
            DbConn::Pg(conn) => {
                let tables: Vec<Name> = diesel::sql_query(
                    "SELECT tablename::text AS name FROM pg_tables \
                     WHERE schemaname = current_schema() ORDER BY 1",
                )
                .load(conn)?;
                for t in tables {
                    let dump: Dump = diesel::sql_query(format!(
                        "SELECT coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '') \
                         AS dump FROM \"{}\" t",
                        t.name
                    ))
                    .get_result(conn)?;
                    out.insert(t.name, dump.dump);
                }
            }
        }
        Ok(out)
    })
}

/// A dump taken once the mail worker, the one thing here that writes in the background (a
/// test server runs no scheduler), has nothing left to send.
async fn settled_dump(app: &TestApp) -> BTreeMap<String, String> {
    use hverdag::domain::{now, outbox};
    eventually(WAIT, "the mail worker to send what is queued", || {
        let pending =
            app.read(|c| outbox::due(c, outbox::Lane::Mail, now() + chrono::Duration::hours(1), 1));
        pending.is_empty().then_some(())
    })
    .await;
    database_dump(app)
}

/// An open survey of the tenant's with one question, and an invitation token to answer it.
fn invitation(app: &TestApp, org: OrgId, person: PersonId) -> (String, QuestionId) {
    use hverdag::domain::surveys::{self, SurveyInput, invitations, pre_workshop_template};
    let today = chrono::Utc::now().date_naive();
    app.write(|c| {
        let input = SurveyInput {
            title: "Open survey".into(),
            intro: String::new(),
            anonymous: true,
            min_group_size: 3,
            opens_on: today,
            closes_on: today + chrono::Days::new(7),
            reminder_days: 2,
            rollout_id: None,
        };
        let questions = pre_workshop_template(hverdag::domain::Locale::En);
        let survey = surveys::create(c, org, &input, &questions[..1])?;
        let question = surveys::questions(c, org, survey.id)?[0].id;
        let invited = invitations::invite(c, org, survey.id, &[], &[person], today)?;
        Ok((invited[0].token.clone(), question))
    })
}

#[test]
fn every_write_route_is_in_a_csrf_table() {
    let routes = routes_in_source(include_str!("../../src/web/routes.rs"));
    let in_source: BTreeSet<(String, String)> = routes
        .into_iter()
        .filter(|(method, _)| method != "GET")
        .map(|(m, p)| (m, normalise(&p)))
        .collect();
    assert!(
        in_source.len() > 20,
        "the parser found too few write routes"
    );
    let covered: BTreeSet<(String, String)> = ORG_ROUTES
        .iter()
        .filter(|r| r.method != "GET")
        .map(|r| (r.method.to_owned(), normalise(r.path)))
        .chain(
            WRITES
                .iter()
                .map(|(m, p, _)| ((*m).to_owned(), normalise(p))),
        )
        .collect();
    assert_tables_match(
        &in_source,
        &covered,
        "write routes missing from WRITES in tests/api/security.rs (or ORG_ROUTES)",
        "entries for no route",
    );
}

#[tokio::test]
async fn every_write_without_the_right_csrf_token_is_refused_and_stores_nothing() {
    let app = TestApp::spawn().await;
    let t = tenant(&app, "sec", "Sec").await;
    let answer = invitation(&app, t.org, t.ids.other);
    let writes = every_write(&t.ids, &answer);
    let mails = std::fs::read_dir(app.mail_dir()).map_or(0, |d| d.count());
    let before = settled_dump(&app).await;

    let mut wrong = Vec::new();
    for write in &writes {
        for csrf in [Csrf::Missing, Csrf::Wrong] {
            let status = send(&t.session, write, csrf).await;
            // A multipart upload without the field does not parse: refused as malformed.
            let malformed = csrf == Csrf::Missing && matches!(write.input, Filled::Multipart(_));
            let expected = if malformed {
                StatusCode::BAD_REQUEST
            } else {
                StatusCode::FORBIDDEN
            };
            if status != expected {
                wrong.push(format!(
                    "{} {} ({csrf:?}): {status}",
                    write.method, write.path
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "not refused (403, or 400 for a malformed upload):\n{}",
        wrong.join("\n")
    );
    let after = database_dump(&app);
    let changed: Vec<&String> = before
        .keys()
        .filter(|table| before.get(*table) != after.get(*table))
        .collect();
    assert!(changed.is_empty(), "refused writes changed {changed:?}");
    assert_eq!(
        std::fs::read_dir(app.mail_dir()).map_or(0, |d| d.count()),
        mails,
        "refused writes sent mail"
    );
    assert!(
        t.session.is_logged_in().await,
        "the refused logout ended nothing"
    );
}

/// The refusals above are the token's doing: with the right token, no input of [`WRITES`]
/// is refused (`isolation::the_route_table_works_on_the_callers_own_organisation` shows the
/// same for `ORG_ROUTES`).
#[tokio::test]
async fn the_csrf_table_inputs_pass_with_the_right_token() {
    let app = TestApp::spawn().await;
    let t = tenant(&app, "sec", "Sec").await;
    let answer = invitation(&app, t.org, t.ids.other);
    let all = every_write(&t.ids, &answer);
    let mut refused = Vec::new();
    for write in &all[all.len() - WRITES.len()..] {
        let status = send(&t.session, write, Csrf::Right).await;
        if matches!(status.as_u16(), 400 | 403) {
            refused.push(format!("{} {}: {status}", write.method, write.path));
        }
    }
    assert!(
        refused.is_empty(),
        "refused although the token was right (fix the input in WRITES):\n{}",
        refused.join("\n")
    );
}

// ----- Sessions --------------------------------------------------------------------------------

#[tokio::test]
async fn signing_in_again_issues_a_new_session_and_ends_the_old_one() {
    let app = TestApp::spawn().await;
    let org = app.create_org("fjord");
    app.create_person(org, "per@fjord.example", &[Role::Leader], Some(PASSWORD));
    let s = app.session();
    s.login("per@fjord.example", PASSWORD).await;
    let first = s.cookie(SESSION_COOKIE).expect("a session");
    // 32 random bytes, base64url: well over the 128 bits ASVS asks for.
    assert_eq!(first.len(), 43, "{first}");
    let replays = |token: String| {
        let replay = app.session();
        replay.set_cookie(SESSION_COOKIE, &token);
        async move { replay.is_logged_in().await }
    };

    // Again with the password, in the same browser.
    let res = s
        .post_form(
            "/login",
            &[("email", "per@fjord.example"), ("password", PASSWORD)],
        )
        .await;
    assert_redirect(&res, "/home");
    let second = s.cookie(SESSION_COOKIE).expect("a session");
    assert_ne!(second, first, "a new session id");
    assert!(
        !replays(first).await,
        "the replaced session no longer works"
    );

    // Again with an emailed link.
    let res = s
        .post_form("/login/link", &[("email", "per@fjord.example")])
        .await;
    text_with_status(res, 200).await;
    let token = app
        .last_mail_to("per@fjord.example")
        .await
        .login_token()
        .expect("a login link");
    let res = s
        .post_form("/login/link/confirm", &[("token", &token)])
        .await;
    assert_redirect(&res, "/home");
    let third = s.cookie(SESSION_COOKIE).expect("a session");
    assert_ne!(third, second, "a new session id");
    assert!(
        !replays(second).await,
        "the replaced session no longer works"
    );
    assert!(s.is_logged_in().await);
}

#[tokio::test]
async fn sessions_end_a_fixed_time_after_sign_in_however_active() {
    use hverdag::db::schema::sessions;
    use hverdag::domain::auth::SESSION_DAYS;
    let app = TestApp::spawn().await;
    let org = app.create_org("fjord");
    app.create_person(org, "per@fjord.example", &[Role::Leader], Some(PASSWORD));
    let s = app.session();
    let res = s.try_login("per@fjord.example", PASSWORD).await;
    let cookie = set_cookies(res.headers(), SESSION_COOKIE)[0].to_owned();
    let max_age = format!("max-age={}", SESSION_DAYS * 24 * 60 * 60);
    assert!(attributes(&cookie).contains(&max_age), "{cookie}");
    for _ in 0..3 {
        assert!(s.is_logged_in().await);
    }
    // Activity does not extend the session: it still ends SESSION_DAYS after it began.
    let (created, expires): (chrono::NaiveDateTime, chrono::NaiveDateTime) = app.read(|c| {
        Ok(sessions::table
            .select((sessions::created_at, sessions::expires_at))
            .first(c)?)
    });
    assert_eq!(expires - created, chrono::Duration::days(SESSION_DAYS));
    // And once that time has passed, the cookie no longer signs anyone in.
    app.write(|c| {
        diesel::update(sessions::table)
            .set(
                sessions::expires_at
                    .eq(chrono::Utc::now().naive_utc() - chrono::Duration::seconds(1)),
            )
            .execute(c)?;
        Ok(())
    });
    assert!(!s.is_logged_in().await, "an expired session is refused");
}

// ----- Cookies ---------------------------------------------------------------------------------

/// Every `Set-Cookie` line of a visit that signs in, switches language and signs out, with
/// the cookies carried by hand (a jar would not send Secure cookies over plain http).
async fn cookies_of_a_visit(app: &TestApp, csrf_name: &str) -> Vec<String> {
    let (client, _) = client();
    let mut lines: Vec<String> = Vec::new();
    let mut jar: BTreeMap<String, String> = BTreeMap::new();
    let mut keep = |res: &reqwest::Response, lines: &mut Vec<String>| {
        for line in res.headers().get_all(SET_COOKIE) {
            let line = line.to_str().expect("a cookie line").to_owned();
            if let Some((name, rest)) = line.split_once('=') {
                jar.insert(
                    name.to_owned(),
                    rest.split(';').next().unwrap_or("").to_owned(),
                );
            }
            lines.push(line);
        }
        jar.iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let res = client.get(app.url("/login")).send().await.expect("GET");
    let mut cookies = keep(&res, &mut lines);
    let csrf = set_cookie_value(res.headers(), csrf_name).expect("a CSRF cookie");
    let res = client
        .post(app.url("/login"))
        .header("cookie", &cookies)
        .form(&[
            ("email", "per@fjord.example"),
            ("password", PASSWORD),
            ("csrf_token", &csrf),
        ])
        .send()
        .await
        .expect("POST");
    assert_redirect(&res, "/home");
    cookies = keep(&res, &mut lines);
    let csrf = set_cookie_value(res.headers(), csrf_name).expect("a new CSRF cookie");
    let res = client
        .post(app.url("/locale"))
        .header("cookie", &cookies)
        .form(&[("lang", "nb"), ("next", "/org"), ("csrf_token", &csrf)])
        .send()
        .await
        .expect("POST");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    cookies = keep(&res, &mut lines);
    let res = client
        .post(app.url("/logout"))
        .header("cookie", &cookies)
        .form(&[("csrf_token", &csrf)])
        .send()
        .await
        .expect("POST");
    assert_redirect(&res, "/login");
    keep(&res, &mut lines);
    lines
}

fn attributes(line: &str) -> Vec<String> {
    line.split(';')
        .skip(1)
        .map(|a| a.trim().to_lowercase())
        .collect()
}

#[tokio::test]
async fn every_cookie_is_http_only_and_lax_and_secure_exactly_when_the_site_is_https() {
    for (base_url, secure) in [
        (Some("https://hverdag.example"), true),
        (None::<&str>, false),
    ] {
        let app = TestApp::spawn_with(|config| {
            config.base_url = base_url.map(str::to_owned);
        })
        .await;
        let org = app.create_org("fjord");
        app.create_person(org, "per@fjord.example", &[Role::Leader], Some(PASSWORD));
        // Over https the session and CSRF cookies carry the `__Host-` prefix (so no other
        // host can plant or overwrite them); the language and flash cookies keep their names.
        let (session_name, csrf_name) = if secure {
            (HOST_SESSION_COOKIE, HOST_CSRF_COOKIE)
        } else {
            (SESSION_COOKIE, CSRF_COOKIE)
        };
        let lines = cookies_of_a_visit(&app, csrf_name).await;
        let names: BTreeSet<&str> = lines
            .iter()
            .filter_map(|l| l.split_once('=').map(|(n, _)| n))
            .collect();
        assert_eq!(
            names,
            BTreeSet::from([csrf_name, FLASH_COOKIE, LANG_COOKIE, session_name]),
            "the visit sets (and the sign-out removes) every cookie the site has"
        );
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with(&format!("{session_name}=;"))),
            "signing out removes the session cookie: {lines:#?}"
        );
        for line in &lines {
            let attrs = attributes(line);
            assert!(attrs.iter().any(|a| a == "httponly"), "HttpOnly: {line}");
            assert!(
                attrs.iter().any(|a| a == "samesite=lax"),
                "SameSite: {line}"
            );
            assert!(attrs.iter().any(|a| a == "path=/"), "Path: {line}");
            assert!(
                !attrs.iter().any(|a| a.starts_with("domain=")),
                "host-only: {line}"
            );
            assert_eq!(
                attrs.iter().any(|a| a == "secure"),
                secure,
                "Secure when (and only when) the base URL is https: {line}"
            );
        }
    }
}

// ----- Sign-in throttling --------------------------------------------------------------------------

/// Posts the login form from `forwarded_for` (an `X-Forwarded-For` header).
async fn login_from(s: &Session, email: &str, password: &str, forwarded_for: &str) -> StatusCode {
    let csrf = s.csrf().await;
    s.client
        .post(s.url("/login"))
        .header("X-Forwarded-For", forwarded_for)
        .form(&[
            ("email", email),
            ("password", password),
            ("csrf_token", &csrf),
        ])
        .send()
        .await
        .expect("POST /login")
        .status()
}

#[tokio::test]
async fn failures_from_one_address_throttle_it_whatever_x_forwarded_for_says() {
    use hverdag::domain::auth::MAX_ATTEMPTS_PER_IP;
    let app = TestApp::spawn().await;
    let org = app.create_org("fjord");
    app.create_person(org, "per@fjord.example", &[Role::Leader], Some(PASSWORD));
    let s = app.session();
    // Many emails, each tried once (credential stuffing), each claiming another address.
    for i in 0..MAX_ATTEMPTS_PER_IP {
        let status = login_from(
            &s,
            &format!("guess{i}@fjord.example"),
            "wrong password!",
            &format!("203.0.113.{i}"),
        )
        .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    // The address is throttled now, even for an email that never failed.
    let status = login_from(&s, "per@fjord.example", PASSWORD, "198.51.100.7").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(!s.is_logged_in().await);
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_forwarded_address_is_throttled() {
    use hverdag::domain::auth::MAX_ATTEMPTS_PER_IP;
    let app = TestApp::spawn_with(|config| config.trust_proxy = true).await;
    let org = app.create_org("fjord");
    app.create_person(org, "per@fjord.example", &[Role::Leader], Some(PASSWORD));
    let s = app.session();
    for i in 0..MAX_ATTEMPTS_PER_IP {
        let email = format!("guess{i}@fjord.example");
        let status = login_from(&s, &email, "wrong password!", "203.0.113.9").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    let status = login_from(&s, "per@fjord.example", PASSWORD, "203.0.113.9").await;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "the attacker's address"
    );
    // Another client of the same proxy is not locked out.
    let status = login_from(&s, "per@fjord.example", PASSWORD, "198.51.100.7").await;
    assert_eq!(status, StatusCode::SEE_OTHER, "another address");
}

// ----- Security headers and templates --------------------------------------------------------------

/// Checks the headers every response carries; `what` names the response in messages.
fn check_security_headers(what: &str, headers: &reqwest::header::HeaderMap) {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_else(|| panic!("{what}: no {name}"))
            .to_owned()
    };
    let csp = header("content-security-policy");
    let directives: BTreeMap<&str, Vec<&str>> = csp
        .split(';')
        .filter_map(|d| {
            let mut words = d.split_whitespace();
            Some((words.next()?, words.collect()))
        })
        .collect();
    let sources = |name: &str| {
        directives
            .get(name)
            .unwrap_or_else(|| panic!("{what}: no {name} in {csp}"))
            .clone()
    };
    assert_eq!(sources("default-src"), ["'self'"], "{what}: {csp}");
    assert_eq!(sources("script-src"), ["'self'"], "{what}: {csp}");
    assert_eq!(sources("frame-ancestors"), ["'none'"], "{what}: {csp}");
    assert_eq!(sources("object-src"), ["'none'"], "{what}: {csp}");
    assert_eq!(sources("base-uri"), ["'none'"], "{what}: {csp}");
    for unsafe_source in [
        "'unsafe-inline'",
        "'unsafe-eval'",
        "*",
        "data:",
        "http:",
        "https:",
    ] {
        assert!(
            !sources("script-src").contains(&unsafe_source)
                && !sources("default-src").contains(&unsafe_source),
            "{what}: {unsafe_source} in {csp}"
        );
    }
    assert!(!csp.contains("'unsafe-inline'"), "{what}: {csp}");
    assert_eq!(header("x-content-type-options"), "nosniff", "{what}");
    assert_eq!(header("x-frame-options"), "DENY", "{what}");
    assert_eq!(header("referrer-policy"), "no-referrer", "{what}");
    let content_type = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if content_type.starts_with("text/")
        || content_type.contains("+xml")
        || content_type.starts_with("application/javascript")
    {
        assert!(
            content_type.to_lowercase().contains("charset=utf-8"),
            "{what}: {content_type} names no charset"
        );
    }
}

#[tokio::test]
async fn pages_api_responses_static_files_and_errors_carry_the_security_headers() {
    let app = TestApp::spawn().await;
    let org = app.create_org("fjord");
    let per = app.create_person(org, "per@fjord.example", &[Role::Leader], Some(PASSWORD));
    let (_, secret) = app.create_api_token(org, per, "headers");
    let api = app.bearer(&secret);
    let anonymous = app.session();
    let s = app.session();
    s.login("per@fjord.example", PASSWORD).await;

    let mut responses = vec![
        ("the login page", anonymous.get("/login").await),
        ("a signed-in page", s.get("/org").await),
        ("a redirect", anonymous.get("/org").await),
        ("an unknown page", s.get("/no/such/page").await),
        ("the health check", anonymous.get("/health").await),
        ("a style sheet", anonymous.get("/static/css/app.css").await),
        ("a script", anonymous.get("/static/js/workshop.js").await),
        ("an image", anonymous.get("/static/favicon.svg").await),
        ("an API read", api.get("/api/v1/me").await),
        ("an unknown API path", api.get("/api/v1/nope").await),
        ("an anonymous API call", anonymous.get("/api/v1/me").await),
    ];
    responses.push((
        "a form refused for CSRF",
        s.post_form_without_csrf("/people", &[("name", "X")]).await,
    ));
    for (what, res) in responses {
        check_security_headers(what, res.headers());
    }
}

/// The HTML templates served to browsers (mail templates are not: mail clients need inline
/// styles, and no CSP applies to them).
fn page_templates() -> Vec<(String, String)> {
    fn walk(dir: &std::path::Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).expect("read the templates directory") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n != "mail") {
                    walk(&path, out);
                }
            } else if path.extension().is_some_and(|e| e == "html") {
                let text = std::fs::read_to_string(&path).expect("read a template");
                out.push((path.display().to_string(), text));
            }
        }
    }
    let mut out = Vec::new();
    walk(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates"),
        &mut out,
    );
    out
}

/// What the CSP would block in one template: inline scripts, event-handler attributes,
/// `javascript:` URLs and inline styles.
fn inline_code(template: &str) -> Vec<String> {
    let mut found = Vec::new();
    let lower = template.to_lowercase();
    let mut rest = lower.as_str();
    while let Some(start) = rest.find("<script") {
        let tag_end = rest[start..]
            .find('>')
            .map_or(rest.len(), |i| start + i + 1);
        let tag = &rest[start..tag_end];
        let body_end = rest[tag_end..]
            .find("</script>")
            .map_or(tag_end, |i| tag_end + i);
        if !tag.contains(" src=") || !rest[tag_end..body_end].trim().is_empty() {
            found.push(format!("inline script: {}", &rest[start..body_end]));
        }
        rest = &rest[body_end..];
    }
    let mut rest = lower.as_str();
    while let Some(start) = rest.find('<') {
        let end = rest[start..].find('>').map_or(rest.len(), |i| start + i);
        let tag = &rest[start..end];
        for word in tag.split_whitespace() {
            let name = word.split('=').next().unwrap_or("");
            let handler = word.contains('=')
                && name.len() > 2
                && name.starts_with("on")
                && name.chars().all(|c| c.is_ascii_alphabetic());
            if handler || name == "style" && word.contains('=') {
                found.push(format!("attribute {word} in {tag}>"));
            }
        }
        rest = &rest[end..];
    }
    if lower.contains("javascript:") {
        found.push("a javascript: URL".into());
    }
    if lower.contains("<style") {
        found.push("a <style> element".into());
    }
    found
}

#[test]
fn templates_have_no_inline_script_handlers_or_styles() {
    let templates = page_templates();
    assert!(
        templates.len() > 20,
        "found only {} templates",
        templates.len()
    );
    let mut problems = Vec::new();
    for (path, text) in &templates {
        problems.extend(
            inline_code(text)
                .into_iter()
                .map(|p| format!("{path}: {p}")),
        );
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The scan itself finds what it looks for.
    for bad in [
        "<script>alert(1)</script>",
        r#"<script src="/static/x.js">alert(1)</script>"#,
        r#"<button onclick="go()">"#,
        r#"<img src="x" ONERROR='go()'>"#,
        r#"<a href="javascript:go()">"#,
        r#"<p style="color: red">"#,
        "<style>p { color: red }</style>",
    ] {
        assert!(!inline_code(bad).is_empty(), "missed {bad}");
    }
    for good in [
        r#"<script type="module" src="/static/js/workshop.js"></script>"#,
        r#"<a href="/x" {% if only == c.stage %}aria-current="true"{% endif %}>"#,
        r#"<input name="online" value="on">"#,
    ] {
        assert!(inline_code(good).is_empty(), "flagged {good}");
    }
}

// ----- Secrets stay out of the logs ----------------------------------------------------------------

const LOG_LEADER: &str = "per@fjord.example";

/// Secrets seeded straight into the database for the server process to be asked about.
struct Seeded {
    api_secret: String,
    survey_token: String,
    question: QuestionId,
    join_code: String,
    facilitator_token: String,
}

fn seed_for_logs(env: &TestEnv) -> Seeded {
    use hverdag::domain::surveys::{self, SurveyInput, invitations, pre_workshop_template};
    use hverdag::domain::{Locale, auth, org, people};
    let db = hverdag::db::Db::open(&env.config.database_url(), 1).expect("the database");
    let mut conn = db.conn().expect("a connection");
    hverdag::db::write_tx(&mut conn, |c| {
        let o = org::create(
            c,
            &org::NewOrg {
                name: "Fjord".into(),
                slug: "fjord".into(),
                locale: Locale::En,
                time_zone: "Europe/Oslo".into(),
            },
        )?;
        let per = people::create(
            c,
            o.id,
            &people::PersonInput {
                name: "Per".into(),
                email: LOG_LEADER.into(),
                locale: Locale::En,
                roles: vec![Role::Leader, Role::Facilitator],
            },
            Some(&auth::hash_password(PASSWORD)?),
        )?
        .row
        .id;
        let api_secret =
            api_tokens::create(c, o.id, per, "Logs", api_tokens::Lifetime::DEFAULT)?.secret;
        let today = chrono::Utc::now().date_naive();
        let survey = surveys::create(
            c,
            o.id,
            &SurveyInput {
                title: "Survey".into(),
                intro: String::new(),
                anonymous: true,
                min_group_size: 3,
                opens_on: today,
                closes_on: today + chrono::Days::new(7),
                reminder_days: 2,
                rollout_id: None,
            },
            &pre_workshop_template(Locale::En)[..1],
        )?;
        let question = surveys::questions(c, o.id, survey.id)?[0].id;
        let survey_token = invitations::invite(c, o.id, survey.id, &[], &[per], today)?[0]
            .token
            .clone();
        let w = workshops::create(
            c,
            o.id,
            per,
            "Kick-off",
            Locale::En,
            &Agenda::standard(),
            None,
        )?;
        let (_, facilitator_token) = workshops::join(c, &w, "Per", Some(per), true)?;
        Ok::<_, hverdag::domain::Error>(Seeded {
            api_secret,
            survey_token,
            question,
            join_code: w.join_code,
            facilitator_token,
        })
    })
    .expect("seed the secrets")
}

/// The real server binary at `RUST_LOG=debug`, its log (standard output and error) collected
/// as it runs.
async fn logging_server(env: &TestEnv, port: u16) -> (std::process::Child, Arc<Mutex<Vec<u8>>>) {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_hverdag"))
        .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
        .args(["--database-url", &env.config.database_url()])
        .arg("--data-dir")
        .arg(env.data_dir.path())
        .env("RUST_LOG", "debug")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start the server");
    let log = Arc::new(Mutex::new(Vec::new()));
    let stdout = child.stdout.take().expect("the server's stdout");
    let stderr = child.stderr.take().expect("the server's stderr");
    collect(stdout, log.clone());
    collect(stderr, log.clone());
    crate::live::wait_for_server(&mut child, port).await;
    (child, log)
}

/// Copies what `stream` says into `sink` until it closes.
fn collect(mut stream: impl Read + Send + 'static, sink: Arc<Mutex<Vec<u8>>>) {
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = stream.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock()
                .expect("the log buffer")
                .extend_from_slice(&buf[..n]);
        }
    });
}

/// The login link mailed to `to` (waiting for the server's mail worker).
async fn mailed_login_token(env: &TestEnv, to: &str) -> String {
    eventually(WAIT, format_args!("a login link mailed to {to}"), || {
        std::fs::read_dir(env.data_dir.path().join("mail"))
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .filter_map(|e| Mail::read(&e.path()))
            .find(|m| m.is_to(to))
            .and_then(|m| m.login_token())
    })
    .await
}

#[tokio::test]
async fn secrets_never_reach_the_server_log() {
    let env = TestEnv::new(|_| {}).await;
    let seeded = seed_for_logs(&env);
    let port = crate::live::free_port();
    let (mut server, log) = logging_server(&env, port).await;
    let address = format!("http://127.0.0.1:{port}");
    let mut secrets: Vec<(&str, String)> = vec![
        ("the password", PASSWORD.to_owned()),
        ("a wrong password", "my-wrong-password-42".to_owned()),
        ("an API token", seeded.api_secret.clone()),
        ("a survey token", seeded.survey_token.clone()),
        (
            "a facilitator's resume token",
            seeded.facilitator_token.clone(),
        ),
    ];

    // A password sign-in, after a failed one.
    let s = Session::new(&address);
    let res = s.try_login(LOG_LEADER, "my-wrong-password-42").await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    s.login(LOG_LEADER, PASSWORD).await;
    secrets.push(("a session id", s.cookie(SESSION_COOKIE).expect("a session")));
    secrets.push(("a CSRF token", s.cookie(CSRF_COOKIE).expect("a CSRF token")));
    // A new API token, shown once on its page.
    let res = s
        .post_form("/settings/api-tokens", &[("name", "Shown once")])
        .await;
    let page = text_with_status(res, 201).await;
    secrets.push((
        "a new API token",
        find_api_token(&page).expect("the new token is shown"),
    ));

    // A sign-in by emailed link.
    let linked = Session::new(&address);
    let res = linked
        .post_form("/login/link", &[("email", LOG_LEADER)])
        .await;
    text_with_status(res, 200).await;
    let token = mailed_login_token(&env, LOG_LEADER).await;
    text_with_status(linked.get(&format!("/login/link/{token}")).await, 200).await;
    let res = linked
        .post_form("/login/link/confirm", &[("token", &token)])
        .await;
    assert_redirect(&res, "/home");
    secrets.push(("a login link token", token));
    secrets.push((
        "a linked session id",
        linked.cookie(SESSION_COOKIE).expect("a session"),
    ));

    // The API with a bearer token, a right one and a wrong one.
    let api = reqwest::Client::new();
    let me = api
        .get(format!("{address}/api/v1/me"))
        .bearer_auth(&seeded.api_secret)
        .send()
        .await
        .expect("GET /api/v1/me");
    assert_eq!(me.status(), StatusCode::OK);
    let wrong = api
        .get(format!("{address}/api/v1/me?token={}", seeded.api_secret))
        .bearer_auth(format!("{}x", seeded.api_secret))
        .send()
        .await
        .expect("GET /api/v1/me");
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);

    // A survey answered through its personal link.
    let visitor = Session::new(&address);
    let path = format!("/s/{}", seeded.survey_token);
    text_with_status(visitor.get(&path).await, 200).await;
    let answer = format!("q{}", seeded.question);
    let res = visitor.post_form(&path, &[(answer.as_str(), "4")]).await;
    text_with_status(res, 200).await;

    // A workshop: the facilitator resumes, a participant joins and comes back.
    let url = format!("ws://127.0.0.1:{port}/live/{}", seeded.join_code);
    let (mut per, _) = tokio_tungstenite::connect_async(&url)
        .await
        .expect("connect");
    say(&mut per, hello("", Some(&seeded.facilitator_token))).await;
    assert_eq!(hear(&mut per).await["type"], "welcome");
    let (mut kari, _) = tokio_tungstenite::connect_async(&url)
        .await
        .expect("connect");
    say(&mut kari, hello("Kari", None)).await;
    let welcome = hear(&mut kari).await;
    let kari_token = welcome["resume_token"]
        .as_str()
        .expect("a resume token")
        .to_owned();
    drop(kari);
    let (mut again, _) = tokio_tungstenite::connect_async(&url)
        .await
        .expect("connect");
    say(&mut again, hello("", Some(&kari_token))).await;
    assert_eq!(hear(&mut again).await["type"], "welcome");
    secrets.push(("a participant's resume token", kari_token));
    drop((per, again));

    // A last request as a barrier: once its line is in the log, the server has handled
    // everything above and the collector has caught up with what it logged. Then stop it.
    let health = reqwest::get(format!("{address}/health"))
        .await
        .expect("GET /health");
    assert_eq!(health.status(), StatusCode::OK);
    eventually(WAIT, "the last request's line in the log", || {
        let log = log.lock().expect("the log");
        String::from_utf8_lossy(&log)
            .lines()
            .any(|l| l.contains("request finished") && l.contains("/health"))
            .then_some(())
    })
    .await;
    server.kill().expect("stop the server");
    server.wait().expect("reap it");
    let log = String::from_utf8_lossy(&log.lock().expect("the log")).into_owned();
    assert!(
        log.contains("request finished") && log.contains("/login/link/{token}"),
        "the log names requests by their route pattern:\n{log}"
    );
    assert!(log.contains("/s/{token}"), "the survey request is logged");
    // Timestamps are in UTC (RFC 3339 with `Z`).
    for line in log.lines().filter(|l| l.contains("request finished")) {
        let stamp = line.split_whitespace().next().unwrap_or("");
        assert!(stamp.contains('T') && stamp.ends_with('Z'), "{line}");
    }
    let leaked: Vec<&str> = secrets
        .iter()
        .filter(|(_, secret)| log.contains(secret.as_str()))
        .map(|(what, _)| *what)
        .collect();
    assert!(leaked.is_empty(), "in the log: {leaked:?}\n{log}");
}
