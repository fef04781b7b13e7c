//! Judging a command line. Every command the line would run is judged on its own and the
//! strictest verdict wins. Read-only commands on an allowlist are `low`; commands that change the
//! system are `high`; destroying a system (recursive deletes of system directories, formatting,
//! raw device writes, kernel modules, fork bombs, killing everything) is `forbidden`; anything
//! unknown is `medium`. Shell syntax makes a line at least `medium`: it never reaches a host shell.

use crate::level::RiskLevel;
use crate::normalize::{Program, Resolved, args, base_name, resolve};
use crate::parse::{Command, commands};

/// A decision with its reason and the part of the line that decided it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub level: RiskLevel,
    pub reason: String,
    /// The command (normalised) the reason is about.
    pub command: String,
}

impl Verdict {
    fn new(level: RiskLevel, reason: impl Into<String>, command: impl Into<String>) -> Self {
        Self {
            level,
            reason: reason.into(),
            command: command.into(),
        }
    }

    fn stricter(self, other: Verdict) -> Verdict {
        if other.level > self.level {
            other
        } else {
            self
        }
    }
}

const MAX_DEPTH: usize = 6;

pub fn classify_command(line: &str) -> Verdict {
    judge_line(line, 0)
}

fn judge_line(line: &str, depth: usize) -> Verdict {
    if line.trim().is_empty() {
        return Verdict::new(RiskLevel::Low, "an empty command runs nothing", "");
    }
    if depth > MAX_DEPTH {
        return Verdict::new(RiskLevel::High, "commands nested too deep to judge", line);
    }
    if is_fork_bomb(line) {
        return Verdict::new(
            RiskLevel::Forbidden,
            "a fork bomb exhausts the machine",
            line,
        );
    }
    let (parts, shell) = match commands(line) {
        Ok(parsed) => parsed,
        Err(why) => {
            return Verdict::new(
                RiskLevel::High,
                format!(
                    "the command cannot be read ({}); a human should look",
                    why.0
                ),
                line,
            );
        }
    };
    let mut verdict = Verdict::new(RiskLevel::Low, "read-only", line);
    if shell {
        verdict = verdict.stricter(Verdict::new(
            RiskLevel::Medium,
            "shell syntax never runs in a host shell; sandbox or approval",
            line,
        ));
    }
    for (index, part) in parts.iter().enumerate() {
        verdict = verdict.stricter(judge_command(part, index > 0 && shell, depth));
    }
    verdict
}

/// `:(){ :|:& };:` and its renamings: a function that pipes into itself in the background.
fn is_fork_bomb(line: &str) -> bool {
    let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    let Some(at) = compact.find("(){") else {
        return false;
    };
    let name: String = compact[..at]
        .chars()
        .rev()
        .take_while(|c| !matches!(c, ';' | '&' | '|' | '{' | '}'))
        .collect::<String>()
        .chars()
        .rev()
        .collect();
    let name = name.trim_start_matches("function");
    !name.is_empty() && compact.contains(&format!("{name}|{name}&"))
}

const BLOCK_DEVICES: &[&str] = &[
    "/dev/sd",
    "/dev/hd",
    "/dev/vd",
    "/dev/xvd",
    "/dev/nvme",
    "/dev/mmcblk",
    "/dev/md",
    "/dev/dm-",
    "/dev/mapper/",
    "/dev/mem",
    "/dev/kmem",
    "/dev/port",
    "/dev/disk/",
];
const SYSTEM_DIRS: &[&str] = &[
    "/", "/bin", "/boot", "/dev", "/etc", "/home", "/lib", "/lib64", "/opt", "/proc", "/root",
    "/sbin", "/srv", "/sys", "/usr", "/var", "~",
];
const AUTH_FILES: &[&str] = &[
    "/etc/passwd",
    "/etc/shadow",
    "/etc/group",
    "/etc/gshadow",
    "/etc/sudoers",
];

fn is_block_device(path: &str) -> bool {
    BLOCK_DEVICES.iter().any(|d| path.starts_with(d))
}

/// `/`, `/*`, `/etc`, `/etc/`, `/etc/*`, `/..`, `~/`: a whole system tree.
fn is_system_tree(path: &str) -> bool {
    let trimmed = path.trim_end_matches('*').trim_end_matches('/');
    let trimmed = if trimmed.is_empty() { "/" } else { trimmed };
    let collapsed = if trimmed.chars().all(|c| c == '/' || c == '.') {
        "/"
    } else {
        trimmed
    };
    SYSTEM_DIRS.contains(&collapsed) || path == "/*" || path.starts_with("/..") || path == "~/"
}

fn is_secret(path: &str) -> bool {
    warden_secrets::sensitive_path(std::path::Path::new(path)).is_some()
}

