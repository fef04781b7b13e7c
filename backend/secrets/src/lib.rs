//! What counts as a secret, in one place for every part of Warden:
//!
//! - [`sensitive_path`]: files that hold credentials, recognised by their name, their directory
//!   or their extension, wherever they are. The file tools refuse them; the command classifier
//!   treats reading them with any program as high risk.
//! - [`redact`] and [`redact_text`]: the one redaction applied to whatever Warden records or
//!   shows (audit log, approvals, webhooks): secret-named fields and secret-shaped words in text.

mod paths;
mod redact;

pub use paths::sensitive_path;
pub use redact::{REDACTED, redact, redact_text};
