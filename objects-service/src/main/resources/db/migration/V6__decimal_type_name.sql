-- One name for a decimal number everywhere (action inputs and outputs say decimal): the data model's
-- float (Intercom's name, still accepted on input) is stored and shown as decimal.
UPDATE data_attribute SET data_type = 'decimal' WHERE data_type = 'float';
UPDATE custom_object_attribute SET data_type = 'decimal' WHERE data_type = 'float';
