ALTER TABLE mail_outbox DROP COLUMN calendar;
DROP TABLE series_invitees;
ALTER TABLE meetings DROP COLUMN invite_sequence;
ALTER TABLE meeting_series DROP COLUMN invite_sequence;
ALTER TABLE meeting_series DROP COLUMN invites_by;
