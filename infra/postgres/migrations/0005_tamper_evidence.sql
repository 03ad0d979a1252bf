-- Tamper evidence: every event carries a SHA-256 over its canonical content and the
-- previous event's hash in the same stream, so editing, deleting or reordering
-- events directly in PostgreSQL breaks the chain where it happened.
--
-- Canonical content (docs/audit.md gives the recipe for outside verifiers): the
-- lines below joined by "\n", UTF-8, hashed with SHA-256:
--   fleksi-event-v1, stream_id, stream_version, event_id, event_type, schema_version,
--   tenant_id, recorded_at (UTC, microseconds, ISO 8601 with Z), data as jsonb text,
--   metadata as jsonb text, previous hash in lower-case hex (64 zeros for version 1).

ALTER TABLE events ADD COLUMN previous_hash bytea;
ALTER TABLE events ADD COLUMN hash bytea;

CREATE FUNCTION fleksi_event_hash(
  stream_id text, stream_version bigint, event_id uuid, event_type text, schema_version integer,
  tenant_id text, recorded_at timestamptz, data jsonb, metadata jsonb, previous_hash bytea
) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
  SELECT sha256(convert_to(concat_ws(E'\n',
    'fleksi-event-v1',
    stream_id,
    stream_version::text,
    event_id::text,
    event_type,
    schema_version::text,
    tenant_id,
    to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    data::text,
    metadata::text,
    encode(previous_hash, 'hex')
  ), 'UTF8'))
$$;

-- Each statement inside this function sees rows committed before it runs and the rows
-- inserted earlier by the same statement, so a multi-event append chains correctly
-- and an append that waited for a concurrent one chains onto it.
CREATE FUNCTION events_chain_hash() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  previous bytea;
BEGIN
  IF NEW.stream_version = 1 THEN
    previous := decode(repeat('0', 64), 'hex');
  ELSE
    SELECT e.hash INTO previous FROM events e WHERE e.stream_id = NEW.stream_id AND e.stream_version = NEW.stream_version - 1;
    IF previous IS NULL THEN
      RAISE EXCEPTION 'event % of stream % has no predecessor to chain to', NEW.stream_version, NEW.stream_id;
    END IF;
  END IF;
  NEW.previous_hash := previous;
  NEW.hash := fleksi_event_hash(NEW.stream_id, NEW.stream_version, NEW.event_id, NEW.event_type, NEW.schema_version,
    NEW.tenant_id, NEW.recorded_at, NEW.data, NEW.metadata, previous);
  RETURN NEW;
END;
$$;

-- Chain events stored before this migration, stream by stream in version order.
ALTER TABLE events DISABLE TRIGGER events_append_only;
DO $$
DECLARE
  row record;
  previous bytea;
  current_stream text := NULL;
BEGIN
  FOR row IN SELECT global_position, stream_id, stream_version, event_id, event_type, schema_version, tenant_id, recorded_at, data, metadata
             FROM events ORDER BY stream_id, stream_version LOOP
    IF current_stream IS DISTINCT FROM row.stream_id THEN
      previous := decode(repeat('0', 64), 'hex');
      current_stream := row.stream_id;
    END IF;
    UPDATE events SET previous_hash = previous,
      hash = fleksi_event_hash(row.stream_id, row.stream_version, row.event_id, row.event_type, row.schema_version,
        row.tenant_id, row.recorded_at, row.data, row.metadata, previous)
    WHERE global_position = row.global_position
    RETURNING hash INTO previous;
  END LOOP;
END;
$$;
ALTER TABLE events ENABLE TRIGGER events_append_only;

ALTER TABLE events ALTER COLUMN previous_hash SET NOT NULL;
ALTER TABLE events ALTER COLUMN hash SET NOT NULL;

CREATE TRIGGER events_chain
  BEFORE INSERT ON events
  FOR EACH ROW EXECUTE FUNCTION events_chain_hash();

-- Digests of the global log up to a position: a Merkle root over the event hashes in
-- log order, with the roots of each 1,024-event segment kept so a later mismatch can
-- be located.
CREATE TABLE log_checkpoints (
  checkpoint_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  commit_position xid8 NOT NULL,
  prepare_position bigint NOT NULL,
  event_count bigint NOT NULL,
  root bytea NOT NULL,
  segment_roots bytea[] NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION log_checkpoints_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'log checkpoints are append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER log_checkpoints_append_only
  BEFORE UPDATE OR DELETE ON log_checkpoints
  FOR EACH ROW EXECUTE FUNCTION log_checkpoints_reject_change();
