CREATE TRIGGER ledger_lines_counted_insert AFTER INSERT ON ledger_lines
BEGIN
    INSERT INTO ledger_line_counts (payment_group, state, n)
        VALUES (NEW.payment_group, NEW.state, 1)
        ON CONFLICT (payment_group, state) DO UPDATE SET n = n + 1;
END;
