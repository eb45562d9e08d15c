-- One sign-in identity (an account: the address, the password's hash, the language) may
-- belong to several organisations; `people` become memberships that point to accounts.
-- Every person so far gets an account with the same id, so nothing is lost or renumbered.
-- The table rebuild follows https://www.sqlite.org/lang_altertable.html#otheralter: foreign
-- keys off (so dropping the old `people` cascades nowhere), one transaction, a foreign key
-- check before it commits.
PRAGMA foreign_keys = OFF;
BEGIN;

CREATE TABLE accounts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT,
    locale TEXT NOT NULL DEFAULT 'en',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
INSERT INTO accounts (id, email, password_hash, locale, created_at, updated_at)
    SELECT id, email, password_hash, locale, created_at, updated_at FROM people;

CREATE TABLE people_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    name TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
INSERT INTO people_new (id, org_id, account_id, name, active, created_at, updated_at)
    SELECT id, org_id, id, name, active, created_at, updated_at FROM people;
DROP TABLE people;
ALTER TABLE people_new RENAME TO people;
CREATE INDEX people_org_name ON people(org_id, name);
CREATE UNIQUE INDEX people_org_account ON people(org_id, account_id);
CREATE INDEX people_account ON people(account_id);

-- A session belongs to an account and works inside one of its memberships at a time.
CREATE TABLE sessions_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash TEXT NOT NULL UNIQUE,
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    user_agent TEXT,
    address TEXT,
    last_seen_at TIMESTAMP
);
INSERT INTO sessions_new (id, token_hash, account_id, org_id, person_id, created_at,
                          expires_at, user_agent, address, last_seen_at)
    SELECT id, token_hash, person_id, org_id, person_id, created_at, expires_at, user_agent,
           address, last_seen_at
    FROM sessions;
DROP TABLE sessions;
ALTER TABLE sessions_new RENAME TO sessions;
CREATE INDEX sessions_person ON sessions(person_id);
CREATE INDEX sessions_account ON sessions(account_id);

-- Aborts (and so rolls back) when a reference no longer resolves.
CREATE TEMP TABLE fk_problems AS SELECT * FROM pragma_foreign_key_check WHERE 0;
CREATE TEMP TRIGGER fk_guard BEFORE INSERT ON fk_problems
BEGIN
    SELECT RAISE(ABORT, 'foreign key check failed');
END;
INSERT INTO fk_problems SELECT * FROM pragma_foreign_key_check;
DROP TABLE fk_problems;

COMMIT;
PRAGMA foreign_keys = ON;
