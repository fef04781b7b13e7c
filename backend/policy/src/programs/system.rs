//! Programs that read system state but also have modes that change it: `date` (`-s`, a time
//! operand), `hostname` (a name, `-F`, `-b`), `dmesg` (`-C`, `-c`, `-D`, `-E`, `-n`), `sysctl`
//! (`-w`, `KEY=VALUE`, `-p`, `--system`), `ps` (BSD `e` shows every process's environment),
//! `crontab` (anything but `-l`), `mount`/`swapon` (operands), `sar` (`-o` saves a file),
//! `hwclock`, `smartctl`, `lsof`, `fuser` (`-k` kills), LVM reports.

use super::{Ctx, Judgement, Operands, judged};
use crate::level::RiskLevel;
use crate::options::{
    Opt, Spec, Takes, changes, endless, flag, optional, parse, plain, reads, sizes, value,
};

const DATE: &[Opt] = &[
    value("d|date"),
    reads("f|file"),
    optional("I|iso-8601"),
    flag("R|rfc-email|rfc-2822"),
    value("rfc-3339"),
    reads("r|reference"),
    changes("s|set", Takes::Value, "sets the clock"),
    flag("u|utc|universal"),
    flag("debug"),
    optional("resolution"),
    flag("help"),
    flag("version"),
];
const HOSTNAME: &[Opt] = &[
    flag("a|alias"),
    flag("A|all-fqdns"),
    changes("b|boot", Takes::No, "sets the host name"),
    flag("d|domain"),
    changes("F|file", Takes::Value, "sets the host name from a file"),
    flag("f|fqdn|long"),
    flag("i|ip-address"),
    flag("I|all-ip-addresses"),
    flag("s|short"),
    flag("y|yp|nis"),
    flag("V|version"),
    flag("h|help"),
];
const DMESG: &[Opt] = &[
    changes("C|clear", Takes::No, "clears the kernel log"),
    changes("c|read-clear", Takes::No, "clears the kernel log"),
    changes("D|console-off", Takes::No, "silences the console"),
    changes("E|console-on", Takes::No, "changes console logging"),
    changes("n|console-level", Takes::Value, "changes console logging"),
    // Judged by the level selection (`dmesg` below).
    value("F|file"),
    value("f|facility"),
    value("l|level"),
    flag("H|human"),
    flag("k|kernel"),
    optional("L|color"),
    flag("x|decode"),
    flag("T|ctime"),
    flag("t|notime"),
    flag("r|raw"),
    flag("S|syslog"),
    // The kernel's own log buffer is at most 32 MiB; a larger read buffer only fills memory.
    sizes("s|buffer-size", 32 << 20),
    flag("u|userspace"),
    endless("w|follow", Takes::No, "waits for new kernel messages"),
    endless("W|follow-new", Takes::No, "waits for new kernel messages"),
    flag("e|reltime"),
    flag("d|show-delta"),
    flag("P|nopager"),
    flag("p|force-prefix"),
    flag("J|json"),
    value("since"),
    value("until"),
    value("time-format"),
    flag("h|help"),
    flag("V|version"),
];
const SYSCTL: &[Opt] = &[
    flag("a|A|X|all"),
    flag("n|values"),
    flag("N|names"),
    flag("e|ignore"),
    flag("q|quiet"),
    flag("b|binary"),
    value("r|pattern"),
    flag("deprecated"),
    flag("h|help"),
    flag("V|version"),
    changes("w|write", Takes::No, "changes kernel settings"),
    Opt {
        names: "p|f|load",
        takes: Takes::Optional,
        role: crate::options::Role::Changes("loads kernel settings"),
    },
    changes("system", Takes::No, "loads kernel settings"),
];
/// Kernel settings only root reads that hold a secret: the key of TCP Fast Open's cookies
/// (whoever knows it forges them). `sysctl -a` as root prints it; as containment's user it
/// is refused.
const ROOT_ONLY_SETTINGS: &[&str] = &["net.ipv4.tcp_fastopen_key"];

