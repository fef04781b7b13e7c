//! The memory suite: the same scenarios against the embedded backend on SQLite and on
//! PostgreSQL and against a real ChromaDB server, with the real MiniLM embedder.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod suite;
