//! systemd and service tools: the reading verbs of `systemctl`, `journalctl` without its
//! maintenance options (vacuum, rotate, flush...), the status verbs of `timedatectl`,
//! `hostnamectl`, `localectl`, `loginctl`, `networkctl`, `resolvectl`, `systemd-analyze`,
//! `busctl`; `service NAME status`; `nginx -t/-T/-v/-V`; PostgreSQL's cluster listing and probes.
//! Any other verb changes the system and is high.

use super::{Ctx, Judgement, Operands, apply, judged};
use crate::level::RiskLevel;
use crate::options::{
    Opt, Parsed, Spec, Takes, changes, endless, flag, optional, parse, reads, value, writes,
};

/// systemd's `-H [USER@]HOST` runs systemd-stdio-bridge there over ssh, as `ssh HOST` runs a command: every spelling (`--host=HOST`, `-HHOST`, after the verb).
const SYSTEMD_HOST: Opt = changes(
    "H|host",
    Takes::Value,
    "runs a systemd tool over ssh on the host it names",
);
const SYSTEMCTL: &[Opt] = &[
    SYSTEMD_HOST,
    flag("no-pager"),
    flag("l|full"),
    flag("a|all"),
    value("t|type"),
    value("state"),
    value("p|property"),
    // `-P NAME` is `--value --property=NAME`.
    value("P"),
    flag("value"),
    value("n|lines"),
    value("o|output"),
    flag("failed"),
    flag("user"),
    flag("system"),
    flag("global"),
    value("M|machine"),
    flag("no-legend"),
    value("legend"),
    flag("plain"),
    flag("r|recursive"),
    flag("reverse"),
    flag("after"),
    flag("before"),
    flag("q|quiet"),
    flag("with-dependencies"),
    flag("show-types"),
    value("timestamp"),
    reads("root"),
    flag("no-ask-password"),
    flag("h|help"),
    flag("version"),
    value("what"),
    flag("firmware-setup"),
];
const SYSTEMCTL_READS: &[&str] = &[
    "status",
    "show",
    "cat",
    "list-units",
    "list-unit-files",
    "list-timers",
    "list-sockets",
    "list-dependencies",
    "list-jobs",
    "list-machines",
    "list-automounts",
    "list-paths",
    "is-active",
    "is-enabled",
    "is-failed",
    "is-system-running",
    "get-default",
    "show-environment",
];
const JOURNALCTL: &[Opt] = &[
    value("u|unit"),
    value("user-unit"),
    // `-n[N]`, `--lines[=N]`: journalctl takes the next word only when it is a count (joined
    // below), so `-n --vacuum-size=1K` is two options.
    optional("n|lines"),
    endless("f|follow", Takes::No, "waits for new journal entries"),
    value("S|since"),
    value("U|until"),
    value("p|priority"),
    value("facility"),
    optional("b|boot"),
    flag("k|dmesg"),
    value("o|output"),
    value("output-fields"),
    flag("no-pager"),
    flag("r|reverse"),
    flag("x|catalog"),
    flag("e|pager-end"),
    flag("disk-usage"),
    flag("list-boots"),
    value("g|grep"),
    flag("case-sensitive"),
    value("t|identifier"),
    value("T|exclude-identifier"),
    flag("utc"),
    flag("q|quiet"),
    flag("a|all"),
    flag("no-full"),
    flag("l|full"),
    flag("no-hostname"),
    flag("m|merge"),
    // Judged with the selection (see `judge`): journal files print what it selects.
    value("D|directory"),
    value("file"),
    reads("root"),
    // The image is attached to a loop device and mounted (systemd-dissect), as root.
    changes("image", Takes::Value, "attaches and mounts a disk image"),
    value("M|machine"),
    flag("user"),
    flag("system"),
    value("F|field"),
    flag("N|fields"),
    flag("header"),
    flag("verify"),
    value("c|cursor"),
    value("after-cursor"),
    writes("cursor-file"),
    flag("show-cursor"),
    value("namespace"),
    flag("list-catalog"),
    flag("dump-catalog"),
    flag("list-namespaces"),
    flag("list-invocations"),
    value("invocation"),
    // `-I` is `--invocation=0`, a flag: a value there would hide the next word
    // (`journalctl -u nginx -I -f`).
    flag("I"),
    flag("h|help"),
    flag("version"),
    changes("vacuum-size", Takes::Value, "deletes logs"),
    changes("vacuum-time", Takes::Value, "deletes logs"),
    changes("vacuum-files", Takes::Value, "deletes logs"),
    changes("rotate", Takes::No, "rotates logs"),
    changes("flush", Takes::No, "moves logs"),
    changes("relinquish-var", Takes::No, "moves logs"),
    changes("smart-relinquish-var", Takes::No, "moves logs"),
    changes("sync", Takes::No, "writes logs"),
    changes("setup-keys", Takes::No, "writes sealing keys"),
    changes("interval", Takes::Value, "writes sealing keys"),
    changes("force", Takes::No, "writes sealing keys"),
    changes("update-catalog", Takes::No, "writes the catalog"),
    changes("new-id128", Takes::No, "prints a new id"),
];
/// Options common to the `*ctl` tools of systemd.
const CTL: &[Opt] = &[
    flag("no-pager"),
    flag("no-legend"),
    flag("no-ask-password"),
    flag("a|all"),
    value("p|property"),
    // `-P NAME` is `--value --property=NAME` (loginctl, timedatectl, hostnamectl): a flag
    // there would make NAME the verb (`loginctl -P list-sessions kill-session 1`).
    value("P"),
    flag("value"),
    value("M|machine"),
    SYSTEMD_HOST,
    value("json"),
    flag("static"),
    flag("transient"),
    flag("pretty"),
    endless("monitor", Takes::No, "waits for changes"),
    flag("l|full"),
    flag("s|stats"),
    flag("h|help"),
    flag("version"),
    value("n|lines"),
    flag("user"),
    flag("system"),
    value("o|output"),
    // `--legend=BOOL` takes its value, in the next word too.
    value("legend"),
    // systemd-analyze verify's `--man=no` (judged there).
    value("man"),
];
const NGINX: &[Opt] = &[
    flag("t"),
    flag("T"),
    flag("v"),
    flag("V"),
    flag("q"),
    flag("h|?"),
    changes("s", Takes::Value, "signals the nginx master"),
    Opt {
        names: "c",
        takes: Takes::Value,
        role: crate::options::Role::Unproven(
            "nginx loads the configuration it is given (and its modules)",
        ),
    },
    Opt {
        names: "g",
        takes: Takes::Value,
        role: crate::options::Role::Runs,
    },
    Opt {
        names: "p",
        takes: Takes::Value,
        role: crate::options::Role::Unproven("nginx uses another prefix"),
    },
    Opt {
        names: "e",
        takes: Takes::Value,
        role: crate::options::Role::Writes,
    },
];
const PG: &[Opt] = &[
    value("h|host"),
    value("p|port"),
    value("U|username"),
    value("d|dbname"),
    value("t|timeout"),
    flag("q|quiet"),
    flag("j|json"),
    flag("s|start-conf"),
    flag("V|version"),
    flag("help"),
    flag("bindir"),
    flag("includedir"),
    flag("libdir"),
    flag("pkglibdir"),
    flag("sharedir"),
    flag("sysconfdir"),
    flag("configure"),
    flag("cc"),
    flag("cflags"),
    flag("ldflags"),
    flag("libs"),
    flag("version"),
    reads("D|pgdata"),
];

