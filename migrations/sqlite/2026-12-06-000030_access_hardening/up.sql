-- Issue #15, privacy against insiders (src/domain/csrf.rs, src/domain/auth.rs,
-- src/domain/api_tokens.rs).
-- Secrets every node shares, created on first use (the key CSRF tokens are signed with).
CREATE TABLE server_secrets (
    name TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
-- What a throttling row records: a password attempt or a request for an emailed sign-in link
-- (limited per client address on their own, never counted against password sign-in).
ALTER TABLE login_attempts ADD COLUMN kind TEXT NOT NULL DEFAULT 'password';
CREATE INDEX login_attempts_ip_kind ON login_attempts(ip, kind, at);
-- When an API token stops working; NULL means never (tokens made before this migration).
ALTER TABLE api_tokens ADD COLUMN expires_at TIMESTAMP;
