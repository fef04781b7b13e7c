//! The quotes a string may open with in near-JSON and Python calls, and the one that closes it.
//! Besides `"` and `'`, the typographic quotes a model (or a word processor between the model and
//! the server) writes: `“web”`, `‘web’`, and `”web”` with the closing quote on both sides.

/// The quote that closes a string opened by `open`, when `open` opens one.
pub fn closer(open: char) -> Option<char> {
    match open {
        '"' | '\'' | '”' | '’' => Some(open),
        '“' => Some('”'),
        '‘' => Some('’'),
        _ => None,
    }
}

/// Whether `c` opens a string.
pub fn opens(c: char) -> bool {
    closer(c).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typographic_quotes_close_with_their_pair() {
        assert_eq!(closer('“'), Some('”'));
        assert_eq!(closer('‘'), Some('’'));
        assert_eq!(closer('"'), Some('"'));
        assert_eq!(closer('`'), None);
        assert!(!opens('«'));
    }
}
