//! Calendar invitations as iTIP (RFC 5546) objects: a weekly series as one recurring event
//! (`RRULE`) at its local time in the organisation's zone, with that zone's `VTIMEZONE`, so
//! that Outlook, Google Calendar and Apple Calendar show it as an ordinary meeting; the
//! update or cancel of one occurrence (`RECURRENCE-ID`); the cancel of the whole series.
//! The text is written here (escaped and folded as RFC 5545 says), because the `icalendar`
//! crate writes neither `VTIMEZONE` nor parameters on `RECURRENCE-ID`.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;

/// What an invitation asks of the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Add or update.
    Request,
    /// Remove.
    Cancel,
}

/// Everything an invitation says.
#[derive(Debug, Clone)]
pub struct Invitation<'a> {
    pub method: Method,
    /// Stable for the series: `series-<id>@<host>`.
    pub uid: String,
    /// Higher with every change the attendees should take.
    pub sequence: i32,
    pub summary: &'a str,
    pub description: &'a str,
    pub url: &'a str,
    /// Name and address.
    pub organiser: (&'a str, &'a str),
    pub attendees: &'a [(String, String)],
    pub zone: Tz,
    /// The first meeting's local start (for one occurrence: its new start).
    pub start: NaiveDateTime,
    pub minutes: i32,
    /// The series' last day, if it ends.
    pub until: Option<NaiveDate>,
    /// For one occurrence: its original local start.
    pub occurrence: Option<NaiveDateTime>,
    /// For the series: the local starts of occurrences already cancelled (`EXDATE`).
    pub exceptions: &'a [NaiveDateTime],
    pub stamp: DateTime<Utc>,
}

const LOCAL: &str = "%Y%m%dT%H%M%S";

/// Escapes a TEXT value (RFC 5545 §3.3.11).
fn text(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace("\r\n", "\\n")
        .replace('\n', "\\n")
}

/// Folds a content line at 75 octets, never inside a character (RFC 5545 §3.1).
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

fn offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.abs();
    format!("{sign}{:02}{:02}", s / 3600, (s % 3600) / 60)
}

/// The zone's changes of offset in `year`: (the instant, the offset before, after).
fn transitions(zone: Tz, year: i32) -> Vec<(DateTime<Utc>, i32, i32)> {
    let at = |t: DateTime<Utc>| t.with_timezone(&zone).offset().fix().local_minus_utc();
    let Some(first) = NaiveDate::from_ymd_opt(year, 1, 1) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut day = Utc.from_utc_datetime(&first.and_time(chrono::NaiveTime::MIN));
    while day.year() == year {
        let next = day + Duration::days(1);
        if at(day) != at(next) {
            // Narrow it down to the second.
            let (mut lo, mut hi) = (day, next);
            while hi - lo > Duration::seconds(1) {
                let mid = lo + (hi - lo) / 2;
                if at(mid) == at(lo) {
                    lo = mid
                } else {
                    hi = mid
                }
            }
            out.push((hi, at(lo), at(hi)));
        }
        day = next;
    }
    out
}

/// The `VTIMEZONE` of `zone`, with yearly rules taken from its changes in `year` (the last,
/// or the n-th, weekday of the month, as zones with daylight saving time write them).
fn vtimezone(zone: Tz, year: i32, lines: &mut Vec<String>) {
    lines.push("BEGIN:VTIMEZONE".into());
    lines.push(format!("TZID:{}", zone.name()));
    let changes = transitions(zone, year);
    if changes.is_empty() {
        let jan = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default();
        let off = offset(zone.offset_from_utc_date(&jan).fix().local_minus_utc());
        lines.extend([
            "BEGIN:STANDARD".into(),
            "DTSTART:19700101T000000".into(),
            format!("TZOFFSETFROM:{off}"),
            format!("TZOFFSETTO:{off}"),
            "END:STANDARD".into(),
        ]);
    }
    let standard = changes.iter().map(|c| c.2).min().unwrap_or(0);
    for (at, from, to) in changes {
        let local = (at + Duration::seconds(i64::from(from))).naive_utc();
        let day = local.date();
        let week = if day.day() + 7 > last_day(day) {
            -1
        } else {
            ((day.day() - 1) / 7 + 1) as i32
        };
        let weekday = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
            [day.weekday().num_days_from_monday() as usize];
        let kind = if to > standard {
            "DAYLIGHT"
        } else {
            "STANDARD"
        };
        let name = at.with_timezone(&zone).format("%Z").to_string();
        lines.extend([
            format!("BEGIN:{kind}"),
            format!("DTSTART:{}", local.format(LOCAL)),
            format!(
                "RRULE:FREQ=YEARLY;BYMONTH={};BYDAY={week}{weekday}",
                day.month()
            ),
            format!("TZOFFSETFROM:{}", offset(from)),
            format!("TZOFFSETTO:{}", offset(to)),
            format!("TZNAME:{name}"),
            format!("END:{kind}"),
        ]);
    }
    lines.push("END:VTIMEZONE".into());
}

