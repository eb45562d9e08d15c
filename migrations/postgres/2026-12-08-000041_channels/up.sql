-- Channels in Microsoft Teams (a Workflows webhook) or Slack (an incoming webhook) that an
-- organisation, a department or a team connects. Hverdag posts its meeting reminders and
-- nudges (posts_meetings) and its adoption alerts and digest (posts_adoption) there.
-- The webhook URL is a secret: only its sealed form (encrypted with the server's key, which
-- is not in the database) and a hint to recognise it are stored.
CREATE TABLE channels (
    id SERIAL PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    team_id INTEGER REFERENCES teams(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    url_sealed TEXT NOT NULL,
    url_hint TEXT NOT NULL,
    posts_meetings BOOLEAN NOT NULL,
    posts_adoption BOOLEAN NOT NULL,
    status TEXT NOT NULL,
    problem TEXT,
    created_by INTEGER REFERENCES people(id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    changed_at TIMESTAMP NOT NULL
);
CREATE INDEX channels_org ON channels(org_id);

-- A channel post is a row of the outbox, like a mail, delivered by the channel worker.
-- dedupe_key makes queueing idempotent: one post per channel and thing (a meeting's
-- reminder, a week's digest, an alert).
ALTER TABLE mail_outbox ADD COLUMN channel_id INTEGER REFERENCES channels(id) ON DELETE CASCADE;
ALTER TABLE mail_outbox ADD COLUMN dedupe_key TEXT;
CREATE UNIQUE INDEX mail_outbox_channel_key ON mail_outbox(channel_id, dedupe_key);
