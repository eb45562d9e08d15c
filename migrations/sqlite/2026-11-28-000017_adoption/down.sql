DROP TABLE adoption_alerts;
DROP TABLE adoption_weeks;
ALTER TABLE organisations DROP COLUMN adoption_thresholds;
