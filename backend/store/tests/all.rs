//! The store suite: every scenario runs once on SQLite and once on PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod suite;
