//! Two-factor recovery codes as an application prints them after a heading, one or a few to a
//! line (`Recovery codes:` then `a1b2c-3d4e5`; GitLab's `gitlab-rake` and `2fa:recovery_codes`,
//! Nextcloud's and Vaultwarden's backup codes, `google-authenticator`'s emergency scratch
//! codes). Each code is a login without the second factor; nothing on its own line names it,
//! the heading above does. The codes go until a line that holds anything else; the heading and
//! the prose after the list stay.

use crate::REDACTED;

/// Whether `line` announces a list of recovery codes.
fn heading(line: &str) -> bool {
    let lower = line.trim().to_ascii_lowercase();
    let names = [
        "recovery",
        "backup",
        "scratch",
        "emergency",
        "one-time",
        "one time",
    ]
    .iter()
    .any(|w| lower.contains(w));
    names && lower.contains("code") && lower.ends_with(':')
}

/// Whether `word` has a recovery code's shape: letters and digits, perhaps in groups joined by
/// `-`, six characters or more in all, with a digit.
fn code(word: &str) -> bool {
    let bare: String = word.chars().filter(|c| *c != '-').collect();
    bare.len() >= 6
        && bare.len() <= 32
        && bare.chars().all(|c| c.is_ascii_alphanumeric())
        && bare.chars().any(|c| c.is_ascii_digit())
        && !word.starts_with('-')
        && !word.ends_with('-')
}

/// A line of the list: a marker (`-`, `*`, `1.`, `1)`) perhaps, then one to four codes.
fn code_line(line: &str) -> Option<String> {
    let body = line.trim_end_matches(['\r']);
    let lead = &body[..body.len() - body.trim_start().len()];
    let mut words: Vec<&str> = body.split_whitespace().collect();
    let marker = words.first().copied().filter(|w| {
        matches!(*w, "-" | "*" | "•")
            || (w.len() <= 4
                && (w.ends_with('.') || w.ends_with(')'))
                && w[..w.len() - 1].chars().all(|c| c.is_ascii_digit()))
    });
    if marker.is_some() {
        words.remove(0);
    }
    if words.is_empty() || words.len() > 4 || !words.iter().all(|w| code(w)) {
        return None;
    }
    let codes = vec![REDACTED; words.len()].join(" ");
    Some(match marker {
        Some(m) => format!("{lead}{m} {codes}"),
        None => format!("{lead}{codes}"),
    })
}

/// `text` with the codes listed under a recovery codes' heading hidden.
pub(crate) fn redact_recovery_codes(text: &str) -> String {
    let lower = text.to_ascii_lowercase();
    if !lower.contains("code") {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut listing = false;
    let mut blank_seen = false;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let ending = &line[body.len()..];
        if heading(body) {
            listing = true;
            blank_seen = false;
            out.push_str(line);
            continue;
        }
        if listing {
            if body.trim().is_empty() {
                // One blank line may part the heading from its list.
                listing = !blank_seen;
                blank_seen = true;
                out.push_str(line);
                continue;
            }
            if let Some(hidden) = code_line(body) {
                out.push_str(&hidden);
                out.push_str(ending);
                continue;
            }
            listing = false;
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::redact_recovery_codes;

    #[test]
    fn codes_under_their_heading_go() {
        for (text, expected) in [
            (
                "Recovery codes:\n  a1b2c-3d4e5\n  f6g7h-8i9j0\nKeep them safe.",
                "Recovery codes:\n  [redacted]\n  [redacted]\nKeep them safe.",
            ),
            (
                "Your emergency scratch codes are:\n  48207135\n  91736204\n",
                "Your emergency scratch codes are:\n  [redacted]\n  [redacted]\n",
            ),
            (
                "Backup codes:\n\n1. 7f3a9c2e1b8d4f60\n2. 0c2e4b6d8f0a1c3e\n",
                "Backup codes:\n\n1. [redacted]\n2. [redacted]\n",
            ),
            (
                "Recovery codes:\n- 1234 5678 - x\n",
                "Recovery codes:\n- 1234 5678 - x\n",
            ),
        ] {
            assert_eq!(redact_recovery_codes(text), expected, "{text}");
        }
    }

    #[test]
    fn other_lists_stay() {
        for text in [
            "Exit codes:\n  0 ok\n  1 error\n",
            "Error codes:\n  E1001\n  E1002\n",
            "Recovery codes were regenerated for bob",
            "Backup codes:\nnone left, generate new ones\n",
        ] {
            assert_eq!(redact_recovery_codes(text), text, "{text}");
        }
    }
}
