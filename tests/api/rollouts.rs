//! Rollouts and their checklists: the pages (create, validate, read in both languages, who may
//! change and tick what, ordering, overdue items, deleting) and the JSON API.

use chrono::{Days, NaiveDate};
use hverdag::domain::Locale;
use hverdag::domain::ids::{ChecklistItemId, OrgId, PersonId, RolloutId};
use hverdag::domain::people::Role;
use hverdag::domain::rollouts::{self, SEEDS};
use hverdag::domain::teams::TeamKind;
use hverdag::web::i18n::t;
use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};

use crate::helpers::*;
use crate::page::Page;

const LEADER: &str = "leader@fjord.example";
const MEMBER: &str = "member@fjord.example";

struct Fjord {
    app: TestApp,
    org: OrgId,
    member_id: PersonId,
    leader: Session,
    member: Session,
}

async fn fjord() -> Fjord {
    let app = TestApp::spawn().await;
    let org = app.create_org("fjord");
    app.create_person_named(org, "Astrid Leder", LEADER, &[Role::Leader], Some(PASSWORD));
    let member_id =
        app.create_person_named(org, "Mons Medlem", MEMBER, &[Role::Member], Some(PASSWORD));
    let leader = app.session();
    leader.login(LEADER, PASSWORD).await;
    let member = app.session();
    member.login(MEMBER, PASSWORD).await;
    Fjord {
        app,
        org,
        member_id,
        leader,
        member,
    }
}

fn today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

fn days_from_today(days: i64) -> String {
    let d = if days >= 0 {
        today() + Days::new(days as u64)
    } else {
        today() - Days::new(days.unsigned_abs())
    };
    d.to_string()
}

/// The rollout form's fields for a valid plan that starts next week.
fn plan(name: &str) -> Vec<(&'static str, String)> {
    vec![
        ("name", name.to_owned()),
        ("scope", "all".to_owned()),
        ("prep_start", days_from_today(7)),
        ("prep_end", days_from_today(48)),
        ("workshop_start", days_from_today(49)),
        ("workshop_end", days_from_today(53)),
        ("followup_start", String::new()),
        ("routine_months", "9".to_owned()),
    ]
}