fn judge_command(command: &Command, in_pipeline: bool, depth: usize) -> Verdict {
    let mut verdict = Verdict::new(RiskLevel::Low, "read-only", command.words.join(" "));
    for target in &command.writes_to {
        let level_reason = if is_block_device(target) {
            (
                RiskLevel::Forbidden,
                format!("writes raw bytes to the device {target}"),
            )
        } else if AUTH_FILES.iter().any(|f| target == f) {
            (
                RiskLevel::Forbidden,
                format!("overwrites the account database {target}"),
            )
        } else if target == "/dev/null" || target.starts_with("/dev/std") {
            (RiskLevel::Low, "discards output".to_owned())
        } else {
            (RiskLevel::High, format!("writes to {target}"))
        };
        verdict = verdict.stricter(Verdict::new(
            level_reason.0,
            level_reason.1,
            format!("> {target}"),
        ));
    }
    if command.words.is_empty() {
        return verdict;
    }
    let judged = match resolve(&command.words) {
        None => Verdict::new(
            RiskLevel::High,
            "too many wrappers to see the command",
            command.words.join(" "),
        ),
        Some(Resolved::Shell { text, elevated }) => {
            let inner = judge_line(&text, depth + 1);
            if elevated && inner.level < RiskLevel::High {
                Verdict::new(
                    RiskLevel::High,
                    format!("runs as root: {}", inner.reason),
                    inner.command,
                )
            } else {
                inner.stricter(Verdict::new(
                    RiskLevel::Medium,
                    "a shell payload runs only in the sandbox or with approval",
                    text,
                ))
            }
        }
        Some(Resolved::Code { interpreter, .. }) => Verdict::new(
            RiskLevel::High,
            format!("{interpreter} with inline code can do anything; a human should read it"),
            command.words.join(" "),
        ),
        Some(Resolved::Program(program)) => {
            let mut judged = judge_program(&program, in_pipeline);
            if program.elevated && judged.level < RiskLevel::High {
                judged = Verdict::new(
                    RiskLevel::High,
                    format!("runs as root ({})", judged.reason),
                    judged.command,
                );
            }
            judged
        }
    };
    verdict.stricter(judged)
}

fn shown(program: &Program) -> String {
    std::iter::once(program.name.clone())
        .chain(program.args.iter().cloned())
        .collect::<Vec<_>>()
        .join(" ")
}

