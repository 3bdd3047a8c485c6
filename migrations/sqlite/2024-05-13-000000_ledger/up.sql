-- 賃控元帳事務 (docs/ledger.md): the group's items (種目), ledger lines with their 適用月 and
-- prior amounts, the update history, and each cycle's 控除依頼 (header and lines with results).
-- Money is whole yen in BIGINT.

CREATE TABLE ledger_items (
    id TEXT PRIMARY KEY NOT NULL,
    payment_group TEXT NOT NULL REFERENCES payment_groups (number) ON DELETE CASCADE,
    code TEXT NOT NULL CHECK (length(code) = 3),
    name TEXT NOT NULL,
    display_order INTEGER NOT NULL CHECK (display_order BETWEEN 1 AND 999),
    kind TEXT NOT NULL CHECK (kind IN ('rokin', 'union_dues', 'mutual_aid', 'other')),
    monthly BOOLEAN NOT NULL,
    bonus BOOLEAN NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (monthly OR bonus)
);
CREATE UNIQUE INDEX ledger_items_code ON ledger_items (payment_group, code);

CREATE TABLE ledger_lines (
    id TEXT PRIMARY KEY NOT NULL,
    payment_group TEXT NOT NULL REFERENCES payment_groups (number) ON DELETE CASCADE,
    employee_no TEXT NOT NULL,
    kana_name TEXT NOT NULL,
    kanji_name TEXT NOT NULL,
    -- No cascade: an item is deleted only when no line uses it.
    item_id TEXT NOT NULL REFERENCES ledger_items (id),
    amount_monthly BIGINT NOT NULL CHECK (amount_monthly BETWEEN 0 AND 99999999),
    amount_summer BIGINT NOT NULL CHECK (amount_summer BETWEEN 0 AND 99999999),
    amount_year_end BIGINT NOT NULL CHECK (amount_year_end BETWEEN 0 AND 99999999),
    amounts_from DATE NOT NULL,
    prior_monthly BIGINT CHECK (prior_monthly BETWEEN 0 AND 99999999),
    prior_summer BIGINT CHECK (prior_summer BETWEEN 0 AND 99999999),
    prior_year_end BIGINT CHECK (prior_year_end BETWEEN 0 AND 99999999),
    start_month DATE NOT NULL,
    end_month DATE,
    state TEXT NOT NULL CHECK (state IN ('active', 'cancelled')),
    version INTEGER NOT NULL CHECK (version >= 1),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (amount_monthly + amount_summer + amount_year_end > 0),
    CHECK (end_month IS NULL OR end_month >= start_month),
    CHECK ((prior_monthly IS NULL AND prior_summer IS NULL AND prior_year_end IS NULL)
        OR (prior_monthly IS NOT NULL AND prior_summer IS NOT NULL AND prior_year_end IS NOT NULL))
);

-- One 有効 line per member and item.
CREATE UNIQUE INDEX ledger_lines_one_active
    ON ledger_lines (payment_group, employee_no, item_id)
    WHERE state = 'active';
CREATE INDEX ledger_lines_employee ON ledger_lines (payment_group, employee_no);
CREATE INDEX ledger_lines_kana ON ledger_lines (payment_group, kana_name);
CREATE INDEX ledger_lines_item ON ledger_lines (item_id, state);

CREATE TABLE ledger_history (
    line_id TEXT NOT NULL REFERENCES ledger_lines (id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    payment_group TEXT NOT NULL,
    at TIMESTAMP NOT NULL,
    user_id TEXT,
    user_name TEXT NOT NULL,
    operation TEXT NOT NULL CHECK (operation IN ('add', 'change', 'cancel', 'bulk', 'import')),
    screen_id TEXT NOT NULL,
    employee_no TEXT NOT NULL,
    kana_name TEXT NOT NULL,
    item_code TEXT NOT NULL,
    -- JSON array of {field, before, after} (cjs_domain::ledger::FieldChange).
    changes TEXT NOT NULL,
    PRIMARY KEY (line_id, version)
);
CREATE INDEX ledger_history_group ON ledger_history (payment_group, at);

CREATE TABLE ledger_runs (
    payment_group TEXT NOT NULL REFERENCES payment_groups (number) ON DELETE CASCADE,
    occasion TEXT NOT NULL CHECK (occasion IN ('monthly', 'summer', 'year_end')),
    month DATE NOT NULL,
    created_at TIMESTAMP NOT NULL,
    created_by TEXT,
    created_by_name TEXT NOT NULL,
    line_count BIGINT NOT NULL,
    total BIGINT NOT NULL,
    results_at TIMESTAMP,
    version INTEGER NOT NULL CHECK (version >= 1),
    PRIMARY KEY (payment_group, occasion, month)
);

CREATE TABLE ledger_run_lines (
    payment_group TEXT NOT NULL,
    occasion TEXT NOT NULL,
    month DATE NOT NULL,
    line_no INTEGER NOT NULL CHECK (line_no >= 1),
    line_id TEXT,
    employee_no TEXT NOT NULL,
    kana_name TEXT NOT NULL,
    kanji_name TEXT NOT NULL,
    item_code TEXT NOT NULL,
    item_name TEXT NOT NULL,
    item_kind TEXT NOT NULL CHECK (item_kind IN ('rokin', 'union_dues', 'mutual_aid', 'other')),
    item_order INTEGER NOT NULL,
    amount BIGINT NOT NULL CHECK (amount BETWEEN 1 AND 99999999),
    result TEXT CHECK (result IS NULL OR result IN ('deducted', 'failed')),
    result_reason TEXT
        CHECK (result_reason IS NULL OR result_reason IN ('retired', 'leave', 'insufficient_pay', 'other')),
    result_text TEXT,
    result_by TEXT,
    result_at TIMESTAMP,
    PRIMARY KEY (payment_group, occasion, month, line_no),
    FOREIGN KEY (payment_group, occasion, month)
        REFERENCES ledger_runs (payment_group, occasion, month) ON DELETE CASCADE,
    -- A reason exactly when 不能.
    CHECK ((result = 'failed' AND result_reason IS NOT NULL)
        OR (COALESCE(result, '') <> 'failed' AND result_reason IS NULL))
);
CREATE INDEX ledger_run_lines_employee ON ledger_run_lines (payment_group, occasion, month, employee_no);
