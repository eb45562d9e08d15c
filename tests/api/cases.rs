//! OKR basics and practice cases: both languages, the model answer behind a button, who may
//! write cases, validation, archiving, and the read-only API.

use hverdag::domain::cases;
use hverdag::domain::ids::{CaseId, OrgId};
use hverdag::domain::people::Role;
use serde_json::Value;

use crate::helpers::*;
use crate::page::Page;

const LEADER: &str = "leader@fjord.example";
const MEMBER: &str = "member@fjord.example";

struct Fjord {
    app: TestApp,
    org: OrgId,
    leader: Session,
    member: Session,
}

async fn fjord() -> Fjord {
    let app = TestApp::spawn().await;
    let org = app.create_org("fjord");
    app.create_person(org, LEADER, &[Role::Leader], Some(PASSWORD));
    app.create_person(org, MEMBER, &[Role::Member], Some(PASSWORD));
    let leader = app.session();
    leader.login(LEADER, PASSWORD).await;
    let member = app.session();
    member.login(MEMBER, PASSWORD).await;
    Fjord {
        app,
        org,
        leader,
        member,
    }
}

async fn switch_to(s: &Session, lang: &str, next: &str) {
    let res = s
        .post_form("/locale", &[("lang", lang), ("next", next)])
        .await;
    assert_redirect(&res, next);
}

async fn page(s: &Session, path: &str) -> String {
    html_unescape(&text_with_status(s.get(path).await, 200).await)
}

/// Posts the case form; returns the response.
async fn post_case(
    s: &Session,
    path: &str,
    title: &str,
    situation: &str,
    answer: &str,
    locale: &str,
) -> reqwest::Response {
    s.post_form(
        path,
        &[
            ("title", title),
            ("situation", situation),
            ("model_answer", answer),
            ("locale", locale),
        ],
    )
    .await
}

/// Writes a case through the form; returns its id.
async fn create_case(
    s: &Session,
    title: &str,
    situation: &str,
    answer: &str,
    locale: &str,
) -> CaseId {
    let res = post_case(s, "/cases", title, situation, answer, locale).await;
    id_from_location(&res, "/cases/custom/")
}

