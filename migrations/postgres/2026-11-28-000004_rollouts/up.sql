-- OKR rollouts: three phases with dates, the teams they cover, and a checklist per rollout.
CREATE TABLE rollouts (
    id SERIAL PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    all_teams BOOLEAN NOT NULL,
    prep_start DATE NOT NULL,
    prep_end DATE NOT NULL,
    workshop_start DATE NOT NULL,
    workshop_end DATE NOT NULL,
    followup_start DATE NOT NULL,
    followup_end DATE NOT NULL,
    routine_target DATE NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX rollouts_org ON rollouts(org_id);

CREATE TABLE rollout_teams (
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    rollout_id INTEGER NOT NULL REFERENCES rollouts(id) ON DELETE CASCADE,
    team_id INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    PRIMARY KEY (rollout_id, team_id)
);

CREATE TABLE checklist_items (
    id SERIAL PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    rollout_id INTEGER NOT NULL REFERENCES rollouts(id) ON DELETE CASCADE,
    phase TEXT NOT NULL,
    position INTEGER NOT NULL,
    seed_key TEXT,
    title TEXT,
    notes TEXT NOT NULL DEFAULT '',
    owner_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
    due_on DATE,
    done_at TIMESTAMP,
    done_by INTEGER REFERENCES people(id) ON DELETE SET NULL
);
CREATE INDEX checklist_items_rollout ON checklist_items(rollout_id, phase, position);
