DROP TABLE adoption_jobs;
