//! A JSON object given as a double-quoted shell value, its quotes escaped, under a secret's
//! name (`TOKENS="{\"github\":\"...\",\"npm\":\"...\"}"`, as `.env` files, compose
//! `environment:` lists and `docker inspect` print it): each member keeps its key and loses
//! its value, as the same object written with single quotes or none does, instead of the
//! whole value going and with it what the object holds keys for.

use std::sync::LazyLock;

use regex::Captures;

use crate::REDACTED;
use crate::names::is_secret_name;
use crate::pattern::Gated;

/// `NAME="{...}"` where the object's quotes are all escaped (`\"`) and it closes on its line.
static ESCAPED_OBJECT: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(
        r#"(?P<head>(?:^|[^A-Za-z0-9_])(?P<name>[A-Za-z_][A-Za-z0-9_]*)=")(?P<body>\{\\"(?:[^"\\\n]|\\.)*\})(?P<tail>")"#,
    )
    .ok()
});

/// A member of the escaped object: its key, then a string value (`\"...\"`) or a bare one (a
/// number, `true`), ended by `,` or `}`.
static MEMBER: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(
        r#"(?P<key>\\"(?:[^"\\\n]|\\[^"])*\\"[ \t]*:[ \t]*)(?:\\"(?P<string>(?:[^"\\\n]|\\[^"])*)\\"|(?P<bare>[^,{}\[\]\\ \t]+))"#,
    )
    .ok()
});

/// The body of an object of string or bare members only, each value hidden; `None` for any
/// other shape (a nested object or a list), left to the passes that hide the value whole.
fn members_hidden(body: &str, member: &Gated) -> Option<String> {
    let inner = body.strip_prefix('{')?.strip_suffix('}')?;
    let hidden = member
        .replace_all(inner, |c: &Captures| {
            let value = if c.name("string").is_some() {
                format!("\\\"{REDACTED}\\\"")
            } else {
                REDACTED.to_owned()
            };
            format!("{}{value}", &c["key"])
        })
        .into_owned();
    // What is left between the members must be separators only: anything else is a shape
    // this reading does not know.
    let rest = member.replace_all(inner, "").into_owned();
    rest.chars()
        .all(|c| matches!(c, ',' | ' ' | '\t'))
        .then(|| format!("{{{hidden}}}"))
}

/// `text` with the values of such objects hidden (all of it, should a pattern not compile:
/// fail closed, as every pass does).
pub(crate) fn redact_escaped_json_values(text: &str) -> String {
    if !text.contains("{\\\"") {
        return text.to_owned();
    }
    let (Some(object), Some(member)) = (ESCAPED_OBJECT.as_ref(), MEMBER.as_ref()) else {
        return REDACTED.to_owned();
    };
    object
        .replace_all(text, |c: &Captures| {
            let whole = c.get(0).map_or("", |m| m.as_str());
            if !is_secret_name(&c["name"]) {
                return whole.to_owned();
            }
            match members_hidden(&c["body"], member) {
                Some(body) => format!("{}{body}{}", &c["head"], &c["tail"]),
                None => whole.to_owned(),
            }
        })
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::redact_escaped_json_values as redact;

    #[test]
    fn patterns_compile() {
        assert!(super::ESCAPED_OBJECT.is_some() && super::MEMBER.is_some());
    }

    #[test]
    fn members_keep_their_keys() {
        assert_eq!(
            redact(r#"TOKENS="{\"a\":\"x12345secret\",\"b\":\"y67890secret\"}""#),
            r#"TOKENS="{\"a\":\"[redacted]\",\"b\":\"[redacted]\"}""#
        );
        assert_eq!(
            redact(r#"export API_KEYS="{\"openai\": \"sk-abc\", \"pin\": 1234}" && run"#),
            r#"export API_KEYS="{\"openai\": \"[redacted]\", \"pin\": [redacted]}" && run"#
        );
    }

    #[test]
    fn other_names_and_shapes_stay() {
        for text in [
            r#"LABELS="{\"app\":\"web\",\"tier\":\"front\"}""#,
            r#"TOKENS="{\"a\":{\"b\":\"x\"}}""#,
            "[67210.114507] docker0: port 1(veth1a2b) entered blocking state",
            "[stdout] 2026-12-05T05:24:01Z tick 3",
            r#"{"level":"info","msg":"started","port":8080}"#,
        ] {
            assert_eq!(redact(text), text);
        }
    }
}
