-- Single sign-on over OpenID Connect, per organisation: the provider (issuer, client id and
-- secret), how a new person is treated, whether SSO is required (with one break-glass
-- leader who may still use a password), and the email domains that lead the sign-in page
-- to it (a domain belongs to one organisation at most).
CREATE TABLE sso_configs (
    org_id INTEGER PRIMARY KEY REFERENCES organisations(id) ON DELETE CASCADE,
    issuer TEXT NOT NULL,
    client_id TEXT NOT NULL,
    client_secret TEXT NOT NULL,
    new_people TEXT NOT NULL,
    required BOOLEAN NOT NULL DEFAULT FALSE,
    break_glass_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE TABLE sso_domains (
    domain TEXT PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE
);
CREATE INDEX sso_domains_org ON sso_domains(org_id);

-- An account signs in through a provider as (issuer, subject), never by address alone.
CREATE TABLE account_identities (
    issuer TEXT NOT NULL,
    subject TEXT NOT NULL,
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (issuer, subject)
);

-- A sign-in sent to a provider and not back yet: the state (only its hash), the nonce and
-- the PKCE verifier. Used once; gone after ten minutes.
CREATE TABLE sso_requests (
    id SERIAL PRIMARY KEY,
    state_hash TEXT NOT NULL UNIQUE,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    nonce TEXT NOT NULL,
    pkce_verifier TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);

-- A session begun through an organisation's provider works in that organisation only.
ALTER TABLE sessions ADD COLUMN sso_org_id INTEGER REFERENCES organisations(id) ON DELETE CASCADE;