const CGLS: &[Opt] = &[
    flag("no-pager"),
    flag("a|all"),
    flag("l|full"),
    flag("k"),
    flag("u|unit"),
    flag("user-unit"),
    value("M|machine"),
    flag("x|xattr"),
    flag("c|cgroup-id"),
    flag("b|batch"),
    value("n|iterations"),
    value("d|delay"),
    flag("p"),
    flag("t"),
    flag("m"),
    flag("i"),
    flag("r|raw"),
    value("depth"),
    flag("P"),
    flag("h|help"),
];

/// hostnamed's properties that identify nothing secret: the names, the chassis, the kernel, the
/// operating system and the hardware's and firmware's makes. `MachineID` (confidential, see
/// `machine_id.rs`), `BootID`, `VSockCID`, `ChassisAssetTag` and what `/etc/machine-info` or
/// os-release hold whole (`MachineInformationData`, `OperatingSystemReleaseData`) are not here.
const HOSTNAMED_HARMLESS: &[&str] = &[
    "Hostname",
    "StaticHostname",
    "PrettyHostname",
    "DefaultHostname",
    "HostnameSource",
    "IconName",
    "Chassis",
    "Deployment",
    "Location",
    "KernelName",
    "KernelRelease",
    "KernelVersion",
    "OperatingSystemPrettyName",
    "OperatingSystemCPEName",
    "OperatingSystemHomeURL",
    "OperatingSystemSupportEnd",
    "HardwareVendor",
    "HardwareModel",
    "FirmwareVersion",
    "FirmwareVendor",
    "FirmwareDate",
];

/// Whether `hostnamectl show` is limited by `-p`/`-P`/`--property` (repeated, or a comma
/// separated list, as systemd reads them) to [`HOSTNAMED_HARMLESS`] properties alone.
fn hostnamed_harmless_properties(parsed: &Parsed) -> bool {
    let mut names = parsed
        .values("p")
        .chain(parsed.values("P"))
        .flat_map(|value| value.trim_start_matches('=').split(','))
        .peekable();
    names.peek().is_some() && names.all(|name| HOSTNAMED_HARMLESS.contains(&name))
}

/// Verbs that only read, per `*ctl` tool; a verb with an operand after it may set something.
fn ctl_verbs(name: &str) -> Option<(&'static [&'static str], &'static [&'static str])> {
    // (verbs reading whatever follows, verbs that read alone but set with an operand)
    Some(match name {
        "timedatectl" => (
            &[
                "status",
                "show",
                "show-timesync",
                "timesync-status",
                "list-timezones",
            ],
            &[],
        ),
        "hostnamectl" => (
            &["status", "show"],
            &["hostname", "icon-name", "chassis", "deployment", "location"],
        ),
        "localectl" => (
            &[
                "status",
                "list-locales",
                "list-keymaps",
                "list-x11-keymap-models",
                "list-x11-keymap-layouts",
                "list-x11-keymap-variants",
                "list-x11-keymap-options",
            ],
            &[],
        ),
        "loginctl" => (
            &[
                "list-sessions",
                "session-status",
                "show-session",
                "list-users",
                "user-status",
                "show-user",
                "list-seats",
                "seat-status",
                "show-seat",
            ],
            &[],
        ),
        "networkctl" => (&["list", "status", "lldp", "label", "cat"], &[]),
        "resolvectl" => (
            &[
                "status",
                "query",
                "statistics",
                "show-cache",
                "show-server-state",
                "service",
                "openpgp",
                "tlsa",
            ],
            &[
                "dns",
                "domain",
                "llmnr",
                "mdns",
                "dnssec",
                "dnsovertls",
                "nta",
                "default-route",
            ],
        ),
        "systemd-analyze" => (
            &[
                "time",
                "blame",
                "critical-chain",
                "plot",
                "dot",
                "dump",
                "unit-paths",
                "calendar",
                "timespan",
                "timestamp",
                "security",
                "cat-config",
                "verify",
                "syscall-filter",
                "filesystems",
                "condition",
                "log-level",
                "log-target",
                "service-watchdogs",
            ],
            &["log-level", "log-target", "service-watchdogs"],
        ),
        "busctl" => (
            &["list", "status", "tree", "introspect", "monitor", "capture"],
            &[],
        ),
        _ => return None,
    })
}

/// Whether `word` is a plain name (a service, a cluster), not a path or an option: letters,
/// digits and `-_.@:`, and not `.` or `..`.
fn plain_name(word: &str) -> bool {
    !word.is_empty()
        && !word.starts_with(['-', '.'])
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '@' | ':'))
}

/// Whether a `-h` value names this machine: a Unix socket directory or a loopback name.
fn local_host(host: &str) -> bool {
    host.starts_with('/')
        || host.starts_with('@')
        || matches!(host, "localhost" | "::1" | "[::1]")
        || host.strip_prefix("127.").is_some_and(|rest| {
            rest.split('.').count() == 3
                && rest
                    .split('.')
                    .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
        })
}

/// Whether `systemctl show -p` names a property by a pattern (`Env*`, `*`, `Exec?tart`): one
/// the line cannot hold to a single property, which a systemctl matching property names by
/// pattern reads as every property it matches (`Environment=`, `SetCredential=`, `ExecStart=`
/// among them). Only names spelled out stay judged by what they name.
fn shows_properties_by_pattern(parsed: &crate::options::Parsed) -> bool {
    parsed
        .values("property")
        .chain(parsed.values("P"))
        .flat_map(|list| list.split(','))
        .any(|property| property.contains(['*', '?', '[', '\\']))
}

/// Whether `systemctl show` of the manager prints its environment: every property is shown
/// unless `-p`/`--property` names some, and then only when one of them is the environment.
fn shows_environment(parsed: &crate::options::Parsed) -> bool {
    let mut named = parsed
        .values("property")
        .chain(parsed.values("P"))
        .flat_map(|list| list.split(','))
        .peekable();
    named.peek().is_none()
        || named.any(|property| {
            // `SetCredential=` carries the credential's data itself, as the environment does.
            let property = property.to_ascii_lowercase();
            property.contains("environment") || property.contains("setcredential")
        })
}

/// Whether `systemctl show -p` names a property holding data the unit was given to hand to its
/// service, as `Environment=` is handed: `StandardInputData=` (the bytes its input reads,
/// `StandardInputText=` in a unit file, often a configuration or a key) and `LogExtraFields=`
/// (fields added to each journal entry). D-Bus gives them to anyone who asks, whatever the modes
/// of the drop-in that set them.
fn shows_given_data(parsed: &crate::options::Parsed) -> bool {
    parsed
        .values("property")
        .chain(parsed.values("P"))
        .flat_map(|list| list.split(','))
        .map(|property| property.trim_start_matches('=').to_ascii_lowercase())
        .any(|property| {
            (property.starts_with("standardinput") && property != "standardinput")
                || property == "logextrafields"
        })
}

/// Whether `systemctl show -p` names a property of the machine ID (`MachineID`, in any case).
fn shows_machine_id(parsed: &crate::options::Parsed) -> bool {
    parsed
        .values("property")
        .chain(parsed.values("P"))
        .flat_map(|list| list.split(','))
        .any(|property| {
            property
                .trim_start_matches('=')
                .to_ascii_lowercase()
                .contains("machineid")
        })
}

/// Whether a unit name given to `systemctl cat` may be a mount, automount or swap unit: one of
/// those types, a path (systemctl finds the mount unit of a path), or a pattern; a name without
/// a type is a service.
fn mount_unit(unit: &str) -> bool {
    let unit = unit.to_ascii_lowercase();
    unit.starts_with('/')
        || unit.contains(['*', '?', '['])
        || [".mount", ".automount", ".swap"]
            .iter()
            .any(|kind| unit.ends_with(kind))
}

