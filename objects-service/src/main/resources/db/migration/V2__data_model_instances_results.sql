-- Custom data attributes of contacts and conversations (Intercom's Data Attributes). Only the
-- description and the archived flag change after creation. Not messenger_writable = protected.
CREATE TABLE data_attribute (
    id                  bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workspace_id        text        NOT NULL,
    model               text        NOT NULL CHECK (model IN ('contact', 'conversation')),
    name                text        NOT NULL,
    data_type           text        NOT NULL,
    description         text,
    options             jsonb,
    messenger_writable  boolean     NOT NULL,
    archived            boolean     NOT NULL DEFAULT false,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL
);
CREATE UNIQUE INDEX data_attribute_name ON data_attribute (workspace_id, model, lower(name));

-- Custom object types (identifier such as Order) and their typed attributes.
CREATE TABLE custom_object_type (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workspace_id  text        NOT NULL,
    identifier    text        NOT NULL,
    name          text        NOT NULL,
    description   text,
    archived      boolean     NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);
CREATE UNIQUE INDEX custom_object_type_identifier ON custom_object_type (workspace_id, lower(identifier));

CREATE TABLE custom_object_attribute (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    type_id      bigint      NOT NULL REFERENCES custom_object_type (id),
    name         text        NOT NULL,
    data_type    text        NOT NULL,
    description  text,
    archived     boolean     NOT NULL DEFAULT false,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL
);
CREATE UNIQUE INDEX custom_object_attribute_name ON custom_object_attribute (type_id, lower(name));

-- Custom object instances, one per (workspace, type, external id): upserts meet on that key.
CREATE TABLE custom_object_instance (
    id                   text        PRIMARY KEY DEFAULT gen_random_uuid()::text,
    workspace_id         text        NOT NULL,
    type                 text        NOT NULL,
    external_id          text        NOT NULL,
    external_created_at  bigint,
    external_updated_at  bigint,
    custom_attributes    jsonb       NOT NULL DEFAULT '{}',
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
    UNIQUE (workspace_id, type, external_id)
);

-- Links of an instance to contacts and conversations. No foreign key on the target: an action's
-- result may name a contact or conversation before its channel event is applied here.
CREATE TABLE custom_object_reference (
    instance_id   text        NOT NULL REFERENCES custom_object_instance (id) ON DELETE CASCADE,
    workspace_id  text        NOT NULL,
    target        text        NOT NULL CHECK (target IN ('contact', 'conversation')),
    target_id     text        NOT NULL,
    created_at    timestamptz NOT NULL,
    PRIMARY KEY (instance_id, target, target_id)
);
CREATE INDEX custom_object_reference_target ON custom_object_reference (workspace_id, target, target_id, instance_id);

-- Instances per workspace, kept in the transaction of each insert and delete, for the limit.
CREATE TABLE workspace_usage (
    workspace_id  text   PRIMARY KEY,
    instances     bigint NOT NULL
);

-- action.results already handled, by run id, written in the transaction of their effect.
CREATE TABLE applied_run (
    workspace_id  text        NOT NULL,
    run_id        text        NOT NULL,
    outcome       text        NOT NULL CHECK (outcome IN ('applied', 'rejected')),
    processed_at  timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, run_id)
);

-- Writes refused (from an action's result or an end user's channel event), with the reasons.
CREATE TABLE write_rejection (
    id               bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workspace_id     text        NOT NULL,
    source           text        NOT NULL CHECK (source IN ('action_result', 'channel_event')),
    source_id        text        NOT NULL,
    conversation_id  text,
    contact_id       text,
    action_id        text,
    reason           text        NOT NULL,
    errors           jsonb       NOT NULL,
    rejected_at      timestamptz NOT NULL
);
CREATE INDEX write_rejection_workspace ON write_rejection (workspace_id, id);

-- An action's result may name a contact or conversation not seen on channel.events yet: it is
-- created with its id and custom attributes, and the channel event fills in the rest. The
-- order of channel events is kept by last_event_at, not by updated_at (which writes move too).
ALTER TABLE contact ALTER COLUMN external_id DROP NOT NULL;
ALTER TABLE contact ALTER COLUMN role DROP NOT NULL;
ALTER TABLE contact ADD COLUMN last_event_at timestamptz;
UPDATE contact SET last_event_at = updated_at;
ALTER TABLE conversation ALTER COLUMN external_id DROP NOT NULL;
ALTER TABLE conversation ALTER COLUMN contact_id DROP NOT NULL;
ALTER TABLE conversation ALTER COLUMN last_activity_at DROP NOT NULL;
