-- Live workshops: the room's state is the fold of an append-only event log; seq is strictly
-- increasing per workshop (unique), and an event is stored before anyone hears of it.
CREATE TABLE workshops (
    id SERIAL PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    rollout_id INTEGER REFERENCES rollouts(id) ON DELETE SET NULL,
    facilitator_id INTEGER NOT NULL REFERENCES people(id),
    title TEXT NOT NULL,
    locale TEXT NOT NULL,
    join_code TEXT NOT NULL UNIQUE,
    agenda TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX workshops_org ON workshops(org_id);

CREATE TABLE workshop_participants (
    id SERIAL PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
    display_name TEXT NOT NULL,
    resume_hash TEXT NOT NULL UNIQUE,
    facilitator BOOLEAN NOT NULL,
    joined_at TIMESTAMP NOT NULL
);
CREATE INDEX workshop_participants_workshop ON workshop_participants(workshop_id);

CREATE TABLE workshop_events (
    id SERIAL PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    participant_id INTEGER REFERENCES workshop_participants(id) ON DELETE SET NULL,
    payload TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX workshop_events_seq ON workshop_events(workshop_id, seq);