/// Whether `systemctl show -p` names a mount's options (`Options=`, in any case).
fn shows_mount_options(parsed: &crate::options::Parsed) -> bool {
    parsed
        .values("property")
        .chain(parsed.values("P"))
        .flat_map(|list| list.split(','))
        .any(|property| property.eq_ignore_ascii_case("options"))
}

/// Sources whose journal entries are the commands others ran, whole: the kernel audit's
/// `EXECVE` records (journald reads the audit socket: `_TRANSPORT=audit`, identifier `audit`),
/// and sudo's, su's, doas's and pkexec's `COMMAND=` lines (the auth facilities).
const COMMAND_LOGGERS: &[&str] = &["audit", "sudo", "su", "doas", "pkexec", "run0"];

/// Other programs whose journal entries are commands, whole: cron's `CMD (…)` lines (and
/// at's, anacron's), command auditors (snoopy, tlog, rootsh, sudosh, execsnoop), shells that
/// log each command to syslog (`bash`, `-bash`), polkit's record of what pkexec ran, and the
/// service manager itself (identifier `systemd`, unit `init.scope`), whose `Started …`
/// lines name a transient unit by its command line (`systemd-run mysql -pPASS`).
const OTHER_COMMAND_LOGGERS: &[&str] = &[
    "at",
    "atd",
    "anacron",
    "snoopy",
    "tlog",
    "rootsh",
    "sudosh",
    "execsnoop",
    "bash",
    "-bash",
    "sh",
    "-sh",
    "zsh",
    "-zsh",
    "ksh",
    "polkit",
    "polkitd",
    "systemd",
    "init",
];

/// Families of command loggers by the start of their names: every cron (`cron`, `CRON`,
/// `crond`, `cronie`, `fcron`, `dcron`, `bcron`, `incrond`), sudo's relatives (`sudo-rs`,
/// `sudo_logsrvd`), tlog's and snoopy's programs, polkit's.
const COMMAND_LOGGER_PREFIXES: &[&str] = &[
    "cron", "fcron", "dcron", "bcron", "incron", "sudo", "tlog", "snoopy", "polkit",
];

/// Programs and units whose journal entries are logins or a machine's bootstrap secrets, as
/// sshd's are: login(1), run by every getty unit (`getty@tty1`, `serial-getty@ttyS0`,
/// `console-getty`, `container-getty@N`, `autovt@tty2`), logs `FAILED LOGIN … FOR NAME` and
/// pam_unix `user=NAME` before the login moves to its session's scope, and a password typed as
/// the user name lands there; so do the display managers' greeters and the other services that
/// log the names their clients typed (web consoles, remote desktops, FTP and IMAP servers,
/// saslauthd). cloud-init's units print what the user data's scripts printed (join tokens
/// among it), what `/var/log/cloud-init-output.log` keeps.
const LOGIN_OR_BOOTSTRAP_LOGGERS: &[&str] = &[
    "login",
    "getty",
    "agetty",
    "mingetty",
    "serial-getty",
    "console-getty",
    "container-getty",
    "autovt",
    "xdm",
    "lxdm",
    "greetd",
    "vsftpd",
    "proftpd",
    "pure-ftpd",
    "saslauthd",
    "cloud-config",
    "cloud-final",
];

/// Families of [`LOGIN_OR_BOOTSTRAP_LOGGERS`] by the start of their names: every cloud-init
/// unit (`cloud-init`, `cloud-init-local`, `cloud-init-main`, `cloud-init-network`), the
/// display managers' programs and their PAM helpers (`gdm3`, `gdm-password`,
/// `gdm-session-worker`, `sddm-helper`, `lightdm-gtk-greeter`), Cockpit's (`cockpit-session`,
/// `cockpit-ws`), xrdp's (`xrdp-sesman`) and Dovecot's (`dovecot-auth`).
const LOGIN_OR_BOOTSTRAP_PREFIXES: &[&str] = &[
    "cloud-init",
    "gdm",
    "lightdm",
    "sddm",
    "cockpit",
    "xrdp",
    "dovecot",
];

/// Whether a unit's base name is one `systemd-run` (and `run0`) made up for a command it runs:
/// `run-u7` (a counter), `run-r0f3…` (random hex), `run-p1234-i5678` (a scope). The service
/// manager names such a unit by its command line (`Started run-u7.service - /usr/bin/mysql
/// -pPASS`), and `-u run-u7.service` selects those lines of PID 1 with the command's output.
fn transient_unit(base: &str) -> bool {
    let Some(rest) = base.strip_prefix("run-") else {
        return false;
    };
    let mut chars = rest.chars();
    match chars.next() {
        Some('u' | 'p') => chars.next().is_some_and(|c| c.is_ascii_digit()),
        Some('r') => chars.next().is_some_and(|c| c.is_ascii_hexdigit()),
        _ => false,
    }
}

/// Whether a program, identifier or unit name (`CRON`, `cron.service`, `init.scope`,
/// `/usr/sbin/cron`, `getty@tty1.service`, `run-u7.service`) is one of
/// [`OTHER_COMMAND_LOGGERS`], [`LOGIN_OR_BOOTSTRAP_LOGGERS`], their families, or a transient
/// unit of `systemd-run`.
fn other_command_logger(value: &str) -> bool {
    let value = value.trim_start_matches('=');
    let base = value
        .rsplit('/')
        .next()
        .unwrap_or(value)
        .to_ascii_lowercase();
    let base = [".service", ".scope", ".socket", ".timer"]
        .iter()
        .find_map(|suffix| base.strip_suffix(suffix))
        .unwrap_or(&base);
    let base = base.split('@').next().unwrap_or(base);
    OTHER_COMMAND_LOGGERS.contains(&base)
        || COMMAND_LOGGER_PREFIXES
            .iter()
            .any(|prefix| base.starts_with(prefix))
        || LOGIN_OR_BOOTSTRAP_LOGGERS.contains(&base)
        || LOGIN_OR_BOOTSTRAP_PREFIXES
            .iter()
            .any(|prefix| base.starts_with(prefix))
        || transient_unit(base)
}
/// The auth facilities by name and number (`auth` 4, `authpriv` 10).
const AUTH_FACILITIES: &[&str] = &["auth", "authpriv", "4", "10"];

/// What in a journalctl selection picks the entries that record others' command lines: a match
/// on the audit transport, an audit field (`_AUDIT_TYPE_NAME=EXECVE`) or a command logger
/// (`-t sudo`, `SYSLOG_IDENTIFIER=audit`, `_COMM=sudo`, `/usr/bin/sudo`), or an auth facility.
fn command_records(parsed: &crate::options::Parsed) -> Option<String> {
    let logger = |value: &str| {
        let value = value.trim_start_matches('=');
        let base = value.rsplit('/').next().unwrap_or(value);
        COMMAND_LOGGERS
            .iter()
            .any(|logger| base.eq_ignore_ascii_case(logger) || base.starts_with("audit"))
            || other_command_logger(base)
    };
    if let Some(identifier) = parsed.values("identifier").find(|v| logger(v)) {
        return Some(format!("-t {identifier} (the commands it records)"));
    }
    if let Some(facility) = parsed.values("facility").find(|list| {
        list.trim_start_matches('=')
            .split(',')
            .any(|f| AUTH_FACILITIES.contains(&f.to_ascii_lowercase().as_str()))
    }) {
        return Some(format!("--facility={facility} (sudo's COMMAND= lines)"));
    }
    parsed.operands.iter().find_map(|operand| {
        let chosen = match operand.split_once('=') {
            Some((field, value)) => {
                let field = field.to_ascii_uppercase();
                // The audit transport's own fields (`_AUDIT_SESSION` and `_AUDIT_LOGINUID` are
                // on every entry of a login session, and select no audit record).
                field.starts_with("_AUDIT_TYPE")
                    || field == "_AUDIT_ID"
                    || field.starts_with("AUDIT_FIELD")
                    || (matches!(
                        field.as_str(),
                        "_TRANSPORT" | "SYSLOG_IDENTIFIER" | "_COMM" | "_EXE" | "_CMDLINE"
                    ) && logger(value))
                    || (field == "SYSLOG_FACILITY" && AUTH_FACILITIES.contains(&value))
            }
            // A path operand matches the executable (`_EXE=`).
            None => operand.starts_with('/') && logger(operand),
        };
        chosen.then(|| format!("{operand} (the commands it records)"))
    })
}

