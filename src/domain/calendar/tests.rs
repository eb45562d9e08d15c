use chrono::{Datelike, NaiveDate, TimeZone, Weekday};

use super::*;
use crate::domain::testing::{TestDb, org};
use crate::domain::{Error, org as orgs};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn holiday(key: &'static str) -> Option<Closed> {
    Some(Closed::Holiday { key })
}

fn closure(name: &str) -> Option<Closed> {
    Some(Closed::Closure { name: name.into() })
}

fn norway() -> Calendar {
    Calendar::new(Some(Country::Norway), norwegian_defaults())
}

fn named(name: &str, span: Span) -> Closure {
    Closure {
        id: None,
        name: name.into(),
        span,
    }
}

#[test]
fn easter_dependent_holidays_move_with_easter() {
    let cal = Calendar::new(Some(Country::Norway), vec![]);
    // Easter 2026: 5 April.
    assert_eq!(
        cal.closed(d(2026, 4, 2)),
        holiday("holiday-no-maundy-thursday")
    );
    assert_eq!(cal.closed(d(2026, 4, 3)), holiday("holiday-no-good-friday"));
    assert_eq!(
        cal.closed(d(2026, 4, 5)),
        holiday("holiday-no-easter-sunday")
    );
    assert_eq!(
        cal.closed(d(2026, 4, 6)),
        holiday("holiday-no-easter-monday")
    );
    assert_eq!(cal.closed(d(2026, 5, 14)), holiday("holiday-no-ascension"));
    assert_eq!(
        cal.closed(d(2026, 5, 24)),
        holiday("holiday-no-whit-sunday")
    );
    assert_eq!(
        cal.closed(d(2026, 5, 25)),
        holiday("holiday-no-whit-monday")
    );
    assert_eq!(cal.closed(d(2026, 4, 7)), None);
    // Easter 2027: 28 March.
    assert_eq!(
        cal.closed(d(2027, 3, 25)),
        holiday("holiday-no-maundy-thursday")
    );
    assert_eq!(
        cal.closed(d(2027, 3, 29)),
        holiday("holiday-no-easter-monday")
    );
    assert_eq!(cal.closed(d(2027, 5, 6)), holiday("holiday-no-ascension"));
    assert_eq!(
        cal.closed(d(2027, 5, 17)),
        holiday("holiday-no-constitution-day")
    );
    assert_eq!(
        cal.closed(d(2027, 5, 16)),
        holiday("holiday-no-whit-sunday")
    );
    assert_eq!(
        cal.closed(d(2026, 3, 25)),
        None,
        "2027's Maundy Thursday, a year early"
    );
    // Easter 2025: 20 April; Ascension on 29 May.
    assert_eq!(
        cal.closed(d(2025, 4, 18)),
        holiday("holiday-no-good-friday")
    );
    assert_eq!(cal.closed(d(2025, 5, 29)), holiday("holiday-no-ascension"));
    // Fixed holidays, and twelve a year.
    assert_eq!(cal.closed(d(2026, 1, 1)), holiday("holiday-no-new-year"));
    assert_eq!(cal.closed(d(2026, 5, 1)), holiday("holiday-no-labour-day"));
    assert_eq!(
        cal.closed(d(2026, 12, 26)),
        holiday("holiday-no-boxing-day")
    );
    for year in 2020..2040 {
        assert_eq!(holidays::of_year(Country::Norway, year).len(), 12, "{year}");
    }
}

#[test]
fn weekends_are_not_closed_unless_in_a_closure() {
    let cal = norway();
    assert_eq!(d(2026, 3, 7).weekday(), Weekday::Sat);
    assert_eq!(cal.closed(d(2026, 3, 7)), None);
    assert_eq!(
        cal.closed(d(2026, 7, 11)),
        closure("Fellesferie"),
        "a Saturday of week 28"
    );
    // Without a country, holidays are not known.
    assert_eq!(Calendar::default().closed(d(2026, 5, 17)), None);
    assert_eq!(Calendar::default().closed_week(d(2026, 7, 6)), None);
}

