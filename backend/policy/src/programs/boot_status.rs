//! The status and listing forms of the boot chain's and the firmware's tools, which otherwise
//! install boot loaders, change boot entries or flash firmware: `bootctl status`, `bootctl
//! list`, `fwupdmgr get-devices`, `efivar -l`, `kernel-install inspect`, `grub-editenv list`,
//! `sbctl status`. A positive model: the one verb and the options named here;
//! any other word leaves the program to its own table (`bootctl install`, `fwupdmgr update`,
//! `efivar -w` stay high).

use super::{Ctx, Judgement};

/// bootctl's options that only shape what it prints.
const BOOTCTL_OPTIONS: &[&str] = &["--no-pager", "--no-variables", "-q", "--quiet"];

/// fwupdmgr's verbs that only list what the daemon knows; `get-updates` refreshes metadata
/// and may offer to update, `refresh` downloads.
const FWUPDMGR_READS: &[&str] = &[
    "get-devices",
    "get-topology",
    "get-remotes",
    "get-plugins",
    "get-history",
    "get-approved-firmware",
    "get-blocked-firmware",
    "get-bios-setting",
    "security",
];

/// fwupdmgr's options that only shape what it prints or skip a prompt's question.
const FWUPDMGR_OPTIONS: &[&str] = &[
    "--json",
    "-v",
    "--verbose",
    "--show-all",
    "--no-unreported-check",
    "--no-metadata-check",
    "--no-reboot-check",
    "--no-security-fix",
];

/// The verdict for `name` with `args` where it only prints the boot chain's or the
/// firmware's state; `None` otherwise.
pub fn judge(ctx: &Ctx, name: &str, args: &[String]) -> Option<Judgement> {
    let (options, verbs): (Vec<&String>, Vec<&String>) = args
        .iter()
        .partition(|a| a.starts_with('-') && a.as_str() != "-");
    let only = |allowed: &[&str]| options.iter().all(|o| allowed.contains(&o.as_str()));
    let verb = |allowed: &[&str]| match verbs.as_slice() {
        [] => true,
        [one] => allowed.contains(&one.as_str()),
        _ => false,
    };
    match name {
        // `bootctl` alone is `bootctl status`.
        "bootctl" if only(BOOTCTL_OPTIONS) && verb(&["status", "list", "is-installed"]) => {
            Some(Judgement::low("shows the boot loader's state and entries"))
        }
        "fwupdmgr"
            if only(FWUPDMGR_OPTIONS)
                && verbs.len() == 1
                && FWUPDMGR_READS.contains(&verbs[0].as_str()) =>
        {
            let mut j = Judgement::low("lists what the firmware daemon knows");
            if matches!(verbs[0].as_str(), "get-devices" | "get-topology") {
                // Each device's serial number is printed.
                super::serials::raise(ctx, &mut j, "fwupdmgr get-devices (device serial numbers)");
            }
            Some(j)
        }
        "efivar" if !options.is_empty() && only(&["-l", "--list"]) && verbs.is_empty() => {
            Some(Judgement::low("lists the firmware's variables"))
        }
        "kernel-install"
            if only(&["-v", "--verbose"]) && !verbs.is_empty() && verb(&["inspect", "list"]) =>
        {
            Some(Judgement::low("shows the kernels installed"))
        }
        "sbctl" if options.is_empty() && !verbs.is_empty() && verb(&["status"]) => {
            Some(Judgement::low("shows Secure Boot's state"))
        }
        // `grub-editenv [FILE] list`: the file is read.
        "grub-editenv" | "grub2-editenv" if options.is_empty() => match verbs.as_slice() {
            [list] if list.as_str() == "list" => {
                Some(Judgement::low("prints the boot loader's saved settings"))
            }
            [file, list] if list.as_str() == "list" => {
                let mut j = Judgement::low("prints the boot loader's saved settings");
                if file.as_str() != "-" {
                    j.raise_path(ctx.read(file));
                }
                Some(j)
            }
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::judge;
    use crate::level::RiskLevel;
    use crate::programs::judged_alone;

    fn level(line: &str) -> Option<RiskLevel> {
        judged_alone(judge, line)
    }

    #[test]
    fn only_status_and_listing_forms_are_read_only() {
        for line in [
            "bootctl",
            "bootctl status",
            "bootctl --no-pager status",
            "bootctl list",
            "bootctl is-installed",
            "fwupdmgr get-devices",
            "fwupdmgr get-devices --json",
            "fwupdmgr get-history",
            "fwupdmgr security",
            "efivar -l",
            "kernel-install inspect",
            "kernel-install list",
            "sbctl status",
            "grub-editenv list",
            "grub-editenv - list",
        ] {
            assert_eq!(level(line), Some(RiskLevel::Low), "{line}");
        }
        for line in [
            "bootctl install",
            "bootctl update",
            "bootctl remove",
            "bootctl set-default x",
            "bootctl status install",
            "bootctl status --esp-path=/tmp/x",
            "bootctl random-seed",
            "fwupdmgr",
            "fwupdmgr update",
            "fwupdmgr get-updates",
            "fwupdmgr refresh",
            "fwupdmgr install x.cab",
            "fwupdmgr get-devices install",
            "fwupdmgr get-devices --force",
            "efivar",
            "efivar -w -n x -f y",
            "efivar -p -n x",
            "kernel-install",
            "kernel-install add 6.1 /boot/vmlinuz",
            "ldconfig",
            "ldconfig -p -r /",
            "sbctl",
            "sbctl sign x",
            "grub-editenv - set x=y",
            "grub-editenv create",
        ] {
            assert_eq!(level(line), None, "{line}");
        }
    }
}
