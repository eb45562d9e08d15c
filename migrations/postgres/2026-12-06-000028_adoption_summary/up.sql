-- The rollup summed up as it is written, so the dashboards read a few hundred rows instead
-- of every team's year: per organisation, week and stage, how many teams and their routine
-- figures added up (adoption_totals); per team, its standing over its recent weeks
-- (adoption_standings). The scheduler fills both when it first runs after this migration
-- (an organisation without standings is rebuilt), so nothing is backfilled here.
CREATE TABLE adoption_totals (
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    week_start DATE NOT NULL,
    stage TEXT NOT NULL,
    teams INTEGER NOT NULL,
    held INTEGER NOT NULL,
    due INTEGER NOT NULL,
    expected INTEGER NOT NULL,
    present INTEGER NOT NULL,
    active_krs INTEGER NOT NULL,
    checked_krs INTEGER NOT NULL,
    on_time_krs INTEGER NOT NULL,
    PRIMARY KEY (org_id, week_start, stage)
);

CREATE TABLE adoption_standings (
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    team_id INTEGER PRIMARY KEY NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    stage TEXT NOT NULL,
    streak INTEGER NOT NULL,
    since DATE,
    held INTEGER NOT NULL,
    due INTEGER NOT NULL,
    present INTEGER NOT NULL,
    expected INTEGER NOT NULL,
    checked INTEGER NOT NULL,
    active INTEGER NOT NULL
);
CREATE INDEX adoption_standings_org ON adoption_standings(org_id);
