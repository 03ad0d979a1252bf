-- Kafka between the event log and the projectors (package @fleksi/kafka-bridge).
--
-- The relay publishes the global log to a topic and keeps its own checkpoint here,
-- moved only after Kafka acknowledged the events. Kafka-fed projectors keep their
-- per-partition progress here too, written in the same transaction as the read-model
-- changes, so PostgreSQL, not Kafka's committed offsets, says what was applied.

CREATE TABLE kafka_relay_checkpoints (
  topic text PRIMARY KEY,
  -- Last log position published and acknowledged: (transaction id, sequence).
  commit_position xid8 NOT NULL DEFAULT '0',
  prepare_position bigint NOT NULL DEFAULT 0,
  events_published bigint NOT NULL DEFAULT 0,
  last_event_recorded_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- After each acknowledged batch the relay records the log position it reached and
-- every partition's end offset at that moment: every event up to that position lies
-- below those offsets. A projector whose stored offsets all reach a mark has applied
-- everything up to the mark's position.
CREATE TABLE kafka_relay_marks (
  topic text NOT NULL REFERENCES kafka_relay_checkpoints (topic) ON DELETE CASCADE,
  commit_position xid8 NOT NULL,
  prepare_position bigint NOT NULL,
  -- end_offsets[i] is the end offset of partition i - 1.
  end_offsets bigint[] NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (topic, commit_position, prepare_position)
);

-- Next offset to apply, per projection generation and partition.
CREATE TABLE projection_kafka_offsets (
  projection text NOT NULL,
  generation integer NOT NULL,
  topic text NOT NULL,
  partition integer NOT NULL CHECK (partition >= 0),
  next_offset bigint NOT NULL CHECK (next_offset >= 0),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (projection, generation, topic, partition),
  FOREIGN KEY (projection, generation) REFERENCES projection_generations (projection, generation) ON DELETE CASCADE
);

-- The highest log position up to which a Kafka-fed generation has applied every
-- event. It only grows, and projectors copy it into projection_generations, so
-- `?minPosition=` and `projections status` keep their meaning with the Kafka source.
CREATE TABLE projection_kafka_watermarks (
  projection text NOT NULL,
  generation integer NOT NULL,
  topic text NOT NULL,
  commit_position xid8 NOT NULL,
  prepare_position bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (projection, generation, topic),
  FOREIGN KEY (projection, generation) REFERENCES projection_generations (projection, generation) ON DELETE CASCADE
);