#[test]
fn yearly_weeks_wrap_the_year_end_and_take_week_53() {
    let cal = Calendar::new(
        None,
        vec![named("Year end", Span::YearlyWeeks { first: 52, last: 1 })],
    );
    // 2026 has an ISO week 53 (28 Dec 2026 – 3 Jan 2027).
    assert_eq!(d(2026, 12, 31).iso_week().week(), 53);
    for day in [
        d(2026, 12, 21),
        d(2026, 12, 31),
        d(2027, 1, 3),
        d(2027, 1, 10),
    ] {
        assert_eq!(cal.closed(day), closure("Year end"), "{day}");
    }
    assert_eq!(cal.closed(d(2026, 12, 20)), None, "week 51");
    assert_eq!(cal.closed(d(2027, 1, 11)), None, "week 2");
    assert!(cal.closed_week(d(2026, 12, 28)).is_some(), "week 53");
    // In 2027 (52 weeks) the span runs from week 52 into week 1 of 2028.
    let span = Span::YearlyWeeks { first: 52, last: 1 };
    assert_eq!(
        span.occurrence(2026),
        Some((d(2026, 12, 21), d(2027, 1, 10)))
    );
    assert_eq!(
        span.occurrence(2027),
        Some((d(2027, 12, 27), d(2028, 1, 9)))
    );
    // Fellesferie: weeks 28–30 are Monday to Sunday.
    let summer = Span::YearlyWeeks {
        first: 28,
        last: 30,
    };
    assert_eq!(
        summer.occurrence(2026),
        Some((d(2026, 7, 6), d(2026, 7, 26)))
    );
    // Week 53 in a year without one: no days, or the span starts after week 52 or ends there.
    let weeks = |first, last| Span::YearlyWeeks { first, last };
    let late = weeks(53, 53);
    assert_eq!(
        late.occurrence(2026),
        Some((d(2026, 12, 28), d(2027, 1, 3)))
    );
    assert_eq!(late.occurrence(2027), None);
    assert!(!late.contains(d(2027, 12, 31)));
    assert_eq!(
        weeks(53, 1).occurrence(2027),
        Some((d(2028, 1, 3), d(2028, 1, 9)))
    );
    assert_eq!(
        weeks(50, 53).occurrence(2027),
        Some((d(2027, 12, 13), d(2028, 1, 2)))
    );
}

#[test]
fn yearly_dates_wrap_the_year_end() {
    let cal = Calendar::new(None, norwegian_defaults());
    for day in [d(2026, 12, 24), d(2026, 12, 31), d(2027, 1, 1)] {
        assert_eq!(cal.closed(day), closure("Jul"), "{day}");
    }
    assert_eq!(cal.closed(d(2026, 12, 23)), None);
    assert_eq!(cal.closed(d(2027, 1, 2)), None);
    let jul = Span::YearlyDates {
        first: (12, 24),
        last: (1, 1),
    };
    assert_eq!(jul.occurrence(2026), Some((d(2026, 12, 24), d(2027, 1, 1))));
    let leap = Span::YearlyDates {
        first: (2, 29),
        last: (2, 29),
    };
    assert!(leap.contains(d(2028, 2, 29)));
    assert!(!leap.contains(d(2027, 2, 28)));
    assert_eq!(
        leap.occurrence(2028),
        Some((d(2028, 2, 29), d(2028, 2, 29)))
    );
}