fn judge_program(program: &Program, in_pipeline: bool) -> Verdict {
    use RiskLevel::{Forbidden, High, Low, Medium};
    let name = program.name.as_str();
    let a = args(&program.args);
    let text = shown(program);
    let has = |c: char| a.short.contains(&c);
    let long = |l: &str| a.long.contains(l);
    let first = a.operands.first().map(String::as_str).unwrap_or("");
    let v = |level, reason: &str| Verdict::new(level, reason, text.clone());
    match name {
        // Destroying the system.
        "rm" | "unlink" | "rmdir" => {
            let recursive = has('r') || has('R') || long("recursive");
            if long("no-preserve-root") {
                v(Forbidden, "rm --no-preserve-root deletes the whole system")
            } else if recursive && a.operands.iter().any(|o| is_system_tree(o)) {
                v(Forbidden, "recursive delete of a system directory")
            } else {
                v(High, "deletes files")
            }
        }
        "mkfs" | "mke2fs" | "mkswap" | "wipefs" | "sfdisk" | "fdisk" | "cfdisk" | "gdisk"
        | "sgdisk" | "parted" | "blkdiscard" | "mkntfs" | "mkdosfs" | "zpool" => {
            v(Forbidden, "formats or repartitions disks")
        }
        n if n.starts_with("mkfs") => v(Forbidden, "formats disks"),
        "dd" => {
            let output = program.args.iter().find_map(|arg| arg.strip_prefix("of="));
            match output {
                Some(target) if is_block_device(target) => {
                    v(Forbidden, "writes raw bytes to a disk")
                }
                Some(_) => v(High, "dd writes a file"),
                None => v(Medium, "dd reads raw data"),
            }
        }
        "shred" if a.operands.iter().any(|o| is_block_device(o)) => v(Forbidden, "shreds a disk"),
        "shred" | "srm" => v(High, "destroys files"),
        "insmod" | "rmmod" | "modprobe" | "kexec" | "depmod" => {
            v(Forbidden, "loads or removes kernel code")
        }
        "chmod" | "chown" | "chgrp" | "setfacl" => {
            if (has('R') || long("recursive"))
                && a.operands
                    .iter()
                    .skip(if name == "setfacl" { 0 } else { 1 })
                    .any(|o| is_system_tree(o))
            {
                v(
                    Forbidden,
                    "recursively changes permissions of a system directory",
                )
            } else {
                v(High, "changes permissions or ownership")
            }
        }
        "kill" | "pkill" | "killall" | "killall5" | "skill" => {
            if name == "killall5"
                || a.operands.iter().any(|o| o == "-1" || o == "1")
                || program.args.iter().any(|x| x == "-1") && a.operands.is_empty()
            {
                v(Forbidden, "signals every process or init")
            } else {
                v(High, "signals processes")
            }
        }
        "mv" if a.operands.iter().any(|o| is_system_tree(o)) => {
            v(Forbidden, "moves a system directory")
        }
        "reboot" | "shutdown" | "halt" | "poweroff" | "telinit" => {
            v(High, "stops or restarts the machine")
        }
        "init" if first == "0" || first == "6" => v(High, "stops or restarts the machine"),
        "systemctl" => match first {
            "" | "status" | "is-active" | "is-enabled" | "is-failed" | "list-units"
            | "list-unit-files" | "list-timers" | "show" | "cat" | "list-dependencies" => {
                v(Low, "reads service state")
            }
            "poweroff" | "reboot" | "halt" | "kexec" | "suspend" | "hibernate" | "rescue"
            | "emergency" => v(High, "stops or restarts the machine"),
            _ => v(High, "changes services"),
        },
        "journalctl"
            if long("vacuum-size")
                || long("vacuum-time")
                || long("vacuum-files")
                || long("rotate")
                || long("flush") =>
        {
            v(High, "deletes or rotates logs")
        }
        "journalctl" => v(Low, "reads logs"),
        "iptables" | "ip6tables" | "nft" | "ufw" | "firewall-cmd" => {
            if has('L') || long("list") || first == "list" || first == "status" {
                v(Low, "reads firewall rules")
            } else {
                v(High, "changes the firewall")
            }
        }
        "useradd" | "userdel" | "usermod" | "groupadd" | "groupdel" | "passwd" | "chpasswd"
        | "visudo" | "vipw" | "adduser" | "deluser" => v(High, "changes accounts"),
        "crontab" if has('r') || has('e') || !a.operands.is_empty() => {
            v(High, "changes scheduled jobs")
        }
        "crontab" => v(Low, "reads scheduled jobs"),
        "mount" | "umount" | "swapoff" | "swapon" if !a.operands.is_empty() || has('a') => {
            v(High, "changes mounts")
        }
        "mount" | "swapon" => v(Low, "lists mounts"),
        "apt" | "apt-get" | "dpkg" | "yum" | "dnf" | "zypper" | "pacman" | "snap" | "pip"
        | "pip3" | "npm" | "gem" | "cargo" | "apk" => match first {
            "list" | "show" | "search" | "info" | "policy" | "-l" | "freeze" | "ls"
            | "outdated" => v(Low, "reads packages"),
            _ if name == "dpkg" && (has('l') || has('L') || has('s')) => v(Low, "reads packages"),
            _ => v(High, "installs or removes software"),
        },
        "docker" | "podman" | "nerdctl" => {
            let sub = first;
            let second = a.operands.get(1).map(String::as_str).unwrap_or("");
            match sub {
                "ps" | "logs" | "inspect" | "images" | "stats" | "info" | "version" | "top"
                | "port" | "events" | "diff" | "history" => v(Low, "reads containers"),
                "compose"
                    if matches!(
                        second,
                        "ps" | "logs" | "config" | "images" | "top" | "version"
                    ) =>
                {
                    v(Low, "reads containers")
                }
                "system" | "image" | "container" | "volume" | "network" | "builder"
                    if matches!(second, "ls" | "inspect" | "df" | "info") =>
                {
                    v(Low, "reads containers")
                }
                "run" | "exec"
                    if program.args.iter().any(|x| {
                        x == "--privileged"
                            || x.starts_with("--pid=host")
                            || x.starts_with("-v=/:")
                            || x.starts_with("/:/")
                    }) =>
                {
                    v(High, "a privileged container can take over the host")
                }
                _ => v(High, "changes containers"),
            }
        }
        "git" => match first {
            "status" | "log" | "diff" | "show" | "branch" | "remote" | "rev-parse" | "describe"
            | "ls-files" | "blame" | "shortlog" | "tag" | "config"
                if name == "git" =>
            {
                if first == "config" && !(has('l') || long("list") || long("get")) {
                    v(High, "changes git configuration")
                } else {
                    v(Low, "reads the repository")
                }
            }
            "reset" if long("hard") => v(High, "discards work"),
            "clean" | "push" | "reset" | "checkout" | "rebase" | "merge" | "pull" | "commit"
            | "stash" | "restore" | "rm" => v(High, "changes the repository"),
            _ => v(Medium, "git command"),
        },
        "find" => {
            let acting = program.args.iter().any(|x| {
                matches!(
                    x.as_str(),
                    "-delete"
                        | "-exec"
                        | "-execdir"
                        | "-ok"
                        | "-okdir"
                        | "-fprint"
                        | "-fprintf"
                        | "-fls"
                )
            });
            if acting {
                v(High, "find that deletes or runs commands")
            } else {
                v(Low, "finds files")
            }
        }
        "sed" if has('i') || long("in-place") => v(High, "edits files in place"),
        "sed" => v(Low, "filters text"),
        "tee" | "truncate" | "cp" | "mv" | "install" | "ln" | "touch" | "mkdir" | "rsync"
        | "scp" | "sftp" | "tar" | "unzip" | "gzip" | "gunzip" | "xz" | "zip" => {
            // tar's old-style flags come without a dash: `tar tzf x`.
            let old_style = a.operands.first().filter(|f| {
                !program.args.first().is_some_and(|x| x.starts_with('-'))
                    && f.chars().all(|c| c.is_ascii_alphabetic())
            });
            let lists = has('t')
                || long("list")
                || old_style.is_some_and(|f| f.contains('t') && !f.contains(['x', 'c', 'r', 'u']));
            if name == "tar" && lists {
                v(Low, "lists an archive")
            } else {
                v(High, "writes files")
            }
        }
        "nc" | "ncat" | "netcat" | "socat" | "telnet" => {
            if has('e')
                || has('c')
                || program.args.iter().any(|x| {
                    x.to_lowercase().starts_with("exec:") || x.to_lowercase().starts_with("system:")
                })
            {
                v(Forbidden, "opens a shell to the network")
            } else {
                v(Medium, "raw network connection")
            }
        }
        "curl" | "wget" => v(Medium, "network transfer"),
        "ssh" => v(High, "runs commands on another host"),
        "sh" | "bash" | "dash" | "zsh" | "ksh" | "ash" | "fish"
            if in_pipeline || a.operands.is_empty() =>
        {
            v(High, "runs code from a pipe or a prompt")
        }
        "sh" | "bash" | "dash" | "zsh" | "ksh" | "ash" | "fish" => v(High, "runs a script"),
        "cat" | "head" | "tail" | "less" | "more" | "strings" | "xxd" | "hexdump" | "od"
        | "base64" | "grep" | "egrep" | "fgrep" | "rg" | "zcat" | "zgrep" | "bat" => {
            if a.operands.iter().any(|o| is_secret(o)) {
                v(High, "reads secrets")
            } else {
                v(Low, "reads files")
            }
        }
        // Read-only inspection.
        "ls" | "ll" | "dir" | "tree" | "stat" | "file" | "wc" | "sort" | "uniq" | "cut" | "tr"
        | "column" | "jq" | "yq" | "diff" | "cmp" | "md5sum" | "sha1sum" | "sha256sum" | "df"
        | "du" | "free" | "uptime" | "uname" | "hostname" | "hostnamectl" | "id" | "whoami"
        | "who" | "w" | "last" | "date" | "ps" | "top" | "htop" | "pgrep" | "pidof" | "lsof"
        | "ss" | "netstat" | "ping" | "dig" | "nslookup" | "host" | "traceroute" | "tracepath"
        | "printenv" | "echo" | "printf" | "pwd" | "which" | "whereis" | "type" | "lsblk"
        | "blkid" | "findmnt" | "dmesg" | "vmstat" | "iostat" | "mpstat" | "sar" | "nproc"
        | "lscpu" | "lsusb" | "lspci" | "lsmod" | "sensors" | "nvidia-smi" | "getent"
        | "realpath" | "readlink" | "basename" | "dirname" | "true" | "false" | "test" | "["
        | "sleep" | "seq" | "timedatectl" | "locale" | "ulimit" | "arch" | "env" | "groups"
        | "quota" | "iotop" | "ifconfig" | "route" | "arp" | "resolvectl" | "cal" | "fc-list"
        | "getconf" => v(Low, "reads system state"),
        "ip" => {
            if program.args.iter().any(|x| {
                matches!(
                    x.as_str(),
                    "add" | "del" | "delete" | "set" | "change" | "replace" | "flush" | "append"
                )
            }) {
                v(High, "changes network configuration")
            } else {
                v(Low, "reads network configuration")
            }
        }
        "kubectl" => match first {
            "get" | "describe" | "logs" | "top" | "version" | "explain" | "api-resources"
            | "config" => v(Low, "reads the cluster"),
            _ => v(High, "changes the cluster"),
        },
        _ => Verdict::new(
            Medium,
            format!("'{}' is not a known read-only command", base_name(name)),
            text,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fork_bombs_in_any_name() {
        assert!(is_fork_bomb(":(){ :|:& };:"));
        assert!(is_fork_bomb("bomb() { bomb | bomb & }; bomb"));
        assert!(!is_fork_bomb("f() { echo hi; }; f"));
    }
}
