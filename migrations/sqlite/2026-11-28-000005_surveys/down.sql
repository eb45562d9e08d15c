DROP TABLE survey_answers;
DROP TABLE survey_responses;
DROP TABLE survey_links;
DROP TABLE survey_invitations;
DROP TABLE survey_questions;
DROP TABLE surveys;