#[tokio::test]
async fn basics_and_cases_read_in_english_and_norwegian() {
    let f = fjord().await;
    let s = &f.member;

    let basics = page(s, "/basics").await;
    assert_eq!(html_lang(&basics).as_deref(), Some("en"));
    let basics = Page::of(&basics);
    assert_eq!(basics.text_of("main h1"), "OKR basics");
    let text = basics.main_text();
    for shown in [
        "Objectives and key results",
        "15 minutes",
        "Set and forget",
        "Tasks disguised as key results",
        "Too many OKRs",
    ] {
        assert!(text.contains(shown), "/basics in English shows {shown}");
    }
    assert!(basics.has("main a[href='/cases']"), "it links the cases");
    assert_eq!(
        basics.attrs("a[aria-current=page]", "href"),
        ["/basics"],
        "the top bar marks the section"
    );
    let list = Page::of(&page(s, "/cases").await);
    assert!(
        list.select("#builtin-cases h3")
            .contains(&"Solsiden Bakery".to_owned())
    );
    assert!(
        list.attrs("#builtin-cases h3 a", "href")
            .contains(&"/cases/web-shop".to_owned())
    );
    assert_eq!(list.attrs("a[aria-current=page]", "href"), ["/cases"]);

    let bakery = page(s, "/cases/bakery").await;
    let shown = Page::of(&bakery);
    assert_eq!(shown.text_of("main h1"), "Solsiden Bakery");
    assert_eq!(shown.attr("main h1", "lang"), "en");
    // The situation comes first; the model answer waits behind a button.
    let situation = bakery
        .find("family-run bakery")
        .expect("the situation is shown");
    let details = bakery.find("<details").expect("the answer is folded away");
    let answer = bakery
        .find("first choice for fresh bread")
        .expect("the model answer is on the page");
    assert!(situation < details && details < answer);
    assert_eq!(
        shown.text_of("details.answer summary"),
        "Show a model answer"
    );

    switch_to(s, "nb", "/basics").await;
    let basics = page(s, "/basics").await;
    assert_eq!(html_lang(&basics).as_deref(), Some("nb"));
    let basics = Page::of(&basics);
    assert_eq!(basics.text_of("main h1"), "OKR-ABC");
    let text = basics.main_text();
    for shown in [
        "Mål og nøkkelresultater",
        "Det ukentlige resultatmøtet",
        "Kvartalsmøtet",
        "Sett og glem",
        "15 minutter",
    ] {
        assert!(text.contains(shown), "/basics in Norwegian shows {shown}");
    }
    assert!(!text.contains("Set and forget"));
    let titles = Page::of(&page(s, "/cases").await).select("#builtin-cases h3");
    for title in [
        "Solsiden bakeri",
        "Sykkelklubben Fjellsyklistene",
        "Elvebyen folkebibliotek",
        "Tråd og Tone, en liten nettbutikk",
    ] {
        assert!(
            titles.contains(&title.to_owned()),
            "the Norwegian list shows {title}"
        );
    }
    let bakery = Page::of(&page(s, "/cases/bakery").await);
    assert_eq!(
        bakery.text_of("details.answer summary"),
        "Vis et løsningsforslag"
    );
    assert!(bakery.main_text().contains("surdeigsbrødet"));
    assert!(
        bakery
            .select("details.answer h3")
            .contains(&"Nøkkelresultater".to_owned())
    );
    assert!(!bakery.main_text().contains("family-run"));

    for missing in [
        "/cases/zoo",
        "/cases/custom",
        "/cases/custom/0",
        "/cases/custom/x",
    ] {
        text_with_status(s.get(missing).await, 404).await;
    }
    // Everything here needs a signed-in person.
    let visitor = f.app.session();
    for path in ["/basics", "/cases", "/cases/bakery"] {
        let res = visitor.get(path).await;
        assert_eq!(res.status().as_u16(), 303, "{path}");
        assert!(location(&res).starts_with("/login"));
    }
    let res = visitor.get("/api/v1/cases").await;
    assert_eq!(res.status().as_u16(), 401);
}

#[tokio::test]
async fn members_read_cases_but_only_leaders_write_them() {
    let f = fjord().await;
    let list = Page::of(&page(&f.member, "/cases").await);
    assert!(
        list.text_of("#own-cases .empty")
            .contains("no cases of its own yet"),
        "the empty state"
    );
    assert_eq!(list.count("a[href='/cases/new']"), 0, "no write button");
    let list = Page::of(&page(&f.leader, "/cases").await);
    assert!(
        list.text_of("#own-cases .empty")
            .contains("no cases of its own yet")
    );
    assert!(
        list.has("a[href='/cases/new']"),
        "leaders are offered the form"
    );

    text_with_status(f.member.get("/cases/new").await, 403).await;
    let res = post_case(&f.member, "/cases", "Mine", "A situation.", "", "en").await;
    text_with_status(res, 403).await;
    assert!(
        f.app
            .read(|c| cases::list_custom(c, f.org, true))
            .is_empty()
    );

    let id = create_case(&f.leader, "Kafé Kaja", "A small café.", "", "en").await;
    let case = Page::of(&page(&f.member, &format!("/cases/custom/{id}")).await);
    assert_eq!(case.text_of("main h1"), "Kafé Kaja");
    assert_eq!(case.text_of("#situation"), "A small café.");
    assert_eq!(case.count(&format!("a[href='/cases/custom/{id}/edit']")), 0);
    // Without a model answer there is nothing to unfold.
    assert_eq!(case.count("details"), 0);
    assert!(case.text_of("#no-answer").contains("no model answer"));
    for path in [
        format!("/cases/custom/{id}/edit"),
        format!("/cases/custom/{id}/archive"),
    ] {
        text_with_status(f.member.get(&path).await, 403).await;
    }
    let res = f
        .member
        .post_form(&format!("/cases/custom/{id}/archive"), &[])
        .await;
    text_with_status(res, 403).await;
    let res = post_case(
        &f.member,
        &format!("/cases/custom/{id}"),
        "Taken over",
        "x",
        "",
        "en",
    )
    .await;
    text_with_status(res, 403).await;
    let stored = f.app.read(|c| cases::find_custom(c, f.org, id));
    assert_eq!(stored.title, "Kafé Kaja");
    assert!(!stored.archived);
}

