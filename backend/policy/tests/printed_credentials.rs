//! git reads that print configuration values (a remote's URL above all) stay low because what
//! they print never reaches the model, a log or a store unredacted: every tool outcome passes
//! through `warden_secrets::redact_text` (`backend/core/src/guard/execute.rs`), which hides a
//! password in a URL and a token given as its user. Listings of the whole configuration
//! (`git config -l`, `--get-regexp`), credential sections and `git credential fill` are high,
//! since they print what no redaction knows the shape of.

use warden_policy::{RiskLevel, classify_command};
use warden_secrets::redact_text;

/// Each low line with what it may print and the credential that must not survive.
const PRINTED: &[(&str, &str, &str)] = &[
    (
        "git remote -v",
        "origin\thttps://alice:hunter2x@github.com/o/r.git (fetch)\norigin\thttps://alice:hunter2x@github.com/o/r.git (push)",
        "hunter2x",
    ),
    (
        "git remote get-url origin",
        "https://ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com/o/r.git",
        "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
    ),
    (
        "git remote get-url --all origin",
        "https://oauth2:glpat-abcdefghij0123456789@gitlab.com/o/r.git",
        "glpat-abcdefghij0123456789",
    ),
    (
        "git remote show -n origin",
        "* remote origin\n  Fetch URL: https://bob:pa55word-x@git.example.com/r.git\n  Push  URL: https://bob:pa55word-x@git.example.com/r.git",
        "pa55word-x",
    ),
    (
        "git config --get remote.origin.url",
        "https://x-access-token:v1.abcdef0123456789abcdef@github.com/o/r",
        "v1.abcdef0123456789abcdef",
    ),
    (
        "git config get remote.origin.pushurl",
        "https://deploy:Tr0ub4dor-3@git.example.com/r.git",
        "Tr0ub4dor-3",
    ),
    (
        "git config --get remote.origin.proxy",
        "http://proxyuser:proxypass9@proxy.example:3128",
        "proxypass9",
    ),
    (
        "git config --get submodule.vendor.url",
        "https://s3cr3tt0k3n9@git.example.com/vendor.git",
        "s3cr3tt0k3n9",
    ),
    (
        "git ls-remote --get-url origin",
        "https://git.example.com/r.git?private_token=abcdef123",
        "abcdef123",
    ),
];

#[test]
fn remote_urls_are_printed_only_through_the_redaction() {
    for (line, output, secret) in PRINTED {
        let verdict = classify_command(line);
        assert_eq!(verdict.level, RiskLevel::Low, "{line}: {}", verdict.reason);
        let shown = redact_text(output);
        assert!(!shown.contains(secret), "{line} shows {secret}: {shown}");
    }
}

#[test]
fn configuration_listings_and_credential_reads_are_high() {
    for line in [
        "git config -l",
        "git config --list --show-origin",
        "git config list",
        "git config --get-regexp remote",
        "git config --get-regex url",
        "git config --get-urlmatch http https://git.example.com",
        "git config --get credential.helper",
        "git config --get http.extraheader",
        "git config get --url=https://github.com http.extraheader",
        "git config --get url.https://tok@host/.insteadof",
        "git credential fill",
        "git credential-store get",
        "git var -l",
    ] {
        assert!(
            classify_command(line).level >= RiskLevel::High,
            "{line}: {}",
            classify_command(line).reason
        );
    }
    // Not known: at least medium.
    for line in [
        "git config get --regexp remote.",
        "git config --get include.path",
    ] {
        assert!(classify_command(line).level >= RiskLevel::Medium, "{line}");
    }
}
