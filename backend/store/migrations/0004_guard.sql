-- Approvals: a high-risk call waiting for a human, bound to the exact tool and arguments.
-- status: pending, approved, denied, expired, withdrawn (the run that asked went away first).
-- execution: NULL until claimed, then running, done, or interrupted (the server stopped mid-way).
CREATE TABLE approvals (
    id              TEXT PRIMARY KEY,
    tool            TEXT NOT NULL,
    arguments       TEXT NOT NULL,
    arguments_hash  TEXT NOT NULL,
    risk            TEXT NOT NULL,
    rule            TEXT NOT NULL,
    justification   TEXT NOT NULL,
    actor           TEXT NOT NULL,
    scopes          TEXT NOT NULL,
    run_id          TEXT,
    call_id         TEXT,
    status          TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    expires_at      BIGINT NOT NULL,
    decided_by      TEXT,
    decided_at      BIGINT,
    reason          TEXT,
    execution       TEXT,
    outcome         TEXT,
    executed_at     BIGINT
);
CREATE INDEX approvals_status ON approvals(status, expires_at);

-- The audit log: every decision and execution, each row's hash covering the previous row's.
CREATE TABLE audit_log (
    seq             BIGINT PRIMARY KEY,
    at              BIGINT NOT NULL,
    actor           TEXT NOT NULL,
    event           TEXT NOT NULL,
    tool            TEXT NOT NULL,
    arguments       TEXT NOT NULL,
    risk            TEXT NOT NULL,
    route           TEXT NOT NULL,
    approval_id     TEXT,
    outcome         TEXT NOT NULL,
    detail          TEXT NOT NULL,
    duration_ms     BIGINT NOT NULL,
    prev_hash       TEXT NOT NULL,
    hash            TEXT NOT NULL
);
CREATE INDEX audit_log_tool ON audit_log(tool, seq);
