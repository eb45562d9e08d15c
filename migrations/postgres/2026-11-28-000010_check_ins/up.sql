-- Check-ins: a key result's new value with the owner's confidence (on track, at risk, off
-- track) and a short note. The latest one sets the key result's current value; all of them
-- are its history.
CREATE TABLE check_ins (
    id SERIAL PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    key_result_id INTEGER NOT NULL REFERENCES key_results(id) ON DELETE CASCADE,
    person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
    value DOUBLE PRECISION NOT NULL,
    confidence TEXT NOT NULL,
    note TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX check_ins_key_result ON check_ins(key_result_id, created_at);
CREATE INDEX check_ins_org_created ON check_ins(org_id, created_at);
