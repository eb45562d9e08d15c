-- Invitations to join an organisation: a leader names the address, the person's name, a
-- role and optionally a team; the invitee accepts through an emailed single-use link that
-- expires (only its hash is stored), and becomes a person of the organisation.
CREATE TABLE invites (
    id SERIAL PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    team_id INTEGER REFERENCES teams(id) ON DELETE SET NULL,
    token_hash TEXT NOT NULL UNIQUE,
    invited_by INTEGER NOT NULL REFERENCES people(id),
    created_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    accepted_at TIMESTAMP,
    withdrawn_at TIMESTAMP,
    person_id INTEGER REFERENCES people(id)
);
CREATE INDEX invites_org ON invites(org_id, id);
