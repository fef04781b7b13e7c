//! Properties of the classifier under the ways a command can be respelled: option order
//! (options before or after operands), short options combined or separated, long options
//! abbreviated, values attached with `=`, in the same word or in the next one, quoting of any
//! word, harmless wrappers, and path spellings (`//`, `/./`, `..`, trailing slashes). Benign
//! forms of allowlisted programs stay low under all of it; a dangerous option or path anywhere
//! makes the line high (or forbidden), never low.

use proptest::prelude::*;
use warden_policy::{RiskLevel, classify_command};

/// A program with alternative spellings of each of its harmless options, its operands, and
/// whether options may follow operands (GNU permutation).
struct Form {
    program: &'static str,
    options: &'static [&'static [&'static str]],
    operands: &'static [&'static str],
    permute: bool,
}

const BENIGN: &[Form] = &[
    Form {
        program: "cat",
        options: &[
            &["-n", "--number"],
            &["-s", "--squeeze-blank", "--sq"],
            &["-E", "--show-ends", "--show-e"],
        ],
        operands: &["/var/log/syslog", "/etc/hostname"],
        permute: true,
    },
    Form {
        program: "head",
        options: &[
            &["-n 5", "-n5", "--lines=5", "--lines 5", "--li=5", "-5"],
            &["-q", "--quiet", "--silent"],
        ],
        operands: &["/var/log/syslog"],
        permute: true,
    },
    Form {
        program: "tail",
        options: &[
            &["-n 50", "-n50", "--lines=50", "--lin 50", "-50"],
            &["-v", "--verbose"],
        ],
        operands: &["/var/log/nginx/error.log"],
        permute: true,
    },
    Form {
        program: "ls",
        options: &[
            &["-l"],
            &["-a", "--all"],
            &["-h", "--human-readable", "--human"],
            &["--color=never", "--colo=never", "--colour=never"],
            &["-t"],
            &["-r", "--reverse", "--rev"],
        ],
        operands: &["/var/log", "/etc/nginx/"],
        permute: true,
    },
    Form {
        program: "grep",
        options: &[
            &["-i", "--ignore-case", "--ignore-c"],
            &["-n", "--line-number", "--line-n"],
            &["-C 2", "-C2", "--context=2", "--context 2", "-2"],
            &["-e error", "--regexp=error", "--regexp error"],
        ],
        operands: &["/var/log/syslog"],
        permute: true,
    },
    Form {
        program: "sort",
        options: &[
            &["-n", "--numeric-sort", "--numeric"],
            &["-r", "--reverse"],
            &["-k 2", "-k2", "--key=2", "--key 2"],
            &["-t :", "-t:", "--field-separator=:"],
            &["-u", "--unique"],
        ],
        operands: &["/etc/passwd"],
        permute: true,
    },
    Form {
        program: "sed",
        options: &[
            &["-n", "--quiet", "--silent"],
            &["-E", "-r", "--regexp-extended"],
            &["-s", "--separate"],
            &["-u", "--unbuffered"],
        ],
        operands: &["1,5p", "/etc/ssh/sshd_config"],
        permute: true,
    },
    Form {
        program: "df",
        options: &[
            &["-h", "--human-readable", "--human"],
            &["-T", "--print-type", "--print-t"],
            &["-x tmpfs", "-xtmpfs", "--exclude-type=tmpfs"],
        ],
        operands: &["/", "/var/"],
        permute: true,
    },
    Form {
        program: "journalctl",
        options: &[
            &["-u nginx", "-unginx", "--unit=nginx", "--unit nginx"],
            &["-n 50", "--lines=50"],
            &["--no-pager", "--no-pa"],
            &["-p err", "--priority=err"],
            &["-o short-iso", "--output=short-iso"],
        ],
        operands: &[],
        permute: true,
    },
    Form {
        program: "dmesg",
        options: &[
            &["-T", "--ctime", "--ct"],
            &["-l err", "--level=err", "--level err"],
            &["-H", "--human"],
        ],
        operands: &[],
        permute: true,
    },
    Form {
        program: "find",
        options: &[
            &["-name '*.gz'"],
            &["-mtime +7"],
            &["-type f"],
            &["-maxdepth 2"],
            &["-print"],
        ],
        // Not /var/log: a walk of it prints /var/log/journal/MACHINE_ID (paths/machine_id.rs).
        operands: &["/var/log/nginx"],
        permute: false,
    },
    Form {
        program: "du",
        options: &[
            &["-s", "--summarize", "--summ"],
            &["-h", "--human-readable"],
            &["-x", "--one-file-system"],
            &["-d 1", "-d1", "--max-depth=1"],
        ],
        // Not /var/log: `du` without `-s` prints /var/log/journal/MACHINE_ID.
        operands: &["/var/log/nginx", "/srv/"],
        permute: true,
    },
    Form {
        program: "ss",
        options: &[
            &["-t", "--tcp"],
            &["-l", "--listening", "--listen"],
            &["-n", "--numeric"],
            &["-p", "--processes", "--proc"],
        ],
        operands: &[],
        permute: true,
    },
    Form {
        program: "date",
        options: &[
            &["-u", "--utc", "--universal"],
            &["-R", "--rfc-email"],
            &["-d yesterday", "--date=yesterday", "--date yesterday"],
        ],
        operands: &["+%F"],
        permute: true,
    },
    Form {
        program: "wc",
        options: &[
            &["-l", "--lines"],
            &["-c", "--bytes", "--byt"],
            &["-w", "--words"],
        ],
        operands: &["/var/log/auth.log"],
        permute: true,
    },
];

