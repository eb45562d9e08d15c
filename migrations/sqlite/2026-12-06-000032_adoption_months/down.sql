DROP TABLE adoption_months;
