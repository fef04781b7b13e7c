-- The monitor: each sweep's readings (history for charts), incidents with their timelines,
-- repairs counted against budgets, and Alertmanager alerts by fingerprint.
CREATE TABLE monitor_sweeps (
    id          TEXT PRIMARY KEY,
    at          BIGINT NOT NULL,
    trigger     TEXT NOT NULL,
    status      TEXT NOT NULL,
    readings    TEXT NOT NULL,
    duration_ms BIGINT NOT NULL
);
CREATE INDEX monitor_sweeps_at ON monitor_sweeps(at);

-- state: open, repairing, awaiting_approval, resolved, failed, escalated.
CREATE TABLE incidents (
    id          TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    kind        TEXT NOT NULL,
    target      TEXT NOT NULL,
    severity    TEXT NOT NULL,
    state       TEXT NOT NULL,
    summary     TEXT NOT NULL,
    occurrences BIGINT NOT NULL,
    opened_at   BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    closed_at   BIGINT
);
-- At most one incident per fingerprint is live; resolved and failed ones are history.
CREATE UNIQUE INDEX incidents_live ON incidents(fingerprint) WHERE closed_at IS NULL;
CREATE INDEX incidents_updated ON incidents(updated_at);

CREATE TABLE incident_events (
    id          TEXT PRIMARY KEY,
    incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    at          BIGINT NOT NULL,
    seq         BIGINT NOT NULL,
    kind        TEXT NOT NULL,
    detail      TEXT NOT NULL,
    UNIQUE (incident_id, seq)
);

CREATE TABLE repairs (
    id          TEXT PRIMARY KEY,
    target      TEXT NOT NULL,
    incident_id TEXT NOT NULL,
    at          BIGINT NOT NULL
);
CREATE INDEX repairs_target ON repairs(target, at);
