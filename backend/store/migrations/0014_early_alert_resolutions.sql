-- A resolved alert can arrive before the firing of the same episode (an HA peer behind the
-- other, a retried delivery). With no incident to close, the end of the episode (its startsAt,
-- in milliseconds since the epoch) is remembered here by fingerprint, so the late firing opens
-- nothing. Kept bounded: the oldest resolutions are forgotten first.
CREATE TABLE early_alert_resolutions (
    fingerprint TEXT PRIMARY KEY,
    starts_at BIGINT NOT NULL,
    resolved_at BIGINT NOT NULL
);
CREATE INDEX early_alert_resolutions_resolved_at ON early_alert_resolutions (resolved_at);
