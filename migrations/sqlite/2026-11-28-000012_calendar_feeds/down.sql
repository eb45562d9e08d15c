DROP INDEX meeting_series_feed;
ALTER TABLE meeting_series DROP COLUMN feed_hash;