/// Whether a journal value names a logger of others' command lines or logins: the command
/// loggers, and sshd, whose `Invalid user NAME` lines hold passwords typed as a user name.
fn records_commands_or_logins(value: &str) -> bool {
    let value = value.trim_start_matches('=');
    let base = value.rsplit('/').next().unwrap_or(value);
    let base = base.strip_suffix(".service").unwrap_or(base);
    // An instance is its template's (`sshd@1-10.0.0.1:22-10.0.0.2:5555.service`).
    let base = base.split('@').next().unwrap_or(base);
    COMMAND_LOGGERS
        .iter()
        .chain(&["sshd", "ssh"])
        .any(|logger| base.eq_ignore_ascii_case(logger))
        || base.to_ascii_lowercase().starts_with("audit")
        || other_command_logger(base)
}

/// The units whose manager's lines a journalctl selection takes: `-u`/`--unit`,
/// `--user-unit`, and the `UNIT=`/`USER_UNIT=` matches (PID 1's and a user manager's lines
/// about a unit carry the unit there; its own processes' lines carry `_SYSTEMD_UNIT=`).
fn manager_described_units<'p>(
    parsed: &'p crate::options::Parsed<'p>,
) -> impl Iterator<Item = &'p str> + 'p {
    parsed
        .values("unit")
        .chain(parsed.values("user-unit"))
        .chain(parsed.operands.iter().filter_map(|operand| {
            let operand: &'p str = operand;
            let (field, value) = operand.split_once('=')?;
            matches!(field.to_ascii_uppercase().as_str(), "UNIT" | "USER_UNIT").then_some(value)
        }))
}

/// Options with which journalctl prints no entry: sizes, boots, fields' names, the header.
const NO_ENTRIES: &[&str] = &[
    "disk-usage",
    "list-boots",
    "header",
    "verify",
    "fields",
    "field",
    "list-catalog",
    "dump-catalog",
    "list-namespaces",
    "list-invocations",
    "help",
    "version",
];

/// Whether journalctl prints entries at all.
fn prints_entries(parsed: &crate::options::Parsed) -> bool {
    !NO_ENTRIES.iter().any(|option| parsed.has(option))
}

/// Fields whose match keeps a selection to one service or program (an entry's unit, its
/// identifier or its executable); any other (`_UID=0`, `PRIORITY=3`, `_AUDIT_SESSION=3`)
/// keeps sudo's and sshd's entries among the rest.
const SOURCE_FIELDS: &[&str] = &[
    "_SYSTEMD_UNIT",
    "_SYSTEMD_USER_UNIT",
    "UNIT",
    "USER_UNIT",
    "SYSLOG_IDENTIFIER",
    "_COMM",
    "_EXE",
    "CONTAINER_NAME",
    "CONTAINER_ID",
    "CONTAINER_ID_FULL",
];

/// Whether a unit name picks one service: not a pattern (`-u '*'`), not a login session's
/// scope or a user's manager (where sudo, run in that session, logs).
fn one_service(unit: &str) -> bool {
    let unit = unit.trim_start_matches('=');
    !unit.is_empty()
        && !unit.contains(['*', '?', '['])
        && !unit.starts_with("session-")
        && !unit.starts_with("user@")
        && !unit.ends_with(".slice")
        && !unit.ends_with(".scope")
        && !logs_commands_or_logins(unit)
}

/// Whether a unit is a command logger's or sshd's own (`ssh.service`, `sudo`); `auditd`'s own
/// messages are not the records it writes.
fn logs_commands_or_logins(unit: &str) -> bool {
    let base = unit.strip_suffix(".service").unwrap_or(unit);
    // An instance is its template's (`sshd@1-10.0.0.1:22-10.0.0.2:5555.service`).
    let base = base.split('@').next().unwrap_or(base);
    COMMAND_LOGGERS
        .iter()
        .chain(&["sshd", "ssh"])
        .any(|logger| base.eq_ignore_ascii_case(logger))
        || other_command_logger(unit)
}

/// Whether a journalctl selection is kept to named services or programs (`-u nginx`,
/// `-t nginx`, `_SYSTEMD_UNIT=nginx.service`, `/usr/sbin/nginx`) or the kernel (`-k`), with no
/// `+` that adds another selection: anything else (`journalctl`, `-b -p err`, `--since today`,
/// `_UID=0`) shows every program's entries, sudo's `COMMAND=` lines and the audit records
/// among them. Alternatives of one kind are joined by "or" (`-u nginx -u 'session-*'`,
/// `_COMM=nginx _COMM=sshd`), kinds by "and": a kind keeps the selection narrow when every
/// one of its alternatives does.
fn narrowed_to_a_source(parsed: &crate::options::Parsed) -> bool {
    if parsed.operands.contains(&"+") {
        return false;
    }
    fn every<'v>(values: &[&'v str], narrow: impl Fn(&'v str) -> bool) -> bool {
        !values.is_empty() && values.iter().all(|value| narrow(value))
    }
    let units: Vec<&str> = parsed
        .values("unit")
        .chain(parsed.values("user-unit"))
        .collect();
    let identifiers: Vec<&str> = parsed.values("identifier").collect();
    let mut matches: Vec<(String, Vec<&str>)> = Vec::new();
    for operand in &parsed.operands {
        // A path operand matches the executable (`_EXE=`).
        let (field, value) = match operand.split_once('=') {
            Some((field, value)) => (field.to_ascii_uppercase(), value),
            None => ("_EXE".to_owned(), *operand),
        };
        match matches.iter_mut().find(|(known, _)| *known == field) {
            Some((_, values)) => values.push(value),
            None => matches.push((field, vec![value])),
        }
    }
    // A scope holds processes started elsewhere (a login's shell and the sudo it runs,
    // `systemd-run --scope --unit=NAME`): its entries are theirs, as a session's are.
    let one_source = |value: &str| {
        !value.is_empty()
            && !value.contains(['*', '?', '['])
            && !records_commands_or_logins(value)
            && !value.starts_with("session-")
            && !value.ends_with(".scope")
    };
    every(&units, one_service)
        || every(&identifiers, |identifier| {
            let identifier = identifier.trim_start_matches('=');
            !identifier.is_empty() && !records_commands_or_logins(identifier)
        })
        || matches.iter().any(|(field, values)| {
            (SOURCE_FIELDS.contains(&field.as_str()) && every(values, one_source))
                || (field == "_TRANSPORT" && every(values, |value| value == "kernel"))
        })
        || parsed.has("dmesg")
}

