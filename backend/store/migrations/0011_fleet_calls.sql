-- Calls the hub sent to a fleet agent, recorded before they are queued so that a restarted hub
-- still knows them; the agent's result is stored once when it arrives (result_json stays NULL
-- until then). Times are Unix seconds.
CREATE TABLE fleet_calls (
    id              TEXT PRIMARY KEY,
    host            TEXT NOT NULL,
    tool            TEXT NOT NULL,
    requested_by    TEXT NOT NULL,
    sent_at         BIGINT NOT NULL,
    expires_at      BIGINT NOT NULL,
    result_json     TEXT,
    finished_at     BIGINT
);
CREATE INDEX fleet_calls_host ON fleet_calls(host, sent_at);
CREATE INDEX fleet_calls_pending ON fleet_calls(finished_at);
