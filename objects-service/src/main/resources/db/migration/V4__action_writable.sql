-- Who may set a custom attribute besides admins: end users (messenger_writable: the messenger, channel
-- events) and actions (action_writable: a third party's data). Actions-only = action_writable and not
-- messenger_writable: a customer can't forge it. Existing attributes keep their rule: actions could
-- write exactly the messenger-writable ones.
ALTER TABLE data_attribute ADD COLUMN action_writable boolean;
UPDATE data_attribute SET action_writable = messenger_writable;
ALTER TABLE data_attribute ALTER COLUMN action_writable SET NOT NULL;
