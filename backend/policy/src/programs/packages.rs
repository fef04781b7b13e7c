//! Package managers: their query verbs are low, everything else installs, removes or changes
//! configuration and is high. apt's `-o` and `-c` can set hooks that run commands (high).

use super::{Ctx, Judgement, Operands, apply, judged};
use crate::level::RiskLevel;
use crate::options::{Opt, Spec, Takes, changes, flag, parse, reads, runs, value, writes};

const APT: &[Opt] = &[
    runs("o|option"),
    runs("c|config-file"),
    value("t|target-release|default-release"),
    value("host-architecture"),
    flag("q|quiet"),
    flag("installed"),
    flag("upgradable"),
    flag("a|all-versions"),
    flag("no-all-versions"),
    flag("manual-installed"),
    flag("full"),
    flag("names-only"),
    flag("n"),
    flag("all-names"),
    flag("recurse"),
    flag("i|important"),
    flag("f"),
    flag("g|generate"),
    // apt-cache builds the cache files it is given when they are missing or stale.
    writes("p|pkg-cache"),
    writes("s|src-cache"),
    flag("no-pre-depends"),
    flag("no-depends"),
    flag("no-recommends"),
    flag("no-suggests"),
    flag("no-conflicts"),
    flag("no-breaks"),
    flag("no-replaces"),
    flag("no-enhances"),
    flag("h|help"),
    flag("v|version"),
];
const APT_READS: &[&str] = &[
    "list",
    "show",
    "search",
    "policy",
    "depends",
    "rdepends",
    "showsrc",
    "madison",
    "showpkg",
    "pkgnames",
    "stats",
    "unmet",
    "dump",
    "dumpavail",
    "help",
];
const APT_MARK_READS: &[&str] = &[
    "showauto",
    "showmanual",
    "showhold",
    "showinstall",
    "showremove",
    "showpurge",
];
const DPKG: &[Opt] = &[
    flag("l|list"),
    flag("L|listfiles"),
    flag("s|status"),
    flag("S|search"),
    flag("p|print-avail"),
    flag("get-selections"),
    flag("print-architecture"),
    flag("print-foreign-architectures"),
    flag("c|contents"),
    flag("I|info"),
    flag("C|audit"),
    flag("V|verify"),
    value("verify-format"),
    flag("compare-versions"),
    flag("W|show"),
    // dpkg's `-f` is `--field` (dpkg-deb's: it prints an archive's control fields), not
    // dpkg-query's `--showformat`: judged with `-I` below.
    flag("f|field"),
    value("showformat"),
    reads("admindir"),
    reads("root"),
    reads("instdir"),
    flag("no-pager"),
    value("D|debug"),
    flag("help"),
    flag("version"),
    changes("i|install", Takes::No, "installs packages"),
    changes("r|remove", Takes::No, "removes packages"),
    changes("P|purge", Takes::No, "removes packages"),
    changes("configure", Takes::No, "configures packages"),
    changes("unpack", Takes::No, "unpacks packages"),
    changes("x|extract", Takes::No, "extracts a package onto the disk"),
    changes("X|vextract", Takes::No, "extracts a package onto the disk"),
    changes("e|control", Takes::No, "extracts package control files"),
    changes("b|build", Takes::No, "builds a package"),
    changes("set-selections", Takes::No, "changes package selections"),
    changes("clear-selections", Takes::No, "changes package selections"),
    changes("update-avail", Takes::No, "changes the package database"),
    changes("merge-avail", Takes::No, "changes the package database"),
    changes("clear-avail", Takes::No, "changes the package database"),
    changes(
        "forget-old-unavail",
        Takes::No,
        "changes the package database",
    ),
    changes("A|record-avail", Takes::No, "changes the package database"),
    changes("add-architecture", Takes::Value, "changes architectures"),
    changes("remove-architecture", Takes::Value, "changes architectures"),
    changes("triggers-only", Takes::No, "runs package triggers"),
    changes("force-all", Takes::No, "forces package changes"),
    runs("log"),
];
const DPKG_QUERY: &[Opt] = &[
    flag("l|list"),
    flag("W|show"),
    flag("s|status"),
    flag("L|listfiles"),
    flag("S|search"),
    flag("p|print-avail"),
    flag("c|control-path"),
    flag("control-list"),
    flag("control-show"),
    value("f|showformat"),
    reads("admindir"),
    reads("root"),
    flag("load-avail"),
    flag("no-pager"),
    flag("h|help"),
    flag("version"),
];
const UPDATE_ALTERNATIVES: &[Opt] = &[
    value("display"),
    value("query"),
    value("list"),
    flag("get-selections"),
    reads("altdir"),
    reads("admindir"),
    flag("verbose"),
    flag("quiet"),
    flag("help"),
    flag("version"),
];
const DEBSUMS: &[Opt] = &[
    flag("a|all"),
    flag("e|config"),
    flag("c|changed"),
    flag("l|list-missing"),
    flag("s|silent"),
    reads("r|root"),
    reads("d|admindir"),
    reads("p|deb-path"),
    // `--generate=missing|all[,keep][,nocheck]` takes its value in the next word too (a flag
    // there made `debsums --generate keep` low): it extracts sums from the cached packages, and
    // with `keep` writes them into dpkg's database.
    changes(
        "g|generate",
        Takes::Value,
        "generates package sums (with keep, writes them into dpkg's database)",
    ),
    flag("ignore-permissions"),
    flag("ignore-obsolete"),
];

