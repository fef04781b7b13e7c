//! Logins as protocols send them in clear, which `curl -v`, `openssl s_client`, a server's
//! debug log or a capture print a line each: FTP's and POP3's `PASS password` (after `USER
//! name`), IMAP's `TAG LOGIN name password`, with or without a direction mark before (`> `,
//! `C: `, `-> `). Test runners' verdicts stay: Jest's `PASS  src/app.test.js` names a file,
//! Go's `--- PASS: TestX` has a colon, a bare `PASS` has nothing after it.

use std::sync::LazyLock;

use crate::REDACTED;
use crate::pattern::Gated;

/// A line's `PASS value` or `TAG LOGIN name value`, the command in capitals as clients send
/// it, after an optional direction mark. A tag is one letter or holds a digit (`a`, `a001`,
/// `A1`): `ROOT LOGIN on '/dev/tty1'` is login(1)'s notice.
static WIRE_LOGIN: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(
        r#"(?m)(?P<head>^[ \t]*(?:(?:[<>]|->|C:)[ \t]*)?(?:PASS[ \t]+|(?:[A-Za-z]|[A-Za-z.]{0,8}[0-9][A-Za-z0-9.]{0,8})[ \t]+LOGIN[ \t]+(?:"[^"\r\n]*"|[^\s"]+)[ \t]+))(?P<secret>"[^"\r\n]*"|[^\s"]+)[ \t]*\r?$"#,
    )
    .ok()
});

/// Whether a `PASS` operand names a file (a test runner's verdict) rather than a password.
fn test_file(value: &str) -> bool {
    value.contains('/')
        || [
            ".js", ".jsx", ".ts", ".tsx", ".mjs", ".cjs", ".py", ".go", ".rs", ".rb", ".java",
            ".php", ".vue", ".svelte",
        ]
        .iter()
        .any(|ext| value.ends_with(ext))
}

/// `text` with the passwords of clear-text protocol logins hidden.
pub(crate) fn redact_wire_logins(text: &str) -> String {
    if !text.contains("PASS") && !text.contains("LOGIN") {
        return text.to_owned();
    }
    let Some(pattern) = WIRE_LOGIN.as_ref() else {
        return REDACTED.to_owned();
    };
    pattern
        .replace_all(text, |c: &regex::Captures<'_>| {
            let whole = c.get(0).map_or("", |m| m.as_str());
            let head = c.name("head").map_or("", |m| m.as_str());
            let secret = c.name("secret").map_or("", |m| m.as_str());
            let value = secret.trim_matches('"');
            if value.is_empty()
                || value.contains(REDACTED)
                || (head.trim_end().ends_with("PASS") && test_file(value))
                || crate::placeholders::stands_in(value)
            {
                return whole.to_owned();
            }
            let quote = if secret.starts_with('"') { "\"" } else { "" };
            let end = c.name("secret").map_or(whole.len(), |m| m.end());
            let tail = &text[end..c.get(0).map_or(end, |m| m.end())];
            format!("{head}{quote}{REDACTED}{quote}{tail}")
        })
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::redact_wire_logins;

    #[test]
    fn clear_text_logins_lose_their_password() {
        for (text, expected) in [
            (
                "> USER bob\n> PASS tulipgarden\n< 230 Login successful.",
                "> USER bob\n> PASS [redacted]\n< 230 Login successful.",
            ),
            ("PASS tulipgarden\r\n", "PASS [redacted]\r\n"),
            (
                "C: a001 LOGIN bob tulipgarden",
                "C: a001 LOGIN bob [redacted]",
            ),
            ("a LOGIN bob tulipgarden", "a LOGIN bob [redacted]"),
            (
                "a1 LOGIN \"bob\" \"tulip garden\"",
                "a1 LOGIN \"bob\" \"[redacted]\"",
            ),
        ] {
            assert_eq!(redact_wire_logins(text), expected, "{text}");
        }
    }

    #[test]
    fn test_verdicts_and_prose_stay() {
        for text in [
            "PASS  src/app.test.js",
            "PASS tests/unit/math.spec.ts",
            "--- PASS: TestParse (0.00s)",
            "PASS",
            "ok  \tgithub.com/x/y\t0.012s",
            "USER bob",
            "230 Login successful.",
            "PASS <password>",
            "Dec 05 12:00:01 box sshd[1]: LOGIN ok for bob",
            "ROOT LOGIN  on '/dev/tty1'",
        ] {
            assert_eq!(redact_wire_logins(text), text, "{text}");
        }
    }
}
