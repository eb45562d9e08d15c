DROP INDEX sessions_account;
DROP INDEX sessions_person;
ALTER TABLE sessions DROP COLUMN account_id;
ALTER TABLE people ADD COLUMN email TEXT, ADD COLUMN password_hash TEXT,
    ADD COLUMN locale TEXT NOT NULL DEFAULT 'en';
UPDATE people p SET email = a.email, password_hash = a.password_hash, locale = a.locale
    FROM accounts a WHERE a.id = p.account_id;
ALTER TABLE people ALTER COLUMN email SET NOT NULL;
ALTER TABLE people ADD CONSTRAINT people_email_key UNIQUE (email);
DROP INDEX people_account;
DROP INDEX people_org_account;
ALTER TABLE people DROP COLUMN account_id;
DROP TABLE accounts;
