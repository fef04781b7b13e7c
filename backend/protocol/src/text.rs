//! What free text Warden stores may hold, decided per field in one place. Names, titles, notes
//! and reasons are shown again: in lists and tables, in the audit log, on a terminal, in a
//! prompt. A newline in a name forges a row, an escape recolours a terminal, a bidi override
//! (U+202E) shows `exe.txt` for `txt.exe`, a zero-width or tag character (U+E0041) hides words a
//! reader never sees but a model reads. So a field takes what is safe, named by Unicode general
//! category: letters, marks, numbers, punctuation, symbols and spaces; text of several lines adds
//! newlines and tabs, and the two joiners that scripts and emoji need (U+200C, U+200D).
//! Everything else (controls, format characters, line and paragraph separators, private-use,
//! surrogate and unassigned code points) is refused, naming the field, the character and where.

use std::fmt;

use unicode_general_category::{GeneralCategory, get_general_category};

/// Whether a field holds one line (a name, a title, a tag) or text of several (a message, a
/// memory, a reason, a note).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Line,
    Lines,
}

/// A stored free-text field: its name as the client spells it, and its shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextField {
    pub name: &'static str,
    pub shape: Shape,
}

impl TextField {
    const fn line(name: &'static str) -> Self {
        Self {
            name,
            shape: Shape::Line,
        }
    }

    const fn lines(name: &'static str) -> Self {
        Self {
            name,
            shape: Shape::Lines,
        }
    }

    /// Why `value` may not be stored in this field, if it may not.
    pub fn check(self, value: &str) -> Result<(), TextRefusal> {
        let mut chars = value.chars().enumerate().peekable();
        while let Some((at, c)) = chars.next() {
            let next = chars.peek().map(|(_, next)| *next);
            if !self.allows(c, next) {
                return Err(TextRefusal {
                    field: self,
                    code: u32::from(c),
                    kind: kind_of(c),
                    at: at + 1,
                });
            }
        }
        Ok(())
    }

    /// `value` without the characters this field refuses: for text Warden writes itself (a
    /// model's summary), where refusing would lose the whole of it for one stray character.
    pub fn cleaned(self, value: &str) -> String {
        let mut chars = value.chars().peekable();
        let mut kept = String::with_capacity(value.len());
        while let Some(c) = chars.next() {
            if self.allows(c, chars.peek().copied()) {
                kept.push(c);
            }
        }
        kept
    }

    fn allows(self, c: char, next: Option<char>) -> bool {
        if is_visible(c) {
            return true;
        }
        match self.shape {
            Shape::Line => false,
            // A carriage return only as half of a CRLF: alone it moves a terminal's cursor back
            // over what was written.
            Shape::Lines => {
                matches!(c, '\n' | '\t' | '\u{200C}' | '\u{200D}')
                    || (c == '\r' && next == Some('\n'))
            }
        }
    }
}

/// Letters, marks, numbers, punctuation, symbols and spaces: text that shows as itself.
fn is_visible(c: char) -> bool {
    matches!(
        get_general_category(c),
        GeneralCategory::UppercaseLetter
            | GeneralCategory::LowercaseLetter
            | GeneralCategory::TitlecaseLetter
            | GeneralCategory::ModifierLetter
            | GeneralCategory::OtherLetter
            | GeneralCategory::NonspacingMark
            | GeneralCategory::SpacingMark
            | GeneralCategory::EnclosingMark
            | GeneralCategory::DecimalNumber
            | GeneralCategory::LetterNumber
            | GeneralCategory::OtherNumber
            | GeneralCategory::ConnectorPunctuation
            | GeneralCategory::DashPunctuation
            | GeneralCategory::OpenPunctuation
            | GeneralCategory::ClosePunctuation
            | GeneralCategory::InitialPunctuation
            | GeneralCategory::FinalPunctuation
            | GeneralCategory::OtherPunctuation
            | GeneralCategory::MathSymbol
            | GeneralCategory::CurrencySymbol
            | GeneralCategory::ModifierSymbol
            | GeneralCategory::OtherSymbol
            | GeneralCategory::SpaceSeparator
    )
}

