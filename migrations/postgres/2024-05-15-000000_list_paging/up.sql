-- 労金控除明細照会 at a bank's size (100,000 details in one group): an index per sort of the list, each
-- ending in the same unique tiebreaker (employee_no, product_code, id) the query orders by, so a
-- page is read off the index instead of sorting every detail of the group; and the number of the
-- group's details per state, kept by triggers in the transaction that writes the details, so the
-- list's total is one row instead of a count of the whole group. The triggers are per statement
-- (transition tables): the bench's 100,000-row insert updates each counter once per INSERT, not
-- once per row.

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

CREATE FUNCTION deduction_details_counted_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO deduction_detail_counts AS c (payment_group, state, n)
        SELECT payment_group, state, COUNT(*) FROM added GROUP BY payment_group, state
        ON CONFLICT (payment_group, state) DO UPDATE SET n = c.n + EXCLUDED.n;
    RETURN NULL;
END
$$;

CREATE FUNCTION deduction_details_counted_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE deduction_detail_counts AS c SET n = c.n - r.k
        FROM (SELECT payment_group, state, COUNT(*) AS k FROM removed
              GROUP BY payment_group, state) AS r
        WHERE c.payment_group = r.payment_group AND c.state = r.state;
    RETURN NULL;
END
$$;

-- Only the rows whose group or state changed move between counters (a 変更 keeps its state).
CREATE FUNCTION deduction_details_counted_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE deduction_detail_counts AS c SET n = c.n - r.k
        FROM (SELECT o.payment_group, o.state, COUNT(*) AS k
              FROM removed AS o JOIN added AS a ON a.id = o.id
              WHERE a.payment_group <> o.payment_group OR a.state <> o.state
              GROUP BY o.payment_group, o.state) AS r
        WHERE c.payment_group = r.payment_group AND c.state = r.state;
    INSERT INTO deduction_detail_counts AS c (payment_group, state, n)
        SELECT a.payment_group, a.state, COUNT(*)
        FROM added AS a JOIN removed AS o ON o.id = a.id
        WHERE a.payment_group <> o.payment_group OR a.state <> o.state
        GROUP BY a.payment_group, a.state
        ON CONFLICT (payment_group, state) DO UPDATE SET n = c.n + EXCLUDED.n;
    RETURN NULL;
END
$$;

CREATE TRIGGER deduction_details_counted_insert AFTER INSERT ON deduction_details
    REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION deduction_details_counted_insert();
CREATE TRIGGER deduction_details_counted_update AFTER UPDATE ON deduction_details
    REFERENCING OLD TABLE AS removed NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION deduction_details_counted_update();
CREATE TRIGGER deduction_details_counted_delete AFTER DELETE ON deduction_details
    REFERENCING OLD TABLE AS removed
    FOR EACH STATEMENT EXECUTE FUNCTION deduction_details_counted_delete();

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

CREATE FUNCTION ledger_lines_counted_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO ledger_line_counts AS c (payment_group, state, n)
        SELECT payment_group, state, COUNT(*) FROM added GROUP BY payment_group, state
        ON CONFLICT (payment_group, state) DO UPDATE SET n = c.n + EXCLUDED.n;
    RETURN NULL;
END
$$;

CREATE FUNCTION ledger_lines_counted_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE ledger_line_counts AS c SET n = c.n - r.k
        FROM (SELECT payment_group, state, COUNT(*) AS k FROM removed
              GROUP BY payment_group, state) AS r
        WHERE c.payment_group = r.payment_group AND c.state = r.state;
    RETURN NULL;
END
$$;

-- Only the rows whose group or state changed move between counters.
CREATE FUNCTION ledger_lines_counted_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE ledger_line_counts AS c SET n = c.n - r.k
        FROM (SELECT o.payment_group, o.state, COUNT(*) AS k
              FROM removed AS o JOIN added AS a ON a.id = o.id
              WHERE a.payment_group <> o.payment_group OR a.state <> o.state
              GROUP BY o.payment_group, o.state) AS r
        WHERE c.payment_group = r.payment_group AND c.state = r.state;
    INSERT INTO ledger_line_counts AS c (payment_group, state, n)
        SELECT a.payment_group, a.state, COUNT(*)
        FROM added AS a JOIN removed AS o ON o.id = a.id
        WHERE a.payment_group <> o.payment_group OR a.state <> o.state
        GROUP BY a.payment_group, a.state
        ON CONFLICT (payment_group, state) DO UPDATE SET n = c.n + EXCLUDED.n;
    RETURN NULL;