/// Options of the generic package managers' query verbs that neither write, nor reach the
/// network, nor load configuration.
const QUERY_OPTIONS: &[&str] = &[
    "-h",
    "--help",
    "-V",
    "--version",
    "-q",
    "--quiet",
    "-v",
    "--verbose",
    "--format",
    "--json",
    "-l",
    "--local",
    "--user",
    "-e",
    "--editable",
    "--exclude-editable",
    "--include-editable",
    "--not-required",
    "--exclude",
    "-f",
    "--files",
    "--all",
    "-a",
    "--installed",
    "--depth",
    "--long",
    "--parseable",
    "-g",
    "--global",
    "--color",
    "--no-color",
    "-C",
    "--cacheonly",
    "--no-refresh",
    "--path",
];

fn verb_table(name: &str, args: &[String], reads: &[&str], spec: &Spec, ctx: &Ctx) -> Judgement {
    let parsed = parse(args, spec);
    let mut j = Judgement::low("reads packages");
    apply(ctx, name, &parsed, Operands::Inert, &mut j);
    match parsed.operands.first().copied() {
        Some(verb) if reads.contains(&verb) => {}
        Some("changelog") => j.raise(
            RiskLevel::High,
            format!("{name} changelog downloads from the network"),
        ),
        Some(verb) => j.raise(
            RiskLevel::High,
            format!("{name} {verb} installs, removes or changes software"),
        ),
        None if parsed.has("h") || parsed.has("v") || parsed.has("version") => {}
        None => j.raise(RiskLevel::Medium, format!("{name} without a command")),
    }
    j
}

/// The built-in commands of each manager that only read. Per manager, not shared: a verb one
/// manager reads with is not a command of another, and an unknown verb is not harmless there
/// (`cargo list` runs an alias from `.cargo/config.toml` in the working directory or any
/// `cargo-list` program on the PATH).
fn reading_verbs(name: &str) -> &'static [&'static str] {
    match name {
        "dnf" | "yum" => &[
            "list",
            "info",
            "search",
            "repolist",
            "provides",
            "check",
            "repoquery",
            "deplist",
            "history",
            "check-update",
        ],
        "zypper" => &["search", "info", "ls", "services", "repos"],
        "snap" => &[
            "list",
            "info",
            "services",
            "connections",
            "version",
            "changes",
        ],
        "flatpak" => &["list", "info", "search"],
        "pip" => &["list", "show", "freeze", "check"],
        "pipx" => &["list"],
        "npm" => &[
            "ls", "list", "outdated", "search", "info", "show", "version",
        ],
        "gem" => &["list", "info", "search", "outdated", "check"],
        "cargo" => &["search", "version"],
        "apk" => &["info", "search", "list", "version"],
        "brew" => &["list", "ls", "info", "search", "services"],
        _ => &[],
    }
}

/// Options of one manager's reading verbs that only choose what is listed or how, beyond
/// [`QUERY_OPTIONS`]: flatpak's `--app`/`--runtime` filters, its columns and installations.
fn manager_options(name: &str) -> &'static [&'static str] {
    match name {
        "flatpak" => &[
            "--app",
            "--runtime",
            "--columns",
            "--system",
            "--show-details",
            "-d",
        ],
        _ => &[],
    }
}