/// A program with a dangerous option or operand, the harmless options around it, and the
/// least level the line must get.
struct Danger {
    program: &'static str,
    options: &'static [&'static [&'static str]],
    dangerous: &'static [&'static str],
    operands: &'static [&'static str],
    least: RiskLevel,
}

const DANGERS: &[Danger] = &[
    Danger {
        program: "sed",
        options: &[&["-n", "--quiet"], &["-E", "--regexp-extended"]],
        dangerous: &[
            "-i",
            "--in-place",
            "--in-pl",
            "--in-place=",
            "-i.bak",
            "--in-place=.bak",
        ],
        operands: &["d", "/proc/self/root/etc//passwd"],
        least: RiskLevel::Forbidden,
    },
    Danger {
        program: "kubectl",
        options: &[
            &["-n default", "--namespace=default"],
            &["-A", "--all-namespaces"],
        ],
        dangerous: &[
            "-o yaml",
            "-oyaml",
            "-o=json",
            "--output=json",
            "--output jsonpath={.data}",
        ],
        operands: &["get", "Secret.v1."],
        least: RiskLevel::High,
    },
    Danger {
        program: "sed",
        options: &[&["-n", "--quiet"], &["-E", "--regexp-extended"]],
        dangerous: &[
            "-i",
            "--in-place",
            "--in-pl",
            "--in",
            "-i.bak",
            "--in-place=.bak",
            "-e 1e",
            "--expression=s/x/y/e",
            "-e 'w /tmp/x'",
            "--expression='1r /etc/shadow'",
        ],
        operands: &["/etc/hostname"],
        least: RiskLevel::High,
    },
    Danger {
        program: "sort",
        options: &[&["-n", "--numeric-sort"], &["-r", "--reverse"]],
        dangerous: &[
            "-o /tmp/x",
            "-o/tmp/x",
            "--output=/tmp/x",
            "--output /tmp/x",
            "--out=/tmp/x",
            "--outp /tmp/x",
            "--compress-program=x",
            "--compress=x",
            "--compress-p x",
        ],
        operands: &["/etc/hostname"],
        least: RiskLevel::High,
    },
    Danger {
        program: "tar",
        options: &[
            &["-t", "--list"],
            &["-v", "--verbose"],
            &[
                "-f backup.tar",
                "-fbackup.tar",
                "--file=backup.tar",
                "--file backup.tar",
            ],
        ],
        dangerous: &[
            "-I x",
            "-Ix",
            "--use-compress-program=x",
            "--use-compress-program x",
            "--use=x",
            "--checkpoint-action=exec=x",
            "--checkpoint-a=exec=x",
            "--to-command=x",
            "--to-c=x",
            "--remove-files",
            "-x",
            "--extract",
            "--get",
        ],
        operands: &[],
        least: RiskLevel::High,
    },
    Danger {
        program: "find",
        options: &[&["-name x"], &["-type f"]],
        dangerous: &[
            "-delete",
            "-fprint /tmp/x",
            "-fprint0 /tmp/x",
            "-fls /tmp/x",
            "-fprintf /tmp/x %p",
            "-exec rm {} ;",
            "-execdir rm {} +",
            "-ok rm {} ;",
            "-okdir rm {} ;",
        ],
        operands: &["/var/log"],
        least: RiskLevel::High,
    },
    Danger {
        program: "journalctl",
        options: &[&["-u nginx", "--unit=nginx"], &["--no-pager"]],
        dangerous: &[
            "--vacuum-size=1K",
            "--vacuum-s=1K",
            "--vacuum-size 1K",
            "--vacuum-time=1s",
            "--vacuum-t 1s",
            "--vacuum-files=1",
            "--rotate",
            "--rot",
            "--flush",
            "--flu",
            "--relinquish-var",
            "--setup-keys",
            "--cursor-file=/tmp/x",
        ],
        operands: &[],
        least: RiskLevel::High,
    },
    Danger {
        program: "dmesg",
        options: &[&["-T", "--ctime"], &["-H", "--human"]],
        dangerous: &[
            "-C",
            "--clear",
            "--cle",
            "-c",
            "--read-clear",
            "-D",
            "--console-off",
            "-E",
            "--console-on",
            "-n 1",
            "-n1",
            "--console-level=1",
        ],
        operands: &[],
        least: RiskLevel::High,
    },
    Danger {
        program: "date",
        options: &[&["-u", "--utc"]],
        dangerous: &[
            "-s 12:00",
            "-s12:00",
            "--set=12:00",
            "--set 12:00",
            "--se=12:00",
            "010100002020",
        ],
        operands: &[],
        least: RiskLevel::High,
    },
    Danger {
        program: "git",
        options: &[],
        dangerous: &[
            "log --output=/tmp/x",
            "log --out=/tmp/x",
            "diff --ext-diff",
            "diff --ext",
            "log --textconv",
            "-c core.pager=x log",
            "-ccore.pager=x status",
            "--exec-path=/tmp status",
            "branch -D main",
            "branch --delete main",
            "push --force",
            "reset --hard",
            "-C /srv/app reset --hard",
            "--git-dir=/srv/app/.git push -f",
        ],
        operands: &[],
        least: RiskLevel::High,
    },
    Danger {
        program: "cat",
        options: &[&["-n", "--number"], &["-A", "--show-all"]],
        dangerous: &[
            "/etc/shadow",
            "/etc//shadow",
            "/etc/./shadow",
            "/etc/../etc/shadow",
            "//etc/shadow/",
            "/etc/shadow-",
            "/etc/shadow.bak",
            "/var/backups/shadow.bak~",
            "/root/.ssh/id_rsa",
            "/root//.ssh/./id_ed25519",
            "/home/a/.ssh/../.ssh/id_rsa",
            "/srv/app/.env",
            "/dev/sda",
            "/proc/1234/fd/3",
        ],
        operands: &[],
        least: RiskLevel::High,
    },
    Danger {
        program: "head",
        options: &[&["-n 5", "--lines=5"]],
        dangerous: &[
            "/proc/1/environ",
            "/proc/self/environ",
            "/proc//1/./environ",
            "/proc/thread-self/environ",
            "/proc/1/task/1/environ",
            "/proc/1/mem",
            "/proc/01/environ",
        ],
        operands: &[],
        least: RiskLevel::Forbidden,
    },
    Danger {
        program: "rm",
        options: &[&["-f", "--force", "--for"], &["-v", "--verbose"]],
        dangerous: &[
            "-r /",
            "-R //",
            "--recursive /usr/../",
            "--recur /etc/",
            "-r /./etc",
            "-r /var/lib/",
            "--no-preserve-root /tmp/x",
            "--no-pres /tmp/x",
        ],
        operands: &[],
        least: RiskLevel::Forbidden,
    },
    Danger {
        program: "git",
        options: &[],
        dangerous: &[
            "log -p",
            "log --patch",
            "log --pat",
            "log -u",
            "log --patch-with-stat",
            "log -p -- .",
            "-C /srv/app log -p",
            "show",
            "show HEAD~1",
            "diff",
            "diff HEAD~3",
            "grep token",
            "archive HEAD",
            "cat-file -p HEAD",
            "stash show -p",
            "ls-remote origin",
        ],
        operands: &[],
        least: RiskLevel::Medium,
    },
    Danger {
        program: "git",
        options: &[],
        dangerous: &[
            "config -l",
            "config --list",
            "config --li",
            "config list",
            "config --get-regexp .",
            "config --get-re .",
            "config http.extraheader",
            "config --get credential.helper",
            "-C /srv/app config -l",
            "ls-remote ext::sh",
            "ls-remote fd::3",
            "remote show ext::sh",
            "fetch ext::sh",
        ],
        operands: &[],
        least: RiskLevel::High,
    },
    Danger {
        program: "grep",
        options: &[&["-n", "--line-number"], &["-i", "--ignore-case"]],
        dangerous: &[
            "-r",
            "-R",
            "--recursive",
            "--recur",
            "--dereference-recursive",
            "--deref",
            "-d recurse",
            "--directories=recurse",
            "--dir=rec",
        ],
        operands: &["/root", "/etc"],
        least: RiskLevel::High,
    },
    Danger {
        program: "diff",
        options: &[&["-u", "--unified"], &["-q", "--brief"]],
        dangerous: &["-r", "--recursive", "--recur", "-rN"],
        operands: &["/etc", "/root"],
        least: RiskLevel::High,
    },
    Danger {
        program: "nice",
        options: &[],
        dangerous: &[
            "-n -20",
            "-n-5",
            "--adjustment=-5",
            "--adj=-1",
            "--adjustment -1",
            "--5",
            "-n 5 chrt -f 1",
        ],
        operands: &["ls"],
        least: RiskLevel::High,
    },
    Danger {
        program: "chrt",
        options: &[],
        dangerous: &[
            "-f 99",
            "--fifo 99",
            "-r 1",
            "--rr 1",
            "10",
            "-v 50",
            "--fi 1",
        ],
        operands: &["ls"],
        least: RiskLevel::High,
    },
    Danger {
        program: "ionice",
        options: &[],
        dangerous: &[
            "-c1",
            "-c 1",
            "--class=realtime",
            "--class 1",
            "-c realtime -n 0",
        ],
        operands: &["ls"],
        least: RiskLevel::High,
    },
    Danger {
        program: "kill",
        options: &[],
        dangerous: &[
            "-9 1",
            "-9 01",
            "-s KILL -1",
            "-KILL -- -1",
            "-- -1",
            "-SIGKILL +1",
            "-n 9 -1",
            "--signal=KILL -1",
        ],
        operands: &[],
        least: RiskLevel::Forbidden,
    },
];

