//! Text tools whose operands need reading: grep and ripgrep (a pattern first, then files, read
//! recursively on request), jq (a filter first), uniq (a second operand is written), diff
//! (recursive), xxd (a second operand is written), iconv, getent (some databases are secrets).

use super::{Ctx, Judgement, Operands, apply, judged};
use crate::level::RiskLevel;
use crate::options::{
    Opt, Spec, Takes, WIDEST, flag, optional, parse, reads, runs, sizes, unproven, value, writes,
};

const GREP: &[Opt] = &[
    flag("E|extended-regexp"),
    flag("F|fixed-strings"),
    flag("G|basic-regexp"),
    flag("P|perl-regexp"),
    value("e|regexp"),
    reads("f|file"),
    flag("i|y|ignore-case"),
    flag("no-ignore-case"),
    flag("v|invert-match"),
    flag("w|word-regexp"),
    flag("x|line-regexp"),
    flag("c|count"),
    optional("color|colour"),
    flag("L|files-without-match"),
    flag("l|files-with-matches"),
    value("m|max-count"),
    flag("o|only-matching"),
    flag("q|quiet|silent"),
    flag("s|no-messages"),
    flag("b|byte-offset"),
    flag("H|with-filename"),
    flag("h|no-filename"),
    value("label"),
    flag("n|line-number"),
    flag("T|initial-tab"),
    flag("Z|null"),
    flag("z|null-data"),
    value("A|after-context"),
    value("B|before-context"),
    value("C|context"),
    flag("a|text"),
    value("binary-files"),
    value("D|devices"),
    value("d|directories"),
    value("exclude"),
    reads("exclude-from"),
    value("exclude-dir"),
    value("include"),
    flag("r|recursive"),
    flag("R|dereference-recursive"),
    flag("line-buffered"),
    flag("U|binary"),
    value("group-separator"),
    flag("no-group-separator"),
    flag("V|version"),
    flag("help"),
];

const RG: &[Opt] = &[
    value("e|regexp"),
    reads("f|file"),
    flag("i|ignore-case"),
    flag("S|smart-case"),
    flag("s|case-sensitive"),
    flag("F|fixed-strings"),
    flag("v|invert-match"),
    flag("w|word-regexp"),
    flag("x|line-regexp"),
    flag("c|count"),
    flag("count-matches"),
    flag("l|files-with-matches"),
    flag("files-without-match"),
    flag("n|line-number"),
    flag("N|no-line-number"),
    flag("H|with-filename"),
    flag("I|no-filename"),
    value("A|after-context"),
    value("B|before-context"),
    value("C|context"),
    value("m|max-count"),
    value("g|glob"),
    value("iglob"),
    value("t|type"),
    value("T|type-not"),
    flag(".|hidden"),
    flag("L|follow"),
    flag("u|unrestricted"),
    flag("no-ignore"),
    flag("no-ignore-vcs"),
    flag("no-ignore-parent"),
    flag("no-ignore-dot"),
    flag("no-ignore-global"),
    flag("no-ignore-exclude"),
    flag("no-ignore-files"),
    reads("ignore-file"),
    value("d|max-depth"),
    value("max-filesize"),
    flag("json"),
    flag("o|only-matching"),
    flag("q|quiet"),
    value("color"),
    value("colors"),
    flag("p|pretty"),
    flag("trim"),
    flag("files"),
    flag("stats"),
    flag("no-messages"),
    value("M|max-columns"),
    flag("max-columns-preview"),
    flag("a|text"),
    flag("binary"),
    unproven(
        "z|search-zip",
        Takes::No,
        "ripgrep runs decompression programs",
    ),
    runs("pre"),
    value("pre-glob"),
    runs("hostname-bin"),
    flag("P|pcre2"),
    flag("U|multiline"),
    flag("multiline-dotall"),
    value("E|encoding"),
    value("r|replace"),
    flag("0|null"),
    flag("null-data"),
    flag("b|byte-offset"),
    flag("column"),
    flag("vimgrep"),
    flag("heading"),
    flag("no-heading"),
    value("sort"),
    value("sortr"),
    // Each thread searches with its own buffers: bounded where nothing contains it.
    sizes("j|threads", 16),
    flag("one-file-system"),
    flag("no-config"),
    value("type-add"),
    flag("type-list"),
    value("type-clear"),
    flag("passthru"),
    flag("crlf"),
    value("engine"),
    value("context-separator"),
    flag("no-context-separator"),
    value("field-match-separator"),
    value("field-context-separator"),
    value("path-separator"),
    flag("debug"),
    flag("trace"),
    flag("h|help"),
    flag("V|version"),
];

