//! Values their own format marks as sensitive: Terraform's and OpenTofu's `output -json`
//! (`{"sensitive": true, "type": "string", "value": "x"}`) and the state's outputs, whatever
//! the output is called.

use std::sync::LazyLock;

use regex::{Captures, Regex};

use crate::REDACTED;

/// A JSON object without nested objects that says `"sensitive": true`.
static MARKED_OBJECT: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r#"\{[^{}]*"sensitive"\s*:\s*true[^{}]*\}"#).ok());

/// Its `"value"` member: a string or a scalar (lists are `pairs`' to hide item by item).
static VALUE_MEMBER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r#"(?P<head>"value"\s*:\s*)(?P<value>"(?:[^"\\]|\\.)*"|[^,}\s\[]+)"#).ok()
});

/// `text` with the values of objects marked sensitive replaced by [`REDACTED`].
pub(crate) fn redact_marked_sensitive(text: &str) -> String {
    let (Some(object), Some(member)) = (MARKED_OBJECT.as_ref(), VALUE_MEMBER.as_ref()) else {
        return REDACTED.to_owned();
    };
    object
        .replace_all(text, |found: &Captures| {
            let whole = found.get(0).map_or("", |m| m.as_str());
            member
                .replace_all(whole, |value: &Captures| {
                    let head = value.name("head").map_or("", |m| m.as_str());
                    let raw = value.name("value").map_or("", |m| m.as_str());
                    if matches!(raw, "null" | "\"\"") {
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
        assert!(super::MARKED_OBJECT.is_some());
        assert!(super::VALUE_MEMBER.is_some());
    }
}
