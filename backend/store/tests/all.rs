//! The store suite: every scenario runs once on SQLite and once on PostgreSQL.

mod suite;
