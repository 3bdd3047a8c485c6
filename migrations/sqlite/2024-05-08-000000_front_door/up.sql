-- The front door: contracts, payment groups, users, certificates, codes, sessions, operation log.
-- Natural keys (contract number, user ID, certificate serial) so both backends agree without
-- sequences. Times are UTC.

CREATE TABLE contracts (
    contract_number TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('member', 'employer')),
    name TEXT NOT NULL,
    name_kana TEXT NOT NULL,
    branch TEXT NOT NULL DEFAULT '',
    initial_password_hash TEXT NOT NULL,
    failures INTEGER NOT NULL DEFAULT 0,
    locks INTEGER NOT NULL DEFAULT 0,
    locked_at TIMESTAMP,
    locked_until TIMESTAMP,
    blocked_at TIMESTAMP,
    lock_version INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE payment_groups (
    number TEXT PRIMARY KEY NOT NULL,
    contract_number TEXT NOT NULL REFERENCES contracts (contract_number) ON DELETE CASCADE,
    name TEXT NOT NULL,
    name_kana TEXT NOT NULL,
    services TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX payment_groups_contract ON payment_groups (contract_number);

CREATE TABLE users (
    user_id TEXT PRIMARY KEY NOT NULL,
    contract_number TEXT NOT NULL REFERENCES contracts (contract_number) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('master', 'general')),
    user_name TEXT NOT NULL,
    email TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    must_change_password BOOLEAN NOT NULL DEFAULT FALSE,
    rokin_deduction TEXT NOT NULL DEFAULT 'full',
    ledger TEXT NOT NULL DEFAULT 'full',
    collective_savings TEXT NOT NULL DEFAULT 'full',
    failures INTEGER NOT NULL DEFAULT 0,
    locks INTEGER NOT NULL DEFAULT 0,
    locked_at TIMESTAMP,
    locked_until TIMESTAMP,
    blocked_at TIMESTAMP,
    lock_version INTEGER NOT NULL DEFAULT 0,
    last_login_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX users_contract ON users (contract_number);
CREATE UNIQUE INDEX users_one_master ON users (contract_number) WHERE role = 'master';

CREATE TABLE certificates (
    serial TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL,
    contract_number TEXT NOT NULL,
    thumbprint TEXT NOT NULL UNIQUE,
    not_before TIMESTAMP NOT NULL,
    not_after TIMESTAMP NOT NULL,
    issued_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP,
    revocation_reason TEXT,
    notified_expiring_at TIMESTAMP,
    notified_expired_at TIMESTAMP
);
CREATE INDEX certificates_user ON certificates (user_id);

CREATE TABLE registration_tokens (
    token_hash TEXT PRIMARY KEY NOT NULL,
    contract_number TEXT NOT NULL REFERENCES contracts (contract_number) ON DELETE CASCADE,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);

CREATE TABLE cert_challenges (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    -- The password typed at the challenge, sealed with a key only the client holds (inside the
    -- challenge id and the issue token): the PKCS#12 is protected by it.
    sealed_password TEXT NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    verified_at TIMESTAMP,
    issue_token_hash TEXT UNIQUE,
    issued_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    cert_thumbprint TEXT NOT NULL,
    payment_group TEXT,
    created_at TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    ended_at TIMESTAMP,
    end_reason TEXT
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE operation_log (
    seq BIGINT PRIMARY KEY NOT NULL,
    at TIMESTAMP NOT NULL,
    contract_number TEXT,
    user_id TEXT,
    screen_id TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    result TEXT NOT NULL,
    detail TEXT NOT NULL,
    client_addr TEXT NOT NULL,
    cert_thumbprint TEXT NOT NULL,
    request_id TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX operation_log_contract ON operation_log (contract_number, at);
