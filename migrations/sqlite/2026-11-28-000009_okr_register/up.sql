-- The OKR register: objectives get a description and a status (workshop drafts wait for
-- the team to confirm them), key results a kind (number, percent, currency, yes/no); both
-- can be archived instead of deleted, so history stays.
ALTER TABLE objectives ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE objectives ADD COLUMN status TEXT NOT NULL DEFAULT 'active';
ALTER TABLE objectives ADD COLUMN archived_at TIMESTAMP;
ALTER TABLE key_results ADD COLUMN kind TEXT NOT NULL DEFAULT 'number';
ALTER TABLE key_results ADD COLUMN archived_at TIMESTAMP;
UPDATE objectives SET status = 'draft' WHERE workshop_id IS NOT NULL;