/// The files `dnf history store` writes: `-o FILE`, `-oFILE`, `--output FILE`, `--output=FILE`.
fn store_files(args: &[String]) -> Vec<&str> {
    let mut files = Vec::new();
    let mut words = args.iter().map(String::as_str);
    while let Some(word) = words.next() {
        let file = match word {
            "-o" | "--output" => words.next(),
            _ => word
                .strip_prefix("--output=")
                .or_else(|| word.strip_prefix("-o").filter(|f| !f.is_empty())),
        };
        files.extend(file);
    }
    files
}

/// Why a reading verb acts with these words. `npm version patch` bumps the version
/// (writes package.json, commits and tags, runs the package's version scripts); `cargo check`
/// builds the crate, running its build scripts and procedural macros; `brew services start`
/// starts a service (only `brew services`, `list` and `info` read).
fn verb_acts(name: &str, words: &[&str]) -> Option<String> {
    match (name, words) {
        ("npm", ["version", value, ..]) => Some(format!(
            "npm version {value} writes package.json, commits, tags and runs the package's scripts"
        )),
        ("cargo", ["check", ..]) => {
            Some("cargo check builds the crate and runs its build scripts".to_owned())
        }
        ("brew", ["services", action, ..]) if !matches!(*action, "list" | "info") => {
            Some(format!("brew services {action} changes services"))
        }
        // `history`, `history list` and `history info` read the transaction database; `undo`,
        // `redo`, `rollback`, `replay`, `store` and the rest change or write.
        ("dnf" | "yum", ["history", action, ..]) if !matches!(*action, "list" | "info") => {
            Some(format!(
                "{name} history {action} is not a reading form of history (list, info): it may undo, redo or roll back transactions"
            ))
        }
        _ => None,
    }
}

/// Why a reading verb first refreshes the system's package metadata: dnf and yum download every
/// repository's metadata that is older than `metadata_expire` before `list`, `info`, `search`
/// and the rest (the network, and writes to `/var/cache/dnf`), unless `-C`/`--cacheonly`
/// keeps them to the cache (`list installed` reads the rpm database alone); zypper refreshes repositories with autorefresh before `search` and
/// `info` unless `--no-refresh`. apt-cache and apt's reading verbs, apk without `-U` and
/// flatpak's read only what is already on the disk.
fn refreshes(name: &str, words: &[&str], args: &[String]) -> Option<String> {
    let verb = *words.first()?;
    let has = |option: &str| args.iter().any(|a| a == option);
    let refreshing = match name {
        "dnf" | "yum" => {
            // `list installed` and `info installed` read the rpm database alone.
            let installed = matches!(verb, "list" | "info")
                && (words.get(1) == Some(&"installed") || has("--installed"));
            // `history` reads the transaction database alone.
            !matches!(verb, "check" | "history") && !installed && !has("-C") && !has("--cacheonly")
        }
        "zypper" => matches!(verb, "search" | "info") && !has("--no-refresh"),
        _ => false,
    };
    refreshing.then(|| {
        format!(
            "{name} {verb} first refreshes stale repository metadata (the network, and writes to its cache){}",
            if name == "zypper" {
                "; --no-refresh keeps it to the cache"
            } else {
                "; -C keeps it to the cache"
            }
        )
    })
}

/// Whether a reading verb answers from what is already on this machine. Per manager, named
/// positively: every other reading verb asks the manager's registry over the network (`npm
/// info`, `view`, `search` and `outdated`, `cargo search`, `gem search` without `-l`, `gem
/// outdated`, `brew info` (analytics and the formula API) and `brew search`, `snap info`,
/// `flatpak search`), and the name asked about leaves the machine: the query carries what the
/// line puts in it, and where nothing contains the command it reaches the network. dnf, yum and
/// zypper refresh their metadata by their own rules ([`refreshes`]); apk reads its cached
/// indexes unless `-U` (not a query option) updates them.
fn answers_locally(name: &str, verb: &str, args: &[String]) -> bool {
    let has = |option: &str| args.iter().any(|a| a == option);
    match name {
        "npm" => matches!(verb, "ls" | "list" | "version"),
        "pip" => matches!(verb, "list" | "show" | "freeze" | "check"),
        "pipx" => verb == "list",
        "cargo" => verb == "version",
        // `gem search` asks rubygems.org unless told `--local`; `gem list` and `gem info` read
        // the installed gems unless told `--remote` (not a query option).
        "gem" => match verb {
            "list" | "info" | "check" => true,
            "search" => has("-l") || has("--local"),
            _ => false,
        },
        "brew" => matches!(verb, "list" | "ls" | "services"),
        "snap" => matches!(
            verb,
            "list" | "services" | "connections" | "version" | "changes"
        ),
        "flatpak" => matches!(verb, "list" | "info"),
        "apk" | "dnf" | "yum" | "zypper" => true,
        _ => false,
    }
}

