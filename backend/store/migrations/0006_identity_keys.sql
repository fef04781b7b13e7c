-- Usernames unique without regard to case and Unicode compatibility forms, and approvals
-- findable by the user who asked for them. Both new columns are computed in Rust (case folding,
-- reading the actor's JSON): the store fills them for existing rows right after migrating, then
-- creates the unique index on usernames (see backfill.rs), so existing databases keep working.
ALTER TABLE users ADD COLUMN username_key TEXT;
ALTER TABLE approvals ADD COLUMN requester_id TEXT;
CREATE INDEX approvals_requester ON approvals(requester_id, created_at);
