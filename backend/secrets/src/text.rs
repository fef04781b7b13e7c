//! The passes of text redaction that work on patterns: private key blocks, tokens by their
//! well-known formats, credentials in URLs, authorization headers, and `name=value` pairs whose
//! name is a secret's (in environment assignments, options, query strings, YAML, JSON, TOML).

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::{Captures, Regex};

use crate::REDACTED;
use crate::names::{counts_things, is_secret_name};

/// A compiled pattern; `None` only if it failed to compile, which the tests rule out. A pass
/// whose pattern is missing hides the whole text rather than letting it through (fail closed).
type Pattern = LazyLock<Option<Regex>>;

fn compile(pattern: &str) -> Option<Regex> {
    Regex::new(pattern).ok()
}

static PRIVATE_KEY_BLOCK: Pattern = LazyLock::new(|| {
    compile(
        r"(?s)-----BEGIN ([A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?)-----.*?(?:-----END [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----|\z)",
    )
});

static PUTTY_PRIVATE_LINES: Pattern =
    LazyLock::new(|| compile(r"(Private-Lines:\s*\d+\r?\n)(?:[A-Za-z0-9+/=]+\r?\n?)+"));

static AGE_KEY: Pattern = LazyLock::new(|| compile(r"AGE-SECRET-KEY-1[0-9A-Z]{20,}"));

/// Tokens recognised by format alone, wherever they appear. `keep` groups survive (the host of
/// a webhook URL, so the text still says what it was).
static TOKENS: Pattern = LazyLock::new(|| {
    compile(concat!(
        r"\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA)[A-Z0-9]{16}\b",
        r"|\bgh[pousr]_[A-Za-z0-9]{36,255}\b",
        r"|\bgithub_pat_[A-Za-z0-9_]{22,255}\b",
        r"|\bgl(?:pat|dt|ptt|rt|soat|cbt|oas|ft|imt|agent|wt|ffct)-[A-Za-z0-9_-]{20,}",
        r"|\bGR1348941[A-Za-z0-9_-]{20,}",
        r"|\bxox[abposre]-[A-Za-z0-9-]{10,}",
        r"|\bxapp-[A-Za-z0-9-]{10,}",
        r"|(?P<keep>https://hooks\.slack\.com/)(?:services|workflows|triggers)/[A-Za-z0-9/_-]+",
        r"|(?P<keep2>https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/)[0-9]+/[A-Za-z0-9_-]+",
        r"|\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,}\b",
        r"|\bwhsec_[A-Za-z0-9+/=]{10,}",
        r"|\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*",
        r"|\bwdn_[A-Za-z0-9_-]{16,}",
        r"|\bAIza[0-9A-Za-z_-]{35}",
        r"|\bya29\.[0-9A-Za-z_-]{20,}",
        r"|\bGOCSPX-[A-Za-z0-9_-]{20,}",
        r"|\bsk-[A-Za-z0-9_-]{20,}",
        r"|\bnpm_[A-Za-z0-9]{36}\b",
        r"|\bpypi-AgE[A-Za-z0-9_-]{50,}",
        r"|\bhf_[A-Za-z0-9]{30,}\b",
        r"|\bdckr_pat_[A-Za-z0-9_-]{20,}",
        r"|\bdo[por]_v1_[a-f0-9]{64}\b",
        r"|\bhv[sbr]\.[A-Za-z0-9_-]{20,}",
        r"|\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b",
        r"|\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}",
        r"|\bSK[0-9a-fA-F]{32}\b",
        r"|\bATATT3[A-Za-z0-9_=-]{50,}",
        r"|\bglc_[A-Za-z0-9+/=_-]{32,}",
        r"|\bglsa_[A-Za-z0-9_]{32,}",
        r"|\b[0-9]{8,10}:AA[A-Za-z0-9_-]{33}\b",
        r"|\btskey-[a-z]+-[A-Za-z0-9-]{10,}",
        r"|\bdp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,}",
        r"|\blin_api_[A-Za-z0-9]{40}\b",
        r"|\bPMAK-[a-f0-9]{24}-[a-f0-9]{34}\b",
    ))
});

