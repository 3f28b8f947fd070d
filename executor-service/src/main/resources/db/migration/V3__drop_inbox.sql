-- The executor recognises redelivered records by their runs (run ids derived from the cause, see
-- the run table), not by an inbox of record ids.
DROP TABLE processed_message;