/// Whether a journalctl selection takes the kernel's entries (`-k`, `_TRANSPORT=kernel`,
/// `-t kernel`, `SYSLOG_IDENTIFIER=kernel`, the kern facility); a selection that is not narrowed
/// to a source takes them too, and is judged for that.
fn selects_the_kernel(parsed: &crate::options::Parsed) -> bool {
    let kernel = |value: &str| value.trim_start_matches('=').eq_ignore_ascii_case("kernel");
    parsed.has("dmesg")
        || parsed.values("identifier").any(kernel)
        || parsed.values("facility").any(|list| {
            list.trim_start_matches('=')
                .split(',')
                .any(|f| matches!(f.to_ascii_lowercase().as_str(), "kern" | "0"))
        })
        || parsed.operands.iter().any(|operand| {
            operand.split_once('=').is_some_and(|(field, value)| {
                let field = field.to_ascii_uppercase();
                (matches!(field.as_str(), "_TRANSPORT" | "SYSLOG_IDENTIFIER") && kernel(value))
                    || (field == "SYSLOG_FACILITY" && value == "0")
            })
        })
}

/// Journal fields that describe an entry (its text, priority, source, unit, process ids and
/// times), not a process's command line or environment: what `journalctl -F` and
/// `--output-fields` may name at the low level where nothing contains the command.
const DESCRIBING_FIELDS: &[&str] = &[
    "MESSAGE",
    "MESSAGE_ID",
    "PRIORITY",
    "SYSLOG_IDENTIFIER",
    "SYSLOG_FACILITY",
    "SYSLOG_PID",
    "SYSLOG_TIMESTAMP",
    "CODE_FILE",
    "CODE_LINE",
    "CODE_FUNC",
    "ERRNO",
    "UNIT",
    "USER_UNIT",
    "INVOCATION_ID",
    "JOB_TYPE",
    "JOB_RESULT",
    "EXIT_CODE",
    "EXIT_STATUS",
    "CONTAINER_NAME",
    "CONTAINER_ID",
    "CONTAINER_ID_FULL",
    "CONTAINER_TAG",
    "IMAGE_NAME",
    "_PID",
    "_UID",
    "_GID",
    "_COMM",
    "_EXE",
    "_HOSTNAME",
    "_TRANSPORT",
    "_BOOT_ID",
    "_MACHINE_ID",
    "_SYSTEMD_UNIT",
    "_SYSTEMD_USER_UNIT",
    "_SYSTEMD_SLICE",
    "_SYSTEMD_CGROUP",
    "_SYSTEMD_INVOCATION_ID",
    "_SYSTEMD_OWNER_UID",
    "_SYSTEMD_SESSION",
    "_AUDIT_SESSION",
    "_AUDIT_LOGINUID",
    "_CAP_EFFECTIVE",
    "_SELINUX_CONTEXT",
    "_SOURCE_REALTIME_TIMESTAMP",
    "_SOURCE_MONOTONIC_TIMESTAMP",
    "_KERNEL_DEVICE",
    "_KERNEL_SUBSYSTEM",
    "_UDEV_SYSNAME",
    "_UDEV_DEVNODE",
    "_NAMESPACE",
    "_RUNTIME_SCOPE",
    "_STREAM_ID",
    "_LINE_BREAK",
    "__CURSOR",
    "__REALTIME_TIMESTAMP",
    "__MONOTONIC_TIMESTAMP",
];

/// Whether `systemctl show -p` names a unit's description (`Description=`, in any case): a
/// unit `systemd-run` made up without `--description` is described by its command line
/// (`/usr/bin/mysql -pPASS`), and `--unit=NAME` may give it any name.
fn shows_description(parsed: &crate::options::Parsed) -> bool {
    parsed
        .values("property")
        .chain(parsed.values("P"))
        .flat_map(|list| list.split(','))
        .any(|property| {
            property
                .trim_start_matches('=')
                .to_ascii_lowercase()
                .contains("description")
        })
}

/// Whether `systemctl show -p` names a property holding a command line: `ExecStart=`,
/// `ExecStartPre=`, `ExecReload=`... print each command with its arguments (passwords given
/// on them included); `ExecMainPID=`, `ExecMainStatus=` and the other `ExecMain*` are numbers
/// and times.
fn shows_command_lines(parsed: &crate::options::Parsed) -> bool {
    parsed
        .values("property")
        .chain(parsed.values("P"))
        .flat_map(|list| list.split(','))
        .map(str::to_ascii_lowercase)
        .any(|property| property.starts_with("exec") && !property.starts_with("execmain"))
}

