//! The variables the lines being judged give values they show (`X=/tmp/x`, `set -- /tmp/x`,
//! `for f in /tmp/a /tmp/b`, `sh -c '…' _ /tmp/x`), for the whole of one judgement: a line and
//! the lines nested in it (a shell's `-c` text) see the names of every enclosing line.
//!
//! Such a variable is judged by writing its values out (`assigned.rs`, a forbidden result
//! making the line forbidden), so the fail-closed rules for a value the line cannot show
//! (`> $f`, `rm $f`) leave it to that judgement: `f=/tmp/x; : > $f` stays a human's decision,
//! while `while read f; do : > "$f"; done < list` (a value read from a file) is forbidden.

use std::cell::RefCell;

thread_local! {
    static SHOWN: RefCell<Vec<Vec<String>>> = const { RefCell::new(Vec::new()) };
}

/// The names one line shows values for, held while that line is judged.
pub struct Frame;

impl Frame {
    pub fn enter(line: &str) -> Frame {
        let names = crate::assigned::shown_names(line);
        SHOWN.with(|stack| stack.borrow_mut().push(names));
        Frame
    }
}

impl Drop for Frame {
    fn drop(&mut self) {
        SHOWN.with(|stack| {
            stack.borrow_mut().pop();
        });
    }
}

/// Whether `word` is a lone expansion (`$f`, `${f}`, `"$@"`) of a variable a line being judged
/// gives values it shows.
pub fn is_shown(word: &str) -> bool {
    let bare = word.trim_end_matches('/');
    let Some(name) = bare.strip_prefix('$') else {
        return false;
    };
    let name = name
        .strip_prefix('{')
        .and_then(|n| n.strip_suffix('}'))
        .unwrap_or(name);
    if name.is_empty() {
        return false;
    }
    SHOWN.with(|stack| stack.borrow().iter().flatten().any(|shown| shown == name))
}

/// Whether `word` is a value the line cannot show (`destroy.rs` `is_unknowable`) that no line
/// being judged gives a value either.
pub fn is_unshown(word: &str) -> bool {
    crate::programs::destroy::is_unknowable(word) && !is_shown(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_shown_while_their_line_is_judged() {
        {
            let _outer = Frame::enter("set -- /tmp/x; f=/tmp/y");
            let _inner = Frame::enter("for d in /tmp/a /tmp/b; do :; done");
            assert!(is_shown("$1") && is_shown("$@") && is_shown("${f}") && is_shown("$d"));
            assert!(is_unshown("$2") && is_unshown("$g") && is_unshown("__substitution__"));
        }
        assert!(is_unshown("$1") && is_unshown("$f"));
        let _read = Frame::enter("while read f; do :; done < list");
        assert!(is_unshown("$f"));
    }
}
