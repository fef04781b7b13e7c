//! Kimi K3's XTML channels, rewritten into the markup the readers already know. The answer is
//! `<|open|>response<|sep|>TEXT<|close|>response<|sep|>`, the calls
//! `<|open|>tools<|sep|><|open|>call tool="NAME" index="1"<|sep|><|open|>argument key="K"
//! type="string"<|sep|>V<|close|>argument<|sep|><|close|>call<|sep|><|close|>tools<|sep|>`:
//! the response becomes its text, and the tools channel Anthropic-style `<function_calls>`
//! with an `<invoke name="NAME">` per call and a `<parameter name="K">` per argument, read
//! against the tool's schema as every markup value is ([`crate::tagged`]).

/// The token that opens a channel or an element, before its header.
const OPEN: &str = "<|open|>";
/// The token that closes a channel or an element, before its name.
const CLOSE: &str = "<|close|>";
/// The token that ends a header or a closing name.
const SEP: &str = "<|sep|>";

/// `text` with its XTML channels rewritten, or None when it writes none.
pub fn rewrite(text: &str) -> Option<String> {
    if !text.contains(OPEN) || !text.contains(SEP) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut changed = false;
    while let Some(at) = rest.find(['<']) {
        out.push_str(&rest[..at]);
        let here = &rest[at..];
        let Some((len, replacement)) = token(here) else {
            out.push('<');
            rest = &here[1..];
            continue;
        };
        out.push_str(&replacement);
        changed = true;
        rest = &here[len..];
    }
    out.push_str(rest);
    changed.then_some(out)
}

/// The XTML header or closer at the start of `text`: its length and what replaces it.
fn token(text: &str) -> Option<(usize, String)> {
    if let Some(after) = text.strip_prefix(CLOSE) {
        let end = after.find(SEP)?;
        let replacement = match after[..end].trim() {
            "response" => String::new(),
            "tools" => "</function_calls>".to_owned(),
            "call" => "</invoke>".to_owned(),
            "argument" => "</parameter>".to_owned(),
            _ => return None,
        };
        return Some((CLOSE.len() + end + SEP.len(), replacement));
    }
    let after = text.strip_prefix(OPEN)?;
    let end = after.find(SEP)?;
    let header = &after[..end];
    // A header is short and on one line: anything else is no header of this format.
    if header.len() > 512 || header.contains('\n') {
        return None;
    }
    let (kind, attributes) = header.split_once(' ').unwrap_or((header, ""));
    let replacement = match kind {
        "response" => String::new(),
        "tools" => "<function_calls>".to_owned(),
        "call" => format!("<invoke name=\"{}\">", attribute(attributes, "tool")?),
        "argument" => format!("<parameter name=\"{}\">", attribute(attributes, "key")?),
        _ => return None,
    };
    Some((OPEN.len() + end + SEP.len(), replacement))
}

/// The value of attribute `key` (`key="x"`) in `attributes`, its escapes undone.
fn attribute<'a>(attributes: &'a str, key: &str) -> Option<std::borrow::Cow<'a, str>> {
    let pattern = format!("{key}=\"");
    let start = attributes
        .match_indices(&pattern)
        .map(|(at, _)| at)
        .find(|&at| at == 0 || attributes[..at].ends_with(' '))?
        + pattern.len();
    let len = attributes[start..].find('"')?;
    let value = &attributes[start..start + len];
    if value.contains('&') {
        return Some(value.replace("&quot;", "\"").replace("&amp;", "&").into());
    }
    Some(value.into())
}

#[cfg(test)]
mod tests {
    use pretty_assertions::assert_eq;

    use super::*;

    #[test]
    fn the_response_is_its_text_and_the_tools_channel_is_invoke_markup() {
        let text = "<|open|>response<|sep|>Checking.<|close|>response<|sep|><|open|>tools<|sep|>\n  <|open|>call tool=\"docker_logs\" index=\"1\"<|sep|>\n    <|open|>argument key=\"container\" type=\"string\"<|sep|>web<|close|>argument<|sep|>\n  <|close|>call<|sep|>\n<|close|>tools<|sep|>";
        assert_eq!(
            rewrite(text).as_deref(),
            Some(
                "Checking.<function_calls>\n  <invoke name=\"docker_logs\">\n    <parameter name=\"container\">web</parameter>\n  </invoke>\n</function_calls>"
            )
        );
        assert_eq!(
            rewrite("<|open|>response<|sep|>All fine.<|close|>response<|sep|>").as_deref(),
            Some("All fine.")
        );
    }

    #[test]
    fn other_text_is_left_as_it_is() {
        for text in [
            "All fine.",
            "Use <|open|> to open.",
            "<|open|>unknown<|sep|>x",
            "<|open|>call index=\"1\"<|sep|>",
        ] {
            assert_eq!(rewrite(text), None, "{text}");
        }
    }
}
