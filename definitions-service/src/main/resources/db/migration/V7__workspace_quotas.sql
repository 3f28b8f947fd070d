-- A workspace's own request rate limit on the public APIs, set by a platform operator; without a row the
-- configured limit applies. Published on auth.tokens (key workspace_id:quota) for the services to enforce.
CREATE TABLE workspace_quota (
    workspace_id         uuid        PRIMARY KEY REFERENCES workspace (id),
    requests_per_minute  integer     NOT NULL CHECK (requests_per_minute > 0),
    updated_at           timestamptz NOT NULL,
    updated_by           text        NOT NULL
);