/// The tree `rpm --root DIR`, `--root=DIR`, `-r DIR` or a bundle ending in `r` names (popt
/// takes the next word as `-r`'s value); an empty string when none follows.
fn rpm_root(args: &[String]) -> Option<&str> {
    args.iter().enumerate().find_map(|(at, arg)| {
        let next = || args.get(at + 1).map_or("", String::as_str);
        if let Some(value) = arg.strip_prefix("--root=") {
            return Some(value);
        }
        if arg == "--root" {
            return Some(next());
        }
        let short = arg.strip_prefix('-').filter(|s| !s.starts_with('-'))?;
        let at_r = short.find('r')?;
        let attached = &short[at_r + 1..];
        Some(if attached.is_empty() {
            next()
        } else {
            attached
        })
    })
}

/// rpm's built-in macros that load a macro file (whose definitions run when rpm expands them:
/// `%_dbpath %(id)`), define or redefine macros, expand their argument twice (a `%(…)` put
/// together from pieces), or print the environment (`%{getenv:AWS_SECRET_ACCESS_KEY}`),
/// written `%{load:FILE}` or `%load FILE`.
const RPM_MACRO_BUILTINS: &[&str] = &["load", "define", "global", "undefine", "expand", "getenv"];

/// Whether `word` calls one of [`RPM_MACRO_BUILTINS`], in any case.
fn rpm_macro_builtin(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    lower.match_indices('%').any(|(at, _)| {
        let after = lower[at + 1..].trim_start_matches(['{', '?', '!']);
        RPM_MACRO_BUILTINS.iter().any(|builtin| {
            after.strip_prefix(builtin).is_some_and(|rest| {
                !rest.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
            })
        })
    })
}

/// Whether an rpm query reads package files (`-p`, `--package`; `-K`, `--checksig` checks the
/// signatures of the files named) rather than the database.
fn package_file_query(args: &[String]) -> bool {
    args.iter().any(|a| {
        matches!(a.as_str(), "--package" | "--checksig")
            || (a.starts_with('-') && !a.starts_with("--") && a.contains(['p', 'K']))
    })
}

/// Whether `word` names a package the way a registry does (`nginx`, `serde`, `bash-5.2`,
/// `requests==2.31`, `@types/node@18`), not a place to fetch one from: a URL, a git repository
/// (`git+ssh://…`, `github:user/repo`, npm's `user/repo`), a path or a tarball. A spec of that
/// kind makes the query reach whatever host it names, carrying what the line put in it.
fn plain_package(word: &str) -> bool {
    let name_chars = |part: &str| {
        !part.is_empty()
            && part
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.+@~^=<>*".contains(c))
    };
    if word.starts_with(['.', '-', '~']) {
        return false;
    }
    match word
        .strip_prefix('@')
        .and_then(|scoped| scoped.split_once('/'))
    {
        Some((scope, name)) => name_chars(scope) && name_chars(name),
        None => name_chars(word),
    }
}

