//! What a program no table knows is asked to do, where its words say it plainly. Such a
//! program runs in the sandbox (medium), which holds the machine's files and processes but not
//! what many of these programs act on: a cloud account (`terraform destroy`, `aws s3 rb`), a
//! cluster (`kubeadm reset`, `ceph osd pool delete`), a backup repository (`borg delete`,
//! `restic forget --prune`), a forge (`gh repo delete`) or other hosts (`ansible all -a …`,
//! `pdsh -w h cmd`). There the sandbox could only make the command fail, or, where it lets it
//! through, could not undo it. So three things raise such a program to high, a human's
//! decision: a subcommand that removes, stops or resets something; a name or subcommand that
//! changes the machine's power or takes a file system, device or radio out of service
//! (`fsfreeze -f /`, `rtcwake -m mem`, `rfkill block all`), which the sandbox only imitates; and
//! a program whose purpose is to run commands on other hosts. Everything else stays in the
//! sandbox as before.

/// Subcommand words that remove, stop, reset or revoke what they name. A word is matched
/// whole, in any case, or as one part of a word joined by `:`, `_` or `-` (`delete_vhost`,
/// `gitlab:backup:restore`, `remove-peer`).
const REMOVING_VERBS: &[&str] = &[
    "destroy",
    "delete",
    "del",
    "rm",
    "rmi",
    "rb",
    "remove",
    "purge",
    "prune",
    "reset",
    "wipe",
    "erase",
    "forget",
    "drop",
    "truncate",
    "uninstall",
    "teardown",
    "undefine",
    "revoke",
    "deregister",
    "unregister",
    "terminate",
    "kill",
    "leave",
    "down",
    "stop",
    "disable",
    "flush",
    "zap",
    "shred",
    "restore",
    "nuke",
    "detach",
    "decommission",
    "evict",
    "drain",
    "shutdown",
    "poweroff",
    "halt",
    // A mirror deletes at its destination what its source lacks (`rclone sync /empty remote:`).
    "sync",
    "cleanup",
    "dedupe",
    "rmdir",
    "rmdirs",
    "deletefile",
];

/// Options whose first word removes (`terraform apply -destroy`, `virsh undefine
/// --remove-all-storage`, `--delete-after`, `--purge`): those that only stop or pause
/// (`--stop-on-error`) say nothing of what is kept.
const REMOVING_OPTIONS: &[&str] = &[
    "destroy",
    "delete",
    "remove",
    "purge",
    "prune",
    "wipe",
    "erase",
    "forget",
    "drop",
    "uninstall",
    "teardown",
    "nuke",
    "shred",
    "truncate",
    "zap",
];

/// Parts of a program's own name that say it removes or resets (`k3s-uninstall.sh`,
/// `rke2-killall.sh`, `nuke-all`).
const REMOVING_NAMES: &[&str] = &[
    "uninstall",
    "destroy",
    "wipe",
    "purge",
    "nuke",
    "killall",
    "reset",
    "erase",
    "teardown",
];

/// Parts of a program's name, found anywhere in it, that say it changes the machine's power,
/// freezes what runs on it (`fsfreeze`, `xfs_freeze`, `rtcwake`, `pm-suspend`, `pm-hibernate`,
/// `s2ram`) or turns off the kernel's security enforcement (`setenforce 0`): inside the sandbox
/// these reach a file system, a clock or a kernel interface it only imitates, so the sandbox
/// proves nothing of what they do to the machine.
const MACHINE_STATE_NAMES: &[&str] = &[
    "freeze",
    "suspend",
    "hibernate",
    "rtcwake",
    "s2ram",
    "s2disk",
    "s2both",
    "reboot",
    "poweroff",
    "shutdown",
    "kexec",
    "setenforce",
];

/// Subcommand words that take the machine, a device or a radio out of service (`rfkill block
/// all`, `mytool power off`, `sleepctl suspend`).
const MACHINE_STATE_VERBS: &[&str] = &[
    "block",
    "freeze",
    "suspend",
    "hibernate",
    "sleep",
    "offline",
    "off",
    "reboot",
    "panic",
];

/// How many of a program's first operands are read as its subcommands (`aws s3 rb`, `gcloud
/// beta container clusters delete`); later ones are its objects (file names, which may be any
/// word).
const SUBCOMMAND_WORDS: usize = 6;

/// The first word of `args` (an operand among the first few, or the program's name) that
/// says the program removes, stops or resets something.
pub fn removing_word<'a>(name: &'a str, args: &'a [String]) -> Option<&'a str> {
    let base = name.rsplit('/').next().unwrap_or(name);
    if base
        .split(['-', '_', '.'])
        .any(|part| REMOVING_NAMES.contains(&part.to_ascii_lowercase().as_str()))
    {
        return Some(base);
    }
    let option = args.iter().map(String::as_str).find(|word| {
        let name = word.trim_start_matches('-');
        let first = name.split(['-', '_', '=']).next().unwrap_or_default();
        word.starts_with('-') && REMOVING_OPTIONS.contains(&first.to_ascii_lowercase().as_str())
    });
    subcommand_word(args, REMOVING_VERBS).or(option)
}

/// The first of `args`' first operands (its subcommands) holding one of `verbs`, whole or as
/// one part of a word joined by `:`, `_` or `-`, in any case.
fn subcommand_word<'a>(args: &'a [String], verbs: &[&str]) -> Option<&'a str> {
    args.iter()
        .map(String::as_str)
        .filter(|word| !word.starts_with('-'))
        .take(SUBCOMMAND_WORDS)
        .find(|word| {
            word.split([':', '_', '-'])
                .any(|part| verbs.contains(&part.to_ascii_lowercase().as_str()))
        })
}