#[tokio::test]
async fn a_leader_writes_edits_and_archives_a_case() {
    let f = fjord().await;
    let s = &f.leader;
    text_with_status(s.get("/cases/new").await, 200).await;
    let id = create_case(
        s,
        "  Kafé Kaja  ",
        "Kafé Kaja har tolv bord.\r\nFå gjester om morgenen.",
        "Mål: Bli byens morgenkafé\r\n1. Fra 10 til 40 gjester før klokka ni",
        "nb",
    )
    .await;
    let stored = f.app.read(|c| cases::find_custom(c, f.org, id));
    assert_eq!(stored.title, "Kafé Kaja");
    assert_eq!(stored.locale, "nb");
    assert_eq!(
        stored.situation,
        "Kafé Kaja har tolv bord.\nFå gjester om morgenen."
    );

    // The redirect lands on the case, with a message.
    let res = s.get(&format!("/cases/custom/{id}")).await;
    let html = html_unescape(&text_with_status(res, 200).await);
    let shown = Page::of(&html);
    assert_eq!(shown.flash(), "“Kafé Kaja” was saved.");
    assert_eq!(shown.text_of("main h1"), "Kafé Kaja");
    assert_eq!(
        shown.attr("main h1", "lang"),
        "nb",
        "the case keeps its language"
    );
    assert!(
        shown
            .select(".page-head .badge")
            .contains(&"Norsk bokmål".to_owned()),
        "a case in another language says so"
    );
    let situation = html.find("tolv bord").expect("the situation");
    let details = html.find("<details").expect("the answer is folded away");
    assert!(situation < details);
    assert!(
        shown
            .text_of("details.answer")
            .contains("Bli byens morgenkafé")
    );

    let list = Page::of(&page(s, "/cases").await);
    assert_eq!(list.select("#own-cases h3"), ["Kafé Kaja"]);
    assert_eq!(list.count("#own-cases .empty"), 0);

    let form = Page::of(&page(s, &format!("/cases/custom/{id}/edit")).await);
    assert_eq!(form.value_of("#title"), "Kafé Kaja");
    assert!(
        form.value_of("#situation")
            .ends_with("Få gjester om morgenen.")
    );
    assert_eq!(form.value_of("#locale"), "nb");
    let res = post_case(
        s,
        &format!("/cases/custom/{id}"),
        "Café Kaja",
        "Café Kaja has twelve tables.",
        "",
        "en",
    )
    .await;
    assert_redirect(&res, &format!("/cases/custom/{id}"));
    let stored = f.app.read(|c| cases::find_custom(c, f.org, id));
    assert_eq!(
        (
            stored.title.as_str(),
            stored.locale.as_str(),
            stored.model_answer.as_str()
        ),
        ("Café Kaja", "en", "")
    );

    let confirm = Page::of(&page(s, &format!("/cases/custom/{id}/archive")).await);
    assert_eq!(confirm.text_of("main h1"), "Archive “Café Kaja”?");
    let res = s
        .post_form(&format!("/cases/custom/{id}/archive"), &[])
        .await;
    assert_redirect(&res, "/cases");
    let list = Page::of(&page(s, "/cases").await);
    assert_eq!(list.flash(), "“Café Kaja” was archived.");
    let list = Page::of(&page(s, "/cases").await);
    assert_eq!(
        list.count("#own-cases li"),
        0,
        "archived cases leave the list"
    );
    assert!(!list.main_text().contains("Café Kaja"));
    assert!(
        list.text_of("#own-cases .empty")
            .contains("no cases of its own yet")
    );
    let api = json_with_status(s.get("/api/v1/cases").await, 200).await;
    assert!(!api.to_string().contains("Café Kaja"));

    // Whatever already points at it still finds it, marked as archived.
    let html = Page::of(&page(s, &format!("/cases/custom/{id}")).await);
    assert!(
        html.text_of("#archived-note")
            .contains("This case is archived")
    );
    assert_eq!(html.count(&format!("a[href='/cases/custom/{id}/edit']")), 0);
    let json = json_with_status(s.get(&format!("/api/v1/cases/custom:{id}")).await, 200).await;
    assert_eq!(json["archived"], true);
    // But it can no longer be changed.
    text_with_status(s.get(&format!("/cases/custom/{id}/edit")).await, 404).await;
    text_with_status(s.get(&format!("/cases/custom/{id}/archive")).await, 404).await;
    let res = s
        .post_form(&format!("/cases/custom/{id}/archive"), &[])
        .await;
    text_with_status(res, 404).await;
    let res = post_case(s, &format!("/cases/custom/{id}"), "Back", "x", "", "en").await;
    text_with_status(res, 404).await;
}

