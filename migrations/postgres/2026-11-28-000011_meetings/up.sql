-- Meeting series per team (weekly OKR results meetings, quarterly OKR meetings), their
-- occurrences (stored, so one can be moved or cancelled, and held ones keep their record),
-- attendance per person, and check-ins made during a meeting.
CREATE TABLE meeting_series (
    id SERIAL PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    team_id INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    weekday INTEGER NOT NULL,
    start_time TEXT NOT NULL,
    duration_minutes INTEGER NOT NULL,
    starts_on DATE NOT NULL,
    ends_on DATE,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX meeting_series_team ON meeting_series(org_id, team_id);

CREATE TABLE meetings (
    id SERIAL PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    series_id INTEGER NOT NULL REFERENCES meeting_series(id) ON DELETE CASCADE,
    team_id INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    -- The occurrence this row is (the series' date), and when it actually is (moved or not).
    occurrence_on DATE NOT NULL,
    local_date DATE NOT NULL,
    starts_at TIMESTAMP NOT NULL,
    status TEXT NOT NULL,
    notes TEXT NOT NULL,
    decisions TEXT NOT NULL,
    held_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX meetings_occurrence ON meetings(series_id, occurrence_on);
CREATE INDEX meetings_team_date ON meetings(org_id, team_id, local_date);

CREATE TABLE attendance (
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    PRIMARY KEY (meeting_id, person_id)
);

CREATE TABLE meeting_check_ins (
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    check_in_id INTEGER NOT NULL REFERENCES check_ins(id) ON DELETE CASCADE,
    PRIMARY KEY (meeting_id, check_in_id)
);
