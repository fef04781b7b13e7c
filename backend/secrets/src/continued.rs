//! Secret values continued onto the lines below with a trailing backslash: systemd's
//! `SetCredentialEncrypted=` as `systemd-creds encrypt --pretty` prints it (the credential's
//! name on the first line, its encrypted blob on the next ones), and any setting named for a
//! secret whose value is split so. Only lines shaped like encoded data go (one word of base64
//! or hex digits): a command's options continued below an assignment stay.

use crate::REDACTED;
use crate::names::is_secret_name;

/// The shortest continued line taken for encoded data.
const MIN_BLOB_CHARS: usize = 16;

/// Whether `line` opens a value continued below: `NAME=...\` or `NAME: ...\` at the start of
/// its line (after indentation, `export`), named for a secret.
fn opens_secret_continuation(line: &str) -> bool {
    let trimmed = line.trim();
    if !trimmed.ends_with('\\') {
        return false;
    }
    let assignment = trimmed.strip_prefix("export ").unwrap_or(trimmed);
    let Some(at) = assignment.find(['=', ':']) else {
        return false;
    };
    let name = &assignment[..at];
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        && is_secret_name(name)
}

/// Whether a continued line holds encoded data alone: one word of base64 (or hex) digits; a
/// blob's last line (`ZGhYUqw==`) is shorter, so after one such line any length goes.
fn blob_line(word: &str, in_blob: bool) -> bool {
    if in_blob {
        return !word.is_empty()
            && word
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '-' | '_'));
    }
    word.len() >= MIN_BLOB_CHARS
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '-' | '_'))
        && word.chars().any(|c| c.is_ascii_digit())
}

/// Hides the encoded lines that continue a secret's value.
pub(crate) fn redact_continued_values(text: &str) -> String {
    if !text.contains("\\\n") && !text.contains("\\\r\n") {
        return text.to_owned();
    }
    let mut out: Vec<String> = Vec::new();
    let mut continuing = false;
    let mut in_blob = false;
    let lines: Vec<&str> = text.split('\n').collect();
    let word_of = |line: &str| -> String {
        let body = line.trim_end_matches('\r').trim_end();
        body.trim_start()
            .trim_end_matches('\\')
            .trim_end()
            .to_owned()
    };
    for (i, line) in lines.iter().enumerate() {
        let line = *line;
        let body = line.trim_end_matches('\r').trim_end();
        if continuing {
            let word = body.trim_start().trim_end_matches('\\').trim_end();
            // A blob's first line may be short (`k6iU \` then the long lines): it is one
            // when the line it continues onto is.
            let short_first = !in_blob
                && body.ends_with('\\')
                && blob_line(word, true)
                && lines
                    .get(i + 1)
                    .is_some_and(|next| blob_line(&word_of(next), false));
            if short_first || blob_line(word, in_blob) {
                in_blob = true;
                let indent = &line[..line.len() - line.trim_start().len()];
                let tail = if body.ends_with('\\') { " \\" } else { "" };
                let cr = if line.ends_with('\r') { "\r" } else { "" };
                out.push(format!("{indent}{REDACTED}{tail}{cr}"));
                continuing = body.ends_with('\\');
                continue;
            }
        }
        continuing = opens_secret_continuation(body);
        in_blob = false;
        out.push(line.to_owned());
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_encoded_lines_below_a_secret_go() {
        assert!(opens_secret_continuation("SetCredentialEncrypted=db: \\"));
        assert!(!opens_secret_continuation("ExecStart=/usr/bin/app \\"));
        assert!(blob_line(
            "k6iUCUh0RJCQyvL8k8q1UyAAAAABAAAADAAAABAAAAC1lFmb",
            false
        ));
        assert!(blob_line("ZGhYUqw==", true));
        assert!(!blob_line("ZGhYUqw==", false));
        assert!(!blob_line("--host=db1", false));
        assert!(!blob_line("./run.sh", true));
    }
}
