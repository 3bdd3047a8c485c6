CREATE INDEX certificates_user ON certificates (user_id);
DROP INDEX certificates_user_not_after;
CREATE INDEX sessions_user ON sessions (user_id);
DROP INDEX sessions_user_created;
DROP INDEX operation_log_contract_seq;