const JQ: &[Opt] = &[
    flag("r|raw-output"),
    flag("raw-output0"),
    flag("j|join-output"),
    flag("a|ascii-output"),
    flag("c|compact-output"),
    flag("n|null-input"),
    flag("e|exit-status"),
    flag("s|slurp"),
    flag("S|sort-keys"),
    flag("C|color-output"),
    flag("M|monochrome-output"),
    flag("R|raw-input"),
    flag("tab"),
    value("indent"),
    flag("seq"),
    flag("stream"),
    flag("stream-errors"),
    flag("unbuffered"),
    reads("f|from-file"),
    reads("L|library-path"),
    flag("args"),
    flag("jsonargs"),
    flag("h|help"),
    flag("V|version"),
    flag("build-configuration"),
];

const UNIQ: &[Opt] = &[
    flag("c|count"),
    flag("d|repeated"),
    flag("D"),
    optional("all-repeated"),
    value("f|skip-fields"),
    optional("group"),
    flag("i|ignore-case"),
    value("s|skip-chars"),
    flag("u|unique"),
    flag("z|zero-terminated"),
    value("w|check-chars"),
    flag("help"),
];

const DIFF: &[Opt] = &[
    flag("normal"),
    flag("q|brief"),
    flag("s|report-identical-files"),
    flag("c"),
    value("C"),
    // `--context[=NUM]`, `--unified[=NUM]`: the value only attached (`--unified -r` is two
    // options).
    optional("context"),
    flag("u"),
    value("U"),
    optional("unified"),
    flag("e|ed"),
    flag("n|rcs"),
    flag("y|side-by-side"),
    sizes("W|width", WIDEST),
    flag("left-column"),
    flag("suppress-common-lines"),
    flag("p|show-c-function"),
    value("F|show-function-line"),
    value("label"),
    flag("t|expand-tabs"),
    flag("T|initial-tab"),
    value("tabsize"),
    flag("suppress-blank-empty"),
    unproven("l|paginate", Takes::No, "diff runs pr"),
    flag("r|recursive"),
    flag("no-dereference"),
    flag("N|new-file"),
    flag("unidirectional-new-file"),
    flag("ignore-file-name-case"),
    flag("no-ignore-file-name-case"),
    value("x|exclude"),
    reads("X|exclude-from"),
    value("S|starting-file"),
    reads("from-file"),
    reads("to-file"),
    flag("i|ignore-case"),
    flag("E|ignore-tab-expansion"),
    flag("Z|ignore-trailing-space"),
    flag("b|ignore-space-change"),
    flag("w|ignore-all-space"),
    flag("B|ignore-blank-lines"),
    value("I|ignore-matching-lines"),
    flag("a|text"),
    flag("strip-trailing-cr"),
    flag("d|minimal"),
    value("horizon-lines"),
    flag("speed-large-files"),
    optional("color"),
    value("palette"),
    flag("debug"),
    flag("help"),
    flag("v|version"),
];

const ICONV: &[Opt] = &[
    value("f|from-code"),
    value("t|to-code"),
    flag("l|list"),
    flag("c"),
    flag("s|silent"),
    writes("o|output"),
    flag("verbose"),
];

const GETENT: &[Opt] = &[value("s|service"), flag("i|no-idn"), flag("help")];

/// getent databases that list nothing secret.
const GETENT_DATABASES: &[&str] = &[
    "passwd",
    "group",
    "hosts",
    "ahosts",
    "ahostsv4",
    "ahostsv6",
    "services",
    "protocols",
    "networks",
    "netgroup",
    "ethers",
    "rpc",
    "initgroups",
    "aliases",
];

