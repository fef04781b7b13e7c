//! Date strings read by gnulib's `parse_datetime` (`date -d`, find's `-newermt` and the other
//! `-newerXt`) may begin with a time zone rule, `TZ="RULE"`, applied as the `TZ` variable is:
//! a rule naming a file (`TZ="/etc/shadow"`, `TZ=":/dev/watchdog"`, `TZ="../../etc/x"`, relative
//! to the zone directory) makes the program open it, whatever it is (a device acts when
//! opened, a FIFO never answers). A rule that names a file outside the zone directory (absolute,
//! or climbing out of it with `..`) is medium, and the file is judged as read; a zone's name
//! (`TZ="Europe/Paris"`, `TZ="UTC0"`) stays low.

use super::{Ctx, Judgement};
use crate::level::RiskLevel;

/// Where the C library finds a zone named by a relative rule.
const ZONE_DIRECTORY: &str = "/usr/share/zoneinfo";

/// The rule of `TZ="RULE"` at the start of a date string (after blanks), unescaped as
/// parse_datetime reads it (`\"` and `\\`); `None` when the string has none.
pub fn tz_rule(date: &str) -> Option<String> {
    let rest = date.trim_start().strip_prefix("TZ=\"")?;
    let mut rule = String::new();
    let mut chars = rest.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(rule),
            '\\' => rule.push(chars.next()?),
            other => rule.push(other),
        }
    }
    // Unterminated: parse_datetime rejects it, but nothing is proven.
    Some(rule)
}

/// Raises `j` for the time zone rule `date` carries, if any.
pub fn judge(ctx: &Ctx, j: &mut Judgement, shown: &str, date: &str) {
    let Some(rule) = tz_rule(date) else {
        return;
    };
    let file = rule.trim_start_matches(':');
    // A zone's name (`Europe/Paris`) stays in the zone directory, where only root writes.
    let in_zones = !file.starts_with('/') && !file.split('/').any(|part| part == "..");
    if !rule.contains('/') || in_zones {
        return;
    }
    j.raise(
        RiskLevel::Medium,
        format!("{shown}: the time zone rule TZ=\"{rule}\" makes it open that file"),
    );
    if file.starts_with('/') {
        j.raise_path(ctx.read(file));
    } else {
        j.raise_path(ctx.read(&format!("{ZONE_DIRECTORY}/{file}")));
    }
}

#[cfg(test)]
mod tests {
    use super::tz_rule;

    #[test]
    fn time_zone_rules_are_read_as_parse_datetime_reads_them() {
        assert_eq!(
            tz_rule("TZ=\"/etc/shadow\" now").as_deref(),
            Some("/etc/shadow")
        );
        assert_eq!(
            tz_rule("  TZ=\":a\\\"b\" 1 day ago").as_deref(),
            Some(":a\"b")
        );
        assert_eq!(
            tz_rule("TZ=\"unterminated").as_deref(),
            Some("unterminated")
        );
        assert_eq!(tz_rule("now"), None);
        assert_eq!(tz_rule("2024-01-01 TZ=\"x\""), None);
    }
}