pub fn judge(ctx: &Ctx, name: &str, args: &[String]) -> Option<Judgement> {
    Some(match name {
        "systemctl" => {
            let (mut j, parsed) = judged(
                ctx,
                name,
                args,
                &Spec::gnu(SYSTEMCTL),
                Operands::Inert,
                "reads service state",
            );
            match parsed.operands.first().copied() {
                None if parsed.has("version") || parsed.has("help") => {}
                // `list-units` (the verb when none is given, `--failed` included) prints each
                // unit's description, and a unit `systemd-run` made up is described by its
                // command line (`run-u7.service … /usr/bin/mysql -pPASS`), whatever name
                // `--unit=` gave it: judged as the process listers are.
                None | Some("list-units") => super::cmdlines::raise(
                    ctx,
                    &mut j,
                    "systemctl list-units (each transient unit's description is its command line)",
                ),
                // The service manager's environment holds what was set for every service,
                // secrets included; `show` without a unit prints it as `Environment=`.
                Some("show-environment") => j.raise(
                    RiskLevel::High,
                    "systemctl show-environment prints the service manager's environment, secrets included",
                ),
                Some("show") if shows_properties_by_pattern(&parsed) => j.raise(
                    RiskLevel::High,
                    "systemctl show -p with a pattern may name every property it matches (Environment=, SetCredential=, ExecStart=), secrets included; spell out the properties wanted",
                ),
                Some("show") if parsed.operands.len() == 1 && shows_environment(&parsed) => j
                    .raise(
                        RiskLevel::High,
                        "systemctl show without a unit prints the service manager's environment, secrets included",
                    ),
                // A unit's `Environment=` is handed by D-Bus to anyone who asks, whatever the
                // modes of the drop-in that set it (secrets a root-only override holds, or a
                // transient unit was given): what `busctl introspect` of the unit prints.
                Some("show") if shows_environment(&parsed) => j.raise(
                    RiskLevel::High,
                    "systemctl show of a unit prints its environment (Environment=), secrets included, whatever the modes of the file that set it; name the properties wanted with -p",
                ),
                Some("show") if shows_given_data(&parsed) => j.raise(
                    RiskLevel::High,
                    "systemctl show of StandardInputData= or LogExtraFields= prints data the unit hands its service (a configuration or a key), whatever the modes of the file that set it",
                ),
                // A property named for the machine ID (hostnamed's `MachineID`, should the
                // manager or a unit ever carry one) prints it (`machine_id.rs`).
                Some("show") if shows_machine_id(&parsed) => {
                    super::machine_id::raise(&mut j, "systemctl show of a MachineID property");
                }
                // `ExecStart=` and its kin print the command line each service runs with.
                Some("show") if shows_command_lines(&parsed) => super::cmdlines::raise(
                    ctx,
                    &mut j,
                    "systemctl show of a unit's Exec* properties",
                ),
                // A transient unit's description is its command line.
                Some("show") if shows_description(&parsed) => super::cmdlines::raise(
                    ctx,
                    &mut j,
                    "systemctl show of a unit's Description= (a transient unit's is its command line)",
                ),
                // Mount units generated from /etc/fstab carry its options (`Options=` with a CIFS
                // mount's `password=`), in a directory anyone reads.
                Some("cat") if parsed.operands[1..].iter().any(|unit| mount_unit(unit)) => j.raise(
                    RiskLevel::High,
                    "systemctl cat of a mount unit prints the options /etc/fstab gave it (a CIFS mount's password=)",
                ),
                // Every unit's drop-ins print with it, wherever systemd reads them: a proxy
                // drop-in's `Environment="HTTPS_PROXY=http://user:pass@…"` (docker's guide
                // writes one readable by everyone), an override's `Environment=` secrets.
                // Which drop-ins a unit has cannot be known from the line: judged as reading
                // such a drop-in (`systemctl show -p FragmentPath,DropInPaths` names them).
                Some("cat") => j.raise(
                    RiskLevel::High,
                    "systemctl cat prints each unit with its drop-ins, where proxy passwords and Environment= secrets are kept (a proxy drop-in is readable by everyone); `systemctl show -p DropInPaths UNIT` names them",
                ),
                Some("show") if shows_mount_options(&parsed) => j.raise(
                    RiskLevel::High,
                    "systemctl show -p Options prints a mount's options (a CIFS mount's password=)",
                ),
                // `help UNIT` starts man for each page the unit's Documentation= names (and man
                // its formatters and pager): programs the line does not show.
                Some("help") => j.raise(
                    RiskLevel::Medium,
                    "systemctl help runs man for the pages each unit's Documentation= names, and man runs its formatters and pager",
                ),
                // Its control-group tree lists each process with its command line.
                Some("status") => super::cmdlines::raise(ctx, &mut j, "systemctl status"),
                Some(verb) if SYSTEMCTL_READS.contains(&verb) => {}
                Some(
                    verb @ ("poweroff" | "reboot" | "halt" | "kexec" | "suspend" | "hibernate"
                    | "hybrid-sleep" | "rescue" | "emergency" | "soft-reboot"),
                ) => j.raise(
                    RiskLevel::High,
                    format!("systemctl {verb} stops or restarts the machine"),
                ),
                Some(verb) => j.raise(
                    RiskLevel::High,
                    format!("systemctl {verb} changes services"),
                ),
            }
            j
        }
        "journalctl" => {
            // `-b -1`: a boot offset in the next word belongs to -b.
            let mut joined: Vec<String> = Vec::new();
            let mut words = args.iter().peekable();
            while let Some(word) = words.next() {
                if matches!(word.as_str(), "-b" | "--boot")
                    && let Some(offset) = words.next_if(|next| {
                        next.trim_start_matches(['-', '+'])
                            .chars()
                            .all(|c| c.is_ascii_hexdigit())
                            && !next.trim_start_matches(['-', '+']).is_empty()
                    })
                {
                    joined.push(format!("--boot={offset}"));
                    continue;
                }
                if matches!(word.as_str(), "-n" | "--lines")
                    && let Some(count) = words.next_if(|next| {
                        let digits = next.strip_prefix('+').unwrap_or(next);
                        *next == "all"
                            || (!digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()))
                    })
                {
                    joined.push(format!("--lines={count}"));
                    continue;
                }
                joined.push(word.clone());
            }
            let (mut j, parsed) = judged(
                ctx,
                name,
                &joined,
                &Spec::gnu(JOURNALCTL),
                Operands::Inert,
                "reads logs",
            );
            // `-g` matches with PCRE2, which backtracks (`regexes.rs`).
            super::regexes::require_cheap(
                ctx,
                &mut j,
                "journalctl -g",
                parsed.values("grep"),
                &[super::regexes::Dialect::Perl],
            );
            // Every entry's `_CMDLINE` field is the logging process's command line, and
            // systemd-coredump's entries hold the crashed process's `COREDUMP_CMDLINE` and
            // `COREDUMP_ENVIRON`: `-F` lists a field's values, `--output-fields` prints the
            // fields it names (with `cat` as with the JSON outputs), and the outputs that print
            // every field print them all. Only fields known to describe an entry stay low.
            let unlisted = |field: &str| !DESCRIBING_FIELDS.contains(&field);
            let all_fields = parsed.values("output").any(|mode| {
                matches!(
                    mode,
                    "verbose" | "json" | "json-pretty" | "json-sse" | "json-seq" | "export"
                )
            });
            let chosen: Vec<&str> = parsed
                .values("output-fields")
                .flat_map(|list| list.split(','))
                .collect();
            // The machine ID is in every entry, and in every journal file's header.
            if let Some(field) = parsed
                .values("field")
                .chain(chosen.iter().copied())
                .find(|field| field.eq_ignore_ascii_case(super::machine_id::JOURNAL_FIELD))
            {
                super::machine_id::raise(&mut j, &format!("journalctl's field {field}"));
            } else if all_fields && chosen.is_empty() {
                super::machine_id::raise(&mut j, "journalctl with every field (_MACHINE_ID)");
            }
            if parsed.has("header") {
                super::machine_id::raise(&mut j, "journalctl --header");
            }
            if let Some(field) = parsed
                .values("field")
                .chain(chosen.iter().copied())
                .find(|field| unlisted(field))
            {
                super::cmdlines::raise(ctx, &mut j, &format!("journalctl's field {field}"));
            } else if all_fields && chosen.is_empty() {
                super::cmdlines::raise(
                    ctx,
                    &mut j,
                    "journalctl with every field (_CMDLINE, COREDUMP_ENVIRON)",
                );
            }
            // `-F` lists a field's values in every entry of the journal: sd_journal_query_unique
            // is not narrowed by matches, so `-F MESSAGE` (with `-u nginx` or not) prints every
            // message there is, as a journalctl without a selection does.
            if parsed.values("field").any(|field| field == "MESSAGE") {
                super::cmdlines::raise(
                    ctx,
                    &mut j,
                    "journalctl -F MESSAGE (every message of the whole journal, whatever the matches: sudo's COMMAND= lines and sshd's invalid user names among them)",
                );
            }
            let records = command_records(&parsed);
            let narrow = records.is_none() && narrowed_to_a_source(&parsed);
            // The journal's own files (`-D /var/log/journal`) hold every entry, but print what
            // the selection keeps: a narrow one is judged by what it selects.
            for files in parsed.values("directory").chain(parsed.values("file")) {
                let verdict = if narrow || !prints_entries(&parsed) {
                    ctx.paths.read_journal_selection(files)
                } else {
                    ctx.read(files)
                };
                j.raise_path(verdict);
            }
            if prints_entries(&parsed)
                && selects_the_kernel(&parsed)
                && !super::kernel_log::journal_priorities_above_notice(parsed.values("priority"))
            {
                super::kernel_log::raise(ctx, &mut j, "journalctl's kernel entries");
            }
            // The manager's own lines about a unit `-u` (or a `UNIT=` match) selects describe
            // it, and a unit `systemd-run --unit=NAME` made is described by its command line
            // (`unit_names.rs`): where nothing contains the command, only names packages ship
            // prove otherwise.
            if ctx.paths.uncontained
                && prints_entries(&parsed)
                && let Some(unit) = manager_described_units(&parsed)
                    .find(|unit| !super::unit_names::described_by_its_package(unit))
            {
                let unit = unit.trim_start_matches('=');
                j.raise(
                    RiskLevel::High,
                    format!(
                        "journalctl -u {unit} also prints the service manager's lines about the unit (`Started {unit} - DESCRIPTION`), and a unit `systemd-run --unit={unit}` made is described by its command line, passwords on it included: only names packages ship prove otherwise; `journalctl _SYSTEMD_UNIT={unit}` prints the unit's own output alone"
                    ),
                );
            }
            if let Some(source) = records {
                super::cmdlines::raise(ctx, &mut j, &format!("journalctl {source}"));
            } else if prints_entries(&parsed) && !narrow {
                super::cmdlines::raise(
                    ctx,
                    &mut j,
                    "journalctl without a unit, identifier or -k (its entries include sudo's COMMAND= lines, audit records and sshd's invalid user names)",
                );
            }
            j
        }
        "systemd-cgls" | "systemd-cgtop" => {
            let (mut j, parsed) = judged(
                ctx,
                name,
                args,
                &Spec::gnu(CGLS),
                Operands::Inert,
                "shows control groups",
            );
            // `-d DELAY`: seconds, or a time span with its unit (`500ms`, `2s`, `1min`).
            if name == "systemd-cgtop" {
                for delay in parsed.values("delay") {
                    let (number, unit_s) =
                        [("ms", 0.001), ("us", 0.000_001), ("min", 60.0), ("s", 1.0)]
                            .iter()
                            .find_map(|(unit, scale)| delay.strip_suffix(unit).map(|n| (n, *scale)))
                            .unwrap_or((delay, 1.0));
                    super::intervals::raise(&mut j, "systemd-cgtop -d", number, unit_s);
                }
                let rounds = parsed
                    .values("iterations")
                    .any(|n| super::ending::count(n).is_some_and(|n| n <= 100));
                super::ending::require(ctx, &mut j, rounds, || {
                    "systemd-cgtop without -n COUNT repeats until it is stopped".to_owned()
                });
                // Rounds times the delay between them (1 s by default): `-n 100 -d 60` lasts
                // an hour and a half.
                let delay = parsed
                    .values("delay")
                    .map(|delay| {
                        [("ms", 0.001), ("us", 0.000_001), ("min", 60.0), ("s", 1.0)]
                            .iter()
                            .find_map(|(unit, scale)| delay.strip_suffix(unit).map(|n| (n, *scale)))
                            .map_or_else(
                                || super::ending::seconds(delay),
                                |(n, scale)| n.parse::<f64>().ok().map(|n| n * scale),
                            )
                    })
                    .last()
                    .unwrap_or(Some(1.0));
                let times = parsed
                    .values("iterations")
                    .map(super::ending::count)
                    .last()
                    .flatten();
                if times.is_some() {
                    super::ending::require(
                        ctx,
                        &mut j,
                        super::ending::runs_within(delay, times),
                        || {
                            "systemd-cgtop: its rounds times the delay between them last longer than a run".to_owned()
                        },
                    );
                }
            }
            // systemd-cgls lists each process with its command line; cgtop only groups.
            if name == "systemd-cgls" {
                super::cmdlines::raise(ctx, &mut j, name);
            }
            j
        }
        "service" => {
            let mut j = Judgement::low("reads a service's status");
            match (
                args.first().map(String::as_str),
                args.get(1).map(String::as_str),
            ) {
                (Some("--status-all"), None) => j.raise(
                    RiskLevel::High,
                    "service --status-all runs every init script as root",
                ),
                // On systemd hosts `service NAME status` is `systemctl status NAME`, whose
                // control-group tree prints command lines.
                (Some(service), Some("status")) if plain_name(service) => {
                    super::cmdlines::raise(ctx, &mut j, "service NAME status (systemctl status)");
                }
                (Some(service), Some("status")) => j.raise(
                    RiskLevel::High,
                    format!("service {service}: not a service name; the init script is found by joining it to /etc/init.d (`..` climbs out to any program)"),
                ),
                (Some(service), Some(action)) => j.raise(
                    RiskLevel::High,
                    format!("service {service} {action} changes a service"),
                ),
                _ => j.raise(RiskLevel::Medium, "service without a status action"),
            }
            j
        }
        "nginx" => {
            let (mut j, parsed) = judged(
                ctx,
                name,
                args,
                &Spec::gnu(NGINX),
                Operands::Inert,
                "tests nginx's configuration",
            );
            if !["t", "T", "v", "V", "h"].iter().any(|o| parsed.has(o)) {
                j.raise(
                    RiskLevel::High,
                    "nginx without -t, -T, -v or -V starts a server",
                );
            }
            // `-T` prints every file the configuration includes: as root, the root-only ones
            // too (a header's credentials, a JWT key), which containment's user cannot read,
            // as `systemctl cat` prints root-only drop-ins.
            if ctx.paths.uncontained && parsed.has("T") {
                j.raise(
                    RiskLevel::High,
                    "nginx -T prints every file the configuration includes, root-only ones among them; nothing contains it here (`nginx -t` tests without printing them)",
                );
            }
            // Testing a configuration applies it as far as opening files: as root nginx
            // creates the error and access logs it names (anywhere, as root), the temporary
            // directories, and loads its dynamic modules (code). Contained, those opens are
            // the sandbox's; where nothing contains the command they are the host's. `-v`/`-V`
            // read no configuration.
            if ctx.paths.uncontained && (parsed.has("t") || parsed.has("T")) {
                j.raise(
                    RiskLevel::High,
                    "nginx -t creates the log files and directories its configuration names and loads its modules, as root where nothing contains it; `nginx -v`/`-V` or `systemctl status nginx` do not",
                );
            }
            if ctx.paths.uncontained && (parsed.has("c") || parsed.has("p")) {
                j.raise(
                    RiskLevel::High,
                    "nginx -c/-p loads a configuration (and modules) the line chooses; nothing contains it here",
                );
            }
            j
        }
        "pg_lsclusters" | "pg_isready" | "pg_config" | "pg_controldata" => {
            let (mut j, parsed) = judged(
                ctx,
                name,
                args,
                &Spec::gnu(PG),
                Operands::Names,
                "reads PostgreSQL's state",
            );
            // Only this machine's server: a remote host, or a connection string (which may
            // name one), is a connection to anywhere.
            if let Some(host) = parsed.values("host").find(|h| !local_host(h)) {
                j.raise(
                    RiskLevel::Medium,
                    format!("{name} -h {host} connects to another machine"),
                );
            }
            if let Some(dbname) = parsed
                .values("dbname")
                .find(|d| d.contains(['=', ':', '/', '@']))
            {
                j.raise(
                    RiskLevel::Medium,
                    format!("{name} -d {dbname}: a connection string may name any server"),
                );
            }
            j
        }
        "pg_ctlcluster" => {
            let mut j = Judgement::low("reads a PostgreSQL cluster's status");
            // VERSION and CLUSTER name /etc/postgresql/VERSION/CLUSTER, whose configuration
            // (data directory, pg_ctl options) the status check follows.
            if !args.iter().take(2).all(|word| plain_name(word)) {
                j.raise(
                    RiskLevel::High,
                    "pg_ctlcluster: the version and cluster must be plain names, not paths",
                );
            }
            if args.get(2).map(String::as_str) != Some("status") {
                j.raise(
                    RiskLevel::High,
                    "pg_ctlcluster starts, stops or reloads a cluster",
                );
            }
            // `status` is `pg_ctl status`, which prints the running server's command line
            // (`postmaster.opts`: every `-c name=value` it was started with), as `ps args` does.
            super::cmdlines::raise(ctx, &mut j, "pg_ctlcluster status");
            j
        }
        "psql" | "pg_dump" | "pg_dumpall" | "postgres" | "pg_ctl" => {
            let mut j = Judgement::new(
                RiskLevel::Medium,
                format!("{name} runs SQL, which can change data and run programs"),
            );
            if args.len() == 1 && matches!(args[0].as_str(), "--version" | "-V") {
                j = Judgement::low("prints a version");
            }
            // `pg_ctl status` prints the running server's command line (`postmaster.opts`).
            if name == "pg_ctl" && args.iter().any(|word| word == "status") {
                super::cmdlines::raise(ctx, &mut j, "pg_ctl status");
            } else if name == "pg_ctl" && j.level > RiskLevel::Low {
                // Its other verbs (`stop -m immediate`, `kill`, `promote`, `init`) act on the
                // running server, as `systemctl stop` does: no sandbox holds that server.
                j.raise(
                    RiskLevel::High,
                    "pg_ctl starts, stops, signals, promotes or creates a cluster (only status reads)",
                );
            }
            j
        }
        _ => {
            let (reads, setters) = ctl_verbs(name)?;
            let parsed = parse(args, &Spec::gnu(CTL));
            let mut j = Judgement::low("reads system settings");
            apply(ctx, name, &parsed, Operands::Inert, &mut j);
            match parsed.operands.first().copied() {
                None => {}
                Some(verb) if setters.contains(&verb) => {
                    let limit = if name == "resolvectl" { 2 } else { 1 };
                    if parsed.operands.len() > limit {
                        j.raise(
                            RiskLevel::High,
                            format!("{name} {verb} with a value changes it"),
                        );
                    }
                }
                Some(verb) if reads.contains(&verb) => {}
                Some(verb) => j.raise(RiskLevel::High, format!("{name} {verb} changes the system")),
            }
            // `cat-config NAME` prints /etc/NAME (with /run, /usr/lib and drop-ins), and an
            // absolute NAME as it is: any file, not only configuration.
            if name == "systemd-analyze" && parsed.operands.first() == Some(&"cat-config") {
                // With each file it prints every drop-in of `NAME.d` from /etc, /run and
                // /usr/lib: where `systemctl edit` keeps a unit's `Environment=PASSWORD=…` in
                // a root-only `override.conf`, what `systemctl cat` prints.
                if ctx.paths.uncontained {
                    j.raise(
                        RiskLevel::High,
                        "systemd-analyze cat-config prints configuration with its drop-ins, where root-only overrides hold secrets (Environment=); nothing contains this reader",
                    );
                }
                for operand in parsed.operands.iter().skip(1) {
                    let path = if operand.starts_with('/') {
                        (*operand).to_owned()
                    } else {
                        format!("/etc/{operand}")
                    };
                    j.raise_path(ctx.read(&path));
                }
            }
            // `verify FILE...` loads each unit file (and its drop-ins) and quotes the lines it
            // cannot parse: a reader of the files it names.
            if name == "systemd-analyze" && parsed.operands.first() == Some(&"verify") {
                for operand in parsed.operands.iter().skip(1) {
                    j.raise_path(ctx.read(operand));
                }
                // Unless told `--man=no`, it starts man for each page a unit's Documentation=
                // names, to see that it exists (and man its formatters).
                let no_man = parsed
                    .values("man")
                    .last()
                    .is_some_and(|v| matches!(v, "no" | "false" | "0" | "off"));
                if !no_man {
                    j.raise(
                        RiskLevel::Medium,
                        "systemd-analyze verify runs man for the pages each unit's Documentation= names; --man=no checks without it",
                    );
                }
            } else if parsed.has("man") {
                j.raise(
                    RiskLevel::Medium,
                    format!("{name}: --man is an option of systemd-analyze verify alone"),
                );
            }
            match (name, parsed.operands.first().copied()) {
                ("resolvectl", Some(verb @ ("query" | "service" | "openpgp" | "tlsa"))) => j.raise(
                    RiskLevel::Medium,
                    format!("resolvectl {verb} sends DNS queries, which can carry data out"),
                ),
                ("loginctl", Some(verb @ ("session-status" | "user-status"))) => {
                    super::cmdlines::raise(ctx, &mut j, &format!("loginctl {verb}"));
                }
                // A tree of named services introspects each, which starts the service of a
                // name the bus can activate (`busctl tree org.freedesktop.timedate1`); the tree
                // of every service walks only those already on the bus.
                ("busctl", Some("tree"))
                    if parsed.operands.iter().skip(1).any(|name| {
                        // Always on the bus: the manager, the bus itself, logind.
                        !matches!(
                            *name,
                            "org.freedesktop.systemd1"
                                | "org.freedesktop.DBus"
                                | "org.freedesktop.login1"
                        )
                    }) =>
                {
                    j.raise(
                    RiskLevel::Medium,
                    "busctl tree SERVICE introspects the service, which starts it when the bus can activate it",
                    )
                }
                ("busctl", Some(verb @ ("monitor" | "capture"))) => j.raise(
                    RiskLevel::High,
                    format!("busctl {verb} records every D-Bus message, secrets included"),
                ),
                // Every property with its value: the service manager's `Environment` (what
                // `systemctl show-environment` prints), units' environments and command lines.
                ("busctl", Some("introspect")) => j.raise(
                    RiskLevel::High,
                    "busctl introspect prints every property's value, the service manager's environment and units' environments included",
                ),
                // The manager's state, unit by unit: each unit's execution context with its
                // `Environment:` (secrets set in root-only drop-ins or given to transient units),
                // what `systemctl show UNIT` prints.
                ("systemd-analyze", Some("dump")) => j.raise(
                    RiskLevel::High,
                    "systemd-analyze dump prints every unit's environment, secrets included",
                ),
                // hostnamed's description (`--json`) gives a privileged caller the machine's
                // serial number and product UUID, what `dmidecode -s system-serial-number` reads.
                // Its status (plain, `--json` or not) prints the machine ID, which
                // machine-id(5) calls confidential, as reading /etc/machine-id does
                // (`paths/machine_id.rs`); `hostnamectl hostname`, `chassis`... print one field.
                ("hostnamectl", None | Some("status")) => {
                    super::machine_id::raise(&mut j, "hostnamectl status");
                    if parsed
                        .values("json")
                        .any(|mode| mode.trim_start_matches('=') != "off")
                    {
                        super::serials::raise(ctx, &mut j, "hostnamectl --json (HardwareSerial, ProductUUID)");
                    }
                }
                // `show` prints hostnamed's properties, `MachineID` and `BootID` among them,
                // unless `-p`/`-P` name only properties that identify nothing secret.
                ("hostnamectl", Some("show")) => {
                    if parsed.operands.len() > 1 {
                        j.raise(
                            RiskLevel::High,
                            "hostnamectl show takes no operand; a word after it may be another verb",
                        );
                    }
                    if !hostnamed_harmless_properties(&parsed) {
                        super::machine_id::raise(
                            &mut j,
                            "hostnamectl show (without -p naming only harmless properties: MachineID=, BootID=)",
                        );
                    }
                    if parsed.has("json") {
                        super::serials::raise(ctx, &mut j, "hostnamectl show --json");
                    }
                }
                // The credentials of a bus peer (or the bus owner): its `CommandLine=`.
                ("busctl", Some("status")) => {
                    super::cmdlines::raise(ctx, &mut j, "busctl status (the peer's CommandLine=)");
                }
                _ => {}
            }
            j
        }
    })
}

