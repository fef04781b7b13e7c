-- Self-healing v2 and automation: a fingerprint's incident history (flapping), each alert
-- incident's alert (labels and annotations, for runbooks and the repair model), task runs
-- (scheduled, on demand or from a webhook) and the webhook deliveries already seen.
CREATE INDEX incidents_fingerprint ON incidents(fingerprint, opened_at);

CREATE TABLE incident_alerts (
    incident_id TEXT PRIMARY KEY REFERENCES incidents(id) ON DELETE CASCADE,
    alert       TEXT NOT NULL
);

-- outcome: running, done, failed, pending_approval, refused, skipped, interrupted.
CREATE TABLE task_runs (
    id          TEXT PRIMARY KEY,
    task        TEXT NOT NULL,
    trigger     TEXT NOT NULL,
    owner       TEXT NOT NULL,
    started_at  BIGINT NOT NULL,
    finished_at BIGINT,
    outcome     TEXT NOT NULL,
    detail      TEXT NOT NULL
);
CREATE INDEX task_runs_task ON task_runs(task, started_at);

-- Kept for good: a delivery id seen once is refused forever (there is no timestamp to bound it).
CREATE TABLE hook_deliveries (
    hook        TEXT NOT NULL,
    delivery_id TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    PRIMARY KEY (hook, delivery_id)
);