/// Whether sysctl's `key` (`net.ipv4`, `net/ipv4/tcp_fastopen_key`, a setting or a group of
/// them) prints `setting`.
fn covers_setting(key: &str, setting: &str) -> bool {
    let key = key.replace('/', ".");
    let key = key.trim_matches('.');
    setting == key || setting.starts_with(&format!("{key}."))
}

const CRONTAB: &[Opt] = &[
    flag("l"),
    value("u"),
    changes("r", Takes::No, "removes scheduled jobs"),
    changes("e", Takes::No, "edits scheduled jobs"),
    flag("i"),
    value("s"),
    flag("n"),
    flag("T"),
    flag("V"),
];
const MOUNT: &[Opt] = &[
    flag("l|show-labels"),
    value("t|types"),
    flag("h|help"),
    flag("V|version"),
    flag("v|verbose"),
    changes("a|all", Takes::No, "mounts file systems"),
];
const SWAPON: &[Opt] = &[
    optional("s|summary"),
    optional("show"),
    flag("noheadings"),
    flag("raw"),
    flag("bytes"),
    flag("v|verbose"),
    flag("h|help"),
    flag("V|version"),
    changes("a|all", Takes::No, "enables swap"),
    changes("e|ifexists", Takes::No, "enables swap"),
    changes("d|discard", Takes::Optional, "enables swap"),
    changes("p|priority", Takes::Value, "enables swap"),
    changes("f|fixpgsz", Takes::No, "enables swap"),
];
const SAR: &[Opt] = &[
    flag("A"),
    flag("B"),
    flag("b"),
    // `-d` is a flag (block devices): a value there would hide the interval (`sar -d 1`).
    flag("d"),
    optional("F"),
    flag("H"),
    flag("h"),
    value("I"),
    value("m"),
    value("n"),
    value("P"),
    flag("p"),
    flag("q"),
    optional("r"),
    flag("S"),
    flag("t"),
    optional("u"),
    flag("v"),
    flag("W"),
    flag("w"),
    flag("y"),
    flag("z"),
    // `-s [hh:mm:ss]`, `-e [hh:mm:ss]`: sar takes the next word only when it is a time (see
    // `judge`), so a number after them is the interval (`sar -s 1`).
    optional("e"),
    optional("s"),
    value("i"),
    value("j"),
    reads("f"),
    changes("o", Takes::No, "saves readings to a file"),
    flag("human"),
    flag("pretty"),
    value("dec"),
    value("dev"),
    value("fs"),
    value("iface"),
    value("int"),
    flag("help"),
    flag("V"),
];
const LSOF: &[Opt] = &[
    flag("a"),
    flag("b"),
    flag("C"),
    flag("h"),
    flag("l"),
    flag("n"),
    flag("N"),
    flag("O"),
    flag("P"),
    flag("R"),
    flag("t"),
    flag("U"),
    flag("v"),
    flag("V"),
    flag("X"),
    // Flags: `-w` (no warnings), `-E` (endpoints): a value there would hide the next word
    // (`lsof -w -r 1`).
    flag("w"),
    flag("E"),
    optional("i"),
    value("c"),
    value("d"),
    value("p"),
    value("u"),
    value("k"),
    // lsof's own parser gives these the next word only when it is not an option
    // (`lsof -F pcn`, `lsof -K -r 1`).
    plain("s"),
    plain("S"),
    plain("T"),
    plain("F"),
    plain("g"),
    plain("o"),
    plain("r"),
    plain("x"),
    plain("K"),
    plain("Z"),
];
const FUSER: &[Opt] = &[
    flag("a|all"),
    changes("k|kill", Takes::No, "kills processes"),
    changes("i|interactive", Takes::No, "kills processes"),
    flag("l|list-signals"),
    flag("m|mount"),
    flag("M|ismountpoint"),
    value("n|namespace"),
    flag("s|silent"),
    flag("u|user"),
    flag("v|verbose"),
    flag("w|writeonly"),
    flag("4|ipv4"),
    flag("6|ipv6"),
    flag("V|version"),
];
const HWCLOCK: &[Opt] = &[
    flag("r|show"),
    flag("get"),
    flag("V|version"),
    flag("h|help"),
    flag("u|utc"),
    flag("l|localtime"),
    flag("verbose"),
    flag("test"),
    value("f|rtc"),
    changes("s|hctosys", Takes::No, "sets the system clock"),
    changes("w|systohc", Takes::No, "sets the hardware clock"),
    changes("set", Takes::No, "sets the hardware clock"),
    changes("systz", Takes::No, "sets the system clock"),
    changes("adjust", Takes::No, "adjusts the clock"),
    value("date"),
];
const SMARTCTL: &[Opt] = &[
    flag("a|all"),
    flag("x|xall"),
    flag("i|info"),
    flag("H|health"),
    flag("c|capabilities"),
    flag("A|attributes"),
    value("l|log"),
    value("d|device"),
    value("T|tolerance"),
    value("b|badsum"),
    value("r|report"),
    value("n|nocheck"),
    value("f|format"),
    // `-j` is a flag, `--json[=FLAGS]` takes its flags attached (`smartctl -j -a`).
    optional("j|json"),
    flag("scan"),
    flag("scan-open"),
    value("q|quietmode"),
    flag("h|help"),
    flag("V|version"),
    changes("s|smart", Takes::Value, "changes disk settings"),
    changes("o|offlineauto", Takes::Value, "changes disk settings"),
    changes("S|saveauto", Takes::Value, "changes disk settings"),
    changes("t|test", Takes::Value, "starts a disk self-test"),
    changes("X|abort", Takes::No, "aborts a disk self-test"),
    changes("set", Takes::Value, "changes disk settings"),
];
const LVM_REPORT: &[Opt] = &[
    value("o|options"),
    value("O|sort"),
    flag("a|all"),
    flag("noheadings"),
    value("units"),
    value("separator"),
    value("S|select"),
    flag("v|verbose"),
    value("reportformat"),
    flag("nosuffix"),
    flag("segments"),
    flag("binary"),
    flag("aligned"),
    flag("unbuffered"),
    flag("readonly"),
    flag("m|maps"),
    flag("c|colon"),
    flag("s|short"),
    flag("h|help"),
];

