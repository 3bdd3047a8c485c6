-- The operation log names the business function of each entry (システム管理機能, 労金控除事務, …).
ALTER TABLE operation_log ADD COLUMN business_function TEXT NOT NULL DEFAULT '';
