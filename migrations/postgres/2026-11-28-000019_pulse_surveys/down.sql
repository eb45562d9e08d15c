ALTER TABLE surveys DROP COLUMN baseline_id;
