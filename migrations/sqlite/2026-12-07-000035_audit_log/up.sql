-- The audit log: who changed what, when, and from which address. Append-only: the
-- triggers refuse to change or remove an entry once written.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    at TIMESTAMP NOT NULL,
    person_id INTEGER REFERENCES people(id),
    api_token_id INTEGER REFERENCES api_tokens(id),
    actor_name TEXT NOT NULL,
    address TEXT,
    entity TEXT NOT NULL,
    entity_id INTEGER,
    label TEXT NOT NULL,
    action TEXT NOT NULL,
    changes TEXT NOT NULL
);
CREATE INDEX audit_log_org ON audit_log(org_id, id);
CREATE INDEX audit_log_org_person ON audit_log(org_id, person_id, id);
CREATE INDEX audit_log_org_entity ON audit_log(org_id, entity, id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
