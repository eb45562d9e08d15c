-- Anonymous responses are "sealed" by a batch rewrite after they arrive (see
-- domain::surveys::answers::seal), so that nothing the database keeps about the writing
-- transaction links them to the invitation that was used in the same transaction.
ALTER TABLE survey_responses ADD COLUMN sealed BOOLEAN NOT NULL DEFAULT 0;

-- One current membership per person and team, even under concurrent requests.
CREATE UNIQUE INDEX team_memberships_current ON team_memberships(team_id, person_id) WHERE left_on IS NULL;