const WRAPPERS: &[&str] = &[
    "",
    "timeout 10 ",
    "timeout -s KILL 10 ",
    "nice ",
    "nice -n 5 ",
    "stdbuf -oL ",
    "ionice -c3 ",
    "env -i ",
    "env LANG=C ",
    "LC_ALL=C ",
    "command ",
    "time -p ",
    "chronic ",
];

/// Quotes `word` one of several ways a shell reads back as the same word.
fn quote(word: &str, how: u8) -> String {
    if word.is_empty() || word.contains(['\'', '"', '\\', '$', '`', ' ', '{', '}', '*', ';']) {
        return word.to_owned();
    }
    match how % 5 {
        0 => word.to_owned(),
        1 => format!("'{word}'"),
        2 => format!("\"{word}\""),
        3 => {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '/' {
                    format!("\\{c}{}", chars.as_str())
                } else {
                    word.to_owned()
                }
            })
        }
        _ => {
            let cut = word.len() / 2;
            if word.is_char_boundary(cut) && cut > 0 {
                format!("'{}'{}", &word[..cut], &word[cut..])
            } else {
                word.to_owned()
            }
        }
    }
}

/// Merges runs of single-letter flags into clusters (`-n -s` into `-ns`) where `merge` says.
fn cluster(groups: Vec<String>, merge: &[bool]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (i, group) in groups.into_iter().enumerate() {
        let single = group.len() == 2 && group.starts_with('-') && group != "--";
        if single
            && merge.get(i).copied().unwrap_or(false)
            && let Some(last) = out.last_mut()
            && last.starts_with('-')
            && !last.starts_with("--")
            && !last.contains(' ')
            && last[1..].chars().all(|c| c.is_ascii_alphabetic())
        {
            last.push_str(&group[1..]);
            continue;
        }
        out.push(group);
    }
    out
}

