-- 賃控元帳明細's count of new lines (issue 11): SQLite has no statement-level triggers, so the
-- per-row insert trigger ran one UPSERT of the group's counter row for every inserted line (a
-- 100,000-line import: 100,000 updates of one row). The store now adds the lines it inserted to
-- `ledger_line_counts` itself, once per batch, in the same transaction (`ledger::lines::insert_many`,
-- the only writer of new lines). The update and delete triggers stay.
DROP TRIGGER ledger_lines_counted_insert;
