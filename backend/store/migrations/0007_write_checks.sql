-- One row rewritten by readiness checks: a database that still answers reads may be unable to
-- write (a full disk, a read-only mount), and readiness is about writing.
CREATE TABLE write_checks (
    id BIGINT PRIMARY KEY,
    checked_at BIGINT NOT NULL
);
