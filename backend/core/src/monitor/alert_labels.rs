//! An alert's labels and annotations as the intake bounds them. Prometheus and Alertmanager
//! set no limit on either, so a sender's template gone wrong (a whole log line, a stack trace,
//! a file pasted into a label; a description that repeats itself without end) or a flood of
//! them would be stored with the incident, shown on every page that lists it, matched by every
//! rule and handed to the repair model: such an alert is left out and named, the rest of its
//! delivery taken. An annotation is where a long text belongs (a description, a runbook's
//! steps), so its value may be longer than a label's. An alert with no label at all names
//! nothing a rule can match: it is taken (keyed by its fingerprint, for a human), and the
//! intake says so.

use std::collections::BTreeMap;

/// The longest label name or value an alert may carry, in characters (Prometheus's own labels
/// are names and short values; a description belongs in an annotation).
pub const MAX_LABEL_CHARS: usize = 8192;

/// The most labels one alert may carry.
pub const MAX_LABELS: usize = 256;

/// The longest annotation value an alert may carry, in characters: a description or a
/// runbook's text, a few pages, not a log file. Its name is bounded as a label's.
pub const MAX_ANNOTATION_CHARS: usize = 65_536;

/// The most annotations one alert may carry.
pub const MAX_ANNOTATIONS: usize = 256;

/// Why an alert's labels do not read (`alerts[INDEX].labels...: why`), if they do not: more
/// than [`MAX_LABELS`] of them, or a name or value longer than [`MAX_LABEL_CHARS`].
pub fn labels_fault(labels: &BTreeMap<String, String>, index: usize) -> Option<String> {
    map_fault(
        labels,
        &Bounds {
            field: "labels",
            one: "label",
            a_one: "a label",
            count: MAX_LABELS,
            value_chars: MAX_LABEL_CHARS,
            value_hint: " (a long text belongs in an annotation)",
        },
        index,
    )
}

/// Why an alert's annotations do not read (`alerts[INDEX].annotations...: why`), if they do
/// not: more than [`MAX_ANNOTATIONS`] of them, a name longer than [`MAX_LABEL_CHARS`] or a
/// value longer than [`MAX_ANNOTATION_CHARS`].
pub fn annotations_fault(annotations: &BTreeMap<String, String>, index: usize) -> Option<String> {
    map_fault(
        annotations,
        &Bounds {
            field: "annotations",
            one: "annotation",
            a_one: "an annotation",
            count: MAX_ANNOTATIONS,
            value_chars: MAX_ANNOTATION_CHARS,
            value_hint: "",
        },
        index,
    )
}

/// The bounds of one of an alert's maps, and how its faults are worded.
struct Bounds {
    /// The alert's field (`labels`, `annotations`).
    field: &'static str,
    /// One entry of it (`label`, `annotation`).
    one: &'static str,
    /// With its article (`a label`, `an annotation`).
    a_one: &'static str,
    count: usize,
    value_chars: usize,
    /// Said after a value past its bound.
    value_hint: &'static str,
}

fn map_fault(map: &BTreeMap<String, String>, bounds: &Bounds, index: usize) -> Option<String> {
    let Bounds {
        field,
        one,
        a_one,
        count,
        value_chars: max_value,
        value_hint,
    } = bounds;
    if map.len() > *count {
        return Some(format!(
            "alerts[{index}].{field}: {} {one}s, more than the {count} an alert may have",
            map.len()
        ));
    }
    map.iter().find_map(|(name, value)| {
        let shown: String = name.chars().take(64).collect();
        let name_chars = name.chars().count();
        let value_chars = value.chars().count();
        if name_chars > MAX_LABEL_CHARS {
            Some(format!(
                "alerts[{index}].{field}: {a_one} name of {name_chars} characters \
                 ('{shown}...'), more than the {MAX_LABEL_CHARS} {a_one} may have"
            ))
        } else if value_chars > *max_value {
            Some(format!(
                "alerts[{index}].{field}.{shown}: {value_chars} characters, more than the \
                 {max_value} {a_one} value may have{value_hint}"
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
        // Annotations: a longer value reads, past its own bound and count it does not.
        let description = "d".repeat(MAX_ANNOTATION_CHARS);
        assert_eq!(
            annotations_fault(&labels(&[("description", &description)]), 0),
            None
        );
        let endless = "d".repeat(MAX_ANNOTATION_CHARS + 1);
        assert_eq!(
            annotations_fault(&labels(&[("description", &endless)]), 4).as_deref(),
            Some(
                "alerts[4].annotations.description: 65537 characters, more than the 65536 an \
                 annotation value may have"
            )
        );
        let fault = annotations_fault(&labels(&[(&long, "1")]), 0).unwrap();
        assert!(fault.starts_with("alerts[0].annotations: an annotation name of 8193"));
        let many: BTreeMap<String, String> = (0..=MAX_ANNOTATIONS)
            .map(|i| (format!("a{i}"), "v".to_owned()))
            .collect();
        assert_eq!(
            annotations_fault(&many, 1).as_deref(),
            Some("alerts[1].annotations: 257 annotations, more than the 256 an alert may have")
        );
        assert_eq!(unlabelled_note(&labels(&[("alertname", "X")]), 2), None);
    }
}
