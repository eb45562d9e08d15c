DROP TABLE adoption_computed;
