//! kubectl's line about what it did to a Secret (`secret "db-pass" created`, `secret
//! "db-pass" deleted`, `Secret "db-pass" configured (dry run)`): the quoted word is the
//! object's name, a Kubernetes name, never its value. The passes reading `secret "x"` (BIND's
//! `secret "base64";`) took the name for a secret; such a line is kept as it was. Kubernetes'
//! phrase about an object it could not use (`volume "creds" : secret "db-creds" not found`)
//! is no setting either: the assignments pass reads it with [`object_phrase_len`].

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
    // kubectl 1.31 and later name the namespace after a deletion: `secret "x" deleted from
    // default namespace`.
    let outcome = match outcome.strip_prefix("deleted from ") {
        Some(namespace) => match namespace.strip_suffix(" namespace") {
            Some(namespace) if kubernetes_name(namespace) => "deleted",
            _ => outcome,
        },
        None => outcome,
    };
    kubernetes_name(name) && OUTCOMES.contains(&outcome)
}

/// What Kubernetes says of an object it could not use, after its kind and quoted name (`secret
/// "db-creds" not found`, `secrets "x" is forbidden: ...`).
const STATUSES: &[&str] = &[
    "not found",
    "is forbidden",
    "already exists",
    "is invalid",
    "is being deleted",
    "not registered",
];

/// The length of Kubernetes' phrase about an object at the start of `rest`: its kind, its
/// quoted name (perhaps `namespace/name`) and what went wrong (`secret "db-creds" not found`,
/// `serviceaccounts "default" not found`), as a kubelet's event and an API error write it
/// after the volume or the step they concern (`volume "creds" : secret "db-creds" not
/// found`). The word after `"creds" :` is the kind of the object, not the value of a setting
/// named `creds`.
pub(crate) fn object_phrase_len(rest: &str) -> Option<usize> {
    let line = rest.split('\n').next()?;
    let (kind, after) = line.split_once(" \"")?;
    let (name, outcome) = after.split_once("\" ")?;
    let kind_ok = (2..=64).contains(&kind.len())
        && kind.starts_with(|c: char| c.is_ascii_alphabetic())
        && kind.chars().all(|c| c.is_ascii_alphabetic() || c == '.');
    let name_ok = match name.split_once('/') {
        Some((namespace, object)) => kubernetes_name(namespace) && kubernetes_name(object),
        None => kubernetes_name(name),
    };
    let status = STATUSES.iter().find(|s| outcome.starts_with(**s))?;
    (kind_ok && name_ok).then(|| kind.len() + 2 + name.len() + 2 + status.len())
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
    use super::{object_phrase_len, secret_outcome};

    #[test]
    fn kubectl_lines_about_secrets() {
        for line in [
            "secret \"db-pass\" created",
            "secret \"db-pass\" deleted",
            "Secret \"db-pass\" configured (dry run)",
            "secret \"tls.example.com\" unchanged\n",
            "secret \"db-creds\" deleted from default namespace",
        ] {
            assert!(secret_outcome(line), "{line}");
        }
        for line in [
            // BIND's key, a value with capitals, another word after the name.
            "secret \"Zx9Qk2LmP4aaBBccDDeeFFgg==\";",
            "secret \"Zx9Qk2LmP4aaBBcc\" deleted",
            "secret \"db-pass\" is hunter2",
            "secret \"db-pass\" deleted from Hunter2 namespace",
            "password \"db-pass\" created",
            "[67210.114507] docker0: port 1(veth1a2b) entered blocking state",
        ] {
            assert!(!secret_outcome(line), "{line}");
        }
    }

    #[test]
    fn kubernetes_phrases_about_objects() {
        for (rest, len) in [
            ("secret \"db-creds\" not found", 27),
            ("serviceaccounts \"default\" not found\nnext", 35),
            ("Secret \"default/db-creds\" is forbidden: x", 38),
        ] {
            assert_eq!(object_phrase_len(rest), Some(len), "{rest}");
        }
        for rest in [
            "Tulipgarden42",
            "secret \"Zx9Qk2LmP4aaBBcc\" not found",
            "secret \"db-creds\" is hunter2",
            "hunter2 secret \"db-creds\" not found",
            "[67210.114507] docker0: port 1(veth1a2b) entered blocking state",
        ] {
            assert_eq!(object_phrase_len(rest), None, "{rest}");
        }
    }
}
