"""Parses the iCalendar invitations (a JSON list of texts, from the file named first) with
the Python `icalendar` package, an independent parser, and prints what each says as JSON:
its METHOD, and for its event the UID, SEQUENCE, DTSTART (with its TZID), the recurrence
rule, RECURRENCE-ID and STATUS, and the time zones it defines. Exits 1 when one does not
parse."""
import json
import sys

import icalendar

out = []
for text in json.load(open(sys.argv[1], encoding="utf-8")):
    cal = icalendar.Calendar.from_ical(text)
    zones = [str(z["TZID"]) for z in cal.walk("VTIMEZONE")]
    # Every VTIMEZONE must give a working zone (its rules expanded by the parser).
    for z in cal.walk("VTIMEZONE"):
        z.to_tz()
    events = cal.walk("VEVENT")
    assert len(events) == 1, "one event per invitation"
    e = events[0]
    start = e.decoded("DTSTART")
    rid = e.get("RECURRENCE-ID")
    out.append({
        "method": str(cal["METHOD"]),
        "uid": str(e["UID"]),
        "sequence": int(e["SEQUENCE"]),
        "start": start.isoformat(),
        "start_tzid": e["DTSTART"].params.get("TZID"),
        "utc_offset": start.utcoffset().total_seconds() if start.utcoffset() is not None else None,
        "rrule": e["RRULE"].to_ical().decode() if "RRULE" in e else None,
        "recurrence_id": e.decoded("RECURRENCE-ID").isoformat() if rid is not None else None,
        "status": str(e.get("STATUS")),
        "summary": str(e.get("SUMMARY")),
        "description": str(e.get("DESCRIPTION")),
        "organizer": str(e.get("ORGANIZER")),
        "attendees": [str(a) for a in (e.get("ATTENDEE") if isinstance(e.get("ATTENDEE"), list) else [e.get("ATTENDEE")])],
        "zones": zones,
        "exdates": [d.dt.isoformat() for ex in (e.get("EXDATE") if isinstance(e.get("EXDATE"), list) else [e.get("EXDATE")]) if ex is not None for d in ex.dts],
    })
print(json.dumps(out))
