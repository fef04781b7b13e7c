//! Whole numbers on the command line are spelled one way: ASCII digits. Rust's integer parsing
//! (which clap's `u64` parser and a plain `parse` use) takes a leading `+`, so `--expires-in +5d`
//! and `--heartbeat-secs +5` were read as if the sign were not there; the HTTP API refuses the
//! same spellings (`crate::http::query_values`). A sign, a space, a point, an exponent or an
//! underscore is a mistake to name, not to guess at, and a number too large for its type is said
//! to be too large rather than "not a number".

use std::ops::RangeInclusive;

/// `text` as a whole number: digits only, at most `u64::MAX`. The error says what is wrong
/// (without the option's name: the caller, or clap, adds it).
pub fn digits(text: &str) -> Result<u64, String> {
    if text.is_empty() {
        return Err("must not be empty".to_owned());
    }
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "must be a whole number (digits only: no sign, space, point or exponent), not '{}'",
            shown(text)
        ));
    }
    text.parse()
        .map_err(|_| format!("is too large a number ('{}')", shown(text)))
}

/// A clap value parser for a whole number within `range` (digits only).
pub fn in_range(
    range: RangeInclusive<u64>,
) -> impl Fn(&str) -> Result<u64, String> + Clone + Send + Sync + 'static {
    move |text| {
        let number = digits(text)?;
        if range.contains(&number) {
            Ok(number)
        } else {
            Err(format!(
                "must be from {} to {}, not {number}",
                range.start(),
                range.end()
            ))
        }
    }
}

/// At most 40 characters of what was typed (an error need not echo a pasted page).
fn shown(text: &str) -> String {
    let mut shown: String = text.chars().take(40).collect();
    if shown.len() < text.len() {
        shown.push('…');
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_digits_are_a_whole_number() {
        assert_eq!(digits("0"), Ok(0));
        assert_eq!(digits("300"), Ok(300));
        for bad in ["+5", "-5", " 5", "5 ", "5.0", "1e2", "0x5", "5_0", "５"] {
            let error = digits(bad).unwrap_err();
            assert!(error.contains("digits only"), "{bad}: {error}");
        }
        assert_eq!(digits(""), Err("must not be empty".to_owned()));
        let error = digits("99999999999999999999").unwrap_err();
        assert!(error.contains("too large"), "{error}");
    }

    #[test]
    fn a_range_is_named() {
        let parse = in_range(1..=300);
        assert_eq!(parse("5"), Ok(5));
        assert_eq!(parse("0"), Err("must be from 1 to 300, not 0".to_owned()));
        assert!(parse("+5").unwrap_err().contains("digits only"));
    }
}
