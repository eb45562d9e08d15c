-- The old sizes are not kept: lowering them again would weaken a promise already made.
SELECT 1;
