-- Triggers: which channel events run which action, on what condition, with which inputs.
CREATE TABLE trigger (
    id              uuid        PRIMARY KEY,
    workspace_id    uuid        NOT NULL REFERENCES workspace (id),
    name            text        NOT NULL,
    action_id       uuid        NOT NULL REFERENCES action (id),
    event_kinds     text        NOT NULL,
    condition       jsonb,
    input_bindings  jsonb       NOT NULL,
    enabled         boolean     NOT NULL,
    version         integer     NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);
CREATE INDEX trigger_action ON trigger (action_id);
