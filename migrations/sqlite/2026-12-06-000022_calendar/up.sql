-- The organisation calendar (see src/domain/calendar): the country whose public holidays
-- count ('NO' or NULL for none), and the closures a leader keeps (fellesferie, Christmas, …).
-- A closure's span is one of three kinds:
--   yearly_weeks  every year, ISO weeks first_week..=last_week (may wrap the year end)
--   yearly_dates  every year, first_date..=last_date; only month and day count, stored in
--                 the year 2000 (a leap year, so 29 February fits); may wrap the year end
--   dates         once, first_date..=last_date
ALTER TABLE organisations ADD COLUMN country TEXT;

CREATE TABLE closures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('yearly_weeks', 'yearly_dates', 'dates')),
    first_week INTEGER,
    last_week INTEGER,
    first_date DATE,
    last_date DATE,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX closures_org ON closures(org_id);

-- Norwegian organisations start with the usual closures proposed (a leader can change them).
UPDATE organisations SET country = 'NO' WHERE time_zone = 'Europe/Oslo';
INSERT INTO closures (org_id, name, kind, first_week, last_week, created_at)
    SELECT id, 'Fellesferie', 'yearly_weeks', 28, 30, CURRENT_TIMESTAMP
    FROM organisations WHERE time_zone = 'Europe/Oslo';
INSERT INTO closures (org_id, name, kind, first_date, last_date, created_at)
    SELECT id, 'Jul', 'yearly_dates', '2000-12-24', '2000-01-01', CURRENT_TIMESTAMP
    FROM organisations WHERE time_zone = 'Europe/Oslo';
