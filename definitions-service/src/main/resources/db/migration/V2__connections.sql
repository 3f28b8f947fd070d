-- Authentication connections: how an action authenticates, and to which hosts it may be sent.
-- Secret values are sealed (AES-GCM) in `secrets`; nothing else holds them.
CREATE TABLE connection (
    id             uuid        PRIMARY KEY,
    workspace_id   uuid        NOT NULL REFERENCES workspace (id),
    name           text        NOT NULL,
    description    text,
    type           text        NOT NULL,
    allowed_hosts  text        NOT NULL,
    settings       jsonb       NOT NULL,
    secrets        text        NOT NULL,
    version        integer     NOT NULL,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    UNIQUE (workspace_id, name)
);
