-- A meeting series' calendar feed: the secret in its URL, stored hashed (NULL: no feed).
ALTER TABLE meeting_series ADD COLUMN feed_hash TEXT;
CREATE UNIQUE INDEX meeting_series_feed ON meeting_series(feed_hash);
