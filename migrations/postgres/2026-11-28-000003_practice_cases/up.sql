-- Practice cases an organisation writes itself (the built-in ones live in the code).
CREATE TABLE practice_cases (
    id SERIAL PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    situation TEXT NOT NULL,
    model_answer TEXT NOT NULL DEFAULT '',
    locale TEXT NOT NULL DEFAULT 'en',
    created_by INTEGER REFERENCES people(id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    archived BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX practice_cases_org ON practice_cases(org_id, archived);
