//! Values wrapped onto the more-indented lines below their key, as YAML continues a plain or
//! quoted scalar (`private_key: MIIEvQ` then `  IBADANBgkqhkiG9w0BAQEF...`): a base64 blob
//! whose first line is short holds no token's shape on any one line, so the lines are judged
//! joined. Under a secret's name the whole wrapped value goes; under any other name (`key:`,
//! `data:`) it goes when the joined blob is a secret by its format (a DER private key, an
//! OpenSSH key's body). Continuation lines that are not one word of base64 (prose, a nested
//! entry, a comment) end the value and are left to the other passes.

use std::sync::LazyLock;

use crate::REDACTED;
use crate::names::is_secret_name;
use crate::pattern::Gated;

/// A key and a value on its line: `name: value`, `- name: value`, `name = value`.
static KEY_VALUE: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(
        r#"\A(?P<indent>[ \t]*(?:-[ \t]+)?)["']?(?P<name>[A-Za-z_][A-Za-z0-9_.-]*)["']?[ \t]*[:=][ \t]*(?P<quote>["']?)(?P<value>[A-Za-z0-9+/_=-]+)[ \t]*\z"#,
    )
    .ok()
});

/// A quoted blob of base64 cut by escaped line breaks (`"MIIEvQ\nIBADANBgkq...\n..."`, as JSON
/// and HCL write a key wrapped at 64 characters): judged joined, as a wrapped value is.
static ESCAPED_BLOB: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(
        r#"(?P<blob>[A-Za-z0-9+/=]+(?:(?:\\r)?\\n[A-Za-z0-9+/=]+)+)(?P<tail>(?:(?:\\r)?\\n)?["'])"#,
    )
    .ok()
});

/// `text` with every quoted blob cut by escaped line breaks hidden when, joined, it is a
/// secret by its format.
fn redact_escaped_blobs(text: &str) -> String {
    let Some(blobs) = ESCAPED_BLOB.as_ref() else {
        return REDACTED.to_owned();
    };
    blobs
        .replace_all(text, |c: &regex::Captures| {
            let whole = c.get(0).map_or("", |m| m.as_str());
            let blob = c.name("blob").map_or("", |m| m.as_str());
            let tail = c.name("tail").map_or("", |m| m.as_str());
            let joined = blob.replace("\\r", "").replace("\\n", "");
            if joined.len() >= MIN_JOINED_CHARS && crate::redact::redact_within(&joined) != joined {
                format!("{REDACTED}{tail}")
            } else {
                whole.to_owned()
            }
        })
        .into_owned()
}

/// The shortest joined blob judged: shorter ones are no key.
const MIN_JOINED_CHARS: usize = 40;

/// One word of base64 (standard or URL-safe), with a closing quote when the value opened one.
fn blob_word<'l>(line: &'l str, quote: &str) -> Option<&'l str> {
    let word = line.trim();
    let word = if quote.is_empty() {
        word
    } else {
        word.strip_suffix(quote).unwrap_or(word)
    };
    (!word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '-' | '_')))
    .then_some(word)
}

/// `text` with every wrapped secret value hidden.
pub(crate) fn redact_wrapped_values(text: &str) -> String {
    let Some(key_value) = KEY_VALUE.as_ref() else {
        return REDACTED.to_owned();
    };
    let text = if text.contains("\\n") {
        redact_escaped_blobs(text)
    } else {
        text.to_owned()
    };
    if !text.contains('\n') {
        return text;
    }
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim_end_matches('\r');
        // Only a line with a more-indented line below can open a wrapped value: no regex for
        // the others.
        let indent_of = |l: &str| l.len() - l.trim_start().len();
        let opens = lines
            .get(i + 1)
            .is_some_and(|next| !next.trim().is_empty() && indent_of(next) > indent_of(line));
        let Some(found) = opens.then(|| key_value.captures(line)).flatten() else {
            out.push(lines[i].to_owned());
            i += 1;
            continue;
        };
        let indent = found.name("indent").map_or(0, |m| m.as_str().len());
        let name = found.name("name").map_or("", |m| m.as_str());
        let quote = found.name("quote").map_or("", |m| m.as_str());
        let value = found.name("value").map_or(0..0, |m| m.range());
        // The lines below, more indented and one word of base64 each.
        let mut joined = line[value.clone()].to_owned();
        let mut end = i + 1;
        let mut long_line = false;
        while let Some(next) = lines.get(end) {
            let next = next.trim_end_matches('\r');
            let next_indent = next.len() - next.trim_start().len();
            let Some(word) = (next_indent > indent)
                .then(|| blob_word(next, quote))
                .flatten()
            else {
                break;
            };
            long_line |= word.len() >= 16;
            joined.push_str(word);
            end += 1;
        }
        let wrapped = end > i + 1 && long_line && joined.len() >= MIN_JOINED_CHARS;
        let secret =
            wrapped && (is_secret_name(name) || crate::redact::redact_within(&joined) != joined);
        if !secret {
            out.push(lines[i].to_owned());
            i += 1;
            continue;
        }
        let cr = |l: &str| if l.ends_with('\r') { "\r" } else { "" };
        out.push(format!(
            "{}{REDACTED}{}",
            &line[..value.start],
            cr(lines[i])
        ));
        for below in &lines[i + 1..end] {
            let body = below.trim_end_matches('\r');
            let lead = &body[..body.len() - body.trim_start().len()];
            let close = if !quote.is_empty() && body.trim_end().ends_with(quote) {
                quote
            } else {
                ""
            };
            out.push(format!("{lead}{REDACTED}{close}{}", cr(below)));
        }
        i = end;
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_blobs_go_when_named_or_shaped_as_keys() {
        let key = "key: MIIEvQ\n  IBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTU\n  t9Us8cKjMzEf==\nname: web";
        assert_eq!(
            redact_wrapped_values(key),
            "key: [redacted]\n  [redacted]\n  [redacted]\nname: web"
        );
        let cert = "cert: MIIDdz\n  CCAl+gAwIBAgIUQ5f7mP0xEXAMPLEcertificateBODYabc\nname: web";
        assert_eq!(redact_wrapped_values(cert), cert);
    }
}