pub fn judge(ctx: &Ctx, name: &str, args: &[String]) -> Option<Judgement> {
    Some(match name {
        "grep" | "egrep" | "fgrep" | "zgrep" | "zegrep" | "zfgrep" => grep(ctx, name, args),
        "rg" => ripgrep(ctx, args),
        "jq" => jq(ctx, args),
        "uniq" => {
            let (mut j, parsed) = judged(
                ctx,
                name,
                args,
                &Spec::gnu(UNIQ),
                Operands::Files,
                "filters repeated lines",
            );
            if let Some(output) = parsed.operands.get(1) {
                let (level, reason) = ctx.paths.write(output);
                j.raise(
                    level,
                    format!("uniq's second operand is its output: {reason}"),
                );
            }
            j
        }
        "diff" => {
            let spec = Spec::gnu(DIFF);
            let parsed = parse(args, &spec);
            let mut j = Judgement::low("compares files");
            let recursive = parsed.has("recursive");
            let operands = if recursive {
                Operands::Inert
            } else {
                Operands::Files
            };
            apply(ctx, name, &parsed, operands, &mut j);
            // `-I RE` and `-F RE` are regular expressions matched against every line.
            let patterns: Vec<&str> = parsed.values("I").chain(parsed.values("F")).collect();
            super::regexes::require_cheap(
                ctx,
                &mut j,
                name,
                patterns,
                &[
                    super::regexes::Dialect::Basic,
                    super::regexes::Dialect::Extended,
                ],
            );
            // GNU diff follows symbolic links at every depth unless told not to.
            if recursive {
                for operand in &parsed.operands {
                    j.raise_path(ctx.paths.read_tree_following(operand));
                }
            }
            j
        }
        "xxd" => xxd(ctx, args),
        "iconv" => {
            judged(
                ctx,
                name,
                args,
                &Spec::gnu(ICONV),
                Operands::Files,
                "converts text",
            )
            .0
        }
        "getent" => {
            let (mut j, parsed) = judged(
                ctx,
                name,
                args,
                &Spec::gnu(GETENT),
                Operands::Inert,
                "looks up names",
            );
            // `-s CONFIG` loads the NSS module libnss_CONFIG.so.2: a plain service name
            // (`files`, `sss`) is an installed module, a path is any library.
            if let Some(service) = parsed.values("service").find(|service| {
                !service
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | ':'))
            }) {
                j.raise(
                    RiskLevel::High,
                    format!("getent -s {service} loads a library the line names"),
                );
            }
            // Any source the line chooses replaces the system's nsswitch.conf for the lookup:
            // NIS's `passwd.byname` and an LDAP directory's `userPassword` give password hashes
            // as the passwd database's second field, `compat` merges NIS entries in, and a module
            // the system never configured answers as it likes. Only the system's own sources are
            // known; a line that picks one is not proven to print no secret.
            if let Some(service) = parsed.values("service").next() {
                j.raise(
                    RiskLevel::Medium,
                    format!("getent -s {service} replaces the system's name service sources with ones the line chooses (NIS and LDAP give password hashes as passwd's second field)"),
                );
            }
            // Host and network keys are looked up in DNS (nsswitch's `dns`): their labels
            // reach the name's own servers.
            if let Some(database @ ("hosts" | "ahosts" | "ahostsv4" | "ahostsv6" | "networks")) =
                parsed.operands.first().copied()
            {
                let keys = parsed.operands.iter().skip(1).copied();
                super::hostnames::raise(&mut j, &format!("getent {database}"), keys);
            }
            match parsed.operands.first().copied() {
                Some("shadow" | "gshadow") => {
                    j.raise(RiskLevel::High, "getent shadow reads password hashes")
                }
                Some(database) if GETENT_DATABASES.contains(&database) => {}
                Some(other) => j.raise(
                    RiskLevel::Medium,
                    format!("getent database '{other}' is not known to be harmless"),
                ),
                None => j.raise(
                    RiskLevel::High,
                    "getent without a database lists secrets too",
                ),
            }
            j
        }
        _ => return None,
    })
}

/// grep: the pattern (unless given with -e or -f), then files; read recursively with -r, -R or
/// `--directories=recurse` (the working directory when none is named).
fn grep(ctx: &Ctx, name: &str, args: &[String]) -> Judgement {
    let parsed = parse(args, &Spec::gnu(GREP).with_numbers());
    let mut j = Judgement::low("searches text");
    apply(ctx, name, &parsed, Operands::Inert, &mut j);
    let pattern_given = parsed.has("regexp") || parsed.has("file");
    let files = parsed
        .operands
        .get(usize::from(!pattern_given)..)
        .unwrap_or(&[]);
    grep_patterns(ctx, name, &parsed, pattern_given, &mut j);
    let recursive = parsed.has("recursive")
        || parsed.has("dereference-recursive")
        || parsed
            .values("directories")
            .any(|v| "recurse".starts_with(v) && !v.is_empty());
    if recursive {
        // `-R` follows every link it meets; `-r` only those named on the line.
        let following = parsed.has("dereference-recursive");
        let tree = |word: &str| {
            if following {
                ctx.paths.read_tree_following(word)
            } else {
                ctx.paths.read_tree(word)
            }
        };
        if files.is_empty() {
            j.raise_path(tree("."));
        }
        for file in files {
            j.raise_path(tree(file));
        }
    } else {
        for file in files {
            j.raise_path(ctx.read(file));
        }
    }
    j
}