pub fn judge(ctx: &Ctx, name: &str, args: &[String]) -> Option<Judgement> {
    Some(match name {
        "date" => {
            let (mut j, parsed) = judged(
                ctx,
                name,
                args,
                &Spec::gnu(DATE),
                Operands::Inert,
                "shows the time",
            );
            if let Some(operand) = parsed.operands.iter().find(|o| !o.starts_with('+')) {
                j.raise(RiskLevel::High, format!("date {operand} sets the clock"));
            }
            for date in parsed.values("d") {
                super::date_strings::judge(ctx, &mut j, "date -d", date);
            }
            j
        }
        "hostname" | "domainname" | "nisdomainname" | "ypdomainname" | "dnsdomainname" => {
            let why = "sets the host name";
            judged(
                ctx,
                name,
                args,
                &Spec::gnu(HOSTNAME),
                Operands::None(why),
                "shows the host name",
            )
            .0
        }
        "dmesg" => {
            let (mut j, parsed) = judged(
                ctx,
                name,
                args,
                &Spec::gnu(DMESG),
                Operands::Inert,
                "reads the kernel log",
            );
            let prints = !parsed.has("help") && !parsed.has("version");
            let narrow = super::kernel_log::dmesg_levels_above_notice(parsed.values("level"));
            if prints && !narrow {
                super::kernel_log::raise(ctx, &mut j, "dmesg");
            }
            // A saved copy of the kernel log read with a level selection prints what the live
            // log read with it does.
            for file in parsed.values("file") {
                j.raise_path(if narrow {
                    ctx.paths.read_kernel_log_selection(file)
                } else {
                    ctx.read(file)
                });
            }
            j
        }
        "sysctl" => {
            let (mut j, parsed) = judged(
                ctx,
                name,
                args,
                &Spec::gnu(SYSCTL),
                Operands::Inert,
                "reads kernel settings",
            );
            if let Some(setting) = parsed.operands.iter().find(|o| o.contains('=')) {
                j.raise(
                    RiskLevel::High,
                    format!("sysctl {setting} changes a kernel setting"),
                );
            }
            // A key is read as /proc/sys/KEY; with `..` (or an empty part) it names a file
            // anywhere, and procps before 4.0 reads it without checking where it lies.
            for key in &parsed.operands {
                if key.starts_with('/') || key.split(['/', '.']).any(str::is_empty) {
                    j.raise(
                        RiskLevel::High,
                        format!(
                            "sysctl {key} is not a kernel setting's name: it may read any file"
                        ),
                    );
                    j.raise_path(ctx.read(&format!("/proc/sys/{key}")));
                }
            }
            if ctx.paths.uncontained
                && !parsed.has("names")
                && let Some(secret) = ROOT_ONLY_SETTINGS.iter().find(|secret| {
                    parsed.has("all")
                        || parsed
                            .operands
                            .iter()
                            .any(|key| covers_setting(key, secret))
                })
            {
                j.raise(
                    RiskLevel::High,
                    format!("sysctl prints {secret}, a key only root reads (containment's user cannot); nothing contains this command: name the settings wanted"),
                );
            }
            j
        }
        "ps" => ps(ctx, args),
        "crontab" => {
            let (mut j, parsed) = judged(
                ctx,
                name,
                args,
                &Spec::gnu(CRONTAB),
                Operands::None("installs a crontab"),
                "lists scheduled jobs",
            );
            if !parsed.has("l") && !parsed.has("V") && !parsed.has("T") {
                j.raise(
                    RiskLevel::High,
                    "crontab without -l installs a crontab from its input",
                );
            }
            j
        }
        "mount" => {
            judged(
                ctx,
                name,
                args,
                &Spec::gnu(MOUNT),
                Operands::None("mounts a file system"),
                "lists mounts",
            )
            .0
        }
        "swapon" => {
            judged(
                ctx,
                name,
                args,
                &Spec::gnu(SWAPON),
                Operands::None("enables swap"),
                "lists swap",
            )
            .0
        }
        "sar" => {
            let (mut j, parsed) = judged(
                ctx,
                name,
                args,
                &Spec::gnu(SAR),
                Operands::Inert,
                "reads activity",
            );
            // `-s`/`-e` take the next word when it is a time (`hh:mm`, `hh:mm:ss`: sysstat's
            // `parse_timestamp` goes by its length); any other word is an operand.
            let times: Vec<&str> = args
                .windows(2)
                .filter(|pair| {
                    matches!(pair[0].as_str(), "-s" | "-e") && matches!(pair[1].len(), 5 | 8)
                })
                .map(|pair| pair[1].as_str())
                .collect();
            let operands: Vec<&str> = parsed
                .operands
                .iter()
                .copied()
                .filter(|operand| !times.contains(operand))
                .collect();
            super::ending::repeating_reader(ctx, &mut j, name, &operands);
            j
        }
        "lsof" => {
            let (mut j, parsed) = judged(
                ctx,
                name,
                args,
                &Spec::gnu(LSOF).with_numbers(),
                Operands::Names,
                "lists open files",
            );
            // `-i[46][PROTOCOL][@HOST][:PORT]`: lsof looks HOST up.
            let hosts = parsed.values("i").filter_map(lsof_host);
            super::hostnames::raise(&mut j, "lsof -i", hosts);
            // lsof also takes the address as the next word (`lsof -i :80`, `lsof -i @HOST`),
            // which the table reads as an operand: any word with a host after `@` is looked up.
            let operand_hosts = parsed.operands.iter().copied().filter_map(lsof_host);
            super::hostnames::raise(&mut j, "lsof -i", operand_hosts);
            // `-r[t]`/`+r[t]` repeat every t seconds (`t` may carry `m<format>` or `c<count>`
            // after the number).
            // `+r` is read as an operand by the table: taken from the words as they are.
            let plus = args.iter().enumerate().filter_map(|(at, word)| {
                let rest = word.strip_prefix("+r")?;
                Some(if rest.is_empty() {
                    args.get(at + 1)
                        .filter(|next| next.starts_with(|c: char| c.is_ascii_digit()))
                        .map_or("15", String::as_str)
                } else {
                    rest
                })
            });
            // `+D DIR` walks DIR at every depth (read as two operands by the table): from `/`
            // it walks every mounted file system, as `du /` does.
            let walks_root = args
                .windows(2)
                .any(|pair| pair[0] == "+D" && crate::paths::may_be_root(&pair[1]));
            super::ending::require(ctx, &mut j, !walks_root, || {
                "lsof +D / walks every mounted file system; +d (one level) or a deeper directory bounds it".to_owned()
            });
            // `-r` without a number repeats every 15 seconds.
            let minus = parsed
                .found
                .iter()
                .filter(|found| found.opt.is("r"))
                .map(|found| found.value.unwrap_or("15"));
            for repeat in minus.chain(plus) {
                let seconds: String = repeat
                    .chars()
                    .take_while(|c| c.is_ascii_digit() || *c == '.')
                    .collect();
                super::intervals::raise(&mut j, "lsof -r", &seconds, 1.0);
                super::ending::require(ctx, &mut j, false, || {
                    "lsof -r repeats its listing until it is stopped".to_owned()
                });
            }
            j
        }
        "fuser" => {
            let (mut j, parsed) = judged(
                ctx,
                name,
                args,
                &Spec::gnu(FUSER),
                Operands::Names,
                "finds processes using files",
            );
            // `[LOCAL_PORT][,[REMOTE_HOST][,[REMOTE_PORT]]][/PROTOCOL]`: fuser looks
            // REMOTE_HOST up.
            let hosts = parsed.operands.iter().filter_map(|operand| {
                let spec = operand.split_once('/').map_or(*operand, |(spec, _)| spec);
                spec.split(',').nth(1).filter(|host| !host.is_empty())
            });
            super::hostnames::raise(&mut j, name, hosts);
            j
        }
        "hwclock" => {
            judged(
                ctx,
                name,
                args,
                &Spec::gnu(HWCLOCK),
                Operands::Inert,
                "reads the hardware clock",
            )
            .0
        }
        "smartctl" => {
            let (mut j, parsed) = judged(
                ctx,
                name,
                args,
                &Spec::gnu(SMARTCTL),
                Operands::Inert,
                "reads disk health",
            );
            for log in parsed.values("log") {
                if let Some((level, why)) = smartctl_log(log) {
                    j.raise(level, format!("smartctl -l {log} {why}"));
                }
            }
            // The identity section names the drive's serial number and WWN.
            if ["info", "all", "xall"].iter().any(|o| parsed.has(o)) {
                super::serials::raise(ctx, &mut j, "smartctl's identity section");
            }
            // `-r ioctl,2` (`ataioctl`, `scsiioctl`, `nvmeioctl`) prints the device's raw
            // replies, the IDENTIFY data every run asks first (serial number and WWN) among
            // them, whatever the section asked for (`smartctl -r ioctl,2 -H`).
            if parsed.has("report") {
                super::serials::raise(ctx, &mut j, "smartctl -r (the device's raw replies)");
            }
            j
        }
        "lvs" | "vgs" | "pvs" | "lvdisplay" | "vgdisplay" | "pvdisplay" => {
            judged(
                ctx,
                name,
                args,
                &Spec::gnu(LVM_REPORT),
                Operands::Inert,
                "reports volumes",
            )
            .0
        }
        "ulimit" => {
            let parsed = parse(args, &Spec::gnu(&[]));
            let mut j = Judgement::low("shows limits");
            if !parsed.operands.is_empty() {
                j.raise(RiskLevel::Medium, "ulimit with a value sets a limit");
            }
            j
        }
        _ => return None,
    })
}