/// What a refused character is, in words a client recognises.
fn kind_of(c: char) -> &'static str {
    match c {
        '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}' => "a line break",
        '\t' => "a tab",
        '\u{1b}' => "an escape",
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' => {
            "a bidirectional control"
        }
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => "a zero-width character",
        '\u{E0000}'..='\u{E007F}' => "an invisible tag character",
        _ if c.is_control() => "a control character",
        _ => {
            let category = get_general_category(c);
            if category == GeneralCategory::Format {
                "an invisible format character"
            } else if category == GeneralCategory::PrivateUse {
                "a private-use character"
            } else if matches!(
                category,
                GeneralCategory::Surrogate | GeneralCategory::Unassigned
            ) {
                "an unassigned code point"
            } else if matches!(
                category,
                GeneralCategory::LineSeparator | GeneralCategory::ParagraphSeparator
            ) {
                "a line break"
            } else {
                // A category Unicode adds later, which `is_visible` does not take yet.
                "a character that does not show as text"
            }
        }
    }
}

/// A character a field may not hold: which field, which character and where (counted from 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextRefusal {
    pub field: TextField,
    pub code: u32,
    pub kind: &'static str,
    pub at: usize,
}

impl TextRefusal {
    /// What is wrong, without the field's name: a surface that spells the field its own way
    /// (the CLI's `--name`) puts that before it.
    pub fn problem(&self) -> String {
        let allowed = match self.field.shape {
            Shape::Line => "letters, digits, punctuation, symbols and spaces on one line",
            Shape::Lines => "letters, digits, punctuation, symbols, spaces, newlines and tabs",
        };
        format!(
            "holds {} (U+{:04X}) at character {}; control characters and invisible ones are refused: it may hold {allowed}",
            self.kind, self.code, self.at
        )
    }
}

impl fmt::Display for TextRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.field.name, self.problem())
    }
}

impl std::error::Error for TextRefusal {}

/// Every stored free-text field and its shape: the one list a new field joins.
pub mod fields {
    use super::TextField;

    pub const API_KEY_NAME: TextField = TextField::line("name");
    pub const CONVERSATION_TITLE: TextField = TextField::line("title");
    pub const MEMORY_TAG: TextField = TextField::line("tags");
    pub const MEMORY_CONTENT: TextField = TextField::lines("content");
    pub const CHAT_MESSAGE: TextField = TextField::lines("message");
    pub const DECISION_REASON: TextField = TextField::lines("reason");
    pub const TASK_PROMPT: TextField = TextField::lines("prompt");
}

/// `text` as words are compared in any case, letters of any script included: Unicode's
/// compatibility caseless form (D146: case-folded and NFKC-normalised), without the spaces
/// around it. `CRITICAL`, `Critical`, `ｃｒｉｔｉｃａｌ` (full-width) are `critical`; `ﬁring` (a
/// ligature) is `firing`; `reſolved` (a long s) is `resolved`; `ÜBERWACHT` is `überwacht`; `ß`
/// and `SS` are one. ASCII lower-casing knows none of these but the first.
pub fn caseless(text: &str) -> String {
    compatibility_caseless(text.trim())
}

/// `text` in Unicode's compatibility caseless form (D146), every character kept, the spaces
/// around it included: the key a name is unique by (a username), where [`caseless`] compares
/// words that may come padded.
pub fn compatibility_caseless(text: &str) -> String {
    use ::caseless::Caseless;
    use unicode_normalization::UnicodeNormalization;
    text.chars()
        .nfd()
        .default_case_fold()
        .nfkd()
        .default_case_fold()
        .nfkc()
        .collect()
}

/// Whether `a` and `b` are the same text in any case (see [`caseless`]).
pub fn same_caseless(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim()) || caseless(a) == caseless(b)
}

#[cfg(test)]
mod tests {
    use super::fields::{API_KEY_NAME, MEMORY_CONTENT};
    use super::*;

