//! The organisation calendar page (`/settings/calendar`): a new Oslo organisation starts
//! with Norway's public holidays and the fellesferie and Christmas closures; leaders add,
//! edit and remove closures (and may cancel the meetings in one); bad input is refused with
//! an error next to its field; members and ambassadors cannot see or change it.

use chrono::{Datelike, Days};
use hverdag::domain::calendar::{self, Calendar, Closure, Country, Span};
use hverdag::domain::ids::OrgId;
use hverdag::domain::meetings;
use hverdag::domain::org;
use hverdag::domain::people::Role;
use hverdag::domain::teams::TeamKind;

use crate::helpers::*;
use crate::page::Page;

const LEADER: &str = "leader@acme.example";

fn closures(app: &TestApp, org_id: OrgId) -> Vec<Closure> {
    app.read(|c| calendar::list(c, org_id))
}

fn named(app: &TestApp, org_id: OrgId, name: &str) -> Closure {
    closures(app, org_id)
        .into_iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no closure named {name}"))
}

async fn leader(app: &TestApp) -> (OrgId, Session) {
    let acme = app.create_org("acme");
    app.create_person(acme, LEADER, &[Role::Leader], Some(PASSWORD));
    let s = app.session();
    s.login(LEADER, PASSWORD).await;
    (acme, s)
}

#[tokio::test]
async fn a_new_oslo_organisation_starts_with_holidays_and_the_usual_closures() {
    let app = TestApp::spawn().await;
    let (acme, s) = leader(&app).await;
    let cal = app.read(|c| Calendar::load(c, acme));
    assert_eq!(cal.country(), Some(Country::Norway));
    assert_eq!(
        cal.closures(),
        calendar_defaults_with_ids(&app, acme).as_slice()
    );

    let page = Page::of(&text_with_status(s.get("/settings/calendar").await, 200).await);
    assert_eq!(
        page.select("tr.closure .closure-name"),
        ["Fellesferie", "Jul"]
    );
    assert_eq!(
        page.select("tr.closure .closure-rule"),
        [
            "Every year, weeks 28–30",
            "Every year, 24 December – 1 January"
        ]
    );
    assert!(page.main_text().contains(
        "Weekly OKR meetings that fall in a closed week count as neither held nor missed"
    ));
    // The next twelve months of public holidays: Christmas and the Constitution Day are in
    // any twelve months.
    let holidays = page.select("tr.holiday .holiday-name");
    assert!(
        holidays.contains(&"Christmas Day".to_owned()),
        "{holidays:?}"
    );
    assert!(
        holidays.contains(&"Constitution Day".to_owned()),
        "{holidays:?}"
    );
    let today = app.read(|c| org::today(c, acme));
    let week28 =
        chrono::NaiveDate::from_isoywd_opt(today.iso_week().year(), 28, chrono::Weekday::Mon)
            .expect("week 28");
    assert!(
        page.text_of("tr.closure .closure-days").contains(&format!(
            "{} Jul {}",
            week28.day(),
            week28.year()
        )),
        "this year's fellesferie dates"
    );

    // Without a country the holidays go, the closures stay.
    let res = s
        .post_form("/settings/calendar/country", &[("country", "")])
        .await;
    assert_redirect(&res, "/settings/calendar");
    let page = Page::of(&text_with_status(s.get("/settings/calendar").await, 200).await);
    assert!(page.flash().contains("Public holidays saved"));
    assert_eq!(page.count("tr.holiday"), 0);
    assert!(!page.main_text().contains("Christmas Day"));
    assert!(
        page.text_of("#holidays")
            .contains("No public holidays are built in without a country")
    );
    assert_eq!(app.read(|c| calendar::country(c, acme)), None);
    assert_eq!(closures(&app, acme).len(), 2);
    let res = s
        .post_form("/settings/calendar/country", &[("country", "NO")])
        .await;
    assert_redirect(&res, "/settings/calendar");
    assert_eq!(
        app.read(|c| calendar::country(c, acme)),
        Some(Country::Norway)
    );
    let res = s
        .post_form("/settings/calendar/country", &[("country", "XX")])
        .await;
    assert_eq!(res.status(), 400);

    // In Norwegian.
    s.post_form("/locale", &[("lang", "nb")]).await;
    let page = Page::of(&text_with_status(s.get("/settings/calendar").await, 200).await);
    assert_eq!(page.text_of("#closures-heading"), "Stengte perioder");
    assert!(
        page.select("tr.holiday .holiday-name")
            .contains(&"Første juledag".to_owned())
    );
    assert_eq!(
        page.select("tr.closure .closure-rule")[0],
        "Hvert år, uke 28–30"
    );
}

