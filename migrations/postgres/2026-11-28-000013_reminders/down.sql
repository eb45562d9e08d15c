DROP TABLE nudge_opt_outs;
DROP TABLE check_in_nudges;
ALTER TABLE meetings DROP COLUMN reminded_at;
