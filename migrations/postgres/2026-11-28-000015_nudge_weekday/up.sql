-- The weekday (1 = Monday) from which an organisation's check-in nudges go out; NULL: the
-- deployment's default (--nudge-weekday).
ALTER TABLE organisations ADD COLUMN nudge_weekday INTEGER;
