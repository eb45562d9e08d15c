-- Pre-workshop (and later) surveys. Anonymity by construction: a response of an anonymous
-- survey has no person and no invitation; the invitation only records that it was used, and
-- neither carries a time of answering.
CREATE TABLE surveys (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    rollout_id INTEGER REFERENCES rollouts(id) ON DELETE SET NULL,
    title TEXT NOT NULL,
    intro TEXT NOT NULL DEFAULT '',
    anonymous BOOLEAN NOT NULL,
    min_group_size INTEGER NOT NULL,
    opens_on DATE NOT NULL,
    closes_on DATE NOT NULL,
    reminder_days INTEGER NOT NULL,
    reminder_sent_at TIMESTAMP,
    closed_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX surveys_org ON surveys(org_id);

CREATE TABLE survey_questions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    survey_id INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    prompt TEXT NOT NULL,
    options TEXT NOT NULL DEFAULT '',
    required BOOLEAN NOT NULL
);
CREATE INDEX survey_questions_survey ON survey_questions(survey_id, position);

CREATE TABLE survey_invitations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    survey_id INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    team_id INTEGER REFERENCES teams(id) ON DELETE SET NULL,
    invited_at TIMESTAMP NOT NULL,
    reminded_at TIMESTAMP,
    used BOOLEAN NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX survey_invitations_person ON survey_invitations(survey_id, person_id);

-- Every mailed link is a row: an invitation and each reminder carry their own token.
CREATE TABLE survey_links (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    invitation_id INTEGER NOT NULL REFERENCES survey_invitations(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE
);

CREATE TABLE survey_responses (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    survey_id INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    team_id INTEGER REFERENCES teams(id) ON DELETE SET NULL,
    person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
    submitted_at TIMESTAMP
);
CREATE INDEX survey_responses_survey ON survey_responses(survey_id);

CREATE TABLE survey_answers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    response_id INTEGER NOT NULL REFERENCES survey_responses(id) ON DELETE CASCADE,
    question_id INTEGER NOT NULL REFERENCES survey_questions(id) ON DELETE CASCADE,
    choice INTEGER,
    choices TEXT,
    text TEXT
);
CREATE INDEX survey_answers_response ON survey_answers(response_id);
CREATE INDEX survey_answers_question ON survey_answers(question_id);