/// The word of a program no table knows that says it changes the machine's power or state
/// of service: a part of its name (`fsfreeze`, `rtcwake`, `pm-suspend`), or one of its first
/// operands (`rfkill block all`).
pub fn machine_state_word<'a>(name: &'a str, args: &'a [String]) -> Option<&'a str> {
    let base = name.rsplit('/').next().unwrap_or(name);
    let lower = base.to_ascii_lowercase();
    if MACHINE_STATE_NAMES.iter().any(|part| lower.contains(part)) {
        return Some(base);
    }
    subcommand_word(args, MACHINE_STATE_VERBS)
}

/// Why `name` runs commands on other hosts, if it does: the remote shells of configuration
/// management and cluster tools. Ansible's modules that only gather facts (`ansible all -m
/// ping`) stay in the sandbox.
pub fn runs_on_other_hosts(name: &str, args: &[String]) -> Option<&'static str> {
    let base = name.rsplit('/').next().unwrap_or(name);
    match base {
        "pdsh" | "pdcp" | "pssh" | "parallel-ssh" | "pscp" | "prsync" | "clush" | "dsh"
        | "mussh" | "fab" | "knife" | "ansible-playbook" | "ansible-console" | "salt-ssh"
        | "mco" => Some("runs commands on other hosts"),
        "ansible" => {
            let module = args
                .iter()
                .position(|w| w == "-m" || w == "--module-name")
                .and_then(|at| args.get(at + 1))
                .map(String::as_str);
            let gathers = matches!(module, Some("ping" | "setup" | "gather_facts"));
            let has_args = args
                .iter()
                .any(|w| w == "-a" || w.starts_with("--args") || w.starts_with("-a"));
            (!gathers || has_args).then_some("runs a module or a command on other hosts")
        }
        // Salt's minions run each function as root, and its options choose the targets and
        // the function in ways a word count cannot follow (`-t`, `--out`, compound targets):
        // a human reads every salt line, `salt '*' test.ping` too.
        "salt" => Some("runs a function as root on every minion it targets"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{machine_state_word, removing_word, runs_on_other_hosts};

    fn words(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn removing_subcommands_and_names_are_found() {
        for (name, line, word) in [
            ("terraform", "destroy -auto-approve", "destroy"),
            ("aws", "s3 rb s3://bucket --force", "rb"),
            ("ceph", "osd pool delete p p", "delete"),
            ("rabbitmqadmin", "delete queue name=x", "delete"),
            (
                "gitlab-rake",
                "gitlab:backup:restore",
                "gitlab:backup:restore",
            ),
            ("borg", "delete /backup::all", "delete"),
            ("k3s-uninstall.sh", "", "k3s-uninstall.sh"),
            ("/usr/local/bin/rke2-killall.sh", "", "rke2-killall.sh"),
            ("wg-quick", "down wg0", "down"),
            ("consul-template", "Remove-Peer", "Remove-Peer"),
            ("gcloud", "beta container clusters delete c1", "delete"),
            ("terraform", "apply -destroy -auto-approve", "-destroy"),
            (
                "virt-tool",
                "undo vm1 --remove-all-storage",
                "--remove-all-storage",
            ),
            ("rclone", "sync /empty remote:bucket", "sync"),
        ] {
            assert_eq!(
                removing_word(name, &words(line)),
                Some(word),
                "{name} {line}"
            );
        }
        for (name, line) in [
            ("terraform", "plan"),
            ("aws", "s3 ls s3://bucket"),
            ("borg", "list /backup"),
            // Objects after the subcommands may be any name.
            ("mytool", "show a b c d e delete"),
            ("mytool", "--stop-on-error run"),
            ("mytool", "--no-delete run"),
            ("aws", "s3 cp --recursive x s3://bucket/"),
            ("restic", "snapshots"),
        ] {
            assert_eq!(removing_word(name, &words(line)), None, "{name} {line}");
        }
    }

    #[test]
    fn power_and_freezing_words_are_found() {
        for (name, line, word) in [
            ("fsfreeze", "-f /", "fsfreeze"),
            ("/usr/sbin/xfs_freeze", "-f /data", "xfs_freeze"),
            ("rtcwake", "-m mem -s 60", "rtcwake"),
            ("pm-suspend", "", "pm-suspend"),
            ("pm-hibernate", "", "pm-hibernate"),
            ("rfkill", "block all", "block"),
            ("mytool", "power off", "off"),
            ("setenforce", "0", "setenforce"),
        ] {
            assert_eq!(
                machine_state_word(name, &words(line)),
                Some(word),
                "{name} {line}"
            );
        }
        for (name, line) in [
            ("rfkill", "list"),
            ("mytool", "show status"),
            ("blocklist-tool", "--list"),
            ("mytool", "show a b c d e f off"),
        ] {
            assert_eq!(
                machine_state_word(name, &words(line)),
                None,
                "{name} {line}"
            );
        }
    }

    #[test]
    fn remote_shells_are_found_and_fact_gathering_stays() {
        assert!(runs_on_other_hosts("ansible", &words("all -m shell -a id")).is_some());
        assert!(runs_on_other_hosts("ansible", &words("all -a id")).is_some());
        assert!(runs_on_other_hosts("ansible", &words("web -m ping")).is_none());
        assert!(runs_on_other_hosts("salt", &words("* cmd.run id")).is_some());
        assert!(runs_on_other_hosts("salt", &words("* test.ping")).is_some());
        assert!(runs_on_other_hosts("pdsh", &words("-w h1,h2 uptime")).is_some());
        assert!(runs_on_other_hosts("terraform", &words("plan")).is_none());
    }
}
