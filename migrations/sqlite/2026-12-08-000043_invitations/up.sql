-- Calendar invitations (iTIP, RFC 5546) for a weekly meeting series: who sends them (the
-- organiser; NULL: invitations off), the series' SEQUENCE, and each occurrence's own for
-- the updates and cancels of that occurrence alone. series_invitees holds who has the
-- series in their calendar, so that a member who joins gets it and one who leaves loses it.
ALTER TABLE meeting_series ADD COLUMN invites_by INTEGER;
ALTER TABLE meeting_series ADD COLUMN invite_sequence INTEGER NOT NULL DEFAULT 0;
ALTER TABLE meetings ADD COLUMN invite_sequence INTEGER NOT NULL DEFAULT 0;
CREATE TABLE series_invitees (
    series_id INTEGER NOT NULL REFERENCES meeting_series(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    PRIMARY KEY (series_id, person_id)
);
-- The invitation a mail carries (a text/calendar part), when it carries one.
ALTER TABLE mail_outbox ADD COLUMN calendar TEXT;
