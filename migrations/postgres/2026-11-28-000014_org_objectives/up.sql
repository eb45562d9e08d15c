-- Organisation-level objectives for a quarter, which team objectives can align to.
CREATE TABLE org_objectives (
    id SERIAL PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    period TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    owner_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
    archived_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX org_objectives_period ON org_objectives(org_id, period);
ALTER TABLE objectives ADD COLUMN aligned_to INTEGER REFERENCES org_objectives(id) ON DELETE SET NULL;
