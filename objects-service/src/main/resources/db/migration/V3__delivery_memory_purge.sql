-- The marks that recognise redeliveries are purged once older than the delivery memory
-- (customactions.objects.delivery-memory): by time, so each table gets an index on it.
CREATE INDEX processed_message_processed_at ON processed_message (processed_at);
CREATE INDEX applied_run_processed_at ON applied_run (processed_at);
