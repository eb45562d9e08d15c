-- Back to one organisation per address: each membership takes its account's address,
-- password and language (an account in several organisations cannot go back, and the
-- unique address refuses it).
PRAGMA foreign_keys = OFF;
BEGIN;

CREATE TABLE people_old (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    locale TEXT NOT NULL DEFAULT 'en',
    password_hash TEXT,
    active BOOLEAN NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
INSERT INTO people_old (id, org_id, email, name, locale, password_hash, active, created_at,
                        updated_at)
    SELECT p.id, p.org_id, a.email, p.name, a.locale, a.password_hash, p.active,
           p.created_at, p.updated_at
    FROM people p JOIN accounts a ON a.id = p.account_id;
DROP TABLE people;
ALTER TABLE people_old RENAME TO people;
CREATE INDEX people_org_name ON people(org_id, name);

CREATE TABLE sessions_old (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash TEXT NOT NULL UNIQUE,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    user_agent TEXT,
    address TEXT,
    last_seen_at TIMESTAMP
);
INSERT INTO sessions_old (id, token_hash, org_id, person_id, created_at, expires_at,
                          user_agent, address, last_seen_at)
    SELECT id, token_hash, org_id, person_id, created_at, expires_at, user_agent, address,
           last_seen_at
    FROM sessions;
DROP TABLE sessions;
ALTER TABLE sessions_old RENAME TO sessions;
DROP TABLE accounts;

COMMIT;
PRAGMA foreign_keys = ON;