/// `fields` with `key` set to `value` (its first occurrence replaced, or added).
fn with(
    mut fields: Vec<(&'static str, String)>,
    key: &'static str,
    value: &str,
) -> Vec<(&'static str, String)> {
    match fields.iter_mut().find(|(k, _)| *k == key) {
        Some(field) => field.1 = value.to_owned(),
        None => fields.push((key, value.to_owned())),
    }
    fields
}

async fn post(s: &Session, path: &str, fields: &[(&'static str, String)]) -> Response {
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    s.post_form(path, &refs).await
}

async fn page(s: &Session, path: &str) -> String {
    html_unescape(&text_with_status(s.get(path).await, 200).await)
}

/// Creates a rollout through the form; returns its id.
async fn create_rollout(s: &Session, name: &str) -> RolloutId {
    let res = post(s, "/rollouts", &plan(name)).await;
    id_from_location(&res, "/rollouts/")
}

fn rollout_count(app: &TestApp, org: OrgId) -> usize {
    app.read(|c| rollouts::list(c, org, today())).len()
}

fn items(app: &TestApp, org: OrgId, rollout: RolloutId) -> Vec<rollouts::Item> {
    app.read(|c| rollouts::items(c, org, rollout))
}

/// The ids of the checklist items on a rollout page, in page order.
fn item_order(html: &str) -> Vec<ChecklistItemId> {
    Page::of(html)
        .attrs("ol.checklist > li", "id")
        .iter()
        .filter_map(|id| id.strip_prefix("item-")?.parse().ok())
        .collect()
}

/// The titles of the checklist items on a rollout page, in page order.
fn item_titles(html: &str) -> Vec<String> {
    Page::of(html).select("ol.checklist .item-title")
}

/// The messages of the fields a form marks as wrong.
fn field_errors(html: &str) -> Vec<String> {
    Page::of(html).select(".field-error")
}

/// The item id at the end of a redirect such as `/rollouts/3#item-12`.
fn item_from_location(res: &Response, rollout: RolloutId) -> ChecklistItemId {
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "from {}", res.url());
    let loc = location(res);
    loc.strip_prefix(&format!("/rollouts/{rollout}#item-"))
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("redirect to {loc} names no item"))
}

/// The checklist item form's fields.
fn item_fields(
    phase: &str,
    title: &str,
    owner: Option<PersonId>,
    due_on: &str,
) -> Vec<(&'static str, String)> {
    vec![
        ("phase", phase.to_owned()),
        ("title", title.to_owned()),
        ("notes", String::new()),
        ("owner_id", owner.map(|o| o.to_string()).unwrap_or_default()),
        ("due_on", due_on.to_owned()),
    ]
}

// ----- Pages ---------------------------------------------------------------------------------

#[tokio::test]
async fn a_leader_plans_a_rollout_and_reads_its_checklist_in_both_languages() {
    let f = fjord().await;
    let s = &f.leader;
    let list = page(s, "/rollouts").await;
    assert!(
        Page::of(&list).has("a[href='/rollouts/new']"),
        "the first action"
    );
    text_with_status(s.get("/rollouts/new").await, 200).await;

    let res = post(s, "/rollouts", &plan("OKR introduction 2027")).await;
    let id = id_from_location(&res, "/rollouts/");
    let stored = f.app.read(|c| rollouts::find(c, f.org, id));
    assert_eq!(stored.name, "OKR introduction 2027");
    assert!(stored.all_teams);
    assert_eq!(
        stored.followup_start.to_string(),
        days_from_today(54),
        "the follow-up starts the day after the workshop"
    );

    let html = page(s, &format!("/rollouts/{id}")).await;
    let shown = Page::of(&html);
    assert!(
        shown
            .text_of("main h1")
            .starts_with("OKR introduction 2027")
    );
    assert_eq!(
        shown.flash(),
        "OKR introduction 2027 was saved.",
        "a message says what happened"
    );
    assert_eq!(item_order(&html).len(), SEEDS.len(), "the seeded checklist");
    let titles = item_titles(&html);
    for (key, _) in SEEDS {
        let title = t(Locale::En, &format!("checklist-{key}"));
        assert!(titles.contains(&title), "{title} in English");
    }
    assert_eq!(shown.count(".overdue-label"), 0, "nothing is late yet");
    let list = Page::of(&page(s, "/rollouts").await);
    assert_eq!(
        list.select(&format!("tr[data-rollout='{id}'] .rollout-name")),
        ["OKR introduction 2027"]
    );
    assert_eq!(
        list.text_of(&format!("tr[data-rollout='{id}'] .rollout-progress")),
        "0 of 10 done"
    );

    let res = s
        .post_form(
            "/locale",
            &[("lang", "nb"), ("next", &format!("/rollouts/{id}"))],
        )
        .await;
    assert_redirect(&res, &format!("/rollouts/{id}"));
    let html = page(s, &format!("/rollouts/{id}")).await;
    assert_eq!(html_lang(&html).as_deref(), Some("nb"));
    let titles = item_titles(&html);
    for (key, _) in SEEDS {
        let title = t(Locale::Nb, &format!("checklist-{key}"));
        assert_ne!(title, t(Locale::En, &format!("checklist-{key}")));
        assert!(titles.contains(&title), "{title} in Norwegian");
    }
    assert!(Page::of(&html).main_text().contains("Øv på nøytrale caser"));
}

#[tokio::test]
async fn invalid_rollouts_are_refused_with_the_input_kept() {
    let f = fjord().await;
    let s = &f.leader;

    // Dates out of order.
    let fields = with(plan("Backwards"), "prep_end", &days_from_today(3));
    let html = html_unescape(&text_with_status(post(s, "/rollouts", &fields).await, 422).await);
    assert!(field_errors(&html).contains(&t(Locale::En, "field-end-before-start")));
    assert_eq!(input_value(&html, "name").as_deref(), Some("Backwards"));
    assert_eq!(
        input_value(&html, "prep_end"),
        Some(days_from_today(3)),
        "the input is kept"
    );
    assert_eq!(input_value(&html, "prep_start"), Some(days_from_today(7)));

    let fields = with(
        plan("Workshop first"),
        "workshop_start",
        &days_from_today(20),
    );
    let html = html_unescape(&text_with_status(post(s, "/rollouts", &fields).await, 422).await);
    assert!(field_errors(&html).contains(&t(Locale::En, "field-workshop-before-preparation")));

    // A routine target outside 6–12 months.
    let fields = with(plan("Too long"), "routine_months", "13");
    let html = html_unescape(&text_with_status(post(s, "/rollouts", &fields).await, 422).await);
    assert!(field_errors(&html).contains(&t(Locale::En, "field-routine-months")));
    assert_eq!(input_value(&html, "name").as_deref(), Some("Too long"));

    // A date that is not a date.
    let fields = with(plan("Nonsense"), "workshop_end", "next tuesday");
    let html = html_unescape(&text_with_status(post(s, "/rollouts", &fields).await, 422).await);
    assert!(field_errors(&html).contains(&t(Locale::En, "field-date-invalid")));

    // Teams of another organisation, and no teams at all.
    let other = f.app.create_org("other");
    let theirs = f.app.create_team(other, "Their team", TeamKind::Team, None);
    let mine = f.app.create_team(f.org, "Our team", TeamKind::Team, None);
    let mut fields = with(plan("Sneaky"), "scope", "teams");
    fields.push(("team_ids", mine.to_string()));
    fields.push(("team_ids", theirs.to_string()));
    let html = html_unescape(&text_with_status(post(s, "/rollouts", &fields).await, 422).await);
    assert!(field_errors(&html).contains(&t(Locale::En, "field-team-unknown")));
    assert!(
        !Page::of(&html).main_text().contains("Their team"),
        "only our own teams are offered"
    );
    let fields = with(plan("Nobody"), "scope", "teams");
    let html = html_unescape(&text_with_status(post(s, "/rollouts", &fields).await, 422).await);
    assert!(field_errors(&html).contains(&t(Locale::En, "field-choose-teams")));
    assert_eq!(rollout_count(&f.app, f.org), 0, "nothing was saved");

    // Chosen teams of our own are fine and shown on the page.
    let mut fields = with(plan("Pilot"), "scope", "teams");
    fields.push(("team_ids", mine.to_string()));
    let id = id_from_location(&post(s, "/rollouts", &fields).await, "/rollouts/");
    assert_eq!(f.app.read(|c| rollouts::team_ids(c, f.org, id)), vec![mine]);
    assert!(
        Page::of(&page(s, &format!("/rollouts/{id}")).await)
            .main_text()
            .contains("Our team")
    );

    // Editing with an invalid change keeps the old rollout.
    let fields = with(plan("Pilot renamed"), "routine_months", "5");
    let res = post(s, &format!("/rollouts/{id}"), &fields).await;
    text_with_status(res, 422).await;
    assert_eq!(f.app.read(|c| rollouts::find(c, f.org, id)).name, "Pilot");
    let edit = page(s, &format!("/rollouts/{id}/edit")).await;
    assert_eq!(input_value(&edit, "name").as_deref(), Some("Pilot"));
    let res = post(s, &format!("/rollouts/{id}"), &plan("Pilot renamed")).await;
    assert_redirect(&res, &format!("/rollouts/{id}"));
    let stored = f.app.read(|c| rollouts::find(c, f.org, id));
    assert_eq!(stored.name, "Pilot renamed");
    assert!(stored.all_teams);
}

#[tokio::test]
async fn members_read_rollouts_and_tick_only_their_own_items() {
    let f = fjord().await;
    let id = create_rollout(&f.leader, "OKR 2027").await;
    let all = items(&f.app, f.org, id);
    let (mine, theirs) = (all[0].id, all[1].id);
    let m = &f.member;

    let html = page(m, &format!("/rollouts/{id}")).await;
    let shown = Page::of(&html);
    assert!(shown.text_of("main h1").starts_with("OKR 2027"));
    assert_eq!(
        shown.count(&format!("a[href='/rollouts/{id}/edit']")),
        0,
        "no edit link"
    );
    assert_eq!(
        shown.count("form[action$='/toggle']"),
        0,
        "nothing to tick yet"
    );
    assert_eq!(shown.count("form[action$='/move']"), 0);
    assert_eq!(
        shown.count("form[action$='/delete'], a[href$='/delete']"),
        0
    );
    assert!(!Page::of(&page(m, "/rollouts").await).has("a[href='/rollouts/new']"));

    // Everything that changes the rollout is for leaders.
    for path in [
        "/rollouts/new".to_owned(),
        format!("/rollouts/{id}/edit"),
        format!("/rollouts/{id}/items/{mine}/edit"),
        format!("/rollouts/{id}/items/{mine}/delete"),
    ] {
        text_with_status(m.get(&path).await, 403).await;
    }
    text_with_status(post(m, "/rollouts", &plan("Mine")).await, 403).await;
    text_with_status(
        post(m, &format!("/rollouts/{id}"), &plan("Taken")).await,
        403,
    )
    .await;
    let add = item_fields("preparation", "Sneaked in", None, "");
    text_with_status(post(m, &format!("/rollouts/{id}/items"), &add).await, 403).await;
    let edit = item_fields("followup", "Renamed", Some(f.member_id), "");
    let res = post(m, &format!("/rollouts/{id}/items/{mine}"), &edit).await;
    text_with_status(res, 403).await;
    let res = m
        .post_form(
            &format!("/rollouts/{id}/items/{mine}/move"),
            &[("direction", "down")],
        )
        .await;
    text_with_status(res, 403).await;
    let res = m
        .post_form(&format!("/rollouts/{id}/items/{mine}/delete"), &[])
        .await;
    text_with_status(res, 403).await;
    let res = m
        .post_form(
            &format!("/rollouts/{id}/items/{mine}/toggle"),
            &[("done", "true")],
        )
        .await;
    text_with_status(res, 403).await;
    assert_eq!(rollout_count(&f.app, f.org), 1);
    let unchanged = items(&f.app, f.org, id);
    assert_eq!(unchanged.len(), SEEDS.len());
    assert!(
        unchanged
            .iter()
            .all(|i| !i.is_done() && i.owner_id.is_none())
    );
    assert_eq!(unchanged[0].id, mine, "not moved");

    // The leader assigns the first item to the member through the edit form.
    let form = page(&f.leader, &format!("/rollouts/{id}/items/{mine}/edit")).await;
    let title = t(Locale::En, "checklist-explain-why");
    assert_eq!(input_value(&form, "title"), Some(title.clone()));
    let edit = item_fields(
        "preparation",
        &title,
        Some(f.member_id),
        &days_from_today(30),
    );
    let res = post(&f.leader, &format!("/rollouts/{id}/items/{mine}"), &edit).await;
    assert_eq!(item_from_location(&res, id), mine);
    let assigned = f.app.read(|c| rollouts::item(c, f.org, id, mine));
    assert_eq!(assigned.owner_id, Some(f.member_id));
    assert_eq!(
        assigned.title, None,
        "an unchanged title keeps its translation"
    );

    // Now the member may tick that one, and only that one.
    let shown = Page::of(&page(m, &format!("/rollouts/{id}")).await);
    assert!(shown.has(&format!(
        "#item-{mine} form[action='/rollouts/{id}/items/{mine}/toggle']"
    )));
    assert_eq!(shown.count(&format!("#item-{theirs} form")), 0);
    assert!(
        shown
            .text_of(&format!("#item-{mine} .meta"))
            .contains("Responsible: Mons Medlem")
    );
    let res = m
        .post_form(
            &format!("/rollouts/{id}/items/{theirs}/toggle"),
            &[("done", "true")],
        )
        .await;
    text_with_status(res, 403).await;
    let res = m
        .post_form(
            &format!("/rollouts/{id}/items/{mine}/toggle"),
            &[("done", "true")],
        )
        .await;
    assert_eq!(item_from_location(&res, id), mine);
    let shown = Page::of(&page(m, &format!("/rollouts/{id}")).await);
    assert_eq!(shown.attr(&format!("#item-{mine}"), "class"), "done");
    assert_eq!(
        shown.attr(&format!("#item-{mine} button"), "aria-pressed"),
        "true"
    );
    let meta = shown.text_of(&format!("#item-{mine} .meta"));
    assert!(meta.contains("· done "), "with the day it was done: {meta}");
    assert_ne!(shown.attr(&format!("#item-{theirs}"), "class"), "done");
    assert!(
        shown
            .text_of("#phase-preparation")
            .ends_with("(1 of 5 done)"),
        "the preparation's progress"
    );
    let done = f.app.read(|c| rollouts::item(c, f.org, id, mine));
    assert!(done.is_done());

    // And untick it again.
    let res = m
        .post_form(
            &format!("/rollouts/{id}/items/{mine}/toggle"),
            &[("done", "false")],
        )
        .await;
    assert_eq!(item_from_location(&res, id), mine);
    assert!(!f.app.read(|c| rollouts::item(c, f.org, id, mine)).is_done());
}

#[tokio::test]
async fn a_leader_adds_moves_and_deletes_items_and_sees_what_is_late() {
    let f = fjord().await;
    let s = &f.leader;
    let id = create_rollout(s, "OKR 2027").await;
    let seeded = items(&f.app, f.org, id);
    let prep: Vec<ChecklistItemId> = seeded
        .iter()
        .filter(|i| i.phase.code() == "preparation")
        .map(|i| i.id)
        .collect();

    // Adding puts the item last in its phase.
    let add = item_fields("preparation", "Book the workshop room", None, "");
    let res = post(s, &format!("/rollouts/{id}/items"), &add).await;
    let added = item_from_location(&res, id);
    let html = page(s, &format!("/rollouts/{id}")).await;
    assert!(item_titles(&html).contains(&"Book the workshop room".to_owned()));
    let order = item_order(&html);
    assert_eq!(order.len(), SEEDS.len() + 1);
    assert_eq!(order[prep.len()], added, "last of the preparation");
    assert_eq!(&order[..prep.len()], prep.as_slice());

    // Up one place, and down again; the first item stays first.
    let move_item = |item: ChecklistItemId, direction: &'static str| {
        let path = format!("/rollouts/{id}/items/{item}/move");
        async move { s.post_form(&path, &[("direction", direction)]).await }
    };
    assert_eq!(item_from_location(&move_item(added, "up").await, id), added);
    let order = item_order(&page(s, &format!("/rollouts/{id}")).await);
    assert_eq!(order[prep.len() - 1], added, "moved up");
    assert_eq!(order[prep.len()], prep[prep.len() - 1]);
    move_item(added, "down").await;
    let order = item_order(&page(s, &format!("/rollouts/{id}")).await);
    assert_eq!(order[prep.len()], added, "moved down");
    move_item(prep[0], "up").await;
    move_item(added, "down").await; // already last of its phase
    let order = item_order(&page(s, &format!("/rollouts/{id}")).await);
    assert_eq!(order[0], prep[0]);
    assert_eq!(order[prep.len()], added, "it does not leave its phase");

    // An item due yesterday and not done is marked overdue; done, it is not.
    let add = item_fields(
        "workshop",
        "Send the invitations",
        None,
        &days_from_today(-1),
    );
    let late = item_from_location(&post(s, &format!("/rollouts/{id}/items"), &add).await, id);
    let shown = Page::of(&page(s, &format!("/rollouts/{id}")).await);
    assert_eq!(shown.attr(&format!("#item-{late}"), "class"), "overdue");
    assert_eq!(
        shown.text_of(&format!("#item-{late} .overdue-label")),
        "overdue"
    );
    assert_eq!(shown.attr(&format!("#item-{added}"), "class"), "");
    assert_eq!(
        shown.count(&format!("#item-{added} .overdue-label")),
        0,
        "no due date, never late"
    );
    let res = s
        .post_form(
            &format!("/rollouts/{id}/items/{late}/toggle"),
            &[("done", "true")],
        )
        .await;
    item_from_location(&res, id);
    let shown = Page::of(&page(s, &format!("/rollouts/{id}")).await);
    assert_eq!(shown.attr(&format!("#item-{late}"), "class"), "done");
    assert_eq!(shown.count(&format!("#item-{late} .overdue-label")), 0);

    // Invalid items are refused with the input kept.
    let add = item_fields("preparation", "   ", None, "");
    let html = html_unescape(
        &text_with_status(post(s, &format!("/rollouts/{id}/items"), &add).await, 422).await,
    );
    assert!(field_errors(&html).contains(&t(Locale::En, "field-title-length")));
    let add = item_fields("someday", "Phase unknown", None, "");
    let html = html_unescape(
        &text_with_status(post(s, &format!("/rollouts/{id}/items"), &add).await, 422).await,
    );
    assert!(field_errors(&html).contains(&t(Locale::En, "field-phase-invalid")));
    assert_eq!(
        input_value(&html, "title").as_deref(),
        Some("Phase unknown")
    );
    let other = f.app.create_org("other");
    let stranger = f
        .app
        .create_person(other, "stranger@other.example", &[Role::Member], None);
    let add = item_fields("preparation", "Theirs", Some(stranger), "");
    let html = html_unescape(
        &text_with_status(post(s, &format!("/rollouts/{id}/items"), &add).await, 422).await,
    );
    assert!(field_errors(&html).contains(&t(Locale::En, "field-person-unknown")));
    assert_eq!(items(&f.app, f.org, id).len(), SEEDS.len() + 2);

    // Deleting asks first, then removes the item.
    let confirm = page(s, &format!("/rollouts/{id}/items/{added}/delete")).await;
    let confirm = Page::of(&confirm);
    assert!(confirm.main_text().contains("Book the workshop room"));
    assert!(confirm.has(&format!(
        "form[action='/rollouts/{id}/items/{added}/delete']"
    )));
    assert!(
        items(&f.app, f.org, id).iter().any(|i| i.id == added),
        "asking deletes nothing"
    );
    let res = s
        .post_form(&format!("/rollouts/{id}/items/{added}/delete"), &[])
        .await;
    assert_redirect(&res, &format!("/rollouts/{id}"));
    let html = page(s, &format!("/rollouts/{id}")).await;
    assert!(!item_titles(&html).contains(&"Book the workshop room".to_owned()));
    assert!(
        !Page::of(&html)
            .main_text()
            .contains("Book the workshop room")
    );
    assert!(!item_order(&html).contains(&added));
    assert_eq!(items(&f.app, f.org, id).len(), SEEDS.len() + 1);
    let res = s
        .post_form(&format!("/rollouts/{id}/items/{added}/delete"), &[])
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

// ----- API -----------------------------------------------------------------------------------

/// A rollout as the API takes it, starting next week.
fn api_plan(name: &str) -> Value {
    json!({
        "name": name,
        "all_teams": true,
        "prep_start": days_from_today(7),
        "prep_end": days_from_today(48),
        "workshop_start": days_from_today(49),
        "workshop_end": days_from_today(53),
        "routine_months": 9,
    })
}

fn field_error<'a>(body: &'a Value, field: &str) -> &'a str {
    body["error"]["fields"][field]
        .as_str()
        .unwrap_or_else(|| panic!("no error for {field}: {body}"))
}

