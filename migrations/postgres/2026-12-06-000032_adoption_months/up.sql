-- Each team's routine figures per calendar month (a week counts in the month of its Monday),
-- kept in step with the rollup as it is written, so the cohort view reads a row per team
-- and month instead of every team's weeks. Emptying the standings makes the scheduler
-- rebuild each organisation's rollup once (an organisation without standings is rebuilt),
-- which fills the months; nothing is backfilled here.
CREATE TABLE adoption_months (
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    team_id INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    month DATE NOT NULL,
    held INTEGER NOT NULL,
    due INTEGER NOT NULL,
    present INTEGER NOT NULL,
    expected INTEGER NOT NULL,
    checked INTEGER NOT NULL,
    on_time INTEGER NOT NULL,
    active INTEGER NOT NULL,
    first_held DATE,
    routine_at_end BOOLEAN NOT NULL,
    PRIMARY KEY (team_id, month)
);
CREATE INDEX adoption_months_org ON adoption_months(org_id, month);

DELETE FROM adoption_standings;
