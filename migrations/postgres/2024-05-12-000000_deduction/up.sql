-- 労金控除事務 (docs/deduction.md): details with their update history, each cycle's request data
-- (header and lines: 入金中止, まとめ入金, results) and the group's まとめ入金 入金先.
-- Money is whole yen in BIGINT.

CREATE TABLE deduction_payees (
    payment_group TEXT PRIMARY KEY NOT NULL REFERENCES payment_groups (number) ON DELETE CASCADE,
    branch_no TEXT NOT NULL CHECK (length(branch_no) = 3),
    branch_name TEXT NOT NULL,
    account_kind TEXT NOT NULL CHECK (account_kind IN ('ordinary', 'current')),
    account_no TEXT NOT NULL CHECK (length(account_no) = 7),
    account_name_kana TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE deduction_details (
    id TEXT PRIMARY KEY NOT NULL,
    payment_group TEXT NOT NULL REFERENCES payment_groups (number) ON DELETE CASCADE,
    employee_no TEXT NOT NULL,
    kana_name TEXT NOT NULL,
    kanji_name TEXT NOT NULL,
    product_code TEXT NOT NULL,
    branch_no TEXT NOT NULL CHECK (length(branch_no) = 3),
    account_no TEXT NOT NULL CHECK (length(account_no) = 7),
    amount_monthly BIGINT NOT NULL CHECK (amount_monthly BETWEEN 0 AND 99999999),
    amount_summer BIGINT NOT NULL CHECK (amount_summer BETWEEN 0 AND 99999999),
    amount_year_end BIGINT NOT NULL CHECK (amount_year_end BETWEEN 0 AND 99999999),
    start_month DATE NOT NULL,
    end_month DATE,
    state TEXT NOT NULL CHECK (state IN ('active', 'cancelled')),
    source TEXT NOT NULL CHECK (source IN ('web', 'counter')),
    version INTEGER NOT NULL CHECK (version >= 1),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (amount_monthly + amount_summer + amount_year_end > 0),
    CHECK (end_month IS NULL OR end_month >= start_month)
);

-- One 有効 detail per member, product and account.
CREATE UNIQUE INDEX deduction_details_active
    ON deduction_details (payment_group, employee_no, product_code, branch_no, account_no)
    WHERE state = 'active';
CREATE INDEX deduction_details_kana ON deduction_details (payment_group, kana_name);

CREATE TABLE deduction_history (
    detail_id TEXT NOT NULL REFERENCES deduction_details (id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    payment_group TEXT NOT NULL,
    at TIMESTAMP NOT NULL,
    user_id TEXT,
    user_name TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('add', 'change', 'cancel')),
    source TEXT NOT NULL CHECK (source IN ('web', 'counter')),
    employee_no TEXT NOT NULL,
    kana_name TEXT NOT NULL,
    PRIMARY KEY (detail_id, version)
);
CREATE INDEX deduction_history_group ON deduction_history (payment_group, at);

CREATE TABLE deduction_history_fields (
    detail_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    field TEXT NOT NULL,
    seq INTEGER NOT NULL,
    before_value TEXT,
    after_value TEXT,
    PRIMARY KEY (detail_id, version, field),
    FOREIGN KEY (detail_id, version)
        REFERENCES deduction_history (detail_id, version) ON DELETE CASCADE
);

-- Not tied to `cycles` by a foreign key: re-publishing a schedule replaces its rows and must
-- never drop a cycle's request data.
CREATE TABLE deduction_runs (
    payment_group TEXT NOT NULL REFERENCES payment_groups (number) ON DELETE CASCADE,
    occasion TEXT NOT NULL CHECK (occasion IN ('monthly', 'summer', 'year_end')),
    month DATE NOT NULL,
    origin TEXT NOT NULL CHECK (origin IN ('snapshot', 'bank_file')),
    created_at TIMESTAMP NOT NULL,
    lump_state TEXT NOT NULL CHECK (lump_state IN ('open', 'confirmed', 'taken')),
    version INTEGER NOT NULL CHECK (version >= 1),
    confirmed_count BIGINT,
    confirmed_amount BIGINT,
    excluded_count BIGINT,
    excluded_amount BIGINT,
    confirmed_by TEXT,
    confirmed_at TIMESTAMP,
    taken_at TIMESTAMP,
    payee_branch_no TEXT,
    payee_branch_name TEXT,
    payee_account_kind TEXT,
    payee_account_no TEXT,
    payee_account_name_kana TEXT,
    results_loaded_at TIMESTAMP,
    PRIMARY KEY (payment_group, occasion, month),
    CHECK (lump_state = 'open' OR confirmed_at IS NOT NULL)
);

CREATE TABLE deduction_lines (
    payment_group TEXT NOT NULL,
    occasion TEXT NOT NULL,
    month DATE NOT NULL,
    line_no INTEGER NOT NULL CHECK (line_no >= 1),
    detail_id TEXT,
    employee_no TEXT NOT NULL,
    kana_name TEXT NOT NULL,
    kanji_name TEXT,
    product_code TEXT NOT NULL,
    product_name TEXT NOT NULL,
    branch_no TEXT NOT NULL,
    account_no TEXT NOT NULL,
    amount BIGINT NOT NULL CHECK (amount BETWEEN 0 AND 99999999),
    previous_amount BIGINT,
    movement TEXT NOT NULL CHECK (movement IN ('new', 'changed', 'cancelled', 'continued')),
    counter BOOLEAN NOT NULL,
    error TEXT CHECK (error IS NULL OR error IN ('no_account', 'zero_amount', 'duplicate')),
    stop_reason TEXT
        CHECK (stop_reason IS NULL OR stop_reason IN ('retired', 'leave', 'insufficient_pay', 'other')),
    stop_text TEXT,
    stopped_by TEXT,
    stopped_at TIMESTAMP,
    result TEXT CHECK (result IS NULL OR result IN ('done', 'failed')),
    result_reason TEXT,
    result_text TEXT,
    bank_kana TEXT,
    kana_mismatch BOOLEAN,
    PRIMARY KEY (payment_group, occasion, month, line_no),
    FOREIGN KEY (payment_group, occasion, month)
        REFERENCES deduction_runs (payment_group, occasion, month) ON DELETE CASCADE
);
CREATE INDEX deduction_lines_employee ON deduction_lines (payment_group, occasion, month, employee_no);
