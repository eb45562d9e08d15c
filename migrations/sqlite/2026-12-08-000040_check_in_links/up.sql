-- Personal check-in links, mailed with the weekly nudge: whoever holds one checks in on
-- that person's key results for that week without signing in. Only the hash is stored;
-- a link expires after 7 days and can be revoked.
CREATE TABLE check_in_links (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash TEXT NOT NULL UNIQUE,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    week_start DATE NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);
CREATE INDEX check_in_links_person ON check_in_links(person_id);
