DROP TABLE closures;
ALTER TABLE organisations DROP COLUMN country;
