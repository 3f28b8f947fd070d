-- Channel events the executor has taken in, one row per event (the trigger matching of later
-- versions starts from here); written in the transaction that marks the record processed.
CREATE TABLE received_event (
    event_id         text        PRIMARY KEY,
    workspace_id     text        NOT NULL,
    kind             text        NOT NULL,
    conversation_id  text        NOT NULL,
    source_event_id  text        NOT NULL,
    received_at      timestamptz NOT NULL,
    matched_triggers integer     NOT NULL
);
CREATE INDEX received_event_workspace ON received_event (workspace_id, received_at);

-- Kafka records already applied, by CloudEvents id.
CREATE TABLE processed_message (
    consumer      text        NOT NULL,
    message_id    text        NOT NULL,
    processed_at  timestamptz NOT NULL,
    PRIMARY KEY (consumer, message_id)
);
