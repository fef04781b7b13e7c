//! Authentication: who is calling, and with which scopes.

pub mod jwt;
pub mod password;
pub mod principal;
pub mod secrets;
pub mod signing_key;

pub use principal::{Principal, Require};