#[test]
fn a_week_is_closed_when_three_of_its_working_days_are() {
    let cal = norway();
    // Easter 2026: Thursday and Friday only, so the week is open; so is Easter Monday's.
    assert_eq!(cal.closed_week(d(2026, 3, 30)), None);
    assert_eq!(cal.closed_week(d(2026, 4, 6)), None);
    // Fellesferie, whichever day of the week is given.
    assert_eq!(cal.closed_week(d(2026, 7, 6)), closure("Fellesferie"));
    assert_eq!(cal.closed_week(d(2026, 7, 22)), closure("Fellesferie"));
    assert_eq!(cal.closed_week(d(2026, 7, 27)), None, "week 31");
    // Christmas 2026: 24 Dec is a Thursday, so that week has two closed days; the next is
    // closed (and named after the closure, though it holds holidays too).
    assert_eq!(cal.closed_week(d(2026, 12, 21)), None);
    assert_eq!(cal.closed_week(d(2026, 12, 28)), closure("Jul"));
    // Two one-off days next to Ascension 2026 (Thursday 14 May) make three, named after the
    // closure; one is not enough. (No Norwegian week has three weekday holidays by itself.)
    let bridge = |last| {
        Calendar::new(
            Some(Country::Norway),
            vec![named(
                "Bridge",
                Span::Dates {
                    first: d(2026, 5, 13),
                    last,
                },
            )],
        )
    };
    assert_eq!(bridge(d(2026, 5, 13)).closed_week(d(2026, 5, 11)), None);
    assert_eq!(
        bridge(d(2026, 5, 15)).closed_week(d(2026, 5, 11)),
        closure("Bridge")
    );
    // A closure over the weekend only adds no working day.
    let weekend = Calendar::new(
        Some(Country::Norway),
        vec![named(
            "Weekend",
            Span::Dates {
                first: d(2026, 4, 4),
                last: d(2026, 4, 5),
            },
        )],
    );
    assert_eq!(weekend.closed_week(d(2026, 3, 30)), None);
}

#[test]
fn weeks_around_the_dst_changes_are_local_monday_to_sunday() {
    let cal = norway();
    let at = |y, m, day, h, min| chrono::Utc.with_ymd_and_hms(y, m, day, h, min, 0).unwrap();
    // Summer time starts Sunday 29 March 2026 (Oslo: UTC+1 until 01:00 UTC, then UTC+2).
    // 22:30 UTC that Sunday is already Monday 00:30 in Oslo: the next week.
    assert_eq!(
        local_week("Europe/Oslo", at(2026, 3, 29, 0, 30)),
        d(2026, 3, 23)
    );
    assert_eq!(
        local_week("Europe/Oslo", at(2026, 3, 29, 21, 59)),
        d(2026, 3, 23)
    );
    assert_eq!(
        local_week("Europe/Oslo", at(2026, 3, 29, 22, 30)),
        d(2026, 3, 30)
    );
    // Summer time ends Sunday 25 October 2026 (UTC+2, then UTC+1): Monday starts at 23:00 UTC.
    assert_eq!(
        local_week("Europe/Oslo", at(2026, 10, 25, 22, 30)),
        d(2026, 10, 19)
    );
    assert_eq!(
        local_week("Europe/Oslo", at(2026, 10, 25, 23, 30)),
        d(2026, 10, 26)
    );
    assert_eq!(
        local_week("Nowhere/Unknown", at(2026, 10, 25, 23, 30)),
        d(2026, 10, 19)
    );
    // The weeks themselves are seven local days, Monday to Sunday, whatever the clock did.
    for monday in [
        d(2026, 3, 23),
        d(2026, 3, 30),
        d(2026, 10, 19),
        d(2026, 10, 26),
    ] {
        let span = Span::Dates {
            first: monday,
            last: monday + chrono::Days::new(6),
        };
        let week = Calendar::new(None, vec![named("Week", span)]);
        let days = week.closed_days(
            monday - chrono::Days::new(3),
            monday + chrono::Days::new(10),
        );
        assert_eq!(days.len(), 7, "{monday}");
        assert_eq!(days[0].0.weekday(), Weekday::Mon);
        assert_eq!(days[6].0.weekday(), Weekday::Sun);
        assert!(week.closed_week(monday).is_some());
        assert_eq!(cal.closed_week(monday), None, "no Norwegian closure then");
    }
}

