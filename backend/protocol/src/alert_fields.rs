//! An Alertmanager alert's fields sent as another JSON type than Alertmanager's (a sender's
//! template that did not quote a value, a hand-written delivery): each is read where its meaning
//! is clear and otherwise left out and named, never losing the whole alert for it.
//!
//! - `fingerprint` a number: its digits are the fingerprint (an opaque identity; Alertmanager's
//!   is text). A boolean, a list or an object: none, the alert keyed by its labels.
//! - `startsAt` or `endsAt` a number: Unix time, in seconds, or in milliseconds, microseconds or
//!   nanoseconds where the number is too large to be seconds of years to 5138 (as Go's and
//!   JavaScript's clocks print them). 0 (a clock never set), a number no time can be, a
//!   boolean, a list or an object: none, as an absent time.
//! - `startsAt` or `endsAt` text in another form whose moment is clear: a Unix time in digits,
//!   an ISO 8601 time whose offset has no colon or is `UTC`, an RFC 2822 time; read as RFC 3339.
//! - A label or annotation whose value is a list or an object: that label or annotation is left
//!   out (a label's value is text; a list says no one value of it).
//!
//! Each value so left out, or read from another type, is named (`alerts[INDEX].FIELD: ...`).

use serde_json::{Map, Value};

/// Largest magnitude read as seconds: 10^11 s is the year 5138.
const SECONDS_BELOW: f64 = 1e11;

