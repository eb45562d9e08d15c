-- Presence across nodes: a connected participant's node refreshes last_seen_at; NULL when
-- they leave.
ALTER TABLE workshop_participants ADD COLUMN last_seen_at TIMESTAMP;
-- A signed-in person has one seat per workshop, however many tabs they open.
CREATE UNIQUE INDEX workshop_participants_person
    ON workshop_participants(workshop_id, person_id) WHERE person_id IS NOT NULL;

-- The teams a workshop is for (one or more).
CREATE TABLE workshop_teams (
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    team_id INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    PRIMARY KEY (workshop_id, team_id)
);

-- The OKR register: a team's objectives for a period (e.g. 2027-Q1) and their key results,
-- which follow-up check-ins move from start towards target.
CREATE TABLE objectives (
    id SERIAL PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    team_id INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    period TEXT NOT NULL,
    title TEXT NOT NULL,
    owner_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
    workshop_id INTEGER REFERENCES workshops(id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX objectives_team_period ON objectives(org_id, team_id, period);

CREATE TABLE key_results (
    id SERIAL PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    objective_id INTEGER NOT NULL REFERENCES objectives(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    unit TEXT NOT NULL,
    start_value DOUBLE PRECISION NOT NULL,
    target_value DOUBLE PRECISION NOT NULL,
    current_value DOUBLE PRECISION NOT NULL,
    owner_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX key_results_objective ON key_results(objective_id);
