//! redis-cli's listings of key names, below the command that asked for them (`KEYS *`,
//! `SCAN 0 MATCH user:*`, `redis-cli --scan`): every item is a key's name, never a value, so the
//! items are not read as fields and values (`1) "token:1"` then `2) "refresh_token:bob"`) nor
//! as `name:value` pairs (`password_reset:bob`). What a key's name may still hold is an id
//! that logs in: a segment shaped as a generated token (`sess:8f3a9c1d7e44`,
//! `oauth:access_token:Xk9mQ2vL8pR4tY7w`) goes, after a segment naming a secret or a session
//! or anywhere when it is long enough; words and numbers stay (`user:42:password_hash`).

use crate::REDACTED;
use crate::names::is_secret_name;

/// Programs whose listings are read so.
const CLIENTS: &[&str] = &["redis-cli", "valkey-cli", "keydb-cli"];

/// Whether `line` asks for a listing of keys: a client's command line (`redis-cli KEYS '*'`,
/// `redis-cli --scan --pattern 'sess:*'`) or a command typed at its prompt (`127.0.0.1:6379>
/// KEYS *`).
fn asks_for_keys(line: &str) -> bool {
    let lower = line.to_ascii_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let listing = |w: &&str| matches!(*w, "keys" | "scan" | "--scan");
    let client = words
        .iter()
        .position(|w| CLIENTS.iter().any(|c| w.rsplit('/').next() == Some(*c)));
    if let Some(at) = client {
        return words[at + 1..].iter().any(listing);
    }
    // A prompt: `host:port>`, `redis>`, `127.0.0.1:6379[2]>`, then the command.
    lower.split_once("> ").is_some_and(|(prompt, command)| {
        !prompt.contains(char::is_whitespace)
            && (prompt.contains(':') || prompt.starts_with("redis"))
            && command
                .split_whitespace()
                .next()
                .is_some_and(|w| listing(&w))
    })
}

/// The text of a listing's line without its numbering and quotes (`1) "a:b"`, `2) 1) "a:b"`,
/// `   3) "a:b"`, or a bare `a:b` as redis-cli prints to a pipe), and where it starts; `None`
/// for a line that is not an item.
fn item(line: &str) -> Option<(usize, &str)> {
    let mut rest = line.trim_start();
    let mut numbered = false;
    while let Some((number, after)) = rest.split_once(") ") {
        if number.is_empty() || !number.chars().all(|c| c.is_ascii_digit()) {
            break;
        }
        rest = after.trim_start();
        numbered = true;
    }
    let text = if numbered {
        rest.strip_prefix('"')?.strip_suffix('"')?
    } else {
        rest.trim_end()
    };
    // A bare line is an item only in a key's shape: no blank, no quote, no `=` (`TOKEN=x`
    // below the listing is an assignment, read as one).
    if text.is_empty()
        || (!numbered
            && text.contains(|c: char| c.is_whitespace() || matches!(c, '=' | '"' | '\'')))
    {
        return None;
    }
    let at = text.as_ptr() as usize - line.as_ptr() as usize;
    Some((at, text))
}

/// A key's name with its generated segments hidden.
fn hide_ids(key: &str) -> String {
    let mut previous = "";
    key.split(':')
        .map(|segment| {
            let after_secret = !previous.is_empty()
                && (is_secret_name(previous) || crate::sessions::names_session(previous));
            // A segment that is a secret on its own (a token by its format) goes too; a short
            // one is none, and is not read (a listing may hold thousands of keys).
            let hidden = crate::sessions::token_shaped(segment)
                || (after_secret && crate::capability::generated(segment))
                || (segment.len() >= 8 && crate::redact::redact_within(segment) != segment);
            previous = segment;
            if hidden { REDACTED } else { segment }.to_owned()
        })
        .collect::<Vec<_>>()
        .join(":")
}

/// The byte ranges of `text` that are listings of keys: the items after a line asking for them.
fn listing_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    let mut at = 0;
    let mut listing: Option<usize> = None;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        match listing {
            Some(start) if item(body).is_none() => {
                ranges.push((start, at));
                listing = None;
            }
            _ => {}
        }
        if listing.is_none() && asks_for_keys(body) {
            listing = Some(at + line.len());
        }
        at += line.len();
    }
    if let Some(start) = listing {
        ranges.push((start, at));
    }
    ranges.retain(|(start, end)| start < end);
    ranges
}

/// `text` with its listings of keys read as key names and the rest by `rest`; `None` when it
/// holds no listing.
pub(crate) fn redact_with_listings(text: &str, rest: impl Fn(&str) -> String) -> Option<String> {
    if !text
        .as_bytes()
        .windows(4)
        .any(|w| w.eq_ignore_ascii_case(b"keys") || w.eq_ignore_ascii_case(b"scan"))
    {
        return None;
    }
    let ranges = listing_ranges(text);
    if ranges.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (start, end) in ranges {
        out.push_str(&rest(&text[copied..start]));
        for line in text[start..end].split_inclusive('\n') {
            match item(line.trim_end_matches(['\n', '\r'])) {
                Some((at, key)) => {
                    out.push_str(&line[..at]);
                    out.push_str(&hide_ids(key));
                    out.push_str(&line[at + key.len()..]);
                }
                None => out.push_str(line),
            }
        }
        copied = end;
    }
    if copied < text.len() {
        out.push_str(&rest(&text[copied..]));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_asking_for_keys() {
        for line in [
            "127.0.0.1:6379> KEYS *",
            "redis> keys user:*",
            "localhost:6380[2]> SCAN 0 MATCH sess:*",
            "$ redis-cli -h db KEYS '*'",
            "redis-cli --scan --pattern 'sess:*'",
            "/usr/bin/valkey-cli keys x",
        ] {
            assert!(asks_for_keys(line), "{line}");
        }
        for line in [
            "127.0.0.1:6379> GET keys",
            "redis-cli HGETALL user:1",
            "ssh-add -l > keys.txt",
            "cat keys",
        ] {
            assert!(!asks_for_keys(line), "{line}");
        }
    }

    #[test]
    fn key_names_keep_words_and_numbers() {
        assert_eq!(hide_ids("password_reset:bob"), "password_reset:bob");
        assert_eq!(hide_ids("auth_token:user:42"), "auth_token:user:42");
        assert_eq!(hide_ids("sess:8f3a9c1d7e44"), "sess:[redacted]");
        assert_eq!(hide_ids("oauth:Xk9mQ2vL8pR4tY7wZ3"), "oauth:[redacted]");
    }
}
