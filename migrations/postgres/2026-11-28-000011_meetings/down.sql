DROP TABLE meeting_check_ins;
DROP TABLE attendance;
DROP TABLE meetings;
DROP TABLE meeting_series;
