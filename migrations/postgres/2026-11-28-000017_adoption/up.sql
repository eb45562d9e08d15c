-- Adoption health: the weekly routine of each team, rolled up (one row per team and ISO
-- week, recomputed when its weeks change; see src/domain/adoption), the at-risk alerts
-- found in it with the ambassadors' acknowledgements, and each organisation's stage
-- thresholds (JSON; NULL: the defaults).
ALTER TABLE organisations ADD COLUMN adoption_thresholds TEXT;

CREATE TABLE adoption_weeks (
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    team_id INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    week_start DATE NOT NULL,
    state TEXT NOT NULL,
    expected INTEGER NOT NULL,
    present INTEGER NOT NULL,
    active_krs INTEGER NOT NULL,
    checked_krs INTEGER NOT NULL,
    on_time_krs INTEGER NOT NULL,
    quarterly_held BOOLEAN NOT NULL,
    streak INTEGER NOT NULL,
    level TEXT NOT NULL,
    stage TEXT NOT NULL,
    PRIMARY KEY (team_id, week_start)
);
CREATE INDEX adoption_weeks_org ON adoption_weeks(org_id, week_start);

CREATE TABLE adoption_alerts (
    id SERIAL PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    team_id INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    first_week DATE NOT NULL,
    last_week DATE NOT NULL,
    value DOUBLE PRECISION,
    baseline DOUBLE PRECISION,
    created_at TIMESTAMP NOT NULL,
    acknowledged_at TIMESTAMP,
    acknowledged_by INTEGER REFERENCES people(id) ON DELETE SET NULL,
    note TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX adoption_alerts_episode ON adoption_alerts(team_id, kind, first_week);
CREATE INDEX adoption_alerts_org ON adoption_alerts(org_id, last_week);
