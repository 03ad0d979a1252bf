-- A NOTIFY inside every append made commits take PostgreSQL's notify queue lock one
-- at a time, which halved append throughput under concurrency. Writers now send one
-- debounced NOTIFY after appending, outside the append's transaction.
DROP TRIGGER events_notify ON events;
DROP FUNCTION events_notify_appended();