fn calendar_defaults_with_ids(app: &TestApp, org_id: OrgId) -> Vec<Closure> {
    let stored = closures(app, org_id);
    calendar::norwegian_defaults()
        .into_iter()
        .zip(&stored)
        .map(|(d, s)| Closure { id: s.id, ..d })
        .collect()
}

#[tokio::test]
async fn a_leader_adds_edits_and_removes_a_closure() {
    let app = TestApp::spawn().await;
    let (acme, s) = leader(&app).await;

    let res = s
        .post_form(
            "/settings/calendar",
            &[
                ("name", "Høstferie"),
                ("kind", "weeks"),
                ("first_week", "40"),
                ("last_week", "40"),
            ],
        )
        .await;
    assert_redirect(&res, "/settings/calendar");
    let autumn = named(&app, acme, "Høstferie");
    assert_eq!(
        autumn.span,
        Span::YearlyWeeks {
            first: 40,
            last: 40
        }
    );
    let page = Page::of(&text_with_status(s.get("/settings/calendar").await, 200).await);
    assert!(page.flash().contains("Closure added"), "the flash");
    assert!(
        page.select("tr.closure .closure-rule")
            .contains(&"Every year, weeks 40–40".to_owned())
    );
    let id = autumn.id.expect("stored");

    let edit = text_with_status(s.get(&format!("/settings/calendar/{id}/edit")).await, 200).await;
    assert_eq!(input_value(&edit, "first_week").as_deref(), Some("40"));
    let res = s
        .post_form(
            &format!("/settings/calendar/{id}"),
            &[
                ("name", "Vinterferie"),
                ("kind", "yearly"),
                ("first_month", "2"),
                ("first_day", "22"),
                ("last_month", "2"),
                ("last_day", "26"),
            ],
        )
        .await;
    assert_redirect(&res, "/settings/calendar");
    let winter = app.read(|c| calendar::find(c, acme, id));
    assert_eq!(winter.name, "Vinterferie");
    assert_eq!(
        winter.span,
        Span::YearlyDates {
            first: (2, 22),
            last: (2, 26)
        }
    );
    let res = s
        .post_form(
            &format!("/settings/calendar/{id}"),
            &[
                ("name", "Office move"),
                ("kind", "once"),
                ("first_date", "2027-02-01"),
                ("last_date", "2027-02-05"),
            ],
        )
        .await;
    assert_redirect(&res, "/settings/calendar");
    let page = Page::of(&text_with_status(s.get("/settings/calendar").await, 200).await);
    assert!(page.flash().contains("Closure saved"));
    assert!(
        page.select("tr.closure .closure-days")
            .contains(&"1 Feb 2027 – 5 Feb 2027".to_owned()),
        "{:?}",
        page.select("tr.closure")
    );

    let res = s
        .post_form(&format!("/settings/calendar/{id}/delete"), &[])
        .await;
    assert_redirect(&res, "/settings/calendar");
    let page = Page::of(&text_with_status(s.get("/settings/calendar").await, 200).await);
    assert!(page.flash().contains("Closure removed"));
    assert!(
        !page
            .select("tr.closure .closure-name")
            .contains(&"Office move".to_owned())
    );
    assert_eq!(closures(&app, acme).len(), 2);
    let res = s
        .post_form(&format!("/settings/calendar/{id}/delete"), &[])
        .await;
    assert_eq!(res.status(), 404);

    // With every closure gone, the page says what closures are for.
    for c in closures(&app, acme) {
        let res = s
            .post_form(
                &format!("/settings/calendar/{}/delete", c.id.expect("an id")),
                &[],
            )
            .await;
        assert_redirect(&res, "/settings/calendar");
    }
    let page = Page::of(&text_with_status(s.get("/settings/calendar").await, 200).await);
    assert_eq!(page.count("tr.closure"), 0);
    assert!(page.text_of("#closures .empty").contains("No closures yet"));
}

