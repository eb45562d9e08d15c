-- Background recomputes of an organisation's adoption rollup (src/domain/adoption/recompute.rs):
-- one row per requested recompute, worked through in team id order a few teams per write
-- transaction, by whichever node holds the lease (locked_by, lease_until).
CREATE TABLE adoption_jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    reason TEXT NOT NULL,
    status TEXT NOT NULL,
    teams_total INTEGER NOT NULL DEFAULT 0,
    teams_done INTEGER NOT NULL DEFAULT 0,
    cursor_team_id INTEGER,
    locked_by TEXT,
    lease_until TIMESTAMP,
    error TEXT,
    created_at TIMESTAMP NOT NULL,
    started_at TIMESTAMP,
    finished_at TIMESTAMP
);
CREATE INDEX adoption_jobs_runnable ON adoption_jobs(status, id);
CREATE INDEX adoption_jobs_org ON adoption_jobs(org_id, id);
