ALTER TABLE key_results DROP COLUMN archived_at;
ALTER TABLE key_results DROP COLUMN kind;
ALTER TABLE objectives DROP COLUMN archived_at;
ALTER TABLE objectives DROP COLUMN status;
ALTER TABLE objectives DROP COLUMN description;
