-- The audit log: who changed what, when, and from which address. Append-only: the
-- trigger refuses to change or remove an entry once written.
CREATE TABLE audit_log (
    id SERIAL PRIMARY KEY,
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

CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
