-- Tokens each model call used: a run's usage, each user's and API key's, and the daily budgets.
-- estimated: 1 when the backend reported no usage and Warden estimated it.
CREATE TABLE token_usage (
    id                  TEXT PRIMARY KEY,
    run_id              TEXT,
    user_id             TEXT,
    api_key_id          TEXT,
    model               TEXT NOT NULL,
    prompt_tokens       BIGINT NOT NULL,
    completion_tokens   BIGINT NOT NULL,
    estimated           BIGINT NOT NULL DEFAULT 0,
    at                  BIGINT NOT NULL
);
CREATE INDEX token_usage_user ON token_usage(user_id, at);
CREATE INDEX token_usage_key ON token_usage(api_key_id, at);
CREATE INDEX token_usage_run ON token_usage(run_id);

-- A run's approvals are withdrawn together when it ends.
CREATE INDEX approvals_run ON approvals(run_id);
