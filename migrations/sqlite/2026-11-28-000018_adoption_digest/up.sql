-- The weekly adoption digest to ambassadors: sent once per person and week, unless the
-- person turned it off.
CREATE TABLE adoption_digests (
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    week_start DATE NOT NULL,
    PRIMARY KEY (person_id, week_start)
);
CREATE TABLE digest_opt_outs (
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE
);
