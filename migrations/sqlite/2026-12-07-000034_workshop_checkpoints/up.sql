-- The board of a workshop room as of a `seq`, written every thousand events: a node that
-- opens the room (first join, restart) reads it and the events after it, not the whole log.
CREATE TABLE workshop_checkpoints (
    workshop_id INTEGER PRIMARY KEY REFERENCES workshops(id) ON DELETE CASCADE,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    state TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
