//! Credentials in property lists and `.netrc`-shaped lines, where a name and its value stand
//! side by side without `=` or `:` between them:
//!
//! - `.netrc` and `.authinfo` lines (`machine h login u port 993 password p`): read as
//!   keyword and value pairs, every secret-named keyword's value goes, whatever stands before;
//! - Lisp and Clojure keyword lists (Emacs' auth-source `(:host "h" :user "u" :secret "s")`,
//!   `{:password "x"}`): the value after a secret-named `:keyword`;
//! - dotted pairs (`(:password . "x")`, `("password" . "x")`, `(password . "x")`);
//! - a secret-named variable set to a list of lists (`(setq smtpmail-auth-credentials
//!   '(("host" 587 "user" "x")))`): the last string of each inner list, the password's place.

use std::sync::LazyLock;

use regex::Captures;

use crate::pattern::Gated;

use crate::REDACTED;
use crate::names::is_secret_name;

type Pattern = LazyLock<Option<Gated>>;

/// `:name value` (a Lisp or Clojure keyword and its value), or `(name . value)`.
static KEYWORD_VALUE: Pattern = LazyLock::new(|| {
    crate::pattern::new(concat!(
        r#"(?P<head>(?:(?:^|[\s({\[,]):(?P<keyword>[A-Za-z][A-Za-z0-9_-]*)[ \t]+(?:\.[ \t]+)?"#,
        r#"|\([ \t]*:?"?(?P<dotted>[A-Za-z][A-Za-z0-9_-]*)"?[ \t]+\.[ \t]+))"#,
        r#"(?P<value>"(?:[^"\\\n]|\\.)*"|[^\s()\[\]{}",]+)"#,
    ))
    .ok()
});

/// `(setq NAME '(` (also `setopt`, `defvar`, `defcustom`, `customize-set-variable`): a
/// variable set to a quoted list.
static LIST_SETTING: Pattern = LazyLock::new(|| {
    crate::pattern::new(
        r#"\((?:setq|setq-default|setopt|defvar|defcustom|customize-set-variable)[ \t]+'?(?P<name>[A-Za-z][A-Za-z0-9_-]*)[ \t]+'\("#,
    )
    .ok()
});

/// Words standing for no value: Lisp's `nil` and `t`, booleans.
fn no_value(value: &str) -> bool {
    matches!(value, "nil" | "t" | "true" | "false" | "#t" | "#f")
}

/// Hides a keyword's or a dotted pair's value when the name is a secret's.
fn redact_keywords(text: &str) -> String {
    let Some(pattern) = KEYWORD_VALUE.as_ref() else {
        return REDACTED.to_owned();
    };
    pattern
        .replace_all(text, |c: &Captures| {
            let whole = c.get(0).map_or("", |m| m.as_str());
            // A bare word is a value inside a list or a map only (`(:secret pw)`); outside one
            // `:password changed` is a log line's words.
            let start = c.get(0).map_or(0, |m| m.start());
            let in_list = text[..start]
                .rsplit('\n')
                .next()
                .is_some_and(|line| line.contains(['(', '{']))
                || whole.starts_with(['(', '{']);
            let head = c.name("head").map_or("", |m| m.as_str());
            let name = c
                .name("keyword")
                .or_else(|| c.name("dotted"))
                .map_or("", |m| m.as_str());
            let value = c.name("value").map_or("", |m| m.as_str());
            let inner = value.trim_matches('"');
            if !is_secret_name(name)
                || inner.is_empty()
                || no_value(inner)
                || inner == REDACTED
                || (!value.starts_with('"') && !in_list)
                // Ruby's `{ :password => "x" }`: an operator, the assignment pass reads on.
                || (!value.starts_with('"') && !value.starts_with(|c: char| c.is_alphanumeric()))
            {
                return whole.to_owned();
            }
            if value.starts_with('"') {
                format!("{head}\"{REDACTED}\"")
            } else {
                format!("{head}{REDACTED}")
            }
        })
        .into_owned()
}

/// The tokens of a `.netrc` line with their byte ranges: words, or quoted strings whole.
fn tokens(line: &str) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        if bytes[i] == b'"' {
            i += 1;
            while i < bytes.len() && bytes[i] != b'"' {
                i += if bytes[i] == b'\\' { 2 } else { 1 };
            }
            i = (i + 1).min(bytes.len());
        } else {
            while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
                i += 1;
            }
        }
        found.push((start, i));
    }
    found
}

/// The keywords of `.netrc` and Emacs' `.authinfo` that take a value; a line holding any other
/// word where a keyword stands is not such a line (`machine learning is ...`).
const NETRC_KEYWORDS: &[&str] = &[
    "machine", "login", "user", "password", "passwd", "secret", "account", "port", "protocol",
    "force", "host",
];