END
$$;

CREATE TRIGGER ledger_lines_counted_insert AFTER INSERT ON ledger_lines
    REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_lines_counted_insert();
CREATE TRIGGER ledger_lines_counted_update AFTER UPDATE ON ledger_lines
    REFERENCING OLD TABLE AS removed NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_lines_counted_update();
CREATE TRIGGER ledger_lines_counted_delete AFTER DELETE ON ledger_lines
    REFERENCING OLD TABLE AS removed
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_lines_counted_delete();

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

CREATE FUNCTION deduction_lines_counted_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO deduction_line_counts AS c (payment_group, occasion, month, n)
        SELECT payment_group, occasion, month, COUNT(*) FROM added GROUP BY payment_group, occasion, month
        ON CONFLICT (payment_group, occasion, month) DO UPDATE SET n = c.n + EXCLUDED.n;
    RETURN NULL;
END
$$;

CREATE FUNCTION deduction_lines_counted_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE deduction_line_counts AS c SET n = c.n - r.k
        FROM (SELECT payment_group, occasion, month, COUNT(*) AS k FROM removed GROUP BY payment_group, occasion, month) AS r
        WHERE c.payment_group = r.payment_group AND c.occasion = r.occasion AND c.month = r.month;
    RETURN NULL;
END
$$;

-- A line's key never changes in the application; should it, the line moves between counters
-- (per row, only for such a row: stops and results update lines without firing it).
CREATE FUNCTION deduction_lines_counted_move() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE deduction_line_counts SET n = n - 1 WHERE payment_group = OLD.payment_group AND occasion = OLD.occasion AND month = OLD.month;
    INSERT INTO deduction_line_counts AS c (payment_group, occasion, month, n) VALUES (NEW.payment_group, NEW.occasion, NEW.month, 1)
        ON CONFLICT (payment_group, occasion, month) DO UPDATE SET n = c.n + 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER deduction_lines_counted_insert AFTER INSERT ON deduction_lines
    REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION deduction_lines_counted_insert();
CREATE TRIGGER deduction_lines_counted_delete AFTER DELETE ON deduction_lines
    REFERENCING OLD TABLE AS removed
    FOR EACH STATEMENT EXECUTE FUNCTION deduction_lines_counted_delete();
CREATE TRIGGER deduction_lines_counted_move AFTER UPDATE OF payment_group, occasion, month ON deduction_lines
    FOR EACH ROW WHEN (OLD.payment_group IS DISTINCT FROM NEW.payment_group OR OLD.occasion IS DISTINCT FROM NEW.occasion OR OLD.month IS DISTINCT FROM NEW.month)
    EXECUTE FUNCTION deduction_lines_counted_move();

CREATE TABLE collective_line_counts (
    payment_group TEXT NOT NULL,
    run_no INTEGER NOT NULL,
    n BIGINT NOT NULL CHECK (n >= 0),
    PRIMARY KEY (payment_group, run_no),
    FOREIGN KEY (payment_group, run_no) REFERENCES collective_runs (payment_group, run_no) ON DELETE CASCADE
);
INSERT INTO collective_line_counts (payment_group, run_no, n) SELECT payment_group, run_no, COUNT(*) FROM collective_lines GROUP BY payment_group, run_no;

CREATE FUNCTION collective_lines_counted_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO collective_line_counts AS c (payment_group, run_no, n)
        SELECT payment_group, run_no, COUNT(*) FROM added GROUP BY payment_group, run_no
        ON CONFLICT (payment_group, run_no) DO UPDATE SET n = c.n + EXCLUDED.n;
    RETURN NULL;
END
$$;

CREATE FUNCTION collective_lines_counted_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE collective_line_counts AS c SET n = c.n - r.k
        FROM (SELECT payment_group, run_no, COUNT(*) AS k FROM removed GROUP BY payment_group, run_no) AS r
        WHERE c.payment_group = r.payment_group AND c.run_no = r.run_no;
    RETURN NULL;