/// grep's patterns, in every syntax the line may select (the last of -E, -F, -G, -P wins; all are
/// read, in case): each must be cheap to match where nothing contains the command
/// (`regexes.rs`). Fixed strings (`-F`, `fgrep`) are. Patterns read from a file (`-f`) cannot
/// be seen.
fn grep_patterns(
    ctx: &Ctx,
    name: &str,
    parsed: &crate::options::Parsed,
    pattern_given: bool,
    j: &mut Judgement,
) {
    use super::regexes::Dialect;
    let base = name.trim_start_matches('z');
    let mut dialects = Vec::new();
    if parsed.has("perl-regexp") {
        dialects.push(Dialect::Perl);
    }
    if parsed.has("extended-regexp") || base == "egrep" {
        dialects.push(Dialect::Extended);
    }
    let fixed = parsed.has("fixed-strings") || base == "fgrep";
    if parsed.has("basic-regexp") || (dialects.is_empty() && !fixed) {
        dialects.push(Dialect::Basic);
    }
    if parsed.has("file") {
        super::ending::require(ctx, j, false, || {
            format!(
                "{name} -f reads its patterns from a file, which may take unbounded time to match"
            )
        });
    }
    let patterns: Vec<&str> = if pattern_given {
        parsed.values("regexp").collect()
    } else {
        parsed.operands.first().copied().into_iter().collect()
    };
    // One pattern per line of each.
    let lines = patterns.iter().flat_map(|p| p.split('\n'));
    super::regexes::require_cheap(ctx, j, name, lines, &dialects);
}

/// ripgrep searches directories recursively, always.
fn ripgrep(ctx: &Ctx, args: &[String]) -> Judgement {
    let parsed = parse(args, &Spec::gnu(RG).with_numbers());
    let mut j = Judgement::low("searches text");
    apply(ctx, "rg", &parsed, Operands::Inert, &mut j);
    let pattern_given = parsed.has("regexp") || parsed.has("file");
    let lists_files = parsed.has("files") || parsed.has("type-list");
    // Rust's regex engine matches in time linear in the input and bounds its automata's size;
    // PCRE2 (`-P`) backtracks (`regexes.rs`).
    if parsed.has("pcre2") && !lists_files {
        let patterns: Vec<&str> = if pattern_given {
            parsed.values("regexp").collect()
        } else {
            parsed.operands.first().copied().into_iter().collect()
        };
        super::regexes::require_cheap(
            ctx,
            &mut j,
            "rg -P",
            patterns.iter().flat_map(|p| p.split('\n')),
            &[super::regexes::Dialect::Perl],
        );
        if parsed.has("file") {
            super::ending::require(ctx, &mut j, false, || {
                "rg -P -f reads its patterns from a file, which may take unbounded time to match"
                    .to_owned()
            });
        }
    }
    let paths = parsed
        .operands
        .get(usize::from(!pattern_given && !lists_files)..)
        .unwrap_or(&[]);
    // `-L` follows every link it meets; otherwise only those named on the line.
    let tree = |word: &str| {
        if parsed.has("follow") {
            ctx.paths.read_tree_following(word)
        } else {
            ctx.paths.read_tree(word)
        }
    };
    if paths.is_empty() {
        j.raise_path(tree("."));
    }
    for path in paths {
        j.raise_path(tree(path));
    }
    j
}

