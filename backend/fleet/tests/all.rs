//! The fleet against a real `nats-server -js` on loopback: one server per test.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod suite;
