ALTER TABLE sessions DROP COLUMN sso_org_id;
DROP TABLE sso_requests;
DROP TABLE account_identities;
DROP TABLE sso_domains;
DROP TABLE sso_configs;
