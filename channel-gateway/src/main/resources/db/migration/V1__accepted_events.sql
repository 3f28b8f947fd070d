-- Event ids accepted per workspace: a retried event_id is answered the same and published once.
CREATE TABLE accepted_event (
    workspace_id              text        NOT NULL,
    event_id                  text        NOT NULL,
    fingerprint               text        NOT NULL,
    conversation_id           text        NOT NULL,
    external_conversation_id  text        NOT NULL,
    contact_id                text        NOT NULL,
    external_contact_id       text        NOT NULL,
    accepted_at               timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, event_id)
);
CREATE INDEX accepted_event_age ON accepted_event (accepted_at);