/// smartctl `-l TYPE[,ARGS]` logs that only read, with whatever arguments they take.
const SMARTCTL_LOGS: &[&str] = &[
    "error",
    "xerror",
    "selftest",
    "xselftest",
    "selective",
    "directory",
    "background",
    "scttemp",
    "scttempsts",
    "scttemphist",
    "devstat",
    "defects",
    "envrep",
    "farm",
    "zdevstat",
    "genstats",
    "ssd",
    "gplog",
    "smartlog",
    "nvmelog",
    "tapealert",
    "tapedevstat",
];
/// smartctl logs that read without arguments but change the drive with them: `scterc,R,W`
/// sets the error recovery timers, `sasphy,reset` and `sataphy,reset` clear the counters.
const SMARTCTL_SETTERS: &[&str] = &["scterc", "sasphy", "sataphy"];

/// Why `smartctl -l VALUE` is not a plain read, if it is not: `-l` also sets drive settings
/// (`scttempint,N[,p]`, `scterc,R,W`, `sataphy,reset`), so only known logs are low.
fn smartctl_log(value: &str) -> Option<(RiskLevel, &'static str)> {
    let (log, arguments) = value.split_once(',').unwrap_or((value, ""));
    if SMARTCTL_LOGS.contains(&log) || (SMARTCTL_SETTERS.contains(&log) && arguments.is_empty()) {
        None
    } else if SMARTCTL_SETTERS.contains(&log) || log == "scttempint" {
        Some((RiskLevel::High, "changes the drive's settings or counters"))
    } else {
        Some((RiskLevel::Medium, "is not a log known to only read"))
    }
}