async fn send(s: &Session, method: Method, path: &str, body: Option<&Value>) -> Response {
    s.json(method, path, body).await
}

#[tokio::test]
async fn the_api_creates_reads_and_changes_rollouts() {
    let f = fjord().await;
    let leader_id = f.app.person_by_email(LEADER).expect("the leader").id;
    let (_, token) = f.app.create_api_token(f.org, leader_id, "ci");
    let api = f.app.bearer(&token);

    let list = json_with_status(api.get("/api/v1/rollouts").await, 200).await;
    assert_eq!(list, json!([]));

    let created = json_with_status(
        api.post_json("/api/v1/rollouts", &api_plan("OKR 2027"))
            .await,
        201,
    )
    .await;
    let id: RolloutId = id_in(&created["id"]);
    assert_eq!(created["name"], "OKR 2027");
    assert_eq!(created["stage"], "planned");
    assert_eq!(created["followup_start"], days_from_today(54));
    assert_eq!(created["routine_months"], 9);
    assert_eq!(created["team_ids"], json!([]));
    assert_eq!(
        (created["done"].clone(), created["total"].clone()),
        (json!(0), json!(10))
    );
    assert!(
        created.get("org_id").is_none(),
        "internal fields stay internal"
    );
    let phases = created["phases"].as_array().expect("phases");
    assert_eq!(phases.len(), 3);
    assert_eq!(phases[0]["phase"], "preparation");
    assert_eq!(phases[0]["start"], days_from_today(7));
    assert_eq!(phases[1]["end"], days_from_today(53));
    assert_eq!(
        (phases[0]["total"].clone(), phases[2]["total"].clone()),
        (json!(5), json!(3))
    );
    let all = created["items"].as_array().expect("items");
    assert_eq!(all.len(), SEEDS.len());
    for (item, (key, phase)) in all.iter().zip(SEEDS) {
        assert_eq!(item["seed_key"], key);
        assert_eq!(item["phase"], phase.code());
        assert_eq!(item["title"], t(Locale::En, &format!("checklist-{key}")));
        assert_eq!(item["done"], false);
        assert_eq!(item["overdue"], false);
    }

    // Everyone signed in reads; the list has stage and progress.
    let list = json_with_status(f.member.get("/api/v1/rollouts").await, 200).await;
    assert_eq!(list[0]["id"], id.0);
    assert_eq!(list[0]["stage"], "planned");
    assert_eq!(
        (list[0]["done"].clone(), list[0]["total"].clone()),
        (json!(0), json!(10))
    );
    let got = json_with_status(f.member.get(&format!("/api/v1/rollouts/{id}")).await, 200).await;
    assert_eq!(got["name"], "OKR 2027");

    // Titles come in the caller's language, or the one asked for.
    let nb = json_with_status(
        api.get(&format!("/api/v1/rollouts/{id}?lang=nb")).await,
        200,
    )
    .await;
    assert_eq!(nb["items"][3]["title"], "Øv på nøytrale caser");
    let res = f
        .member
        .post_form("/locale", &[("lang", "nb"), ("next", "/")])
        .await;
    assert_redirect(&res, "/");
    let nb = json_with_status(f.member.get(&format!("/api/v1/rollouts/{id}")).await, 200).await;
    assert_eq!(
        nb["items"][0]["title"],
        t(Locale::Nb, "checklist-explain-why")
    );
    let en = json_with_status(
        f.member
            .get(&format!("/api/v1/rollouts/{id}?lang=en"))
            .await,
        200,
    )
    .await;
    assert_eq!(
        en["items"][0]["title"],
        t(Locale::En, "checklist-explain-why")
    );
    let res = api.get(&format!("/api/v1/rollouts/{id}?lang=xx")).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);

    // Patching changes what is sent and keeps the rest.
    let patched = json_with_status(
        api.send(
            Method::PATCH,
            &format!("/api/v1/rollouts/{id}"),
            Some(&json!({"name": "OKR 2027/28", "routine_months": 12})),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(patched["name"], "OKR 2027/28");
    assert_eq!(patched["prep_start"], days_from_today(7));
    assert_eq!(patched["routine_months"], 12);
    let stored = f.app.read(|c| rollouts::find(c, f.org, id));
    assert_eq!(
        stored.routine_target,
        stored.workshop_end + chrono::Months::new(12)
    );
    assert_eq!(
        items(&f.app, f.org, id).len(),
        SEEDS.len(),
        "the checklist stays"
    );

    let patched = json_with_status(
        api.send(
            Method::PATCH,
            &format!("/api/v1/rollouts/{id}"),
            Some(&json!({"followup_start": days_from_today(60)})),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(patched["followup_start"], days_from_today(60));
    let patched = json_with_status(
        api.send(
            Method::PATCH,
            &format!("/api/v1/rollouts/{id}"),
            Some(&json!({"followup_start": null})),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(
        patched["followup_start"],
        days_from_today(54),
        "back to the default"
    );

    // Choosing teams.
    let team = f.app.create_team(f.org, "Plattform", TeamKind::Team, None);
    let patched = json_with_status(
        api.send(
            Method::PATCH,
            &format!("/api/v1/rollouts/{id}"),
            Some(&json!({"all_teams": false, "team_ids": [team]})),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(patched["all_teams"], false);
    assert_eq!(patched["team_ids"], json!([team]));
    let patched = json_with_status(
        api.send(
            Method::PATCH,
            &format!("/api/v1/rollouts/{id}"),
            Some(&json!({"name": "Kept teams"})),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(
        patched["team_ids"],
        json!([team]),
        "teams kept when not sent"
    );

    // Through a browser session, with the CSRF header.
    let patched = json_with_status(
        send(
            &f.leader,
            Method::PATCH,
            &format!("/api/v1/rollouts/{id}"),
            Some(&json!({"all_teams": true})),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(patched["all_teams"], true);
    assert_eq!(patched["team_ids"], json!([]));
    let res = f
        .leader
        .json_without_csrf(
            Method::PATCH,
            &format!("/api/v1/rollouts/{id}"),
            Some(&json!({"name": "No CSRF"})),
        )
        .await;
    assert_eq!(json_with_status(res, 403).await["error"]["code"], "csrf");

    let res = api.get("/api/v1/rollouts/999999").await;
    assert_eq!(
        json_with_status(res, 404).await["error"]["code"],
        "not_found"
    );
    let res = api
        .send(
            Method::PATCH,
            "/api/v1/rollouts/999999",
            Some(&json!({"name": "Ghost"})),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        f.app.read(|c| rollouts::find(c, f.org, id)).name,
        "Kept teams"
    );
}

#[tokio::test]
async fn the_api_refuses_invalid_rollouts_and_members_writing() {
    let f = fjord().await;
    let leader = &f.leader;

    let bad = |change: Value| {
        let mut plan = api_plan("Bad");
        for (k, v) in change.as_object().expect("an object") {
            plan[k] = v.clone();
        }
        plan
    };
    let cases = [
        (
            json!({"prep_end": days_from_today(3)}),
            "prep_end",
            "field-end-before-start",
        ),
        (
            json!({"workshop_start": days_from_today(20)}),
            "workshop_start",
            "field-workshop-before-preparation",
        ),
        (
            json!({"routine_months": 13}),
            "routine_months",
            "field-routine-months",
        ),
        (
            json!({"routine_months": 5}),
            "routine_months",
            "field-routine-months",
        ),
        (json!({"name": "  "}), "name", "field-name-length"),
        (
            json!({"all_teams": false}),
            "team_ids",
            "field-choose-teams",
        ),
        (
            json!({"followup_start": days_from_today(50)}),
            "followup_start",
            "field-followup-before-workshop",
        ),
    ];
    for (change, field, key) in cases {
        let res = leader
            .post_json("/api/v1/rollouts", &bad(change.clone()))
            .await;
        let body = json_with_status(res, 422).await;
        assert_eq!(body["error"]["code"], "invalid", "{change}");
        assert_eq!(field_error(&body, field), t(Locale::En, key), "{change}");
    }
    let other = f.app.create_org("other");
    let theirs = f.app.create_team(other, "Theirs", TeamKind::Team, None);
    let res = leader
        .post_json(
            "/api/v1/rollouts",
            &bad(json!({"all_teams": false, "team_ids": [theirs]})),
        )
        .await;
    let body = json_with_status(res, 422).await;
    assert_eq!(
        field_error(&body, "team_ids"),
        t(Locale::En, "field-team-unknown")
    );
    // Malformed bodies are a 400.
    let res = leader
        .post_json("/api/v1/rollouts", &bad(json!({"prep_start": "soon"})))
        .await;
    assert_eq!(
        json_with_status(res, 400).await["error"]["code"],
        "bad_request"
    );
    assert_eq!(rollout_count(&f.app, f.org), 0);

    // Members read but do not write.
    let res = f
        .member
        .post_json("/api/v1/rollouts", &api_plan("Mine"))
        .await;
    assert_eq!(
        json_with_status(res, 403).await["error"]["code"],
        "forbidden"
    );
    assert_eq!(rollout_count(&f.app, f.org), 0);
    let id: RolloutId = id_in(
        &json_with_status(
            leader
                .post_json("/api/v1/rollouts", &api_plan("Ours"))
                .await,
            201,
        )
        .await["id"],
    );
    let res = send(
        &f.member,
        Method::PATCH,
        &format!("/api/v1/rollouts/{id}"),
        Some(&json!({"name": "Taken"})),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    // An invalid patch changes nothing.
    let res = send(
        leader,
        Method::PATCH,
        &format!("/api/v1/rollouts/{id}"),
        Some(&json!({"name": "Reversed", "workshop_end": days_from_today(40)})),
    )
    .await;
    let body = json_with_status(res, 422).await;
    assert_eq!(
        field_error(&body, "workshop_end"),
        t(Locale::En, "field-end-before-start")
    );
    assert_eq!(f.app.read(|c| rollouts::find(c, f.org, id)).name, "Ours");

    // Without signing in, nothing.
    let anonymous = f.app.session();
    let res = anonymous.get("/api/v1/rollouts").await;
    assert_eq!(
        json_with_status(res, 401).await["error"]["code"],
        "unauthorized"
    );
}

#[tokio::test]
async fn the_api_edits_ticks_and_deletes_checklist_items() {
    let f = fjord().await;
    let leader = &f.leader;
    let member = &f.member;
    let created = json_with_status(
        leader.post_json("/api/v1/rollouts", &api_plan("OKR")).await,
        201,
    )
    .await;
    let id: RolloutId = id_in(&created["id"]);
    let items_path = format!("/api/v1/rollouts/{id}/items");
    let seeded: Vec<ChecklistItemId> = created["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| id_in(&i["id"]))
        .collect();
    let (first, second) = (seeded[0], seeded[1]);

    // Adding: last in its phase, 201.
    let body = json!({
        "phase": "workshop",
        "title": "Book the room",
        "notes": "Big enough for 40",
        "owner_id": f.member_id,
        "due_on": days_from_today(-1),
    });
    let item = json_with_status(leader.post_json(&items_path, &body).await, 201).await;
    let added: ChecklistItemId = id_in(&item["id"]);
    assert_eq!(item["title"], "Book the room");
    assert_eq!(item["seed_key"], Value::Null);
    assert_eq!(item["phase"], "workshop");
    assert_eq!(item["notes"], "Big enough for 40");
    assert_eq!(item["owner_id"], f.member_id.0);
    assert_eq!(item["owner_name"], "Mons Medlem");
    assert_eq!(item["overdue"], true, "due yesterday and not done");
    let stored = items(&f.app, f.org, id);
    let workshop: Vec<ChecklistItemId> = stored
        .iter()
        .filter(|i| i.phase.code() == "workshop")
        .map(|i| i.id)
        .collect();
    assert_eq!(workshop.last(), Some(&added));

    // Invalid items: 422 with the field.
    for (body, field, key) in [
        (
            json!({"phase": "someday", "title": "x"}),
            "phase",
            "field-phase-invalid",
        ),
        (json!({"title": "No phase"}), "phase", "field-phase-invalid"),
        (
            json!({"phase": "workshop", "title": " "}),
            "title",
            "field-title-length",
        ),
        (
            json!({"phase": "workshop", "title": "x".repeat(201)}),
            "title",
            "field-title-length",
        ),
        (
            json!({"phase": "workshop", "title": "x", "notes": "n".repeat(2001)}),
            "notes",
            "field-notes-length",
        ),
    ] {
        let res = leader.post_json(&items_path, &body).await;
        let got = json_with_status(res, 422).await;
        assert_eq!(field_error(&got, field), t(Locale::En, key), "{body}");
    }
    let other = f.app.create_org("other");
    let stranger = f
        .app
        .create_person(other, "stranger@other.example", &[Role::Member], None);
    let res = leader
        .post_json(
            &items_path,
            &json!({"phase": "workshop", "title": "x", "owner_id": stranger}),
        )
        .await;
    let got = json_with_status(res, 422).await;
    assert_eq!(
        field_error(&got, "owner_id"),
        t(Locale::En, "field-person-unknown")
    );
    let res = member
        .post_json(&items_path, &json!({"phase": "workshop", "title": "Mine"}))
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = leader
        .post_json(
            "/api/v1/rollouts/999999/items",
            &json!({"phase": "workshop", "title": "Ghost"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(items(&f.app, f.org, id).len(), SEEDS.len() + 1);

    // The owner ticks their item; that is all they may do with it.
    let added_path = format!("/api/v1/rollouts/{id}/items/{added}");
    let ticked = json_with_status(
        send(
            member,
            Method::PATCH,
            &added_path,
            Some(&json!({"done": true})),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(ticked["done"], true);
    assert_eq!(ticked["overdue"], false);
    assert!(ticked["done_at"].is_string());
    let done_at = ticked["done_at"].clone();
    let again = json_with_status(
        send(
            member,
            Method::PATCH,
            &added_path,
            Some(&json!({"done": true})),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(
        again["done_at"], done_at,
        "ticking twice keeps the first time"
    );
    for body in [
        json!({"title": "Renamed by the owner"}),
        json!({"done": false, "notes": "and a note"}),
        json!({"owner_id": null}),
    ] {
        let res = send(member, Method::PATCH, &added_path, Some(&body)).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{body}");
    }
    let res = send(
        member,
        Method::PATCH,
        &format!("/api/v1/rollouts/{id}/items/{first}"),
        Some(&json!({"done": true})),
    )
    .await;
    assert_eq!(
        json_with_status(res, 403).await["error"]["code"],
        "forbidden"
    );
    let stored = f.app.read(|c| rollouts::item(c, f.org, id, added));
    assert_eq!(stored.title.as_deref(), Some("Book the room"));
    assert!(stored.is_done());
    assert!(
        !f.app
            .read(|c| rollouts::item(c, f.org, id, first))
            .is_done()
    );
    let unticked = json_with_status(
        send(
            member,
            Method::PATCH,
            &added_path,
            Some(&json!({"done": false})),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(unticked["done"], false);
    assert_eq!(unticked["done_at"], Value::Null);

    // Leaders change anything; missing fields stay, null clears.
    let first_path = format!("/api/v1/rollouts/{id}/items/{first}");
    let edited = json_with_status(
        send(
            leader,
            Method::PATCH,
            &first_path,
            Some(&json!({"notes": "At the all-hands", "owner_id": f.member_id, "done": true})),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(edited["notes"], "At the all-hands");
    assert_eq!(edited["owner_id"], f.member_id.0);
    assert_eq!(edited["done"], true);
    assert_eq!(edited["title"], t(Locale::En, "checklist-explain-why"));
    assert_eq!(edited["due_on"], days_from_today(48), "due date kept");
    let stored = f.app.read(|c| rollouts::item(c, f.org, id, first));
    assert_eq!(
        stored.title, None,
        "a seeded item keeps following its translation"
    );
    let edited = json_with_status(
        send(
            leader,
            Method::PATCH,
            &first_path,
            Some(&json!({"title": "Explain why, at the all-hands", "owner_id": null, "due_on": null, "phase": "workshop"})),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(edited["title"], "Explain why, at the all-hands");
    assert_eq!(edited["seed_key"], "explain-why");
    assert_eq!(edited["owner_id"], Value::Null);
    assert_eq!(edited["due_on"], Value::Null);
    assert_eq!(edited["phase"], "workshop");
    assert_eq!(edited["notes"], "At the all-hands", "notes kept");
    assert_eq!(edited["done"], true, "still done");
    let workshop_last = items(&f.app, f.org, id)
        .into_iter()
        .rfind(|i| i.phase.code() == "workshop")
        .map(|i| i.id);
    assert_eq!(workshop_last, Some(first), "moved last into its new phase");

    for (body, field, key) in [
        (json!({"phase": "later"}), "phase", "field-phase-invalid"),
        (json!({"title": ""}), "title", "field-title-length"),
        (
            json!({"owner_id": stranger}),
            "owner_id",
            "field-person-unknown",
        ),
    ] {
        let res = send(leader, Method::PATCH, &first_path, Some(&body)).await;
        let got = json_with_status(res, 422).await;
        assert_eq!(field_error(&got, field), t(Locale::En, key), "{body}");
    }
    let res = send(
        leader,
        Method::PATCH,
        &format!("/api/v1/rollouts/{id}/items/999999"),
        Some(&json!({"done": true})),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let rollout = json_with_status(leader.get(&format!("/api/v1/rollouts/{id}")).await, 200).await;
    assert_eq!(rollout["done"], 1);

    // Deleting: leaders only, 204, then gone.
    let second_path = format!("/api/v1/rollouts/{id}/items/{second}");
    let res = send(member, Method::DELETE, &second_path, None).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = send(leader, Method::DELETE, &second_path, None).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = send(leader, Method::DELETE, &second_path, None).await;
    assert_eq!(
        json_with_status(res, 404).await["error"]["code"],
        "not_found"
    );
    let left = items(&f.app, f.org, id);
    assert_eq!(left.len(), SEEDS.len());
    assert!(left.iter().all(|i| i.id != second));

    // An item of one rollout is not reachable through another.
    let other_rollout: RolloutId = id_in(
        &json_with_status(
            leader
                .post_json("/api/v1/rollouts", &api_plan("Other"))
                .await,
            201,
        )
        .await["id"],
    );
    let res = send(
        leader,
        Method::PATCH,
        &format!("/api/v1/rollouts/{other_rollout}/items/{added}"),
        Some(&json!({"done": true})),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = send(
        leader,
        Method::DELETE,
        &format!("/api/v1/rollouts/{other_rollout}/items/{added}"),
        None,
    )
    .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(
        !f.app
            .read(|c| rollouts::item(c, f.org, id, added))
            .is_done()
    );
}

#[tokio::test]
async fn dates_in_far_off_years_are_refused_not_a_crash() {
    let f = fjord().await;
    // Chrono's last day has no day after it, and months after a date near it do not exist.
    let mut plan = api_plan("Far");
    plan["workshop_end"] = json!("+262142-12-31");
    let body = json_with_status(f.leader.post_json("/api/v1/rollouts", &plan).await, 422).await;
    assert_eq!(
        field_error(&body, "workshop_end"),
        t(Locale::En, "field-date-invalid")
    );
    let mut plan = api_plan("Far too");
    plan["workshop_start"] = json!("+262142-03-25");
    plan["workshop_end"] = json!("+262142-03-31");
    let res = f.leader.post_json("/api/v1/rollouts", &plan).await;
    json_with_status(res, 422).await;
    let fields = with(plan_form_far(), "name", "Typo");
    let html =
        html_unescape(&text_with_status(post(&f.leader, "/rollouts", &fields).await, 422).await);
    assert!(field_errors(&html).contains(&t(Locale::En, "field-date-invalid")));
    assert_eq!(rollout_count(&f.app, f.org), 0);
    text_with_status(f.leader.get("/rollouts").await, 200).await;
}

/// A plan whose workshop ends in the year 20270 (a typo a date field lets through).
fn plan_form_far() -> Vec<(&'static str, String)> {
    with(plan("Far"), "workshop_end", "+20270-01-15")
}
