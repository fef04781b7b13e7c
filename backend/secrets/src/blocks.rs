//! Values of secret-named assignments written over several lines: heredocs of HCL, shell and
//! Ruby (`db_password = <<EOT` ... `EOT`, `<<-EOT`, `<<~EOS`) and triple-quoted strings of
//! TOML and Python (`token = """` ... `"""`). Every line up to the terminator goes; the name,
//! the opener and the terminator stay.

use std::sync::LazyLock;

use crate::pattern::Gated;

use crate::REDACTED;
use crate::names::is_secret_name;

/// A name and the opener of a multi-line value ending its line.
static OPENER: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(concat!(
        r#"\A[ \t]*(?:export[ \t]+)?["']?(?P<name>[A-Za-z_][A-Za-z0-9_.-]*)["']?[ \t]*(?:=|:)[ \t]*"#,
        r#"(?:<<[-~]?["']?(?P<tag>[A-Za-z_][A-Za-z0-9_]*)["']?|(?P<triple>"""|'''))[ \t]*\z"#,
    ))
    .ok()
});

/// What ends the value being hidden.
#[derive(Clone, Copy)]
enum Terminator<'t> {
    /// A line holding only the heredoc's tag (indented for `<<-` and `<<~`).
    Tag(&'t str),
    /// The closing triple quote.
    Triple(&'t str),
}

/// `text` with the lines of every multi-line secret value hidden.
pub(crate) fn redact_multiline_values(text: &str) -> String {
    let Some(opener) = OPENER.as_ref() else {
        return REDACTED.to_owned();
    };
    let mut out = String::with_capacity(text.len());
    let mut open: Option<Terminator> = None;
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let indent = &line[..line.len() - line.trim_start().len()];
        match &open {
            Some(Terminator::Tag(tag)) => {
                if line.trim() == *tag {
                    open = None;
                    out.push_str(line);
                } else if line.trim().is_empty() || line.contains(REDACTED) {
                    out.push_str(line);
                } else {
                    out.push_str(indent);
                    out.push_str(REDACTED);
                }
                continue;
            }
            Some(Terminator::Triple(quote)) => {
                if let Some(at) = line.find(quote) {
                    open = None;
                    if line[..at].trim().is_empty() {
                        out.push_str(line);
                    } else {
                        out.push_str(indent);
                        out.push_str(REDACTED);
                        out.push_str(&line[at..]);
                    }
                } else if line.trim().is_empty() || line.contains(REDACTED) {
                    out.push_str(line);
                } else {
                    out.push_str(indent);
                    out.push_str(REDACTED);
                }
                continue;
            }
            None => {}
        }
        // Most lines open nothing: the pattern runs only on those that may.
        let tail = line.trim_end();
        if (tail.contains("<<") || tail.ends_with("\"\"\"") || tail.ends_with("'''"))
            && let Some(c) = opener.captures(line)
            && c.name("name").is_some_and(|n| is_secret_name(n.as_str()))
        {
            open = match (c.name("tag"), c.name("triple")) {
                (Some(tag), _) => Some(Terminator::Tag(tag.as_str())),
                (None, Some(triple)) => Some(Terminator::Triple(triple.as_str())),
                (None, None) => None,
            };
        }
        out.push_str(line);
    }
    out
}

/// The terminator of a multi-line value whose opener is `opener` (`<<EOT`, `<<-EOT`, `<<~"EOT"`,
/// `"""`, `'''`), or `None` when `opener` opens none.
fn terminator(opener: &str) -> Option<Terminator<'_>> {
    if let Some(triple) = ["\"\"\"", "'''"].into_iter().find(|t| opener == *t) {
        return Some(Terminator::Triple(triple));
    }
    let tag = opener
        .strip_prefix("<<")?
        .trim_start_matches(['-', '~'])
        .trim_matches(['"', '\'']);
    let mut chars = tag.chars();
    let first = chars.next()?;
    ((first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_'))
    .then_some(Terminator::Tag(tag))
}

/// For a multi-line value whose `opener` ends the line ending at `line_end` (a heredoc's
/// `<<EOT`, a triple quote), the spans of the text of each line of the value, pushed onto
/// `spans`, and where the value ends (past its terminator's line or closing quote); `None` when
/// `opener` opens no such value. A value never terminated runs to the end of `text`, hidden.
pub(crate) fn body_spans(
    text: &str,
    opener: &str,
    line_end: usize,
    spans: &mut Vec<(usize, usize)>,
) -> Option<usize> {
    let terminator = terminator(opener.trim())?;
    let mut start = line_end + 1;
    while start <= text.len() {
        let end = text[start..].find('\n').map_or(text.len(), |e| start + e);
        let line = &text[start..end];
        let body = line.trim_start();
        let indent = line.len() - body.len();
        match terminator {
            Terminator::Tag(tag) if line.trim() == tag => return Some(end),
            Terminator::Triple(quote) => {
                if let Some(at) = line.find(quote) {
                    if !line[..at].trim().is_empty() {
                        spans.push((start + indent, start + line[..at].trim_end().len()));
                    }
                    return Some(start + at + quote.len());
                }
            }
            Terminator::Tag(_) => {}
        }
        if !body.is_empty() && !line.contains(REDACTED) {
            spans.push((start + indent, start + line.trim_end().len()));
        }
        start = end + 1;
    }
    Some(text.len())
}

#[cfg(test)]
mod tests {
    use super::redact_multiline_values as redact;

    #[test]
    fn heredocs_and_triple_quotes_under_secret_names_go() {
        assert_eq!(
            redact("db_password = <<EOT\nSecr3t!\nEOT\nport = 5432"),
            "db_password = <<EOT\n[redacted]\nEOT\nport = 5432"
        );
        assert_eq!(
            redact("token = \"\"\"\nabc123\n\"\"\""),
            "token = \"\"\"\n[redacted]\n\"\"\""
        );
    }

    #[test]
    fn other_blocks_stay() {
        for text in [
            "description = <<EOT\nA database.\nEOT",
            "cat <<EOF\nhello\nEOF",
            "doc = \"\"\"\ntext\n\"\"\"",
        ] {
            assert_eq!(redact(text), text);
        }
    }
}
