-- Indexes for the reads every screen makes, so each reads a few index entries whatever the
-- history's size:
-- 操作ログ照会 reads a contract's log newest first (ORDER BY seq DESC LIMIT n): the page is read
-- straight off this index, where (contract_number, at) made the database sort all of the
-- contract's rows for each page.
CREATE INDEX operation_log_contract_seq ON operation_log (contract_number, seq);
-- GET /me's 前回ログイン日時 (the user's newest other session) and the certificate's 有効期限 (the
-- user's newest unrevoked certificate): by user, newest first. They replace the indexes on
-- user_id alone, which they cover.
CREATE INDEX sessions_user_created ON sessions (user_id, created_at);
DROP INDEX sessions_user;
CREATE INDEX certificates_user_not_after ON certificates (user_id, not_after);
DROP INDEX certificates_user;