#[tokio::test]
async fn bad_input_gets_an_error_next_to_its_field_and_nothing_is_stored() {
    let app = TestApp::spawn().await;
    let (acme, s) = leader(&app).await;
    let res = s
        .post_form(
            "/settings/calendar",
            &[
                ("name", "Sommer"),
                ("kind", "weeks"),
                ("first_week", "28"),
                ("last_week", "54"),
            ],
        )
        .await;
    let page = html_unescape(&text_with_status(res, 422).await);
    assert!(
        Page::of(&page).text_of("#last_week-error") == "Enter a week number from 1 to 53.",
        "{page}"
    );
    assert_eq!(
        input_value(&page, "name").as_deref(),
        Some("Sommer"),
        "the input is kept"
    );
    let res = s
        .post_form(
            "/settings/calendar",
            &[
                ("name", ""),
                ("kind", "once"),
                ("first_date", "2027-02-05"),
                ("last_date", "2027-02-01"),
            ],
        )
        .await;
    let page = html_unescape(&text_with_status(res, 422).await);
    let form = Page::of(&page);
    assert!(form.has_field_error("The last day cannot be before the first."));
    assert!(form.has_field_error("Enter a name of 1 to 80 characters."));
    let res = s
        .post_form(
            "/settings/calendar",
            &[
                ("name", "Leap"),
                ("kind", "yearly"),
                ("first_month", "2"),
                ("first_day", "30"),
                ("last_month", "3"),
                ("last_day", "1"),
            ],
        )
        .await;
    let page = text_with_status(res, 422).await;
    assert!(Page::of(&page).has_field_error("Enter a day that exists in that month."));
    assert_eq!(closures(&app, acme).len(), 2, "nothing stored");

    // An edit with bad input changes nothing either.
    let id = named(&app, acme, "Fellesferie").id.expect("an id");
    let res = s
        .post_form(
            &format!("/settings/calendar/{id}"),
            &[
                ("name", "Sommer"),
                ("kind", "weeks"),
                ("first_week", "x"),
                ("last_week", "30"),
            ],
        )
        .await;
    let page = text_with_status(res, 422).await;
    assert!(Page::of(&page).has_field_error("Enter a whole number."));
    assert_eq!(
        named(&app, acme, "Fellesferie").span,
        Span::YearlyWeeks {
            first: 28,
            last: 30
        }
    );
}

#[tokio::test]
async fn members_and_ambassadors_cannot_see_or_change_the_calendar() {
    let app = TestApp::spawn().await;
    let (acme, _) = leader(&app).await;
    let id = named(&app, acme, "Jul").id.expect("an id");
    for (email, role) in [
        ("kari@acme.example", Role::Member),
        ("ola@acme.example", Role::Ambassador),
    ] {
        app.create_person(acme, email, &[role], Some(PASSWORD));
        let s = app.session();
        s.login(email, PASSWORD).await;
        assert_eq!(s.get("/settings/calendar").await.status(), 403);
        assert_eq!(
            s.get(&format!("/settings/calendar/{id}/edit"))
                .await
                .status(),
            403
        );
        let add = [
            ("name", "Planted"),
            ("kind", "weeks"),
            ("first_week", "1"),
            ("last_week", "2"),
        ];
        assert_eq!(s.post_form("/settings/calendar", &add).await.status(), 403);
        let path = format!("/settings/calendar/{id}");
        assert_eq!(s.post_form(&path, &add).await.status(), 403);
        let path = format!("/settings/calendar/{id}/delete");
        assert_eq!(s.post_form(&path, &[]).await.status(), 403);
        let res = s
            .post_form("/settings/calendar/country", &[("country", "")])
            .await;
        assert_eq!(res.status(), 403);
    }
    assert_eq!(closures(&app, acme), calendar_defaults_with_ids(&app, acme));
    assert_eq!(
        app.read(|c| calendar::country(c, acme)),
        Some(Country::Norway)
    );
}

#[tokio::test]
async fn a_closure_can_cancel_the_scheduled_meetings_in_it() {
    let app = TestApp::spawn().await;
    let (acme, s) = leader(&app).await;
    let web = app.create_team(acme, "Web", TeamKind::Team, None);
    let today = app.read(|c| org::today(c, acme));
    let (from, to) = (today + Days::new(14), today + Days::new(20));
    app.write(|c| {
        meetings::create_series(
            c,
            acme,
            &weekly_results(web, 1, today),
            "Europe/Oslo",
            today,
        )
    });
    let res = s
        .post_form(
            "/settings/calendar",
            &[
                ("name", "Off-site"),
                ("kind", "once"),
                ("first_date", &from.to_string()),
                ("last_date", &to.to_string()),
                ("cancel_meetings", "1"),
            ],
        )
        .await;
    assert_redirect(&res, "/settings/calendar");
    let page = text_with_status(s.get("/settings/calendar").await, 200).await;
    assert!(
        Page::of(&page).flash().contains("one scheduled meeting"),
        "{page}"
    );
    let coming = app.write(|c| {
        meetings::team_meetings(
            c,
            acme,
            web,
            "Europe/Oslo",
            today,
            today,
            today + Days::new(35),
        )
    });
    for m in &coming {
        let inside = from <= m.local_date && m.local_date <= to;
        let expected = if inside { "cancelled" } else { "scheduled" };
        assert_eq!(m.status.code(), expected, "{}", m.local_date);
    }
    assert!(coming.iter().any(|m| m.status.code() == "cancelled"));
}
