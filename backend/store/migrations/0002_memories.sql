-- Memories: facts and notes the agent keeps. owner_id NULL means shared operational knowledge.
CREATE TABLE memories (
    id          TEXT PRIMARY KEY,
    owner_id    TEXT REFERENCES users(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    content     TEXT NOT NULL,
    tags        TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX memories_owner ON memories(owner_id, created_at);
