//! Private key blocks whose armour is cut where the whole-block pattern (`text.rs`) cannot see
//! it: a table's cell borders inside the header (`| "-----BEGIN PRIVATE |` then `|   | KEY-----
//! \nMIIE... |`, as `psql` and other tables wrap a long value), a wrap inside a word (`PRIV` and
//! `ATE KEY-----`), or URL encoding (`-----BEGIN%20PRIVATE%20KEY-----%0AMIIE...`). The text is
//! read with those decorations left out; where it holds a private key's header, every line of
//! the body up to its end line (or the end of the text) is hidden, borders and indentation kept.

use std::sync::LazyLock;

use crate::pattern::Gated;

use crate::REDACTED;

/// A private key's header or end line as read without decorations: `-----BEGINRSAPRIVATEKEY-----`.
static HEADER: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(r"-{3,5}BEGIN[A-Z0-9]{0,40}(?:PRIVATE|SECRET)KEY(?:BLOCK)?-{3,5}").ok()
});
static END: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(r"-{3,5}END[A-Z0-9]{0,40}(?:PRIVATE|SECRET)KEY(?:BLOCK)?-{3,5}").ok()
});

/// Characters that decorate a value in a table or a quoted string, left out when reading it.
fn decoration(c: char) -> bool {
    c.is_whitespace() || matches!(c, '|' | '+' | '"' | '\'' | '\\' | '│' | '┃' | '║')
}

/// `text` read without decorations, escapes (`\n`) and URL escapes of blanks and line breaks
/// (`%20`, `%0A`), with the byte offset in `text` of each character kept.
fn squashed(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut at = Vec::with_capacity(text.len());
    let mut chars = text.char_indices().peekable();
    let mut escaped = false;
    while let Some((i, c)) = chars.next() {
        if escaped && matches!(c, 'n' | 'r' | 't') {
            escaped = false;
            continue;
        }
        escaped = c == '\\';
        if decoration(c) {
            continue;
        }
        if c == '%' {
            let code: String = text[i + 1..].chars().take(2).collect();
            if matches!(
                code.to_ascii_uppercase().as_str(),
                "20" | "0A" | "0D" | "09" | "2B"
            ) {
                chars.next();
                chars.next();
                continue;
            }
        }
        out.push(c);
        at.push(i);
    }
    (out, at)
}

/// `text` with the bodies of private keys whose armour is cut hidden.
pub(crate) fn redact_cut_key_blocks(text: &str) -> String {
    let (Some(header), Some(end)) = (HEADER.as_ref(), END.as_ref()) else {
        return REDACTED.to_owned();
    };
    let (plain, at) = squashed(text);
    // Byte ranges of `text` to hide: from after a header to its end line.
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    let mut from = 0;
    while let Some(found) = header.find_at(&plain, from) {
        from = found.end();
        // Hidden already (the whole-block pattern's replacement).
        if plain[found.end()..].starts_with(REDACTED) {
            continue;
        }
        let body_start = at.get(found.end() - 1).map_or(text.len(), |i| {
            i + text[*i..].chars().next().map_or(1, char::len_utf8)
        });
        let body_end = match end.find_at(&plain, found.end()) {
            Some(closing) => {
                from = closing.end();
                at.get(closing.start()).copied().unwrap_or(text.len())
            }
            None => {
                from = plain.len();
                text.len()
            }
        };
        if body_start < body_end {
            ranges.push((body_start, body_end));
        }
    }
    if ranges.is_empty() {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (start, stop) in ranges {
        out.push_str(&text[copied..start]);
        out.push_str(&hide_lines(&text[start..stop]));
        copied = stop;
    }
    out.push_str(&text[copied..]);
    out
}

/// `body` with what each of its lines holds replaced, the borders and blanks around it kept.
fn hide_lines(body: &str) -> String {
    body.split('\n')
        .map(|line| {
            let mut inner = line.trim_start_matches(decoration);
            // An escaped line break (`\n`) stays with the border before it.
            while line[..line.len() - inner.len()].ends_with('\\') && inner.starts_with(['n', 'r'])
            {
                inner = inner[1..].trim_start_matches(decoration);
            }
            let lead = &line[..line.len() - inner.len()];
            let middle = inner.trim_end_matches(decoration);
            let trail = &inner[middle.len()..];
            if middle.is_empty() || middle == REDACTED {
                line.to_owned()
            } else {
                format!("{lead}{REDACTED}{trail}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::redact_cut_key_blocks as redact;

    #[test]
    fn keys_cut_by_borders_wraps_and_encoding_go() {
        assert_eq!(
            redact(
                "| 1 | \"-----BEGIN PRIV |\n|   | ATE KEY-----\\nMIIEvQIBADAN |\n|   | BgkqhkiG9w0 |\n|   | -----END PRIVATE KEY-----\" |\n| 2 | x |"
            ),
            "| 1 | \"-----BEGIN PRIV |\n|   | ATE KEY-----\\n[redacted] |\n|   | [redacted] |\n|   | -----END PRIVATE KEY-----\" |\n| 2 | x |"
        );
        assert_eq!(
            redact(
                "k=-----BEGIN%20PRIVATE%20KEY-----%0AMIIEvQIBADAN%0A-----END%20PRIVATE%20KEY-----&x=1"
            ),
            "k=-----BEGIN%20PRIVATE%20KEY-----[redacted]-----END%20PRIVATE%20KEY-----&x=1"
        );
    }

    #[test]
    fn hidden_keys_and_certificates_stay() {
        for text in [
            "-----BEGIN PRIVATE KEY-----\n[redacted]\n-----END PRIVATE KEY-----",
            "| -----BEGIN CERTIFI |\n| CATE-----\\nMIIB |",
            "grep -r 'BEGIN PRIVATE' /etc",
        ] {
            assert_eq!(redact(text), text);
        }
    }
}
