-- 賃控元帳明細's count of new lines (issue 11): on SQLite the per-row insert trigger is replaced
-- by the store's own count, once per batch. PostgreSQL's trigger is already per statement (its
-- transition table counted once), so it stays; this version only keeps both lists the same.
SELECT 1;
