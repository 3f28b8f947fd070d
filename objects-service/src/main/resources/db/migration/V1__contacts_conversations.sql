-- Contacts of a workspace, created and updated from channel events.
CREATE TABLE contact (
    id                 text        PRIMARY KEY,
    workspace_id       text        NOT NULL,
    external_id        text        NOT NULL,
    role               text        NOT NULL,
    name               text,
    email              text,
    custom_attributes  jsonb       NOT NULL DEFAULT '{}',
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    UNIQUE (workspace_id, external_id)
);

-- Conversations of a workspace, with their contact and last activity.
CREATE TABLE conversation (
    id                 text        PRIMARY KEY,
    workspace_id       text        NOT NULL,
    external_id        text        NOT NULL,
    contact_id         text        NOT NULL REFERENCES contact (id),
    custom_attributes  jsonb       NOT NULL DEFAULT '{}',
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    last_activity_at   timestamptz NOT NULL,
    UNIQUE (workspace_id, external_id)
);
CREATE INDEX conversation_contact ON conversation (contact_id);

-- Kafka records already applied, by CloudEvents id: written in the transaction of their effect.
CREATE TABLE processed_message (
    consumer      text        NOT NULL,
    message_id    text        NOT NULL,
    processed_at  timestamptz NOT NULL,
    PRIMARY KEY (consumer, message_id)
);