END
$$;

-- A line's key never changes in the application; should it, the line moves between counters
-- (per row, only for such a row: stops and results update lines without firing it).
CREATE FUNCTION collective_lines_counted_move() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE collective_line_counts SET n = n - 1 WHERE payment_group = OLD.payment_group AND run_no = OLD.run_no;
    INSERT INTO collective_line_counts AS c (payment_group, run_no, n) VALUES (NEW.payment_group, NEW.run_no, 1)
        ON CONFLICT (payment_group, run_no) DO UPDATE SET n = c.n + 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER collective_lines_counted_insert AFTER INSERT ON collective_lines
    REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION collective_lines_counted_insert();
CREATE TRIGGER collective_lines_counted_delete AFTER DELETE ON collective_lines
    REFERENCING OLD TABLE AS removed
    FOR EACH STATEMENT EXECUTE FUNCTION collective_lines_counted_delete();
CREATE TRIGGER collective_lines_counted_move AFTER UPDATE OF payment_group, run_no ON collective_lines
    FOR EACH ROW WHEN (OLD.payment_group IS DISTINCT FROM NEW.payment_group OR OLD.run_no IS DISTINCT FROM NEW.run_no)
    EXECUTE FUNCTION collective_lines_counted_move();

CREATE TABLE zaikei_line_counts (
    payment_group TEXT NOT NULL,
    document TEXT NOT NULL,
    base_date DATE NOT NULL,
    n BIGINT NOT NULL CHECK (n >= 0),
    PRIMARY KEY (payment_group, document, base_date),
    FOREIGN KEY (payment_group, document, base_date) REFERENCES zaikei_cycles (payment_group, document, base_date) ON DELETE CASCADE
);
INSERT INTO zaikei_line_counts (payment_group, document, base_date, n) SELECT payment_group, document, base_date, COUNT(*) FROM zaikei_lines GROUP BY payment_group, document, base_date;

CREATE FUNCTION zaikei_lines_counted_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO zaikei_line_counts AS c (payment_group, document, base_date, n)
        SELECT payment_group, document, base_date, COUNT(*) FROM added GROUP BY payment_group, document, base_date
        ON CONFLICT (payment_group, document, base_date) DO UPDATE SET n = c.n + EXCLUDED.n;
    RETURN NULL;
END
$$;

CREATE FUNCTION zaikei_lines_counted_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE zaikei_line_counts AS c SET n = c.n - r.k
        FROM (SELECT payment_group, document, base_date, COUNT(*) AS k FROM removed GROUP BY payment_group, document, base_date) AS r
        WHERE c.payment_group = r.payment_group AND c.document = r.document AND c.base_date = r.base_date;
    RETURN NULL;
END
$$;

-- A line's key never changes in the application; should it, the line moves between counters
-- (per row, only for such a row: stops and results update lines without firing it).
CREATE FUNCTION zaikei_lines_counted_move() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE zaikei_line_counts SET n = n - 1 WHERE payment_group = OLD.payment_group AND document = OLD.document AND base_date = OLD.base_date;
    INSERT INTO zaikei_line_counts AS c (payment_group, document, base_date, n) VALUES (NEW.payment_group, NEW.document, NEW.base_date, 1)
        ON CONFLICT (payment_group, document, base_date) DO UPDATE SET n = c.n + 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER zaikei_lines_counted_insert AFTER INSERT ON zaikei_lines
    REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION zaikei_lines_counted_insert();
CREATE TRIGGER zaikei_lines_counted_delete AFTER DELETE ON zaikei_lines
    REFERENCING OLD TABLE AS removed
    FOR EACH STATEMENT EXECUTE FUNCTION zaikei_lines_counted_delete();
CREATE TRIGGER zaikei_lines_counted_move AFTER UPDATE OF payment_group, document, base_date ON zaikei_lines
    FOR EACH ROW WHEN (OLD.payment_group IS DISTINCT FROM NEW.payment_group OR OLD.document IS DISTINCT FROM NEW.document OR OLD.base_date IS DISTINCT FROM NEW.base_date)
    EXECUTE FUNCTION zaikei_lines_counted_move();
