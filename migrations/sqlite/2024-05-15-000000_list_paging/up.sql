-- 労金控除明細照会 at a bank's size (100,000 details in one group): an index per sort of the list, each
-- ending in the same unique tiebreaker (employee_no, product_code, id) the query orders by, so a
-- page is read off the index instead of sorting every detail of the group; and the number of the
-- group's details per state, kept by triggers in the transaction that writes the details, so the
-- list's total is one row instead of a count of the whole group.

DROP INDEX deduction_details_kana;
CREATE INDEX deduction_details_by_employee
    ON deduction_details (payment_group, employee_no, product_code, id);
CREATE INDEX deduction_details_by_kana
    ON deduction_details (payment_group, kana_name, employee_no, product_code, id);
CREATE INDEX deduction_details_by_product
    ON deduction_details (payment_group, product_code, employee_no, id);
CREATE INDEX deduction_details_by_updated
    ON deduction_details (payment_group, updated_at, employee_no, product_code, id);

CREATE TABLE deduction_detail_counts (
    payment_group TEXT NOT NULL REFERENCES payment_groups (number) ON DELETE CASCADE,
    state TEXT NOT NULL CHECK (state IN ('active', 'cancelled')),
    n BIGINT NOT NULL CHECK (n >= 0),
    PRIMARY KEY (payment_group, state)
);
INSERT INTO deduction_detail_counts (payment_group, state, n)
    SELECT payment_group, state, COUNT(*) FROM deduction_details GROUP BY payment_group, state;

CREATE TRIGGER deduction_details_counted_insert AFTER INSERT ON deduction_details
BEGIN
    INSERT INTO deduction_detail_counts (payment_group, state, n)
        VALUES (NEW.payment_group, NEW.state, 1)
        ON CONFLICT (payment_group, state) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER deduction_details_counted_update AFTER UPDATE OF payment_group, state
    ON deduction_details
    WHEN OLD.payment_group <> NEW.payment_group OR OLD.state <> NEW.state
BEGIN
    UPDATE deduction_detail_counts SET n = n - 1
        WHERE payment_group = OLD.payment_group AND state = OLD.state;
    INSERT INTO deduction_detail_counts (payment_group, state, n)
        VALUES (NEW.payment_group, NEW.state, 1)
        ON CONFLICT (payment_group, state) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER deduction_details_counted_delete AFTER DELETE ON deduction_details
BEGIN
    UPDATE deduction_detail_counts SET n = n - 1
        WHERE payment_group = OLD.payment_group AND state = OLD.state;
END;

-- 賃控元帳明細照会 the same way: its 更新日時 sort has an index (the other sorts had theirs; their
-- 種目 tiebreaker sorts only the rows of one key, never the whole group), and its total is kept.
CREATE INDEX ledger_lines_by_updated ON ledger_lines (payment_group, updated_at, employee_no);

CREATE TABLE ledger_line_counts (
    payment_group TEXT NOT NULL REFERENCES payment_groups (number) ON DELETE CASCADE,
    state TEXT NOT NULL CHECK (state IN ('active', 'cancelled')),
    n BIGINT NOT NULL CHECK (n >= 0),
    PRIMARY KEY (payment_group, state)
);
INSERT INTO ledger_line_counts (payment_group, state, n)
    SELECT payment_group, state, COUNT(*) FROM ledger_lines GROUP BY payment_group, state;

CREATE TRIGGER ledger_lines_counted_insert AFTER INSERT ON ledger_lines
BEGIN
    INSERT INTO ledger_line_counts (payment_group, state, n)
        VALUES (NEW.payment_group, NEW.state, 1)
        ON CONFLICT (payment_group, state) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER ledger_lines_counted_update AFTER UPDATE OF payment_group, state
    ON ledger_lines
    WHEN OLD.payment_group <> NEW.payment_group OR OLD.state <> NEW.state
BEGIN
    UPDATE ledger_line_counts SET n = n - 1
        WHERE payment_group = OLD.payment_group AND state = OLD.state;
    INSERT INTO ledger_line_counts (payment_group, state, n)
        VALUES (NEW.payment_group, NEW.state, 1)
        ON CONFLICT (payment_group, state) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER ledger_lines_counted_delete AFTER DELETE ON ledger_lines
BEGIN
    UPDATE ledger_line_counts SET n = n - 1
        WHERE payment_group = OLD.payment_group AND state = OLD.state;
END;

-- The cycles' and runs' line lists (控除依頼, 一斉積立内訳明細, 財形積立明細) page in line order off
-- their primary keys; their totals (all lines of a cycle or run, the unfiltered list) are kept the
-- same way. 賃控元帳's 控除依頼 has its `ledger_runs.line_count`, written with its lines.

CREATE TABLE deduction_line_counts (
    payment_group TEXT NOT NULL,
    occasion TEXT NOT NULL,
    month DATE NOT NULL,
    n BIGINT NOT NULL CHECK (n >= 0),
    PRIMARY KEY (payment_group, occasion, month),
    FOREIGN KEY (payment_group, occasion, month) REFERENCES deduction_runs (payment_group, occasion, month) ON DELETE CASCADE
);
INSERT INTO deduction_line_counts (payment_group, occasion, month, n) SELECT payment_group, occasion, month, COUNT(*) FROM deduction_lines GROUP BY payment_group, occasion, month;

