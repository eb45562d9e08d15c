-- How many weeks an alert's episode counts (skipped weeks, like cancelled ones, left out).
ALTER TABLE adoption_alerts ADD COLUMN weeks INTEGER NOT NULL DEFAULT 1;
