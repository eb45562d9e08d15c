-- A pulse survey re-runs an earlier survey (its baseline), e.g. 6 and 12 months after the
-- workshop, with the same questions, so the results can be compared.
ALTER TABLE surveys ADD COLUMN baseline_id INTEGER REFERENCES surveys(id) ON DELETE SET NULL;