/// The host of an `lsof -i` address (`TCP@db.example:5432`, `@[::1]:22`), if it names one.
fn lsof_host(address: &str) -> Option<&str> {
    let (_, rest) = address.split_once('@')?;
    let host = match rest.strip_prefix('[') {
        Some(bracketed) => bracketed.split_once(']').map_or(bracketed, |(ip, _)| ip),
        None => rest.split_once(':').map_or(rest, |(host, _)| host),
    };
    (!host.is_empty()).then_some(host)
}

/// ps: BSD options come without a dash (`aux`), UNIX ones with one (`-ef`), GNU long ones
/// with two. None writes or runs anything; BSD `e` prints every process's environment.
pub(super) fn ps(ctx: &Ctx, args: &[String]) -> Judgement {
    let mut j = Judgement::low("lists processes");
    // The `environ` output column (`-o environ`, `o pid,environ`, `--format=environ:80`,
    // attached or not, any case) prints environments like BSD `e`: judged wherever it stands,
    // whatever the option that carries it.
    if let Some(arg) = args
        .iter()
        .find(|arg| arg.to_ascii_lowercase().contains("environ"))
    {
        j.raise(
            RiskLevel::High,
            format!("ps {arg} prints processes' environments (secrets)"),
        );
    }
    let mut takes_value = false;
    for arg in args {
        if takes_value {
            takes_value = false;
            continue;
        }
        if arg.starts_with("--") {
            let name = arg.trim_start_matches('-');
            takes_value = !arg.contains('=') && super::cmdlines::ps_long_takes_value(name);
            continue;
        }
        if let Some(unix) = arg.strip_prefix('-') {
            // `-auxe`: when no user is named `xe`, ps reads it as BSD `auxe`, environments shown.
            if let Some(after_u) = unix.split_once('u').map(|(_, rest)| rest)
                && after_u.contains('e')
            {
                j.raise(
                    RiskLevel::High,
                    format!("ps {arg} may be read as BSD options that print environments"),
                );
            }
            takes_value = unix.chars().last().is_some_and(|c| {
                matches!(
                    c,
                    'o' | 'O' | 'p' | 'q' | 'u' | 'U' | 'g' | 'G' | 't' | 's' | 'C'
                )
            });
            continue;
        }
        // BSD options, read letter by letter as procps reads them: `O`, `o`, `p`, `q`, `t`,
        // `U` and `k` take the rest of the word as their value (`ep1` is `e` and `p 1`), or
        // the next word when nothing follows them. `e` before that prints environments.
        if arg.contains(char::is_whitespace) {
            j.raise(
                RiskLevel::High,
                format!("ps '{arg}': a word with blanks in it cannot be read as ps reads it"),
            );
            continue;
        }
        for (at, letter) in arg.char_indices() {
            if letter == 'e' {
                j.raise(
                    RiskLevel::High,
                    format!("ps {arg} prints processes' environments (secrets)"),
                );
                break;
            }
            if matches!(letter, 'O' | 'o' | 'p' | 'q' | 't' | 'U' | 'k') {
                takes_value = at + letter.len_utf8() == arg.len();
                break;
            }
        }
    }
    if super::cmdlines::ps_shows_command_lines(args) {
        super::cmdlines::raise(ctx, &mut j, &format!("ps {}", args.join(" ")));
    } else if !super::cmdlines::ps_names_its_columns(args) {
        super::cmdlines::raise(
            ctx,
            &mut j,
            &format!(
                "ps {} (without -o its columns are PS_FORMAT's where the remote environment sets one, which may name args)",
                args.join(" ")
            ),
        );
    }
    j
}

