DROP TABLE workshop_checkpoints;
