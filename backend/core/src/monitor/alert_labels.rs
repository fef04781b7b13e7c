//! An alert's labels as the intake bounds them. Prometheus and Alertmanager set no limit on a
//! label, so a sender's template gone wrong (a whole log line, a stack trace, a file pasted
//! into a label) or a flood of labels would be stored with the incident, shown on every page
//! that lists it and matched by every rule: such an alert is left out and named, the rest of
//! its delivery taken. An alert with no label at all names nothing a rule can match: it is
//! taken (keyed by its fingerprint, for a human), and the intake says so.

use std::collections::BTreeMap;

/// The longest label name or value an alert may carry, in characters (Prometheus's own labels
/// are names and short values; a description belongs in an annotation).
pub const MAX_LABEL_CHARS: usize = 8192;

/// The most labels one alert may carry.
pub const MAX_LABELS: usize = 256;

/// Why an alert's labels do not read (`alerts[INDEX].labels...: why`), if they do not: more
/// than [`MAX_LABELS`] of them, or a name or value longer than [`MAX_LABEL_CHARS`].
pub fn labels_fault(labels: &BTreeMap<String, String>, index: usize) -> Option<String> {
    if labels.len() > MAX_LABELS {
        return Some(format!(
            "alerts[{index}].labels: {} labels, more than the {MAX_LABELS} an alert may have",
            labels.len()
        ));
    }
    labels.iter().find_map(|(name, value)| {
        let shown: String = name.chars().take(64).collect();
        let name_chars = name.chars().count();
        let value_chars = value.chars().count();
        if name_chars > MAX_LABEL_CHARS {
            Some(format!(
                "alerts[{index}].labels: a label name of {name_chars} characters ('{shown}...'), \
                 more than the {MAX_LABEL_CHARS} a label may have"
            ))
        } else if value_chars > MAX_LABEL_CHARS {
            Some(format!(
                "alerts[{index}].labels.{shown}: {value_chars} characters, more than the \
                 {MAX_LABEL_CHARS} a label value may have (a long text belongs in an annotation)"
            ))
        } else {
            None
        }
    })
}

/// The note for a taken alert with no label (`present`: its labels with a value; none when the
/// labels were absent, null, empty, or every value empty).
pub fn unlabelled_note(present: &BTreeMap<String, String>, index: usize) -> Option<String> {
    present.is_empty().then(|| {
        format!(
            "alerts[{index}].labels: none (absent, null, empty, or every value empty): the alert \
             names no alertname nor target a rule can match; taken, keyed by its fingerprint, \
             for a human"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect()
    }

    #[test]
    fn a_label_past_the_bounds_is_named_and_one_within_them_reads() {
        let long = "x".repeat(MAX_LABEL_CHARS + 1);
        let most = "é".repeat(MAX_LABEL_CHARS);
        assert_eq!(labels_fault(&labels(&[("alertname", &most)]), 0), None);
        let fault = labels_fault(&labels(&[("alertname", "X"), ("trace", &long)]), 3);
        assert_eq!(
            fault.as_deref(),
            Some(
                "alerts[3].labels.trace: 8193 characters, more than the 8192 a label value may \
                 have (a long text belongs in an annotation)"
            )
        );
        let fault = labels_fault(&labels(&[(&long, "1")]), 0).unwrap();
        assert!(fault.starts_with("alerts[0].labels: a label name of 8193 characters"));
        let many: BTreeMap<String, String> = (0..=MAX_LABELS)
            .map(|i| (format!("l{i}"), "v".to_owned()))
            .collect();
        assert_eq!(
            labels_fault(&many, 1).as_deref(),
            Some("alerts[1].labels: 257 labels, more than the 256 an alert may have")
        );
        assert!(unlabelled_note(&BTreeMap::new(), 2).is_some_and(|n| n.starts_with("alerts[2]")));
        assert_eq!(unlabelled_note(&labels(&[("alertname", "X")]), 2), None);
    }
}
