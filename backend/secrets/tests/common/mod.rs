//! Helpers shared by the test files: each collects every case that went wrong, so that one run
//! reports all of them instead of stopping at the first.

// Each test file uses its own subset of these.
#![allow(dead_code)]

use std::path::Path;

use warden_secrets::{redact_command_output, redact_text, sensitive_path};

/// The paths whose verdict (refused or readable) is not `secret`.
pub fn missed_paths(paths: &[&str], secret: bool) -> Vec<String> {
    paths
        .iter()
        .filter(|p| sensitive_path(Path::new(p)).is_some() != secret)
        .map(|p| (*p).to_owned())
        .collect()
}

/// The `(input, expected)` pairs whose redaction is not the expected text, with both shown.
pub fn wrong_redactions(cases: &[(&str, &str)]) -> Vec<String> {
    cases
        .iter()
        .filter_map(|(input, expected)| {
            let got = redact_text(input);
            (got != *expected)
                .then(|| format!("{input:?}\n   got      {got:?}\n   expected {expected:?}"))
        })
        .collect()
}

/// The texts that redaction changed, with what they became.
pub fn changed(texts: &[&str]) -> Vec<String> {
    texts
        .iter()
        .filter_map(|t| {
            let got = redact_text(t);
            (got != *t).then(|| format!("{t:?} became {got:?}"))
        })
        .collect()
}

/// The `(command, output, secret)` cases whose output, redacted with the command that printed
/// it, still holds the secret.
pub fn leaked_outputs(cases: &[(&str, &str, &str)]) -> Vec<String> {
    cases
        .iter()
        .filter_map(|(command, output, secret)| {
            let got = redact_command_output(command, output);
            got.contains(secret).then(|| format!("{command}: {got:?}"))
        })
        .collect()
}
