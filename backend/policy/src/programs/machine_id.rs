//! Programs that print the machine ID: `hostnamectl`'s status (`Machine ID:`, `--json`'s
//! `MachineID`), journalctl's `--header` (each journal file's `Machine ID:`), its `_MACHINE_ID`
//! field (`-F _MACHINE_ID`, `--output-fields=…,_MACHINE_ID`, and the outputs that print every
//! field: `verbose`, `json*`, `export`). machine-id(5) calls the ID confidential, and everyone
//! may read it, so containment hides nothing: high on every path, as reading
//! `/etc/machine-id` is (`paths/machine_id.rs`).

use super::Judgement;
use crate::level::RiskLevel;

/// The journal field that holds the machine ID.
pub const JOURNAL_FIELD: &str = "_MACHINE_ID";

/// Raises `j` to high: `shown` prints the machine ID.
pub fn raise(j: &mut Judgement, shown: &str) {
    j.raise(
        RiskLevel::High,
        format!(
            "{shown} prints the machine ID, which machine-id(5) calls confidential (services derive their identifiers from it); `hostnamectl hostname`, `uname -a`, /etc/os-release or journalctl's `--output-fields` without _MACHINE_ID do not"
        ),
    );
}
