-- How long an organisation's OKR periods are, in months: 3 (quarters, 2027-Q1), 4 (tertials,
-- 2027-T1) or 6 (half-years, 2027-H1).
ALTER TABLE organisations ADD COLUMN period_months INTEGER NOT NULL DEFAULT 3;
