//! Cron schedules for tasks (the `croner` crate): five fields (minute first) or six (seconds
//! first), evaluated in UTC.

use chrono::{DateTime, Utc};
use croner::Cron;
use croner::parser::{CronParser, Seconds};

/// A parsed `schedule`, with the text it came from.
#[derive(Debug, Clone)]
pub struct Schedule {
    text: String,
    cron: Cron,
}

impl Schedule {
    /// Parses five fields (`m h dom mon dow`) or six with seconds first (`s m h dom mon dow`).
    pub fn parse(text: &str) -> Result<Self, String> {
        let fields = text.split_whitespace().count();
        if !(fields == 5 || fields == 6) {
            return Err(format!(
                "'{text}' has {fields} fields; a schedule has five (minute hour day month weekday) or six (seconds first)"
            ));
        }
        let cron = CronParser::builder()
            .seconds(Seconds::Optional)
            .build()
            .parse(text)
            .map_err(|e| format!("'{text}' is not a cron schedule: {e}"))?;
        Ok(Self {
            text: text.to_owned(),
            cron,
        })
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// [`Schedule::next_after`] in Unix seconds.
    pub fn next_after_unix(&self, after: i64) -> Option<i64> {
        let after = DateTime::<Utc>::from_timestamp(after, 0)?;
        self.next_after(after).map(|at| at.timestamp())
    }

    /// The first time strictly after `after` that the schedule names, if any.
    pub fn next_after(&self, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.cron.find_next_occurrence(&after, false).ok()
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn five_and_six_fields_are_read_in_utc() {
        let at = Utc.with_ymd_and_hms(2026, 11, 30, 10, 15, 7).single();
        let at = at.unwrap_or_else(|| panic!("a valid time"));
        let every_two_seconds = Schedule::parse("*/2 * * * * *").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            every_two_seconds.next_after(at),
            Utc.with_ymd_and_hms(2026, 11, 30, 10, 15, 8).single()
        );
        let nightly = Schedule::parse("30 2 * * *").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            nightly.next_after(at),
            Utc.with_ymd_and_hms(2026, 12, 1, 2, 30, 0).single()
        );
        assert_eq!(nightly.text(), "30 2 * * *");
        assert!(
            Schedule::parse("* * * *")
                .err()
                .is_some_and(|e| e.contains("has 4 fields"))
        );
        assert!(
            Schedule::parse("61 * * * *")
                .err()
                .is_some_and(|e| e.contains("is not a cron schedule"))
        );
    }
}
