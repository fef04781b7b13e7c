//! Programs that print the machine ID: `hostnamectl`'s status (`Machine ID:`, `--json`'s
//! `MachineID`), journalctl's `--header` (each journal file's `Machine ID:`), its `_MACHINE_ID`
//! field (`-F _MACHINE_ID`, `--output-fields=…,_MACHINE_ID`, and the outputs that print every
//! field: `verbose`, `json*`, `export`). machine-id(5) calls the ID confidential, and everyone
//! may read it, so containment hides nothing: high on every path, as reading
//! `/etc/machine-id` is (`paths/machine_id.rs`). So are the programs made to print it:
//! `systemd-id128 machine-id` (plain or `--app-specific`, a stable identity of its own) and
//! `var-partition-uuid` (derived from it), `dbus-uuidgen --get`; `dbus-uuidgen --ensure` writes
//! it. `systemd-id128 new`, `show`, `boot-id`, `invocation-id` and plain `dbus-uuidgen` print
//! a fresh random ID or one everyone reads anyway.

use super::{Ctx, Judgement, Operands, judged};
use crate::level::RiskLevel;
use crate::options::{Opt, Spec, flag, optional, value};

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

/// `systemd-id128`'s options: none writes or runs anything.
const ID128: &[Opt] = &[
    flag("p|pretty"),
    flag("P|value"),
    flag("u|uuid"),
    value("a|app-specific"),
    value("json"),
    flag("j"),
    flag("no-pager"),
    flag("no-legend"),
    flag("h|help"),
    flag("version"),
];

/// `systemd-id128`'s verbs that print no identity of the machine: a fresh random ID, the
/// well-known partition and directory IDs, the ID of this boot (`/proc/sys/kernel/random/boot_id`,
/// readable by everyone and in every journal entry) and of the service the command runs in
/// (its `$INVOCATION_ID`). Any other verb (`machine-id`, `var-partition-uuid`, which is derived
/// from the machine ID, one a newer systemd adds) is not proven.
const ID128_PLAIN_VERBS: &[&str] = &["new", "show", "boot-id", "invocation-id", "help"];

/// `dbus-uuidgen`: `--get[=FILE]` prints the machine ID (D-Bus's copy), `--ensure[=FILE]`
/// writes one when missing; alone it prints a fresh random UUID.
const DBUS_UUIDGEN: &[Opt] = &[
    optional("get"),
    optional("ensure"),
    flag("help"),
    flag("version"),
];

/// Programs whose purpose is the machine ID: `systemd-id128`, `dbus-uuidgen`.
pub fn judge(ctx: &Ctx, name: &str, args: &[String]) -> Option<Judgement> {
    Some(match name {
        "systemd-id128" => {
            let (mut j, parsed) = judged(
                ctx,
                name,
                args,
                &Spec::gnu(ID128),
                Operands::Inert,
                "prints 128-bit IDs",
            );
            match parsed.operands.first() {
                None | Some(&"help") => {}
                Some(&"machine-id" | &"var-partition-uuid") => {
                    raise(&mut j, &format!("systemd-id128 {}", parsed.operands[0]));
                }
                Some(verb) if ID128_PLAIN_VERBS.contains(verb) => {}
                Some(verb) => {
                    // Unknown: the machine ID in a newer spelling, or an ID derived from it.
                    raise(&mut j, &format!("systemd-id128 {verb} (not a known verb)"));
                }
            }
            if parsed.operands.is_empty() && !parsed.has("help") && !parsed.has("version") {
                j.raise(RiskLevel::Medium, "systemd-id128 without a verb");
            }
            j
        }
        "dbus-uuidgen" => {
            let (mut j, parsed) = judged(
                ctx,
                name,
                args,
                &Spec::gnu(DBUS_UUIDGEN),
                Operands::None("is not an option dbus-uuidgen knows"),
                "prints a new random UUID",
            );
            if parsed.has("ensure") {
                j.raise(
                    RiskLevel::High,
                    "dbus-uuidgen --ensure writes the machine ID file when it is missing or invalid",
                );
            }
            if parsed.has("get") {
                for file in parsed.values("get") {
                    j.raise_path(ctx.read(file));
                }
                raise(&mut j, "dbus-uuidgen --get");
            }
            j
        }
        _ => return None,
    })
}
