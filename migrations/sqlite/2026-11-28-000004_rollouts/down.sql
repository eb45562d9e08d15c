DROP TABLE checklist_items;
DROP TABLE rollout_teams;
DROP TABLE rollouts;
