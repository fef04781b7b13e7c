//! Go's `%v` of a map of lists, as a Go service logs its request's headers or its settings:
//! `map[Authorization:[Bearer X] Content-Type:[application/json]]`, `http.Header{"X-Api-Key":
//! {"X"}}` aside. A secret-named key's items go, whatever their words (an authorization's
//! scheme stays): a pass reading
//! `Authorization:` and the word after would take `[Bearer` for the value and leave the token.

use std::sync::LazyLock;

use crate::REDACTED;
use crate::pattern::Gated;

/// A key of a printed Go map (after `map[` or a blank inside one) and its list in brackets.
static MAP_ENTRY: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(
        r"(?P<head>(?:map\[|[ \t])(?P<name>[A-Za-z0-9_.-]+):\[)(?P<secret>[^\]\n]*)\]",
    )
    .ok()
});

/// Authorization schemes, written before the credential in one header's value.
const SCHEMES: &[&str] = &[
    "Bearer",
    "Basic",
    "Token",
    "Digest",
    "Negotiate",
    "Bot",
    "Key",
];

/// `text` with the lists of secret-named keys in printed Go maps hidden.
pub(crate) fn redact_go_maps(text: &str) -> String {
    if !text.contains("map[") {
        return text.to_owned();
    }
    let Some(pattern) = MAP_ENTRY.as_ref() else {
        return REDACTED.to_owned();
    };
    pattern
        .replace_all(text, |c: &regex::Captures<'_>| {
            let whole = c.get(0).map_or("", |m| m.as_str());
            let name = c.name("name").map_or("", |m| m.as_str());
            let secret = c.name("secret").map_or("", |m| m.as_str());
            if secret.trim().is_empty() || !crate::is_secret_name(name) {
                return whole.to_owned();
            }
            // Each item goes (a list prints its items with blanks between); an
            // authorization's scheme stays (`[Bearer X]` is one header's value).
            let items: Vec<&str> = secret
                .split(' ')
                .enumerate()
                .map(|(at, item)| {
                    let scheme = at == 0 && SCHEMES.iter().any(|s| item.eq_ignore_ascii_case(s));
                    if scheme || item.is_empty() {
                        item
                    } else {
                        REDACTED
                    }
                })
                .collect();
            format!(
                "{}{}]",
                c.name("head").map_or("", |m| m.as_str()),
                items.join(" ")
            )
        })
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::redact_go_maps;

    #[test]
    fn secret_named_lists_go_whole() {
        for (text, expected) in [
            (
                r#"level=debug msg="request" headers="map[Authorization:[Bearer tulipgarden]]""#,
                r#"level=debug msg="request" headers="map[Authorization:[Bearer [redacted]]]""#,
            ),
            (
                "map[Content-Type:[application/json] X-Api-Key:[tulipgarden]]",
                "map[Content-Type:[application/json] X-Api-Key:[[redacted]]]",
            ),
        ] {
            assert_eq!(redact_go_maps(text), expected, "{text}");
        }
    }

    #[test]
    fn other_lists_stay() {
        for text in [
            "map[Accept:[*/*] User-Agent:[curl/8.5.0]]",
            "map[Authorization:[]]",
            "tags: [web, db]",
            "[67210.114507] docker0: port 1(veth1a2b) entered blocking state",
        ] {
            assert_eq!(redact_go_maps(text), text, "{text}");
        }
    }
}
