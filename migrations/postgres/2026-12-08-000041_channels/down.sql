DROP INDEX mail_outbox_channel_key;
DELETE FROM mail_outbox WHERE channel_id IS NOT NULL;
ALTER TABLE mail_outbox DROP COLUMN dedupe_key;
ALTER TABLE mail_outbox DROP COLUMN channel_id;
DROP TABLE channels;
