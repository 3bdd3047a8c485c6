-- The information screen: deduction schedules, 一斉積立 run headers, the employer's latest
-- 作成基準日, notices (お知らせ) and manuals (マニュアル照会).

CREATE TABLE cycles (
    payment_group TEXT NOT NULL REFERENCES payment_groups (number) ON DELETE CASCADE,
    occasion TEXT NOT NULL CHECK (occasion IN ('monthly', 'summer', 'year_end')),
    month DATE NOT NULL,
    deadline DATE NOT NULL,
    request_received DATE,
    result_received DATE,
    payday DATE NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (payment_group, occasion, month)
);

CREATE TABLE collective_runs (
    payment_group TEXT NOT NULL REFERENCES payment_groups (number) ON DELETE CASCADE,
    run_no INTEGER NOT NULL,
    name TEXT NOT NULL,
    received_on DATE NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('regular', 'ad_hoc')),
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (payment_group, run_no)
);

CREATE TABLE employer_documents (
    payment_group TEXT NOT NULL REFERENCES payment_groups (number) ON DELETE CASCADE,
    document TEXT NOT NULL,
    base_date DATE NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (payment_group, document)
);

CREATE TABLE notices (
    id TEXT PRIMARY KEY NOT NULL,
    published_on DATE NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    until DATE,
    target_kind TEXT,
    target_contract TEXT,
    withdrawn_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE manuals (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    comment TEXT NOT NULL,
    target_kind TEXT,
    file_name TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    withdrawn_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