    #[test]
    fn text_that_shows_as_itself_is_taken() {
        for value in [
            "ci – déploiement",
            "日本語のメモ",
            "مرحبا",
            "x² ≤ 5 € ✓",
            "👍🏽 ok",
            "a\u{00A0}b",
        ] {
            assert_eq!(API_KEY_NAME.check(value), Ok(()), "{value:?}");
            assert_eq!(MEMORY_CONTENT.check(value), Ok(()), "{value:?}");
        }
        for value in [
            "line one\nline two",
            "col\tcol",
            "crlf\r\nend",
            "family 👨\u{200D}👩\u{200D}👧",
            "می\u{200C}خواهم",
        ] {
            assert_eq!(MEMORY_CONTENT.check(value), Ok(()), "{value:?}");
            assert!(API_KEY_NAME.check(value).is_err(), "{value:?}");
        }
    }

    #[test]
    fn words_compare_in_any_case_of_any_script() {
        for (a, b) in [
            ("CRITICAL", "critical"),
            (" Critical ", "critical"),
            (
                "\u{ff43}\u{ff52}\u{ff49}\u{ff54}\u{ff49}\u{ff43}\u{ff41}\u{ff4c}",
                "critical",
            ),
            ("\u{fb01}ring", "firing"),
            ("re\u{17f}olved", "RESOLVED"),
            ("\u{dc}berwacht", "\u{fc}berwacht"),
            ("STRA\u{df}E", "strasse"),
        ] {
            assert!(same_caseless(a, b), "{a} {b}");
        }
        assert!(!same_caseless("critical", "criticals"));
        assert_eq!(caseless(" FIRING"), "firing");
        assert_eq!(compatibility_caseless(" \u{ff21}dmin "), " admin ");
    }

    #[test]
    fn text_warden_writes_itself_is_cleaned_of_what_a_field_refuses() {
        let summary = "disk\u{200B} full\r\non /srv\u{1b}[0m \u{E0041}👨\u{200D}👩";
        assert_eq!(
            MEMORY_CONTENT.cleaned(summary),
            "disk full\r\non /srv[0m 👨\u{200D}👩"
        );
        assert_eq!(
            MEMORY_CONTENT.check(&MEMORY_CONTENT.cleaned(summary)),
            Ok(())
        );
        assert_eq!(API_KEY_NAME.cleaned("a\tb\nc"), "abc");
    }

    #[test]
    fn invisible_and_control_characters_are_named_with_the_field_and_place() {
        for (value, code, kind, at) in [
            ("ab\u{0}", 0x0, "a control character", 3),
            ("\u{1b}[31mred", 0x1B, "an escape", 1),
            ("x\u{7f}", 0x7F, "a control character", 2),
            ("a\u{85}b", 0x85, "a line break", 2),
            ("txt\u{202E}exe", 0x202E, "a bidirectional control", 4),
            ("a\u{2067}b", 0x2067, "a bidirectional control", 2),
            ("ad\u{200B}min", 0x200B, "a zero-width character", 3),
            ("a\u{FEFF}", 0xFEFF, "a zero-width character", 2),
            (
                "hi\u{E0041}\u{E0042}",
                0xE0041,
                "an invisible tag character",
                3,
            ),
            ("a\u{2028}b", 0x2028, "a line break", 2),
            ("a\u{AD}b", 0xAD, "an invisible format character", 2),
            ("a\u{E000}", 0xE000, "a private-use character", 2),
            ("a\u{50000}", 0x50000, "an unassigned code point", 2),
            ("lone\rreturn", 0x0D, "a line break", 5),
        ] {
            let refusal = MEMORY_CONTENT.check(value);
            assert_eq!(
                refusal,
                Err(TextRefusal {
                    field: MEMORY_CONTENT,
                    code,
                    kind,
                    at
                }),
                "{value:?}"
            );
            let line = API_KEY_NAME.check(value).map_err(|r| r.to_string());
            let said = line.err().unwrap_or_default();
            assert!(
                said.starts_with("name holds ") && said.contains(&format!("U+{code:04X}")),
                "{value:?}: {said}"
            );
        }
        assert_eq!(
            API_KEY_NAME.check("ci\nkey").map_err(|r| r.to_string()),
            Err("name holds a line break (U+000A) at character 3; control characters and invisible ones are refused: it may hold letters, digits, punctuation, symbols and spaces on one line".to_owned())
        );
    }
}
