DROP TABLE zaikei_changes;
DROP TABLE zaikei_lines;
DROP TABLE zaikei_cycles;
DROP TABLE collective_changes;
DROP TABLE collective_lines;
ALTER TABLE collective_runs DROP COLUMN previous_run_no;
ALTER TABLE collective_runs DROP COLUMN origin;
