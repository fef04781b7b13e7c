-- Conversations, their messages, runs (one per user message) and every event of a run.
CREATE TABLE conversations (
    id          TEXT PRIMARY KEY,
    owner_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    title       TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX conversations_owner ON conversations(owner_id, updated_at);

CREATE TABLE messages (
    id              TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    position        BIGINT NOT NULL,
    role            TEXT NOT NULL,
    content         TEXT NOT NULL,
    tool_calls      TEXT NOT NULL,
    tool_call_id    TEXT,
    tool_name       TEXT,
    run_id          TEXT,
    created_at      BIGINT NOT NULL,
    UNIQUE (conversation_id, position)
);

-- status: running, complete, error, cancelled, interrupted (the server stopped mid-run).
CREATE TABLE runs (
    id              TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    owner_id        TEXT NOT NULL,
    status          TEXT NOT NULL,
    model           TEXT,
    answer          TEXT,
    error_code      TEXT,
    created_at      BIGINT NOT NULL,
    finished_at     BIGINT
);
CREATE INDEX runs_conversation ON runs(conversation_id, created_at);
CREATE INDEX runs_status ON runs(status);

CREATE TABLE run_events (
    run_id      TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    seq         BIGINT NOT NULL,
    event       TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (run_id, seq)
);