/// Builds a line: wrapper, program, groups placed among operands, each word quoted.
fn line(
    wrapper: &str,
    program: &str,
    mut groups: Vec<String>,
    operands: &[&str],
    order: &[usize],
    quoting: &[u8],
    permute: bool,
) -> String {
    let mut words: Vec<String> = Vec::new();
    let operands: Vec<String> = operands.iter().map(|o| (*o).to_owned()).collect();
    if permute && !operands.is_empty() {
        // Options among and after the operands, as GNU programs accept them.
        for (i, operand) in operands.iter().enumerate() {
            let take = order.get(i).copied().unwrap_or(0) % (groups.len() + 1);
            words.extend(groups.drain(..take.min(groups.len())));
            words.push(operand.clone());
        }
        words.extend(groups);
    } else if program == "find" {
        words.extend(operands);
        words.extend(groups);
    } else {
        words.extend(groups);
        words.extend(operands);
    }
    let quoted: Vec<String> = words
        .iter()
        .flat_map(|group| group.split(' ').map(str::to_owned).collect::<Vec<_>>())
        .enumerate()
        .map(|(i, word)| quote(&word, quoting.get(i).copied().unwrap_or(0)))
        .collect();
    format!("{wrapper}{program} {}", quoted.join(" "))
}

fn pick<'a>(alternatives: &'a [&'a str], at: usize) -> &'a str {
    alternatives[at % alternatives.len()]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn benign_forms_stay_low(
        form in 0..BENIGN.len(),
        chosen in prop::collection::vec(any::<(bool, usize)>(), 6),
        shuffle in prop::collection::vec(any::<usize>(), 6),
        merge in prop::collection::vec(any::<bool>(), 8),
        order in prop::collection::vec(any::<usize>(), 3),
        quoting in prop::collection::vec(any::<u8>(), 24),
        wrapper in 0..WRAPPERS.len(),
    ) {
        let form = &BENIGN[form];
        let mut groups: Vec<String> = form
            .options
            .iter()
            .zip(&chosen)
            .filter(|(_, (take, _))| *take)
            .map(|(alternatives, (_, at))| pick(alternatives, *at).to_owned())
            .collect();
        for (i, s) in shuffle.iter().enumerate() {
            if groups.len() > 1 && form.program != "find" {
                let (len, j) = (groups.len(), s % groups.len());
                groups.swap(i % len, j);
            }
        }
        let groups = cluster(groups, &merge);
        let text = line(WRAPPERS[wrapper], form.program, groups, form.operands, &order, &quoting, form.permute);
        let verdict = classify_command(&text);
        prop_assert_eq!(verdict.level, RiskLevel::Low, "{} -> {}", text, verdict.reason);
    }

    #[test]
    fn dangerous_forms_are_never_low(
        danger in 0..DANGERS.len(),
        which in any::<usize>(),
        chosen in prop::collection::vec(any::<(bool, usize)>(), 4),
        at in any::<usize>(),
        merge in prop::collection::vec(any::<bool>(), 8),
        order in prop::collection::vec(any::<usize>(), 3),
        quoting in prop::collection::vec(any::<u8>(), 24),
        wrapper in 0..WRAPPERS.len(),
    ) {
        let danger = &DANGERS[danger];
        let mut groups: Vec<String> = danger
            .options
            .iter()
            .zip(&chosen)
            .filter(|(_, (take, _))| *take)
            .map(|(alternatives, (_, at))| pick(alternatives, *at).to_owned())
            .collect();
        let bad = pick(danger.dangerous, which).to_owned();
        // git's subcommand comes first; other programs take it anywhere among their options.
        // Wrappers read their options before the command, whose own options follow it.
        let fixed = matches!(danger.program, "git" | "kill" | "nice" | "chrt" | "ionice");
        if fixed {
            groups.push(bad);
        } else {
            let position = at % (groups.len() + 1);
            groups.insert(position, bad);
        }
        let groups = if fixed && danger.program != "kill" { groups } else { cluster(groups, &merge) };
        let permute = !fixed && danger.program != "find";
        let text = line(WRAPPERS[wrapper], danger.program, groups, danger.operands, &order, &quoting, permute);
        let verdict = classify_command(&text);
        if danger.least == RiskLevel::Forbidden {
            prop_assert_eq!(verdict.level, RiskLevel::Forbidden, "{} -> {}", text, verdict.reason);
        } else {
            prop_assert!(verdict.level >= danger.least, "{} -> {} ({})", text, verdict.level.as_str(), verdict.reason);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    /// Any text gets a verdict with its reason, never a panic: shell punctuation, quotes,
    /// braces and paths in any order.
    #[test]
    fn any_line_gets_a_verdict(
        line in "[a-z/ .~*?\\[\\]{},;|&<>()$`'\"\\\\=:0-9#!+\t\n-]{0,120}",
    ) {
        let verdict = classify_command(&line);
        prop_assert!(!verdict.reason.is_empty(), "{:?} -> {:?}", line, verdict);
    }

    #[test]
    fn arbitrary_unicode_gets_a_verdict(line in "\\PC{0,80}") {
        let verdict = classify_command(&line);
        prop_assert!(!verdict.reason.is_empty(), "{:?} -> {:?}", line, verdict);
    }
}
