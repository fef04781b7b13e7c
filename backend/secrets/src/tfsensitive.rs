//! Terraform's own marks of sensitive attributes. A state file lists, beside each instance's
//! `attributes`, the paths of those that are sensitive (`"sensitive_attributes": [[{"type":
//! "get_attr", "value": "result"}]]`), and `terraform show -json` maps them in
//! `"sensitive_values": {"result": true}` beside `"values"`. The attributes so named are hidden
//! wherever the text holds them as strings, whatever they are called (`random_password`'s
//! `result`, `tls_private_key`'s `private_key_openssh`, a provider's `bcrypt_hash`).

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Captures;

use crate::REDACTED;
use crate::pattern::Gated;

/// One step of a sensitive attribute's path that names an attribute, in either member order.
static GET_ATTR: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(
        r#"\{\s*(?:"type"\s*:\s*"get_attr"\s*,\s*"value"\s*:\s*"(?P<a>[^"\\]+)"|"value"\s*:\s*"(?P<b>[^"\\]+)"\s*,\s*"type"\s*:\s*"get_attr")\s*\}"#,
    )
    .ok()
});

/// A member set to `true` (inside `sensitive_values`).
static TRUE_MEMBER: LazyLock<Option<Gated>> =
    LazyLock::new(|| crate::pattern::new(r#""(?P<name>[^"\\]+)"\s*:\s*true\b"#).ok());

/// A JSON member whose value is a string.
static STRING_MEMBER: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(r#"(?P<head>"(?P<name>[^"\\]+)"\s*:\s*)"(?P<value>(?:[^"\\]|\\.)*)""#).ok()
});

/// Names that are the path's own structure, never hidden as attributes.
const STRUCTURE: &[&str] = &["type", "value", "index", "key"];

/// `text` with the string values of the attributes Terraform marks sensitive replaced by
/// [`REDACTED`]; the text as it is when it holds no such marks (all of it should a pattern not
/// compile: fail closed).
pub(crate) fn redact_sensitive_attributes(text: &str) -> String {
    if !text.contains("\"sensitive_attributes\"") && !text.contains("\"sensitive_values\"") {
        return text.to_owned();
    }
    let (Some(get_attr), Some(true_member), Some(member)) = (
        GET_ATTR.as_ref(),
        TRUE_MEMBER.as_ref(),
        STRING_MEMBER.as_ref(),
    ) else {
        return REDACTED.to_owned();
    };
    let mut names: BTreeSet<String> = get_attr
        .captures_iter(text)
        .filter_map(|c| c.name("a").or_else(|| c.name("b")))
        .map(|m| m.as_str().to_owned())
        .collect();
    for region in sensitive_values(text) {
        names.extend(
            true_member
                .captures_iter(region)
                .filter_map(|c| c.name("name"))
                .map(|m| m.as_str().to_owned()),
        );
    }
    names.retain(|n| !STRUCTURE.contains(&n.as_str()));
    if names.is_empty() {
        return text.to_owned();
    }
    member
        .replace_all(text, |c: &Captures| {
            let whole = c.get(0).map_or("", |m| m.as_str());
            let name = c.name("name").map_or("", |m| m.as_str());
            let value = c.name("value").map_or("", |m| m.as_str());
            if !names.contains(name) || value.is_empty() || value.starts_with(REDACTED) {
                return whole.to_owned();
            }
            format!(
                "{}\"{REDACTED}\"",
                c.name("head").map_or("", |m| m.as_str())
            )
        })
        .into_owned()
}

/// The bodies of the `"sensitive_values": {...}` objects of `text`.
fn sensitive_values(text: &str) -> Vec<&str> {
    let mut regions = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("\"sensitive_values\"") {
        let after = &rest[at + "\"sensitive_values\"".len()..];
        let Some(open) = after.find('{') else { break };
        if !after[..open]
            .trim()
            .trim_start_matches(':')
            .trim()
            .is_empty()
        {
            rest = after;
            continue;
        }
        let body = &after[open..];
        let mut depth = 0usize;
        let mut end = body.len();
        for (i, ch) in body.char_indices() {
            match ch {
                '{' => depth += 1,
                '}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        end = i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        regions.push(&body[..end]);
        rest = &body[end..];
    }
    regions
}

#[cfg(test)]
mod tests {
    use super::redact_sensitive_attributes as redact;

    #[test]
    fn patterns_compile() {
        assert!(super::GET_ATTR.is_some());
        assert!(super::TRUE_MEMBER.is_some());
        assert!(super::STRING_MEMBER.is_some());
    }

    #[test]
    fn hides_what_terraform_marks() {
        let state = r#"{"attributes": {"id": "none", "result": "R4nd0m"}, "sensitive_attributes": [[{"type": "get_attr", "value": "result"}]]}"#;
        assert_eq!(
            redact(state),
            r#"{"attributes": {"id": "none", "result": "[redacted]"}, "sensitive_attributes": [[{"type": "get_attr", "value": "result"}]]}"#
        );
        let show = r#"{"values": {"length": 16, "result": "R4nd0m"}, "sensitive_values": {"result": true}}"#;
        assert!(!redact(show).contains("R4nd0m"));
        let plain = r#"{"result": "ok"}"#;
        assert_eq!(redact(plain), plain);
    }
}
