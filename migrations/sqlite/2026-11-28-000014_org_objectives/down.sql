ALTER TABLE objectives DROP COLUMN aligned_to;
DROP TABLE org_objectives;
