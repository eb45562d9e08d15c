//! Importing a team's meeting history from CSV: every row checked, all or nothing, and a
//! round trip — what is imported comes back out of the attendance export unchanged.

use hverdag::domain::meetings;
use hverdag::domain::people::Role;
use hverdag::domain::teams::TeamKind;
use reqwest::multipart::{Form, Part};

use crate::helpers::*;
use crate::page::Page;

fn file(csv: &str) -> Form {
    Form::new().part(
        "file",
        Part::bytes(csv.as_bytes().to_vec())
            .file_name("history.csv")
            .mime_str("text/csv")
            .expect("a MIME type"),
    )
}

#[tokio::test]
async fn meeting_history_comes_in_whole_or_not_at_all_and_goes_out_the_same() {
    let app = TestApp::spawn().await;
    let org = app.create_org("fjord");
    let web = app.create_team(org, "Web", TeamKind::Team, None);
    let kari = app.create_person(org, "kari@fjord.example", &[Role::Member], Some(PASSWORD));
    let ola = app.create_person(org, "ola@fjord.example", &[Role::Member], None);
    app.add_member(org, web, kari);
    app.add_member(org, web, ola);
    let s = app.session();
    s.login("kari@fjord.example", PASSWORD).await;
    let path = format!("/teams/{web}/meetings/import");
    text_with_status(s.get(&path).await, 200).await;

    // No weekly series yet: the file is refused as a whole.
    let good = "dato;e-post;oppmøte\n02.03.2026;kari@fjord.example;til stede\n02.03.2026;ola@fjord.example;forfall\n2026-03-09,kari@fjord.example,absent\n";
    let good = good.replace(
        "2026-03-09,kari@fjord.example,absent",
        "09.03.2026;kari@fjord.example;fraværende",
    );
    let refused = text_with_status(s.post_multipart(&path, file(&good)).await, 422).await;
    assert!(
        Page::of(&refused)
            .text_of("#file-error")
            .contains("no weekly meeting series")
    );
    let today = app.read(|c| hverdag::domain::org::today(c, org));
    app.write(|c| {
        meetings::create_series(c, org, &weekly_results(web, 1, today), "Europe/Oslo", today)
    });

    // One bad row: every problem is listed by line, and nothing is imported.
    let bad = "date,email,attendance\n2026-03-02,kari@fjord.example,present\n2026-13-40,ola@fjord.example,present\n2026-03-02,nobody@fjord.example,present\n2026-03-02,kari@fjord.example,maybe\n2099-01-05,kari@fjord.example,present\n";
    let page = text_with_status(s.post_multipart(&path, file(bad)).await, 422).await;
    let named: Vec<String> = Page::of(&page)
        .select("ul.row-errors li")
        .iter()
        .map(|e| e.split(':').next().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(
        named,
        ["Line 3", "Line 4", "Line 5", "Line 6"],
        "each bad line, once"
    );
    let march = |c: &mut hverdag::db::DbConn| {
        meetings::team_meetings(
            c,
            org,
            web,
            "Europe/Oslo",
            today,
            chrono::NaiveDate::from_ymd_opt(2026, 3, 1).expect("a date"),
            chrono::NaiveDate::from_ymd_opt(2026, 3, 31).expect("a date"),
        )
    };
    assert!(app.read(march).is_empty());

    // A good file (Norwegian headers and words, semicolons) comes in.
    let res = s.post_multipart(&path, file(&good)).await;
    assert_eq!(location(&res), format!("/teams/{web}/meetings"));
    let imported = app.read(march);
    assert_eq!(imported.len(), 2);
    assert!(imported.iter().all(|m| m.status.code() == "held"));
    assert_eq!(
        app.read(|c| meetings::attendance_of(c, org, imported[0].id)),
        [
            (kari, meetings::Presence::Present),
            (ola, meetings::Presence::Excused)
        ]
    );

    // The attendance export gives the same rows back.
    let csv_out = text_with_status(
        s.get(&format!(
            "/meetings/export.csv?what=attendance&period=2026-Q1&team={web}"
        ))
        .await,
        200,
    )
    .await;
    let mut rows: Vec<(String, String, String)> = csv::Reader::from_reader(csv_out.as_bytes())
        .records()
        .map(|r| {
            let r = r.expect("a row");
            (r[1].to_owned(), r[3].to_owned(), r[4].to_owned())
        })
        .collect();
    rows.sort();
    assert_eq!(
        rows,
        [
            (
                "2026-03-02".to_owned(),
                "kari@fjord.example".to_owned(),
                "present".to_owned()
            ),
            (
                "2026-03-02".to_owned(),
                "ola@fjord.example".to_owned(),
                "excused".to_owned()
            ),
            (
                "2026-03-09".to_owned(),
                "kari@fjord.example".to_owned(),
                "absent".to_owned()
            ),
        ]
    );
    // Another organisation's leader cannot import into this team.
    let other = app.create_org("other");
    app.create_person(other, "boss@other.example", &[Role::Leader], Some(PASSWORD));
    let boss = app.session();
    boss.login("boss@other.example", PASSWORD).await;
    assert_eq!(boss.post_multipart(&path, file(&good)).await.status(), 404);

    // Importing the export back changes nothing (same meetings, same attendance).
    let again = s.post_multipart(&path, file(&csv_out)).await;
    assert_eq!(again.status(), 303);
    assert_eq!(app.read(march).len(), 2);
}