/// `scheme://user:password@host`: the password goes, the user and host stay.
static URL_PASSWORD: Pattern = LazyLock::new(|| {
    compile(r#"(?P<head>\b[A-Za-z][A-Za-z0-9+.-]*://[^\s/:@'"<>]*):(?P<secret>[^\s/'"<>]*)@"#)
});

/// `https://TOKEN@host`: a long user part alone is a token (git over HTTPS).
static URL_TOKEN: Pattern = LazyLock::new(|| {
    compile(r"(?P<head>\b[A-Za-z][A-Za-z0-9+.-]*://)(?P<secret>[A-Za-z0-9_.~-]{20,})@")
});

/// Credential-bearing headers: the scheme (`Bearer`, `Basic`) stays, the credential goes.
static AUTH_HEADER: Pattern = LazyLock::new(|| {
    compile(concat!(
        r#"(?i)(?P<head>\b(?:proxy-)?authorization|\bx-api-key|\bapi-key|\bx-auth-token|\bx-access-token"#,
        r#"|\bprivate-token|\bjob-token|\bx-vault-token|\bx-consul-token|\bx-nomad-token"#,
        r#"|\bx-amz-security-token|\bx-goog-api-key|\bx-shopify-access-token)"#,
        r#"(?P<sep>["']?\s*[:=]\s*["']?(?:(?:bearer|basic|token|digest|negotiate|bot|apikey|sso-key|ssws|dpop|aws4-hmac-sha256|gitlab-token)\s+)?)"#,
        r#"(?P<secret>[^\s'",;\\]+)"#,
    ))
});

static COOKIE_HEADER: Pattern =
    LazyLock::new(|| compile(r#"(?i)(?P<head>\b(?:set-)?cookie\s*:\s*)(?P<secret>[^\r\n'"\\]+)"#));

static BEARER: Pattern =
    LazyLock::new(|| compile(r"(?i)(?P<head>\bbearer\s+)(?P<secret>[A-Za-z0-9._~+/=-]{8,})"));

/// `.netrc`: `password VALUE` after `login NAME` or at the start of a line (a `machine` entry
/// spread over lines), separated by blanks rather than `=` or `:`.
static NETRC_PASSWORD: Pattern = LazyLock::new(|| {
    compile(
        r"(?m)(?P<head>(?:^[ \t]*|\blogin[ \t]+\S+[ \t]+)(?:password|passwd)[ \t]+)(?P<secret>[^\s=:]\S*)",
    )
});

/// A `.pgpass` line, `host:port:database:user:password` (possibly after a file name, as
/// `grep -r` prints it): the last field goes. The database and user fields must hold a letter
/// or be `*`, so MAC addresses and times keep their digits.
static PGPASS_LINE: Pattern = LazyLock::new(|| {
    compile(concat!(
        r"(?m)(?P<head>(?:^|[\s:])[A-Za-z0-9.*_-]+:(?:[0-9]{1,5}|\*)",
        r":(?:\*|[^:\s]*[A-Za-z_][^:\s]*):(?:\*|[^:\s]*[A-Za-z_][^:\s]*):)(?P<secret>[^\s]+)$",
    ))
});

/// PHP constants: `define('DB_PASSWORD', 'value')` where the constant's name is a secret's.
static PHP_DEFINE: Pattern = LazyLock::new(|| {
    compile(
        r#"(?P<head>\bdefine\s*\(\s*['"](?P<name>[A-Za-z0-9_]+)['"]\s*,\s*)(?P<value>'[^'\n]*'|"[^"\n]*")"#,
    )
});

/// A name followed by its separator; the value is read after it (see [`VALUE`]), so a name
/// that is not a secret's never swallows the text behind it.
static NAME_AND_SEPARATOR: Pattern = LazyLock::new(|| {
    compile(concat!(
        r#"(?P<name>"[A-Za-z_-][A-Za-z0-9_.-]*"|'[A-Za-z_-][A-Za-z0-9_.-]*'"#,
        r#"|\\"[A-Za-z_-][A-Za-z0-9_.-]*\\"|-{1,2}[A-Za-z][A-Za-z0-9_.-]*|\b[A-Za-z_][A-Za-z0-9_.-]*)"#,
        r#"(?P<sep>[ \t]*(?:=>|:=|=|:)[ \t]*)"#,
    ))
});

/// A value: quoted (also with JSON-escaped quotes) or a bare word.
static VALUE: Pattern = LazyLock::new(|| {
    compile(concat!(
        r#"\A(?:\$\{[A-Za-z_][A-Za-z0-9_]*\}|\\"(?:[^"\\]|\\[^"])*\\"|"(?:[^"\\\n]|\\.)*"|'[^'\n]*'"#,
        r#"|[^\s"'&;,<>)\]}\\]+)"#,
    ))
});

/// A shell reference (`$PASSWORD`, `${TOKEN}`): the name of a secret, not the secret.
static REFERENCE: Pattern =
    LazyLock::new(|| compile(r"\A\$(?:\{[A-Za-z_][A-Za-z0-9_]*\}|[A-Za-z_][A-Za-z0-9_]*)\z"));

/// Authentication schemes: a value that is one of these is followed by the credential, which
/// the header passes handle.
const SCHEMES: &[&str] = &[
    "bearer",
    "basic",
    "token",
    "digest",
    "negotiate",
    "bot",
    "apikey",
];

/// Words that are never secrets although they stand where one could.
const NOT_SECRETS: &[&str] = &[
    "true", "false", "null", "none", "nil", "yes", "no", "on", "off", "~", "***", "\"\"", "''",
];

/// Replaces every match of `pattern`; `replace` builds the replacement. A missing pattern hides
/// everything (fail closed).
fn each<'t>(
    pattern: &Pattern,
    text: &'t str,
    replace: impl Fn(&Captures) -> String,
) -> Cow<'t, str> {
    match pattern.as_ref() {
        Some(regex) => regex.replace_all(text, |c: &Captures| replace(c)),
        None => Cow::Owned(REDACTED.to_owned()),
    }
}

/// `head` kept, `secret` replaced: the shape of most passes.
fn keep_head(c: &Captures) -> String {
    let head = c.name("head").map_or("", |m| m.as_str());
    let sep = c.name("sep").map_or("", |m| m.as_str());
    let secret = c.name("secret").map_or("", |m| m.as_str());
    if secret.is_empty() || secret.starts_with(REDACTED) {
        return c.get(0).map_or(String::new(), |m| m.as_str().to_owned());
    }
    format!("{head}{sep}{REDACTED}")
}

/// Runs the pattern passes over `text`.
pub(crate) fn redact_patterns(text: &str) -> String {
    let text = each(&PRIVATE_KEY_BLOCK, text, |c| {
        let label = c.get(1).map_or("PRIVATE KEY", |m| m.as_str());
        format!("-----BEGIN {label}-----\n{REDACTED}\n-----END {label}-----")
    });
    let text = each(&PUTTY_PRIVATE_LINES, &text, |c| {
        format!("{}{REDACTED}\n", c.get(1).map_or("", |m| m.as_str()))
    });
    let text = each(&AGE_KEY, &text, |_| REDACTED.to_owned());
    let text = each(&TOKENS, &text, |c| {
        let keep = c
            .name("keep")
            .or_else(|| c.name("keep2"))
            .map_or("", |m| m.as_str());
        format!("{keep}{REDACTED}")
    });
    let text = each(&URL_PASSWORD, &text, |c| {
        let head = c.name("head").map_or("", |m| m.as_str());
        let secret = c.name("secret").map_or("", |m| m.as_str());
        if secret.is_empty() || secret.starts_with(REDACTED) {
            format!("{head}:{secret}@")
        } else {
            format!("{head}:{REDACTED}@")
        }
    });
    let text = each(&URL_TOKEN, &text, |c| {
        format!("{}{REDACTED}@", c.name("head").map_or("", |m| m.as_str()))
    });
    let text = each(&AUTH_HEADER, &text, keep_head);
    let text = each(&COOKIE_HEADER, &text, keep_head);
    let text = each(&BEARER, &text, keep_head);
    let text = each(&NETRC_PASSWORD, &text, keep_head);
    let text = each(&PGPASS_LINE, &text, keep_head);
    let text = each(&PHP_DEFINE, &text, |c| {
        let whole = c.get(0).map_or("", |m| m.as_str());
        let name = c.name("name").map_or("", |m| m.as_str());
        let value = c.name("value").map_or("", |m| m.as_str());
        let (open, inner, close) = split_quotes(value);
        if !is_secret_name(name) || keeps_value(name, inner) {
            return whole.to_owned();
        }
        let head = c.name("head").map_or("", |m| m.as_str());
        format!("{head}{open}{REDACTED}{close}")
    });
    redact_assignments(&text)
}

/// `name=value`, `name: value`, `"name": "value"`, `--name=value` where the name is a secret's.
fn redact_assignments(text: &str) -> String {
    let (Some(names), Some(values)) = (NAME_AND_SEPARATOR.as_ref(), VALUE.as_ref()) else {
        return REDACTED.to_owned();
    };
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut from = 0;
    while let Some(found) = names.captures_at(text, from) {
        let (Some(whole), Some(name)) = (found.get(0), found.name("name")) else {
            break;
        };
        from = whole.end();
        let rest = &text[whole.end()..];
        // `secret::Type`, `password == x`: code, not an assignment.
        if rest.starts_with(':') || rest.starts_with('=') {
            continue;
        }
        // Hidden by an earlier pass already.
        if rest
            .trim_start_matches(['"', '\'', '\\'])
            .starts_with(REDACTED)
        {
            continue;
        }
        let name_text = name.as_str().trim_matches(['"', '\'', '\\']);
        if !is_secret_name(name_text) {
            continue;
        }
        let Some(value) = values.find(rest) else {
            continue;
        };
        let raw = value.as_str();
        let (open, inner, close) = split_quotes(raw);
        if keeps_value(name_text, inner) {
            from = whole.end() + value.end();
            continue;
        }
        out.push_str(&text[copied..whole.end()]);
        out.push_str(open);
        out.push_str(REDACTED);
        out.push_str(close);
        copied = whole.end() + value.end();
        from = copied;
    }
    out.push_str(&text[copied..]);
    out
}

/// The quotes around a value and what they hold.
pub(crate) fn split_quotes(raw: &str) -> (&str, &str, &str) {
    for quote in ["\\\"", "\"", "'"] {
        if raw.len() >= 2 * quote.len()
            && let Some(inner) = raw.strip_prefix(quote).and_then(|r| r.strip_suffix(quote))
        {
            return (quote, inner, quote);
        }
    }
    ("", raw, "")
}

/// Whether a value under a secret's name is left alone: empty, already hidden, a reference to
/// a variable, a switch word, an authentication scheme, or a count under a counter's name.
fn keeps_value(name: &str, value: &str) -> bool {
    let lower = value.to_lowercase();
    value.is_empty()
        || value.contains(REDACTED)
        || REFERENCE.as_ref().is_some_and(|r| r.is_match(value))
        || NOT_SECRETS.contains(&lower.as_str())
        || SCHEMES.contains(&lower.as_str())
        || (counts_things(name) && value.chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_compiles() {
        for pattern in [
            &PRIVATE_KEY_BLOCK,
            &PUTTY_PRIVATE_LINES,
            &AGE_KEY,
            &TOKENS,
            &URL_PASSWORD,
            &URL_TOKEN,
            &AUTH_HEADER,
            &COOKIE_HEADER,
            &BEARER,
            &NETRC_PASSWORD,
            &PGPASS_LINE,
            &PHP_DEFINE,
            &NAME_AND_SEPARATOR,
            &VALUE,
            &REFERENCE,
        ] {
            assert!(pattern.is_some());
        }
    }
}
