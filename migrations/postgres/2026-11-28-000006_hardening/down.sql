DROP INDEX team_memberships_current;
ALTER TABLE survey_responses DROP COLUMN sealed;
