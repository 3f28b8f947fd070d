-- Workspaces: the unit of isolation.
CREATE TABLE workspace (
    id          uuid        PRIMARY KEY,
    name        text        NOT NULL,
    created_at  timestamptz NOT NULL
);

-- API tokens: only the SHA-256 of the secret is stored.
CREATE TABLE api_token (
    id            uuid        PRIMARY KEY,
    workspace_id  uuid        NOT NULL REFERENCES workspace (id),
    name          text        NOT NULL,
    token_sha256  text        NOT NULL UNIQUE,
    scopes        text        NOT NULL,
    created_at    timestamptz NOT NULL,
    revoked_at    timestamptz
);
CREATE INDEX api_token_workspace ON api_token (workspace_id, created_at);

-- Outbox: records to publish on Kafka, written in the transaction of the change they announce.
CREATE TABLE outbox_message (
    id           bigserial   PRIMARY KEY,
    event_id     uuid        NOT NULL,
    topic        text        NOT NULL,
    message_key  text        NOT NULL,
    event_type   text        NOT NULL,
    payload      text,
    created_at   timestamptz NOT NULL
);
