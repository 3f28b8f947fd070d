-- The executor no longer keeps a row per received event: the run log below records what each
-- event caused.
DROP TABLE received_event;

-- One row per run of an action: what was sent (redacted), what came back, what it produced and
-- the result published on action.results. run_id is derived from the run's cause, so a
-- redelivered event finds its run here and is not called again.
CREATE TABLE run (
    run_id            text        PRIMARY KEY,
    workspace_id      text        NOT NULL,
    mode              text        NOT NULL,
    action_id         text        NOT NULL,
    action_version    integer,
    trigger_id        text,
    invocation_id     text,
    source_event_id   text,
    conversation_id   text,
    status            text        NOT NULL,
    error_type        text,
    http_status       integer,
    duration_ms       bigint      NOT NULL,
    started_at        timestamptz NOT NULL,
    finished_at       timestamptz NOT NULL,
    detail            jsonb       NOT NULL,
    result            jsonb       NOT NULL,
    published         boolean     NOT NULL DEFAULT false
);
CREATE INDEX run_workspace_started ON run (workspace_id, started_at DESC);
CREATE INDEX run_action_started ON run (workspace_id, action_id, started_at DESC);
CREATE INDEX run_finished ON run (finished_at);
