//! Readers that repeat: an interval below a second is a busy loop (the reader reruns as fast as
//! it can until the call's time limit), not a reading. Each repeating reader's interval is read
//! where it takes it (an option, its first number operand) and in its own unit; only a number of
//! at least a second stays low, anything else (zero, a fraction, a word) is medium.

use super::Judgement;
use crate::level::RiskLevel;

/// The shortest interval of a repeating reader that stays low, in seconds.
pub const MIN_INTERVAL_S: f64 = 1.0;

/// Raises `j` when `value`, counted in units of `unit_s` seconds, is not an interval of at
/// least [`MIN_INTERVAL_S`]. `shown` names the program and option for the reason.
pub fn raise(j: &mut Judgement, shown: &str, value: &str, unit_s: f64) {
    let value = value.trim_start_matches('=');
    if !value
        .parse::<f64>()
        .is_ok_and(|n| n.is_finite() && n * unit_s >= MIN_INTERVAL_S)
    {
        j.raise(
            RiskLevel::Medium,
            format!("{shown} {value}: repeating faster than once a second is a busy loop"),
        );
    }
}

/// The interval operand of a reader taking `[DEVICE...] [INTERVAL [COUNT]]` (`vmstat`,
/// `iostat`, `mpstat`, `sar`): its first operand that is a number, if any.
pub fn first_number<'a>(operands: &[&'a str]) -> Option<&'a str> {
    operands
        .iter()
        .copied()
        .find(|o| o.starts_with(|c: char| c.is_ascii_digit() || c == '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_second_or_more_stays_low() {
        for (value, unit, low) in [
            ("1", 1.0, true),
            ("5", 1.0, true),
            ("1.5", 1.0, true),
            ("0", 1.0, false),
            ("0.01", 1.0, false),
            ("=0", 1.0, false),
            ("inf", 1.0, false),
            ("NaN", 1.0, false),
            ("x", 1.0, false),
            ("1000", 0.001, true),
            ("500", 0.001, false),
        ] {
            let mut j = Judgement::low("reads");
            raise(&mut j, "x -d", value, unit);
            assert_eq!(j.level == RiskLevel::Low, low, "{value} x {unit}");
        }
        assert_eq!(first_number(&["sda", "0.1", "5"]), Some("0.1"));
        assert_eq!(first_number(&["sda"]), None);
    }
}
