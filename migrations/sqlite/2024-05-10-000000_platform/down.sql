ALTER TABLE operation_log DROP COLUMN business_function;
