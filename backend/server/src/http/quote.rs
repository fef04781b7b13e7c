//! Bounds what an error message echoes of the request. Messages quote the values they name
//! (`'VALUE'`, `` `VALUE` ``, `"VALUE"`: ours and serde's alike), so a quoted run longer than
//! [`MAX_QUOTED_CHARS`] is cut to its start and `…`: a client sending a value of several KiB gets
//! a message that names it, not the value back in full. [`MAX_MESSAGE_CHARS`] bounds the whole
//! message as a last resort.

/// Characters of one quoted value kept in a message.
pub const MAX_QUOTED_CHARS: usize = 64;
/// Characters of a whole message kept.
pub const MAX_MESSAGE_CHARS: usize = 2048;

const QUOTES: [char; 3] = ['\'', '`', '"'];

/// `message` with every over-long quoted value, and the message itself, bounded.
pub fn bounded(message: String) -> String {
    if message.chars().count() <= MAX_QUOTED_CHARS {
        return message;
    }
    let chars: Vec<char> = message.chars().collect();
    let mut out = String::with_capacity(message.len().min(MAX_MESSAGE_CHARS * 4));
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if QUOTES.contains(&c)
            && opens(&chars, i)
            && let Some(close) = closing(&chars, i)
        {
            let inner = &chars[i + 1..close];
            out.push(c);
            if inner.len() > MAX_QUOTED_CHARS {
                out.extend(&inner[..MAX_QUOTED_CHARS]);
                out.push('…');
            } else {
                out.extend(inner);
            }
            out.push(c);
            i = close + 1;
            continue;
        }
        out.push(c);
        i += 1;
    }
    let mut out = unquoted_words_bounded(&out);
    if out.chars().count() > MAX_MESSAGE_CHARS {
        out = out.chars().take(MAX_MESSAGE_CHARS).collect();
        out.push('…');
    }
    out
}

/// Words longer than [`MAX_QUOTED_CHARS`] that no quote marks as a value, cut the same way:
/// an echo left unquoted (serde names a field's path bare: `PATH: unknown field ...`) is
/// bounded too. Words with a quote in them were bounded as values already.
fn unquoted_words_bounded(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if word.chars().count() > MAX_QUOTED_CHARS && !word.contains(QUOTES) {
            out.extend(word.chars().take(MAX_QUOTED_CHARS));
            out.push('…');
            // The punctuation that ends it (`PATH:`) still reads as the sentence's.
            if let Some(last) = word.chars().last().filter(char::is_ascii_punctuation) {
                out.push(last);
            }
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_whitespace() {
            flush(&mut word, &mut out);
            out.push(c);
        } else {
            word.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// A quote opens a value at the start or after a space or punctuation, never inside a word
/// (the apostrophe of "can't").
fn opens(chars: &[char], at: usize) -> bool {
    at == 0 || !chars[at - 1].is_alphanumeric()
}

/// The index of the quote that closes the one at `open`: the same character, at the end or
/// before a space or punctuation.
fn closing(chars: &[char], open: usize) -> Option<usize> {
    let quote = chars[open];
    (open + 1..chars.len())
        .find(|&j| chars[j] == quote && chars.get(j + 1).is_none_or(|next| !next.is_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_quoted_value_is_cut_and_the_rest_kept() {
        let long = "x".repeat(5000);
        let cut = bounded(format!(
            "state '{long}' is not one of: open, closed; see `{long}` and \"{long}\""
        ));
        let kept = format!("{}…", "x".repeat(MAX_QUOTED_CHARS));
        assert_eq!(
            cut,
            format!("state '{kept}' is not one of: open, closed; see `{kept}` and \"{kept}\"")
        );
    }

    #[test]
    fn apostrophes_and_short_values_are_left_alone() {
        let message = "the model can't answer 'disk?' and won't retry; the parameter 'limit' must be a number between 1 and 500 (it was 'abc')".to_owned();
        assert_eq!(bounded(message.clone()), message);
    }

    #[test]
    fn an_unquoted_echo_is_bounded_too() {
        let long = "y".repeat(10_000);
        let kept = format!("{}…", "y".repeat(MAX_QUOTED_CHARS));
        assert_eq!(
            bounded(format!("{long}: unknown field `{long}`, expected `name`")),
            format!("{kept}: unknown field `{kept}`, expected `name`")
        );
        let flood = bounded("word ".repeat(1000));
        assert_eq!(flood.chars().count(), MAX_MESSAGE_CHARS + 1);
    }
}