#[cfg(test)]
mod tests {
    use super::{other_command_logger, transient_unit};

    #[test]
    fn units_systemd_run_makes_up_are_transient() {
        for base in ["run-u7", "run-u123", "run-r0f3a9c2e", "run-p1234-i5678"] {
            assert!(transient_unit(base), "{base}");
        }
        for base in [
            "run-user-1000",
            "runner",
            "run",
            "run-",
            "nginx",
            "run-parts",
        ] {
            assert!(!transient_unit(base), "{base}");
        }
    }

    #[test]
    fn login_and_bootstrap_units_record_what_was_typed_or_printed() {
        for unit in [
            "getty@tty1.service",
            "serial-getty@ttyS0",
            "console-getty.service",
            "autovt@tty2",
            "/bin/login",
            "gdm",
            "lightdm.service",
            "dovecot",
            "sddm-helper",
            "gdm-session-worker",
            "cloud-init-local.service",
            "cloud-final",
            "run-u7.service",
            "run-p12-i34.scope",
        ] {
            assert!(other_command_logger(unit), "{unit}");
        }
        for unit in [
            "nginx",
            "systemd-logind",
            "run-user-1000.mount",
            "loginctl-x",
            "auditd",
        ] {
            assert!(!other_command_logger(unit), "{unit}");
        }
    }
}
