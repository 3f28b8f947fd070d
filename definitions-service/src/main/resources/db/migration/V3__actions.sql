-- Actions: the editable draft, and the state (draft or live) with the live version's number.
CREATE TABLE action (
    id            uuid        PRIMARY KEY,
    workspace_id  uuid        NOT NULL REFERENCES workspace (id),
    name          text        NOT NULL,
    state         text        NOT NULL,
    draft         jsonb       NOT NULL,
    live_version  integer,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);
CREATE UNIQUE INDEX action_name ON action (workspace_id, lower(name));

-- Published versions: immutable, numbered from 1 per action.
CREATE TABLE action_version (
    action_id     uuid        NOT NULL REFERENCES action (id) ON DELETE CASCADE,
    version       integer     NOT NULL,
    name          text        NOT NULL,
    definition    jsonb       NOT NULL,
    published_at  timestamptz NOT NULL,
    PRIMARY KEY (action_id, version)
);