#[cfg(test)]
mod tests {
    use super::ps;
    use crate::level::RiskLevel;
    use crate::paths::PathJudge;
    use crate::programs::{Ctx, PathMemo};

    fn words(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_owned).collect()
    }

    /// `ps ARGS`'s level on the host (contained) and on `ssh_exec` (nothing contains it).
    fn levels(line: &str) -> (RiskLevel, RiskLevel) {
        let memo = PathMemo::new(Vec::new());
        let judged = |uncontained| {
            let ctx = Ctx {
                paths: PathJudge {
                    uncontained,
                    ..PathJudge::default()
                },
                depth: 0,
                memo: &memo,
                time_bounded: false,
                globs: &[],
            };
            ps(&ctx, &words(line)).level
        };
        (judged(false), judged(true))
    }

    #[test]
    fn ps_environments_are_secrets() {
        for line in [
            "-eo pid,comm --sort=-%mem",
            "U postgres -o pid,comm",
            "p1e -o comm",
            "axc -o pid,comm",
        ] {
            assert_eq!(levels(line), (RiskLevel::Low, RiskLevel::Low), "ps {line}");
        }
        // Without -o, procps takes the columns from PS_FORMAT where the environment sets it:
        // the remote user's environment may name args there.
        for line in ["axc", "-e", "ucU postgres"] {
            assert_eq!(levels(line), (RiskLevel::Low, RiskLevel::High), "ps {line}");
        }
        for line in [
            "auxe",
            "ep1",
            "ewwp1",
            "e -p 1",
            "-auxe",
            "-e -o environ",
            "-eo pid,environ",
            "-opid,environ:200",
            "o pid,ENVIRON",
            "--format=pid,environ",
            "--format pid,environ",
            "-O environ",
        ] {
            assert_eq!(
                levels(line),
                (RiskLevel::High, RiskLevel::High),
                "ps {line}"
            );
        }
    }

    /// Other processes' command lines: the host's listing is what `ps aux | grep x` is for
    /// (contained, answered redacted); on `ssh_exec` nothing contains it and a human decides.
    #[test]
    fn command_lines_are_high_only_where_nothing_contains_ps() {
        for line in [
            "aux",
            "auxww",
            "-ef",
            "-eo pid,args",
            "ax",
            "-F -p 1",
            "-O rss",
        ] {
            assert_eq!(levels(line), (RiskLevel::Low, RiskLevel::High), "ps {line}");
        }
    }
}
