-- Meeting reminders are sent once per meeting; check-in nudges once per person and week,
-- unless the person turned them off.
ALTER TABLE meetings ADD COLUMN reminded_at TIMESTAMP;
CREATE TABLE check_in_nudges (
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    week_start DATE NOT NULL,
    PRIMARY KEY (person_id, week_start)
);
CREATE TABLE nudge_opt_outs (
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE
);
