-- What operators did with dead letters (records a service could not apply, kept on the topics' .dlq):
-- each dead letter is replayed to its source topic or discarded at most once, by whom, when and why.
CREATE TABLE dead_letter_action (
    dead_letter_id  text        PRIMARY KEY,
    source_topic    text        NOT NULL,
    workspace_id    text,
    action          text        NOT NULL CHECK (action IN ('replayed', 'discarded')),
    reason          text,
    token_id        text        NOT NULL,
    acted_at        timestamptz NOT NULL,
    replayed_partition integer,
    replayed_offset    bigint
);
CREATE INDEX dead_letter_action_acted_at ON dead_letter_action (acted_at);
