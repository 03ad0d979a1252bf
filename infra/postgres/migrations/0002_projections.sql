-- Read-model generations. Each generation of a projection lives in its own schema
-- (rm_<projection>_<generation>), so a rebuild fills a new schema beside the one
-- readers use and a single UPDATE switches them over.

CREATE TABLE projection_generations (
  projection text NOT NULL,
  generation integer NOT NULL CHECK (generation >= 1),
  code_version integer NOT NULL,
  schema_name text NOT NULL UNIQUE,
  status text NOT NULL CHECK (status IN ('building', 'active', 'retired', 'failed')),
  -- Last log position applied: (transaction id, sequence), as the global-log reader orders it.
  commit_position xid8 NOT NULL DEFAULT '0',
  prepare_position bigint NOT NULL DEFAULT 0,
  events_applied bigint NOT NULL DEFAULT 0,
  last_event_recorded_at timestamptz,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  activated_at timestamptz,
  PRIMARY KEY (projection, generation)
);

CREATE UNIQUE INDEX projection_generations_one_active ON projection_generations (projection) WHERE status = 'active';
