-- A join counts who is here (capacity) and a resume finds its seat by token: both by index,
-- not by reading every seat of a room of thousands.
CREATE INDEX workshop_participants_seen ON workshop_participants(workshop_id, last_seen_at);
CREATE INDEX workshop_participants_resume ON workshop_participants(workshop_id, resume_hash);
