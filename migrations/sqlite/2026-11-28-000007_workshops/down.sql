DROP TABLE workshop_events;
DROP TABLE workshop_participants;
DROP TABLE workshops;
