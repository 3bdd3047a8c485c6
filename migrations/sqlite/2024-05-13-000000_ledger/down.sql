DROP TABLE ledger_run_lines;
DROP TABLE ledger_runs;
DROP TABLE ledger_history;
DROP TABLE ledger_lines;
DROP TABLE ledger_items;
