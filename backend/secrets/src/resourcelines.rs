//! kubectl's line about what it did to a Secret (`secret "db-pass" created`, `secret
//! "db-pass" deleted`, `Secret "db-pass" configured (dry run)`): the quoted word is the
//! object's name, a Kubernetes name, never its value. The passes reading `secret "x"` (BIND's
//! `secret "base64";`) took the name for a secret; such a line is kept as it was.

/// What kubectl says it did to an object, after its kind and quoted name.
const OUTCOMES: &[&str] = &[
    "created",
    "deleted",
    "configured",
    "unchanged",
    "patched",
    "replaced",
    "labeled",
    "annotated",
    "edited",
    "serverside-applied",
];

/// `redacted` with kubectl's lines about Secrets in `original` as they were, where the
/// redaction kept the lines in their places.
pub(crate) fn keep_resource_lines(original: &str, redacted: String) -> String {
    if redacted == original {
        return redacted;
    }
    let before: Vec<&str> = original.split_inclusive('\n').collect();
    let after: Vec<&str> = redacted.split_inclusive('\n').collect();
    if before.len() != after.len() || !before.iter().any(|line| secret_outcome(line)) {
        return redacted;
    }
    before
        .iter()
        .zip(&after)
        .map(|(was, now)| if secret_outcome(was) { *was } else { *now })
        .collect()
}

/// Whether `line` is kubectl's `secret "NAME" OUTCOME`, perhaps with `(dry run)` or
/// `(server dry run)` after it.
fn secret_outcome(line: &str) -> bool {
    let line = line.trim();
    let line = line
        .strip_suffix("(dry run)")
        .or_else(|| line.strip_suffix("(server dry run)"))
        .unwrap_or(line)
        .trim_end();
    let Some(rest) = line
        .strip_prefix("secret \"")
        .or_else(|| line.strip_prefix("Secret \""))
    else {
        return false;
    };
    let Some((name, outcome)) = rest.split_once("\" ") else {
        return false;
    };
    kubernetes_name(name) && OUTCOMES.contains(&outcome)
}

/// A Kubernetes object's name: lower-case letters, digits, `-` and `.`, starting and ending
/// with a letter or a digit, at most 253 characters.
fn kubernetes_name(name: &str) -> bool {
    (1..=253).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '.'))
        && name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name.ends_with(|c: char| c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::secret_outcome;

    #[test]
    fn kubectl_lines_about_secrets() {
        for line in [
            "secret \"db-pass\" created",
            "secret \"db-pass\" deleted",
            "Secret \"db-pass\" configured (dry run)",
            "secret \"tls.example.com\" unchanged\n",
        ] {
            assert!(secret_outcome(line), "{line}");
        }
        for line in [
            // BIND's key, a value with capitals, another word after the name.
            "secret \"Zx9Qk2LmP4aaBBccDDeeFFgg==\";",
            "secret \"Zx9Qk2LmP4aaBBcc\" deleted",
            "secret \"db-pass\" is hunter2",
            "password \"db-pass\" created",
            "[67210.114507] docker0: port 1(veth1a2b) entered blocking state",
        ] {
            assert!(!secret_outcome(line), "{line}");
        }
    }
}