fn last_day(day: NaiveDate) -> u32 {
    let next = if day.month() == 12 {
        NaiveDate::from_ymd_opt(day.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(day.year(), day.month() + 1, 1)
    };
    next.and_then(|d| d.pred_opt()).map_or(31, |d| d.day())
}

/// The invitation as an iCalendar object.
pub fn render(i: &Invitation) -> String {
    let method = match i.method {
        Method::Request => "REQUEST",
        Method::Cancel => "CANCEL",
    };
    let tz = i.zone.name();
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        "PRODID:-//Hverdag//OKR meetings//EN".into(),
        format!("METHOD:{method}"),
    ];
    vtimezone(i.zone, i.start.year(), &mut lines);
    lines.push("BEGIN:VEVENT".into());
    lines.push(format!("UID:{}", i.uid));
    lines.push(format!("SEQUENCE:{}", i.sequence));
    lines.push(format!("DTSTAMP:{}", i.stamp.format("%Y%m%dT%H%M%SZ")));
    lines.push(format!("DTSTART;TZID={tz}:{}", i.start.format(LOCAL)));
    let end = i.start + Duration::minutes(i64::from(i.minutes));
    lines.push(format!("DTEND;TZID={tz}:{}", end.format(LOCAL)));
    match i.occurrence {
        Some(original) => lines.push(format!(
            "RECURRENCE-ID;TZID={tz}:{}",
            original.format(LOCAL)
        )),
        None => {
            let day = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
                [i.start.weekday().num_days_from_monday() as usize];
            let until = i.until.map_or(String::new(), |d| {
                let last = d.and_hms_opt(23, 59, 59).unwrap_or_default();
                let utc = i
                    .zone
                    .from_local_datetime(&last)
                    .earliest()
                    .map_or(last, |t| t.naive_utc());
                format!(";UNTIL={}", utc.format("%Y%m%dT%H%M%SZ"))
            });
            lines.push(format!("RRULE:FREQ=WEEKLY;BYDAY={day}{until}"));
            if !i.exceptions.is_empty() {
                let days: Vec<String> = i
                    .exceptions
                    .iter()
                    .map(|d| d.format(LOCAL).to_string())
                    .collect();
                lines.push(format!("EXDATE;TZID={tz}:{}", days.join(",")));
            }
        }
    }
    lines.push(format!("SUMMARY:{}", text(i.summary)));
    lines.push(format!("DESCRIPTION:{}", text(i.description)));
    lines.push(format!("URL:{}", i.url));
    let (name, address) = i.organiser;
    lines.push(format!(
        "ORGANIZER;CN=\"{}\":mailto:{address}",
        name.replace('"', "")
    ));
    for (name, address) in i.attendees {
        lines.push(format!(
            "ATTENDEE;CN=\"{}\";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:{address}",
            name.replace('"', "")
        ));
    }
    let status = match i.method {
        Method::Request => "CONFIRMED",
        Method::Cancel => "CANCELLED",
    };
    lines.push(format!("STATUS:{status}"));
    lines.push("TRANSP:OPAQUE".into());
    lines.push("END:VEVENT".into());
    lines.push("END:VCALENDAR".into());
    let mut out = String::new();
    for line in &lines {
        fold(line, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oslo_changes_on_the_last_sundays_of_march_and_october() {
        let mut lines = Vec::new();
        vtimezone(chrono_tz::Europe::Oslo, 2027, &mut lines);
        let text = lines.join("\n");
        assert!(text.contains("BEGIN:DAYLIGHT\nDTSTART:20270328T020000\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0200"), "{text}");
        assert!(text.contains("BEGIN:STANDARD\nDTSTART:20271031T030000\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0100"), "{text}");
        let mut utc = Vec::new();
        vtimezone(chrono_tz::UTC, 2027, &mut utc);
        assert!(utc.contains(&"TZOFFSETTO:+0000".to_owned()), "{utc:?}");
    }

    #[test]
    fn long_lines_fold_at_75_octets_between_characters() {
        let mut out = String::new();
        fold(&format!("DESCRIPTION:{}", "ø".repeat(60)), &mut out);
        assert!(out.split("\r\n").all(|l| l.len() <= 75), "{out}");
        assert_eq!(
            out.replace("\r\n ", ""),
            format!("DESCRIPTION:{}\r\n", "ø".repeat(60))
        );
        assert_eq!(text("a;b,c\nd\\"), "a\\;b\\,c\\nd\\\\");
    }
}