CREATE TRIGGER deduction_lines_counted_insert AFTER INSERT ON deduction_lines
BEGIN
    INSERT INTO deduction_line_counts (payment_group, occasion, month, n) VALUES (NEW.payment_group, NEW.occasion, NEW.month, 1)
        ON CONFLICT (payment_group, occasion, month) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER deduction_lines_counted_update AFTER UPDATE OF payment_group, occasion, month ON deduction_lines
    WHEN OLD.payment_group <> NEW.payment_group OR OLD.occasion <> NEW.occasion OR OLD.month <> NEW.month
BEGIN
    UPDATE deduction_line_counts SET n = n - 1 WHERE payment_group = OLD.payment_group AND occasion = OLD.occasion AND month = OLD.month;
    INSERT INTO deduction_line_counts (payment_group, occasion, month, n) VALUES (NEW.payment_group, NEW.occasion, NEW.month, 1)
        ON CONFLICT (payment_group, occasion, month) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER deduction_lines_counted_delete AFTER DELETE ON deduction_lines
BEGIN
    UPDATE deduction_line_counts SET n = n - 1 WHERE payment_group = OLD.payment_group AND occasion = OLD.occasion AND month = OLD.month;
END;

CREATE TABLE collective_line_counts (
    payment_group TEXT NOT NULL,
    run_no INTEGER NOT NULL,
    n BIGINT NOT NULL CHECK (n >= 0),
    PRIMARY KEY (payment_group, run_no),
    FOREIGN KEY (payment_group, run_no) REFERENCES collective_runs (payment_group, run_no) ON DELETE CASCADE
);
INSERT INTO collective_line_counts (payment_group, run_no, n) SELECT payment_group, run_no, COUNT(*) FROM collective_lines GROUP BY payment_group, run_no;

CREATE TRIGGER collective_lines_counted_insert AFTER INSERT ON collective_lines
BEGIN
    INSERT INTO collective_line_counts (payment_group, run_no, n) VALUES (NEW.payment_group, NEW.run_no, 1)
        ON CONFLICT (payment_group, run_no) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER collective_lines_counted_update AFTER UPDATE OF payment_group, run_no ON collective_lines
    WHEN OLD.payment_group <> NEW.payment_group OR OLD.run_no <> NEW.run_no
BEGIN
    UPDATE collective_line_counts SET n = n - 1 WHERE payment_group = OLD.payment_group AND run_no = OLD.run_no;
    INSERT INTO collective_line_counts (payment_group, run_no, n) VALUES (NEW.payment_group, NEW.run_no, 1)
        ON CONFLICT (payment_group, run_no) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER collective_lines_counted_delete AFTER DELETE ON collective_lines
BEGIN
    UPDATE collective_line_counts SET n = n - 1 WHERE payment_group = OLD.payment_group AND run_no = OLD.run_no;
END;

CREATE TABLE zaikei_line_counts (
    payment_group TEXT NOT NULL,
    document TEXT NOT NULL,
    base_date DATE NOT NULL,
    n BIGINT NOT NULL CHECK (n >= 0),
    PRIMARY KEY (payment_group, document, base_date),
    FOREIGN KEY (payment_group, document, base_date) REFERENCES zaikei_cycles (payment_group, document, base_date) ON DELETE CASCADE
);
INSERT INTO zaikei_line_counts (payment_group, document, base_date, n) SELECT payment_group, document, base_date, COUNT(*) FROM zaikei_lines GROUP BY payment_group, document, base_date;

CREATE TRIGGER zaikei_lines_counted_insert AFTER INSERT ON zaikei_lines
BEGIN
    INSERT INTO zaikei_line_counts (payment_group, document, base_date, n) VALUES (NEW.payment_group, NEW.document, NEW.base_date, 1)
        ON CONFLICT (payment_group, document, base_date) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER zaikei_lines_counted_update AFTER UPDATE OF payment_group, document, base_date ON zaikei_lines
    WHEN OLD.payment_group <> NEW.payment_group OR OLD.document <> NEW.document OR OLD.base_date <> NEW.base_date
BEGIN
    UPDATE zaikei_line_counts SET n = n - 1 WHERE payment_group = OLD.payment_group AND document = OLD.document AND base_date = OLD.base_date;
    INSERT INTO zaikei_line_counts (payment_group, document, base_date, n) VALUES (NEW.payment_group, NEW.document, NEW.base_date, 1)
        ON CONFLICT (payment_group, document, base_date) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER zaikei_lines_counted_delete AFTER DELETE ON zaikei_lines
BEGIN
    UPDATE zaikei_line_counts SET n = n - 1 WHERE payment_group = OLD.payment_group AND document = OLD.document AND base_date = OLD.base_date;
END;
