ALTER TABLE organisations DROP COLUMN nudge_weekday;
