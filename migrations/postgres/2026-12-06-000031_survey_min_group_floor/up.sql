-- No survey shows a group smaller than three (see docs/security.md, "Insiders: survey
-- anonymity"): surveys made when two was allowed are raised to three. Raising is the one
-- change the settings always allowed once invitations were out (the smallest group can only
-- grow). No CHECK constraint: SQLite cannot add one to an existing table without rebuilding
-- it; the rule lives in `domain::surveys::anonymity`.
UPDATE surveys SET min_group_size = 3 WHERE min_group_size < 3;
