-- One sign-in identity (an account: the address, the password's hash, the language) may
-- belong to several organisations; `people` become memberships that point to accounts.
-- Every person so far gets an account with the same id, so nothing is lost or renumbered.
CREATE TABLE accounts (
    id SERIAL PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT,
    locale TEXT NOT NULL DEFAULT 'en',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
INSERT INTO accounts (id, email, password_hash, locale, created_at, updated_at)
    SELECT id, email, password_hash, locale, created_at, updated_at FROM people;
SELECT setval(pg_get_serial_sequence('accounts', 'id'),
              COALESCE((SELECT MAX(id) FROM accounts), 0) + 1, false);

ALTER TABLE people ADD COLUMN account_id INTEGER REFERENCES accounts(id);
UPDATE people SET account_id = id;
ALTER TABLE people ALTER COLUMN account_id SET NOT NULL;
ALTER TABLE people DROP COLUMN email, DROP COLUMN password_hash, DROP COLUMN locale;
CREATE UNIQUE INDEX people_org_account ON people(org_id, account_id);
CREATE INDEX people_account ON people(account_id);

-- A session belongs to an account and works inside one of its memberships at a time.
ALTER TABLE sessions ADD COLUMN account_id INTEGER REFERENCES accounts(id) ON DELETE CASCADE;
UPDATE sessions SET account_id = person_id;
ALTER TABLE sessions ALTER COLUMN account_id SET NOT NULL;
CREATE INDEX sessions_person ON sessions(person_id);
CREATE INDEX sessions_account ON sessions(account_id);