/// Those whose value is a secret.
const NETRC_SECRETS: &[&str] = &["password", "passwd", "secret"];

/// A `.netrc` or `.authinfo` line (`machine h login u port 993 password p`, `default login u
/// password p`): the values of its secret-named keywords go.
fn redact_netrc_line(line: &str) -> Option<String> {
    let tokens = tokens(line);
    let first = tokens.first().map(|(s, e)| &line[*s..*e])?;
    if !matches!(first, "machine" | "default") {
        return None;
    }
    // `default` takes no value; every other keyword is followed by its own.
    let mut i = if first == "default" { 1 } else { 2 };
    let mut hidden = Vec::new();
    while i + 1 < tokens.len() {
        let (ks, ke) = tokens[i];
        let (vs, ve) = tokens[i + 1];
        let keyword = &line[ks..ke];
        if !NETRC_KEYWORDS.contains(&keyword) {
            return None;
        }
        if NETRC_SECRETS.contains(&keyword) && !line[vs..ve].contains(REDACTED) {
            hidden.push((vs, ve));
        }
        i += 2;
    }
    if hidden.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(line.len());
    let mut copied = 0;
    for (start, end) in hidden {
        out.push_str(&line[copied..start]);
        if line[start..end].starts_with('"') {
            out.push_str(&format!("\"{REDACTED}\""));
        } else {
            out.push_str(REDACTED);
        }
        copied = end;
    }
    out.push_str(&line[copied..]);
    Some(out)
}

/// In a secret-named variable's list of lists, the last string literal of each innermost list.
fn redact_credential_lists(text: &str) -> String {
    let Some(pattern) = LIST_SETTING.as_ref() else {
        return REDACTED.to_owned();
    };
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for c in pattern.captures_iter(text) {
        let (Some(whole), Some(name)) = (c.get(0), c.name("name")) else {
            continue;
        };
        if whole.start() < copied || !is_secret_name(name.as_str()) {
            continue;
        }
        // The list runs to its closing parenthesis; strings are read whole.
        let bytes = text.as_bytes();
        let mut depth = 1;
        let mut i = whole.end();
        let mut last_string: Option<(usize, usize)> = None;
        let mut hide: Vec<(usize, usize)> = Vec::new();
        while i < bytes.len() && depth > 0 {
            match bytes[i] {
                b'"' => {
                    let start = i;
                    i += 1;
                    while i < bytes.len() && bytes[i] != b'"' {
                        i += if bytes[i] == b'\\' { 2 } else { 1 };
                    }
                    last_string = Some((start, (i + 1).min(bytes.len())));
                }
                b'(' => {
                    depth += 1;
                    last_string = None;
                }
                b')' => {
                    depth -= 1;
                    hide.extend(last_string.take());
                }
                _ => {}
            }
            i += 1;
        }
        for (start, end) in hide {
            if start < copied || text[start..end].contains(REDACTED) {
                continue;
            }
            out.push_str(&text[copied..start]);
            out.push_str(&format!("\"{REDACTED}\""));
            copied = end;
        }
    }
    out.push_str(&text[copied..]);
    out
}

/// `text` with the credentials of its property lists and `.netrc` lines hidden.
pub(crate) fn redact_property_lists(text: &str) -> String {
    let lines: Vec<String> = text
        .split('\n')
        .map(|line| redact_netrc_line(line).unwrap_or_else(|| line.to_owned()))
        .collect();
    let text = lines.join("\n");
    let text = if text.contains("'(") {
        redact_credential_lists(&text)
    } else {
        text
    };
    if text.contains(':') || text.contains(" . ") {
        redact_keywords(&text)
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::redact_property_lists as redact;

    #[test]
    fn netrc_keywords_in_any_order() {
        assert_eq!(
            redact("machine h login u port 993 password p"),
            "machine h login u port 993 password [redacted]"
        );
        assert_eq!(
            redact("machine h password \"a b\" login u"),
            "machine h password \"[redacted]\" login u"
        );
        for sentence in [
            "machine learning is a password-free field",
            "14:03:22 :password changed",
            "{ :password => x }",
        ] {
            assert_eq!(redact(sentence), sentence);
        }
    }

    #[test]
    fn lisp_lists() {
        assert_eq!(
            redact("(:host \"h\" :user \"u\" :secret \"s\")"),
            "(:host \"h\" :user \"u\" :secret \"[redacted]\")"
        );
        assert_eq!(
            redact("(setq c '((\"h\" 587 \"u\" \"p\")))"),
            "(setq c '((\"h\" 587 \"u\" \"p\")))"
        );
        assert_eq!(
            redact("(setq smtpmail-auth-credentials '((\"h\" 587 \"u\" \"p\")))"),
            "(setq smtpmail-auth-credentials '((\"h\" 587 \"u\" \"[redacted]\")))"
        );
    }
}
