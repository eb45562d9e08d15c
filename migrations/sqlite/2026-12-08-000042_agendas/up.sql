-- The agendas of the OKR meetings: the organisation's for each kind of meeting and language
-- (team_id NULL), and a team's own where it adjusted one. Without a row the built-in agenda
-- of that language applies. items: a JSON array of {"text", "minutes"}, in order.
CREATE TABLE agendas (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    team_id INTEGER REFERENCES teams(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    locale TEXT NOT NULL,
    items TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX agendas_one_per_place ON agendas(org_id, kind, locale, COALESCE(team_id, 0));

-- The agenda a meeting was held with, kept when it is recorded as held, so that changing an
-- agenda later never changes what a past meeting shows: {"en": [...], "nb": [...]}.
ALTER TABLE meetings ADD COLUMN agenda TEXT;
