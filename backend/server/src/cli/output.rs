//! Writing to the terminal: results to stdout, errors to stderr. A closed pipe is not an error.

use std::io::Write;

pub fn line(text: &str) {
    let _ = writeln!(std::io::stdout().lock(), "{text}");
}

pub fn error_line(text: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{text}");
}

pub fn json<T: serde::Serialize>(value: &T) {
    match serde_json::to_string_pretty(value) {
        Ok(text) => line(&text),
        Err(e) => error_line(&format!("error: cannot render JSON: {e}")),
    }
}

/// Unix seconds as `YYYY-MM-DD HH:MM:SS UTC`, for tables; the number itself where it is no
/// representable time.
pub fn timestamp(secs: i64) -> String {
    chrono::DateTime::from_timestamp(secs, 0).map_or_else(
        || secs.to_string(),
        |time| time.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn formats_timestamps() {
        assert_eq!(super::timestamp(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(super::timestamp(1_795_000_000), "2026-11-18 11:06:40 UTC");
    }
}
