//! Values their own format marks as sensitive, in JSON objects without nested objects (on one
//! line or several): Terraform's and OpenTofu's `output -json` (`{"sensitive": true, "type":
//! "string", "value": "x"}`) and the state's outputs, Parameter Store's `SecureString`s
//! (`{"Name": "/app/db", "Type": "SecureString", "Value": "x"}`), 1Password's concealed fields
//! (`"type": "CONCEALED"`, `"purpose": "PASSWORD"`), CI variables marked secret or masked
//! (`"masked": true`, `"isSecret": true`); and entries whose name field names a secret in any
//! of the spellings APIs use (`"key"`, `"variable"`, `"ParameterKey"`, `"OptionName"`,
//! `"label"`, `"field"`, `"id"`), whatever the entry is called.

use std::sync::LazyLock;

use regex::Captures;

use crate::pattern::Gated;

use crate::REDACTED;
use crate::names::is_secret_name;

/// A JSON object without nested objects.
static OBJECT: LazyLock<Option<Gated>> =
    LazyLock::new(|| crate::pattern::new(r#"\{[^{}]*\}"#).ok());

/// A member that marks the object's value as a secret.
static MARKER: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(concat!(
        r#""(?:sensitive|Sensitive|secret|Secret|masked|isSecret|is_secret|IsSecret|isSensitive|IsSensitive|is_sensitive)"\s*:\s*true\b"#,
        r#"|"(?:type|Type|kind)"\s*:\s*"(?:SecureString|CONCEALED|password|PASSWORD|secret|SECRET|secretText)""#,
        r#"|"purpose"\s*:\s*"PASSWORD""#,
    ))
    .ok()
});

/// A member naming the entry: `"name": "DB_PASSWORD"`, `"ParameterKey": "DBPassword"`; a name
/// longer than [`crate::pairs::MAX_NAME_CHARS`] names nothing (the code bounds it: see there).
static NAME_MEMBER: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(
        r#""(?:name|Name|key|Key|variable|Variable|ParameterKey|OptionName|label|Label|field|id)"\s*:\s*"(?P<name>[^"\\]+)""#,
    )
    .ok()
});

/// Its value member: a string or a scalar (lists are `pairs`' to hide item by item).
static VALUE_MEMBER: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(
        r#"(?P<head>"(?:value|Value|ParameterValue)"\s*:\s*)(?P<value>"(?:[^"\\]|\\.)*"|[^,}\s\[]+)"#,
    )
    .ok()
});

/// Why an object's value is a secret: a member marks it so (its value goes whatever it
/// reads), or a member names it for a secret (`"name": "DB_PASSWORD"`: a switch or a
/// placeholder stays, as [`crate::text::entry_value_keeps`] judges).
enum Mark<'t> {
    Marked,
    Named(&'t str),
}

/// Whether the members of `object` say its value is a secret.
fn marked<'t>(object: &'t str, marker: &Gated, name: &Gated) -> Option<Mark<'t>> {
    if marker.is_match(object) {
        return Some(Mark::Marked);
    }
    name.captures_iter(object).find_map(|c| {
        c.name("name")
            .map(|n| n.as_str())
            .filter(|n| crate::pairs::within_name_bound(n) && is_secret_name(n))
            .map(Mark::Named)
    })
}

/// `text` with the values of objects marked sensitive replaced by [`REDACTED`].
pub(crate) fn redact_marked_sensitive(text: &str) -> String {
    let (Some(object), Some(member), Some(marker), Some(name)) = (
        OBJECT.as_ref(),
        VALUE_MEMBER.as_ref(),
        MARKER.as_ref(),
        NAME_MEMBER.as_ref(),
    ) else {
        return REDACTED.to_owned();
    };
    object
        .replace_all(text, |found: &Captures| {
            let whole = found.get(0).map_or("", |m| m.as_str());
            let Some(mark) = marked(whole, marker, name) else {
                return whole.to_owned();
            };
            member
                .replace_all(whole, |value: &Captures| {
                    let head = value.name("head").map_or("", |m| m.as_str());
                    let raw = value.name("value").map_or("", |m| m.as_str());
                    let plain = match mark {
                        Mark::Named(name) => {
                            crate::text::entry_value_keeps(name, raw.trim_matches('"'))
                        }
                        Mark::Marked => false,
                    };
                    if matches!(raw, "null" | "\"\"") || raw.contains(REDACTED) || plain {
                        format!("{head}{raw}")
                    } else {
                        format!("{head}\"{REDACTED}\"")
                    }
                })
                .into_owned()
        })
        .into_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn patterns_compile() {
        assert!(super::OBJECT.is_some());
        assert!(super::MARKER.is_some());
        assert!(super::NAME_MEMBER.is_some());
        assert!(super::VALUE_MEMBER.is_some());
    }
}
