DROP TABLE deduction_lines;
DROP TABLE deduction_runs;
DROP TABLE deduction_history_fields;
DROP TABLE deduction_history;
DROP TABLE deduction_details;
DROP TABLE deduction_payees;