/// Rewrites the fields of one alert (an object) sent as another JSON type into the types the
/// alert is read with, and returns what was read so or left out, each named by the alert's
/// `index` as sent.
pub fn mend(alert: &mut Value, index: usize) -> Vec<String> {
    let Some(object) = alert.as_object_mut() else {
        return Vec::new();
    };
    let mut notes = Vec::new();
    mend_fingerprint(object, index, &mut notes);
    for field in ["startsAt", "endsAt"] {
        mend_time(object, field, index, &mut notes);
    }
    for field in ["labels", "annotations"] {
        mend_map(object, field, index, &mut notes);
    }
    notes
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn mend_fingerprint(object: &mut Map<String, Value>, index: usize, notes: &mut Vec<String>) {
    let Some(value) = object.get("fingerprint") else {
        return;
    };
    match value {
        Value::String(_) | Value::Null => {}
        Value::Number(number) => {
            let text = number.to_string();
            notes.push(format!(
                "alerts[{index}].fingerprint: the number {text}, read as the text '{text}'"
            ));
            object.insert("fingerprint".to_owned(), Value::String(text));
        }
        Value::Bool(_) | Value::Array(_) | Value::Object(_) => {
            notes.push(format!(
                "alerts[{index}].fingerprint: {}, not text: left out, the alert keyed by its labels",
                kind(value)
            ));
            object.remove("fingerprint");
        }
    }
}

fn mend_time(object: &mut Map<String, Value>, field: &str, index: usize, notes: &mut Vec<String>) {
    let Some(value) = object.get(field) else {
        return;
    };
    let read = match value {
        Value::String(text) => {
            if let Some(time) = text_time(text) {
                notes.push(format!(
                    "alerts[{index}].{field}: '{}', read as {time}",
                    text.trim().chars().take(64).collect::<String>()
                ));
                object.insert(field.to_owned(), Value::String(time));
            }
            return;
        }
        Value::Null => return,
        Value::Number(number) => number.as_f64().and_then(unix_time),
        Value::Bool(_) | Value::Array(_) | Value::Object(_) => None,
    };
    match read {
        Some(time) => {
            notes.push(format!(
                "alerts[{index}].{field}: the number {value}, read as Unix time {time}"
            ));
            object.insert(field.to_owned(), Value::String(time));
        }
        None => {
            notes.push(format!(
                "alerts[{index}].{field}: {} is no time: left out, as an absent one",
                if let Value::Number(number) = value {
                    format!("the number {number}")
                } else {
                    kind(value).to_owned()
                }
            ));
            object.remove(field);
        }
    }
}

fn mend_map(object: &mut Map<String, Value>, field: &str, index: usize, notes: &mut Vec<String>) {
    let Some(Value::Object(map)) = object.get_mut(field) else {
        return;
    };
    let odd: Vec<String> = map
        .iter()
        .filter(|(_, value)| matches!(value, Value::Array(_) | Value::Object(_)))
        .map(|(name, _)| name.clone())
        .collect();
    for name in odd {
        if let Some(value) = map.remove(&name) {
            notes.push(format!(
                "alerts[{index}].{field}.{}: {}, not text: left out",
                name.chars().take(64).collect::<String>(),
                kind(&value)
            ));
        }
    }
}

/// A time written as text in a form other than RFC 3339 whose moment is still clear, as RFC 3339:
/// a Unix time in digits (`"1796499000"`, `"1796499000.25"`, its unit told by its size as a
/// number's is), an ISO 8601 time whose offset has no colon or is written `UTC` (`+0000`, `-0530`,
/// `2026-12-05 19:30:00 UTC`, as Python's `%z` and many loggers print it), or an RFC 2822 time
/// (`Sat, 05 Dec 2026 19:30:00 GMT`, an HTTP date). None for RFC 3339 itself and for text whose
/// moment is not clear (`yesterday`, `03/12/2026`, a time without its date), which the intake
/// reads, or names, as before.
fn text_time(text: &str) -> Option<String> {
    let text = text.trim();
    if text.is_empty() || chrono::DateTime::parse_from_rfc3339(text).is_ok() {
        return None;
    }
    let digits = text.strip_prefix('+').unwrap_or(text);
    if !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && digits.bytes().filter(|b| *b == b'.').count() <= 1
        && digits.bytes().next().is_some_and(|b| b.is_ascii_digit())
    {
        return digits.parse::<f64>().ok().and_then(unix_time);
    }
    let time = text
        .parse::<chrono::DateTime<chrono::FixedOffset>>()
        .ok()
        .or_else(|| chrono::DateTime::parse_from_rfc2822(text).ok())?;
    Some(time.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
}

/// A Unix time as RFC 3339 (UTC, whole seconds), its unit told by its size: seconds below
/// [`SECONDS_BELOW`], else milliseconds, microseconds or nanoseconds, the first that gives a
/// year up to 9999. None for 0, a negative time, or one past 9999 in every unit.
fn unix_time(number: f64) -> Option<String> {
    // 0 is a clock never set (as Go's zero time is for a firing alert's end), no moment.
    if !number.is_finite() || number <= 0.0 {
        return None;
    }
    let mut seconds = number;
    for _ in 0..4 {
        if seconds < SECONDS_BELOW {
            return rfc3339(seconds.floor() as i64);
        }
        seconds /= 1000.0;
    }
    None
}

/// `2026-12-05T19:30:00Z` for Unix seconds from 1970 to the end of 9999.
fn rfc3339(seconds: i64) -> Option<String> {
    let time = chrono::DateTime::from_timestamp(seconds, 0)?;
    (1970..=9999)
        .contains(&chrono::Datelike::year(&time))
        .then(|| time.format("%Y-%m-%dT%H:%M:%SZ").to_string())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn unix_times_in_each_unit_read_as_the_same_moment() {
        let moment = "2026-12-05T19:30:00Z";
        for number in [
            1_796_499_000.0,
            1_796_499_000.9,
            1_796_499_000_000.0,
            1_796_499_000_000_000.0,
            1_796_499_000_000_000_000.0,
        ] {
            assert_eq!(unix_time(number).as_deref(), Some(moment), "{number}");
        }
        assert_eq!(unix_time(1.0).as_deref(), Some("1970-01-01T00:00:01Z"));
        assert_eq!(
            unix_time(951_782_400.0).as_deref(),
            Some("2000-02-29T00:00:00Z")
        );
        for number in [0.0, -1.0, f64::NAN, f64::INFINITY, 1e30] {
            assert_eq!(unix_time(number), None, "{number}");
        }
    }

    #[test]
    fn values_of_another_type_are_read_or_left_out_and_named() {
        let mut alert = json!({
            "status": "firing",
            "labels": {"alertname": "X", "hosts": ["a", "b"], "port": 80},
            "annotations": {"summary": {"text": "x"}},
            "fingerprint": 1234567890,
            "startsAt": 1_796_499_000,
            "endsAt": true,
        });
        let notes = mend(&mut alert, 2);
        assert_eq!(alert["fingerprint"], json!("1234567890"));
        assert_eq!(alert["startsAt"], json!("2026-12-05T19:30:00Z"));
        assert!(alert.get("endsAt").is_none());
        assert!(alert["labels"].get("hosts").is_none());
        assert_eq!(alert["labels"]["port"], json!(80));
        assert!(alert["annotations"].get("summary").is_none());
        assert_eq!(notes.len(), 5, "{notes:?}");
        assert!(
            notes.iter().all(|n| n.starts_with("alerts[2].")),
            "{notes:?}"
        );
        let mut odd = json!({"fingerprint": ["x"], "startsAt": -5});
        let notes = mend(&mut odd, 0);
        assert_eq!(odd, json!({}));
        assert_eq!(notes.len(), 2, "{notes:?}");
    }

    #[test]
    fn a_time_as_text_in_another_clear_form_is_read_as_that_moment() {
        for text in [
            "1796499000",
            " 1796499000000 ",
            "1796499000.5",
            "2026-12-05T19:30:00+0000",
            "2026-12-05T20:30:00+0100",
            "2026-12-05 19:30:00 UTC",
            "2026-12-05t19:30:00 utc",
            "Sat, 05 Dec 2026 19:30:00 GMT",
            "Sat, 05 Dec 2026 19:30:00 +0000",
        ] {
            let read = text_time(text).unwrap_or_else(|| panic!("{text:?} not read"));
            let moment = chrono::DateTime::parse_from_rfc3339(&read)
                .unwrap_or_else(|e| panic!("{read}: {e}"))
                .timestamp();
            assert_eq!(moment, 1_796_499_000, "{text:?} read as {read}");
        }
        // RFC 3339 (the intake reads it), and text whose moment is not clear, are left as sent.
        for text in [
            "2026-12-05T19:30:00Z",
            "2026-12-05T19:30:00.123456789+01:00",
            "2026-12-05T19:30:00",
            "yesterday",
            "03/12/2026",
            "19:30:00",
            "",
            "1.2.3",
            "-5",
            "0",
        ] {
            assert_eq!(text_time(text), None, "{text:?}");
        }
        let mut alert = json!({"startsAt": "2026-12-05T19:30:00+0000", "endsAt": "yesterday"});
        let notes = mend(&mut alert, 1);
        assert_eq!(alert["startsAt"], json!("2026-12-05T19:30:00Z"));
        assert_eq!(alert["endsAt"], json!("yesterday"));
        assert_eq!(
            notes,
            vec!["alerts[1].startsAt: '2026-12-05T19:30:00+0000', read as 2026-12-05T19:30:00Z"]
        );
    }
}
