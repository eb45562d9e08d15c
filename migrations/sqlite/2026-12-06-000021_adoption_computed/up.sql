-- When each organisation's adoption rollup was last brought up to date (pages show it).
CREATE TABLE adoption_computed (
    org_id INTEGER PRIMARY KEY NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    computed_at TIMESTAMP NOT NULL
);