#[test]
fn closed_days_list_holidays_and_closure_days() {
    let cal = norway();
    let days = cal.closed_days(d(2026, 12, 20), d(2027, 1, 3));
    let dates: Vec<NaiveDate> = days.iter().map(|(day, _)| *day).collect();
    assert_eq!(dates.first(), Some(&d(2026, 12, 24)));
    assert_eq!(dates.last(), Some(&d(2027, 1, 1)));
    assert_eq!(dates.len(), 9);
    assert_eq!(days[1].1, holiday("holiday-no-christmas-day").unwrap());
    assert_eq!(days[0].1, closure("Jul").unwrap());
    let year = cal.holidays(d(2026, 6, 1), d(2027, 5, 31));
    assert_eq!(year.first().map(|h| h.1), Some("holiday-no-christmas-day"));
    assert_eq!(year.len(), 12, "a year from June holds each holiday once");
}

#[test]
fn countries_by_code() {
    assert_eq!(Country::parse("no"), Some(Country::Norway));
    assert_eq!(Country::parse(" NO "), Some(Country::Norway));
    assert_eq!(Country::parse("SE"), None);
    assert_eq!(Country::Norway.code(), "NO");
    assert_eq!(Country::of_time_zone("Europe/Oslo"), Some(Country::Norway));
    assert_eq!(Country::of_time_zone("Europe/Stockholm"), None);
}

// ----- Storage --------------------------------------------------------------------------------