#[tokio::test]
async fn invalid_cases_are_refused_with_the_input_kept() {
    let f = fjord().await;
    let s = &f.leader;

    let res = post_case(s, "/cases", "  ", "Keep <b>this</b> text", "", "en").await;
    let html = text_with_status(res, 422).await;
    assert!(
        html.contains("Keep &lt;b&gt;this&lt;&#x2F;b&gt; text</textarea>")
            || html.contains("Keep &lt;b&gt;this&lt;/b&gt; text</textarea>"),
        "the situation is kept, escaped"
    );
    let form = Page::of(&html);
    assert_eq!(
        form.text_of("#title-error"),
        "Enter a title of at most 120 characters."
    );
    assert_eq!(form.value_of("#situation"), "Keep <b>this</b> text");
    assert_eq!(form.attr("#title", "aria-invalid"), "true");

    let long_title = "T".repeat(121);
    let res = post_case(s, "/cases", &long_title, "A situation.", "", "nb").await;
    let form = Page::of(&text_with_status(res, 422).await);
    assert_eq!(form.value_of("#title"), long_title);
    assert_eq!(form.value_of("#locale"), "nb");

    let long_text = "x".repeat(4001);
    let res = post_case(s, "/cases", "Title", &long_text, &long_text, "en").await;
    let form = Page::of(&text_with_status(res, 422).await);
    assert_eq!(
        form.text_of("#situation-error"),
        "Describe the situation in at most 4,000 characters."
    );
    assert_eq!(
        form.text_of("#answer-error"),
        "Keep the model answer to at most 4,000 characters."
    );
    assert_eq!(form.value_of("#title"), "Title");

    let res = post_case(s, "/cases", "Title", "A situation.", "", "de").await;
    let form = Page::of(&text_with_status(res, 422).await);
    assert_eq!(
        form.text_of("#locale-error"),
        "Choose English or Norwegian."
    );

    // In Norwegian, the messages are Norwegian.
    switch_to(s, "nb", "/cases/new").await;
    let res = post_case(s, "/cases", "", "", "", "nb").await;
    let form = Page::of(&text_with_status(res, 422).await);
    assert_eq!(
        form.text_of("#title-error"),
        "Skriv en tittel på høyst 120 tegn."
    );
    assert_eq!(
        form.text_of("#situation-error"),
        "Beskriv situasjonen med høyst 4000 tegn."
    );

    assert!(
        f.app
            .read(|c| cases::list_custom(c, f.org, true))
            .is_empty()
    );

    // Exactly at the limits is fine; an edit that breaks them changes nothing.
    let id = create_case(s, &"T".repeat(120), &"x".repeat(4000), "", "en").await;
    let res = post_case(s, &format!("/cases/custom/{id}"), "New", "", "", "en").await;
    let html = text_with_status(res, 422).await;
    assert_eq!(input_value(&html, "title").as_deref(), Some("New"));
    assert_eq!(
        f.app.read(|c| cases::find_custom(c, f.org, id)).title,
        "T".repeat(120)
    );
}