/// jq: options taking two values are read first (`--arg NAME VALUE`, `--rawfile NAME FILE`),
/// then the filter (unless `-f`), then input files.
fn jq(ctx: &Ctx, args: &[String]) -> Judgement {
    let mut j = Judgement::low("filters JSON");
    let mut rest = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let word = args[i].as_str();
        match word {
            "--arg" | "--argjson" => i += 3,
            "--slurpfile" | "--rawfile" => {
                if let Some(file) = args.get(i + 2) {
                    j.raise_path(ctx.read(file));
                }
                i += 3;
            }
            "--" => {
                rest.extend(args[i..].iter().cloned());
                break;
            }
            _ => {
                rest.push(args[i].clone());
                i += 1;
            }
        }
    }
    let parsed = parse(&rest, &Spec::gnu(JQ));
    apply(ctx, "jq", &parsed, Operands::Inert, &mut j);
    // Modules load from `-L` directories (and the default search path) by relative names that
    // may climb out of them (`import "../../root/.docker/config" as $c;` reads that JSON file).
    for dir in parsed.values("L") {
        j.raise_path(ctx.paths.read_tree(dir));
    }
    // A filter read from a file (`-f`) is not on the line: it may load modules as a written
    // one may, and match any regular expression (as `sed -f` and `awk -f` scripts are judged).
    if parsed.has("from-file") {
        j.raise(
            RiskLevel::Medium,
            "jq -f reads its filter from a file the line does not show: it may load modules (which read the JSON files they name) or match unbounded regular expressions",
        );
    }
    if !parsed.has("from-file")
        && let Some(filter) = parsed.operands.first()
        && (filter.contains("import") || filter.contains("include"))
    {
        j.raise(
            RiskLevel::Medium,
            "a jq filter that loads modules reads files it names",
        );
    }
    // jq matches with Oniguruma, which backtracks (`regexes.rs`): where the filter uses a
    // regular expression, every string in it may be one, and each regex function must be given
    // a string literal (not `$var`, `.field` or `--arg`, which the line or the data choose).
    if !parsed.has("from-file")
        && let Some(filter) = parsed.operands.first()
        && ["test", "match", "capture", "scan", "split", "sub", "gsub"]
            .iter()
            .any(|f| filter.contains(f))
    {
        let unseen = JQ_REGEX_FUNCTIONS.iter().any(|f| {
            filter.match_indices(f).any(|(at, _)| {
                let before = filter[..at].chars().next_back();
                let after = filter[at + f.len()..].trim_start();
                !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
                    && after.starts_with('(')
                    && !after[1..].trim_start().starts_with('"')
            })
        });
        super::ending::require(ctx, &mut j, !unseen, || {
            "jq is given a regular expression the line does not show (a variable or a field), which may take unbounded time to match".to_owned()
        });
        let strings = jq_strings(filter);
        super::regexes::require_cheap(
            ctx,
            &mut j,
            "jq",
            strings.iter().map(String::as_str),
            &[super::regexes::Dialect::Perl],
        );
    }
    let skip = usize::from(!parsed.has("from-file"));
    let positional = parsed.has("args") || parsed.has("jsonargs");
    for input in parsed.operands.iter().skip(skip) {
        if positional {
            j.raise_path(ctx.mention(input));
        } else {
            j.raise_path(ctx.read(input));
        }
    }
    j
}

/// jq's functions that take a regular expression first.
const JQ_REGEX_FUNCTIONS: &[&str] = &["test", "match", "capture", "scan", "splits", "sub", "gsub"];

/// The string literals of a jq filter, their escapes read (`"\\d+"` is `\d+`); an
/// interpolation `\(...)` is kept as written.
fn jq_strings(filter: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = filter.chars();
    while chars.by_ref().any(|c| c == '"') {
        let mut text = String::new();
        while let Some(c) = chars.next() {
            match c {
                '"' => break,
                '\\' => match chars.next() {
                    Some('\\') => text.push('\\'),
                    Some('"') => text.push('"'),
                    Some(other) => {
                        text.push('\\');
                        text.push(other);
                    }
                    None => {}
                },
                other => text.push(other),
            }
        }
        out.push(text);
    }
    out
}

/// xxd reads its options as whole words (`-ps`, `-cols 8`); a second operand is written.
fn xxd(ctx: &Ctx, args: &[String]) -> Judgement {
    const FLAGS: &[&str] = &[
        "-a",
        "-autoskip",
        "-b",
        "-bits",
        "-C",
        "-capitalize",
        "-E",
        "-EBCDIC",
        "-e",
        "-i",
        "-include",
        "-p",
        "-ps",
        "-postscript",
        "-plain",
        "-r",
        "-revert",
        "-d",
        "-u",
        "-h",
        "-help",
        "-v",
        "-version",
    ];
    const VALUED: &[&str] = &[
        "-c",
        "-cols",
        "-g",
        "-groupsize",
        "-l",
        "-len",
        "-n",
        "-name",
        "-o",
        "-offset",
        "-s",
        "-seek",
        "-R",
    ];
    let mut j = Judgement::low("dumps a file in hex");
    let mut operands = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let word = args[i].as_str();
        i += 1;
        if FLAGS.contains(&word) {
            continue;
        }
        if VALUED.contains(&word) {
            i += 1;
            continue;
        }
        if VALUED
            .iter()
            .any(|v| v.len() == 2 && word.starts_with(v) && word.len() > 2)
        {
            continue;
        }
        if word.starts_with('-') && word != "-" {
            j.raise(RiskLevel::Medium, format!("xxd: unknown option {word}"));
            continue;
        }
        operands.push(word.to_owned());
    }
    if let Some(input) = operands.first() {
        j.raise_path(ctx.read(input));
    }
    if let Some(output) = operands.get(1) {
        let (level, reason) = ctx.paths.write(output);
        j.raise(
            level,
            format!("xxd's second operand is its output: {reason}"),
        );
    }
    j
}
