ALTER TABLE meetings DROP COLUMN agenda;
DROP INDEX agendas_one_per_place;
DROP TABLE agendas;
