//! A bare `key` (or `keys`) qualified by the section or the parent it sits under: `[api]` then
//! `key = x` (INI, TOML), `encryption:` then an indented `key: x` (YAML). The pair is judged as
//! one name (`api_key`, `encryption_key`), as `api_key = x` would be on one line; `[tls]` then
//! `key = /etc/tls.key` stays (a path, and `tls_key` is not a secret's name). A generated id
//! (a UUID, 128 bits of hexadecimal or more) under any parent goes, as JSON's `"key": "..."`
//! member does.

use std::sync::LazyLock;

use crate::pattern::Gated;

use crate::REDACTED;
use crate::names::is_secret_name;

static SECTION: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(r#"\A[ \t]*\[\[?[ \t]*"?([A-Za-z0-9_.-]+)"?[ \t]*\]\]?[ \t]*\z"#).ok()
});
static PARENT: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(r#"\A([ \t]*)["']?([A-Za-z0-9_-]+)["']?[ \t]*:[ \t]*\z"#).ok()
});
static KEY_LINE: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(
        r#"\A(?P<head>([ \t]*)["']?(?P<name>key|keys|Key)["']?[ \t]*(?:=|:)[ \t]*)(?P<value>"[^"]*"|'[^']*'|[^\s#;"']+)(?P<tail>.*)\z"#,
    )
    .ok()
});

/// `text` with the values of qualified keys hidden.
pub(crate) fn redact_qualified_keys(text: &str) -> String {
    let (Some(section), Some(parent), Some(key_line)) =
        (SECTION.as_ref(), PARENT.as_ref(), KEY_LINE.as_ref())
    else {
        return REDACTED.to_owned();
    };
    // Open YAML parents (indent, name), innermost last; an INI section as indent -1.
    let mut open: Vec<(isize, String)> = Vec::new();
    let mut out: Vec<String> = Vec::new();
    for line in text.split('\n') {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        let indent = isize::try_from(indent).unwrap_or(isize::MAX);
        if let Some(found) = section.captures(line) {
            open = vec![(-1, found[1].to_owned())];
            out.push(line.to_owned());
            continue;
        }
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            out.push(line.to_owned());
            continue;
        }
        // A line closes the parents it is not indented under.
        while open.last().is_some_and(|(at, _)| *at >= indent) {
            open.pop();
        }
        if let Some(found) = parent.captures(line) {
            open.push((indent, found[2].to_owned()));
            out.push(line.to_owned());
            continue;
        }
        let Some(found) = key_line.captures(line) else {
            out.push(line.to_owned());
            continue;
        };
        let Some((_, owner)) = open.last() else {
            out.push(line.to_owned());
            continue;
        };
        let value = &found["value"];
        let inner = value.trim_matches(['"', '\'']);
        // The owner's last word qualifies the key (`api`, `encryption`), not a reference to a
        // key kept elsewhere (Kubernetes' `secretKeyRef:` then `key: password`).
        let owner = crate::names::parts(owner).pop().unwrap_or_default();
        let qualified = format!("{owner}_{}", &found["name"]);
        let kept = inner.is_empty()
            || inner.contains(REDACTED)
            || inner.starts_with(['/', '$', '~', '.', '{', '<', '%', '|', '>'])
            || matches!(
                inner.to_ascii_lowercase().as_str(),
                "true" | "false" | "null" | "none" | "yes" | "no" | "on" | "off"
            );
        // A random id under any parent (`grafana:` then `key: <32 hex>`) goes as a JSON member
        // `"key": "<32 hex>"` does (`servicelines.rs`): the same rule for both formats. A line
        // alone (`key = <hex>`) has no parent and keeps its digest.
        if !(is_secret_name(&qualified) || random_id(inner)) || kept {
            out.push(line.to_owned());
            continue;
        }
        let (open_quote, close_quote) = match value.chars().next() {
            Some(q @ ('"' | '\'')) => (q.to_string(), q.to_string()),
            _ => (String::new(), String::new()),
        };
        out.push(format!(
            "{}{open_quote}{REDACTED}{close_quote}{}",
            &found["head"], &found["tail"]
        ));
    }
    out.join("\n")
}

/// A UUID, or 128 bits of hexadecimal or more: the shapes of a generated key that the JSON
/// member `"key"` is judged by.
fn random_id(value: &str) -> bool {
    let uuid = value.len() == 36
        && value.char_indices().all(|(i, c)| {
            if matches!(i, 8 | 13 | 18 | 23) {
                c == '-'
            } else {
                c.is_ascii_hexdigit()
            }
        });
    uuid || (value.len() >= 32 && value.chars().all(|c| c.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::redact_qualified_keys as redact;

    #[test]
    fn keys_qualified_by_section_or_parent() {
        assert_eq!(
            redact("[api]\nkey = \"abc123\"\nurl = x"),
            "[api]\nkey = \"[redacted]\"\nurl = x"
        );
        assert_eq!(
            redact("encryption:\n  key: abc123\n  cipher: aes"),
            "encryption:\n  key: [redacted]\n  cipher: aes"
        );
        // A generated id under any parent or section, as JSON's `"key": "..."` goes.
        assert_eq!(
            redact("grafana:\n  key: 0123456789abcdef0123456789abcdef"),
            "grafana:\n  key: [redacted]"
        );
        assert_eq!(
            redact("[mailer]\nkey = \"0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d\""),
            "[mailer]\nkey = \"[redacted]\""
        );
        // A path, an unqualified section, a parent closed before the key.
        for same in [
            "[tls]\nkey = /etc/tls.key",
            "[tls]\nkey = abc123",
            "[api]\nkey = /etc/api.key",
            "api:\n  url: x\nkey: abc123",
            "key = abc123",
            "key = 0123456789abcdef0123456789abcdef",
            "cache:\n  key: linux-node-0123abcd",
            "[api]\nkey = true",
            "secretKeyRef:\n  name: db\n  key: password",
        ] {
            assert_eq!(redact(same), same);
        }
    }
}
