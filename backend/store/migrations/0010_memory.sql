-- Memory that learns: where each memory came from, its vector (little-endian f32s) and the model
-- that made it; memory writes waiting for ChromaDB; repair outcomes by incident fingerprint; and
-- runbooks proposed from fixes that held.
--
-- source_kind: tool (memory_store), chat (learned from a message), summary (of a conversation),
-- repair (the monitor), api (REST), import. source_ref: the conversation, run or incident.
ALTER TABLE memories ADD COLUMN source_kind TEXT NOT NULL DEFAULT 'tool';
ALTER TABLE memories ADD COLUMN source_ref TEXT;
-- BYTEA: PostgreSQL's bytes; SQLite keeps a blob as a blob whatever the declared type.
ALTER TABLE memories ADD COLUMN embedding BYTEA;
ALTER TABLE memories ADD COLUMN embedding_model TEXT;
CREATE INDEX memories_embedding_model ON memories(embedding_model, id);
CREATE INDEX memories_source ON memories(source_kind, source_ref);

-- Writes for ChromaDB, in order (ids are time-ordered), kept until ChromaDB took them.
CREATE TABLE memory_outbox (
    id          TEXT PRIMARY KEY,
    collection  TEXT NOT NULL,
    op          TEXT NOT NULL,
    memory_id   TEXT NOT NULL,
    payload     TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    attempts    BIGINT NOT NULL,
    last_error  TEXT
);

-- What a repair did for an incident and whether the finding cleared after it. steps: JSON
-- [{"tool", "arguments"}] with the incident's target written as {target}; fix_key: its hash.
CREATE TABLE repair_outcomes (
    id          TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    kind        TEXT NOT NULL,
    target      TEXT NOT NULL,
    incident_id TEXT NOT NULL,
    fix_key     TEXT NOT NULL,
    steps       TEXT NOT NULL,
    summary     TEXT NOT NULL,
    held        BIGINT NOT NULL,
    at          BIGINT NOT NULL
);
CREATE INDEX repair_outcomes_fingerprint ON repair_outcomes(fingerprint, at);
CREATE INDEX repair_outcomes_fix ON repair_outcomes(kind, fix_key);

-- state: proposed, accepted, rejected. One proposal per kind of incident and fix.
CREATE TABLE runbook_proposals (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    fix_key     TEXT NOT NULL,
    steps       TEXT NOT NULL,
    summary     TEXT NOT NULL,
    held_count  BIGINT NOT NULL,
    state       TEXT NOT NULL,
    proposed_at BIGINT NOT NULL,
    decided_by  TEXT,
    decided_at  BIGINT,
    reason      TEXT,
    UNIQUE (kind, fix_key)
);

-- When each conversation was last summarised (its summary is a memory of its owner's).
CREATE TABLE conversation_summaries (
    conversation_id TEXT PRIMARY KEY REFERENCES conversations(id) ON DELETE CASCADE,
    summarized_at   BIGINT NOT NULL
);