fn builtin_refs(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("a list of cases")
        .iter()
        .filter(|c| c["kind"] == "builtin")
        .map(|c| c["ref"].as_str().expect("a ref").to_owned())
        .collect()
}

fn titles(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("a list of cases")
        .iter()
        .map(|c| c["title"].as_str().expect("a title").to_owned())
        .collect()
}

#[tokio::test]
async fn the_api_lists_cases_in_each_language() {
    let f = fjord().await;
    let leader_id = f.app.person_by_email(LEADER).expect("the leader").id;
    let (_, secret) = f.app.create_api_token(f.org, leader_id, "cases");
    let api = f.app.bearer(&secret);
    let id = create_case(&f.leader, "Kafé Kaja", "Tolv bord.", "", "nb").await;

    let en = json_with_status(api.get("/api/v1/cases").await, 200).await;
    let nb = json_with_status(api.get("/api/v1/cases?lang=nb").await, 200).await;
    for list in [&en, &nb] {
        let refs = builtin_refs(list);
        assert!(refs.len() >= 4, "at least four built-in cases: {refs:?}");
        for key in ["bakery", "cycling-club", "library", "web-shop"] {
            assert!(refs.contains(&format!("builtin:{key}")), "{key}");
        }
        let own: Vec<&Value> = list
            .as_array()
            .expect("a list")
            .iter()
            .filter(|c| c["kind"] == "custom")
            .collect();
        assert_eq!(own.len(), 1);
        assert_eq!(own[0]["ref"], format!("custom:{id}"));
        assert_eq!(own[0]["locale"], "nb", "own cases keep their language");
    }
    assert!(titles(&en).contains(&"Solsiden Bakery".to_owned()));
    assert!(titles(&nb).contains(&"Solsiden bakeri".to_owned()));
    let bakery_en = &en[0];
    assert_eq!(bakery_en["locale"], "en");
    assert!(
        bakery_en["answer"]["key_results"]
            .as_array()
            .is_some_and(|krs| (2..=3).contains(&krs.len()))
    );
    assert!(
        bakery_en["model_answer"]
            .as_str()
            .is_some_and(|a| a.starts_with("Objective: "))
    );

    let one = json_with_status(api.get("/api/v1/cases/builtin:library?lang=nb").await, 200).await;
    assert_eq!(one["title"], "Elvebyen folkebibliotek");
    assert_eq!(one["ref"], "builtin:library");
    let own = json_with_status(api.get(&format!("/api/v1/cases/custom:{id}")).await, 200).await;
    assert_eq!(own["title"], "Kafé Kaja");
    assert_eq!(own["id"], id.0);
    for missing in [
        "/api/v1/cases/bakery",
        "/api/v1/cases/builtin:zoo",
        "/api/v1/cases/custom:0",
        "/api/v1/cases/custom:abc",
        "/api/v1/cases/custom:999999",
    ] {
        json_with_status(api.get(missing).await, 404).await;
    }
    json_with_status(api.get("/api/v1/cases?lang=de").await, 400).await;

    // Without `lang`, the caller's own language decides.
    switch_to(&f.member, "nb", "/cases").await;
    let mine = json_with_status(f.member.get("/api/v1/cases").await, 200).await;
    assert!(titles(&mine).contains(&"Sykkelklubben Fjellsyklistene".to_owned()));
    let one = json_with_status(f.member.get("/api/v1/cases/builtin:web-shop").await, 200).await;
    assert_eq!(one["locale"], "nb");
}
