DROP TABLE key_results;
DROP TABLE objectives;
DROP TABLE workshop_teams;
DROP INDEX workshop_participants_person;
ALTER TABLE workshop_participants DROP COLUMN last_seen_at;
