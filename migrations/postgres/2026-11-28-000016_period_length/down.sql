ALTER TABLE organisations DROP COLUMN period_months;
