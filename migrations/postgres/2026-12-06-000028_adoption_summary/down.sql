DROP TABLE adoption_standings;
DROP TABLE adoption_totals;