pub fn judge(ctx: &Ctx, name: &str, args: &[String]) -> Option<Judgement> {
    Some(match name {
        "apt" | "apt-cache" => verb_table(name, args, APT_READS, &Spec::gnu(APT), ctx),
        "apt-mark" => verb_table(name, args, APT_MARK_READS, &Spec::gnu(APT), ctx),
        "apt-get" | "aptitude" | "apt-key" | "add-apt-repository" | "dpkg-reconfigure" => {
            Judgement::new(
                RiskLevel::High,
                format!("{name} installs, removes or changes software"),
            )
        }
        "dpkg" => {
            let (mut j, parsed) = judged(
                ctx,
                name,
                args,
                &Spec::gnu(DPKG),
                Operands::Names,
                "reads packages",
            );
            if parsed.found.is_empty() {
                j.raise(RiskLevel::Medium, "dpkg without an action");
            }
            // `-I`/`--info` and `-c`/`--contents` read the package files named; `-f`/`--field`
            // reads its first operand, the package file (field names follow it).
            if parsed.has("info") || parsed.has("contents") {
                for file in &parsed.operands {
                    j.raise_path(ctx.read(file));
                }
            } else if parsed.has("field")
                && let Some(file) = parsed.operands.first()
            {
                j.raise_path(ctx.read(file));
            }
            j
        }
        "dpkg-query" => {
            judged(
                ctx,
                name,
                args,
                &Spec::gnu(DPKG_QUERY),
                Operands::Inert,
                "reads packages",
            )
            .0
        }
        "update-alternatives" => {
            let (mut j, parsed) = judged(
                ctx,
                name,
                args,
                &Spec::gnu(UPDATE_ALTERNATIVES),
                Operands::Inert,
                "reads alternatives",
            );
            if !parsed.operands.is_empty() || parsed.found.is_empty() {
                j.raise(RiskLevel::High, "update-alternatives changes alternatives");
            }
            j
        }
        "debsums" => {
            judged(
                ctx,
                name,
                args,
                &Spec::gnu(DEBSUMS),
                Operands::Inert,
                "verifies packages",
            )
            .0
        }
        "rpm" => {
            let mut j = Judgement::low("reads packages");
            let query = args.iter().any(|a| {
                matches!(a.as_str(), "--query" | "--verify" | "--checksig")
                    || (a.starts_with('-') && !a.starts_with("--") && a.contains(['q', 'V', 'K']))
            });
            let changing = args.iter().any(|a| {
                matches!(
                    a.as_str(),
                    "--install"
                        | "--upgrade"
                        | "--freshen"
                        | "--erase"
                        | "--import"
                        | "--rebuilddb"
                        | "--initdb"
                        | "--setperms"
                        | "--setugids"
                        | "--setcaps"
                        | "--restore"
                        | "--delsign"
                        | "--addsign"
                        | "--resign"
                        | "--eval"
                        | "--pipe"
                        | "-E"
                        | "-D"
                        | "--define"
                        | "--undefine"
                        | "--rcfile"
                        | "--macros"
                        | "--load"
                        | "--dbpath"
                        | "--predefine"
                ) || ["--pipe", "--eval", "--define", "--undefine", "--rcfile", "--macros", "--load", "--dbpath", "--predefine"]
                    .iter()
                    .any(|long| a.starts_with(&format!("{long}=")))
                    // `-D` and `-E` anywhere in a cluster: popt gives the last one of a
                    // cluster the next word (`-qaD '_dbpath /tmp/x'`, `-qE EXPR`).
                    || (a.starts_with('-') && !a.starts_with("--") && a.contains(['D', 'E']))
                    // A macro that runs a shell or Lua, wherever it is expanded.
                    || a.contains("%(")
                    || a.contains("%{lua")
                    || a.contains("%[")
                    || rpm_macro_builtin(a)
            });
            if !query || changing {
                j.raise(RiskLevel::High, "rpm installs, removes or changes packages");
            }
            // `--root DIR` (`-r DIR`) answers from DIR's package database and runs what it
            // holds there (`-V` runs each package's %verifyscript): a tree the line chooses,
            // which anyone who can write it fills.
            if let Some(root) = rpm_root(args)
                && !root.trim_end_matches('/').is_empty()
            {
                j.raise(
                    RiskLevel::High,
                    format!("rpm --root {root} reads another tree's package database and runs its scripts"),
                );
            }
            // `rpm -qp FILE` reads the package file named.
            if package_file_query(args) {
                for file in args.iter().filter(|a| !a.starts_with('-')) {
                    j.raise_path(ctx.read(file));
                }
            }
            // `rpm -qp URL` fetches the package (with its URL helper, curl): the URL carries
            // whatever the line puts in it.
            if let Some(url) = args.iter().find(|a| a.contains("://")) {
                j.raise(
                    RiskLevel::Medium,
                    format!("rpm {url}: fetches a URL, which can carry data out"),
                );
            }
            // A spec file is parsed by expanding its macros (`%(COMMAND)` runs a shell), and
            // verifying a package file runs that file's %verifyscript: code the line does not show.
            let short = |letter: char| {
                args.iter()
                    .any(|a| a.starts_with('-') && !a.starts_with("--") && a.contains(letter))
            };
            // A long option by any prefix that names it alone (`--verif`, `--pack`): rpm's
            // parser may take one, and a prefix is taken as what it may be.
            let long = |name: &str, shortest: usize| {
                args.iter().any(|a| {
                    a.strip_prefix("--").is_some_and(|given| {
                        let given = given.split('=').next().unwrap_or(given);
                        given.len() >= shortest && name.starts_with(given)
                    })
                })
            };
            let verifies = short('V') || long("verify", 4);
            let package_file = short('p') || long("package", 3);
            if args
                .iter()
                .any(|a| a.starts_with("--specf") || a.starts_with("--spec="))
                || (verifies && package_file)
            {
                j.raise(
                    RiskLevel::High,
                    "rpm runs code from the spec or package file it reads (macros, %verifyscript)",
                );
            }
            // Verifying an installed package runs its %verifyscript (a program the line does
            // not show, as root where nothing contains rpm) unless `--noscripts` skips it.
            if verifies && !args.iter().any(|a| a == "--noscripts") {
                j.raise(
                    RiskLevel::Medium,
                    "rpm -V runs each package's %verifyscript; --noscripts skips them",
                );
            }
            j
        }
        "dnf" | "yum" | "zypper" | "snap" | "flatpak" | "pip" | "pipx" | "npm" | "gem"
        | "cargo" | "apk" | "pacman" | "brew" => {
            let words: Vec<&str> = args
                .iter()
                .map(String::as_str)
                .filter(|a| !a.starts_with('-'))
                .collect();
            let acts = verb_acts(name, &words);
            let reading = match words.first() {
                None => args
                    .iter()
                    .all(|a| matches!(a.as_str(), "--version" | "-V" | "version")),
                Some(verb) => {
                    reading_verbs(name).contains(verb)
                        && !args.iter().any(|a| {
                            a.starts_with("--setopt") || a.starts_with("--config") || a == "-c"
                        })
                }
            };
            let mut j = Judgement::low("reads packages");
            // `cargo build --out-dir /usr/bin`: the programs it builds land there, under names
            // the line does not show (`output_options.rs`).
            if name == "cargo" {
                super::output_options::raise(ctx, name, args, &mut j);
            }
            if matches!(name, "dnf" | "yum") && words.first() == Some(&"history") {
                // Each transaction keeps the command line it was made with (`Command line`
                // in the listing, `Command Line :` in `info`): `--setopt=proxy_password=…`,
                // a repository URL with its credentials, as they were typed.
                super::cmdlines::raise(
                    ctx,
                    &mut j,
                    &format!("{name} history (each transaction's command line)"),
                );
                if words.get(1) == Some(&"store") {
                    for file in store_files(args) {
                        let (level, reason) = ctx.paths.write(file);
                        j.raise(level, format!("{name} history store -o {file}: {reason}"));
                    }
                }
            }
            if let Some(spec) = words.iter().skip(1).find(|w| !plain_package(w)) {
                j.raise(
                    RiskLevel::Medium,
                    format!("{name} {spec}: not a plain package name; a URL, repository or path is fetched from where it says"),
                );
            }
            if let Some(why) = refreshes(name, &words, args) {
                j.raise(RiskLevel::Medium, why);
            }
            if let Some(verb) = words.first()
                && !answers_locally(name, verb, args)
            {
                j.raise(
                    RiskLevel::Medium,
                    format!("{name} {verb} asks the package registry over the network, carrying the names it is given"),
                );
            }
            if let Some(why) = acts {
                j.raise(RiskLevel::High, why);
            } else if !reading {
                j.raise(
                    RiskLevel::High,
                    format!(
                        "{name} {}: not a command known to only read (it may install, remove or change software, or run an alias or plugin)",
                        words.first().copied().unwrap_or_default()
                    ),
                );
            }
            // Only options known to change nothing: any other may write a file (`pip --log`,
            // abbreviated `--lo`), reach an index or proxy (`-i`, `--proxy`, `list --outdated`)
            // or load configuration.
            if let Some(option) = args
                .iter()
                .filter(|a| a.starts_with('-') && a.as_str() != "-" && a.as_str() != "--")
                .map(|a| a.split_once('=').map_or(a.as_str(), |(n, _)| n))
                .find(|option| {
                    !QUERY_OPTIONS.contains(option) && !manager_options(name).contains(option)
                })
            {
                j.raise(
                    RiskLevel::High,
                    format!(
                        "{name} {option} is not an option known to change nothing: it may write \
                         a file, reach the network or load configuration"
                    ),
                );
            }
            j
        }
        _ => return None,
    })
}
