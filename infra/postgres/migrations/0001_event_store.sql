-- The event log and the stream heads that guard optimistic concurrency.

CREATE TABLE event_streams (
  stream_id text PRIMARY KEY,
  tenant_id text NOT NULL,
  version bigint NOT NULL CHECK (version >= 0)
);

CREATE TABLE events (
  global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- Readers order the log by (transaction_id, global_position) and only read
  -- transactions older than every one still running, so an event committed late
  -- by a slow transaction with a lower sequence number is never skipped.
  transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
  event_id uuid NOT NULL UNIQUE,
  stream_id text NOT NULL,
  stream_version bigint NOT NULL CHECK (stream_version >= 1),
  event_type text NOT NULL,
  schema_version integer NOT NULL CHECK (schema_version >= 1),
  tenant_id text NOT NULL,
  data jsonb NOT NULL,
  metadata jsonb NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (stream_id, stream_version)
);

CREATE INDEX events_log_order ON events (transaction_id, global_position);
CREATE INDEX events_tenant_log_order ON events (tenant_id, transaction_id, global_position);

-- The log is append-only: corrections are new events.
CREATE FUNCTION events_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the event log is append-only: % on events is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER events_append_only
  BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION events_reject_change();

CREATE TRIGGER events_no_truncate
  BEFORE TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION events_reject_change();

-- Wakes live subscribers; they poll as well, so a lost notification only delays them.
CREATE FUNCTION events_notify_appended() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('fleksi_events', '');
  RETURN NULL;
END;
$$;

CREATE TRIGGER events_notify
  AFTER INSERT ON events
  FOR EACH STATEMENT EXECUTE FUNCTION events_notify_appended();
