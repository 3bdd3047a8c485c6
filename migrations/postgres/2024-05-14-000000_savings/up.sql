-- 一斉積立事務 (docs/collective.md) and 財形貯蓄事務 (docs/zaikei.md): the bank's data sets with
-- their lines and the 変更明細 derived at load. Money is whole yen in BIGINT.

-- 一斉積立: `collective_runs` (the information screen's header table) learns whether a run came
-- with its lines (`file`) or is a header only (`header`, `cjs operator info collective-run`), and
-- which run its 変更明細 was made against.
ALTER TABLE collective_runs
    ADD COLUMN origin TEXT NOT NULL DEFAULT 'header' CHECK (origin IN ('file', 'header'));
ALTER TABLE collective_runs ADD COLUMN previous_run_no INTEGER;

CREATE TABLE collective_lines (
    payment_group TEXT NOT NULL,
    run_no INTEGER NOT NULL,
    line_no INTEGER NOT NULL CHECK (line_no >= 1),
    employee_no TEXT NOT NULL,
    kana_name TEXT NOT NULL,
    kanji_name TEXT,
    branch_no TEXT NOT NULL CHECK (length(branch_no) = 3),
    account_no TEXT NOT NULL CHECK (length(account_no) = 7),
    amount BIGINT NOT NULL CHECK (amount BETWEEN 1 AND 99999999),
    PRIMARY KEY (payment_group, run_no, line_no),
    FOREIGN KEY (payment_group, run_no)
        REFERENCES collective_runs (payment_group, run_no) ON DELETE CASCADE
);
CREATE UNIQUE INDEX collective_lines_member ON collective_lines (payment_group, run_no, employee_no);
CREATE INDEX collective_lines_kana ON collective_lines (payment_group, run_no, kana_name);

CREATE TABLE collective_changes (
    payment_group TEXT NOT NULL,
    run_no INTEGER NOT NULL,
    change_no INTEGER NOT NULL CHECK (change_no >= 1),
    kind TEXT NOT NULL CHECK (kind IN ('new', 'account', 'amount', 'gone')),
    employee_no TEXT NOT NULL,
    kana_name TEXT NOT NULL,
    kanji_name TEXT,
    before_branch_no TEXT,
    before_account_no TEXT,
    before_amount BIGINT,
    after_branch_no TEXT,
    after_account_no TEXT,
    after_amount BIGINT,
    PRIMARY KEY (payment_group, run_no, change_no),
    FOREIGN KEY (payment_group, run_no)
        REFERENCES collective_runs (payment_group, run_no) ON DELETE CASCADE,
    CHECK ((kind = 'new') = (before_amount IS NULL)),
    CHECK ((kind = 'gone') = (after_amount IS NULL))
);

-- 財形: one cycle per payment group, document and 作成基準日.
CREATE TABLE zaikei_cycles (
    payment_group TEXT NOT NULL REFERENCES payment_groups (number) ON DELETE CASCADE,
    document TEXT NOT NULL CHECK (document IN ('deposit_monthly', 'deposit_summer',
        'deposit_year_end', 'balance', 'incentive_monthly', 'incentive_bonus')),
    base_date DATE NOT NULL,
    deposit_date DATE,
    previous_base_date DATE,
    loaded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (payment_group, document, base_date),
    CHECK ((document LIKE 'deposit%') = (deposit_date IS NOT NULL))
);

CREATE TABLE zaikei_lines (
    payment_group TEXT NOT NULL,
    document TEXT NOT NULL,
    base_date DATE NOT NULL,
    line_no INTEGER NOT NULL CHECK (line_no >= 1),
    employee_no TEXT NOT NULL,
    kana_name TEXT NOT NULL,
    kanji_name TEXT,
    kind TEXT NOT NULL CHECK (kind IN ('general', 'housing', 'pension')),
    branch_no TEXT NOT NULL CHECK (length(branch_no) = 3),
    account_no TEXT NOT NULL CHECK (length(account_no) = 7),
    amount BIGINT NOT NULL CHECK (amount >= 0),
    incentive BIGINT NOT NULL CHECK (incentive >= 0),
    PRIMARY KEY (payment_group, document, base_date, line_no),
    FOREIGN KEY (payment_group, document, base_date)
        REFERENCES zaikei_cycles (payment_group, document, base_date) ON DELETE CASCADE
);
CREATE UNIQUE INDEX zaikei_lines_member
    ON zaikei_lines (payment_group, document, base_date, employee_no, kind);
CREATE INDEX zaikei_lines_kana ON zaikei_lines (payment_group, document, base_date, kana_name);

CREATE TABLE zaikei_changes (
    payment_group TEXT NOT NULL,
    document TEXT NOT NULL,
    base_date DATE NOT NULL,
    change_no INTEGER NOT NULL CHECK (change_no >= 1),
    change_kind TEXT NOT NULL CHECK (change_kind IN ('new', 'account', 'amount', 'gone')),
    employee_no TEXT NOT NULL,
    kana_name TEXT NOT NULL,
    kanji_name TEXT,
    kind TEXT NOT NULL CHECK (kind IN ('general', 'housing', 'pension')),
    before_branch_no TEXT,
    before_account_no TEXT,
    before_amount BIGINT,
    before_incentive BIGINT,
    after_branch_no TEXT,
    after_account_no TEXT,
    after_amount BIGINT,
    after_incentive BIGINT,
    PRIMARY KEY (payment_group, document, base_date, change_no),
    FOREIGN KEY (payment_group, document, base_date)
        REFERENCES zaikei_cycles (payment_group, document, base_date) ON DELETE CASCADE,
    CHECK ((change_kind = 'new') = (before_amount IS NULL)),
    CHECK ((change_kind = 'gone') = (after_amount IS NULL))
);
