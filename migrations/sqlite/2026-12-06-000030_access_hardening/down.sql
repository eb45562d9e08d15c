ALTER TABLE api_tokens DROP COLUMN expires_at;
DROP INDEX login_attempts_ip_kind;
ALTER TABLE login_attempts DROP COLUMN kind;
DROP TABLE server_secrets;
