ALTER TABLE adoption_alerts DROP COLUMN weeks;