fn invalid_fields(result: crate::domain::Result<Closure>) -> Vec<(&'static str, &'static str)> {
    match result {
        Err(Error::Invalid(errors)) => errors.0.iter().map(|e| (e.field, e.key)).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

#[test]
fn an_organisation_in_oslo_starts_with_the_norwegian_closures() {
    let t = TestDb::fresh();
    let mut c = t.conn();
    let acme = org(&mut c, "acme");
    let cal = Calendar::load(&mut c, acme).unwrap();
    assert_eq!(cal.country(), Some(Country::Norway));
    let stored: Vec<(String, Span)> = cal
        .closures()
        .iter()
        .map(|c| (c.name.clone(), c.span.clone()))
        .collect();
    let defaults: Vec<(String, Span)> = norwegian_defaults()
        .into_iter()
        .map(|c| (c.name, c.span))
        .collect();
    assert_eq!(stored, defaults);
    assert_eq!(
        orgs::find(&mut c, acme).unwrap().country(),
        Some(Country::Norway)
    );

    let stockholm = orgs::create(
        &mut c,
        &orgs::NewOrg {
            name: "Svea".into(),
            slug: "svea".into(),
            locale: crate::domain::Locale::En,
            time_zone: "Europe/Stockholm".into(),
        },
    )
    .unwrap();
    let cal = Calendar::load(&mut c, stockholm.id).unwrap();
    assert_eq!(cal.country(), None);
    assert!(cal.closures().is_empty());
}

#[test]
fn closures_are_added_changed_and_removed_within_the_organisation() {
    let t = TestDb::fresh();
    let mut c = t.conn();
    let acme = org(&mut c, "acme");
    let other = org(&mut c, "other");
    let autumn = named(
        " Høstferie ",
        Span::YearlyWeeks {
            first: 40,
            last: 40,
        },
    );
    let added = add(&mut c, acme, &autumn).unwrap();
    assert_eq!(added.name, "Høstferie");
    let id = added.id.unwrap();
    assert_eq!(list(&mut c, acme).unwrap().len(), 3);

    let once = named(
        "Move",
        Span::Dates {
            first: d(2027, 2, 1),
            last: d(2027, 2, 5),
        },
    );
    let changed = update(&mut c, acme, id, &once).unwrap();
    assert_eq!(changed.span, once.span);
    assert_eq!(find(&mut c, acme, id).unwrap().name, "Move");
    let yearly = named(
        "Leap",
        Span::YearlyDates {
            first: (2, 29),
            last: (3, 1),
        },
    );
    assert_eq!(update(&mut c, acme, id, &yearly).unwrap().span, yearly.span);

    // Another organisation sees none of it and cannot touch it.
    assert!(matches!(find(&mut c, other, id), Err(Error::NotFound)));
    assert!(matches!(
        update(&mut c, other, id, &once),
        Err(Error::NotFound)
    ));
    assert!(matches!(remove(&mut c, other, id), Err(Error::NotFound)));
    assert_eq!(list(&mut c, acme).unwrap().len(), 3);

    assert_eq!(remove(&mut c, acme, id).unwrap().name, "Leap");
    assert!(matches!(remove(&mut c, acme, id), Err(Error::NotFound)));
    assert_eq!(list(&mut c, acme).unwrap().len(), 2);
    assert_eq!(list(&mut c, other).unwrap().len(), 2);

    set_country(&mut c, acme, None).unwrap();
    assert_eq!(country(&mut c, acme).unwrap(), None);
    assert_eq!(country(&mut c, other).unwrap(), Some(Country::Norway));
    set_country(&mut c, acme, Some(Country::Norway)).unwrap();
    assert_eq!(country(&mut c, acme).unwrap(), Some(Country::Norway));
}

#[test]
fn bad_closures_are_refused_with_field_errors() {
    let t = TestDb::fresh();
    let mut c = t.conn();
    let acme = org(&mut c, "acme");
    let weeks = |first, last| Span::YearlyWeeks { first, last };
    assert_eq!(
        invalid_fields(add(&mut c, acme, &named("  ", weeks(1, 2)))),
        [("name", "field-closure-name-length")]
    );
    assert_eq!(
        invalid_fields(add(&mut c, acme, &named(&"x".repeat(81), weeks(1, 2)))),
        [("name", "field-closure-name-length")]
    );
    assert!(add(&mut c, acme, &named(&"ø".repeat(80), weeks(1, 2))).is_ok());
    assert_eq!(
        invalid_fields(add(&mut c, acme, &named("Weeks", weeks(0, 54)))),
        [
            ("first_week", "field-closure-week"),
            ("last_week", "field-closure-week")
        ]
    );
    let dates = |first, last| Span::YearlyDates { first, last };
    assert_eq!(
        invalid_fields(add(&mut c, acme, &named("Days", dates((2, 30), (13, 1))))),
        [
            ("first_day", "field-closure-day"),
            ("last_day", "field-closure-day")
        ]
    );
    let once = |first, last| Span::Dates { first, last };
    assert_eq!(
        invalid_fields(add(
            &mut c,
            acme,
            &named("Back", once(d(2027, 2, 5), d(2027, 2, 1)))
        )),
        [("last_date", "field-closure-order")]
    );
    assert_eq!(
        invalid_fields(add(
            &mut c,
            acme,
            &named("Long", once(d(2027, 1, 1), d(2028, 1, 2)))
        )),
        [("last_date", "field-closure-too-long")]
    );
    assert!(
        add(
            &mut c,
            acme,
            &named("Year", once(d(2027, 1, 1), d(2027, 12, 31)))
        )
        .is_ok()
    );
    let id = list(&mut c, acme).unwrap()[0].id.unwrap();
    assert_eq!(
        invalid_fields(update(&mut c, acme, id, &named("", weeks(1, 1)))),
        [("name", "field-closure-name-length")]
    );
    assert_eq!(list(&mut c, acme).unwrap()[0].name, "Fellesferie");
    // At most fifty.
    while list(&mut c, acme).unwrap().len() < store::MAX_CLOSURES as usize {
        add(&mut c, acme, &named("More", weeks(5, 5))).unwrap();
    }
    assert_eq!(
        invalid_fields(add(&mut c, acme, &named("One too many", weeks(5, 5)))),
        [("name", "field-closure-too-many")]
    );
    assert_eq!(list(&mut c, acme).unwrap().len(), 50);
}
