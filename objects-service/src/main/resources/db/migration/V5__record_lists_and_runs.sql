-- Each applied run's mark names the records its result wrote (contact:<id>, conversation:<id>,
-- instance:<type>:<external id>), so a record's page lists the runs that wrote it for as long as
-- the mark is kept (the delivery memory, at least the run log's 7 days).
ALTER TABLE applied_run ADD COLUMN action_id text;
ALTER TABLE applied_run ADD COLUMN records text[] NOT NULL DEFAULT '{}';
CREATE INDEX applied_run_records ON applied_run USING gin (records);

-- The console lists records by last update, a page at a time.
CREATE INDEX contact_updated ON contact (workspace_id, updated_at, id);
CREATE INDEX conversation_updated ON conversation (workspace_id, updated_at, id);
CREATE INDEX custom_object_instance_updated ON custom_object_instance (workspace_id, type, updated_at, id);
